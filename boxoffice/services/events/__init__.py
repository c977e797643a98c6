"""Events as managers edit them: drafts and their checks, price tiers and the seats each covers,
the editor's reads, and create / update / delete / cancel; ticket types, fees and tax
(pricing_setup)."""

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
        first_managed_page,
        layout_plan,
        list_managed_events,
        update_event,
        venue_choices,
    )
    from boxoffice.services.events.pricing_setup import (
        FeeSetup,
        PricingSetup,
        TypePrice,
        TypeSetup,
        pricing_rules,
        save_pricing_rules,
        standard_types,
    )

__all__ = [
    "CancelResult",
    "EventDraft",
    "EventEdit",
    "EventRow",
    "FeeSetup",
    "FieldError",
    "LayoutChoice",
    "LayoutPlan",
    "PricingSetup",
    "SectionChoice",
    "TierDraft",
    "TypePrice",
    "TypeSetup",
    "VenueChoice",
    "ZoneDraft",
    "cancel_event",
    "count_managed_events",
    "create_event",
    "delete_event",
    "event_for_edit",
    "first_managed_page",
    "layout_plan",
    "list_managed_events",
    "pricing_rules",
    "save_pricing_rules",
    "standard_types",
    "update_event",
    "venue_choices",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
