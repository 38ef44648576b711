"""Demo data: first responders for every area, a week of queue history, and today's daily meeting."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from sideline.calendars.models import Occurrence
from sideline.delegation import services
from sideline.delegation.models import DailyMeeting, DelegatedSeries, WorkItem
from sideline.delegation.selectors import next_contact_day
from sideline.demo import DemoContext
from sideline.schools.models import contact_days

# (title, area, days ago created, path of states, hours to each step, notes, returned reason, needs)
QUEUE: list[tuple[str, str, int, list[str], str, str, str]] = [
    (
        "Call the bus company about late route 12 pickups",
        "transport",
        7,
        ["in_progress", "done"],
        "Three families called on Monday.",
        "",
        "",
    ),
    (
        "Order replacement projector bulbs for rooms 14 and 22",
        "purchasing",
        6,
        ["in_progress"],
        "Quote from the usual vendor is $86 each.",
        "",
        "",
    ),
    ("Update the letter for 3+ unexcused absences", "attendance", 6, ["done"], "", "", ""),
    (
        "Field-trip consent forms: 7th grade science museum",
        "communications",
        5,
        ["in_progress", "returned"],
        "",
        "The district field-trip form needs your signature before Friday.",
        "signature",
    ),
    ("Replace the broken hallway light outside the gym", "facilities", 5, ["done"], "", "", ""),
    ("Chromebook cart 3: four devices will not charge", "technology", 1, [], "Cart is in room 22.", "", ""),
    (
        "Family asks for an elective change after the deadline",
        "parent_concerns",
        4,
        ["returned"],
        "8th grader, art to band.",
        "An exception to the elective deadline is your call.",
        "decision",
    ),
    ("Restock allergy action plans in the nurse's office", "health", 3, ["in_progress"], "", "", ""),
    ("Cafeteria duty coverage for Thursday", "duties", 2, [], "Two volunteers are out.", "", ""),
    (
        "Records request to a new student's previous school",
        "enrolment",
        4,
        ["in_progress", "done"],
        "",
        "",
        "",
    ),
    ("Remind staff of the tardy sweep procedure", "discipline", 1, [], "", "", ""),
    ("Reschedule picture day", "scheduling", 3, ["done"], "Photographer offered Dec 3.", "", ""),
]


def _at(ctx: DemoContext, day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ctx.school.zone)


@transaction.atomic
def build(ctx: DemoContext) -> None:
    school = ctx.school
    services.first_responders_ensure_defaults(school=school)
    services.first_responders_ensure_defaults(school=ctx.other_school)
    leader = ctx.one("principal")
    made = 0
    for title, area, ago, path, notes, reason, needs in QUEUE:
        if WorkItem.objects.filter(school=school, title=title).exists():
            continue
        created = _at(ctx, ctx.today - dt.timedelta(days=ago), 8)
        item = services.work_item_create(
            school=school, title=title, area=area, notes=notes, actor=leader, now=created
        )
        for step, state in enumerate(path, start=1):
            actor = item.owner
            item = services.work_item_set_state(
                item=item,
                state=state,
                version=item.version,
                actor=actor,
                reason=reason if state == "returned" else "",
                needs_leader=needs if state == "returned" else "",
                now=created + dt.timedelta(hours=5 * step * (1 + len(title) % 4)),
            )
        made += 1
    _hand_over_a_series(ctx)
    _hand_over_triage_items(ctx)
    _reroute_a_hand_over(ctx)
    day = ctx.today if contact_days(school, ctx.today, ctx.today) else next_contact_day(school, ctx.today)
    if day is not None:
        meeting = DailyMeeting.objects.filter(school=school, date=day).first()
        services.meeting_generate(school=school, date=day, now=meeting.generated_at if meeting else None)
    ctx.log(f"delegation: first responders, {made} new queue items, daily meeting for {day}")


def _hand_over_a_series(ctx: DemoContext) -> None:
    """If the calendars demo gave the principal a recurring Technical event, hand that series over."""
    if DelegatedSeries.objects.filter(calendar__school=ctx.school).exists():
        return
    occurrence = (
        Occurrence.objects.filter(
            calendar__school=ctx.school,
            calendar__owner=ctx.one("principal"),
            recurring=True,
            category="technical",
            cancelled=False,
        )
        .order_by("start")
        .first()
    )
    if occurrence is not None:
        now = _at(ctx, ctx.today - dt.timedelta(days=3), 9)
        services.work_item_hand_over_series(
            school=ctx.school, occurrence_id=occurrence.pk, actor=ctx.one("principal"), now=now
        )


def _hand_over_triage_items(ctx: DemoContext) -> None:
    """Hand over the first three technical verdicts of the triage demo, so the delegated share is real."""
    try:
        from sideline.triage.models import TriageItem
    except ImportError:
        return
    leader = ctx.one("principal")
    for pk in (
        TriageItem.objects.filter(school=ctx.school, category="technical", status__in=["open", "handed_over"])
        .order_by("id")
        .values_list("pk", flat=True)[:3]
    ):
        services.work_item_hand_over_triage(school=ctx.school, triage_item_id=pk, actor=leader)


def _reroute_a_hand_over(ctx: DemoContext) -> None:
    """The office gives the handed-over bus duty to the volunteer coordinator, who runs that rota here, so
    the item's page offers the principal a lesson for triage (volunteers -> volunteer coordinator)."""
    try:
        from sideline.triage.models import TriageItem
    except ImportError:
        return
    coordinators = ctx.people.get("volunteer_coordinator") or []
    if not coordinators:
        return
    coordinator = coordinators[0]
    to_volunteers = TriageItem.objects.filter(
        school=ctx.school, category="technical", delegate_to="volunteers"
    ).values_list("pk", flat=True)
    item = (
        WorkItem.objects.filter(school=ctx.school, triage_item_id__in=list(to_volunteers))
        .order_by("id")
        .first()
    )
    if item is None or item.owner_id == coordinator.pk:
        return
    services.work_item_edit(
        item=item,
        version=item.version,
        actor=ctx.one("administrative_assistant"),
        title=item.title,
        notes=item.notes,
        due_date=item.due_date,
        owner=coordinator,
        needs_leader=item.needs_leader,
    )
