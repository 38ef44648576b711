from __future__ import annotations

import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sideline.schools.roles import Role


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"{value!r} is not a time zone name such as America/Chicago") from None


class District(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class School(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    timezone = models.CharField(max_length=64, default="America/Chicago", validators=[validate_timezone])
    year_start = models.DateField(help_text="First contact day of the school year")
    year_end = models.DateField(help_text="Last day of the school year")
    vision = models.TextField(blank=True, help_text="A short vision statement")
    coaching_target_pct = models.PositiveSmallIntegerField(
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="Share of scheduled contact-day hours that should be Coaching Work",
    )
    classroom_days_target = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
        help_text="Full days a week the leader spends in classrooms",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.year_start and self.year_end and self.year_end <= self.year_start:
            raise ValidationError({"year_end": "The school year must end after it starts."})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class NonContactDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "Holiday"
        TEACHER_WORKDAY = "teacher_workday", "Teacher workday"
        BREAK = "break", "Break"
        OTHER = "other", "Other"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="non_contact_days")
    date = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.HOLIDAY)
    label = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["school", "date"], name="one_non_contact_day_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.label or self.get_kind_display()}"


class Priority(models.Model):
    """One of the school's 2-5 instructional priorities; goals and observations link to them."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title


class Person(models.Model):
    """Someone who works in or for a district. Teachers also carry grade, subject and room."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="people")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )
    name = models.CharField(max_length=200)
    email = models.EmailField()
    grade = models.CharField(max_length=20, blank=True)
    subject = models.CharField(max_length=100, blank=True)
    room = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["district", "email"], name="one_person_per_email_per_district")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name else ""


class Membership(models.Model):
    """A role a person holds: at a school, or (district leaders) across the whole district."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(
        School, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=32, choices=Role.choices)

    class Meta:
        ordering = ["school_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "school", "role"], name="one_role_per_person_per_school"
            ),
            models.CheckConstraint(
                condition=(models.Q(role="district_leader", school__isnull=True))
                | (~models.Q(role="district_leader") & models.Q(school__isnull=False)),
                name="district_roles_have_no_school",
            ),
        ]

    def __str__(self) -> str:
        where = self.school.name if self.school_id and self.school else "district"
        return f"{self.person} - {self.get_role_display()} ({where})"


def contact_days(school: School, start: dt.date, end: dt.date) -> list[dt.date]:
    """Weekdays from start to end inclusive that are not non-contact days of the school."""
    closed = set(school.non_contact_days.filter(date__range=(start, end)).values_list("date", flat=True))
    days = []
    day = start
    while day <= end:
        if day.weekday() < 5 and day not in closed and school.year_start <= day <= school.year_end:
            days.append(day)
        day += dt.timedelta(days=1)
    return days
