"""Riverbend Unified: Maple Grove Middle School (the main demo school) and Cedar Park Elementary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from sideline.demo import DEMO_PASSWORD, DemoContext
from sideline.schools import services
from sideline.schools.models import Person, School
from sideline.schools.roles import Role, role_label

YEAR_START = dt.date(2026, 8, 17)
YEAR_END = dt.date(2027, 5, 28)

# (name, email local part, role) — one login per role at the main school.
MAPLE_STAFF: list[tuple[str, str, str]] = [
    ("Denise Whitfield", "principal", Role.PRINCIPAL),
    ("Marcus Oyelaran", "ap", Role.ASSISTANT_PRINCIPAL),
    ("Priya Raman", "coach", Role.INSTRUCTIONAL_COACH),
    ("Lorraine Castillo", "assistant", Role.ADMINISTRATIVE_ASSISTANT),
    ("Gary Feldman", "bookkeeper", Role.BOOKKEEPER),
    ("Ines Marquez", "registrar", Role.REGISTRAR),
    ("Walt Jablonski", "custodian", Role.CUSTODIAN),
    ("Nora Adeyemi", "nurse", Role.NURSE),
    ("Sam Lindqvist", "counselor", Role.COUNSELOR),
    ("Kevin Tran", "tech", Role.TECHNOLOGY),
    ("Rosa Delgado", "volunteers", Role.VOLUNTEER_COORDINATOR),
]

# (name, grade, subject, room)
MAPLE_TEACHERS: list[tuple[str, str, str, str]] = [
    ("Anna Kowalski", "7", "ELA", "31"),
    ("Daniel Batista", "8", "Math", "12"),
    ("Grace Mwangi", "6", "Science", "22"),
    ("Tomás Herrera", "7", "Social Studies", "33"),
    ("Hannah Brooks", "6", "ELA", "14"),
    ("Jamal Pierce", "8", "Science", "24"),
    ("Mei Chen", "7", "Math", "11"),
    ("Olivia Novak", "6", "Math", "15"),
    ("Ravi Shah", "8", "ELA", "35"),
    ("Leah Goldberg", "7", "Science", "23"),
    ("Carlos Mendoza", "6", "Social Studies", "16"),
    ("Fatima Haddad", "8", "Social Studies", "34"),
    ("Peter Lindgren", "6-8", "Music", "B2"),
    ("Aisha Bello", "6-8", "Art", "B4"),
    ("Brian O'Connell", "6-8", "PE", "Gym"),
    ("Sofia Rossi", "7", "Spanish", "18"),
    ("Ethan Walker", "8", "Math", "13"),
    ("Yuki Tanaka", "6-8", "Special Education", "20"),
    ("Michelle Dubois", "6", "Science", "21"),
    ("Kwame Asante", "7", "ELA", "32"),
    ("Laura Jensen", "8", "Spanish", "19"),
    ("Omar Farouk", "6-8", "Technology", "Lab 1"),
    ("Rachel Levine", "6-8", "ELL", "17"),
    ("Victor Nguyen", "7", "Social Studies", "36"),
    ("Zoe Papadakis", "8", "ELA", "37"),
]

PRIORITIES = [
    "Every lesson checks for understanding before moving on",
    "Students talk more than teachers: structured academic discourse",
    "Grade-level texts for every reader, with scaffolds not substitutes",
]

HOLIDAYS: list[tuple[str, str, str]] = [
    ("2026-09-07", "holiday", "Labor Day"),
    ("2026-10-09", "teacher_workday", "Teacher workday"),
    ("2026-10-12", "holiday", "Fall break"),
    ("2026-11-03", "teacher_workday", "Election day PD"),
    ("2026-11-25", "break", "Thanksgiving break"),
    ("2026-11-26", "holiday", "Thanksgiving"),
    ("2026-11-27", "holiday", "Thanksgiving"),
    *[(f"2026-12-{d:02d}", "break", "Winter break") for d in (21, 22, 23, 24, 25, 28, 29, 30, 31)],
    ("2027-01-01", "holiday", "New Year's Day"),
    ("2027-01-04", "teacher_workday", "Teacher workday"),
    ("2027-01-18", "holiday", "Martin Luther King Jr. Day"),
    ("2027-02-15", "holiday", "Presidents' Day"),
    *[(f"2027-03-{d:02d}", "break", "Spring break") for d in (15, 16, 17, 18, 19)],
    ("2027-04-02", "holiday", "Spring holiday"),
]


def _email(local: str, school: str) -> str:
    return f"{local}@{school}.example.org"


@transaction.atomic
def build_schools(*, today: dt.date, log: Callable[[str], None] = print) -> DemoContext:
    district = services.district_ensure(name="Riverbend Unified School District", slug="riverbend")
    maple = services.school_ensure(
        district=district,
        name="Maple Grove Middle School",
        slug="maple-grove",
        timezone="America/Chicago",
        year_start=YEAR_START,
        year_end=YEAR_END,
        vision="Every student reads, writes and reasons like a scholar, in every classroom, every day.",
    )
    cedar = services.school_ensure(
        district=district,
        name="Cedar Park Elementary",
        slug="cedar-park",
        timezone="America/Chicago",
        year_start=YEAR_START,
        year_end=YEAR_END,
        vision="Joyful, rigorous learning for every child.",
        coaching_target_pct=45,
    )
    services.school_set_priorities(school=maple, titles=PRIORITIES)
    services.school_set_priorities(school=cedar, titles=["Foundational reading skills", "Number sense"])
    holidays = [(dt.date.fromisoformat(d), k, label) for d, k, label in HOLIDAYS]
    services.school_set_non_contact_days(school=maple, days=holidays)
    services.school_set_non_contact_days(school=cedar, days=holidays)

    ctx = DemoContext(today=today, district=district, school=maple, other_school=cedar, log=log)

    def add(school: School, name: str, local: str, role: str, login: bool = True, **extra: str) -> Person:
        person = services.person_ensure(
            district=district,
            name=name,
            email=_email(local, school.slug.replace("-", "")),
            password=DEMO_PASSWORD if login else None,
            **extra,
        )
        services.membership_ensure(person=person, role=role, school=school)
        if school == maple:
            ctx.people.setdefault(role, []).append(person)
        if login:
            ctx.logins.append((role_label(role), school.name, name, person.email))
        return person

    for name, local, role in MAPLE_STAFF:
        add(maple, name, local, role)
    for index, (name, grade, subject, room) in enumerate(MAPLE_TEACHERS):
        local = name.lower().split()[-1].replace("'", "")
        add(maple, name, local, Role.TEACHER, login=index == 0, grade=grade, subject=subject, room=room)
    add(cedar, "Harold Kim", "principal", Role.PRINCIPAL)
    add(cedar, "Bettina Alvarez", "assistant", Role.ADMINISTRATIVE_ASSISTANT, login=False)
    for name, grade, room in [
        ("Jo Whitaker", "K", "3"),
        ("Elena Petrova", "2", "9"),
        ("Sam Okoro", "4", "14"),
    ]:
        add(
            cedar,
            name,
            name.lower().split()[-1],
            Role.TEACHER,
            login=False,
            grade=grade,
            subject="All",
            room=room,
        )

    leader = services.person_ensure(
        district=district,
        name="Dr. Angela Moss",
        email="superintendent@riverbend.example.org",
        password=DEMO_PASSWORD,
    )
    services.membership_ensure(person=leader, role=Role.DISTRICT_LEADER, school=None)
    ctx.logins.append(("District leader", "all schools, read-only", leader.name, leader.email))
    return ctx
