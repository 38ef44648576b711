"""Demo volunteers at Maple Grove: a year of cafeteria duty for ~450 families and a retired car-line
committee, solved through the real solve service and published, with some places left unfilled."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from sideline.demo import DemoContext
from sideline.volunteers import services
from sideline.volunteers.models import Assignment, Household, Program, Shift, Volunteer, VolunteerLink

FIRST = [
    "Ana",
    "Luis",
    "Maria",
    "James",
    "Mary",
    "Robert",
    "Patricia",
    "John",
    "Jennifer",
    "Michael",
    "Linda",
    "David",
    "Elizabeth",
    "William",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Carlos",
    "Karen",
    "Daniel",
    "Lisa",
    "Matthew",
    "Nancy",
    "Anthony",
    "Betty",
    "Mark",
    "Sandra",
    "Donald",
    "Ashley",
    "Steven",
    "Kim",
    "Paul",
    "Emily",
    "Andrew",
    "Donna",
    "Joshua",
    "Michelle",
    "Kenneth",
    "Carol",
    "Kevin",
    "Amanda",
    "Brian",
    "Melissa",
    "George",
    "Deborah",
    "Timothy",
    "Stephanie",
    "Aisha",
    "Wei",
    "Priya",
    "Omar",
    "Fatima",
    "Hiroshi",
    "Ngozi",
    "Sven",
    "Ingrid",
]
LAST = [
    "Garcia",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Okafor",
    "Patel",
    "Kim",
    "Chen",
    "Novak",
    "Schmidt",
    "Rossi",
    "Haddad",
    "Yamamoto",
    "Kowalczyk",
    "Lindqvist",
    "Mensah",
    "Ivanova",
    "Silva",
    "Costa",
    "Dubois",
]
LUNCH = (
    (dt.time(11, 0), dt.time(11, 30)),
    (dt.time(11, 35), dt.time(12, 5)),
    (dt.time(12, 10), dt.time(12, 40)),
)
FAMILIES = 450
RETIRED = 30
DEMO_NONCE = "demo-family-link"


def build(ctx: DemoContext) -> None:
    school = ctx.school
    if Program.objects.filter(school=school, name="Cafeteria duty").exists():
        _print_link(ctx)
        return
    rng = random.Random(8)
    with transaction.atomic():
        cafeteria = services.program_create(
            school=school,
            name="Cafeteria duty",
            description="One lunch shift a year for every family: help in the cafeteria during a lunch wave.",
            max_no_shows=2,
        )
        car_line = services.program_create(
            school=school,
            name="Car line",
            description="The retired volunteers' committee: safety and the car line, mornings and afternoons.",
            requires_background_check=True,
            max_no_shows=3,
            drop_notice_hours=24,
        )
        for i, (a, b) in enumerate(LUNCH, start=1):
            services.template_create(
                program=cafeteria,
                label=f"Lunch wave {i}",
                weekdays=[0, 1, 2, 3, 4],
                start_time=a,
                end_time=b,
                need=1,
            )
        services.template_create(
            program=car_line,
            label="Morning drop-off",
            weekdays=[0, 1, 2, 3, 4],
            start_time=dt.time(7, 15),
            end_time=dt.time(7, 45),
            need=2,
        )
        services.template_create(
            program=car_line,
            label="Afternoon pick-up",
            weekdays=[0, 1, 2, 3, 4],
            start_time=dt.time(15, 0),
            end_time=dt.time(15, 30),
            need=2,
        )
        services.shifts_generate(program=cafeteria)
        services.shifts_generate(program=car_line)
        _families(rng, ctx, cafeteria)
        _retired(rng, ctx, car_line)
    for program in (cafeteria, car_line):
        shifts = list(Shift.objects.filter(program=program))
        run = services.solve_run_create(
            program=program, time_limit=20, shifts=shifts, by=ctx.one("volunteer_coordinator")
        )
        services.schedule_publish(run=run, notify=False)
        # Publishing here must not email ~900 made-up addresses; mark the demo's emails as sent.
        Assignment.objects.filter(solve_run=run).update(notified_at=timezone.now())
        ctx.log(
            f"demo: volunteers: {program.name}: {run.filled} of {run.places} places filled, {len(run.unfilled)} shifts short"
        )
    _the_day_itself(rng, ctx, cafeteria, car_line)
    _print_link(ctx)


def _families(rng: random.Random, ctx: DemoContext, program: Program) -> None:
    households = []
    for i in range(FAMILIES):
        name = rng.choice(LAST)
        grades = ", ".join(sorted({str(rng.choice((6, 7, 8))) for _ in range(rng.choice((1, 1, 1, 2)))}))
        households.append(
            Household(
                school=ctx.school,
                family_name=name,
                key=f"{name.lower()}|demo-{i:04d}",
                student_grades=grades,
                max_shifts=2 if i % 10 == 0 else 1,
            )
        )
    Household.objects.bulk_create(households)
    volunteers = []
    for i, h in enumerate(households):
        parents = 2 if rng.random() < 0.45 else 1
        days = sorted(rng.sample(range(5), rng.choice((1, 2, 2, 3, 5))))
        waves = rng.choice(((0,), (1,), (2,), (0, 1), (1, 2), (0, 1, 2)))
        start, end = LUNCH[waves[0]][0], LUNCH[waves[-1]][1]
        for p in range(parents):
            first = rng.choice(FIRST)
            volunteers.append(
                Volunteer(
                    household=h,
                    name=f"{first} {h.family_name}",
                    email=f"{first.lower()}.{h.family_name.lower()}{i}@families.example.org",
                    phone=f"555-01{i:03d}"[:12],
                    max_shifts=2 if i % 10 == 0 else 1,
                    availability=[
                        {"weekday": d, "from": f"{start:%H:%M}", "to": f"{end:%H:%M}"} for d in days
                    ],
                    blackout=["2026-12-18"] if p == 1 and rng.random() < 0.2 else [],
                    prefer=[
                        {"month": rng.choice((9, 10, 2, 3, 4)), "weight": 2},
                        {"weekday": days[0], "weight": 1},
                    ],
                )
            )
    Volunteer.objects.bulk_create(volunteers, batch_size=500)
    Through = Volunteer.programs.through
    Through.objects.bulk_create(
        [Through(volunteer_id=v.pk, program_id=program.pk) for v in volunteers], batch_size=1000
    )


def _retired(rng: random.Random, ctx: DemoContext, program: Program) -> None:
    volunteers = []
    for i in range(RETIRED):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        h = Household.objects.create(
            school=ctx.school, family_name=last, key=f"{last.lower()}|retired-{i:02d}"
        )
        days = sorted(rng.sample(range(5), rng.choice((2, 3, 3, 4))))
        slots = rng.choice((("06:45", "08:00"), ("14:45", "15:45"), ("06:45", "15:45")))
        # One missing and two expiring checks, so the plan shows why they cannot be scheduled.
        expires = None if i == 0 else dt.date(2027, 1, 31) if i in (1, 2) else dt.date(2027, 8, 31)
        volunteers.append(
            Volunteer(
                household=h,
                name=f"{first} {last}",
                email=f"{first.lower()}.{last.lower()}.{i}@retirees.example.org",
                max_shifts=rng.choice((16, 20, 24)),
                max_per_week=2,
                availability=[{"weekday": d, "from": slots[0], "to": slots[1]} for d in days],
                prefer=[{"weekday": days[0], "weight": 1}],
                background_check_expires=expires,
            )
        )
    Volunteer.objects.bulk_create(volunteers)
    Through = Volunteer.programs.through
    Through.objects.bulk_create([Through(volunteer_id=v.pk, program_id=program.pk) for v in volunteers])


def _the_day_itself(rng: random.Random, ctx: DemoContext, cafeteria: Program, car_line: Program) -> None:
    now = timezone.now()
    past = list(
        Assignment.objects.filter(
            shift__program=car_line, state=Assignment.State.CONFIRMED, shift__end__lt=now
        ).order_by("shift__start")[:200]
    )
    for a in rng.sample(past, min(4, len(past))):
        Assignment.objects.filter(pk=a.pk).update(no_show=True)
    future = (
        Assignment.objects.filter(
            shift__program=cafeteria, state=Assignment.State.CONFIRMED, shift__start__gt=now
        )
        .select_related("shift__program")
        .order_by("shift__start")[:3]
    )
    for a in future:
        services.swap_request_create(assignment=a, note="Work trip that week, sorry!")


def _family(ctx: DemoContext) -> Volunteer | None:
    return (
        Volunteer.objects.filter(
            household__school=ctx.school,
            assignments__state=Assignment.State.CONFIRMED,
            assignments__shift__start__gt=timezone.now(),
            programs__name="Cafeteria duty",
        )
        .order_by("pk")
        .first()
    )


def _print_link(ctx: DemoContext) -> None:
    volunteer = _family(ctx)
    if volunteer is None:
        return
    link = VolunteerLink.objects.filter(volunteer=volunteer, revoked_at__isnull=True).order_by("pk").first()
    if link is None:
        token = services.link_create(volunteer=volunteer, nonce=DEMO_NONCE)
    else:
        token = services.link_token(link.pk, DEMO_NONCE)
        if services.link_hash(token) != link.token_hash:
            return
    ctx.log(f"demo: volunteers: a family's personal link ({volunteer.name}): {services.link_url(token)}")
