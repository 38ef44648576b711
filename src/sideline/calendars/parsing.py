"""The part of a calendar import that runs in worker processes: parse one calendar, return plain data.

Django-free on purpose: a "spawn" worker imports this module (and the engine) only, so it starts fast,
never touches a database connection, and the function below is picklable by name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sideline.engines import ical


@dataclass(frozen=True, slots=True)
class ParseJob:
    """Everything a worker needs to parse one calendar; exactly one of data and path is set."""

    index: int
    data: bytes | str | None
    path: str | None
    start: dt.date
    end: dt.date
    default_tz: str
    owner_email: str


@dataclass(frozen=True, slots=True)
class ParseOutcome:
    index: int
    result: ical.ParseResult | None
    #: Why nothing could be read at all (then `result` is None).
    fatal: str = ""


def parse_job(job: ParseJob) -> ParseOutcome:
    """Parse one calendar; a calendar that cannot be read is an outcome, never an exception."""
    try:
        if job.path is not None:
            result = ical.parse_file(
                Path(job.path),
                start=job.start,
                end=job.end,
                default_tz=job.default_tz,
                owner_email=job.owner_email,
            )
        else:
            assert job.data is not None
            result = ical.parse_calendar(
                job.data,
                start=job.start,
                end=job.end,
                default_tz=job.default_tz,
                owner_email=job.owner_email,
            )
    except ical.CalendarError as exc:
        return ParseOutcome(job.index, None, str(exc))
    return ParseOutcome(job.index, result)
