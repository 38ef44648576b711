"""Capture by email: a message forwarded to the school's address becomes a work item.

The mail server pipes each message to `sideline capture-email` (e.g. a Postfix alias
`maple-grove: "|/srv/sideline/.venv/bin/sideline capture-email --school maple-grove"`). Only the
school's own staff can create items this way, so a stranger's mail never lands in the queue.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr

from django.core.exceptions import ValidationError

from sideline.delegation import services
from sideline.delegation.areas import AREAS, FALLBACK_AREA, area_for_delegate
from sideline.delegation.models import WorkItem
from sideline.schools.models import Person, School

MAX_NOTES = 5000
_FORWARD_PREFIX = re.compile(r"^\s*((fwd?|fw|re)\s*:\s*)+", re.IGNORECASE)
_AREA_TAG = re.compile(r"\[([a-z_ ]+)\]")


@dataclass(frozen=True)
class ParsedMail:
    sender: str
    title: str
    area_tag: str | None
    body: str


def parse(raw: bytes) -> ParsedMail:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(message, EmailMessage):  # pragma: no cover - the default policy always builds one
        raise ValidationError("That is not an email message.")
    sender = parseaddr(str(message.get("From", "")))[1].strip().lower()
    if not sender:
        raise ValidationError("The message has no From address, so nobody can own it.")
    subject = _FORWARD_PREFIX.sub("", str(message.get("Subject", "")).strip())
    tag = None
    found = _AREA_TAG.search(subject)
    if found and found.group(1).strip().replace(" ", "_") in AREAS:
        tag = found.group(1).strip().replace(" ", "_")
        subject = (subject[: found.start()] + subject[found.end() :]).strip()
    part = message.get_body(preferencelist=("plain",))
    body = part.get_content().strip() if part is not None else ""
    if not subject:
        subject = next((line.strip() for line in body.splitlines() if line.strip()), "")
    if not subject:
        raise ValidationError("The message has neither a subject nor any text.")
    return ParsedMail(sender=sender, title=subject[:300], area_tag=tag, body=body[:MAX_NOTES])


def _area_for(school: School, parsed: ParsedMail) -> str:
    if parsed.area_tag:
        return parsed.area_tag
    try:
        from sideline.triage.services import classify_for_school
    except ImportError:
        return FALLBACK_AREA
    verdict = classify_for_school(school, [parsed.title])[0]
    return area_for_delegate(verdict.delegate_to)


def work_item_capture_email(*, school: School, raw: bytes) -> WorkItem:
    """One forwarded message -> one work item for the area's first responder (area from a `[tag]` in the
    subject, else from the triage engine's verdict)."""
    parsed = parse(raw)
    sender = (
        Person.objects.filter(email__iexact=parsed.sender, memberships__school=school, active=True)
        .distinct()
        .first()
    )
    if sender is None:
        raise ValidationError(
            f"{parsed.sender} is not on {school.name}'s staff; the message was not captured."
        )
    return services.work_item_create(
        school=school,
        title=parsed.title,
        notes=parsed.body,
        area=_area_for(school, parsed),
        actor=sender,
        source=WorkItem.Source.EMAIL,
    )
