"""Reads of the leadership app that views, the home panel and the CLI share."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet

from sideline.calendars import selectors as calendar_selectors
from sideline.coaching.models import Goal
from sideline.leadership.models import (
    PLC,
    Candidate,
    CompareVisit,
    LeadershipSettings,
    LeverageProject,
    PLCMeeting,
    StageChange,
)
from sideline.leadership.readiness import (
    HoursReturned,
    Readiness,
    TimedItem,
    WeekShare,
    hours_returned,
    readiness,
)
from sideline.schools.models import Membership, Person, Priority, School, contact_days
from sideline.schools.roles import LEADERS, Role

PIPELINE_MIN = 5
PIPELINE_MAX = 10
BEFORE_WEEKS = 4
TOP_WEEKS = 6


def settings_of(school: School) -> LeadershipSettings:
    """The school's settings, or unsaved defaults: a read never writes."""
    return LeadershipSettings.objects.filter(school=school).first() or LeadershipSettings(school=school)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# --- pipeline -------------------------------------------------------------------------------------


def pipeline(school: School) -> QuerySet[Candidate]:
    return (
        Candidate.objects.filter(school=school).select_related("person", "leads_plc").order_by("person__name")
    )


@dataclass(frozen=True)
class PipelineNudge:
    count: int

    @property
    def message(self) -> str:
        if self.count < PIPELINE_MIN:
            missing = PIPELINE_MIN - self.count
            return (
                f"{self.count} future leader{'s' if self.count != 1 else ''} named: name {missing} more "
                f"to reach {PIPELINE_MIN}. Who on staff already leads without the title?"
            )
        if self.count >= PIPELINE_MAX:
            return (
                f"{self.count} future leaders named: {PIPELINE_MAX} is as many as one leader can grow well. "
                "Move someone on before adding more."
            )
        return ""


def nudge_for(school: School) -> PipelineNudge:
    return PipelineNudge(Candidate.objects.filter(school=school).count())


def history_of(candidate: Candidate) -> QuerySet[StageChange]:
    return candidate.history.select_related("by")


def staff_choices(school: School) -> QuerySet[Person]:
    return Person.objects.filter(memberships__school=school, active=True).distinct().order_by("name")


def teachers_choices(school: School) -> QuerySet[Person]:
    return Person.objects.filter(
        memberships__school=school, memberships__role=Role.TEACHER, active=True
    ).order_by("name")


# --- PLCs -----------------------------------------------------------------------------------------


def plcs_of(school: School) -> QuerySet[PLC]:
    """PLCs with whether each is teacher-led, derived from the facilitator's roles at the school."""
    roles = Membership.objects.filter(person=OuterRef("facilitator"), school=OuterRef("school"))
    return (
        PLC.objects.filter(school=school)
        .select_related("facilitator", "priority")
        .annotate(
            facilitator_teaches=Exists(roles.filter(role=Role.TEACHER)),
            facilitator_leads=Exists(roles.filter(role__in=LEADERS)),
            member_count=Count("members", distinct=True),
            last_meeting=Max("meetings__date"),
        )
        .order_by("name")
    )


def teacher_led(plc: PLC) -> bool:
    return bool(getattr(plc, "facilitator_teaches", False)) and not getattr(plc, "facilitator_leads", False)


def meetings_of(plc: PLC) -> QuerySet[PLCMeeting]:
    return plc.meetings.select_related("priority", "observation")


# --- visits ---------------------------------------------------------------------------------------


def visits_list(qs: QuerySet[CompareVisit]) -> QuerySet[CompareVisit]:
    return qs.select_related("teacher", "leader", "presentation", "presentation__plc").prefetch_related(
        Prefetch("visited", queryset=Person.objects.order_by("name"))
    )


# --- ready, aim, fire -----------------------------------------------------------------------------


def last_contact_weeks(school: School, before: dt.date, count: int) -> list[dt.date]:
    """Mondays of the last `count` ISO weeks before `before` that hold at least one contact day."""
    lo = max(school.year_start, before - dt.timedelta(weeks=count + 10))
    days = contact_days(school, lo, before - dt.timedelta(days=1))
    mondays = sorted({monday_of(d) for d in days})
    return mondays[-count:]


def readiness_for(person: Person, school: School, today: dt.date) -> Readiness:
    """Judged on complete weeks: the current week is still being lived, so it does not count yet."""
    settings = settings_of(school)
    mondays = last_contact_weeks(school, monday_of(today), settings.weeks_window)
    weeks: list[WeekShare] = []
    if mondays:
        shares = dict(
            calendar_selectors.weekly_shares(person, school, mondays[0], mondays[-1] + dt.timedelta(days=6))
        )
        weeks = [
            WeekShare(calendar_selectors.iso_week_of(m), shares.get(calendar_selectors.iso_week_of(m)))
            for m in mondays
        ]
    return readiness(
        weeks,
        target_pct=school.coaching_target_pct,
        required=min(settings.weeks_required, settings.weeks_window),
        window=settings.weeks_window,
        classroom_days_target=float(school.classroom_days_target),
    )


