"""Venues and their seat layouts: the designer's reads and edits (sections, stage, seat flags),
and layouts as JSON files."""

from typing import TYPE_CHECKING

from boxoffice.lazy_exports import attach

if TYPE_CHECKING:
    from boxoffice.services.venues.layout_json import (
        export_layout,
        import_layout,
    )
    from boxoffice.services.venues.layouts import (
        LayoutDetail,
        SeatInfo,
        SectionInfo,
        VenueDetail,
        create_layout,
        create_venue,
        get_layout,
        list_venues,
        set_stage,
    )
    from boxoffice.services.venues.sections import (
        SeatFlagsResult,
        add_section,
        delete_section,
        move_section,
        set_seat_flags,
        update_section,
    )

__all__ = [
    "LayoutDetail",
    "SeatFlagsResult",
    "SeatInfo",
    "SectionInfo",
    "VenueDetail",
    "add_section",
    "create_layout",
    "create_venue",
    "delete_section",
    "export_layout",
    "get_layout",
    "import_layout",
    "list_venues",
    "move_section",
    "set_seat_flags",
    "set_stage",
    "update_section",
]

__getattr__, __dir__ = attach(__name__, __file__, __all__)
