"""The command-line helpers, the baseline simulation, the generators, and the Django-free promise."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sideline.engines.rota import cli_main, load_instance, render, solution_to_dict, solve, solve_file
from sideline.engines.rota.firstcome import first_come
from sideline.engines.rota.generate import HOLIDAYS, cafeteria_year, car_line_committee, district, school_days
from tests.engines.rota_checker import check, evaluate

EXAMPLE = Path("/work/shared/specs/example-cafeteria.json")


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli_main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_json_is_the_spec_format_and_optimal() -> None:
    code, out, err = run(["solve", str(EXAMPLE), "--format", "json", "--time-limit", "10"])
    assert (code, err) == (0, "")
    solution = json.loads(out)
    assert (solution["status"], solution["filled"], solution["places"], solution["preference"]) == (
        "optimal",
        20,
        20,
        18,
    )
    assert check(json.loads(EXAMPLE.read_text()), solution) == []


def test_cli_table_has_summary_unfilled_and_assignments(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text())
    data["shifts"].append(
        {
            "id": "sat",
            "program": "cafeteria",
            "start": "2026-08-22T11:00",
            "end": "2026-08-22T11:30",
            "need": 1,
        }
    )
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(data))
    code, out, _ = run(["solve", str(path), "--format", "table"])
    assert code == 0
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0].startswith("optimal: 20 of 21 places filled, preference 18, ")
    assert lines[1] == "Unfilled places"
    assert "no volunteer signed up for cafeteria is available 11:00-11:30 on Saturdays" in out.replace(
        "\n", " "
    )
    assert lines.count("Assignments") == 1
    assert sum(1 for line in lines if "caf-2026-08-" in line) == 20


def test_cli_bad_instance_exits_2_with_the_message(tmp_path: Path) -> None:
    data = json.loads(EXAMPLE.read_text())
    data["shifts"][2]["need"] = 0
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    before = path.read_text()
    code, out, err = run(["solve", str(path)])
    assert (code, out) == (2, "")
    assert err == f"sideline volunteers: {path}: shift 'caf-2026-08-18-L1': need must be at least 1, got 0\n"
    assert path.read_text() == before


def test_cli_missing_file_and_bad_time_limit() -> None:
    code, _, err = run(["solve", "/nonexistent.json"])
    assert (code, err) == (
        2,
        "sideline volunteers: /nonexistent.json: cannot read /nonexistent.json: No such file or directory\n",
    )
    code, _, err = run(["solve", str(EXAMPLE), "--time-limit", "-1"])
    assert (code, err) == (2, "sideline volunteers: --time-limit must be positive, got -1.0\n")


def test_cli_resolve_with_previous(tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    first.write_text(render(solve_file(str(EXAMPLE)), "json"))
    code, out, _ = run(["solve", str(EXAMPLE), "--previous", str(first)])
    assert code == 0
    assert json.loads(out)["changes"] == {"kept": 20, "added": [], "removed": []}


def test_render_rejects_unknown_format() -> None:
    with pytest.raises(ValueError) as err:
        render(solve_file(str(EXAMPLE)), "csv")
    assert str(err.value) == "unknown format 'csv', expected one of json, table"


def test_engine_is_django_free() -> None:
    code = (
        "import sys\n"
        "import sideline.engines.rota as r\n"
        "import sideline.engines.rota.firstcome, sideline.engines.rota.generate\n"
        f"s = r.solve_file({str(EXAMPLE)!r})\n"
        "assert s.filled == 20\n"
        "assert not [m for m in sys.modules if m == 'django' or m.startswith('django.')], 'django imported'\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "ok\n", "")


def test_school_days_skip_weekends_and_holidays() -> None:
    days = school_days(180)
    assert len(days) == 180
    assert all(d.weekday() < 5 and d not in HOLIDAYS for d in days)
    assert len(set(days)) == 180
    assert (days[0].isoformat(), days[-1].isoformat()) == ("2026-08-17", "2027-06-01")


def _pairs(assignments: Any) -> list[tuple[str, str]]:
    return [(a.shift, a.volunteer) for a in assignments]


def test_first_come_is_valid_seeded_and_beaten_when_supply_is_tight() -> None:
    data = cafeteria_year(seed=4, families=420, tight=True)
    inst = load_instance(data)
    fc = first_come(inst, seed=1)
    assert fc == first_come(inst, seed=1)
    assert fc != first_come(inst, seed=2)
    errors, filled, pref = evaluate(data, _pairs(fc.assignments))
    assert (errors, filled, pref) == ([], fc.filled, fc.preference)
    best = solve(inst)
    assert check(data, solution_to_dict(best)) == []
    assert best.status == "optimal"
    assert best.filled > fc.filled
    assert best.filled < best.places  # tight: some places stay empty, each with a reason
    assert all(u.reason.startswith("nobody can take it: ") for u in best.unfilled)


def test_generated_instances_have_the_promised_shape() -> None:
    caf = load_instance(cafeteria_year(seed=1, families=500))
    assert (len(caf.shifts), caf.places) == (540, 540)
    assert len({v.household for v in caf.volunteers}) == 500
    assert any(cap == 3 for cap in caf.households.values())
    assert sum(1 for v in caf.volunteers if v.id.endswith("-b")) > 100
    car = load_instance(car_line_committee())
    assert (len(car.volunteers), len(car.shifts), car.places) == (30, 360, 720)
    big = district()
    assert (len(big["volunteers"]), sum(s["need"] for s in big["shifts"])) == (4000, 9000)


def test_first_come_takes_favourites_and_respects_overlaps_and_caps() -> None:
    mon = [{"weekday": 0, "from": "09:00", "to": "12:00"}]
    data = {
        "name": "fc",
        "timezone": "America/Chicago",
        "shifts": [
            {
                "id": "early",
                "program": "p",
                "start": "2026-09-07T09:00",
                "end": "2026-09-07T10:00",
                "need": 1,
            },
            {"id": "mid", "program": "p", "start": "2026-09-07T09:30", "end": "2026-09-07T10:30", "need": 1},
            {"id": "late", "program": "p", "start": "2026-09-07T11:00", "end": "2026-09-07T12:00", "need": 1},
            {"id": "next", "program": "p", "start": "2026-09-14T09:00", "end": "2026-09-14T10:00", "need": 1},
        ],
        "volunteers": [
            {
                "id": "a",
                "household": "h",
                "max_shifts": 3,
                "available": mon,
                "prefer": [{"month": 9, "weight": 1}],
            },
            {"id": "b", "household": "h", "max_shifts": 3, "available": mon},
        ],
        "households": {"h": {"max_shifts": 2}},
    }
    fc = first_come(load_instance(data), seed=0)
    # Whoever arrives first takes the earliest open places without overlap until the household cap (2).
    errors, filled, _ = evaluate(data, _pairs(fc.assignments))
    assert (errors, filled) == ([], 2)
    assert sorted(a.shift for a in fc.assignments) == ["early", "late"]
    assert len({a.volunteer for a in fc.assignments}) == 1
