"""Installation-wide settings that are not one feature's: the currency and the locale at start.

- ``locale``: the installation's currency (stored in the database, the same for every desk),
  and :func:`~boxoffice.services.settings.locale.apply_locale_settings`, which the CLI and the
  desk call once at start to set the process's language and currency.
"""
