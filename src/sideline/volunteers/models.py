"""Volunteer programs, their shifts, the families who fill them and the plans the optimizer makes."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from sideline.schools.models import Person, School


class Program(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="volunteer_programs")
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    requires_background_check = models.BooleanField(default=False)
    max_no_shows = models.PositiveSmallIntegerField(
        default=0, help_text="Bar a volunteer from this program after this many no-shows (0: never)"
    )
    drop_notice_hours = models.PositiveSmallIntegerField(
        default=48, help_text="Families cannot drop a shift less than this many hours before it starts"
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="one_program_name_per_school")]

    def __str__(self) -> str:
        return self.name


class ShiftTemplate(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="templates")
    label = models.CharField(max_length=100, blank=True)
    weekdays = models.JSONField(default=list, help_text="0 = Monday … 6 = Sunday")
    start_time = models.TimeField()
    end_time = models.TimeField()
    need = models.PositiveSmallIntegerField(default=1)
    starts_on = models.DateField()
    ends_on = models.DateField()

    class Meta:
        ordering = ["start_time", "id"]

    def __str__(self) -> str:
        return self.label or f"{self.start_time:%H:%M}-{self.end_time:%H:%M}"


class Shift(models.Model):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="shifts")
    template = models.ForeignKey(
        ShiftTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="shifts"
    )
    label = models.CharField(max_length=100, blank=True)
    start = models.DateTimeField()  # UTC; shown in the school's zone
    end = models.DateTimeField()
    need = models.PositiveSmallIntegerField(default=1)
    published = models.BooleanField(default=False)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "start", "end"], name="one_shift_per_program_time"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="shift_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.start:%Y-%m-%d %H:%M}"

    @property
    def school(self) -> School:
        return self.program.school

    def local_start(self) -> dt.datetime:
        return self.start.astimezone(self.program.school.zone)

    def local_end(self) -> dt.datetime:
        return self.end.astimezone(self.program.school.zone)


class Household(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="households")
    family_name = models.CharField(max_length=200)
    key = models.CharField(max_length=300, help_text="Normalised name used to merge duplicate roster rows")
    student_grades = models.CharField(max_length=100, blank=True)
    max_shifts = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Most shifts the whole family takes (blank: no family cap)"
    )

    class Meta:
        ordering = ["family_name", "id"]
        constraints = [models.UniqueConstraint(fields=["school", "key"], name="one_household_per_key")]

    def __str__(self) -> str:
        return self.family_name


class Volunteer(models.Model):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(max_length=200)
    # Contact details are private: only coordinators, leaders and the volunteer's own link see them.
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    max_shifts = models.PositiveSmallIntegerField(default=1)
    max_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    programs = models.ManyToManyField(Program, blank=True, related_name="volunteers")
    availability = models.JSONField(
        default=list, blank=True, help_text='[{"weekday": 0, "from": "HH:MM", "to": "HH:MM"}]'
    )
    blackout = models.JSONField(default=list, blank=True, help_text="local dates YYYY-MM-DD")
    prefer = models.JSONField(default=list, blank=True, help_text='[{"weight": 2, "weekday": 4}]')
    background_check_expires = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def school(self) -> School:
        return self.household.school


class VolunteerLink(models.Model):
    """A family's personal link. The token is signed; only its hash is kept, so a leaked database cannot
    be turned into working links, and revoking is a row update."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"link of {self.volunteer_id} until {self.expires_at:%Y-%m-%d}"


class SolveRun(models.Model):
    class Status(models.TextChoices):
        OPTIMAL = "optimal", "Optimal"
        FEASIBLE = "feasible", "Feasible (time limit)"
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Failed"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="solve_runs")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices)
    solver_status = models.CharField(max_length=16, blank=True)
    time_limit = models.FloatField(default=10)
    filled = models.PositiveIntegerField(default=0)
    places = models.PositiveIntegerField(default=0)
    preference = models.IntegerField(default=0)
    seconds = models.FloatField(default=0)
    unfilled = models.JSONField(default=list, blank=True)  # [{"shift": id, "missing": n, "reason": text}]
    changes = models.JSONField(default=dict, blank=True)  # {"kept": n, "added": n, "removed": n}
    error = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.program_id} plan {self.pk}: {self.filled}/{self.places}"

    @property
    def school(self) -> School:
        return self.program.school


class Assignment(models.Model):
    class Source(models.TextChoices):
        SOLVER = "solver", "Solver"
        SELF = "self", "Self sign-up"
        SWAP = "swap", "Swap"

    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed"  # from a solve, not yet published
        CONFIRMED = "confirmed", "Confirmed"
        DROPPED = "dropped", "Dropped"
        SWAPPED = "swapped", "Swapped away"

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="assignments")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="assignments")
    source = models.CharField(max_length=8, choices=Source.choices)
    state = models.CharField(max_length=12, choices=State.choices)
    no_show = models.BooleanField(default=False)
    solve_run = models.ForeignKey(
        SolveRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    ACTIVE = (State.PROPOSED, State.CONFIRMED)

    class Meta:
        ordering = ["shift__start", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "volunteer"],
                condition=Q(state__in=["proposed", "confirmed"]),
                name="one_active_assignment_per_volunteer_shift",
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} on {self.shift_id} ({self.state})"

    @property
    def school(self) -> School:
        return self.shift.program.school


class SwapRequest(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Open"
        TAKEN = "taken", "Taken"
        CANCELLED = "cancelled", "Cancelled"

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="swap_requests")
    note = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(
        Volunteer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    taken_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"swap of {self.assignment_id} ({self.state})"

    @property
    def school(self) -> School:
        return self.assignment.shift.program.school
