"""The door: stations that keep scanning when the network does not.

- ``snapshot``: what a station downloads per event to decide alone (tickets, code generations,
  cancellations) and refreshes while online.
- ``station_store``: the station's local SQLite file (the snapshot and every scan it made).
- ``offline_verdict``: the verdict for a signed code from the snapshot and local scans alone.
- ``scans``: the server side: an online scan, and the upload of offline scans (idempotent,
  double admissions across stations flagged as conflicts).
- ``gate_report``: live counts per gate, inside-now, and the conflicts, for managers.
- ``station``: one door station: online when it can, offline when it must, syncing on reconnect.

No re-exports here: import the module you need.
"""
