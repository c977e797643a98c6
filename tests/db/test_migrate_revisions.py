"""The schema version read without Alembic (a desk checks it at every start) agrees with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from boxoffice.db import migrate


def test_head_revision_is_alembics() -> None:
    from alembic.script import ScriptDirectory

    alembic_head = ScriptDirectory.from_config(migrate.alembic_config()).get_current_head()
    assert migrate.head_revision() == alembic_head


def test_revisions_follow_the_chain(tmp_path: Path) -> None:
    (tmp_path / "0001_a.py").write_text('revision = "0001"\ndown_revision = None\n')
    (tmp_path / "0002_b.py").write_text(
        "from typing import Union\n"
        "revision: str = '0002'\ndown_revision: Union[str, None] = '0001'\n"
        "x = '''\nrevision = 'not this'\n'''\n".replace("\nrevision = 'not", "\n  revision = 'not")
    )
    (tmp_path / "0003_merge.py").write_text("revision = '0003'\ndown_revision = ('0002', '0001')\n")
    assert migrate._revisions(tmp_path) == {"0001": (), "0002": ("0001",), "0003": ("0002", "0001")}


def test_checking_the_version_imports_no_alembic() -> None:
    script = (
        "import sys; from boxoffice.db import migrate; migrate.head_revision(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    assert out.strip() == "[]"
