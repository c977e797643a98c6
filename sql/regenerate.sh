#!/usr/bin/env bash
# Regenerate the schema artefacts from boxoffice/db/models after a model change:
#   - the initial Alembic migration (0001; rewritten while the project has no release yet)
#   - sql/01-schema.sql and sql/03-demo-data.sql (MySQL docker init)
# Usage: sql/regenerate.sh     (from anywhere; uses uv)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rm -f boxoffice/db/migrations/versions/0001_initial_schema.py
uv run python - "$tmp/empty.sqlite3" <<'PY'
import sys
from alembic import command
from boxoffice.db.engine import make_engine
from boxoffice.db.migrate import alembic_config

engine = make_engine(f"sqlite:///{sys.argv[1]}")
cfg = alembic_config(engine)
with engine.begin() as conn:
    cfg.attributes["connection"] = conn
    command.revision(cfg, message="initial schema", autogenerate=True, rev_id="0001")
PY
uv run python -m boxoffice.cli.sql_files
