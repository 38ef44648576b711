"""Leaders' calendars, their expanded occurrences, and the blocks Sideline plans into them.

Occurrences are stored expanded (one row per instance) so pages never re-parse iCalendar files.
Times are stored in UTC; pages bucket them in the school's zone.
"""

from __future__ import annotations

import secrets

from django.db import models

from sideline.schools.models import Person, School

CATEGORY_CHOICES = [
    ("coaching", "Coaching Work"),
    ("technical", "Technical Work"),
    ("leveraged", "Leveraged Leadership Work"),
    ("personal", "Personal"),
]


class Calendar(models.Model):
    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded file"
        PATH = "path", "File on the server"
        URL = "url", "Subscription URL"
        CALDAV = "caldav", "CalDAV"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="calendars")
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="calendars")
    name = models.CharField(max_length=200)
    source_kind = models.CharField(max_length=10, choices=Source.choices, default=Source.UPLOAD)
    source = models.CharField(max_length=1000, blank=True, help_text="path, URL or CalDAV collection URL")
    username = models.CharField(max_length=200, blank=True)
    password = models.CharField(max_length=200, blank=True)
    timezone = models.CharField(
        max_length=64, blank=True, help_text="blank: the calendar's own or the school's"
    )
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Occurrence(models.Model):
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="occurrences")
    key = models.CharField(max_length=600, help_text="uid + recurrence id: stable across re-imports")
    uid = models.CharField(max_length=500)
    series_uid = models.CharField(max_length=500, db_index=True)
    recurrence_id = models.CharField(max_length=40, blank=True)
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    all_day = models.BooleanField(default=False)
    title = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    location = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=20, blank=True)
    cancelled = models.BooleanField(default=False)
    declined = models.BooleanField(default=False)
    private = models.BooleanField(default=False)
    recurring = models.BooleanField(default=False)
    fingerprint = models.CharField(max_length=64)
    category = models.CharField(max_length=10, choices=CATEGORY_CHOICES, default="technical")
    needs_review = models.BooleanField(default=False)
    confidence = models.FloatField(default=0)
    rationale = models.CharField(max_length=300, blank=True)
    delegate_to = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [models.UniqueConstraint(fields=["calendar", "key"], name="one_occurrence_per_key")]
        indexes = [models.Index(fields=["calendar", "start"])]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} {self.title}"


class SeriesCorrection(models.Model):
    """A leader's category for a whole event series; it survives re-import."""

    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="corrections")
    series_uid = models.CharField(max_length=500)
    category = models.CharField(max_length=10, choices=CATEGORY_CHOICES)
    corrected_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    corrected_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["calendar", "series_uid"], name="one_correction_per_series")
        ]

    def __str__(self) -> str:
        return f"{self.series_uid} -> {self.category}"


class PlannedBlock(models.Model):
    """A block Sideline plans into a leader's time (e.g. an accepted classroom visit).

    Accepted blocks are published in the leader's subscription feed and count in the audit under
    their category; apps that plan time (coaching's planner) write these rows.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        ACCEPTED = "accepted", "Accepted"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="planned_blocks")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="planned_blocks")
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=10, choices=CATEGORY_CHOICES, default="coaching")
    kind = models.CharField(max_length=40, help_text="e.g. classroom_visit, debrief, follow_up")
    source = models.CharField(max_length=40, help_text="the app that planned it, e.g. coaching")
    source_id = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    uid = models.CharField(max_length=100, unique=True, default=secrets.token_hex)

    class Meta:
        ordering = ["start"]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} {self.title}"


class FeedToken(models.Model):
    """A secret, revocable subscription URL for a leader's planned blocks."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feed_tokens")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"feed for {self.person}"


class SyncClaim(models.Model):
    """Which worker is re-reading a subscribed calendar right now.

    A row per calendar; `sideline calendars sync` claims it with one conditional UPDATE so two workers
    never read the same calendar at once, and a worker that died releases it once the claim is stale.
    """

    calendar = models.OneToOneField(Calendar, on_delete=models.CASCADE, related_name="sync_claim")
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"sync claim for {self.calendar_id}"
