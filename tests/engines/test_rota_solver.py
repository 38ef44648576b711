"""The optimizer against hand-solved instances, a brute force, and the independent checker."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest

from sideline.engines.rota import Assignment, Rule, load_instance, solution_to_dict, solve, validate
from sideline.engines.rota.constraints import Explainer
from tests.engines.rota_checker import can_take, check, evaluate

EXAMPLE = Path("/work/shared/specs/example-cafeteria.json")


def instance(
    shifts: list[dict[str, Any]], volunteers: list[dict[str, Any]], households: Any = None
) -> dict[str, Any]:
    return {
        "name": "t",
        "timezone": "America/Chicago",
        "shifts": shifts,
        "volunteers": volunteers,
        "households": households or {},
    }


def shift(sid: str, start: str, end: str, need: int = 1, program: str = "caf") -> dict[str, Any]:
    day = start[:10]
    return {
        "id": sid,
        "program": program,
        "start": f"{day}T{start[11:]}",
        "end": f"{day}T{end}",
        "need": need,
    }


def solved(data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    out = solution_to_dict(solve(load_instance(data), **kwargs))
    assert check(data, out) == []
    return out


def pairs(out: dict[str, Any]) -> set[tuple[str, str]]:
    return {(a["shift"], a["volunteer"]) for a in out["assignments"]}


def test_example_is_solved_to_its_known_optimum() -> None:
    data = json.loads(EXAMPLE.read_text())
    out = solved(data)
    assert (out["status"], out["filled"], out["places"], out["preference"]) == ("optimal", 20, 20, 18)
    assert out["unfilled"] == []
    assert "bound" not in out


@pytest.mark.parametrize("side_solver", ["mip", "cp-sat"])
def test_overlaps_where_the_flow_relaxation_would_be_wrong(side_solver: str) -> None:
    # Mon 2026-09-07 is in month 9; the Monday rule makes both overlapping shifts worth 5, so the flow's
    # best is both Monday shifts (10), which one person cannot do. The true best is one Monday + Tuesday.
    data = instance(
        [
            shift("mon-a", "2026-09-07T09:00", "10:00"),
            shift("mon-b", "2026-09-07T09:30", "10:30"),
            shift("tue", "2026-09-08T09:00", "10:00"),
        ],
        [
            {
                "id": "ann",
                "max_shifts": 2,
                "available": [
                    {"weekday": 0, "from": "08:00", "to": "12:00"},
                    {"weekday": 1, "from": "08:00", "to": "12:00"},
                ],
                "prefer": [{"weekday": 0, "weight": 5}],
            },
        ],
    )
    out = solved(data, side_solver=side_solver)
    assert (out["status"], out["filled"], out["preference"]) == ("optimal", 2, 5)
    chosen = {a["shift"] for a in out["assignments"]}
    assert "tue" in chosen
    [missing] = out["unfilled"]
    times = {"mon-a": "09:00-10:00", "mon-b": "09:30-10:30"}[missing["shift"]]
    assert missing == {
        "shift": missing["shift"],
        "missing": 1,
        "reason": f"nobody can take it: 1 available on Mondays {times}, all at their limits "
        "(1 at their shift limit); raise a limit or recruit",
    }


def test_overlap_is_the_reason_when_it_is_the_only_limit() -> None:
    data = instance(
        [shift("a", "2026-09-07T09:00", "10:00"), shift("b", "2026-09-07T09:59", "11:00")],
        [
            {
                "id": "bo",
                "max_shifts": 5,
                "available": [{"weekday": 0, "from": "08:00", "to": "12:00"}],
                "prefer": [],
            }
        ],
    )
    out = solved(data)
    assert (out["status"], out["filled"]) == ("optimal", 1)
    [missing] = out["unfilled"]
    assert missing["reason"].endswith(
        "all at their limits (1 already on an overlapping shift); raise a limit or recruit"
    )


def test_back_to_back_shifts_do_not_overlap() -> None:
    data = instance(
        [shift("a", "2026-09-07T09:00", "10:00"), shift("b", "2026-09-07T10:00", "11:00")],
        [{"id": "bo", "max_shifts": 2, "available": [{"weekday": 0, "from": "08:00", "to": "12:00"}]}],
    )
    out = solved(data)
    assert (out["status"], out["filled"], pairs(out)) == ("optimal", 2, {("a", "bo"), ("b", "bo")})


def test_household_cap_binds_across_a_couple() -> None:
    data = instance(
        [shift("tue", "2026-09-08T11:00", "11:30"), shift("wed", "2026-09-09T11:00", "11:30")],
        [
            {
                "id": "pat",
                "household": "h",
                "available": [{"weekday": 1, "from": "11:00", "to": "11:30"}],
                "prefer": [{"weekday": 1, "weight": 2}],
            },
            {
                "id": "quinn",
                "household": "h",
                "available": [{"weekday": 2, "from": "11:00", "to": "11:30"}],
                "prefer": [{"weekday": 2, "weight": 1}],
            },
        ],
        {"h": {"max_shifts": 1}},
    )
    out = solved(data)
    assert (out["status"], out["filled"], out["preference"]) == ("optimal", 1, 2)
    assert pairs(out) == {("tue", "pat")}
    assert out["unfilled"] == [
        {
            "shift": "wed",
            "missing": 1,
            "reason": "nobody can take it: 1 available on Wednesdays 11:00-11:30, all at their limits "
            "(1 whose household is at its cap); raise a limit or recruit",
        }
    ]


def test_max_per_week_counts_iso_weeks() -> None:
    # Sunday 2026-08-23 is ISO week 34; Mon 24, Tue 25 and Sat 29 are week 35. 2026-12-31 (Thu) and
    # 2027-01-01 (Fri) are both in ISO week 2026-W53, although the calendar year changes between them.
    every_day = [{"weekday": d, "from": "08:00", "to": "18:00"} for d in range(7)]
    data = instance(
        [
            shift("sun23", "2026-08-23T09:00", "10:00"),
            shift("mon24", "2026-08-24T09:00", "10:00"),
            shift("tue25", "2026-08-25T09:00", "10:00"),
            shift("sat29", "2026-08-29T09:00", "10:00"),
            shift("thu31", "2026-12-31T09:00", "10:00"),
            shift("fri01", "2027-01-01T09:00", "10:00"),
        ],
        [
            {
                "id": "wes",
                "max_shifts": 10,
                "max_per_week": 1,
                "available": every_day,
                "prefer": [{"weekday": 1, "weight": 2}, {"weekday": 4, "weight": 1}],
            }
        ],
    )
    out = solved(data)
    assert (out["status"], out["filled"], out["preference"]) == ("optimal", 3, 3)
    assert pairs(out) == {("sun23", "wes"), ("tue25", "wes"), ("fri01", "wes")}
    reasons = {u["shift"]: u["reason"] for u in out["unfilled"]}
    assert reasons == {
        "mon24": "nobody can take it: 1 available on Mondays 09:00-10:00, all at their limits "
        "(1 at their weekly limit for the week of 2026-08-24); raise a limit or recruit",
        "sat29": "nobody can take it: 1 available on Saturdays 09:00-10:00, all at their limits "
        "(1 at their weekly limit for the week of 2026-08-24); raise a limit or recruit",
        "thu31": "nobody can take it: 1 available on Thursdays 09:00-10:00, all at their limits "
        "(1 at their weekly limit for the week of 2026-12-28); raise a limit or recruit",
    }


def test_blackouts() -> None:
    wed = [{"weekday": 2, "from": "11:00", "to": "12:00"}]
    data = instance(
        [shift("thanks", "2026-11-25T11:00", "11:30"), shift("next", "2026-12-02T11:00", "11:30", need=2)],
        [
            {"id": "a", "available": wed, "blackout": ["2026-11-25"]},
            {"id": "b", "available": wed, "blackout": ["2026-11-25"]},
        ],
    )
    out = solved(data)
    assert (out["status"], out["filled"]) == ("optimal", 2)
    assert pairs(out) == {("next", "a"), ("next", "b")}
    assert out["unfilled"] == [
        {"shift": "thanks", "missing": 1, "reason": "2 could take it but are blacked out on 2026-11-25"}
    ]


def test_reasons_for_program_and_availability_gaps() -> None:
    data = instance(
        [
            shift("lib", "2026-09-11T09:00", "10:00", program="library"),
            shift("car-fri", "2026-09-11T07:15", "07:45", program="car-line"),
            shift("car-mon", "2026-09-14T07:15", "07:45", need=3, program="car-line"),
        ],
        [
            {
                "id": "c1",
                "programs": ["car-line"],
                "available": [{"weekday": 0, "from": "07:00", "to": "08:00"}],
            },
            {
                "id": "c2",
                "programs": ["car-line", "caf"],
                "available": [{"weekday": 0, "from": "07:00", "to": "08:00"}],
            },
        ],
    )
    out = solved(data)
    assert out["filled"] == 2
    assert out["unfilled"] == [
        {
            "shift": "car-fri",
            "missing": 1,
            "reason": "no volunteer signed up for car-line is available 07:15-07:45 on Fridays (2 volunteers in the program)",
        },
        {"shift": "lib", "missing": 1, "reason": "no volunteer is signed up for program 'library'"},
        {
            "shift": "car-mon",
            "missing": 1,
            "reason": "only 2 volunteers can take it (Mondays 07:15-07:45) and all are on it; recruit more for this slot",
        },
    ]


def test_spread_prefers_more_people_over_one_busy_one() -> None:
    # Both plans fill 2 places with preference 0; the spread objective gives each person one.
    avail = [{"weekday": 0, "from": "09:00", "to": "12:00"}]
    data = instance(
        [shift("a", "2026-09-07T09:00", "10:00"), shift("b", "2026-09-14T09:00", "10:00")],
        [
            {"id": "busy", "max_shifts": 2, "available": avail},
            {"id": "other", "max_shifts": 2, "available": avail},
        ],
    )
    out = solved(data)
    assert out["filled"] == 2
    assert sorted(a["volunteer"] for a in out["assignments"]) == ["busy", "other"]


def _random_instance(rng: random.Random) -> dict[str, Any]:
    starts = ["09:00", "09:30", "10:00"]
    days = ["2026-09-06", "2026-09-07"]  # Sunday (ISO week 36) and Monday (week 37)
    shifts = []
    for i in range(rng.randint(2, 4)):
        day, st = rng.choice(days), rng.choice(starts)
        h, m = int(st[:2]), int(st[3:])
        end = f"{h + 1:02d}:{m:02d}"
        shifts.append(
            shift(f"s{i}", f"{day}T{st}", end, need=rng.randint(1, 2), program=rng.choice(["p", "q"]))
        )
    vols = []
    households: dict[str, dict[str, int]] = {}
    for j in range(rng.randint(2, 4)):
        hh = rng.choice(["h1", "h2", f"own{j}"])
        if hh.startswith("h") and hh not in households and rng.random() < 0.7:
            households[hh] = {"max_shifts": rng.randint(1, 2)}
        v: dict[str, Any] = {
            "id": f"v{j}",
            "household": hh,
            "max_shifts": rng.choice([1, 2, 2, 3]),  # mostly more than one, so overlaps bite
            "available": [
                {"weekday": wd, "from": "09:00", "to": rng.choice(["10:30", "12:00", "12:00"])}
                for wd in rng.sample([6, 0], rng.randint(1, 2))
            ],
            "blackout": rng.sample(days, rng.randint(0, 1)),
            "prefer": [
                {"weekday": rng.choice([6, 0]), "weight": rng.randint(0, 4)},
                {"month": 9, "weekday": 0, "weight": rng.randint(-1, 3)},
            ],
        }
        if rng.random() < 0.5:
            v["max_per_week"] = 1
        if rng.random() < 0.7:
            v["programs"] = rng.sample(["p", "q"], rng.randint(1, 2))
        vols.append(v)
    return instance(
        shifts, vols, {h: c for h, c in households.items() if any(v["household"] == h for v in vols)}
    )


def _brute_force(data: dict[str, Any]) -> tuple[tuple[int, int], tuple[int, int]]:
    """The best (filled, preference) over every subset of candidate pairs; also the best if overlaps were allowed."""
    candidates = [(s["id"], v["id"]) for s in data["shifts"] for v in data["volunteers"] if can_take(v, s)]
    best, relaxed = (0, 0), (0, 0)
    for r in range(len(candidates) + 1):
        for subset in itertools.combinations(candidates, r):
            errors, filled, pref = evaluate(data, list(subset))
            if not errors:
                best = max(best, (filled, pref))
            if all("overlapping" in e for e in errors):
                relaxed = max(relaxed, (filled, pref))
    return best, relaxed


@pytest.mark.parametrize("side_solver", ["mip", "cp-sat"])
def test_brute_force_agrees_on_tiny_random_instances(side_solver: str) -> None:
    rng = random.Random(8)
    compared = 0
    overlaps_mattered = 0
    while compared < 100:
        data = _random_instance(rng)
        n_candidates = sum(1 for s in data["shifts"] for v in data["volunteers"] if can_take(v, s))
        if n_candidates > 13:
            continue
        out = solved(data, side_solver=side_solver)
        best, relaxed = _brute_force(data)
        assert (out["filled"], out["preference"]) == best, json.dumps(data)
        assert out["status"] == "optimal"
        compared += 1
        overlaps_mattered += relaxed != best
    # The sample must include instances where ignoring overlaps (the flow relaxation) would be wrong.
    assert overlaps_mattered >= 10


def test_resolve_after_a_volunteer_drops_out_keeps_the_rest() -> None:
    data = json.loads(EXAMPLE.read_text())
    first = solve(load_instance(data))
    dropped = first.assignments[3]
    data["volunteers"] = [v for v in data["volunteers"] if v["id"] != dropped.volunteer]
    again = solve(load_instance(data), previous=first)
    out = solution_to_dict(again)
    assert check(data, out) == []
    assert out["filled"] == 20
    assert again.changes is not None
    assert set(again.changes.kept) == set(first.assignments) - {dropped}
    assert again.changes.removed == (dropped,)
    [added] = again.changes.added
    assert added.shift == dropped.shift
    assert out["changes"]["kept"] == 19


def test_resolve_after_a_family_joins_moves_nobody() -> None:
    data = json.loads(EXAMPLE.read_text())
    first = solve(load_instance(data))
    data["volunteers"].append(
        {
            "id": "new",
            "max_shifts": 1,
            "available": [{"weekday": d, "from": "11:00", "to": "12:05"} for d in range(5)],
            "prefer": [{"month": 8, "weight": 9}],
        }
    )
    again = solve(load_instance(data), previous=first)
    assert again.changes is not None
    assert (len(again.changes.kept), again.changes.added, again.changes.removed) == (20, (), ())


def test_resolve_keeps_an_assignment_over_a_better_preference_and_says_so() -> None:
    mon = [{"weekday": 0, "from": "09:00", "to": "10:00"}]
    data = instance(
        [shift("s", "2026-09-07T09:00", "10:00")],
        [
            {"id": "old", "available": mon},
            {"id": "keen", "available": mon, "prefer": [{"weekday": 0, "weight": 5}]},
        ],
    )
    fresh = solved(data)
    assert pairs(fresh) == {("s", "keen")}
    previous = solve(load_instance(data))
    previous = previous.__class__(**{**previous.__dict__, "assignments": (Assignment("s", "old"),)})
    again = solution_to_dict(solve(load_instance(data), previous=previous))
    assert check(data, again) == []
    assert pairs(again) == {("s", "old")}
    assert (again["status"], again["bound"], again["changes"]) == (
        "feasible",
        {"filled": 1, "preference": 5},
        {"kept": 1, "added": [], "removed": []},
    )


def test_validator_labels_each_broken_rule() -> None:
    data = instance(
        [shift("a", "2026-09-07T09:00", "10:00"), shift("b", "2026-09-07T09:30", "10:30")],
        [
            {"id": "x", "household": "h", "available": [{"weekday": 0, "from": "09:00", "to": "11:00"}]},
            {"id": "y", "household": "h", "available": []},
        ],
        {"h": {"max_shifts": 1}},
    )
    inst = load_instance(data)
    found = validate(
        inst, [Assignment("a", "x"), Assignment("b", "x"), Assignment("a", "y"), Assignment("z", "x")]
    )
    assert sorted(v.rule for v in found) == sorted(
        [Rule.UNKNOWN, Rule.AVAILABLE, Rule.NEED, Rule.MAX_SHIFTS, Rule.HOUSEHOLD, Rule.OVERLAP]
    )


def test_non_positive_time_limit_and_unknown_backend_are_refused() -> None:
    inst = load_instance(json.loads(EXAMPLE.read_text()))
    with pytest.raises(ValueError) as err:
        solve(inst, time_limit=0)
    assert str(err.value) == "time limit must be positive, got 0"
    with pytest.raises(ValueError) as err:
        solve(inst, side_solver="gurobi")
    assert str(err.value) == "unknown side solver 'gurobi', expected one of mip, cp-sat"


@pytest.mark.parametrize("side_solver", ["mip", "cp-sat"])
def test_resolve_with_overlaps_keeps_what_it_can(side_solver: str) -> None:
    # The previous plan gave ann the 09:00 shift; bo, new, can only do 09:00. Filling both places needs ann
    # to move to 09:30, so the re-solve moves her (places come first) and reports it.
    avail = [{"weekday": 0, "from": "09:00", "to": "11:00"}]
    data = instance(
        [shift("early", "2026-09-07T09:00", "10:00"), shift("late", "2026-09-07T09:30", "10:30")],
        [
            {"id": "ann", "max_shifts": 2, "available": avail},
            {"id": "bo", "available": [{"weekday": 0, "from": "09:00", "to": "10:00"}]},
        ],
    )
    previous = solve(load_instance(instance(data["shifts"], data["volunteers"][:1])), side_solver=side_solver)
    assert [(a.shift, a.volunteer) for a in previous.assignments] in ([("early", "ann")], [("late", "ann")])
    previous = previous.__class__(**{**previous.__dict__, "assignments": (Assignment("early", "ann"),)})
    again = solution_to_dict(solve(load_instance(data), previous=previous, side_solver=side_solver))
    assert check(data, again) == []
    assert pairs(again) == {("early", "bo"), ("late", "ann")}
    assert again["changes"] == {
        "kept": 0,
        "added": [{"shift": "early", "volunteer": "bo"}, {"shift": "late", "volunteer": "ann"}],
        "removed": [{"shift": "early", "volunteer": "ann"}],
    }


def test_empty_and_zero_limit_instances() -> None:
    none = solved(instance([], []))
    assert (none["status"], none["filled"], none["places"], none["assignments"], none["unfilled"]) == (
        "optimal",
        0,
        0,
        [],
        [],
    )
    mon = [{"weekday": 0, "from": "09:00", "to": "10:00"}]
    data = instance(
        [shift("s", "2026-09-07T09:00", "10:00", need=2)],
        [
            {"id": "resting", "max_shifts": 0, "available": mon},
            {"id": "h-a", "household": "h", "available": mon},
        ],
        {"h": {"max_shifts": 0}},
    )
    out = solved(data)
    assert (out["status"], out["filled"]) == ("optimal", 0)
    assert out["unfilled"] == [
        {
            "shift": "s",
            "missing": 2,
            "reason": "nobody can take it: 2 available on Mondays 09:00-10:00, all at their limits "
            "(1 at their shift limit, 1 whose household is at its cap); raise a limit or recruit",
        }
    ]


def test_reason_when_a_plan_left_an_open_candidate() -> None:
    # A plan cut short (time limit) can leave someone free who could take the place; the reason says so.
    mon = [{"weekday": 0, "from": "09:00", "to": "10:00"}]
    inst = load_instance(instance([shift("s", "2026-09-07T09:00", "10:00")], [{"id": "a", "available": mon}]))
    assert Explainer(inst, []).reason("s") == (
        "1 could still take it; the solver stopped at its time limit before placing them"
    )
