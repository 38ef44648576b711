"""Solving a program's shifts, publishing the plan and reminding families."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from sideline.engines import rota
from sideline.schools.models import Person
from sideline.volunteers import adapter
from sideline.volunteers.ics import shifts_ics
from sideline.volunteers.models import (
    Assignment,
    Program,
    Shift,
    SolveRun,
)
from sideline.volunteers.services.errors import VolunteerError
from sideline.volunteers.services.links import link_create, link_url


def solve_run_create(
    *, program: Program, time_limit: float = 10.0, by: Person | None = None, shifts: list[Shift] | None = None
) -> SolveRun:
    """Solve the program's unpublished future shifts and store the plan as proposed assignments.

    A re-solve starts from the current proposal, so people keep what they had wherever the best fill allows.
    """
    if not 0 < time_limit <= 600:
        raise ValidationError({"time_limit": "The time limit must be between 1 and 600 seconds."})
    if shifts is None:
        shifts = list(Shift.objects.filter(program=program, published=False, start__gte=timezone.now()))
    if not shifts:
        raise ValidationError("There are no unpublished future shifts to fill. Generate shifts first.")
    data = adapter.instance_for_program(program, shifts)
    try:
        instance = rota.load_instance(data)
    except rota.InstanceError as exc:
        # Only rows edited outside the app's forms can get here; name the row so it can be fixed.
        raise ValidationError(f"The program's data cannot be solved: {exc}") from None
    prev_pairs = adapter.previous_pairs(shifts)
    previous = None
    if prev_pairs:
        previous = rota.Solution(
            status="feasible",
            filled=len(prev_pairs),
            places=instance.places,
            preference=0,
            seconds=0.0,
            assignments=tuple(rota.Assignment(s, v) for s, v in prev_pairs),
            unfilled=(),
        )
    solution = rota.solve(instance, time_limit=time_limit, previous=previous)
    return solution_store(program=program, shifts=shifts, solution=solution, time_limit=time_limit, by=by)


def solution_store(
    *,
    program: Program,
    shifts: list[Shift],
    solution: rota.Solution,
    time_limit: float,
    by: Person | None = None,
) -> SolveRun:
    """Replace the proposed assignments of `shifts` with `solution`'s."""
    shift_pks = {s.pk for s in shifts}
    wanted = {
        (adapter.parse_id(a.shift, "s"), adapter.parse_id(a.volunteer, "v")) for a in solution.assignments
    }
    if any(s not in shift_pks for s, _ in wanted):
        raise ValueError("the solution names a shift outside the solved set")
    with transaction.atomic():
        current = {
            (a.shift_id, a.volunteer_id): a
            for a in Assignment.objects.filter(shift_id__in=shift_pks, state=Assignment.State.PROPOSED)
        }
        removed = [a.pk for key, a in current.items() if key not in wanted]
        added = [key for key in wanted if key not in current]
        run = SolveRun.objects.create(
            program=program,
            created_by=by,
            status=solution.status,
            solver_status=solution.status,
            time_limit=time_limit,
            filled=solution.filled,
            places=solution.places,
            preference=solution.preference,
            seconds=round(solution.seconds, 3),
            unfilled=[
                {"shift": u.shift, "missing": u.missing, "reason": u.reason} for u in solution.unfilled
            ],
            changes={"kept": len(wanted) - len(added), "added": len(added), "removed": len(removed)},
        )
        Assignment.objects.filter(pk__in=removed).delete()
        Assignment.objects.bulk_create(
            [
                Assignment(
                    shift_id=s,
                    volunteer_id=v,
                    source=Assignment.Source.SOLVER,
                    state=Assignment.State.PROPOSED,
                    solve_run=run,
                )
                for s, v in sorted(added)
            ],
            batch_size=500,
        )
        Assignment.objects.filter(shift_id__in=shift_pks, state=Assignment.State.PROPOSED).update(
            solve_run=run
        )
    return run


