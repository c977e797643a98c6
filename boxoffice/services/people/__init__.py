"""People: staff sign-in and accounts, passwords, and customers."""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.people.auth import (
        sign_in,
        sign_out,
    )
    from boxoffice.services.people.customers import (
        create_customer,
        find_customers,
        update_customer,
    )
    from boxoffice.services.people.staff import (
        StaffInfo,
        add_user,
        list_users,
        reset_password,
        set_active,
        set_role,
    )

__all__ = [
    "StaffInfo",
    "add_user",
    "create_customer",
    "find_customers",
    "list_users",
    "reset_password",
    "set_active",
    "set_role",
    "sign_in",
    "sign_out",
    "update_customer",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
