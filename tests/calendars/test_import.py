"""calendar_import: idempotent, privacy-preserving, and never loses stored data on bad input."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sideline.calendars import services
from sideline.calendars.models import Calendar, Occurrence, SeriesCorrection
from tests.conftest import World
from tests.engines.ics_builders import calendar, event

FROM, TO = dt.date(2026, 11, 2), dt.date(2026, 11, 8)
TZ = "America/Chicago"


def base_events() -> list[list[str]]:
    return [
        event("walk@t", "Classroom walkthroughs", "20261102T090000", "20261102T100000", tzid=TZ,
              rrule="FREQ=DAILY;COUNT=5"),
        event("lunch@t", "Lunch duty", "20261103T113000", "20261103T120000", tzid=TZ),
        event("gym@t", "Dentist", "20261104T170000", "20261104T180000", tzid=TZ, klass="PRIVATE",
              description="root canal", location="Dr. Smile"),
    ]  # fmt: skip


@pytest.fixture
def cal(world: World) -> Calendar:
    return services.calendar_create(school=world.school, owner=world.people["principal"], name="Work")


def keys(cal: Calendar) -> dict[str, str]:
    return dict(Occurrence.objects.filter(calendar=cal).values_list("key", "title"))


def test_same_file_twice_creates_nothing_new(cal: Calendar) -> None:
    data = calendar(*base_events())
    first = services.calendar_import(calendar=cal, data=data, date_from=FROM, date_to=TO)
    assert (first.created, first.updated, first.deleted, first.unchanged) == (7, 0, 0, 0)
    before = list(Occurrence.objects.filter(calendar=cal).order_by("pk").values_list("pk", "fingerprint"))
    second = services.calendar_import(calendar=cal, data=data, date_from=FROM, date_to=TO)
    assert (second.created, second.updated, second.deleted, second.unchanged) == (0, 0, 0, 7)
    after = list(Occurrence.objects.filter(calendar=cal).order_by("pk").values_list("pk", "fingerprint"))
    assert after == before


def test_changed_event_is_updated_and_removed_event_deleted(cal: Calendar) -> None:
    services.calendar_import(calendar=cal, data=calendar(*base_events()), date_from=FROM, date_to=TO)
    pk = Occurrence.objects.get(calendar=cal, key="lunch@t").pk
    changed = [
        base_events()[0],
        event("lunch@t", "Lunch duty (cafeteria)", "20261103T113000", "20261103T121500", tzid=TZ),
    ]
    report = services.calendar_import(calendar=cal, data=calendar(*changed), date_from=FROM, date_to=TO)
    assert (report.created, report.updated, report.deleted, report.unchanged) == (0, 1, 1, 5)
    lunch = Occurrence.objects.get(calendar=cal, key="lunch@t")
    assert (lunch.pk, lunch.title) == (pk, "Lunch duty (cafeteria)")
    assert lunch.end - lunch.start == dt.timedelta(minutes=45)
    assert not Occurrence.objects.filter(calendar=cal, key="gym@t").exists()


def test_correction_applies_to_whole_series_and_survives_reimport(cal: Calendar, world: World) -> None:
    services.calendar_import(calendar=cal, data=calendar(*base_events()), date_from=FROM, date_to=TO)
    changed = services.series_correct(
        calendar=cal, series_uid="walk@t", category="leveraged", by=world.people["principal"]
    )
    assert changed == 5
    retitled = [
        event("walk@t", "Walkthroughs with coach", "20261102T090000", "20261102T100000", tzid=TZ,
              rrule="FREQ=DAILY;COUNT=5"),
        *base_events()[1:],
    ]  # fmt: skip
    report = services.calendar_import(calendar=cal, data=calendar(*retitled), date_from=FROM, date_to=TO)
    assert report.updated == 5
    cats = set(
        Occurrence.objects.filter(calendar=cal, series_uid="walk@t").values_list("category", "needs_review")
    )
    assert cats == {("leveraged", False)}
    assert SeriesCorrection.objects.get(calendar=cal, series_uid="walk@t").category == "leveraged"


def test_correction_rejects_unknown_category_and_series(cal: Calendar) -> None:
    services.calendar_import(calendar=cal, data=calendar(*base_events()), date_from=FROM, date_to=TO)
    with pytest.raises(ValueError, match="Unknown category 'fun'"):
        services.series_correct(calendar=cal, series_uid="walk@t", category="fun", by=None)
    with pytest.raises(ValueError, match="No event series 'nope'"):
        services.series_correct(calendar=cal, series_uid="nope", category="coaching", by=None)
    assert SeriesCorrection.objects.count() == 0


def test_private_event_is_personal_and_its_text_never_stored(cal: Calendar) -> None:
    services.calendar_import(calendar=cal, data=calendar(*base_events()), date_from=FROM, date_to=TO)
    row = Occurrence.objects.get(calendar=cal, key="gym@t")
    assert (row.private, row.category, row.title, row.description, row.location) == (
        True,
        "personal",
        "",
        "",
        "",
    )
    texts = list(Occurrence.objects.values_list("title", "description", "location"))
    assert not any("Dentist" in t or "root canal" in t or "Smile" in t for row in texts for t in row)


def test_truncated_file_keeps_stored_events_and_imports_the_good_ones(cal: Calendar) -> None:
    services.calendar_import(calendar=cal, data=calendar(*base_events()), date_from=FROM, date_to=TO)
    good = calendar(
        event("new@t", "Observe Ms. Lee", "20261105T080000", "20261105T083000", tzid=TZ),
        event("cut@t", "Budget review", "20261106T130000", "20261106T140000", tzid=TZ),
    )
    truncated = good[: good.index("DTSTART", good.index("UID:cut@t"))]
    report = services.calendar_import(calendar=cal, data=truncated, date_from=FROM, date_to=TO)
    assert report.ok
    assert report.created == 1
    assert report.deleted == 0
    assert len(report.errors) == 1 and "Budget review" in report.errors[0] and "truncated" in report.errors[0]
    assert "no stored events were removed" in report.warnings[-1]
    assert set(keys(cal)) == {
        *{k for k in keys(cal) if k.startswith("walk@t#")},
        "lunch@t",
        "gym@t",
        "new@t",
    }
    assert Occurrence.objects.filter(calendar=cal).count() == 8


def test_bad_rrule_names_the_event_and_good_events_import(cal: Calendar) -> None:
    data = calendar(
        event("bad@t", "Data meeting", "20261102T140000", "20261102T150000", tzid=TZ, rrule="FREQ=SOMETIMES"),
        *base_events(),
    )
    report = services.calendar_import(calendar=cal, data=data, date_from=FROM, date_to=TO)
    assert report.created == 7
    assert len(report.errors) == 1
    assert "Data meeting" in report.errors[0] and "bad@t" in report.errors[0]


def test_unknown_zone_and_not_a_calendar_lose_nothing(cal: Calendar) -> None:
    services.calendar_import(calendar=cal, data=calendar(*base_events()), date_from=FROM, date_to=TO)
    Calendar.objects.filter(pk=cal.pk).update(timezone="Mars/Olympus")
    cal.refresh_from_db()
    report = services.calendar_import(calendar=cal, data=calendar(*base_events()), date_from=FROM, date_to=TO)
    assert report.fatal == "Unknown time zone 'Mars/Olympus': use an IANA name such as 'America/Chicago'."
    Calendar.objects.filter(pk=cal.pk).update(timezone="")
    cal.refresh_from_db()
    report = services.calendar_import(calendar=cal, data=b"hello, not a calendar", date_from=FROM, date_to=TO)
    assert report.fatal == "This is not an iCalendar file: it has no BEGIN:VCALENDAR line."
    assert Occurrence.objects.filter(calendar=cal).count() == 7


def test_file_over_50_mb_is_refused_before_reading(cal: Calendar, tmp_path: object) -> None:
    services.calendar_import(calendar=cal, data=calendar(*base_events()), date_from=FROM, date_to=TO)
    big = tmp_path / "big.ics"  # type: ignore[operator]
    with open(big, "wb") as f:
        f.write(b"BEGIN:VCALENDAR\r\n")
        f.seek(50 * 2**20 + 10)
        f.write(b"END:VCALENDAR\r\n")
    report = services.calendar_import(calendar=cal, path=big, date_from=FROM, date_to=TO)
    # The engine words the limit; what matters here is that it names the file, its size and the limit.
    assert re.fullmatch(r"big\.ics is 50\.0 MB, over the 50(\.0)? MB limit for a calendar;.*", report.fatal)
    assert Occurrence.objects.filter(calendar=cal).count() == 7


def test_unknown_timezone_name_for_new_calendar_is_refused(world: World) -> None:
    with pytest.raises(ValueError, match="Unknown time zone 'Nowhere/Town'"):
        services.calendar_create(
            school=world.school, owner=world.people["principal"], name="x", timezone_name="Nowhere/Town"
        )
    assert Calendar.objects.count() == 0


def _stored(cal: Calendar) -> list[tuple[object, ...]]:
    return sorted(Occurrence.objects.filter(calendar=cal).values_list(*services._INSERTED_FIELDS))


def awkward_events() -> list[list[str]]:
    """Text that a bulk load must carry exactly: COPY's own separators, escapes and non-ASCII."""
    return [
        event("tab@t", "Budget\tline 4\\5, \"final\"", "20261102T090000", "20261102T100000", tzid=TZ,
              description="first line\nsecond line: \\N is not NULL", location="Room 1;2"),
        event("uni@t", "Réunion 📅 Ünïcode", "20261103T080000", "20261103T083000", tzid=TZ,
              rrule="FREQ=DAILY;COUNT=3"),
        event("all@t", "Testing week", "20261102", "20261105", all_day=True),
        event("no@t", "Parent call", "20261104T140000", "20261104T143000", tzid=TZ,
              attendees=(("principal@example.org", "DECLINED"),)),
        *base_events(),
    ]  # fmt: skip


