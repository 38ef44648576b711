"""Loading instances: every spec rule on input gives an error that names the offending item."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from sideline.engines.rota import (
    Assignment,
    Bound,
    Changes,
    InstanceError,
    PreferRule,
    Solution,
    Unfilled,
    Window,
    load_instance,
    load_instance_file,
    solution_from_dict,
    solution_to_dict,
)

EXAMPLE = Path("/work/shared/specs/example-cafeteria.json")


def base() -> dict[str, Any]:
    return {
        "name": "tiny",
        "timezone": "America/Chicago",
        "shifts": [
            {
                "id": "caf-1",
                "program": "cafeteria",
                "start": "2026-09-01T11:00",
                "end": "2026-09-01T11:30",
                "need": 2,
            }
        ],
        "volunteers": [
            {
                "id": "fam-1-a",
                "household": "fam-1",
                "max_shifts": 2,
                "max_per_week": 1,
                "programs": ["cafeteria"],
                "available": [{"weekday": 1, "from": "10:30", "to": "13:00"}],
                "blackout": ["2026-11-25"],
                "prefer": [{"month": 10, "weight": 3}, {"weekday": 4, "weight": 1}],
            },
            {"id": "solo"},
        ],
        "households": {"fam-1": {"max_shifts": 1}},
    }


def test_loads_every_field() -> None:
    inst = load_instance(base())
    assert inst.name == "tiny"
    assert inst.places == 2
    s = inst.shifts[0]
    assert (s.id, s.program, s.start, s.end, s.need) == (
        "caf-1",
        "cafeteria",
        datetime(2026, 9, 1, 11, 0),
        datetime(2026, 9, 1, 11, 30),
        2,
    )
    v = inst.volunteers[0]
    assert v.household == "fam-1"
    assert (v.max_shifts, v.max_per_week, v.programs) == (2, 1, frozenset({"cafeteria"}))
    assert v.available == (Window(1, 630, 780),)
    assert v.blackout == frozenset({date(2026, 11, 25)})
    assert v.prefer == (PreferRule(3, None, 10), PreferRule(1, 4, None))
    assert inst.households == {"fam-1": 1}


def test_defaults_follow_the_spec() -> None:
    solo = load_instance(base()).volunteers[1]
    assert (solo.household, solo.max_shifts, solo.max_per_week, solo.programs) == ("solo", 1, None, None)
    assert (solo.available, solo.blackout, solo.prefer) == ((), frozenset(), ())


def test_loads_json_text_and_bytes_and_the_example_file() -> None:
    assert load_instance(json.dumps(base())) == load_instance(json.dumps(base()).encode())
    example = load_instance_file(str(EXAMPLE))
    assert (len(example.shifts), len(example.volunteers), example.places) == (20, 30, 20)


def _set(path: list[Any], value: Any) -> Any:
    def mutate(d: dict[str, Any]) -> None:
        target: Any = d
        for key in path[:-1]:
            target = target[key]
        if value is _DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return mutate


_DELETE = object()


def _append(path: list[Any], value: Any) -> Any:
    def mutate(d: dict[str, Any]) -> None:
        target: Any = d
        for key in path:
            target = target[key]
        target.append(value)

    return mutate


BAD = [
    (_set(["shifts", 0, "end"], "2026-09-01T10:00"), "shift 'caf-1': end is before start"),
    (_set(["shifts", 0, "end"], "2026-09-01T11:00"), "shift 'caf-1': end equals start"),
    (_set(["shifts", 0, "need"], 0), "shift 'caf-1': need must be at least 1, got 0"),
    (_set(["shifts", 0, "need"], "2"), "shift 'caf-1': need must be a whole number, got '2'"),
    (_set(["shifts", 0, "need"], True), "shift 'caf-1': need must be a whole number, got True"),
    (
        _set(["shifts", 0, "start"], "2026-09-01 11:00"),
        "shift 'caf-1': start: bad date-time '2026-09-01 11:00', expected YYYY-MM-DDTHH:MM (local time)",
    ),
    (
        _set(["shifts", 0, "start"], "2026-02-30T11:00"),
        "shift 'caf-1': start: bad date-time '2026-02-30T11:00', not a real date or time",
    ),
    (_set(["shifts", 0, "program"], ""), "shift 'caf-1': program must be a non-empty string, got ''"),
    (_set(["shifts", 0, "needs"], 2), "shift 'caf-1': unknown field 'needs'"),
    (_append(["shifts"], base()["shifts"][0]), "shift 'caf-1': duplicate id"),
    (_append(["volunteers"], {"id": "solo"}), "volunteer 'solo': duplicate id"),
    (_set(["shifts", 0, "id"], 7), "shifts[0].id must be a non-empty string, got 7"),
    (
        _set(["volunteers", 0, "available", 0, "weekday"], 7),
        "volunteer 'fam-1-a': available[0]: bad weekday 7, expected 0 (Monday) to 6 (Sunday)",
    ),
    (
        _set(["volunteers", 0, "available", 0, "from"], "9:00"),
        "volunteer 'fam-1-a': available[0].from: bad time '9:00', expected HH:MM",
    ),
    (
        _set(["volunteers", 0, "available", 0, "to"], "13:60"),
        "volunteer 'fam-1-a': available[0].to: bad time '13:60', expected HH:MM",
    ),
    (
        _set(["volunteers", 0, "available", 0, "to"], "10:00"),
        "volunteer 'fam-1-a': available[0]: 'to' (10:00) is not after 'from' (10:30)",
    ),
    (
        _set(["volunteers", 0, "blackout"], ["2026-13-01"]),
        "volunteer 'fam-1-a': blackout[0]: bad date '2026-13-01', not a real date",
    ),
    (
        _set(["volunteers", 0, "prefer", 0, "month"], 13),
        "volunteer 'fam-1-a': prefer[0]: bad month 13, expected 1 to 12",
    ),
    (
        _set(["volunteers", 0, "prefer", 1, "weekday"], -1),
        "volunteer 'fam-1-a': prefer[1]: bad weekday -1, expected 0 (Monday) to 6 (Sunday)",
    ),
    (
        _set(["volunteers", 0, "prefer", 0, "weight"], 2.5),
        "volunteer 'fam-1-a': prefer[0].weight must be a whole number, got 2.5",
    ),
    (
        _set(["volunteers", 0, "max_shifts"], -1),
        "volunteer 'fam-1-a': max_shifts must be at least 0, got -1",
    ),
    (_set(["volunteers", 0, "max_shift"], 3), "volunteer 'fam-1-a': unknown field 'max_shift'"),
    (
        _set(["volunteers", 0, "programs"], "cafeteria"),
        "volunteer 'fam-1-a': programs must be a list, got str",
    ),
    (
        _set(["volunteers", 0, "household"], "fam-l"),
        "volunteer 'fam-1-a': unknown household 'fam-l' (the households section lists 'fam-1', which has no members)",
    ),
    (
        _set(["households", "fam-1", "max_shifts"], -2),
        "household 'fam-1': max_shifts must be at least 0, got -2",
    ),
    (
        _set(["timezone"], "America/Springfield"),
        "instance: bad timezone 'America/Springfield', expected an IANA name such as America/Chicago",
    ),
    (_set(["timezone"], _DELETE), "instance: timezone must be a non-empty string, got None"),
    (_set(["shifts"], _DELETE), "instance: shifts must be a list, got NoneType"),
    (_set(["volunteers"], {}), "instance: volunteers must be a list, got dict"),
    (_set(["solver"], "fast"), "instance: unknown field 'solver'"),
]


@pytest.mark.parametrize(("mutate", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_instances_name_the_offending_item(mutate: Any, message: str) -> None:
    data = base()
    before = copy.deepcopy(data)
    mutate(data)
    mutated = copy.deepcopy(data)
    with pytest.raises(InstanceError) as err:
        load_instance(data)
    assert str(err.value) == message
    # Loading never edits what it was given.
    assert data == mutated
    assert data != before


def test_a_household_without_members_is_allowed() -> None:
    data = base()
    data["households"]["fam-gone"] = {"max_shifts": 1}
    assert load_instance(data).households == {"fam-1": 1, "fam-gone": 1}


def test_bad_json_text() -> None:
    with pytest.raises(InstanceError) as err:
        load_instance('{"shifts": [')
    assert str(err.value).startswith("not valid JSON: ")


def test_missing_file() -> None:
    with pytest.raises(InstanceError) as err:
        load_instance_file("/nonexistent/plan.json")
    assert str(err.value) == "cannot read /nonexistent/plan.json: No such file or directory"


def test_solution_round_trip_and_format() -> None:
    sol = Solution(
        status="feasible",
        filled=1,
        places=3,
        preference=4,
        seconds=0.12345,
        assignments=(Assignment("s1", "v1"),),
        unfilled=(Unfilled("s2", 2, "why"),),
        bound=Bound(2, 7),
        changes=Changes(kept=(Assignment("s1", "v1"),), added=(), removed=(Assignment("s2", "v2"),)),
    )
    out = solution_to_dict(sol)
    assert out == {
        "status": "feasible",
        "filled": 1,
        "places": 3,
        "preference": 4,
        "seconds": 0.123,
        "assignments": [{"shift": "s1", "volunteer": "v1"}],
        "unfilled": [{"shift": "s2", "missing": 2, "reason": "why"}],
        "bound": {"filled": 2, "preference": 7},
        "changes": {"kept": 1, "added": [], "removed": [{"shift": "s2", "volunteer": "v2"}]},
    }
    back = solution_from_dict(json.loads(json.dumps(out)))
    assert (back.status, back.filled, back.places, back.preference) == ("feasible", 1, 3, 4)
    assert back.assignments == sol.assignments
    assert back.unfilled == sol.unfilled


def test_optimal_solution_has_no_bound_key() -> None:
    sol = Solution("optimal", 0, 0, 0, 0.0, (), (), bound=Bound(0, 0))
    assert sorted(solution_to_dict(sol)) == sorted(
        ["status", "filled", "places", "preference", "seconds", "assignments", "unfilled"]
    )
