"""Customer e-mail: the outbox written in the caller's transaction, the messages, the SMTP
sender and settings, booking notifications, the weekly mailing, sharing an event and mailing
a gift voucher."""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.mail.notifications import (
        resend_confirmation,
    )
    from boxoffice.services.mail.outbox import (
        OutboxCounts,
        OutboxEntry,
        list_messages,
        outbox_counts,
        outbox_view,
        retry_failed,
    )
    from boxoffice.services.mail.sender import (
        SendReport,
        send_due,
        send_test_email,
    )
    from boxoffice.services.mail.settings import (
        MailSettings,
        SmtpSecurity,
        get_mail_settings,
        save_mail_settings,
    )
    from boxoffice.services.mail.share import (
        Shared,
        SharePreview,
        share_event,
        share_preview,
    )
    from boxoffice.services.mail.vouchers import VoucherMailed, mail_voucher
    from boxoffice.services.mail.weekly_mailing import (
        PromotionResult,
        queue_weekly_promotion,
        unsubscribe,
    )

__all__ = [
    "MailSettings",
    "OutboxCounts",
    "OutboxEntry",
    "PromotionResult",
    "SendReport",
    "SharePreview",
    "Shared",
    "SmtpSecurity",
    "VoucherMailed",
    "get_mail_settings",
    "list_messages",
    "mail_voucher",
    "outbox_counts",
    "outbox_view",
    "queue_weekly_promotion",
    "resend_confirmation",
    "retry_failed",
    "save_mail_settings",
    "send_due",
    "send_test_email",
    "share_event",
    "share_preview",
    "unsubscribe",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
