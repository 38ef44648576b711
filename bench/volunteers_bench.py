"""Volunteer scheduling benchmark: the optimizer against first-come sign-up and against its proven bound.

Run: .venv/bin/python bench/volunteers_bench.py [--time-limit SECONDS] [--first-come-seeds N]
Prints one rich table; figures go in the issue's closing note. Targets: a school's year < 5 s, the district
< 60 s, proven optimal on each, and more places than first-come wherever supply is tight.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.table import Table

from sideline.engines.rota import load_instance, solve, validate
from sideline.engines.rota.firstcome import first_come
from sideline.engines.rota.generate import cafeteria_year, car_line_committee, district


def school_year_all_programs() -> dict[str, Any]:
    caf, car = cafeteria_year(seed=1, families=550), car_line_committee(seed=2)
    return {
        "name": "one school, all programs",
        "timezone": caf["timezone"],
        "shifts": caf["shifts"] + car["shifts"],
        "volunteers": caf["volunteers"] + car["volunteers"],
        "households": caf["households"],
    }


def overlapping() -> dict[str, Any]:
    return cafeteria_year(seed=6, families=450, overlapping=True)


# (name, instance, side solver, time limit or None for the command-line value)
CASES: list[tuple[str, Callable[[], dict[str, Any]], str, float | None]] = [
    ("school year: cafeteria, 500 families", lambda: cafeteria_year(seed=1, families=500), "mip", None),
    ("school year: cafeteria, 600 families", lambda: cafeteria_year(seed=5, families=600), "mip", None),
    ("car-line committee: 30 retirees", lambda: car_line_committee(seed=2), "mip", None),
    ("school year: cafeteria + car line", school_year_all_programs, "mip", None),
    ("tight supply: 420 families", lambda: cafeteria_year(seed=4, families=420, tight=True), "mip", None),
    ("overlapping waves, MIP (CBC)", overlapping, "mip", None),
    ("overlapping waves, CP-SAT, 30 s", overlapping, "cp-sat", 30.0),
    ("district: 8 schools", district, "mip", None),
]


@dataclass
class Row:
    name: str
    volunteers: int
    places: int
    load_s: float
    solve_s: float
    filled: int
    preference: int
    status: str
    bound: str
    valid: bool
    fc_filled: float
    fc_pref: float
    fc_min: int
    fc_max: int


def run_case(
    name: str, make: Callable[[], dict[str, Any]], side_solver: str, time_limit: float, seeds: int
) -> Row:
    data = make()
    began = time.perf_counter()
    inst = load_instance(data)
    load_s = time.perf_counter() - began
    began = time.perf_counter()
    sol = solve(inst, time_limit=time_limit, side_solver=side_solver)
    solve_s = time.perf_counter() - began
    baseline = [first_come(inst, seed=s) for s in range(1, seeds + 1)]
    if sol.status == "optimal":
        bound = "= optimum (proven)"
    else:
        assert sol.bound is not None
        bound = f"{sol.bound.filled} places / pref {sol.bound.preference}"
    return Row(
        name=name,
        volunteers=len(inst.volunteers),
        places=inst.places,
        load_s=load_s,
        solve_s=solve_s,
        filled=sol.filled,
        preference=sol.preference,
        status=sol.status,
        bound=bound,
        valid=not validate(inst, list(sol.assignments)),
        fc_filled=statistics.mean(b.filled for b in baseline),
        fc_pref=statistics.mean(b.preference for b in baseline),
        fc_min=min(b.filled for b in baseline),
        fc_max=max(b.filled for b in baseline),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--first-come-seeds", type=int, default=5)
    args = parser.parse_args()
    console = Console(width=200)
    table = Table(title=f"Volunteer scheduling (first-come: mean of {args.first_come_seeds} arrival orders)")
    for col in ("instance", "vols", "places", "load s", "solve s", "filled", "pref", "status", "bound"):
        table.add_column(col, justify="left" if col in ("instance", "status", "bound") else "right")
    for col in ("valid", "first-come filled (min-max)", "first-come pref", "gain places"):
        table.add_column(col, justify="right")
    for name, make, side_solver, limit in CASES:
        r = run_case(name, make, side_solver, limit or args.time_limit, args.first_come_seeds)
        table.add_row(
            r.name,
            str(r.volunteers),
            str(r.places),
            f"{r.load_s:.2f}",
            f"{r.solve_s:.2f}",
            str(r.filled),
            str(r.preference),
            r.status,
            r.bound,
            "yes" if r.valid else "NO",
            f"{r.fc_filled:.1f} ({r.fc_min}-{r.fc_max})",
            f"{r.fc_pref:.1f}",
            f"{r.filled - r.fc_filled:+.1f}",
        )
        console.print(f"done: {r.name} in {r.solve_s:.2f} s")
    console.print(table)
    console.print(resolve_table(args.time_limit))


def resolve_table(time_limit: float) -> Table:
    """Re-solving after 5% of the volunteers drop out: how much of the published plan survives."""
    table = Table(title="Re-solve after 5% of volunteers drop out (seeded)")
    for col in (
        "instance",
        "solve s",
        "filled",
        "kept",
        "added",
        "removed",
        "of which dropped people",
        "status",
    ):
        table.add_column(col, justify="left" if col in ("instance", "status") else "right")
    for name, make in (
        ("school year: cafeteria, 500 families", lambda: cafeteria_year(seed=1, families=500)),
        ("district: 8 schools", district),
    ):
        data = make()
        first = solve(load_instance(data), time_limit=time_limit)
        rng = random.Random(11)
        gone = {v["id"] for v in data["volunteers"] if rng.random() < 0.05}
        data["volunteers"] = [v for v in data["volunteers"] if v["id"] not in gone]
        began = time.perf_counter()
        again = solve(load_instance(data), time_limit=time_limit, previous=first)
        seconds = time.perf_counter() - began
        assert again.changes is not None
        c = again.changes
        table.add_row(
            name,
            f"{seconds:.2f}",
            f"{again.filled} (was {first.filled})",
            str(len(c.kept)),
            str(len(c.added)),
            str(len(c.removed)),
            str(sum(1 for a in c.removed if a.volunteer in gone)),
            again.status,
        )
    return table


if __name__ == "__main__":
    main()
