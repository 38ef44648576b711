from __future__ import annotations

import datetime as dt

import pytest

from sideline.schools.demo import build_schools
from sideline.schools.roles import Role
from sideline.triage import demo
from sideline.triage.models import Correction, TriageItem, TriageState


def _snapshot() -> tuple[object, ...]:
    items = sorted(
        TriageItem.objects.values_list(
            "text", "category", "delegate_to", "needs_review", "corrected", "status"
        )
    )
    corrections = sorted(Correction.objects.values_list("text", "category", "delegate_to"))
    return (items, corrections, list(TriageState.objects.values_list("stamp", flat=True)))


@pytest.mark.django_db
def test_demo_inbox_is_realistic_and_idempotent() -> None:
    ctx = build_schools(today=dt.date(2026, 11, 23), log=lambda _m: None)
    demo.build(ctx)
    first = _snapshot()
    demo.build(ctx)
    assert _snapshot() == first

    items = TriageItem.objects.filter(school=ctx.school, author=ctx.one(Role.PRINCIPAL))
    assert items.count() == 15
    assert items.filter(status="open").count() == 14
    assert [i.text for i in items.filter(status="open") if i.owner_unsure] == ["Chase the paperwork for J."]
    assert items.filter(category="technical").exclude(delegate_to=None).count() >= 4
    assert items.filter(needs_review=True, status="open").count() >= 1
    assert list(items.filter(corrected=True).values_list("text", "category")) == [
        ("Data mtg w/ 7th gr team", "coaching")
    ]
    assert sorted(Correction.objects.filter(school=ctx.school).values_list("text", "category")) == [
        ("Data mtg w/ 7th gr team", "coaching"),
        ("Staff book study", "leveraged"),
    ]
    assert not Correction.objects.filter(school=ctx.other_school).exists()