def test_awkward_text_is_stored_exactly_as_parsed(cal: Calendar) -> None:
    report = services.calendar_import(
        calendar=cal, data=calendar(*awkward_events()), date_from=FROM, date_to=TO
    )
    assert (report.created, report.errors) == (13, [])
    row = Occurrence.objects.get(calendar=cal, key="tab@t")
    assert (row.title, row.description, row.location) == (
        'Budget\tline 4\\5, "final"',
        "first line\nsecond line: \\N is not NULL",
        "Room 1;2",
    )
    assert Occurrence.objects.filter(calendar=cal, title="Réunion 📅 Ünïcode").count() == 3
    assert Occurrence.objects.get(calendar=cal, key="all@t").all_day is True
    assert Occurrence.objects.get(calendar=cal, key="no@t").declined is True
    again = services.calendar_import(
        calendar=cal, data=calendar(*awkward_events()), date_from=FROM, date_to=TO
    )
    assert (again.created, again.updated, again.deleted, again.unchanged) == (0, 0, 0, 13)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is the PostgreSQL path of _insert")
def test_copy_stores_what_executemany_stores(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    owner = world.people["principal"]
    copied = services.calendar_create(school=world.school, owner=owner, name="COPY")
    inserted = services.calendar_create(school=world.school, owner=owner, name="INSERT")
    SeriesCorrection.objects.create(calendar=copied, series_uid="uni@t", category="leveraged")
    SeriesCorrection.objects.create(calendar=inserted, series_uid="uni@t", category="leveraged")
    data = calendar(*awkward_events())
    first = services.calendar_import(calendar=copied, data=data, date_from=FROM, date_to=TO)
    with monkeypatch.context() as patched:
        patched.setattr(services, "_copy_rows", services._insert_rows)
        second = services.calendar_import(calendar=inserted, data=data, date_from=FROM, date_to=TO)
    assert (first.created, first.errors) == (second.created, second.errors) == (13, [])
    assert _stored(copied) == _stored(inserted)
    private = Occurrence.objects.get(calendar=copied, key="gym@t")
    assert (private.title, private.description, private.location, private.category) == (
        "",
        "",
        "",
        "personal",
    )
    assert set(
        Occurrence.objects.filter(calendar=copied, series_uid="uni@t").values_list("category", flat=True)
    ) == {"leveraged"}


def test_first_and_unchanged_imports_read_the_stored_rows_once(cal: Calendar) -> None:
    def occurrence_reads(queries: list[dict[str, str]]) -> list[str]:
        return [
            q["sql"] for q in queries if q["sql"].startswith("SELECT") and "calendars_occurrence" in q["sql"]
        ]

    data = calendar(*base_events())
    with CaptureQueriesContext(connection) as first:
        services.calendar_import(calendar=cal, data=data, date_from=FROM, date_to=TO)
    with CaptureQueriesContext(connection) as second:
        report = services.calendar_import(calendar=cal, data=data, date_from=FROM, date_to=TO)
    assert report.unchanged == 7
    # Only the keys already stored: with no stored event missing from the file, nothing is read back.
    assert len(occurrence_reads(first.captured_queries)) == 1
    assert len(occurrence_reads(second.captured_queries)) == 1
    assert not any(q["sql"].startswith("DELETE") for q in [*first.captured_queries, *second.captured_queries])


def test_reimport_over_a_shorter_range_removes_only_what_is_gone_inside_it(cal: Calendar) -> None:
    services.calendar_import(calendar=cal, data=calendar(*base_events()), date_from=FROM, date_to=TO)
    # Only the walkthroughs are left in the file, read for Monday alone: the parser's window runs from
    # Sunday to Wednesday 00:00, so Tuesday's lunch duty is gone, and Wednesday's and later events are
    # outside it and kept, even though the file no longer expands them.
    day = dt.date(2026, 11, 2)
    report = services.calendar_import(
        calendar=cal, data=calendar(base_events()[0]), date_from=day, date_to=day
    )
    assert (report.created, report.updated, report.deleted, report.unchanged) == (0, 0, 1, 2)
    stored = keys(cal)
    assert ("lunch@t" in stored, "gym@t" in stored, len(stored)) == (False, True, 6)
    assert Occurrence.objects.filter(calendar=cal, series_uid="walk@t").count() == 5
