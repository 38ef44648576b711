"""Forms: they parse and label input; services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms

from sideline.coaching.models import Observation
from sideline.leadership import selectors
from sideline.leadership.models import PLC, Candidate, LeverageProject, Presentation
from sideline.schools.models import Person, Priority, School
from sideline.volunteers.models import Program

DATE = forms.DateInput(attrs={"type": "date"})


def _priority_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Priority.objects.none(),
        required=False,
        empty_label="— none (off-message) —",
        help_text="The school priority this serves",
    )


class SchoolForm(forms.Form):
    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        if "priority" in self.fields:
            self.fields["priority"].queryset = school.priorities.all()  # type: ignore[attr-defined]


class CandidateForm(SchoolForm):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label="Staff member")
    strengths = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="What you have seen"
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        taken = Candidate.objects.filter(school=school).values("person_id")
        self.fields["person"].queryset = selectors.staff_choices(school).exclude(pk__in=taken)  # type: ignore[attr-defined]


class MoveForm(SchoolForm):
    to_stage = forms.ChoiceField(choices=Candidate.Stage.choices, label="Move to")
    revisit_on = forms.DateField(required=False, widget=DATE, label="Revisit on (not now)")
    leads_kind = forms.ChoiceField(choices=Candidate.Leads.choices, required=False, label="Leads (leading)")
    leads_plc = forms.ModelChoiceField(queryset=PLC.objects.none(), required=False, label="Which PLC")
    leads_what = forms.CharField(required=False, max_length=200, label="Committee or program name")
    note = forms.CharField(required=False, max_length=500)

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self.fields["leads_plc"].queryset = PLC.objects.filter(school=school)  # type: ignore[attr-defined]


class ConversationForm(forms.Form):
    date = forms.DateField(widget=DATE)
    ambitions = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Their ambitions")
    next_step = forms.CharField(max_length=500, label="Next step agreed")


class PLCForm(SchoolForm):
    name = forms.CharField(max_length=200)
    facilitator = forms.ModelChoiceField(queryset=Person.objects.none(), label="Facilitator")
    facilitator_training = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Training the facilitator had"
    )
    members = forms.ModelMultipleChoiceField(queryset=Person.objects.none(), required=False)
    priority = _priority_field()

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self.fields["facilitator"].queryset = selectors.staff_choices(school)  # type: ignore[attr-defined]
        self.fields["members"].queryset = selectors.staff_choices(school)  # type: ignore[attr-defined]


class MeetingForm(SchoolForm):
    date = forms.DateField(widget=DATE)
    agenda = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    priority = _priority_field()
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reflection = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Facilitator's reflection"
    )


class MeetingUpdateForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    reflection = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Facilitator's reflection"
    )


class ObserveForm(forms.Form):
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Started at")
    minutes = forms.IntegerField(min_value=1, max_value=240, initial=45)
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What you saw and heard"
    )
    feedback = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Feedback to the facilitator")
    feedback_type = forms.ChoiceField(choices=Observation.FeedbackType.choices)
    next_step = forms.CharField(max_length=500, required=False, label="One next step")


class VisitForm(SchoolForm):
    teacher = forms.ModelChoiceField(queryset=Person.objects.none())
    date = forms.DateField(widget=DATE)
    visited = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        label="Classrooms visited (two or more)",
        widget=forms.CheckboxSelectMultiple,
    )
    focus = forms.CharField(max_length=300, required=False, label="What to look for")
    priority = _priority_field()

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        teachers = selectors.teachers_choices(school)
        self.fields["teacher"].queryset = teachers  # type: ignore[attr-defined]
        self.fields["visited"].queryset = teachers  # type: ignore[attr-defined]
        self.fields["visited"].label_from_instance = lambda p: (  # type: ignore[attr-defined]
            f"{p.name} (room {p.room})" if p.room else p.name
        )


class NoticingsForm(forms.Form):
    noticings = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), label="What you noticed about your own teaching"
    )


class PresentationForm(SchoolForm):
    venue = forms.ChoiceField(choices=Presentation.Venue.choices)
    plc = forms.ModelChoiceField(queryset=PLC.objects.none(), required=False, label="PLC")
    date = forms.DateField(widget=DATE)
    title = forms.CharField(max_length=200, required=False)

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self.fields["plc"].queryset = PLC.objects.filter(school=school)  # type: ignore[attr-defined]


class HappenedForm(forms.Form):
    on = forms.DateField(widget=DATE, label="Happened on")


class ProjectForm(SchoolForm):
    title = forms.CharField(max_length=200)
    replaces = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Technical Work it replaces")
    series_match = forms.CharField(
        max_length=300, required=False, label="Calendar title to track", help_text="e.g. Dismissal duty"
    )
    series_uid = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)
    owner_kind = forms.ChoiceField(choices=LeverageProject.Owner.choices, label="Who will own it")
    owner_person = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, label="Person")
    owner_program = forms.ModelChoiceField(
        queryset=Program.objects.none(), required=False, label="Volunteer program"
    )
    hours_per_week = forms.DecimalField(
        min_value=0.1, max_value=60, decimal_places=1, label="Hours a week it should return to you"
    )
    started_on = forms.DateField(widget=DATE, label="Starts on")
    priority = _priority_field()
    milestones = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Milestones (one a line)"
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self.fields["owner_person"].queryset = selectors.staff_choices(school)  # type: ignore[attr-defined]
        self.fields["owner_program"].queryset = Program.objects.filter(school=school).order_by("name")  # type: ignore[attr-defined]


class MilestoneForm(forms.Form):
    title = forms.CharField(max_length=300, label="New milestone")
    due = forms.DateField(widget=DATE, required=False)


class SettingsForm(forms.Form):
    weeks_required = forms.IntegerField(min_value=1, max_value=20, label="Weeks on target")
    weeks_window = forms.IntegerField(min_value=1, max_value=20, label="Out of the last")
