"""Reads of calendar time that other apps use (the coaching planner, the daily meeting)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from sideline.calendars.models import Occurrence, PlannedBlock
from sideline.schools.models import Person


def busy_intervals(
    person: Person, start: dt.datetime, end: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The person's committed time in [start, end): counted calendar events and accepted planned blocks.

    All-day, cancelled and declined events do not make a person busy.
    """
    events = Occurrence.objects.filter(
        calendar__owner=person, all_day=False, cancelled=False, declined=False, start__lt=end, end__gt=start
    ).values_list("start", "end")
    blocks = PlannedBlock.objects.filter(
        Q(status=PlannedBlock.Status.ACCEPTED), person=person, start__lt=end, end__gt=start
    ).values_list("start", "end")
    return sorted([*events, *blocks])
