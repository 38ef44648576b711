"""Command-line helpers: `solve_file`, `render`, and `cli_main` for `sideline volunteers solve`."""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table

from .model import InstanceError, Solution, load_instance_file, solution_from_dict, solution_to_dict
from .solver import solve

FORMATS = ("json", "table")


def solve_file(path: str, time_limit: float = 30.0, previous_path: str | None = None) -> Solution:
    """Load, validate and solve an instance file; InstanceError names what is wrong with it."""
    instance = load_instance_file(path)
    previous = None
    if previous_path is not None:
        try:
            with open(previous_path, "rb") as fh:
                previous = solution_from_dict(json.loads(fh.read()))
        except OSError as exc:
            raise InstanceError(f"cannot read {previous_path}: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise InstanceError(f"{previous_path}: not valid JSON: {exc}") from None
    return solve(instance, time_limit=time_limit, previous=previous)


def render(solution: Solution, fmt: str = "json") -> str:
    if fmt == "json":
        return json.dumps(solution_to_dict(solution), indent=2) + "\n"
    if fmt == "table":
        return _table(solution)
    raise ValueError(f"unknown format {fmt!r}, expected one of {', '.join(FORMATS)}")


def _table(solution: Solution) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=120, color_system=None, force_terminal=False)
    summary = (
        f"{solution.status}: {solution.filled} of {solution.places} places filled, "
        f"preference {solution.preference}, {solution.seconds:.2f} s"
    )
    if solution.bound is not None and solution.status != "optimal":
        summary += f" (bound: {solution.bound.filled} places, preference {solution.bound.preference})"
    console.print(summary)
    if solution.changes is not None:
        c = solution.changes
        console.print(f"re-solve: {len(c.kept)} kept, {len(c.added)} added, {len(c.removed)} removed")
    if solution.unfilled:
        unfilled = Table(title="Unfilled places", title_justify="left")
        unfilled.add_column("Shift")
        unfilled.add_column("Missing", justify="right")
        unfilled.add_column("Reason")
        for u in solution.unfilled:
            unfilled.add_row(u.shift, str(u.missing), u.reason)
        console.print(unfilled)
    assigned = Table(title="Assignments", title_justify="left")
    assigned.add_column("Shift")
    assigned.add_column("Volunteer")
    for a in solution.assignments:
        assigned.add_row(a.shift, a.volunteer)
    console.print(assigned)
    return buffer.getvalue()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sideline volunteers", description="Volunteer scheduling")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("solve", help="solve an instance file and print the solution")
    p.add_argument("file", help="instance JSON (shared/specs/volunteer-instance.md)")
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument("--time-limit", type=float, default=30.0, metavar="SECONDS")
    p.add_argument(
        "--previous", metavar="SOLUTION.json", help="a previous solution to keep as much of as possible"
    )
    return parser


def cli_main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Run the CLI; returns the exit status (0 solved, 2 bad input) instead of exiting."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    if args.time_limit <= 0:
        err.write(f"sideline volunteers: --time-limit must be positive, got {args.time_limit}\n")
        return 2
    try:
        solution = solve_file(args.file, args.time_limit, args.previous)
    except InstanceError as exc:
        err.write(f"sideline volunteers: {args.file}: {exc}\n")
        return 2
    out.write(render(solution, args.format))
    return 0


if __name__ == "__main__":
    raise SystemExit(cli_main())
