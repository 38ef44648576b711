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


@pytest.mark.django_db
def test_the_full_demo_offers_the_principal_a_lesson_for_triage() -> None:
    from django.test import Client

    from sideline import demo as full_demo
    from sideline.delegation.selectors import triage_item_of, triage_lesson

    ctx = full_demo.build(today=dt.date(2026, 11, 23), log=lambda _m: None)
    coordinator = ctx.one("volunteer_coordinator")
    item = WorkItem.objects.get(school=ctx.school, source="triage", owner=coordinator)
    lesson = triage_lesson(item, triage_item_of(item))
    assert lesson is not None and (lesson.triage_item.delegate_to, lesson.role) == (
        "volunteers", "volunteer_coordinator"
    )  # fmt: skip
    client = Client()
    assert client.login(username="principal@maplegrove.example.org", password=full_demo.DEMO_PASSWORD)
    page = client.get(f"/s/{ctx.school.slug}/delegation/items/{item.pk}/").content.decode()
    assert "Suggest the volunteer coordinator for items like this" in page
