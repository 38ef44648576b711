from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from sideline.volunteers.models import Program, Volunteer

WEEKDAYS = [(0, "Monday"), (1, "Tuesday"), (2, "Wednesday"), (3, "Thursday"), (4, "Friday")]
MONTHS = [(m, dt.date(2000, m, 1).strftime("%B")) for m in (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6)]


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["name", "description", "requires_background_check", "max_no_shows", "drop_notice_hours"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class TemplateForm(forms.Form):
    label = forms.CharField(max_length=100, required=False, help_text="e.g. Lunch wave 1")
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple, initial=[0, 1, 2, 3, 4]
    )
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    need = forms.IntegerField(min_value=1, max_value=50, initial=1, label="People needed")
    starts_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Blank: start of the school year",
    )
    ends_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Blank: end of the school year",
    )


class OneOffShiftForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Date")
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    need = forms.IntegerField(min_value=1, max_value=50, initial=1, label="People needed")
    label = forms.CharField(max_length=100, required=False)


class SolveForm(forms.Form):
    time_limit = forms.IntegerField(min_value=1, max_value=600, initial=10, label="Time limit (seconds)")


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Roster CSV", help_text="Columns: family name, parent names, emails, phones, student grades"
    )

    def __init__(self, *args: Any, programs: list[Program], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programs"] = forms.ModelMultipleChoiceField(
            queryset=Program.objects.filter(pk__in=[p.pk for p in programs]),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Sign everyone in the file up for",
        )


class FamilyForm(forms.Form):
    """A family's availability and preferences, phrased the way they think about it."""

    max_shifts = forms.IntegerField(min_value=0, max_value=60, label="Most shifts I can take this year")
    max_per_week = forms.IntegerField(
        min_value=1, max_value=10, required=False, label="Most shifts in one week"
    )
    blackout = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Dates I cannot do",
        help_text="One date per line, like 2026-11-25",
    )
    prefer_weekday = forms.TypedChoiceField(
        choices=[("", "No preference"), *WEEKDAYS],
        coerce=int,
        empty_value=None,
        required=False,
        label="Favourite day",
    )
    prefer_months = forms.TypedMultipleChoiceField(
        choices=MONTHS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Months I prefer",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day, name in WEEKDAYS:
            self.fields[f"from_{day}"] = forms.TimeField(
                required=False, label=f"{name} from", widget=forms.TimeInput(attrs={"type": "time"})
            )
            self.fields[f"to_{day}"] = forms.TimeField(
                required=False, label=f"{name} until", widget=forms.TimeInput(attrs={"type": "time"})
            )

    def day_fields(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(name, self[f"from_{day}"], self[f"to_{day}"]) for day, name in WEEKDAYS]

    def clean_blackout(self) -> list[str]:
        out = []
        for i, line in enumerate(self.cleaned_data.get("blackout", "").split(), start=1):
            try:
                out.append(dt.date.fromisoformat(line.strip().rstrip(",")).isoformat())
            except ValueError:
                raise forms.ValidationError(f"Line {i}: {line!r} is not a date like 2026-11-25.") from None
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        windows = []
        for day, name in WEEKDAYS:
            start, end = data.get(f"from_{day}"), data.get(f"to_{day}")
            if start is None and end is None:
                continue
            if start is None or end is None:
                self.add_error(f"to_{day}", f"Give both times for {name}, or neither.")
                continue
            if end <= start:
                self.add_error(f"to_{day}", f"On {name} the end must be after the start.")
                continue
            windows.append({"weekday": day, "from": f"{start:%H:%M}", "to": f"{end:%H:%M}"})
        data["availability"] = windows
        prefer: list[dict[str, int]] = []
        if data.get("prefer_weekday") is not None:
            prefer.append({"weekday": data["prefer_weekday"], "weight": 2})
        prefer += [{"month": m, "weight": 1} for m in data.get("prefer_months") or []]
        data["prefer"] = prefer
        return data

    @classmethod
    def initial_for(cls, volunteer: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "max_shifts": volunteer.max_shifts,
            "max_per_week": volunteer.max_per_week,
            "blackout": "\n".join(volunteer.blackout),
            "prefer_weekday": next((r["weekday"] for r in volunteer.prefer if "weekday" in r), None),
            "prefer_months": [r["month"] for r in volunteer.prefer if "month" in r and "weekday" not in r],
        }
        for w in volunteer.availability:
            initial.setdefault(f"from_{w['weekday']}", w["from"])
            initial.setdefault(f"to_{w['weekday']}", w["to"])
        return initial


class VolunteerForm(forms.ModelForm):
    """What a coordinator keeps about a volunteer beyond what the family gives through its link."""

    household_max_shifts = forms.IntegerField(
        min_value=0, max_value=100, required=False, label="Most shifts for the whole family (blank: no cap)"
    )

    class Meta:
        model = Volunteer
        fields = [
            "name",
            "email",
            "phone",
            "programs",
            "max_shifts",
            "max_per_week",
            "background_check_expires",
            "active",
        ]
        widgets = {
            "programs": forms.CheckboxSelectMultiple,
            "background_check_expires": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        volunteer = self.instance
        self.fields["programs"].queryset = Program.objects.filter(school=volunteer.household.school)  # type: ignore[attr-defined]
        self.fields["household_max_shifts"].initial = volunteer.household.max_shifts
