from __future__ import annotations

import datetime as dt

import pytest

from sideline.calendars import demo as calendars_demo
from sideline.calendars.models import Calendar, FeedToken, Occurrence, SeriesCorrection
from sideline.calendars.selectors import week_summary, weekly_shares
from sideline.schools.demo import build_schools
from sideline.schools.roles import Role


@pytest.mark.django_db
def test_demo_calendars_are_idempotent_and_make_the_gauge_interesting() -> None:
    ctx = build_schools(today=dt.date(2026, 11, 23), log=lambda _m: None)
    ctx.log = lambda _m: None
    calendars_demo.build(ctx)
    snapshot = sorted(Occurrence.objects.values_list("key", "fingerprint", "category"))
    tokens = list(FeedToken.objects.values_list("token", flat=True))
    calendars_demo.build(ctx)
    assert sorted(Occurrence.objects.values_list("key", "fingerprint", "category")) == snapshot
    assert list(FeedToken.objects.values_list("token", flat=True)) == tokens
    assert Calendar.objects.count() == 2
    assert SeriesCorrection.objects.count() == 3
    principal = ctx.one(Role.PRINCIPAL)
    week = week_summary(principal, "2026-W48", ctx.school)
    assert week.total_hours > 0
    assert week.double_bookings != []
    shares = dict(weekly_shares(principal, ctx.school, dt.date(2026, 10, 19), dt.date(2026, 11, 22)))
    numbers = [s for s in shares.values() if s is not None]
    assert (
        min(numbers) < ctx.school.coaching_target_pct + 15
        and max(numbers) > ctx.school.coaching_target_pct - 15
    )
    assert Occurrence.objects.filter(private=True).exclude(title="").count() == 0
    assert Occurrence.objects.filter(declined=True).count() > 0
    assert Occurrence.objects.filter(cancelled=True).count() == 2 * 2
