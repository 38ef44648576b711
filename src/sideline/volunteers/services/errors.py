"""What the rules refuse, each with a message that tells the person what to do instead."""

from __future__ import annotations


class VolunteerError(ValueError):
    """A request the rules do not allow; the message tells the person what to do instead."""


class ShiftFull(VolunteerError):
    pass


class LinkInvalid(Exception):
    """The link is not one of ours (404)."""


class LinkGone(Exception):
    """The link was ours but is revoked or expired (410); the message says what to do."""
