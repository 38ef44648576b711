"""The triage inbox, a school's corrections, and the state of its trained model."""

from __future__ import annotations

from django.db import models

from sideline.engines.triage import CATEGORIES, DELEGATES
from sideline.engines.triage.verdict import OWNER_SURE
from sideline.schools.models import Person, School
from sideline.schools.roles import role_label

CATEGORY_CHOICES = [(c, c.capitalize()) for c in CATEGORIES]


def delegate_label(key: str | None) -> str:
    if not key:
        return ""
    return "Volunteers" if key == "volunteers" else role_label(key)


DELEGATE_CHOICES = [(d, delegate_label(d)) for d in DELEGATES]


class Correction(models.Model):
    """A leader's answer for one text at one school. The same (normalised) text is corrected in place."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="triage_corrections")
    text = models.CharField(max_length=600)
    #: sideline.engines.triage.text.correction_key(text): case, punctuation, numbers and initials ignored
    normalised = models.CharField(max_length=600)
    category = models.CharField(max_length=16, choices=CATEGORY_CHOICES)
    delegate_to = models.CharField(max_length=32, choices=DELEGATE_CHOICES, null=True, blank=True)
    corrected_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="triage_corrections"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school_id", "normalised"]
        constraints = [
            models.UniqueConstraint(fields=["school", "normalised"], name="one_triage_correction_per_text")
        ]

    def __str__(self) -> str:
        return f"{self.text} -> {self.category}"


class TriageItem(models.Model):
    """One line a leader pasted into their inbox, with the verdict it got (or their correction)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        HANDED_OVER = "handed_over", "Handed over"
        DONE = "done", "Done"
        DISMISSED = "dismissed", "Dismissed"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="triage_items")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="triage_items")
    text = models.CharField(max_length=600)
    category = models.CharField(max_length=16, choices=CATEGORY_CHOICES)
    confidence = models.FloatField()
    needs_review = models.BooleanField(default=False)
    delegate_to = models.CharField(max_length=32, choices=DELEGATE_CHOICES, null=True, blank=True)
    #: How sure triage was of the owner (Technical Work only); a corrected item's owner is the leader's.
    delegate_confidence = models.FloatField(null=True, blank=True)
    rationale = models.CharField(max_length=300, blank=True)
    corrected = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Items that need the leader's call come first, then the newest.
        ordering = ["-needs_review", "-created_at", "-id"]
        indexes = [models.Index(fields=["school", "author", "status"], name="triage_inbox_idx")]

    def __str__(self) -> str:
        return self.text

    @property
    def delegate_label(self) -> str:
        return delegate_label(self.delegate_to)

    @property
    def owner_unsure(self) -> bool:
        """Triage's owner is a guess the leader should check (never once they have corrected it)."""
        return (
            not self.corrected
            and self.category == "technical"
            and self.delegate_confidence is not None
            and self.delegate_confidence < OWNER_SURE
        )


class TriageState(models.Model):
    """Per school: a stamp renewed on every correction change (process caches compare it) and the
    corrections the school's model was last retrained with."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="triage_state")
    #: A random token rather than a counter: a school re-created with a reused id (or a test database
    #: rolled back) can never present a stamp a process has cached for different corrections.
    stamp = models.CharField(max_length=32, default="")
    #: [[text, category, delegate_to], ...] in the order the retrained model was fitted on
    trained_corrections = models.JSONField(default=list, blank=True)
    trained_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.school}: {self.stamp}"
