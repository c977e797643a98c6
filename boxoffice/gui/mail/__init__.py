"""E-mail screens: the admin's Mail tab (SMTP settings, test e-mail, outbox), the outbox pump
every desk runs, and the "share this event" dialog. Import the module you need directly."""
