from __future__ import annotations

from typing import Any

from django import forms

from sideline.calendars.models import CATEGORY_CHOICES
from sideline.calendars.services import MAX_BYTES

KIND_CHOICES = [("file", "Upload an .ics file"), ("url", "Subscribe to a URL"), ("caldav", "CalDAV calendar")]


class CalendarAddForm(forms.Form):
    kind = forms.ChoiceField(choices=KIND_CHOICES, initial="file", widget=forms.RadioSelect, label="Source")
    name = forms.CharField(
        max_length=200, required=False, label="Calendar name", help_text="e.g. Work calendar"
    )
    file = forms.FileField(required=False, label="Calendar file (.ics)")
    url = forms.CharField(
        max_length=1000, required=False, label="Address (https:// or webcal://)",
        help_text="The secret address Google, Outlook or Apple calls “iCal format” or a CalDAV collection URL",
    )  # fmt: skip
    username = forms.CharField(max_length=200, required=False, label="CalDAV user name")
    password = forms.CharField(
        max_length=200, required=False, label="CalDAV password", widget=forms.PasswordInput(render_value=True)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == "file":
            upload = data.get("file")
            if upload is None:
                self.add_error("file", "Choose an .ics file to upload.")
            elif upload.size > MAX_BYTES:
                self.add_error(
                    "file",
                    f"This file is {upload.size / 2**20:.1f} MB, over the {MAX_BYTES // 2**20} MB limit; "
                    "export a shorter date range.",
                )
        elif kind in ("url", "caldav") and not (data.get("url") or "").strip():
            self.add_error("url", "Give the calendar's address.")
        return data


class CorrectionForm(forms.Form):
    series_uid = forms.CharField(max_length=500)
    category = forms.ChoiceField(choices=CATEGORY_CHOICES)
