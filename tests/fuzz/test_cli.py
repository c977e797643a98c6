"""Fuzzing every ``boxoffice`` subcommand through ``boxoffice.cli.main``: the exit code is 0, 1
or 2 (argparse usage errors exit 2), no traceback reaches stderr, and when a command fails the
database is exactly as before.

Arguments are what a shell can pass (no NUL; undecodable bytes arrive as surrogates), plus the
password read from stdin. Commands that would leave this machine (sending mail) point at a
closed local port; ``db reset`` is only ever asked without ``--yes``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from boxoffice.cli import main
from boxoffice.domain.actor import SYSTEM
from boxoffice.services.mail.settings import MailSettings, SmtpSecurity, save_mail_settings
from boxoffice.services.tickets.codes import code_for
from tests.fuzz.conftest import World, changed_tables, fingerprint
from tests.fuzz.strategies import FUZZ, argv_int, argv_text, stdin_line
from tests.smtp_server import free_port


class Cli:
    """Runs the command line against the world's database and checks the contract."""

    def __init__(self, world: World, capsys: pytest.CaptureFixture[str], tmp: Path) -> None:
        self.world = world
        self.capsys = capsys
        self.tmp = tmp
        self.url = world.db.engine.url.render_as_string(hide_password=False)
        self.out = self.err = ""

    def run(
        self,
        *argv: str,
        stdin: str = "",
        url: str | None = None,
        may_change: frozenset[str] = frozenset(),
    ) -> int:
        before = fingerprint(self.world.db)
        self.capsys.readouterr()
        saved = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            code = main(["--database-url", url or self.url, *argv])
        except SystemExit as exc:  # argparse: --help / --version (0) or a usage error (2)
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        finally:
            sys.stdin = saved
        out, err = self.capsys.readouterr()
        self.out, self.err = out, err
        if currently_in_test_context():
            event(f"exit {code}")
        assert code in (0, 1, 2), f"exit code {code} for {argv!r}: {err}"
        assert "Traceback" not in err and "Traceback" not in out
        if code != 0:
            assert (err + out).strip(), f"{argv!r} failed without saying why"
            changed = changed_tables(before, fingerprint(self.world.db)) - may_change
            assert not changed, f"{argv!r} failed ({err.strip()}) but changed {changed}"
        return code


@pytest.fixture
def cli(
    world: World,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Cli]:
    monkeypatch.chdir(tmp_path)  # any relative file a command writes stays in here
    # Mail goes nowhere: a port nothing listens on, so sending fails fast and locally.
    save_mail_settings(
        world.db,
        SYSTEM,
        MailSettings("127.0.0.1", free_port(), SmtpSecurity.NONE, from_addr="box@example.com"),
    )
    yield Cli(world, capsys, tmp_path)


words = st.one_of(
    argv_text,
    argv_int,
    st.sampled_from(
        ["--help", "-h", "--limit", "--event", "--format", "--role", "--stock", "-o", "--yes"]
    ),
)
SUBCOMMANDS = {
    "db": ["upgrade", "status", "reset"],
    "user": ["add"],
    "booking": ["list"],
    "customer": ["export", "erase", "merge", "retention"],
    "ticket": ["pdf", "verify", "codes", "reissue"],
    "mail": ["send", "status", "retry-failed", "promote", "test", "configure", "unsubscribe"],
}


@FUZZ
@given(
    command=st.sampled_from(sorted(SUBCOMMANDS)),
    action=st.one_of(
        st.none(), argv_text, st.sampled_from(sorted({a for v in SUBCOMMANDS.values() for a in v}))
    ),
    rest=st.lists(words, max_size=5),
)
def test_any_arguments(cli: Cli, command: str, action: str | None, rest: list[str]) -> None:
    argv = [command, *([action] if action is not None else []), *rest]
    if "reset" in argv:
        argv = [a for a in argv if a not in ("--yes", "-y", "--ye")]  # never wipe the world
    sending = frozenset({"email_outbox"}) if argv[:2] == ["mail", "send"] else frozenset()
    cli.run(*argv, may_change=sending)


@FUZZ
@given(
    name=argv_text,
    role=st.one_of(argv_text, st.sampled_from(["clerk", "ADMIN", " manager "])),
    full_name=argv_text,
    password=stdin_line,
)
def test_user_add(cli: Cli, name: str, role: str, full_name: str, password: str) -> None:
    cli.run(
        "user",
        "add",
        name,
        "--role",
        role,
        "--full-name",
        full_name,
        "--password-stdin",
        stdin=password + "\n",
    )