# --- leverage projects ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TechnicalSeries:
    title: str
    series_uid: str
    hours_per_week: float
    count: int


def _timed_items(person: Person, school: School, date_from: dt.date, date_to: dt.date) -> list[TimedItem]:
    if date_to < date_from:
        return []
    report = calendar_selectors.audit_for_person(person, date_from, date_to, school)
    return [
        TimedItem(e.start, e.micros / 3_600_000_000, e.category, e.occurrence.title, e.occurrence.series_uid)
        for e in report.counted
    ]


def top_technical_series(
    person: Person, school: School, today: dt.date, limit: int = 8
) -> list[TechnicalSeries]:
    """The leader's Technical Work by hours a week over the last complete weeks, one row per title.

    Grouped by title (as the audit's trend is) so one-off events with the same name add up; the series
    uid is kept only when every event of the title belongs to one series, to track that series exactly.
    """
    monday = monday_of(today)
    start = monday - dt.timedelta(weeks=TOP_WEEKS)
    hours: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    series: dict[str, set[str]] = defaultdict(set)
    for item in _timed_items(person, school, start, monday - dt.timedelta(days=1)):
        if item.category == "technical":
            title = item.title or "(untitled)"
            hours[title] += item.hours
            counts[title] += 1
            series[title].add(item.series_uid)
    ranked = sorted(hours.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return [
        TechnicalSeries(
            title,
            next(iter(series[title])) if len(series[title]) == 1 else "",
            round(h / TOP_WEEKS, 2),
            counts[title],
        )
        for title, h in ranked
    ]


def projects_of(school: School) -> QuerySet[LeverageProject]:
    return (
        LeverageProject.objects.filter(school=school)
        .select_related("leader", "owner_person", "owner_program", "priority")
        .annotate(
            milestone_count=Count("milestones", distinct=True),
            milestones_done=Count("milestones", filter=Q(milestones__done_at__isnull=False), distinct=True),
        )
    )


def project_hours(project: LeverageProject, today: dt.date) -> HoursReturned:
    school = project.school
    zone = school.zone
    start = dt.datetime.combine(project.started_on, dt.time(), zone)
    now = dt.datetime.combine(today, dt.time(), zone)
    items = _timed_items(
        project.leader,
        school,
        project.started_on - dt.timedelta(weeks=BEFORE_WEEKS),
        today - dt.timedelta(days=1),
    )
    return hours_returned(
        items,
        projected=float(project.hours_per_week),
        title_pattern=project.series_match,
        series_uid=project.series_uid,
        start=start,
        before_weeks=BEFORE_WEEKS,
        now=now,
    )


# --- on message -----------------------------------------------------------------------------------


@dataclass
class PriorityRow:
    priority: Priority | None
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


KINDS = [
    ("goals", "Coaching goals"),
    ("plcs", "PLCs"),
    ("agendas", "PLC agendas"),
    ("visits", "Compare-and-contrast visits"),
    ("projects", "Leverage projects"),
]


def on_message(school: School) -> tuple[list[PriorityRow], dict[str, list[str]]]:
    """Items per priority, plus the names of items linked to none ("off-message")."""
    sources: dict[str, QuerySet] = {  # type: ignore[type-arg]
        "goals": Goal.objects.filter(school=school).exclude(state=Goal.State.CLOSED),
        "plcs": PLC.objects.filter(school=school),
        "agendas": PLCMeeting.objects.filter(plc__school=school),
        "visits": CompareVisit.objects.filter(school=school),
        "projects": LeverageProject.objects.filter(school=school).exclude(status=LeverageProject.Status.DONE),
    }
    per: dict[int | None, dict[str, int]] = defaultdict(lambda: {k: 0 for k, _ in KINDS})
    for kind, qs in sources.items():
        for pid, n in qs.values_list("priority_id").annotate(n=Count("id")).order_by():
            per[pid][kind] = n
    priorities = list(school.priorities.all())
    rows = [PriorityRow(p, per[p.pk]) for p in priorities]
    rows.append(PriorityRow(None, per[None]))
    off: dict[str, list[str]] = {
        "plcs": list(sources["plcs"].filter(priority__isnull=True).values_list("name", flat=True)),
        "agendas": [
            f"{name} {date:%b %-d}"
            for name, date in sources["agendas"]
            .filter(priority__isnull=True)
            .values_list("plc__name", "date")
            .order_by("-date")[:20]
        ],
        "projects": list(sources["projects"].filter(priority__isnull=True).values_list("title", flat=True)),
    }
    return rows, off
