"""The smaller holes of issue 13.8: prices that round to free or cannot be sold, invisible text,
a malformed database port, a full disk, a readable SQLite file. Each is a clear message."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from boxoffice.db import migrate
from boxoffice.db.database import Database
from boxoffice.db.engine import make_engine
from boxoffice.domain.errors import ConfigurationError, DatabaseUnavailable, ValidationError
from boxoffice.services.events.drafts import EventDraft, FieldError, TierDraft, check_draft
from boxoffice.services.people.customers import clean_name

NOW = datetime(2030, 1, 1, tzinfo=UTC)


def _draft(title: str = "Play", price: str = "10.00", tier: str = "Stalls") -> EventDraft:
    start = NOW + timedelta(days=30)
    return EventDraft(
        title=title,
        venue_id=1,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        sales_open_at=NOW,
        sales_close_at=start,
        tiers=(TierDraft(tier, Decimal(price), ga_capacity=10),),
        ga_capacity=10,
    )


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ("0.004", "fractions of a cent"),  # used to round to a free ticket
        ("9.999", "fractions of a cent"),
        ("99999999.99", "more than"),  # accepted but no sale could take it
        ("-1.00", "negative"),
    ],
)
def test_a_tier_price_must_be_whole_cents_and_sellable(price: str, message: str) -> None:
    with pytest.raises(FieldError, match=message) as refused:
        check_draft(_draft(price=price), NOW, creating=True)
    assert refused.value.field == "tiers"


def test_sellable_prices_pass() -> None:
    assert check_draft(_draft(price="0"), NOW, True).tiers[0].price == Decimal("0.00")
    assert check_draft(_draft(price="100000.00"), NOW, True).tiers[0].price == Decimal("100000.00")


@pytest.mark.parametrize("bad", ["Ham\u202elet", "Ham\x00let", "Ham\u2066let", "Ham\x07let"])
def test_invisible_controls_are_refused_in_titles_tier_and_customer_names(bad: str) -> None:
    with pytest.raises(FieldError) as refused:
        check_draft(_draft(title=bad), NOW, True)
    assert refused.value.field == "title"
    with pytest.raises(FieldError):
        check_draft(_draft(tier=bad), NOW, True)
    with pytest.raises(ValidationError, match="U\\+"):
        clean_name(bad)


def test_right_to_left_text_itself_is_fine() -> None:
    assert check_draft(_draft(title="עמלט \u200f"), NOW, True).title == "עמלט \u200f"
    assert clean_name("  ليلى   أحمد ") == "ليلى أحمد"


def test_a_malformed_port_in_the_database_url_is_a_message() -> None:
    with pytest.raises(ConfigurationError, match="port"):
        make_engine("mysql+pymysql://user@db-host:33o6/boxoffice")


def test_a_new_sqlite_file_is_private(tmp_path: Path) -> None:
    path = tmp_path / "desk.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_full_disk_under_sqlite_is_a_message(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'full.sqlite3'}")
    migrate.upgrade(db.engine)
    with db.session() as s:
        pages = int(s.execute(text("PRAGMA page_count")).scalar_one())

    def fill(s: object) -> None:
        from sqlalchemy.orm import Session

        assert isinstance(s, Session)
        # SQLite reports a database that cannot grow exactly like a full disk (SQLITE_FULL).
        s.execute(text(f"PRAGMA max_page_count = {pages}"))
        s.execute(text("CREATE TABLE IF NOT EXISTS filler (x BLOB)"))
        for _ in range(200):
            s.execute(text("INSERT INTO filler VALUES (zeroblob(100000))"))

    with pytest.raises(DatabaseUnavailable, match="disk holding the database is full"):
        db.run(fill)
    db.dispose()
    assert os.path.exists(tmp_path / "full.sqlite3")


def test_a_deeply_nested_layout_file_is_a_message() -> None:
    from boxoffice.services.venues.layout_json import parse_layout

    with pytest.raises(ValidationError, match="nested"):
        parse_layout("[" * 100_000 + "]" * 100_000)


def test_an_oversized_layout_is_refused_before_its_seats_are_laid_out() -> None:
    import json
    import time

    from boxoffice.services.venues.layout_json import FORMAT, VERSION, parse_layout

    doc = {
        "format": FORMAT,
        "version": VERSION,
        "name": "Too big",
        "sections": [{"name": "Floor", "rows": 500, "seats_per_row": 1000}],
    }
    started = time.monotonic()
    with pytest.raises(ValidationError, match="more than"):
        parse_layout(json.dumps(doc))
    assert time.monotonic() - started < 2.0  # was 5 s of laying out 500,000 seats
