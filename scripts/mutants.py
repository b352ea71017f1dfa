"""Planted faults in the command layer, each of which must fail a test (issue 11).

Run: .venv/bin/python scripts/mutants.py [--only TEXT] [--list] [--no-roles]

Applies one mutant at a time to a copy of the tree (the worktree is never changed), runs the
tests that cover the mutated file with `pytest -x`, and counts the mutant killed when they fail.
The mutants are
  * every command's roles (generated from the table): each declared role dropped, and one
    role that is not declared added;
  * a hand-written list of faults in each command's rule calls, the audit, the argument
    checking and the rules of app/queue/ratings.py's check_rateable (scripts/mutant_list.py),
    the three faults issue 11 names among them.
The last line is `mutants_killed: K/N` (goal: every meaningful mutant killed).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

from mutant_list import FAULTS, TESTS  # noqa: E402

ROLE_VALUES = ("display", "kiosk", "counter", "supervisor", "admin")
COMMAND_LINE = re.compile(
    r'^(?P<indent>\s*)command\("(?P<name>\w+)", (?P<roles>.+), (?P<fn>\w+)\),$'
)
TIMEOUT_S = 900


@dataclass(frozen=True)
class Mutant:
    label: str
    path: str  # relative to the tree
    old: str
    new: str
    tests: tuple[str, ...]


def role_mutants() -> list[Mutant]:
    """For every command: each declared role dropped, and the first undeclared role added."""
    from app.hall.table import build_table

    table = build_table()
    found: list[Mutant] = []
    for path in sorted((ROOT / "app" / "hall").glob("*_commands.py")):
        relative = str(path.relative_to(ROOT))
        for line in path.read_text(encoding="utf-8").splitlines():
            match = COMMAND_LINE.match(line)
            if match is None:
                continue
            name, roles = match["name"], match["roles"]
            declared = {role.value for role in table[name].roles}
            head = f'{match["indent"]}command("{name}", '
            tail = f", {match['fn']}),"
            extra = next((r for r in ROLE_VALUES if r not in declared), None)
            if extra is not None:  # (a command for every role can only lose one)
                added = f'{head}(*{roles}, "{extra}"){tail}'
                found.append(
                    Mutant(f"roles: {name} + {extra}", relative, line, added, TESTS["roles"])
                )
            for role in sorted(declared):
                dropped = f'{head}tuple(r for r in {roles} if r != "{role}"){tail}'
                found.append(
                    Mutant(f"roles: {name} - {role}", relative, line, dropped, TESTS["roles"])
                )
    return found


def fault_mutants() -> list[Mutant]:
    return [
        Mutant(f.label, f.path, f.old, f.new, f.tests or TESTS[Path(f.path).name]) for f in FAULTS
    ]


def apply(tree: Path, mutant: Mutant) -> str:
    """Write the mutant into the copy; returns the original text to put back."""
    path = tree / mutant.path
    text = path.read_text(encoding="utf-8")
    count = text.count(mutant.old)
    if count != 1:
        raise SystemExit(
            f"{mutant.label}: the text to mutate occurs {count} times in {mutant.path}"
        )
    path.write_text(text.replace(mutant.old, mutant.new), encoding="utf-8")
    return text


def run_tests(tree: Path, tests: tuple[str, ...]) -> tuple[bool, float, str]:
    """(passed, seconds, last line of pytest's output)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(tree),
        "QT_QPA_PLATFORM": "offscreen",
        "HALL_MUTANTS": "1",  # fewer hypothesis examples (tests/hall/examples.py)
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    started = time.monotonic()
    try:
        done = subprocess.run(
            command, cwd=tree, env=env, capture_output=True, text=True, timeout=TIMEOUT_S
        )
    except subprocess.TimeoutExpired:
        return False, time.monotonic() - started, "timed out"
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return done.returncode == 0, time.monotonic() - started, lines[-1] if lines else ""


def copy_tree(into: Path) -> Path:
    tree = into / "tree"
    tree.mkdir()
    for name in ("app", "tests", "scripts", "bench"):
        shutil.copytree(ROOT / name, tree / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the mutants whose label holds this text")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--no-roles", action="store_true", help="skip the generated role mutants")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stopped: clean up the copy
    mutants = fault_mutants() + ([] if args.no_roles else role_mutants())
    mutants = [m for m in mutants if args.only in m.label]
    if args.list:
        for mutant in mutants:
            print(f"{mutant.label}  [{mutant.path}]")
        print(f"mutants: {len(mutants)}")
        return 0
    with tempfile.TemporaryDirectory(prefix="hall-mutants-") as folder:
        tree = copy_tree(Path(folder))
        for mutant in mutants:  # every mutant's text is there, once, before anything runs
            count = (tree / mutant.path).read_text(encoding="utf-8").count(mutant.old)
            if count != 1:
                raise SystemExit(f"{mutant.label}: the text to mutate is {count} times there")
        every = tuple(sorted({t for m in mutants for t in m.tests}))
        passed, seconds, summary = run_tests(tree, every)
        print(f"baseline: {'passed' if passed else 'FAILED'} in {seconds:.0f} s ({summary})")
        if not passed:
            return 1
        survived: list[str] = []
        for n, mutant in enumerate(mutants, start=1):
            original = apply(tree, mutant)
            try:
                passed, seconds, summary = run_tests(tree, mutant.tests)
            finally:
                (tree / mutant.path).write_text(original, encoding="utf-8")
            verdict = "SURVIVED" if passed else "killed"
            if passed:
                survived.append(mutant.label)
            print(f"[{n}/{len(mutants)}] {verdict:8} {seconds:5.1f} s  {mutant.label}", flush=True)
    print("survivors:", "; ".join(survived) if survived else "none")
    print(f"mutants_killed: {len(mutants) - len(survived)}/{len(mutants)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
