"""Customer data rights (GDPR): export, erasure, marketing consent, retention, merging."""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.people.data_rights.consent import set_marketing_consent
    from boxoffice.services.people.data_rights.erase import Erased, erase_customer
    from boxoffice.services.people.data_rights.export import (
        CustomerExport,
        export_customer,
        export_customer_to,
    )
    from boxoffice.services.people.data_rights.merge import Merged, merge_customers
    from boxoffice.services.people.data_rights.retention import (
        RetentionRun,
        apply_retention,
        get_retention_years,
        set_retention_years,
    )

__all__ = [
    "CustomerExport",
    "Erased",
    "Merged",
    "RetentionRun",
    "apply_retention",
    "erase_customer",
    "export_customer",
    "export_customer_to",
    "get_retention_years",
    "merge_customers",
    "set_marketing_consent",
    "set_retention_years",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
