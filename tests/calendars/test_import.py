"""calendar_import: idempotent, privacy-preserving, and never loses stored data on bad input."""

from __future__ import annotations

import datetime as dt
import re

import pytest

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
