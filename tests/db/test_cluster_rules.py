"""Statements a Galera cluster or Group Replication does not replicate or refuses appear nowhere
in the code or the generated SQL (the live check of engines and primary keys runs on a real
cluster in tests/cluster)."""

from __future__ import annotations

import re
from pathlib import Path

from boxoffice.db.models import Base

ROOT = Path(__file__).resolve().parents[2]
UNSUPPORTED = re.compile(
    r"LOCK\s+TABLES|GET_LOCK\s*\(|CREATE\s+TEMPORARY|XA\s+(START|BEGIN)|MyISAM|\bSERIALIZABLE\b"
    r"""|mysql_engine\s*=\s*["'](?!InnoDB)|(?-i:\bENGINE\s*=\s*(?!InnoDB))""",
    re.IGNORECASE,
)


def test_no_statement_a_cluster_cannot_replicate() -> None:
    files = [*ROOT.joinpath("boxoffice").rglob("*.py"), *ROOT.joinpath("sql").glob("*.sql")]
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in files
        for match in UNSUPPORTED.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_every_model_table_has_a_primary_key() -> None:
    assert [t.name for t in Base.metadata.sorted_tables if not t.primary_key.columns] == []
