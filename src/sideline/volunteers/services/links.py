"""Families' personal links and what a family says about itself through one."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string

from sideline.engines import rota
from sideline.volunteers.models import (
    Household,
    Volunteer,
    VolunteerLink,
)
from sideline.volunteers.services.errors import LinkGone, LinkInvalid

LINK_SALT = "sideline.volunteers.link"
LINK_DAYS = 400


def link_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_token(link_pk: int, nonce: str) -> str:
    # Not timestamped: expiry lives in the row, where a coordinator can also revoke it.
    return signing.Signer(salt=LINK_SALT).sign_object({"l": link_pk, "n": nonce}, compress=True)


def link_create(*, volunteer: Volunteer, days: int = LINK_DAYS, nonce: str | None = None) -> str:
    """A new personal link token. Only its hash is stored; the caller shows or sends the token once."""
    link = VolunteerLink.objects.create(
        volunteer=volunteer, token_hash="pending-" + get_random_string(40), expires_at=timezone.now()
    )
    token = link_token(link.pk, nonce or get_random_string(12))
    link.token_hash = link_hash(token)
    link.expires_at = timezone.now() + dt.timedelta(days=days)
    link.save(update_fields=["token_hash", "expires_at"])
    return token


def link_revoke(*, volunteer: Volunteer) -> int:
    """Turn off every live link of a volunteer (a lost phone, a forwarded email)."""
    return VolunteerLink.objects.filter(volunteer=volunteer, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def link_resolve(token: str) -> Volunteer:
    try:
        signing.Signer(salt=LINK_SALT).unsign_object(token)
    except signing.BadSignature:
        raise LinkInvalid("This link is not valid. Check that it was copied in full.") from None
    link = (
        VolunteerLink.objects.select_related("volunteer__household__school")
        .filter(token_hash=link_hash(token))
        .first()
    )
    if link is None:
        raise LinkInvalid("This link is not valid. Check that it was copied in full.")
    if link.revoked_at is not None:
        raise LinkGone(
            "This link has been turned off. Ask your school's volunteer coordinator to send you a new one."
        )
    now = timezone.now()
    if link.expires_at <= now or not link.volunteer.active:
        raise LinkGone(
            "This link has expired. Ask your school's volunteer coordinator to send you a new one."
        )
    if link.last_used_at is None or now - link.last_used_at > dt.timedelta(hours=1):
        VolunteerLink.objects.filter(pk=link.pk).update(last_used_at=now)
    return link.volunteer


def link_url(token: str) -> str:
    return settings.SITE_URL + reverse("volunteers:family", args=[token])


def volunteer_set_preferences(
    *,
    volunteer: Volunteer,
    availability: list[dict[str, Any]],
    blackout: list[str],
    prefer: list[dict[str, Any]],
    max_shifts: int,
    max_per_week: int | None,
) -> Volunteer:
    # Validate through the optimizer's own loader so what a family saves can always be solved.
    probe = {
        "id": "probe",
        "max_shifts": max_shifts,
        "available": availability,
        "blackout": blackout,
        "prefer": prefer,
    }
    if max_per_week is not None:
        probe["max_per_week"] = max_per_week
    try:
        rota.load_instance({"timezone": volunteer.school.timezone, "shifts": [], "volunteers": [probe]})
    except rota.InstanceError as exc:
        raise ValidationError(str(exc).replace("volunteer 'probe': ", "")) from None
    volunteer.availability = availability
    volunteer.blackout = sorted(set(blackout))
    volunteer.prefer = prefer
    volunteer.max_shifts = max_shifts
    volunteer.max_per_week = max_per_week
    volunteer.save(update_fields=["availability", "blackout", "prefer", "max_shifts", "max_per_week"])
    return volunteer


def volunteer_update(
    *, volunteer: Volunteer, fields: dict[str, Any], household_max_shifts: int | None
) -> Volunteer:
    """A coordinator's edit of a volunteer (limits, programs, background check) and the family's cap."""
    programs = fields.pop("programs", None)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(volunteer, name, value)
        volunteer.save()
        if programs is not None:
            volunteer.programs.set(programs)
        Household.objects.filter(pk=volunteer.household_id).update(max_shifts=household_max_shifts)
    return volunteer
