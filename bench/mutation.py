"""Mutation score of the modules that guard money, seats and ticket codes.

    uv run --group mutation python bench/mutation.py [--max-children N] [--no-run]

Runs mutmut (configured in pyproject's ``[tool.mutmut]``: which modules, which tests) and prints,
per module, how many mutants the tests killed. Every surviving mutant must be explained in
``bench/mutation-survivors.txt`` (one line each: mutant name, then ``equivalent:`` or
``message-only:`` and why). Exits 1 when a module scores under 90 % or a survivor is unexplained,
so a weakened test shows up here. Not part of the test suite: it takes minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURVIVORS = ROOT / "bench" / "mutation-survivors.txt"
GOAL = 0.90
KILLED = {"killed", "timeout", "segfault"}  # the tests noticed: failed, hung or crashed
REASONS = ("equivalent:", "message-only:")
_RESULT = re.compile(r"^\s*(?P<name>[\w.]+): (?P<status>.+?)\s*$")


def module_of(mutant: str) -> str:
    """``boxoffice.domain.money.x_money__mutmut_3`` -> ``boxoffice.domain.money``."""
    parts = mutant.split(".")
    cut = next(
        (i for i, p in enumerate(parts) if p.startswith("x_") or p.startswith("xǁ")), len(parts)
    )
    return ".".join(parts[:cut])


def explained() -> dict[str, str]:
    """Survivors accepted in the survivors file, with the reason given."""
    found: dict[str, str] = {}
    if not SURVIVORS.exists():
        return found
    for line in SURVIVORS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, reason = line.partition(" ")
        reason = reason.strip()
        if not reason.startswith(REASONS):
            sys.exit(f"{SURVIVORS.name}: {name}: the reason must start with one of {REASONS}")
        found[name] = reason
    return found


def mutmut(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "mutmut", *args],
        cwd=ROOT,
        env={**os.environ, "BOXOFFICE_MUTATION": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"mutmut {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--no-run", action="store_true", help="report the last run only")
    args = parser.parse_args()
    if not args.no_run:
        print("running mutmut (this takes minutes)…", flush=True)
        mutmut("run", "--max-children", str(args.max_children))
    statuses: dict[str, str] = {}
    for line in mutmut("results", "--all", "true").splitlines():
        if m := _RESULT.match(line):
            statuses[m["name"]] = m["status"]
    if not statuses:
        print("no mutants found: is [tool.mutmut] configured in pyproject.toml?")
        return 1

    accepted = explained()
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    unexplained: list[str] = []
    for name, status in sorted(statuses.items()):
        counts = by_module[module_of(name)]
        counts["total"] += 1
        if status in KILLED:
            counts["killed"] += 1
        elif name in accepted:
            counts["accepted"] += 1
        else:
            counts["unexplained"] += 1
            unexplained.append(f"{name} ({status})")

    ok = True
    print(f"\n{'module':45} {'mutants':>7} {'killed':>7} {'score':>7} {'explained':>9}")
    for module, c in sorted(by_module.items()):
        score = c["killed"] / c["total"]
        flag = "" if score >= GOAL else f"  < {GOAL:.0%}"
        ok &= score >= GOAL
        print(f"{module:45} {c['total']:7} {c['killed']:7} {score:7.1%} {c['accepted']:9}{flag}")
    stale = sorted(set(accepted) - {n for n, s in statuses.items() if s not in KILLED})
    if stale:
        print(f"\n{len(stale)} line(s) of {SURVIVORS.name} no longer survive; remove them:")
        print("\n".join(f"  {n}" for n in stale))
    if unexplained:
        ok = False
        print(f"\n{len(unexplained)} surviving mutant(s) not explained in {SURVIVORS.name}:")
        print("\n".join(f"  {n}" for n in unexplained))
        print("see one with: uv run --group mutation mutmut show NAME")
    print("\nOK" if ok else "\nFAILED: below the goal or unexplained survivors")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
