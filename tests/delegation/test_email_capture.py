"""A forwarded email becomes a work item; strangers' mail is refused and nothing is created."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sideline.delegation.models import WorkItem
from sideline.schools.roles import Role
from tests.conftest import World


def _eml(tmp_path: Path, sender: str, subject: str, body: str) -> Path:
    path = tmp_path / "message.eml"
    path.write_text(
        f"From: Someone <{sender}>\nTo: lakeside@school.example.org\nSubject: {subject}\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + body
    )
    return path


def test_tagged_forward_goes_to_the_areas_first_responder(staffed: World, tmp_path: Path) -> None:
    path = _eml(
        tmp_path,
        "Principal@Example.org",
        "Fwd: FW: [facilities] Leak in the gym roof",
        "Water by the bleachers.\n",
    )
    out = io.StringIO()
    call_command("capture-email", "--school", "lakeside", str(path), stdout=out)
    item = WorkItem.objects.get()
    assert (item.title, item.area, item.owner, item.notes, item.source, item.created_by) == (
        "Leak in the gym roof", "facilities", staffed.people[Role.CUSTODIAN], "Water by the bleachers.", "email",
        staffed.people[Role.PRINCIPAL],
    )  # fmt: skip
    assert out.getvalue() == f"Captured #{item.pk} “Leak in the gym roof” (Facilities) for Cal Custodian.\n"


def test_untagged_forward_is_placed_by_the_triage_engine(staffed: World, tmp_path: Path) -> None:
    path = _eml(tmp_path, "principal@example.org", "Chromebook cart 3 will not charge", "")
    call_command("capture-email", "--school", "lakeside", str(path), stdout=io.StringIO())
    item = WorkItem.objects.get()
    assert (item.area, item.owner) == ("technology", staffed.people[Role.TECHNOLOGY])


@pytest.mark.parametrize(
    ("sender", "subject", "body", "message"),
    [
        (
            "stranger@spam.example",
            "Buy now",
            "x",
            "stranger@spam.example is not on Lakeside Middle's staff; the message was not captured.",
        ),
        (
            "outsider@example.org",
            "Bus",
            "x",
            "outsider@example.org is not on Lakeside Middle's staff; the message was not captured.",
        ),
        ("principal@example.org", "", "", "The message has neither a subject nor any text."),
    ],
)
def test_bad_mail_is_refused_with_a_reason(
    staffed: World, tmp_path: Path, sender: str, subject: str, body: str, message: str
) -> None:
    path = _eml(tmp_path, sender, subject, body)
    with pytest.raises(CommandError) as caught:
        call_command("capture-email", "--school", "lakeside", str(path), stdout=io.StringIO())
    assert str(caught.value) == message
    assert WorkItem.objects.count() == 0


def test_missing_file_and_school_are_clear_errors(staffed: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No school with slug 'nowhere'"):
        call_command("capture-email", "--school", "nowhere", str(tmp_path / "x.eml"))
    with pytest.raises(CommandError, match="No such file"):
        call_command("capture-email", "--school", "lakeside", str(tmp_path / "missing.eml"))
