from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from sideline import demo
from sideline.schools.models import Membership, Person, School
from sideline.schools.roles import FRONT_OFFICE, Role


@pytest.mark.django_db
def test_demo_is_realistic_and_idempotent() -> None:
    ctx = demo.build(today=dt.date(2026, 11, 23), log=lambda _m: None)
    counts = (Person.objects.count(), Membership.objects.count(), School.objects.count())
    demo.build(today=dt.date(2026, 11, 23), log=lambda _m: None)
    assert (Person.objects.count(), Membership.objects.count(), School.objects.count()) == counts
    maple = ctx.school
    roles_here = set(Membership.objects.filter(school=maple).values_list("role", flat=True))
    assert {
        Role.PRINCIPAL,
        Role.ASSISTANT_PRINCIPAL,
        Role.INSTRUCTIONAL_COACH,
        Role.VOLUNTEER_COORDINATOR,
        *FRONT_OFFICE,
    } <= roles_here
    teachers = Person.objects.filter(memberships__school=maple, memberships__role=Role.TEACHER)
    assert teachers.count() >= 25
    assert all(t.grade and t.subject and t.room for t in teachers)
    assert 2 <= maple.priorities.count() <= 5


@pytest.mark.django_db
def test_every_printed_login_reaches_its_own_home() -> None:
    ctx = demo.build(today=dt.date(2026, 11, 23), log=lambda _m: None)
    assert len(ctx.logins) >= 14
    for _role, _where, _name, login in ctx.logins:
        client = Client()
        assert client.login(username=login, password=demo.DEMO_PASSWORD), login
        response = client.get("/", follow=True)
        assert response.status_code == 200, login
        assert response.redirect_chain, login
    assert get_user_model().objects.filter(username="principal@maplegrove.example.org").exists()
