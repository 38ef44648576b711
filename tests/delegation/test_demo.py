"""The delegation demo fills every screen and running it twice changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from sideline.delegation import demo
from sideline.delegation.models import AgendaItem, DailyMeeting, FirstResponder, WorkItem, WorkItemEvent
from sideline.schools.demo import build_schools


@pytest.mark.django_db
def test_demo_is_complete_and_idempotent() -> None:
    ctx = build_schools(today=dt.date(2026, 11, 23), log=lambda _: None)
    demo.build(ctx)
    counts = [m.objects.count() for m in (FirstResponder, WorkItem, WorkItemEvent, DailyMeeting, AgendaItem)]
    generated = DailyMeeting.objects.get().generated_at
    demo.build(ctx)
    assert [
        m.objects.count() for m in (FirstResponder, WorkItem, WorkItemEvent, DailyMeeting, AgendaItem)
    ] == counts
    assert DailyMeeting.objects.get().generated_at == generated
    assert FirstResponder.objects.filter(school=ctx.school).count() == 12
    states = set(WorkItem.objects.filter(school=ctx.school).values_list("state", flat=True))
    assert states == {"open", "in_progress", "done", "returned"}
    assert DailyMeeting.objects.get().date == dt.date(2026, 11, 23)
