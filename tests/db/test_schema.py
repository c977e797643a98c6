"""The migrations, the models and sql/ describe the same schema, on both backends."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select

from boxoffice.db import migrate, sqldump
from boxoffice.db.database import Database
from boxoffice.db.models import Base, Booking, Event, EventSeat, StaffUser, Ticket


def test_migrations_match_models(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": False})
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == []
    assert migrate.current_revision(db.engine) == migrate.head_revision()


def test_sql_schema_file_is_current() -> None:
    committed = (sqldump.SQL_DIR / sqldump.SCHEMA_FILE).read_text()
    assert committed == sqldump.schema_sql(), "run: sql/regenerate.sh"


def test_sql_files_load_into_mysql(mysql_url: str) -> None:
    """What docker's MySQL init runs builds the same schema and the demo data set."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = create_engine(make_url(mysql_url).set(database=""))
    name = make_url(mysql_url).database + "_init"
    with server.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4"))
    try:
        db = Database(make_url(mysql_url).set(database=name).render_as_string(hide_password=False))
        raw = db.engine.raw_connection()
        try:
            cur = raw.cursor()
            for file in (sqldump.SCHEMA_FILE, sqldump.DEMO_FILE):
                for statement in _statements(sqldump.SQL_DIR / file):
                    cur.execute(statement)
            raw.commit()
        finally:
            raw.close()
        with db.engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": False})
            assert compare_metadata(ctx, Base.metadata) == []
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.session() as s:
            assert s.scalar(select(func.count()).select_from(Event)) == 12
            assert s.scalar(select(func.count()).select_from(StaffUser)) == 4
            assert s.scalar(select(func.count()).select_from(EventSeat)) > 20_000
            assert s.scalar(select(func.count()).where(Booking.status == "cancelled")) > 0
            # The date shift keeps the demo events in the future.
            first = s.scalar(select(func.min(Event.starts_at)))
            from boxoffice.domain.clock import utcnow

            assert first is not None and first > utcnow()
        db.dispose()
    finally:
        with server.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        server.dispose()


def _statements(path: Path) -> list[str]:
    """Split a generated SQL file into statements (they end with ';' at end of line)."""
    out, current = [], []
    for line in path.read_text().splitlines():
        if line.startswith("--") and not current:
            continue
        current.append(line)
        if line.rstrip().endswith(";"):
            out.append("\n".join(current))
            current = []
    return out


def test_demo_data_is_consistent(demo_db: Database) -> None:
    with demo_db.session() as s:
        events = s.scalars(select(Event)).all()
        assert len(events) == 12
        for event in events:
            sold_tickets = s.scalar(
                select(func.count()).where(Ticket.event_id == event.id, Ticket.status == "valid")
            )
            assert event.sold_count == sold_tickets
            if event.layout_id is not None:
                sold_seats = s.scalar(
                    select(func.count()).where(
                        EventSeat.event_id == event.id, EventSeat.status == "sold"
                    )
                )
                assert sold_seats == sold_tickets
        seated = sorted(e.capacity for e in events if e.layout_id is not None)
        assert seated[0] == 204  # the small theatre
        assert 4_800 <= seated[-1] <= 5_200  # the arena
        assert any(e.ga_capacity for e in events)  # general admission too
