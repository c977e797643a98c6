"""The genres an event may be filed under: one short list, so the event list can filter by
genre and a search for "concert" finds every concert."""

from __future__ import annotations

from boxoffice.domain.errors import ValidationError
from boxoffice.i18n import _

GENRES: tuple[str, ...] = (
    "Concert",
    "Theatre",
    "Dance",
    "Comedy",
    "Classical",
    "Family",
    "Sport",
    "Club night",
    "Other",
)
GENRE_MAX = 40  # the column's length


def check_genre(value: str) -> str:
    """*value* as stored ("" = none given), or ValidationError if it is not one of GENRES."""
    value = value.strip()
    if not value:
        return ""
    for genre in GENRES:
        if genre.casefold() == value.casefold():
            return genre
    raise ValidationError(
        _("{value!r} is not a genre; choose one of {items}.").format(
            value=value, items=", ".join(GENRES)
        )
    )
