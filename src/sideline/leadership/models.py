"""Leveraged Leadership Work: the pipeline of future leaders, PLCs, compare-and-contrast visits and
leverage projects that redesign Technical Work.

Career conversations are confidential: who may read them lives in `rules.py`, nowhere else.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sideline.schools.models import Person, Priority, School


class LeadershipSettings(models.Model):
    """A school's "ready, aim, fire" setting, kept here so School stays generic."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="leadership_settings")
    weeks_required = models.PositiveSmallIntegerField(
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="Contact weeks that must meet the Coaching target…",
    )
    weeks_window = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="…out of this many most recent contact weeks",
    )

    def __str__(self) -> str:
        return f"leadership settings of {self.school}"


class Candidate(models.Model):
    class Stage(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        CONVERSATION_HELD = "conversation_held", "Career conversation held"
        EXCITED_WILLING = "excited_willing", "Excited & willing"
        NOT_NOW = "not_now", "Not now"
        IN_TRAINING = "in_training", "In training"
        LEADING = "leading", "Leading"

    class Leads(models.TextChoices):
        NONE = "", "—"
        PLC = "plc", "A PLC"
        COMMITTEE = "committee", "A committee"
        PROGRAM = "program", "A program"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="leadership_candidates")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="leadership_candidacies")
    identified_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.IDENTIFIED)
    revisit_on = models.DateField(null=True, blank=True, help_text="When to ask again (not now)")
    strengths = models.TextField(blank=True, help_text="Why this person: what the leader has seen")
    leads_kind = models.CharField(max_length=10, choices=Leads.choices, default=Leads.NONE, blank=True)
    leads_what = models.CharField(max_length=200, blank=True, help_text="Name of the committee or program")
    leads_plc = models.ForeignKey(
        "PLC", null=True, blank=True, on_delete=models.SET_NULL, related_name="candidate_leaders"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["person__name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "person"], name="one_candidacy_per_person_per_school")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_stage_display()})"


class StageChange(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=20, blank=True)
    to_stage = models.CharField(max_length=20, choices=Candidate.Stage.choices)
    by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.from_stage or '-'} -> {self.to_stage}"


class CareerConversation(models.Model):
    """A one-on-one about career ambitions: private to the leader who held it and the candidate."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="conversations")
    leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="career_conversations_held")
    date = models.DateField()
    ambitions = models.TextField()
    next_step = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.candidate_id} with {self.leader_id}"

    @property
    def school(self) -> School:
        return self.candidate.school


class PLC(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="plcs")
    name = models.CharField(max_length=200)
    members = models.ManyToManyField(Person, blank=True, related_name="plcs")
    facilitator = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="plcs_facilitated")
    facilitator_training = models.TextField(blank=True, help_text="Training the facilitator has had")
    priority = models.ForeignKey(Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "PLC"
        verbose_name_plural = "PLCs"
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="one_plc_name_per_school")]

    def __str__(self) -> str:
        return self.name


class PLCMeeting(models.Model):
    plc = models.ForeignKey(PLC, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField()
    agenda = models.TextField()
    notes = models.TextField(blank=True)
    reflection = models.TextField(blank=True, help_text="The facilitator's reflection")
    priority = models.ForeignKey(Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    observation = models.ForeignKey(
        "coaching.Observation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The leader's feedback to the facilitator, as a coaching observation",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.plc} {self.date}"

    @property
    def school(self) -> School:
        return self.plc.school


class CompareVisit(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="compare_visits")
    leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    teacher = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="compare_visits")
    date = models.DateField()
    visited = models.ManyToManyField(Person, related_name="+", help_text="The classrooms visited (2 or more)")
    focus = models.CharField(max_length=300, blank=True)
    priority = models.ForeignKey(Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    noticings = models.TextField(blank=True, help_text="What the teacher noticed about their own teaching")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.teacher}"


class Presentation(models.Model):
    class Venue(models.TextChoices):
        PLC = "plc", "PLC meeting"
        STAFF = "staff", "Staff meeting"

    visit = models.OneToOneField(CompareVisit, on_delete=models.CASCADE, related_name="presentation")
    venue = models.CharField(max_length=5, choices=Venue.choices, default=Venue.PLC)
    plc = models.ForeignKey(PLC, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    date = models.DateField()
    title = models.CharField(max_length=200, blank=True)
    happened_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.date} {self.title}"

    @property
    def happened(self) -> bool:
        return self.happened_on is not None


class LeverageProject(models.Model):
    class Owner(models.TextChoices):
        STAFF = "staff", "A staff member"
        TEACHER_LEADER = "teacher_leader", "A trained teacher leader"
        PROGRAM = "program", "A volunteer program"

    class Status(models.TextChoices):
        PLANNING = "planning", "Planning"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="leverage_projects")
    leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="leverage_projects")
    title = models.CharField(max_length=200)
    replaces = models.TextField(help_text="The Technical Work it replaces")
    series_match = models.CharField(
        max_length=300, blank=True, help_text="Calendar titles containing this text are the work it replaces"
    )
    series_uid = models.CharField(max_length=500, blank=True)
    owner_kind = models.CharField(max_length=16, choices=Owner.choices)
    owner_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner_program = models.ForeignKey(
        "volunteers.Program", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    priority = models.ForeignKey(Priority, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    started_on = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def owner_name(self) -> str:
        if self.owner_program_id is not None and self.owner_program is not None:
            return f"{self.owner_program.name} (volunteer program)"
        return self.owner_person.name if self.owner_person is not None else "—"


class Milestone(models.Model):
    project = models.ForeignKey(LeverageProject, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=300)
    due = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def done(self) -> bool:
        return self.done_at is not None
