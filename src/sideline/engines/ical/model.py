"""Typed results of the calendar engine, shared by parsing, the audit and the Django app."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime
from operator import attrgetter
from typing import Any

CATEGORIES: tuple[str, ...] = ("coaching", "technical", "leveraged", "personal")


class CalendarError(ValueError):
    """The calendar as a whole cannot be read (too large, not iCalendar, unknown zone argument)."""


@dataclass(frozen=True, slots=True)
class EventError:
    """One event that could not be imported as it stands; `message` names it for a person to find."""

    uid: str
    summary: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One expanded instance of a calendar event.

    `start`/`end` are aware UTC datetimes. For all-day events they are the local midnights
    (in the calendar's zone) of `start_date` and the day after `end_date`; `end_date` is the
    last day the event covers (inclusive), not iCalendar's exclusive DTEND.
    """

    uid: str
    recurrence_id: str
    key: str
    series_uid: str
    start: datetime
    end: datetime
    all_day: bool
    start_date: date
    end_date: date
    title: str
    description: str
    location: str
    status: str
    cancelled: bool
    declined: bool
    private: bool
    recurring: bool
    sequence: int
    fingerprint: str

    def __reduce__(self) -> tuple[type[Occurrence], tuple[Any, ...]]:
        # Pickled by value, as the constructor's arguments: parsed years travel from the import's
        # worker processes in this form, and the default for a frozen slots class sets each field
        # through a Python loop on both sides, about twice as slow.
        return (Occurrence, _occurrence_values(self))


_occurrence_values = attrgetter(*(f.name for f in fields(Occurrence)))


@dataclass(slots=True)
class ParseResult:
    occurrences: list[Occurrence] = field(default_factory=list)
    # Events left out: each message names the event (SUMMARY and UID) and what was wrong.
    errors: list[EventError] = field(default_factory=list)
    # Events imported with a caveat, e.g. an unknown TZID read in the calendar's zone instead.
    warnings: list[EventError] = field(default_factory=list)
    calendar_name: str = ""
    timezone: str = ""