@FUZZ
@given(
    reference=st.sampled_from(["REAL", "real-lower", "junk"]),
    junk=argv_text,
    output=argv_text,  # not "-": PDF bytes on stdout would garble the captured text
    stock=st.sampled_from(["a4", "letter", "thermal", "receipt", "A4", "a5", ""]),
)
def test_ticket_pdf(cli: Cli, reference: str, junk: str, output: str, stock: str) -> None:
    ref = {"REAL": cli.world.reference, "real-lower": cli.world.reference.lower()}.get(
        reference, junk
    )
    # A file name of junk, inside the temporary directory.
    output = str(cli.tmp / output.replace("/", "_").lstrip(".")) if output else ""
    cli.run("ticket", "pdf", ref, "-o", output, "--stock", stock)


@FUZZ
@given(
    codes=st.lists(st.one_of(argv_text, st.just("REAL")), min_size=1, max_size=3),
    event=st.one_of(st.none(), argv_int, argv_text),
    reference=st.one_of(argv_text, st.just("REAL")),
    ticket=st.one_of(argv_int, argv_text, st.just("REAL")),
)
def test_ticket_commands(
    cli: Cli, codes: list[str], event: str | None, reference: str, ticket: str
) -> None:
    with cli.world.db.session() as s:
        from boxoffice.db.models import Ticket

        real = s.get_one(Ticket, cli.world.ticket_ids[0])
        real_code = code_for(real)
    args = [real_code if c == "REAL" else c for c in codes]
    cli.run("ticket", "verify", *args, *(["--event", event] if event is not None else []))
    cli.run("ticket", "codes", cli.world.reference if reference == "REAL" else reference)
    cli.run("ticket", "reissue", str(cli.world.ticket_ids[1]) if ticket == "REAL" else ticket)


@FUZZ
@given(
    limit=st.one_of(argv_int, argv_text),
    fmt=st.one_of(argv_text, st.sampled_from(["ref", "table"])),
)
def test_booking_list_and_mail_send(cli: Cli, limit: str, fmt: str) -> None:
    cli.run("booking", "list", "--limit", limit, "--format", fmt)
    # A send that reached no server still records the attempt (and when to try again).
    cli.run("mail", "send", "--limit", limit, may_change=frozenset({"email_outbox"}))


@FUZZ
@given(
    options=st.dictionaries(
        st.sampled_from(
            [
                "--host",
                "--port",
                "--security",
                "--user",
                "--from",
                "--from-name",
                "--ca-file",
                "--unsubscribe-url",
            ]
        ),
        st.one_of(argv_text, argv_int),
        max_size=4,
    ),
    password=st.one_of(st.none(), stdin_line),
    clear=st.booleans(),
    address=argv_text,
    token=argv_text,
)
def test_mail_commands(
    cli: Cli, options: dict[str, str], password: str | None, clear: bool, address: str, token: str
) -> None:
    argv = ["mail", "configure"]
    for option, value in options.items():
        argv += [option, value]
    if password is not None:
        argv.append("--password-stdin")
    if clear:
        argv.append("--clear-password")
    cli.run(*argv, stdin=(password or "") + "\n")
    for other in (["status"], ["retry-failed"], ["test", address], ["unsubscribe", token]):
        cli.run("mail", *other)


JUNK_URLS = [
    "",
    "nonsense",
    "sqlite://",
    "sqlite:////nonexistent/dir/box.sqlite3",
    "postgresql://nobody@127.0.0.1:1/box",
    "mysql+pymysql://u:secret@127.0.0.1:1/box",
    "mysql+pymysql://u:secret@127.0.0.1:1/box?charset=nonsense",
    "oracle+nothing://x",
    "://",
    "sqlite:///%00",
]


@FUZZ
@given(
    url=st.one_of(
        st.sampled_from(JUNK_URLS),
        argv_text.filter(lambda t: ":" not in t),
    ),
    command=st.sampled_from([["db", "status"], ["booking", "list"], ["mail", "status"]]),
)
def test_junk_database_urls(cli: Cli, url: str, command: list[str]) -> None:
    cli.run(*command, url=url)
    assert "secret" not in cli.err + cli.out


def test_a_good_command_still_works(cli: Cli) -> None:
    """The harness itself: a valid command exits 0 and prints (so failures above mean it)."""
    assert cli.run("booking", "list", "--format", "ref") == 0
    assert cli.run("ticket", "codes", cli.world.reference) == 0
    assert cli.run("ticket", "codes", "NOPE-NOPE") == 1
    assert cli.run("booking", "list", "--limit", "x") == 2
