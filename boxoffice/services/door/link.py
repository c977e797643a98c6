"""A desk's door station session: the station of the event being scanned, with this desk's
database and user bound (the Check-in tab gets one from ``ctx.services.bind(DoorLink)``).

Its methods run only on the desk's writer thread (the tab hands them to ``ctx.tasks.run_write``),
so the station's scans, ticks and uploads happen one at a time, in order, off the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from boxoffice.db.database import Database
from boxoffice.domain.actor import Actor
from boxoffice.services.door.station import DoorResult, DoorStation
from boxoffice.services.door.station_store import StationStore, default_path


@dataclass(frozen=True)
class DoorState:
    event_id: int
    gate: str
    online: bool
    pending: int  # scans waiting for upload
    allow_reentry: bool
    has_list: bool  # a door list of the event is in the station's file
    list_taken_at: datetime | None  # when the server made that list
    conflicts: int  # double entries the last upload reported


class DoorLink:
    def __init__(self, db: Database, actor: Actor) -> None:
        self.db, self.actor = db, actor
        self.station: DoorStation | None = None
        self._store: StationStore | None = None

    @property
    def station_name(self) -> str:
        return self.actor.desk or "door"

    def open(self, event_id: int, gate: str) -> DoorState:
        """Become the door of *event_id* at *gate*: download its list (if the server answers)."""
        if self._store is None:
            self._store = StationStore(default_path(self.station_name))
        self.station = DoorStation(
            self.db,
            self.actor,
            self._store,
            station=self.station_name,
            gate=gate,
            event_id=event_id,
        )
        self.station.reconnect()  # uploads scans left from a previous run, then the list
        return self.state()

    def set_gate(self, gate: str) -> DoorState:
        assert self.station is not None
        self.station.gate = gate
        return self.state()

    def scan(self, code: str, direction: str) -> tuple[DoorResult, DoorState]:
        assert self.station is not None
        return self.station.scan(code, direction), self.state()

    def tick(self) -> DoorState:
        """On the writer thread: retry the server when offline (scans wait behind it)."""
        assert self.station is not None
        self.station.tick(refresh=False)
        return self.state()

    def refresh_due(self) -> bool:
        st = self.station
        return st is not None and st.online and st.refresh_due()

    def refresh(self) -> DoorState:
        """On a reader thread: download the door list again while scans go on (the station's
        file takes the new list in one short transaction)."""
        assert self.station is not None
        self.station.refresh()
        return self.state()

    def state(self) -> DoorState:
        st = self.station
        assert st is not None
        event = st.store.event(st.event_id)
        return DoorState(
            event_id=st.event_id,
            gate=st.gate,
            online=st.online,
            pending=st.pending(),
            allow_reentry=bool(event and event.allow_reentry),
            has_list=event is not None,
            list_taken_at=st.store.downloaded_at(st.event_id),
            conflicts=len(st.last_sync.conflicts) if st.last_sync else 0,
        )
