"""The ``boxoffice`` command: the GUI by default, subcommands for database, staff, tickets, mail."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from boxoffice import __version__
from boxoffice.cli.common import valid_text
from boxoffice.domain.errors import BoxOfficeError
from boxoffice.i18n import _

EXIT_ERROR = 1
EXIT_USAGE = 2


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter with its "usage:" in the desk's language."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts (section titles, -h) are translated too; subcommand
    parsers are made of the same class (argparse's default ``parser_class``)."""

    def __init__(self, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(add_help=False, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help=_("show this help message and exit"),
            )


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--demo",
        dest="demo_database",
        action="store_true",
        help=_("open the app on the embedded demo database (created with demo data if missing)"),
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help=_("database to use (default: $BOXOFFICE_DATABASE_URL, config file, or local SQLite)"),
    )


def build_parser() -> argparse.ArgumentParser:
    from boxoffice.cli import commands

    parser = Parser(
        prog="boxoffice",
        description=_(
            "Box office: sell seats, print tickets, check in, manage events. "
            "Without a command it opens the desk application."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"boxoffice {__version__}",
        help=_("show the version and exit"),
    )
    _global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in commands.MODULES:
        module.register(sub)
    return parser


def desk_only(argv: list[str]) -> argparse.Namespace | None:
    """The options when *argv* only opens the desk (no command, no help), parsed without
    importing every subcommand (and the services they use): the desk's start-up does not wait
    for them. None for anything else, which the full parser reads (and explains)."""
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    quick = argparse.ArgumentParser(prog="boxoffice", add_help=False, exit_on_error=False)
    _global_options(quick)
    try:
        args, rest = quick.parse_known_args(argv)
    except (argparse.ArgumentError, SystemExit):
        return None
    if rest:
        return None
    args.command = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    # The desk's language (config "language") first: messages and help texts are made in it.
    # open_database adds the installation's currency once the database is known.
    from boxoffice.services.settings.locale import apply_locale_settings

    language_error: BoxOfficeError | None = None
    try:
        apply_locale_settings(None)
    except BoxOfficeError as exc:
        language_error = exc  # --help still works (in English); anything else says why
    for arg in argv:
        # Bytes that are not UTF-8 reach us as lone surrogates; nothing downstream can store them.
        try:
            valid_text(arg, _("The argument {arg!r}").format(arg=arg))
        except BoxOfficeError as exc:
            print(_("boxoffice: {message}").format(message=exc.message), file=sys.stderr)
            return EXIT_USAGE
    args = desk_only(argv) or build_parser().parse_args(argv)
    try:
        if language_error is not None:
            raise language_error
        if args.command is None:
            from boxoffice.cli.gui import run_gui

            return run_gui(args)
        return int(args.handler(args) or 0)
    except BoxOfficeError as exc:
        print(_("boxoffice: {message}").format(message=exc.message), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(_("boxoffice: interrupted"), file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
