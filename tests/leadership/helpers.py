"""Fixed calendar data for the leadership tests: stored occurrences written directly, as an import would."""

from __future__ import annotations

import datetime as dt
import hashlib

from sideline.calendars.models import Calendar, Occurrence
from sideline.schools.models import Person, School


def calendar_for(school: School, owner: Person) -> Calendar:
    return Calendar.objects.get_or_create(school=school, owner=owner, name="Work")[0]


def add_event(
    calendar: Calendar,
    day: dt.date,
    start: dt.time,
    minutes: int,
    title: str,
    category: str,
    *,
    series_uid: str = "",
) -> Occurrence:
    zone = calendar.school.zone
    begin = dt.datetime.combine(day, start, zone)
    uid = f"{title}-{day:%Y%m%d}-{start:%H%M}"
    return Occurrence.objects.create(
        calendar=calendar,
        key=uid,
        uid=uid,
        series_uid=series_uid or uid,
        start=begin.astimezone(dt.UTC),
        end=(begin + dt.timedelta(minutes=minutes)).astimezone(dt.UTC),
        title=title,
        fingerprint=hashlib.sha1(uid.encode()).hexdigest(),
        category=category,
    )


def week_of_work(calendar: Calendar, monday: dt.date, coaching_minutes: int, technical_minutes: int) -> None:
    """One Monday block of Coaching Work and one of Technical Work: the week's share is set by the two."""
    add_event(calendar, monday, dt.time(8, 0), coaching_minutes, "Classroom visits", "coaching")
    add_event(
        calendar, monday + dt.timedelta(days=1), dt.time(8, 0), technical_minutes, "Paperwork", "technical"
    )
