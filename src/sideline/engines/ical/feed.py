"""The secret-URL subscription feed of the blocks Sideline plans for a leader."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar

from .parse import resolve_zone


@dataclass(frozen=True, slots=True)
class FeedBlock:
    """A planned block. `uid` must be stable across feed refreshes so calendar apps update, not duplicate."""

    uid: str
    start: datetime
    end: datetime
    title: str
    description: str = ""


def build_feed(blocks: Iterable[FeedBlock], *, name: str, tz: str, stamp: datetime | None = None) -> bytes:
    """An iCalendar feed of `blocks`, times in UTC, which `parse_calendar` reads back unchanged.

    `stamp` (DTSTAMP) defaults to now; pass it to get byte-identical output for the same blocks.
    """
    zone = resolve_zone(tz)
    if zone is None:
        raise ValueError(f"Unknown time zone {tz!r}: use an IANA name such as 'America/Chicago'.")
    stamp_utc = (stamp or datetime.now(UTC)).astimezone(UTC)
    cal = icalendar.Calendar()
    cal.add("PRODID", "-//Sideline//Planned blocks//EN")
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("X-WR-CALNAME", name)
    cal.add("X-WR-TIMEZONE", zone.key)
    seen: set[str] = set()
    for block in sorted(blocks, key=lambda b: (b.start, b.uid)):
        if not block.uid:
            raise ValueError(f"Block {block.title!r} at {block.start.isoformat()} has no uid.")
        if block.uid in seen:
            raise ValueError(f"Two blocks share the uid {block.uid!r}; each block needs its own.")
        seen.add(block.uid)
        if block.start.tzinfo is None or block.end.tzinfo is None:
            raise ValueError(f"Block {block.title!r} ({block.uid}) has a naive time; give aware datetimes.")
        if block.end <= block.start:
            raise ValueError(f"Block {block.title!r} ({block.uid}) ends before it starts.")
        event = icalendar.Event()
        event.add("UID", block.uid)
        event.add("DTSTAMP", stamp_utc)
        event.add("DTSTART", block.start.astimezone(UTC))
        event.add("DTEND", block.end.astimezone(UTC))
        event.add("SUMMARY", block.title)
        if block.description:
            event.add("DESCRIPTION", block.description)
        event.add("TRANSP", "OPAQUE")
        cal.add_component(event)
    return cal.to_ical()
