"""`sideline audit` and `sideline calendars`: exact hours on a calendar with every feature."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sideline.calendars.models import Calendar, Occurrence
from tests.conftest import World
from tests.engines.ics_builders import calendar, event

TZ = "America/Chicago"
OWNER = "principal@example.org"
LONG = "Walkthrough with the instructional coach across every seventh-grade classroom and the library"


def every_feature() -> str:
    return calendar(
        event("obs@t", "Observe Ms. Lee, gr7 ELA; room 31", "20261102T090000", "20261102T100000", tzid=TZ,
              rrule="FREQ=DAILY;COUNT=5", exdates=("20261104T090000",)),
        event("obs@t", "Observe Ms. Lee, gr7 ELA; room 31 (moved)", "20261105T130000", "20261105T143000", tzid=TZ,
              recurrence_id="20261105T090000", sequence=1),
        event("obs@t", "Observe Ms. Lee, gr7 ELA; room 31", "20261106T090000", "20261106T100000", tzid=TZ,
              recurrence_id="20261106T090000", status="CANCELLED", sequence=1),
        event("lunch@t", "Lunch duty", "20261102T113000", duration="PT30M",
              rrule="FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE;UNTIL=20261111T235959Z", rdates=("20261113T113000",)),
        event("lt@t", "Leadership team meeting", "20261103T140000", "20261103T150000", tzid="Central Standard Time",
              rrule="FREQ=WEEKLY;INTERVAL=2;COUNT=2"),
        event("budget@t", "Budget review with bookkeeper", "20261110T150000Z", "20261110T163000Z"),
        event("call@t", "Parent call about attendance", "20261102T093000", "20261102T101500", tzid=TZ),
        event("doc@t", "Doctor", "20261112T160000", "20261112T170000", tzid=TZ, klass="PRIVATE",
              description="annual check-up"),
        event("web@t", "District webinar", "20261112T100000", "20261112T110000", tzid=TZ,
              attendees=((OWNER, "DECLINED"),)),
        event("vet@t", "Veterans Day", "20261111", "20261112", all_day=True),
        event("walk@t", LONG, "20261113T080000", "20261113T083000", tzid=TZ),
        x_wr_timezone=TZ,
        name="Principal, Maple Grove",
    )  # fmt: skip


def run_audit(*args: str) -> str:
    out = io.StringIO()
    call_command("audit", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_has_exact_hours_on_a_calendar_with_every_feature(tmp_path: Path) -> None:
    path = tmp_path / "principal.ics"
    path.write_text(every_feature(), newline="")
    data = json.loads(
        run_audit(
            str(path), "--owner", OWNER, "--from", "2026-11-02", "--to", "2026-11-15", "--format", "json"
        )
    )
    assert (data["from"], data["to"], data["timezone"]) == ("2026-11-02", "2026-11-15", TZ)
    assert data["events_counted"] == 13
    assert data["total_hours"] == 10.75
    assert data["overlap_hours"] == 0.5
    assert round(sum(data["by_category"].values()), 2) == 10.75
    assert set(data["by_category"]) == {"coaching", "technical", "leveraged", "personal"}
    assert data["by_category"]["personal"] >= 1.0
    assert {week: round(sum(c.values()), 2) for week, c in data["weeks"].items()} == {
        "2026-W45": 6.25,
        "2026-W46": 4.5,
    }
    assert data["all_day"] == [{"title": "Veterans Day", "start": "2026-11-11", "end": "2026-11-11"}]
    assert data["excluded"] == {"cancelled": 1, "declined": 1}
    assert isinstance(data["review_hours"], float)


def test_table_and_csv_forms(tmp_path: Path) -> None:
    path = tmp_path / "principal.ics"
    path.write_text(every_feature(), newline="")
    table = run_audit(str(path), "--owner", OWNER, "--from", "2026-11-02", "--to", "2026-11-15")
    assert "2026-W45" in table and "2026-W46" in table and "Coaching share (target 50%)" in table
    csv_text = run_audit(
        str(path), "--owner", OWNER, "--from", "2026-11-02", "--to", "2026-11-15", "--format", "csv"
    )
    lines = csv_text.strip().split("\r\n")
    assert lines[0] == "date,start,end,hours,title,category,needs_review"
    assert len(lines) == 14
    assert any(
        line.startswith(f"2026-11-13,2026-11-13T08:00-06:00,2026-11-13T08:30-06:00,0.50,{LONG},")
        for line in lines
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01", "--to", "2026-11-15"], "'2026-13-01' is not a date like 2026-11-23."),
        (["--from", "2026-11-15", "--to", "2026-11-01"], "--to 2026-11-01 is before --from 2026-11-15."),
        (
            ["--from", "2026-11-01", "--to", "2026-11-15", "--tz", "Mars/Base"],
            "Unknown time zone 'Mars/Base'",
        ),
    ],
)
def test_bad_arguments_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    path = tmp_path / "p.ics"
    path.write_text(every_feature(), newline="")
    with pytest.raises(CommandError, match=message) as excinfo:
        run_audit(str(path), "--owner", OWNER, *args)
    assert excinfo.value.returncode == 2


def test_console_script_exit_code_and_stderr(tmp_path: Path) -> None:
    sideline = Path(sys.executable).parent / "sideline"
    proc = subprocess.run(
        [str(sideline), "audit", str(tmp_path / "missing.ics"), "--owner", OWNER, "--from", "2026-11-02", "--to", "x"],
        capture_output=True, text=True, timeout=120, env={"SIDELINE_TRIAGE_EMBEDDINGS": "0", "PATH": "/usr/bin:/bin", "HOME": str(Path.home()),
                                                           "SIDELINE_VAR_DIR": str(tmp_path / "var")},
    )  # fmt: skip
    assert proc.returncode == 2
    assert "'x' is not a date like 2026-11-23." in proc.stderr
    assert proc.stdout == ""


def test_calendars_import_command_is_idempotent(world: World, tmp_path: Path) -> None:
    path = tmp_path / "term.ics"
    path.write_text(every_feature(), newline="")
    out = io.StringIO()
    call_command(
        "calendars",
        "import",
        "--school",
        "lakeside",
        "--owner",
        "principal@example.org",
        str(path),
        stdout=out,
        stderr=io.StringIO(),
    )
    assert "new, 0 changed, 0 removed, 0 unchanged" in out.getvalue()
    count = Occurrence.objects.count()
    out = io.StringIO()
    call_command(
        "calendars",
        "import",
        "--school",
        "lakeside",
        "--owner",
        "principal@example.org",
        str(path),
        stdout=out,
        stderr=io.StringIO(),
    )
    assert f"0 new, 0 changed, 0 removed, {count} unchanged" in out.getvalue()
    assert Calendar.objects.count() == 1
    with pytest.raises(
        CommandError, match="Nobody with email 'nobody@example.org' works at Lakeside Middle."
    ):
        call_command(
            "calendars", "import", "--school", "lakeside", "--owner", "nobody@example.org", str(path)
        )
    with pytest.raises(CommandError, match="No school with slug 'atlantis'."):
        call_command(
            "calendars", "import", "--school", "atlantis", "--owner", "principal@example.org", str(path)
        )
