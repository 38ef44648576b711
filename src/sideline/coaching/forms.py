from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from sideline.coaching.models import CoachingSettings, Goal, Observation, Support, TeacherTimetable
from sideline.coaching.planner import Period
from sideline.schools.models import Person, Priority, School


class TeacherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return f"{obj.name} (room {obj.room})" if obj.room else obj.name


class ObservationForm(forms.Form):
    teacher = TeacherChoiceField(queryset=Person.objects.none(), empty_label="Choose a teacher or room")
    start = forms.DateTimeField(
        label="Started at",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    minutes = forms.IntegerField(label="Length (minutes)", min_value=1, max_value=240, initial=15)
    kind = forms.ChoiceField(choices=Observation.Kind.choices, initial=Observation.Kind.WALKTHROUGH)
    priority = forms.ModelChoiceField(
        queryset=Priority.objects.none(), required=False, empty_label="No particular priority"
    )
    evidence = forms.CharField(
        label="Evidence (what you saw and heard)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    feedback = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    feedback_type = forms.ChoiceField(choices=Observation.FeedbackType.choices, label="Feedback type")
    next_step = forms.CharField(label="One next step", required=False, max_length=500)
    private_notes = forms.CharField(
        label="Private note (only you will see it)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_evaluation = forms.BooleanField(label="This is a formal evaluation (leaders only)", required=False)
    follows_up = forms.IntegerField(required=False, widget=forms.HiddenInput)
    idempotency_key = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, school: School, teachers: Any, can_evaluate: bool, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]
        self.fields["priority"].queryset = Priority.objects.filter(school=school)  # type: ignore[attr-defined]
        if not can_evaluate:
            del self.fields["is_evaluation"]


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["wording", "priority", "success_measure", "target_date"]
        widgets = {
            "wording": forms.Textarea(attrs={"rows": 2}),
            "success_measure": forms.Textarea(attrs={"rows": 2}),
            "target_date": forms.DateInput(attrs={"type": "date"}),
        }
        labels = {"wording": "Goal", "priority": "School priority it serves"}

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        field = self.fields["priority"]
        field.queryset = Priority.objects.filter(school=school)  # type: ignore[attr-defined]
        field.empty_label = "None of our priorities (off-message)"  # type: ignore[attr-defined]


class ProposeGoalForm(GoalForm):
    teacher = TeacherChoiceField(queryset=Person.objects.none())

    class Meta(GoalForm.Meta):
        fields = ["teacher", *GoalForm.Meta.fields]

    def __init__(self, *args: Any, school: School, teachers: Any, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]
        self.order_fields(["teacher"])


class CheckInForm(forms.Form):
    rating = forms.TypedChoiceField(
        coerce=int,
        choices=[(1, "1 · not started"), (2, "2 · trying it"), (3, "3 · mostly there"), (4, "4 · met")],
        label="Progress",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SupportForm(forms.Form):
    kind = forms.ChoiceField(choices=Support.Kind.choices)
    text = forms.CharField(label="Feedback or support", widget=forms.Textarea(attrs={"rows": 2}))


class CloseGoalForm(forms.Form):
    outcome = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class BlockEditForm(forms.Form):
    start = forms.DateTimeField(
        label="Starts", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    minutes = forms.IntegerField(min_value=5, max_value=240)


class CoachingSettingsForm(forms.ModelForm):
    class Meta:
        model = CoachingSettings
        fields = [
            "cadence_days",
            "max_open_next_steps",
            "day_start",
            "day_end",
            "visit_minutes",
            "buffer_minutes",
        ]
        labels = {
            "cadence_days": "See every teacher every N contact days",
            "max_open_next_steps": "Open next steps a teacher may carry",
            "day_start": "Classes start",
            "day_end": "Classes end",
            "visit_minutes": "Planned visit length (minutes)",
            "buffer_minutes": "Debrief buffer after each visit (10-15 minutes)",
        }
        widgets = {
            "day_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "day_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day_start") and data.get("day_end") and data["day_end"] <= data["day_start"]:
            self.add_error("day_end", "Classes must end after they start.")
        return data


DAYS = ["mon", "tue", "wed", "thu", "fri"]


class TimetableForm(forms.Form):
    """A teacher's week as text, one period a line: `Mon 08:00-08:50 teaching`."""

    periods = forms.CharField(
        label="Periods (one a line: day start-end kind)",
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Kinds: teaching, planning, lunch, duty. Example: Mon 10:45-11:35 planning",
        required=False,
    )

    def clean_periods(self) -> list[Period]:
        out: list[Period] = []
        errors = []
        for number, raw in enumerate(self.cleaned_data["periods"].splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            parts = line.split()
            try:
                day, span, kind = parts[0][:3].lower(), parts[1], parts[2].lower()
                start_s, end_s = span.split("-")
                period = Period(
                    DAYS.index(day), dt.time.fromisoformat(start_s), dt.time.fromisoformat(end_s), kind
                )
            except (IndexError, ValueError):
                errors.append(f"Line {number} ({line!r}): write it like 'Mon 08:00-08:50 teaching'.")
                continue
            if kind not in TeacherTimetable.Kind.values:
                errors.append(f"Line {number}: {kind!r} is not one of teaching, planning, lunch, duty.")
            elif period.end <= period.start:
                errors.append(f"Line {number}: the period must end after it starts.")
            else:
                out.append(period)
        if errors:
            raise forms.ValidationError(errors)
        return out


def timetable_text(rows: Any) -> str:
    return "\n".join(f"{DAYS[r.weekday].title()} {r.start:%H:%M}-{r.end:%H:%M} {r.kind}" for r in rows)
