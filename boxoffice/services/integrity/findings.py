"""What ``boxoffice db check`` found: one Finding per kind of inconsistency, with example rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from boxoffice.i18n import _

EXAMPLES = 20  # rows listed per kind
CAP = 10_000  # rows read per kind at most: a count that reaches it is shown as "at least"


@dataclass(frozen=True)
class Finding:
    """*count* rows break the rule *check*; *rows* describes up to EXAMPLES of them."""

    check: str
    explanation: str
    count: int
    rows: tuple[str, ...] = field(default=())

    def lines(self) -> list[str]:
        count = (
            _("at least {count}").format(count=self.count) if self.count >= CAP else str(self.count)
        )
        out = [
            _("FAIL {check}: {count} × {explanation}").format(
                check=self.check, count=count, explanation=self.explanation
            )
        ]
        out.extend(f"     {row}" for row in self.rows)
        if self.count > len(self.rows):
            out.append(_("     … and {value} more").format(value=self.count - len(self.rows)))
        return out


@dataclass(frozen=True)
class CheckReport:
    """Every check that ran, and what failed. Clean when nothing did."""

    ran: tuple[str, ...]
    findings: tuple[Finding, ...]
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        return not self.findings

    def lines(self) -> list[str]:
        failed = {f.check for f in self.findings}
        out: list[str] = []
        for finding in self.findings:
            out.extend(finding.lines())
        out.extend(f"ok   {name}" for name in self.ran if name not in failed)
        verdict = (
            _("clean")
            if self.clean
            else _("{count} kind(s) of inconsistency").format(count=len(self.findings))
        )
        out.append(
            _("{count} checks in {seconds:.1f} s: {verdict}.").format(
                count=len(self.ran), seconds=self.seconds, verdict=verdict
            )
        )
        return out


def finding(
    check: str, explanation: str, rows: Sequence[Sequence[object]], describe: str
) -> Finding | None:
    """A Finding from query *rows* (None when there are none); *describe* formats one row."""
    if not rows:
        return None
    shown = tuple(describe.format(*row) for row in rows[:EXAMPLES])
    return Finding(check, explanation, len(rows), shown)
