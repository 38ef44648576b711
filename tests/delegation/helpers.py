"""Builders shared by the delegation tests: calendars with a weekly series, triage items, work items."""

from __future__ import annotations

import contextlib
import datetime as dt
import zoneinfo
from collections.abc import Iterator

from sideline.calendars.models import Calendar, Occurrence, PlannedBlock
from sideline.delegation import services
from sideline.delegation.models import WorkItem
from sideline.schools.models import Person, School
from sideline.triage.models import TriageItem

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")


def local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=CHICAGO)


def calendar_for(school: School, owner: Person) -> Calendar:
    return Calendar.objects.create(school=school, owner=owner, name=f"{owner.name}'s calendar")


def event(
    calendar: Calendar,
    start: dt.datetime,
    minutes: int,
    title: str,
    category: str = "technical",
    series_uid: str | None = None,
    delegate_to: str = "",
) -> Occurrence:
    series = series_uid or f"{title}-{start.isoformat()}"
    key = f"{series}|{start.isoformat()}"
    return Occurrence.objects.create(
        calendar=calendar,
        key=key,
        uid=series,
        series_uid=series,
        recurrence_id=start.isoformat() if series_uid else "",
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        title=title,
        fingerprint=key[:64],
        category=category,
        recurring=series_uid is not None,
        delegate_to=delegate_to,
    )


def weekly_series(
    calendar: Calendar, first: dt.date, weeks: int, hour: int, minutes: int, title: str, delegate_to: str = ""
) -> list[Occurrence]:
    return [
        event(
            calendar,
            local(first + dt.timedelta(weeks=w), hour),
            minutes,
            title,
            series_uid=f"series-{title}",
            delegate_to=delegate_to,
        )
        for w in range(weeks)
    ]


def visit(school: School, person: Person, start: dt.datetime, minutes: int, title: str) -> PlannedBlock:
    return PlannedBlock.objects.create(
        school=school,
        person=person,
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        title=title,
        category="coaching",
        kind="classroom_visit",
        source="coaching",
        status=PlannedBlock.Status.ACCEPTED,
    )


def triage_item(
    school: School, author: Person, text: str, category: str = "technical", delegate_to: str | None = None
) -> TriageItem:
    return TriageItem.objects.create(
        school=school,
        author=author,
        text=text,
        category=category,
        confidence=0.9,
        delegate_to=delegate_to,
        rationale="test",
    )


def work_item(
    school: School, title: str, area: str, actor: Person | None = None, **extra: object
) -> WorkItem:
    return services.work_item_create(school=school, title=title, area=area, actor=actor, **extra)  # type: ignore[arg-type]


def day_bounds_entries(school: School, person: Person, day: dt.date) -> list[object]:
    from sideline.delegation import selectors

    start, end = selectors.day_bounds(school, day)
    return list(selectors.leader_entries(school, person, start, end))


class Inbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.envelopes: list[object] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on 127.0.0.1, on a free port, for as long as the block runs."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def use_smtp(settings: object, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_HOST = "127.0.0.1"  # type: ignore[attr-defined]
    settings.EMAIL_PORT = port  # type: ignore[attr-defined]
    settings.EMAIL_USE_TLS = False  # type: ignore[attr-defined]
    settings.EMAIL_USE_SSL = False  # type: ignore[attr-defined]
    settings.EMAIL_HOST_USER = ""  # type: ignore[attr-defined]
    settings.EMAIL_HOST_PASSWORD = ""  # type: ignore[attr-defined]
    settings.EMAIL_TIMEOUT = 5  # type: ignore[attr-defined]
