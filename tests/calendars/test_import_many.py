"""calendars_import_many: the same stored rows as calendar_import one by one, in worker processes or not."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sideline.calendars import services
from sideline.calendars.models import Calendar, Occurrence, SeriesCorrection, SyncClaim
from sideline.engines.ical import synth
from tests.calendars.test_sync import _Feed, http_feed  # noqa: F401 - the fixture is used by name
from tests.conftest import World
from tests.engines.ics_builders import calendar, event

FROM, TO = dt.date(2026, 11, 2), dt.date(2026, 11, 8)
TZ = "America/Chicago"
OWNERS = ("principal", "assistant_principal", "instructional_coach")
ROW_FIELDS = [f for f in services._INSERTED_FIELDS if f != "key"]
NOT_ICAL = "This is not an iCalendar file: it has no BEGIN:VCALENDAR line."


def sources() -> list[str]:
    """Three leaders' weeks: shared and distinct titles, a series, a private event and a bad RRULE."""
    return [
        calendar(
            event("walk@t", "Classroom walkthroughs", "20261102T090000", "20261102T100000", tzid=TZ,
                  rrule="FREQ=DAILY;COUNT=5"),
            event("lunch@t", "Lunch duty", "20261103T113000", "20261103T120000", tzid=TZ),
            event("gym@t", "Dentist", "20261104T170000", "20261104T180000", tzid=TZ, klass="PRIVATE",
                  description="root canal", location="Dr. Smile"),
        ),
        calendar(
            event("lunch@t", "Lunch duty", "20261103T113000", "20261103T120000", tzid=TZ),
            event("plc@t", "PLC with 7th grade ELA", "20261104T140000", "20261104T150000", tzid=TZ,
                  rrule="FREQ=WEEKLY;COUNT=4"),
            event("bad@t", "Data meeting", "20261102T140000", "20261102T150000", tzid=TZ, rrule="FREQ=SOMETIMES"),
        ),
        calendar(
            event("bus@t", "Bus duty", "20261102T070000", "20261102T073000", tzid=TZ, rrule="FREQ=DAILY;COUNT=5"),
            event("obs@t", "Observe Ms. Lee", "20261105T080000", "20261105T083000", tzid=TZ),
        ),
    ]  # fmt: skip


def make_calendars(world: World, name: str) -> list[Calendar]:
    cals = [
        services.calendar_create(school=world.school, owner=world.people[who], name=name) for who in OWNERS
    ]
    # A leader's correction must win in both import paths.
    SeriesCorrection.objects.create(calendar=cals[2], series_uid="bus@t", category="leveraged")
    return cals


def rows(cals: list[Calendar]) -> list[tuple[Any, ...]]:
    """Stored occurrences keyed by owner instead of calendar/pk, so two imports can be compared."""
    owner_of = {c.pk: c.owner.email for c in cals}
    found = Occurrence.objects.filter(calendar__in=cals).values_list("calendar_id", "key", *ROW_FIELDS)
    return sorted((owner_of[row[0]], *row[1:]) for row in found)


def counts(report: services.ImportReport) -> tuple[Any, ...]:
    return (
        report.created,
        report.updated,
        report.deleted,
        report.unchanged,
        report.errors,
        report.warnings,
        report.fatal,
    )


@pytest.mark.parametrize("workers", [1, 2])
def test_many_stores_what_one_by_one_stores(world: World, workers: int) -> None:
    one_by_one = make_calendars(world, "One")
    expected = [
        services.calendar_import(calendar=c, data=text, date_from=FROM, date_to=TO)
        for c, text in zip(one_by_one, sources(), strict=True)
    ]
    many = make_calendars(world, "Many")
    jobs = [services.ImportJob(c, data=text) for c, text in zip(many, sources(), strict=True)]
    seen: list[tuple[int, int]] = []
    reports = services.calendars_import_many(
        jobs=jobs, date_from=FROM, date_to=TO, workers=workers, progress=lambda d, t: seen.append((d, t))
    )
    assert [counts(r) for r in reports] == [counts(r) for r in expected]
    assert [r.created for r in reports] == [7, 2, 6]
    assert rows(many) == rows(one_by_one)
    assert len(rows(many)) == 15
    categories = dict(Occurrence.objects.filter(calendar=many[2]).values_list("title", "category"))
    assert categories["Bus duty"] == "leveraged"
    assert seen == [(1, 3), (2, 3), (3, 3)]
    errors = [Calendar.objects.get(pk=c.pk).last_error for c in many]
    assert errors == [Calendar.objects.get(pk=c.pk).last_error for c in one_by_one]
    assert Calendar.objects.filter(pk__in=[c.pk for c in many], last_synced_at__isnull=True).count() == 0


def test_a_broken_calendar_is_reported_alone_and_loses_nothing(world: World, tmp_path: Path) -> None:
    cals = make_calendars(world, "Work")
    services.calendar_import(calendar=cals[1], data=sources()[1], date_from=FROM, date_to=TO)
    kept = rows([cals[1]])
    path = tmp_path / "third.ics"
    path.write_text(sources()[2])
    jobs = [
        services.ImportJob(cals[0], data=sources()[0]),
        services.ImportJob(cals[1], data=b"hello, not a calendar"),
        services.ImportJob(cals[2], path=path),
    ]
    reports = services.calendars_import_many(jobs=jobs, date_from=FROM, date_to=TO, workers=2)
    assert [(r.created, r.fatal) for r in reports] == [(7, ""), (0, NOT_ICAL), (6, "")]
    assert rows([cals[1]]) == kept
    assert Calendar.objects.get(pk=cals[1].pk).last_error == NOT_ICAL
    assert Occurrence.objects.filter(calendar__in=[cals[0], cals[2]]).count() == 13


