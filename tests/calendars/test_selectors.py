"""audit_for_person and week_summary: stored occurrences plus accepted planned blocks, classroom days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sideline.calendars import services
from sideline.calendars.models import Calendar, Occurrence, PlannedBlock
from sideline.calendars.selectors import (
    audit_for_person,
    fast_timestamps,
    week_bounds,
    week_summary,
    weekly_shares,
)
from tests.conftest import World
from tests.engines.ics_builders import calendar, event

TZ = "America/Chicago"


@pytest.fixture
def cal(world: World) -> Calendar:
    cal = services.calendar_create(school=world.school, owner=world.people["principal"], name="Work")
    data = calendar(
        # Monday: 5 h of coaching (two overlapping blocks count once) -> a classroom day.
        event("a@t", "Observe classrooms", "20261102T080000", "20261102T110000", tzid=TZ),
        event("b@t", "Observe more classrooms", "20261102T100000", "20261102T130000", tzid=TZ),
        # Tuesday: 4 h of coaching -> not a classroom day.
        event("c@t", "Observe classrooms", "20261103T080000", "20261103T120000", tzid=TZ),
        event("d@t", "Lunch duty", "20261103T120000", "20261103T123000", tzid=TZ),
    )
    services.calendar_import(
        calendar=cal, data=data, date_from=dt.date(2026, 11, 2), date_to=dt.date(2026, 11, 8)
    )
    for uid in ("a@t", "b@t", "c@t"):
        services.series_correct(calendar=cal, series_uid=uid, category="coaching", by=None)
    services.series_correct(calendar=cal, series_uid="d@t", category="technical", by=None)
    return cal


def test_week_summary_counts_classroom_days_and_double_bookings(world: World, cal: Calendar) -> None:
    week = week_summary(world.people["principal"], "2026-W45", world.school)
    assert week.hours == {"coaching": 10.0, "technical": 0.5, "leveraged": 0.0, "personal": 0.0}
    assert week.total_hours == 10.5
    assert week.overlap_hours == 1.0
    assert week.classroom_day_dates == [dt.date(2026, 11, 2)]
    assert (week.classroom_days, week.classroom_days_target, week.contact_days) == (1, 2.0, 5)
    assert week.coaching_share == 95.2
    assert week.on_target is True
    assert [(d.first, d.second, d.minutes) for d in week.double_bookings] == [
        ("Observe classrooms", "Observe more classrooms", 60)
    ]


def test_accepted_planned_blocks_count_under_their_category(world: World, cal: Calendar) -> None:
    person = world.people["principal"]
    start = dt.datetime(2026, 11, 4, 15, 0, tzinfo=dt.UTC)
    for status, title in (
        (PlannedBlock.Status.ACCEPTED, "Visit room 31"),
        (PlannedBlock.Status.PROPOSED, "Maybe"),
    ):
        PlannedBlock.objects.create(
            school=world.school, person=person, start=start, end=start + dt.timedelta(hours=2), title=title,
            category="leveraged", kind="classroom_visit", source="coaching", status=status,
        )  # fmt: skip
    data = audit_for_person(person, dt.date(2026, 11, 2), dt.date(2026, 11, 8), world.school).to_dict()
    assert data["by_category"]["leveraged"] == 2.0
    assert data["events_counted"] == 5


def test_weekly_shares_and_bad_week(world: World, cal: Calendar) -> None:
    shares = weekly_shares(
        world.people["principal"], world.school, dt.date(2026, 10, 26), dt.date(2026, 11, 8)
    )
    assert shares == [("2026-W44", None), ("2026-W45", 95.2)]
    assert week_bounds("2026-W53") == (dt.date(2026, 12, 28), dt.date(2027, 1, 3))
    with pytest.raises(ValueError, match="'2026-48' is not an ISO week such as 2026-W48."):
        week_bounds("2026-48")


def test_fast_timestamps_read_the_same_aware_utc_times_and_are_still_logged(cal: Calendar) -> None:
    query = Occurrence.objects.filter(calendar=cal).values_list("key", "start", "end").order_by("key")
    plain = list(query.all())
    with CaptureQueriesContext(connection) as captured, fast_timestamps(query.db):
        fast = list(query.all())
    after = list(query.all())
    assert fast == plain == after
    assert len(fast) == 4 and len(captured.captured_queries) == 1
    assert all(t.tzinfo is dt.UTC for _, start, end in fast for t in (start, end))
