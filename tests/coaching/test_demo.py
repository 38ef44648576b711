"""The coaching demo: every screen has something real on it, and a second run changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from sideline import demo
from sideline.calendars.models import PlannedBlock
from sideline.coaching import selectors
from sideline.coaching.models import CheckIn, Goal, Observation, Support, TeacherTimetable


def counts() -> tuple[int, ...]:
    return tuple(
        m.objects.count() for m in (Observation, Goal, CheckIn, Support, TeacherTimetable, PlannedBlock)
    )


@pytest.mark.django_db
def test_demo_is_idempotent_and_has_what_the_issue_asks() -> None:
    ctx = demo.build(today=dt.date(2026, 11, 23), log=lambda _m: None)
    first = counts()
    demo.build(today=dt.date(2026, 11, 23), log=lambda _m: None)
    assert counts() == first
    school = ctx.school
    cov = selectors.coverage(school, today=dt.date(2026, 11, 23))
    assert [r.teacher.name for r in cov.overdue] == ["Carlos Mendoza"]
    anna = ctx.people["teacher"][0]
    assert list(Goal.objects.filter(teacher=anna, state="active").values_list("wording", flat=True)) == [
        "Check for understanding with whiteboards before every independent practice."
    ]
    assert Goal.objects.get(teacher=anna, state="active").checkins.count() == 3
    assert Goal.objects.filter(school=school, priority__isnull=True).count() == 1
    teachers = ctx.people["teacher"]
    planning = (
        TeacherTimetable.objects.filter(kind="planning").values_list("teacher_id", flat=True).distinct()
    )
    assert set(planning) == {t.pk for t in teachers}
    assert Observation.objects.filter(school=school, acknowledged_at__isnull=True).exists()
    assert Observation.objects.filter(school=school, is_evaluation=True).exists()
    last = Observation.objects.filter(school=school).order_by("-start").first()
    assert last is not None and last.start.astimezone(school.zone).date() <= dt.date(2026, 11, 20)
    # No teacher is over the school's open-next-step limit.
    for t in teachers:
        assert selectors.open_next_steps(school, t).count() <= 2
