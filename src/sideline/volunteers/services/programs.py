"""Programs, their shift templates and shifts, and the family roster."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from sideline.schools.models import School, contact_days
from sideline.volunteers.models import (
    Household,
    Program,
    Shift,
    ShiftTemplate,
    Volunteer,
)
from sideline.volunteers.roster import Roster, parse_roster


def program_create(
    *,
    school: School,
    name: str,
    description: str = "",
    requires_background_check: bool = False,
    max_no_shows: int = 0,
    drop_notice_hours: int = 48,
) -> Program:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": "Give the program a name."})
    if Program.objects.filter(school=school, name__iexact=name).exists():
        raise ValidationError({"name": f"There is already a program called {name!r}."})
    return Program.objects.create(
        school=school,
        name=name,
        description=description,
        requires_background_check=requires_background_check,
        max_no_shows=max_no_shows,
        drop_notice_hours=drop_notice_hours,
    )


def template_create(
    *,
    program: Program,
    weekdays: list[int],
    start_time: dt.time,
    end_time: dt.time,
    need: int,
    label: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> ShiftTemplate:
    school = program.school
    starts_on = starts_on or school.year_start
    ends_on = ends_on or school.year_end
    errors: dict[str, str] = {}
    if not weekdays or any(not 0 <= d <= 6 for d in weekdays):
        errors["weekdays"] = "Pick at least one weekday."
    if end_time <= start_time:
        errors["end_time"] = "The shift must end after it starts."
    if need < 1:
        errors["need"] = "A shift needs at least one person."
    if ends_on < starts_on:
        errors["ends_on"] = "The date range ends before it starts."
    if errors:
        raise ValidationError(errors)
    return ShiftTemplate.objects.create(
        program=program,
        label=label,
        weekdays=sorted(set(weekdays)),
        start_time=start_time,
        end_time=end_time,
        need=need,
        starts_on=starts_on,
        ends_on=ends_on,
    )


def _aware(school: School, day: dt.date, at: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=school.zone).astimezone(dt.UTC)


def shifts_generate(*, program: Program) -> int:
    """Create the shifts of every template on the school's contact days; existing shifts are kept."""
    school = program.school
    existing = set(Shift.objects.filter(program=program).values_list("start", "end"))
    new: list[Shift] = []
    for template in program.templates.all():
        for day in contact_days(school, template.starts_on, template.ends_on):
            if day.weekday() not in template.weekdays:
                continue
            start, end = _aware(school, day, template.start_time), _aware(school, day, template.end_time)
            if (start, end) in existing:
                continue
            existing.add((start, end))
            new.append(
                Shift(
                    program=program,
                    template=template,
                    label=template.label,
                    start=start,
                    end=end,
                    need=template.need,
                )
            )
    with transaction.atomic():
        Shift.objects.bulk_create(new, batch_size=500)
    return len(new)


def shift_create(
    *, program: Program, day: dt.date, start_time: dt.time, end_time: dt.time, need: int, label: str = ""
) -> Shift:
    if end_time <= start_time:
        raise ValidationError({"end_time": "The shift must end after it starts."})
    if need < 1:
        raise ValidationError({"need": "A shift needs at least one person."})
    start, end = _aware(program.school, day, start_time), _aware(program.school, day, end_time)
    if Shift.objects.filter(program=program, start=start, end=end).exists():
        raise ValidationError(
            {"day": "This program already has a shift at that time; change its need instead."}
        )
    return Shift.objects.create(program=program, label=label, start=start, end=end, need=need)


@dataclass
class ImportReport:
    households_created: int = 0
    households_merged: int = 0
    volunteers_created: int = 0
    volunteers_updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    rows_read: int = 0


def roster_import(*, school: School, raw: bytes, programs: list[Program] | None = None) -> ImportReport:
    """Import a roster CSV. An unusable file raises RosterError and saves nothing; bad rows are reported."""
    roster: Roster = parse_roster(raw)
    report = ImportReport(errors=[(e.row, e.message) for e in roster.errors], rows_read=roster.rows_read)
    programs = [p for p in programs or [] if p.school_id == school.pk]
    with transaction.atomic():
        existing = {
            h.key: h
            for h in Household.objects.filter(school=school, key__in=[f.key for f in roster.families])
        }
        for family in roster.families:
            household = existing.get(family.key)
            grades = ", ".join(family.grades)
            if household is None:
                household = Household.objects.create(
                    school=school, family_name=family.family_name, key=family.key, student_grades=grades
                )
                report.households_created += 1
            else:
                report.households_merged += 1
                if grades and grades != household.student_grades:
                    household.student_grades = grades
                    household.save(update_fields=["student_grades"])
            members = list(household.members.all())
            for parent in family.parents:
                match = next(
                    (
                        m
                        for m in members
                        if (parent.email and m.email.lower() == parent.email)
                        or m.name.lower() == parent.name.lower()
                    ),
                    None,
                )
                if match is None:
                    match = Volunteer.objects.create(
                        household=household, name=parent.name, email=parent.email, phone=parent.phone
                    )
                    members.append(match)
                    report.volunteers_created += 1
                else:
                    match.email = match.email or parent.email
                    match.phone = match.phone or parent.phone
                    match.save(update_fields=["email", "phone"])
                    report.volunteers_updated += 1
                if programs:
                    match.programs.add(*programs)
    return report
