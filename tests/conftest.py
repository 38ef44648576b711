"""Shared fixtures: a district with two schools and one named user per role.

Named users make permission tests read like the matrix they check (healthchecks' alice/bob/charlie).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client

from sideline.schools import services
from sideline.schools.models import District, Person, School
from sideline.schools.roles import Role

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

PASSWORD = "correct-horse-battery"


@dataclass
class World:
    district: District
    school: School
    other_school: School
    #: role key (or "outsider", "other_teacher") -> the user holding it
    users: dict[str, AbstractBaseUser] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def client_for(self, who: str) -> Client:
        client = Client()
        client.force_login(self.users[who])
        return client


def make_world() -> World:
    district = services.district_ensure(name="Test District", slug="testdistrict")
    school = services.school_ensure(
        district=district,
        name="Lakeside Middle",
        slug="lakeside",
        timezone="America/Chicago",
        year_start=dt.date(2026, 8, 17),
        year_end=dt.date(2027, 5, 28),
        vision="Every student reasons like a scholar.",
    )
    services.school_set_priorities(school=school, titles=["Checks for understanding", "Student discourse"])
    other = services.school_ensure(
        district=district,
        name="Hilltop Elementary",
        slug="hilltop",
        timezone="America/New_York",
        year_start=dt.date(2026, 8, 17),
        year_end=dt.date(2027, 5, 28),
    )
    world = World(district=district, school=school, other_school=other)

    def add(key: str, name: str, role: str, at: School | None, **extra: str) -> None:
        person = services.person_ensure(
            district=district, name=name, email=f"{key}@example.org", password=PASSWORD, **extra
        )
        services.membership_ensure(person=person, role=role, school=at)
        world.users[key] = person.user  # type: ignore[assignment]
        world.people[key] = person

    names = {
        Role.PRINCIPAL: "Alice Principal",
        Role.ASSISTANT_PRINCIPAL: "Aaron Assistant",
        Role.INSTRUCTIONAL_COACH: "Cora Coach",
        Role.ADMINISTRATIVE_ASSISTANT: "Adele Admin",
        Role.BOOKKEEPER: "Bo Bookkeeper",
        Role.REGISTRAR: "Rita Registrar",
        Role.CUSTODIAN: "Cal Custodian",
        Role.NURSE: "Nina Nurse",
        Role.COUNSELOR: "Connor Counselor",
        Role.TECHNOLOGY: "Tess Tech",
        Role.VOLUNTEER_COORDINATOR: "Vera Volunteers",
    }
    for role, name in names.items():
        add(role, name, role, school)
    add(Role.TEACHER, "Tom Teacher", Role.TEACHER, school, grade="7", subject="ELA", room="31")
    add("other_teacher", "Olga Otherteacher", Role.TEACHER, school, grade="8", subject="Math", room="12")
    add(Role.DISTRICT_LEADER, "Dana District", Role.DISTRICT_LEADER, None)
    add("outsider", "Oscar Outsider", Role.PRINCIPAL, other)
    return world


@pytest.fixture
def world(db: None) -> World:
    return make_world()


@pytest.fixture(autouse=True)
def _fast_settings(settings: object) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    # Django-side tests use the word model; the engine's own tests cover the embedding half.
    settings.SIDELINE_TRIAGE_EMBEDDINGS = False  # type: ignore[attr-defined]
