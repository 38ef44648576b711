"""Write raw iCalendar text for tests, so each test controls folding, escaping and zones exactly."""

from __future__ import annotations


def escape(text: str) -> str:
    """RFC 5545 TEXT escaping."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str, width: int = 75) -> list[str]:
    """Fold a content line at `width` octets, continuation lines starting with one space."""
    out: list[str] = []
    current = ""
    limit = width
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = " "
            limit = width
        current += char
    out.append(current)
    return out


def _when(name: str, value: str, tzid: str | None) -> str:
    if tzid is None:
        return f"{name}:{value}"
    quoted = f'"{tzid}"' if any(c in tzid for c in ",:; ") else tzid
    return f"{name};TZID={quoted}:{value}"


def event(
    uid: str,
    summary: str,
    start: str,
    end: str | None = None,
    *,
    tzid: str | None = None,
    duration: str | None = None,
    all_day: bool = False,
    rrule: str | None = None,
    exdates: tuple[str, ...] = (),
    rdates: tuple[str, ...] = (),
    recurrence_id: str | None = None,
    status: str | None = None,
    klass: str | None = None,
    description: str | None = None,
    location: str | None = None,
    attendees: tuple[tuple[str, str], ...] = (),
    sequence: int | None = None,
    extra: tuple[str, ...] = (),
) -> list[str]:
    """One VEVENT's unfolded lines. Times are raw iCalendar values ("20261102T090000", "...Z")."""
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20260801T000000Z", f"SUMMARY:{escape(summary)}"]
    if all_day:
        lines.append(f"DTSTART;VALUE=DATE:{start}")
        if end is not None:
            lines.append(f"DTEND;VALUE=DATE:{end}")
    else:
        lines.append(_when("DTSTART", start, tzid))
        if end is not None:
            lines.append(_when("DTEND", end, tzid))
    if duration is not None:
        lines.append(f"DURATION:{duration}")
    if rrule is not None:
        lines.append(f"RRULE:{rrule}")
    for value in exdates:
        lines.append(_when("EXDATE", value, tzid))
    for value in rdates:
        lines.append(_when("RDATE", value, tzid))
    if recurrence_id is not None:
        lines.append(_when("RECURRENCE-ID", recurrence_id, tzid))
    if status is not None:
        lines.append(f"STATUS:{status}")
    if klass is not None:
        lines.append(f"CLASS:{klass}")
    if description is not None:
        lines.append(f"DESCRIPTION:{escape(description)}")
    if location is not None:
        lines.append(f"LOCATION:{escape(location)}")
    for email, partstat in attendees:
        lines.append(f"ATTENDEE;CN={email.split('@')[0]};PARTSTAT={partstat}:mailto:{email}")
    if sequence is not None:
        lines.append(f"SEQUENCE:{sequence}")
    lines.extend(extra)
    lines.append("END:VEVENT")
    return lines


def calendar(
    *events: list[str],
    x_wr_timezone: str | None = None,
    name: str | None = None,
    preamble: tuple[str, ...] = (),
    folded: bool = True,
    newline: str = "\r\n",
) -> str:
    """A whole VCALENDAR; `preamble` takes raw lines such as VTIMEZONE blocks."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Sideline tests//EN", "CALSCALE:GREGORIAN"]
    if name is not None:
        lines.append(f"X-WR-CALNAME:{escape(name)}")
    if x_wr_timezone is not None:
        lines.append(f"X-WR-TIMEZONE:{x_wr_timezone}")
    lines.extend(preamble)
    for block in events:
        lines.extend(block)
    lines.append("END:VCALENDAR")
    if folded:
        lines = [part for line in lines for part in fold(line)]
    return newline.join(lines) + newline
