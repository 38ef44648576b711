"""Coaching records: observations with their feedback, co-constructed goals, check-ins and supports.

Observations and notes are confidential personnel records; who may read which row lives in `rules.py`.
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sideline.schools.models import Person, Priority, School


class CoachingSettings(models.Model):
    """A school's coaching settings, kept here so the coaching app owns them (School stays generic)."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="coaching_settings")
    cadence_days = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text="Every teacher should be seen at least once every this many contact days",
    )
    max_open_next_steps = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="Open next steps a teacher may carry at once",
    )
    day_start = models.TimeField(default=dt.time(8, 0), help_text="When classes start")
    day_end = models.TimeField(default=dt.time(15, 30), help_text="When classes end")
    visit_minutes = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(5), MaxValueValidator(90)]
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        default=10,
        validators=[MinValueValidator(10), MaxValueValidator(15)],
        help_text="Debrief buffer after each planned visit (10-15 minutes)",
    )

    def __str__(self) -> str:
        return f"coaching settings of {self.school}"


class Observation(models.Model):
    class Kind(models.TextChoices):
        WALKTHROUGH = "walkthrough", "Walkthrough"
        INFORMAL = "informal", "Informal"
        FORMAL = "formal", "Formal"
        COMPARE_AND_CONTRAST = "compare_and_contrast", "Compare and contrast"
        FOLLOW_UP = "follow_up", "Follow-up"
        PLC = "plc", "PLC"

    class FeedbackType(models.TextChoices):
        CELEBRATORY = "celebratory", "Celebratory"
        DIRECTIVE = "directive", "Directive"
        NON_DIRECTIVE = "non_directive", "Non-directive"

    class Debrief(models.TextChoices):
        NONE = "", "Not planned"
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="observations")
    teacher = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="observations_received")
    observer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="observations_made")
    start = models.DateTimeField(db_index=True)
    minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(240)])
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.WALKTHROUGH)
    priority = models.ForeignKey(Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    evidence = models.TextField(blank=True, help_text="Low-inference notes: what was seen and heard")
    feedback = models.TextField(blank=True)
    feedback_type = models.CharField(
        max_length=16, choices=FeedbackType.choices, default=FeedbackType.CELEBRATORY
    )
    next_step = models.CharField(max_length=500, blank=True, help_text="At most one next step")
    next_step_closed_at = models.DateTimeField(null=True, blank=True)
    private_notes = models.TextField(blank=True, help_text="Visible to the author only")
    is_evaluation = models.BooleanField(default=False, help_text="Formal evaluation: leaders only")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    follows_up = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    debrief = models.CharField(max_length=8, choices=Debrief.choices, default=Debrief.NONE, blank=True)
    debrief_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            # A phone retrying a submit after a lost connection must not create a second observation.
            models.UniqueConstraint(
                fields=["observer", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="one_observation_per_idempotency_key",
            )
        ]
        indexes = [models.Index(fields=["school", "teacher", "start"])]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d} {self.teacher} by {self.observer}"

    @property
    def next_step_open(self) -> bool:
        return bool(self.next_step) and self.next_step_closed_at is None


class Goal(models.Model):
    class State(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="coaching_goals")
    teacher = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coaching_goals")
    proposed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    wording = models.TextField()
    priority = models.ForeignKey(Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    success_measure = models.TextField()
    target_date = models.DateField()
    accepted_by_teacher_at = models.DateTimeField(null=True, blank=True)
    accepted_by_coach_at = models.DateTimeField(null=True, blank=True)
    coach = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="who accepted"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    outcome = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["state", "target_date", "id"]

    def __str__(self) -> str:
        return self.wording[:60]

    @property
    def off_message(self) -> bool:
        return self.priority_id is None


class CheckIn(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="checkins")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.rating}/4 on {self.goal}"


class Support(models.Model):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", "Feedback"
        SUPPORT = "support", "Targeted support"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="supports")
    author = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SUPPORT)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]


class TeacherTimetable(models.Model):
    """One period of a teacher's week; the planner visits only teaching periods."""

    class Kind(models.TextChoices):
        TEACHING = "teaching", "Teaching"
        PLANNING = "planning", "Planning"
        LUNCH = "lunch", "Lunch"
        DUTY = "duty", "Duty"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    teacher = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="timetable")
    weekday = models.PositiveSmallIntegerField(validators=[MaxValueValidator(4)], help_text="0 = Monday")
    start = models.TimeField()
    end = models.TimeField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.TEACHING)

    class Meta:
        ordering = ["teacher_id", "weekday", "start"]

    def __str__(self) -> str:
        return f"{self.teacher} {self.weekday} {self.start}-{self.end} {self.kind}"
