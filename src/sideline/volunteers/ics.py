"""Calendar files of a volunteer's shifts, for the family page and the publish email."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from icalendar import Calendar, Event

from sideline.volunteers.models import Assignment


def shifts_ics(assignments: Iterable[Assignment], *, name: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Sideline//Volunteers//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for a in assignments:
        shift = a.shift
        program = shift.program
        event = Event()
        # A stable UID lets a calendar update the event when the file is imported again.
        event.add("uid", f"volunteer-assignment-{a.pk}@sideline")
        event.add("dtstamp", stamp)
        event.add("dtstart", shift.start.astimezone(dt.UTC))
        event.add("dtend", shift.end.astimezone(dt.UTC))
        event.add("summary", f"{program.name} at {program.school.name}")
        if shift.label:
            event.add("description", shift.label)
        event.add("location", program.school.name)
        cal.add_component(event)
    return cal.to_ical()
