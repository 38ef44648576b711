"""Writes for schools and people. Keyword-only, typed, each owning its transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from sideline.schools.models import District, Membership, NonContactDay, Person, Priority, School
from sideline.schools.roles import ROLE_KEYS, Role

MIN_PRIORITIES = 2
MAX_PRIORITIES = 5
_HONORIFICS = {"dr", "mr", "mrs", "ms", "mx", "prof"}


def district_ensure(*, name: str, slug: str) -> District:
    district, _ = District.objects.update_or_create(slug=slug, defaults={"name": name})
    return district


@transaction.atomic
def school_ensure(
    *,
    district: District,
    name: str,
    slug: str,
    timezone: str,
    year_start: dt.date,
    year_end: dt.date,
    vision: str = "",
    coaching_target_pct: int = 50,
    classroom_days_target: float = 2,
) -> School:
    school = School.objects.filter(slug=slug).first() or School(slug=slug)
    school.district = district
    school.name = name
    school.timezone = timezone
    school.year_start = year_start
    school.year_end = year_end
    school.vision = vision
    school.coaching_target_pct = coaching_target_pct
    school.classroom_days_target = classroom_days_target  # type: ignore[assignment]
    school.full_clean()
    school.save()
    return school


@transaction.atomic
def school_set_priorities(*, school: School, titles: Sequence[str]) -> list[Priority]:
    """Replace the school's instructional priorities, keeping rows whose title is unchanged."""
    cleaned = [t.strip() for t in titles if t.strip()]
    if not MIN_PRIORITIES <= len(cleaned) <= MAX_PRIORITIES:
        raise ValidationError(
            f"A school keeps {MIN_PRIORITIES} to {MAX_PRIORITIES} instructional priorities; {len(cleaned)} given."
        )
    if len({t.lower() for t in cleaned}) != len(cleaned):
        raise ValidationError("Two priorities have the same title.")
    existing = {p.title: p for p in school.priorities.all()}
    kept = []
    for position, title in enumerate(cleaned):
        priority = existing.pop(title, None) or Priority(school=school, title=title)
        priority.position = position
        priority.save()
        kept.append(priority)
    for stale in existing.values():
        stale.delete()
    return kept


@transaction.atomic
def school_set_non_contact_days(
    *, school: School, days: Iterable[tuple[dt.date, str, str]]
) -> list[NonContactDay]:
    """Replace the non-contact days (date, kind, label) of the school year."""
    rows = []
    seen = set()
    for date, kind, label in days:
        if date in seen:
            raise ValidationError(f"{date:%Y-%m-%d} is listed twice.")
        seen.add(date)
        if not school.year_start <= date <= school.year_end:
            raise ValidationError(f"{date:%Y-%m-%d} is outside the school year.")
        rows.append(NonContactDay(school=school, date=date, kind=kind, label=label))
    school.non_contact_days.all().delete()
    return NonContactDay.objects.bulk_create(rows)


@transaction.atomic
def person_ensure(
    *,
    district: District,
    name: str,
    email: str,
    grade: str = "",
    subject: str = "",
    room: str = "",
    password: str | None = None,
) -> Person:
    """Create or update a person by email; with a password, also their login (username = email)."""
    email = email.strip().lower()
    person = Person.objects.filter(district=district, email=email).first() or Person(
        district=district, email=email
    )
    person.name = name
    person.grade = grade
    person.subject = subject
    person.room = room
    person.full_clean()
    if password is not None:
        user_model = get_user_model()
        user = person.user or user_model.objects.filter(username=email).first()
        if user is None:
            user = user_model(username=email, email=email)
        words = [w for w in name.split() if w.lower().rstrip(".") not in _HONORIFICS] or name.split()
        user.first_name = words[0]
        user.last_name = " ".join(words[1:])
        user.set_password(password)
        user.save()
        person.user = user
    person.save()
    return person


def membership_ensure(*, person: Person, role: str, school: School | None) -> Membership:
    if role not in ROLE_KEYS:
        raise ValidationError(f"{role!r} is not a role; use one of {', '.join(sorted(ROLE_KEYS))}.")
    if role == Role.DISTRICT_LEADER:
        school = None
    elif school is None:
        raise ValidationError(f"The {role} role is held at a school.")
    membership, _ = Membership.objects.get_or_create(person=person, role=role, school=school)
    return membership