def schedule_publish(*, run: SolveRun, notify: bool = True) -> int:
    """Confirm the run's plan, open its shifts to self sign-up, and email each family its shifts."""
    if run.published_at is not None:
        raise VolunteerError("This plan is already published.")
    latest = SolveRun.objects.filter(program=run.program).exclude(status=SolveRun.Status.FAILED).first()
    if latest is None or latest.pk != run.pk:
        raise VolunteerError("A newer solve exists for this program; review and publish that one instead.")
    with transaction.atomic():
        locked = SolveRun.objects.select_for_update().get(pk=run.pk)
        if locked.published_at is not None:
            raise VolunteerError("This plan is already published.")
        proposed = Assignment.objects.filter(solve_run=run, state=Assignment.State.PROPOSED)
        shift_ids = set(proposed.values_list("shift_id", flat=True))
        unfilled_ids = {adapter.parse_id(u["shift"], "s") for u in run.unfilled}
        Shift.objects.filter(pk__in=shift_ids | unfilled_ids).update(published=True)
        proposed.update(state=Assignment.State.CONFIRMED)
        run.published_at = timezone.now()
        run.status = SolveRun.Status.PUBLISHED
        run.save(update_fields=["published_at", "status"])
    return assignments_notify(program=run.program) if notify else 0


def assignments_notify(*, program: Program) -> int:
    """Email every family its newly confirmed shifts with a calendar file; returns the emails sent."""
    pending = list(
        Assignment.objects.filter(
            shift__program=program, state=Assignment.State.CONFIRMED, notified_at__isnull=True
        )
        .exclude(volunteer__email="")
        .select_related("shift__program__school", "volunteer")
        .order_by("volunteer_id", "shift__start")
    )
    by_volunteer: dict[int, list[Assignment]] = defaultdict(list)
    for a in pending:
        by_volunteer[a.volunteer_id].append(a)
    sent = 0
    school = program.school
    for items in by_volunteer.values():
        volunteer = items[0].volunteer
        token = link_create(volunteer=volunteer)
        lines = [
            f"- {shift_when(a.shift)}{' (' + a.shift.label + ')' if a.shift.label else ''}" for a in items
        ]
        body = (
            f"Hello {volunteer.name},\n\nThank you for volunteering for {program.name} at {school.name}. "
            f"Your shifts:\n\n" + "\n".join(lines) + "\n\nThe attached file adds them to your calendar. "
            f"To see your shifts, change your availability, swap or drop a shift, use your personal link:\n"
            f"{link_url(token)}\n\nPlease keep this link to yourself: it opens your volunteer page.\n"
        )
        message = EmailMessage(
            subject=f"Your {program.name} shifts at {school.name}", body=body, to=[volunteer.email]
        )
        message.attach("shifts.ics", shifts_ics(items, name=f"{program.name} shifts"), "text/calendar")
        message.send()
        Assignment.objects.filter(pk__in=[a.pk for a in items]).update(notified_at=timezone.now())
        sent += 1
    return sent


def shift_when(shift: Shift) -> str:
    start, end = shift.local_start(), shift.local_end()
    return f"{start:%A %B} {start.day}, {start:%H:%M}-{end:%H:%M}"


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind each volunteer of shifts two days ahead (local date). Rows are claimed with a conditional
    UPDATE, so two runs at once never send the same reminder twice."""
    now = now or timezone.now()
    sent = 0
    candidates = (
        Assignment.objects.filter(
            state=Assignment.State.CONFIRMED,
            reminded_at__isnull=True,
            shift__start__gte=now,
            shift__start__lte=now + dt.timedelta(days=3),
        )
        .exclude(volunteer__email="")
        .select_related("shift__program__school", "volunteer")
    )
    for a in candidates:
        school = a.shift.program.school
        local_today = now.astimezone(school.zone).date()
        if a.shift.local_start().date() != local_today + dt.timedelta(days=2):
            continue
        if not Assignment.objects.filter(pk=a.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        program = a.shift.program
        message = EmailMessage(
            subject=f"Reminder: {program.name} on {a.shift.local_start():%A}",
            body=(
                f"Hello {a.volunteer.name},\n\nA reminder that you volunteer for {program.name} at {school.name} "
                f"on {shift_when(a.shift)}.\nIf you cannot come, request a swap from your personal link as soon as "
                f"you can.\n\nThank you!\n"
            ),
            to=[a.volunteer.email],
        )
        message.attach("shift.ics", shifts_ics([a], name=program.name), "text/calendar")
        message.send()
        sent += 1
    return sent