def test_missing_file_and_unknown_zone_are_fatal_for_that_calendar_only(world: World, tmp_path: Path) -> None:
    cals = make_calendars(world, "Work")
    Calendar.objects.filter(pk=cals[2].pk).update(timezone="Mars/Olympus")
    cals[2].refresh_from_db()
    missing = tmp_path / "missing.ics"
    jobs = [
        services.ImportJob(cals[0], path=missing),
        services.ImportJob(cals[1], data=sources()[1]),
        services.ImportJob(cals[2], data=sources()[2]),
    ]
    reports = services.calendars_import_many(jobs=jobs, date_from=FROM, date_to=TO, workers=2)
    assert [r.fatal for r in reports] == [
        f"Cannot read calendar file {missing}: No such file or directory",
        "",
        "Unknown time zone 'Mars/Olympus': use an IANA name such as 'America/Chicago'.",
    ]
    assert reports[1].created == 2
    assert Occurrence.objects.filter(calendar__in=[cals[0], cals[2]]).count() == 0


def test_running_twice_changes_nothing(world: World) -> None:
    cals = make_calendars(world, "Work")
    jobs = [services.ImportJob(c, data=text) for c, text in zip(cals, sources(), strict=True)]
    services.calendars_import_many(jobs=jobs, date_from=FROM, date_to=TO, workers=2)
    before = list(Occurrence.objects.order_by("pk").values_list("pk", "key", "fingerprint", "category"))
    again = services.calendars_import_many(jobs=jobs, date_from=FROM, date_to=TO, workers=2)
    assert [(r.created, r.updated, r.deleted, r.unchanged) for r in again] == [
        (0, 0, 0, 7),
        (0, 0, 0, 2),
        (0, 0, 0, 6),
    ]
    after = list(Occurrence.objects.order_by("pk").values_list("pk", "key", "fingerprint", "category"))
    assert after == before


def test_real_years_match_one_by_one(world: World) -> None:
    """Two synthetic leaders' terms (hundreds of occurrences each) through two worker processes."""
    start, end = synth.YEAR_START, synth.YEAR_START + dt.timedelta(days=60)
    leaders = [world.people["principal"], world.people["assistant_principal"]]
    texts = [synth.principal_year(i, owner=p.email) for i, p in enumerate(leaders)]
    one = [services.calendar_create(school=world.school, owner=p, name="One") for p in leaders]
    expected = [
        services.calendar_import(calendar=c, data=t, date_from=start, date_to=end)
        for c, t in zip(one, texts, strict=True)
    ]
    many = [services.calendar_create(school=world.school, owner=p, name="Many") for p in leaders]
    jobs = [services.ImportJob(c, data=t) for c, t in zip(many, texts, strict=True)]
    reports = services.calendars_import_many(jobs=jobs, date_from=start, date_to=end, workers=2)
    assert [counts(r) for r in reports] == [counts(r) for r in expected]
    assert min(r.created for r in expected) > 300
    assert rows(many) == rows(one)


def test_bad_jobs_and_worker_counts_are_refused_before_anything_is_written(world: World) -> None:
    cals = make_calendars(world, "Work")
    both = [services.ImportJob(cals[0], data=sources()[0]), services.ImportJob(cals[1], data="x", path="y")]
    with pytest.raises(ValueError) as excinfo:
        services.calendars_import_many(jobs=both, date_from=FROM, date_to=TO)
    assert str(excinfo.value) == "Import job 2 ('Work'): give exactly one of data or path."
    neither = [services.ImportJob(cals[0])]
    with pytest.raises(ValueError) as excinfo:
        services.calendars_import_many(jobs=neither, date_from=FROM, date_to=TO)
    assert str(excinfo.value) == "Import job 1 ('Work'): give exactly one of data or path."
    with pytest.raises(ValueError) as excinfo:
        services.calendars_import_many(
            jobs=[services.ImportJob(cals[0], data=sources()[0])], date_from=FROM, date_to=TO, workers=0
        )
    assert str(excinfo.value) == "workers must be 1 or more, not 0."
    assert Occurrence.objects.count() == 0
    assert services.calendars_import_many(jobs=[], date_from=FROM, date_to=TO) == []


def test_sync_command_refuses_zero_workers(world: World) -> None:
    with pytest.raises(CommandError) as excinfo:
        call_command("calendars", "sync", "--workers", "0", stdout=io.StringIO(), stderr=io.StringIO())
    assert str(excinfo.value) == "--workers must be 1 or more, not 0."


def test_sync_of_several_calendars_reports_a_dead_url_alone(
    world: World,
    http_feed: tuple[str, type[_Feed]],  # noqa: F811 - pytest hands in the imported fixture
) -> None:
    base, feed = http_feed
    feed.body = sources()[0].encode()
    for name, path in (("A", "cal.ics"), ("Gone", "nope.ics"), ("B", "cal.ics")):
        services.calendar_create(
            school=world.school,
            owner=world.people["principal"],
            name=name,
            source_kind="url",
            source=f"{base}/{path}",
        )
    done = services.calendars_sync_all(worker="w1", workers=2)
    # Synced over the school year, so the weekly-bounded sources give the whole COUNT of each series.
    assert sorted((c.name, r.created, r.fatal) for c, r in done) == [
        ("A", 7, ""),
        ("B", 7, ""),
        ("Gone", 0, f"{base}/nope.ics answered 404 Not Found."),
    ]
    assert Calendar.objects.get(name="Gone").last_error == f"{base}/nope.ics answered 404 Not Found."
    assert SyncClaim.objects.filter(claimed_at__isnull=False).count() == 0
    again = services.calendars_sync_all(worker="w1", workers=2)
    assert sorted((c.name, r.unchanged) for c, r in again) == [("A", 7), ("B", 7), ("Gone", 0)]
