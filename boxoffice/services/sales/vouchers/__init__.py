"""Gift vouchers: sold at the desk with a signed code (and QR), spent as a tender fully or
partly, refunds of voucher payments put back on the voucher, and the voucher report.

- ``codes``    the signed code (ticket keys, its own domain)
- ``balance``  spending and crediting inside a checkout or refund (conditional UPDATEs)
- ``manage``   issue, look up, report
- ``document`` the printable voucher (QR of the code) and its PDF
"""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.sales.vouchers.codes import (
        InvalidVoucherCode,
        voucher_code,
        voucher_id_of,
    )
    from boxoffice.services.sales.vouchers.document import voucher_document, voucher_pdf
    from boxoffice.services.sales.vouchers.manage import (
        Movement,
        VoucherInfo,
        VoucherReport,
        issue_voucher,
        voucher_info,
        voucher_report,
    )

__all__ = [
    "InvalidVoucherCode",
    "Movement",
    "VoucherInfo",
    "VoucherReport",
    "issue_voucher",
    "voucher_code",
    "voucher_document",
    "voucher_id_of",
    "voucher_info",
    "voucher_pdf",
    "voucher_report",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
