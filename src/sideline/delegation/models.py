"""Technical Work owned by the front office: first responders, the work queue, and the daily meeting.

Triage items are referenced by id, not by foreign key, so this app does not depend on the triage app's
migrations; the hand-over service checks the item exists and belongs to the school.
"""

from __future__ import annotations

from django.db import models

from sideline.calendars.models import Calendar
from sideline.schools.models import Person, School


class Area(models.TextChoices):
    ATTENDANCE = "attendance", "Attendance"
    ENROLMENT = "enrolment", "Enrolment"
    DISCIPLINE = "discipline", "Discipline"
    FACILITIES = "facilities", "Facilities"
    PURCHASING = "purchasing", "Purchasing"
    TECHNOLOGY = "technology", "Technology"
    HEALTH = "health", "Health"
    PARENT_CONCERNS = "parent_concerns", "Parent concerns"
    TRANSPORT = "transport", "Transport"
    SCHEDULING = "scheduling", "Scheduling"
    COMMUNICATIONS = "communications", "Communications"
    DUTIES = "duties", "Duties"


class FirstResponder(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="first_responders")
    area = models.CharField(max_length=20, choices=Area.choices)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="first_responder_for")
    backup = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="backup_responder_for"
    )

    class Meta:
        ordering = ["area"]
        constraints = [
            models.UniqueConstraint(fields=["school", "area"], name="one_first_responder_per_area")
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.person}"


class WorkItem(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        RETURNED = "returned", "Returned to the leader"

    class NeedsLeader(models.TextChoices):
        NONE = "none", "Nothing"
        DECISION = "decision", "A decision"
        SIGNATURE = "signature", "A signature"

    class Source(models.TextChoices):
        TRIAGE = "triage", "Triage inbox"
        SERIES = "series", "Calendar series"
        PHONE = "phone", "Phone capture"
        EMAIL = "email", "Email"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="work_items")
    area = models.CharField(max_length=20, choices=Area.choices)
    title = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    owner = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    backup = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    due_date = models.DateField(null=True, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN)
    returned_reason = models.TextField(blank=True)
    needs_leader = models.CharField(max_length=10, choices=NeedsLeader.choices, default=NeedsLeader.NONE)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PHONE)
    triage_item_id = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    calendar = models.ForeignKey(Calendar, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    series_uid = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    #: Every update names the version it edits; a stale one is refused as a conflict (optimistic locking).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["school", "state"])]

    def __str__(self) -> str:
        return self.title


class WorkItemEvent(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        STATE = "state", "State"
        NOTE = "note", "Note"
        EDIT = "edit", "Edit"

    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    field = models.CharField(max_length=20, blank=True)
    from_value = models.TextField(blank=True)
    to_value = models.TextField(blank=True)
    note = models.TextField(blank=True)
    #: The item's version after this event, so a conflict can show what changed since a given version.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.field} {self.from_value}->{self.to_value}"


class DelegatedSeries(models.Model):
    """A recurring event handed over: its occurrences from `from_date` on are no longer the leader's time.

    The calendars audit should leave these occurrences out of the leader's hours (or count them as
    delegated); `sideline.delegation.selectors.delegated_occurrence_ids` lists them.
    """

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="delegated_series")
    series_uid = models.CharField(max_length=500)
    work_item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="delegated_series")
    from_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["calendar", "series_uid"], name="one_delegation_per_series")
        ]

    def __str__(self) -> str:
        return f"{self.series_uid} from {self.from_date}"


class DailyMeeting(models.Model):
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="daily_meetings")
    date = models.DateField()
    leader = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    owner = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    generated_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["school", "date"], name="one_meeting_per_day")]

    def __str__(self) -> str:
        return f"Daily meeting {self.date}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(DailyMeeting, on_delete=models.CASCADE, related_name="items")
    #: Generated sections have a key so regenerating refreshes them in place; added items have none.
    key = models.CharField(max_length=40, blank=True)
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    added_by = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title
