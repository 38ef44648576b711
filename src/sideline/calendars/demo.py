"""Demo calendars: a fall term for Maple Grove's principal and assistant principal.

Generated with a seeded generator (so the demo is identical every run) as the iCalendar text a Google
export holds, then imported through the real import service. The principal's Coaching share climbs
over the term and sits around the school's target in recent weeks, so the home gauge is interesting.
"""

from __future__ import annotations

import datetime as dt
import random

from sideline.calendars import services
from sideline.calendars.models import Calendar
from sideline.demo import DemoContext
from sideline.schools.models import NonContactDay, Person, School
from sideline.schools.roles import Role

TERM_START = dt.date(2026, 8, 17)
TERM_END = dt.date(2026, 12, 18)
TZ = "America/Chicago"


def _stamp(day: dt.date, hour: int, minute: int) -> str:
    return f"{day:%Y%m%d}T{hour:02d}{minute:02d}00"


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


def term_ics(school: School, owner: Person, teachers: list[Person], *, seed: int, coaching_boost: int) -> str:
    rng = random.Random(seed)
    closed = set(
        NonContactDay.objects.filter(school=school, date__range=(TERM_START, TERM_END)).values_list(
            "date", flat=True
        )
    )
    days = [
        TERM_START + dt.timedelta(days=i)
        for i in range((TERM_END - TERM_START).days + 1)
        if (TERM_START + dt.timedelta(days=i)).weekday() < 5
        and TERM_START + dt.timedelta(days=i) not in closed
    ]
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Sideline demo//EN", f"X-WR-CALNAME:{_esc(owner.name)}",
        f"X-WR-TIMEZONE:{TZ}",
    ]  # fmt: skip
    n = 0

    def add(
        title: str, day: dt.date, hm: tuple[int, int], minutes: int, *extra: str, uid: str | None = None
    ) -> str:
        nonlocal n
        if uid is None:
            n += 1
            uid = f"demo-{seed}-{n}@sideline"
        start = dt.datetime(day.year, day.month, day.day, *hm)
        end = start + dt.timedelta(minutes=minutes)
        lines.extend(
            ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260801T000000Z", f"SUMMARY:{_esc(title)}",
             f"DTSTART;TZID={TZ}:{_stamp(day, *hm)}", f"DTEND;TZID={TZ}:{_stamp(end.date(), end.hour, end.minute)}",
             *extra, "END:VEVENT"]
        )  # fmt: skip
        return uid

    until = f"UNTIL={TERM_END:%Y%m%d}T235959Z"

    def series(title: str, byday: str, hm: tuple[int, int], minutes: int, *extra: str) -> str:
        first = next(d for d in days if d.strftime("%a")[:2].upper() in byday)
        skipped = [d for d in sorted(closed) if d.strftime("%a")[:2].upper() in byday and d >= first]
        exdate = [f"EXDATE;TZID={TZ}:" + ",".join(_stamp(d, *hm) for d in skipped)] if skipped else []
        return add(title, first, hm, minutes, f"RRULE:FREQ=WEEKLY;BYDAY={byday};{until}", *exdate, *extra)

    daily = "MO,TU,WE,TH,FR"
    series("Morning arrival duty", daily, (7, 30), 30)
    series("Classroom walkthroughs", daily, (9, 0), 60)
    series("Lunch duty", daily, (11, 30), 30)
    series("Email and phone calls", daily, (13, 0), 45)
    series("Dismissal duty", daily, (15, 0), 30)
    series("Leadership team meeting", "MO", (14, 0), 60)
    plc = series("PLC: 7th grade ELA", "WE", (10, 30), 50)
    data = series("Data meeting", "FR", (14, 0), 60)
    series("Budget check with bookkeeper", "TH", (14, 0), 45)
    series("Gym", "MO,WE", (17, 30), 60, "CLASS:PRIVATE")
    # A moved and a cancelled instance, as real calendars have.
    fridays = [d for d in days if d.weekday() == 4]
    add("Data meeting (moved)", fridays[3], (15, 0), 60, f"RECURRENCE-ID;TZID={TZ}:{_stamp(fridays[3], 14, 0)}",
        "SEQUENCE:1", uid=data)  # fmt: skip
    add("Data meeting", fridays[6], (14, 0), 60, f"RECURRENCE-ID;TZID={TZ}:{_stamp(fridays[6], 14, 0)}",
        "STATUS:CANCELLED", "SEQUENCE:1", uid=data)  # fmt: skip
    wednesdays = [d for d in days if d.weekday() == 2]
    add("PLC: 7th grade ELA", wednesdays[5], (10, 30), 50, f"RECURRENCE-ID;TZID={TZ}:{_stamp(wednesdays[5], 10, 30)}",
        "STATUS:CANCELLED", "SEQUENCE:1", uid=plc)  # fmt: skip

    weeks = sorted({d - dt.timedelta(days=d.weekday()) for d in days})
    slots = [(8, 0), (10, 0), (12, 15), (13, 45), (15, 45)]
    for w, monday in enumerate(weeks):
        week_days = [d for d in days if monday <= d < monday + dt.timedelta(days=7)]
        # Coaching grows through the term: the leader is learning to protect classroom time.
        visits = min(len(week_days) * len(slots), 3 + coaching_boost * w // 3)
        for i in range(visits):
            teacher = teachers[(w * 7 + i) % len(teachers)]
            day = week_days[i % len(week_days)]
            hm = slots[(i // len(week_days)) % len(slots)]
            room = f" (room {teacher.room})" if teacher.room else ""
            add(f"Observe {teacher.name}{room}", day, hm, 45)
            add(
                f"Feedback meeting: {teacher.name}",
                day,
                (hm[0], hm[1] + 50) if hm[1] < 10 else (hm[0] + 1, 5),
                15,
            )
        for _ in range(rng.randint(2, 4)):
            day = rng.choice(week_days)
            title = rng.choice(["Parent meeting: attendance", "IEP meeting", "Bus route complaint call",
                                "Vendor demo: reading software", "Interview: math teacher candidate"])  # fmt: skip
            # Often on top of the walkthroughs: the double-bookings a leader should see in red.
            add(title, day, (9, 30) if rng.random() < 0.5 else (16, 0), rng.choice([30, 45, 60]))
        if rng.random() < 0.5:
            day = rng.choice(week_days)
            add("District webinar: new SIS", day, (16, 0), 60,
                f"ATTENDEE;CN={_esc(owner.name)};PARTSTAT=DECLINED:mailto:{owner.email}")  # fmt: skip
    add("Coffee w/ D. Batista: thinking about an AP role?", weeks[-4] + dt.timedelta(days=1), (7, 0), 30)
    thanksgiving = dt.date(2026, 11, 25)
    lines.extend(
        ["BEGIN:VEVENT", f"UID:demo-{seed}-thanksgiving@sideline", "DTSTAMP:20260801T000000Z",
         "SUMMARY:No school: Thanksgiving", f"DTSTART;VALUE=DATE:{thanksgiving:%Y%m%d}",
         f"DTEND;VALUE=DATE:{thanksgiving + dt.timedelta(days=3):%Y%m%d}", "END:VEVENT"]
    )  # fmt: skip
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def _leader_calendar(ctx: DemoContext, person: Person, *, seed: int, boost: int) -> Calendar:
    calendar = Calendar.objects.filter(school=ctx.school, owner=person, name="Work (Google)").first()
    if calendar is None:
        calendar = services.calendar_create(school=ctx.school, owner=person, name="Work (Google)")
    teachers = ctx.people.get(Role.TEACHER, [])
    data = term_ics(ctx.school, person, teachers, seed=seed, coaching_boost=boost)
    report = services.calendar_import(calendar=calendar, data=data, date_from=TERM_START, date_to=TERM_END)
    ctx.log(f"  calendar of {person.name}: {report.summary()}")
    return calendar


def build(ctx: DemoContext) -> None:
    principal = ctx.one(Role.PRINCIPAL)
    calendar = _leader_calendar(ctx, principal, seed=1, boost=2)
    for series_title, category in (
        ("PLC: 7th grade ELA", "leveraged"),
        ("Email and phone calls", "technical"),
        ("Classroom walkthroughs", "coaching"),
    ):
        uid = calendar.occurrences.filter(title=series_title).values_list("series_uid", flat=True).first()
        if uid:
            services.series_correct(calendar=calendar, series_uid=uid, category=category, by=principal)
    aps = ctx.people.get(Role.ASSISTANT_PRINCIPAL, [])
    if aps:
        _leader_calendar(ctx, aps[0], seed=2, boost=1)
    services.feed_token_ensure(person=principal)
