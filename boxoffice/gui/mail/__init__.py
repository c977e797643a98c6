"""The admin's Mail tab (a feature: SMTP settings, test e-mail, outbox) and the outbox pump every
desk runs (started by the window shell). Import the module you need directly."""
