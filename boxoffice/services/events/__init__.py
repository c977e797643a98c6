"""Events as managers edit them: drafts and their checks, price tiers and the seats each covers,
the editor's reads, and create / update / delete / cancel."""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.events.drafts import (
        EventDraft,
        FieldError,
        TierDraft,
        ZoneDraft,
    )
    from boxoffice.services.events.editor import (
        CancelResult,
        EventEdit,
        EventRow,
        LayoutChoice,
        LayoutPlan,
        SectionChoice,
        VenueChoice,
        cancel_event,
        count_managed_events,
        create_event,
        delete_event,
        event_for_edit,
        layout_plan,
        list_managed_events,
        update_event,
        venue_choices,
    )

__all__ = [
    "CancelResult",
    "EventDraft",
    "EventEdit",
    "EventRow",
    "FieldError",
    "LayoutChoice",
    "LayoutPlan",
    "SectionChoice",
    "TierDraft",
    "VenueChoice",
    "ZoneDraft",
    "cancel_event",
    "count_managed_events",
    "create_event",
    "delete_event",
    "event_for_edit",
    "layout_plan",
    "list_managed_events",
    "update_event",
    "venue_choices",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
