"""`sideline daily-meeting send` delivers to a real SMTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import email
import io
import json

import pytest
from django.core.management import CommandError, call_command

from sideline.delegation.models import DailyMeeting
from tests.conftest import World
from tests.delegation.helpers import free_port, smtp_server, use_smtp, work_item


def test_send_emails_the_agenda_to_the_leader_and_the_assistant(staffed: World, settings: object) -> None:
    work_item(staffed.school, "Consent forms", "communications")
    with smtp_server() as (inbox, port):
        use_smtp(settings, port)
        out = io.StringIO()
        call_command(
            "daily-meeting",
            "send",
            "--school",
            "lakeside",
            "--date",
            "2026-11-24",
            "--format",
            "json",
            stdout=out,
        )
    assert json.loads(out.getvalue()) == [
        {"school": "lakeside", "date": "2026-11-24", "items": 6,
         "sent_to": ["administrative_assistant@example.org", "principal@example.org"], "note": ""}
    ]  # fmt: skip
    assert len(inbox.envelopes) == 1
    envelope = inbox.envelopes[0]
    assert sorted(envelope.rcpt_tos) == ["administrative_assistant@example.org", "principal@example.org"]  # type: ignore[attr-defined]
    message = email.message_from_bytes(envelope.content)  # type: ignore[attr-defined]
    assert message["Subject"] == "Daily meeting Tue Nov 24: Lakeside Middle"
    text = (
        next(p for p in message.walk() if p.get_content_type() == "text/plain")
        .get_payload(decode=True)
        .decode()
    )
    assert "4. Waiting for the leader's decision or signature" in text
    assert "[Open] Consent forms (Adele Admin, due" in text
    assert DailyMeeting.objects.get(date=dt.date(2026, 11, 24)).sent_at is not None


def test_unreachable_mail_server_fails_loudly_and_keeps_the_agenda(staffed: World, settings: object) -> None:
    use_smtp(settings, free_port())  # nothing listens there
    with pytest.raises(CommandError):
        call_command(
            "daily-meeting", "send", "--school", "lakeside", "--date", "2026-11-24", stdout=io.StringIO()
        )
    meeting = DailyMeeting.objects.get(date=dt.date(2026, 11, 24))
    assert (meeting.items.count(), meeting.sent_at) == (6, None)


def test_generate_command_validates_its_arguments(staffed: World) -> None:
    with pytest.raises(CommandError, match="No school with slug 'nowhere'"):
        call_command("daily-meeting", "generate", "--school", "nowhere")
    with pytest.raises(CommandError, match="--date must look like 2026-11-24, not '24/11/2026'"):
        call_command("daily-meeting", "generate", "--date", "24/11/2026")
    out = io.StringIO()
    call_command("daily-meeting", "generate", "--date", "2026-11-24", stdout=out)
    assert DailyMeeting.objects.filter(date=dt.date(2026, 11, 24)).count() == 2
    assert "lakeside" in out.getvalue() and "hilltop" in out.getvalue()
