"""Translations and locale formats, for the headless core and the GUI alike.

One mechanism: gettext catalogues (``po/<language>/<domain>.po``) read with Babel, because the core
(services, PDFs, mails, the CLI) must translate without Qt, and Babel also gives every locale's
dates, numbers and currencies from CLDR. The GUI routes Qt's own ``tr()``/Designer strings into the
same catalogues. Mark a string with ``_("...")`` where it is shown; mark module-level constants with
``N_("...")`` and translate them with ``_()`` when shown.

The desk's language is an installation setting (:func:`use_language`); a document for a customer
(ticket, receipt, mail) is made inside ``with in_language(customer.language):``.
"""

from boxoffice.i18n.language import (
    LANGUAGES,
    N_,
    _,
    current_language,
    in_language,
    ngettext,
    use_language,
)

__all__ = [
    "LANGUAGES",
    "N_",
    "_",
    "current_language",
    "in_language",
    "ngettext",
    "use_language",
]
