from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.engines.rota_checker import check

EXAMPLE = Path("/work/shared/specs/example-cafeteria.json")
if not EXAMPLE.exists():
    EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "specs" / "example-cafeteria.json"


@pytest.mark.skipif(
    not EXAMPLE.exists(), reason="shared/specs/example-cafeteria.json is not beside the checkout"
)
def test_solve_prints_the_optimal_solution_of_the_spec_example() -> None:
    out = StringIO()
    call_command("volunteers", "solve", str(EXAMPLE), "--time-limit", "10", stdout=out)
    solution = json.loads(out.getvalue())
    assert check(json.loads(EXAMPLE.read_text()), solution) == []
    assert (solution["status"], solution["filled"], solution["places"], solution["preference"]) == (
        "optimal",
        20,
        20,
        18,
    )


def test_solve_table_format(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        json.dumps(
            {
                "timezone": "America/Chicago",
                "shifts": [
                    {
                        "id": "a",
                        "program": "p",
                        "start": "2026-09-01T11:00",
                        "end": "2026-09-01T11:30",
                        "need": 1,
                    }
                ],
                "volunteers": [],
            }
        )
    )
    out = StringIO()
    call_command("volunteers", "solve", str(path), "--format", "table", stdout=out)
    # The solve time at the end of the line varies with machine load.
    first = out.getvalue().splitlines()[0]
    assert first.rsplit(", ", 1)[0] == "optimal: 0 of 1 places filled, preference 0"


def test_bad_file_is_a_clear_error_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"timezone": "Mars/Olympus", "shifts": [], "volunteers": []}')
    err = StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("volunteers", "solve", str(path), stderr=err, stdout=StringIO())
    assert exc.value.code == 2
    assert "bad timezone 'Mars/Olympus'" in err.getvalue()


@pytest.mark.django_db
def test_export_unknown_program_names_what_exists(world: object) -> None:
    with pytest.raises(CommandError) as exc:
        call_command("volunteers", "export", "--school", "lakeside", "--program", "Nope", stdout=StringIO())
    assert str(exc.value) == "no program 'Nope' at school 'lakeside' (programs there: none)"
    assert exc.value.returncode == 2


@pytest.mark.django_db
def test_remind_command_reports_count(world: object) -> None:
    out = StringIO()
    call_command("volunteers", "remind", stdout=out)
    assert out.getvalue().strip() == "0 reminders sent"
