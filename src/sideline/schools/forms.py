from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError

from sideline.schools.models import NonContactDay, School


class SchoolSettingsForm(forms.ModelForm):
    priorities = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One instructional priority per line: two to five.",
    )
    non_contact_days = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One per line: YYYY-MM-DD kind label, e.g. “2026-11-26 holiday Thanksgiving”. "
        "Kinds: holiday, teacher_workday, break, other.",
    )

    class Meta:
        model = School
        fields = [
            "name",
            "timezone",
            "year_start",
            "year_end",
            "vision",
            "coaching_target_pct",
            "classroom_days_target",
        ]
        widgets = {
            "year_start": forms.DateInput(attrs={"type": "date"}),
            "year_end": forms.DateInput(attrs={"type": "date"}),
            "vision": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_priorities(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["priorities"].splitlines() if line.strip()]

    def clean_non_contact_days(self) -> list[tuple[dt.date, str, str]]:
        kinds = set(NonContactDay.Kind.values)
        rows = []
        for number, line in enumerate(self.cleaned_data["non_contact_days"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.split(maxsplit=2)
            try:
                date = dt.date.fromisoformat(parts[0])
            except ValueError:
                raise ValidationError(f"Line {number}: {parts[0]!r} is not a date like 2026-11-26.") from None
            kind = parts[1] if len(parts) > 1 else "holiday"
            if kind not in kinds:
                raise ValidationError(f"Line {number}: {kind!r} is not one of {', '.join(sorted(kinds))}.")
            rows.append((date, kind, parts[2] if len(parts) > 2 else ""))
        return rows
