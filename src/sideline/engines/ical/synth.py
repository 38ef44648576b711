"""Realistic synthetic calendars for benchmarks: a principal's school year, as Google exports it.

Deterministic for a seed, so the engine's and the Django app's benchmarks measure the same files.
A year holds about 3,000 occurrences: daily duties and walkthroughs, weekly coaching cycles and
meetings, fortnightly and monthly series, holidays removed with EXDATE, moved and cancelled
instances, private and declined events, all-day events, and several hundred one-off meetings.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

YEAR_START = date(2026, 8, 17)
YEAR_END = date(2027, 5, 28)
TZ = "America/Chicago"
HOLIDAYS: tuple[tuple[date, date], ...] = (
    (date(2026, 9, 7), date(2026, 9, 7)),
    (date(2026, 11, 23), date(2026, 11, 27)),
    (date(2026, 12, 21), date(2027, 1, 1)),
    (date(2027, 1, 18), date(2027, 1, 18)),
    (date(2027, 3, 15), date(2027, 3, 19)),
)

_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:America/Chicago",
    "X-LIC-LOCATION:America/Chicago",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:-0600",
    "TZOFFSETTO:-0500",
    "TZNAME:CDT",
    "DTSTART:19700308T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:-0500",
    "TZOFFSETTO:-0600",
    "TZNAME:CST",
    "DTSTART:19701101T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)
_TEACHERS = (
    "Ms. Lee", "Mr. Diaz", "Ms. Park", "Mr. Okafor", "Ms. Nguyen", "Mr. Rossi", "Ms. Haddad", "Mr. Kim",
    "Ms. Patel", "Mr. Brown", "Ms. Cohen", "Mr. Silva", "Ms. Novak", "Mr. Adeyemi",
)  # fmt: skip
_ONE_OFFS = (
    "Parent meeting: attendance", "IEP meeting", "Budget review with bookkeeper", "Call with district facilities",
    "Student discipline conference", "Interview: math teacher candidate", "Vendor demo: reading software",
    "Fire drill debrief", "Meet with PTA president", "Review master schedule", "Sign payroll",
    "Teacher check-in", "Plan PD session", "Bus route complaint call", "Counselor case review",
    "Enrollment paperwork", "Grant report", "Text-book inventory", "Field trip approval", "Data deep-dive",
)  # fmt: skip


def _school_days(start: date, end: date) -> list[date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5 and not any(a <= day <= b for a, b in HOLIDAYS):
            days.append(day)
        day += timedelta(days=1)
    return days


def _holiday_weekdays(start: date, end: date) -> list[date]:
    out = []
    for a, b in HOLIDAYS:
        day = a
        while day <= b:
            if day.weekday() < 5 and start <= day <= end:
                out.append(day)
            day += timedelta(days=1)
    return out


def _stamp(day: date, hour: int, minute: int) -> str:
    return f"{day:%Y%m%d}T{hour:02d}{minute:02d}00"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def principal_year(
    seed: int, *, start: date = YEAR_START, end: date = YEAR_END, owner: str | None = None
) -> str:
    """One principal's calendar for the school year, as iCalendar text."""
    rng = random.Random(seed)
    owner = owner or f"leader{seed}@example.org"
    lines: list[str] = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{owner}",
        f"X-WR-TIMEZONE:{TZ}",
        *_VTIMEZONE,
    ]
    days = _school_days(start, end)
    until = f"{end:%Y%m%d}T235959Z"
    stamp = "DTSTAMP:20260801T000000Z"
    uid_n = 0

    def vevent(
        summary: str,
        day: date,
        hm: tuple[int, int],
        minutes: int,
        *extra: str,
        uid: str | None = None,
        status: str = "CONFIRMED",
    ) -> str:
        nonlocal uid_n
        if uid is None:
            uid_n += 1
            uid = f"{seed}-{uid_n}@synth.sideline"
        begin = datetime(day.year, day.month, day.day, *hm)
        finish = begin + timedelta(minutes=minutes)
        lines.extend(
            [
                "BEGIN:VEVENT",
                f"DTSTART;TZID={TZ}:{_stamp(day, *hm)}",
                f"DTEND;TZID={TZ}:{_stamp(finish.date(), finish.hour, finish.minute)}",
                stamp,
                f"UID:{uid}",
                # What Google writes besides the times: the engine drops these before parsing.
                f"ORGANIZER;CN={owner}:mailto:{owner}",
                "CREATED:20260801T000000Z",
                "LAST-MODIFIED:20260810T120000Z",
                f"LOCATION:Room {rng.randint(100, 250)}",
                *[
                    f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;CN=staff{k}@example.org;"
                    f"X-NUM-GUESTS=0:mailto:staff{k}@example.org"
                    for k in range(rng.randint(0, 3))
                ],
                f"SUMMARY:{_escape(summary)}",
                *extra,
                f"STATUS:{status}",
                "TRANSP:OPAQUE",
                "END:VEVENT",
            ]
        )
        return uid

    def series(
        summary: str, rule: str, first: date, hm: tuple[int, int], minutes: int, exdates: list[date]
    ) -> None:
        extra = [f"RRULE:{rule};UNTIL={until}"]
        if exdates:
            extra.append(f"EXDATE;TZID={TZ}:" + ",".join(_stamp(d, *hm) for d in exdates))
        extra.append(f"ATTENDEE;CN=Leader;PARTSTAT=ACCEPTED:mailto:{owner}")
        uid = vevent(summary, first, hm, minutes, *extra)
        # Real calendars move and cancel a few instances of most series.
        candidates = [d for d in days if d >= first and d.weekday() == first.weekday()]
        for day in rng.sample(candidates, k=min(len(candidates), rng.randint(1, 3))):
            rid = f"RECURRENCE-ID;TZID={TZ}:{_stamp(day, *hm)}"
            if rng.random() < 0.4:
                vevent(summary, day, hm, minutes, rid, "SEQUENCE:1", uid=uid, status="CANCELLED")
            else:
                vevent(summary + " (moved)", day, (hm[0] + 1, hm[1]), minutes, rid, "SEQUENCE:1", uid=uid)

    holidays = _holiday_weekdays(start, end)
    first_day = days[0]
    for summary, hm, minutes in (
        ("Morning arrival duty", (7, 30), 30),
        ("Classroom walkthroughs", (9, 0), 60),
        ("Lunch duty", (11, 30), 30),
        ("Email and phone calls", (13, 0), 45),
        ("Dismissal duty", (15, 0), 30),
    ):
        series(summary, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", first_day, hm, minutes, holidays)
    for i, teacher in enumerate(_TEACHERS[: 10 + rng.randint(0, 4)]):
        weekday = days[i % 5]
        hour = 8 + (i * 2) % 7
        series(
            f"Observe {teacher}",
            "FREQ=WEEKLY",
            weekday,
            (hour, 0),
            30,
            [h for h in holidays if h.weekday() == weekday.weekday()],
        )
        series(f"Feedback meeting: {teacher}", "FREQ=WEEKLY", weekday, (hour + 1, 15), 30, [])
    for summary, rule, hm, minutes in (
        ("Leadership team meeting", "FREQ=WEEKLY;BYDAY=MO", (14, 0), 60),
        ("PLC: 6th grade", "FREQ=WEEKLY;BYDAY=TU", (10, 0), 50),
        ("PLC: 7th grade", "FREQ=WEEKLY;BYDAY=WE", (10, 0), 50),
        ("PLC: 8th grade", "FREQ=WEEKLY;BYDAY=TH", (10, 0), 50),
        ("Data meeting", "FREQ=WEEKLY;BYDAY=FR", (14, 0), 60),
        ("District principals' meeting", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", (13, 0), 120),
        ("Parent coffee", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", (8, 0), 45),
        ("School board meeting", "FREQ=MONTHLY;BYDAY=2TU", (18, 0), 150),
        ("Gym", "FREQ=WEEKLY;BYDAY=MO,WE", (17, 30), 60),
    ):
        series(summary, rule, first_day, hm, minutes, [])
    # The gym series (master and its moved instances) is private, as leaders mark personal blocks.
    lines[:] = [
        part
        for line in lines
        for part in ((line, "CLASS:PRIVATE") if line.startswith("SUMMARY:Gym") else (line,))
    ]
    for _ in range(rng.randint(800, 900)):
        day = rng.choice(days)
        hm = (rng.randint(7, 16), rng.choice((0, 15, 30, 45)))
        extra: list[str] = []
        roll = rng.random()
        if roll < 0.05:
            extra.append(f"ATTENDEE;CN=Leader;PARTSTAT=DECLINED:mailto:{owner}")
        elif roll < 0.08:
            extra.append("CLASS:PRIVATE")
        vevent(rng.choice(_ONE_OFFS), day, hm, rng.choice((15, 30, 45, 60, 90)), *extra)
    for a, b in HOLIDAYS:
        if start <= a <= end:
            uid_n += 1
            lines.extend(
                [
                    "BEGIN:VEVENT",
                    f"DTSTART;VALUE=DATE:{a:%Y%m%d}",
                    f"DTEND;VALUE=DATE:{b + timedelta(days=1):%Y%m%d}",
                    stamp,
                    f"UID:{seed}-{uid_n}@synth.sideline",
                    "SUMMARY:No school",
                    "TRANSP:TRANSPARENT",
                    "END:VEVENT",
                ]
            )
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def leaders(count: int, seed: int = 0) -> Iterator[tuple[str, str]]:
    """(owner email, calendar text) for `count` leaders."""
    for i in range(count):
        owner = f"leader{seed + i}@example.org"
        yield owner, principal_year(seed + i, owner=owner)
