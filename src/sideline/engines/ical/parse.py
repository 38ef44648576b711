"""Read iCalendar files (Google, Outlook/Exchange, Apple exports) into expanded occurrences.

One bad event never stops the good ones: the file is parsed as a whole when it can be, each
event is checked on its own, and each recurring series is expanded on its own, so an error is
reported against the event that caused it and everything else is still returned.

Unknown TZIDs: the event is kept and its times are read in the calendar's zone (X-WR-TIMEZONE,
else the school's), with a warning naming the event. A leader would rather see a meeting an hour
off and flagged than lose it; the warning tells them which one to check.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from os import PathLike
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import icalendar
import recurring_ical_events
from icalendar import Component
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from .model import CalendarError, EventError, Occurrence, ParseResult

DEFAULT_MAX_BYTES = 50 * 2**20
ProgressCallback = Callable[[int, int], None]

# Properties whose errors make an event's times unknowable: such an event cannot be placed at all.
_TIME_PROPS = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")
_TOP_LEVEL_ENDS = re.compile(r"^END:(VEVENT|VTIMEZONE|VTODO|VJOURNAL|VFREEBUSY)\s*$", re.IGNORECASE)
_PRIVATE_CLASSES = frozenset({"PRIVATE", "CONFIDENTIAL"})
_PRIVATE_LABEL = "(private event)"
# The only properties the engine reads. Exports carry far more (attendee lists, Outlook's HTML
# X-ALT-DESC, base64 ATTACHments, alarms) and icalendar would type-parse all of it; dropping it
# before parsing is most of the speed of an import.
_KEEP = frozenset(
    {
        "BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "NAME", "X-WR-CALNAME", "X-WR-TIMEZONE",
        "TZID", "TZOFFSETFROM", "TZOFFSETTO", "TZNAME", "DTSTART", "DTEND", "DURATION", "RRULE",
        "RDATE", "EXDATE", "RECURRENCE-ID", "UID", "SUMMARY", "DESCRIPTION", "LOCATION", "STATUS",
        "CLASS", "SEQUENCE", "ATTENDEE",
    }
)  # fmt: skip
_UNFOLD = re.compile(r"\r?\n[ \t]")
_UNREADABLE_LINE = re.compile(r"could not be parsed into parts: '([A-Za-z-]+)")
_PARTSTAT = re.compile(r";PARTSTAT=([A-Za-z-]+)", re.IGNORECASE)
_NAME = re.compile(r"([A-Za-z0-9-]+)[;:]")


def resolve_zone(name: str) -> ZoneInfo | None:
    """An IANA zone for an IANA or Windows zone name (Outlook writes "Central Standard Time")."""
    name = name.strip().strip('"').strip()
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    olson = WINDOWS_TO_OLSON.get(name)
    if olson:
        try:
            return ZoneInfo(olson)
        except (ZoneInfoNotFoundError, ValueError):
            return None
    return None


def parse_file(
    path: str | PathLike[str],
    *,
    start: date,
    end: date,
    default_tz: str,
    owner_email: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressCallback | None = None,
) -> ParseResult:
    """Parse a calendar file, refusing an oversized one before reading it into memory."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise CalendarError(f"Cannot read calendar file {p}: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise CalendarError(_too_large(p.name, size, max_bytes))
    return parse_calendar(
        p.read_bytes(),
        start=start,
        end=end,
        default_tz=default_tz,
        owner_email=owner_email,
        max_bytes=max_bytes,
        progress=progress,
    )


def parse_calendar(
    data: bytes | str,
    *,
    start: date,
    end: date,
    default_tz: str,
    owner_email: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressCallback | None = None,
) -> ParseResult:
    """Expand every event of a calendar that touches the local dates `start`..`end` (inclusive).

    The window is widened by a day on each side so that the audit, which clips to the school's
    zone, never misses an event near midnight; callers clip, this function does not.
    Raises CalendarError only when nothing can be read; per-event problems go to `errors`.
    """
    if end < start:
        raise CalendarError(f"The range ends ({end.isoformat()}) before it starts ({start.isoformat()}).")
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8"))
    if size > max_bytes:
        raise CalendarError(_too_large("The calendar", size, max_bytes))
    fallback_zone = resolve_zone(default_tz)
    if fallback_zone is None:
        raise CalendarError(f"Unknown time zone {default_tz!r}: use an IANA name such as 'America/Chicago'.")

    result = ParseResult()
    text = _decode(data, result)
    margin = timedelta(days=2)  # the day of widening plus any zone's offset from the raw dates
    text = _slim(text, (owner_email or "").strip().lower(), (start - margin, end + margin))
    text = _repair_truncation(text, result)
    cal = _load(text, result)

    result.calendar_name = str(cal.get("X-WR-CALNAME") or cal.get("NAME") or "")
    zone = fallback_zone
    wr_tz = cal.get("X-WR-TIMEZONE")
    if wr_tz:
        found = resolve_zone(str(wr_tz))
        if found is None:
            result.warnings.append(
                EventError(
                    "", "", f"Calendar time zone X-WR-TIMEZONE:{wr_tz} is unknown; read in {default_tz}."
                )
            )
        else:
            zone = found
    result.timezone = zone.key

    groups = _check_events(cal, zone, result)
    window = (
        datetime.combine(start - timedelta(days=1), time()),
        datetime.combine(end + timedelta(days=2), time()),
    )
    private_uids = {uid for uid, group in groups.items() if group.private}
    expander = _Expander(zone, (owner_email or "").strip().lower(), private_uids)
    # Most events in a leader's calendar happen once; placing those directly skips the library's
    # per-series machinery (and its copy of the calendar), which is a third of an import's time.
    singles = [g.events[0] for g in groups.values() if len(g.events) == 1 and _is_single(g.events[0])]
    if singles:
        single_uids = {str(e.get("UID")) for e in singles}
        cal.subcomponents = [
            c for c in cal.subcomponents if c.name != "VEVENT" or str(c.get("UID")) not in single_uids
        ]
        groups = {uid: g for uid, g in groups.items() if uid not in single_uids}
    series_list = _collect_series(cal, groups, result)
    total = len(series_list) + len(singles)
    done = 0
    for done, (uid, series) in enumerate(series_list, start=1):
        try:
            found_occurrences = list(series.between(*window))
        except Exception as exc:  # noqa: BLE001 - any library failure is one bad series, not a bad file
            result.errors.append(_event_error(groups[uid], _describe(exc)))
        else:
            for occ in found_occurrences:
                # The adapter's component is the master or override this occurrence comes from;
                # reading it directly avoids the library copying every component per occurrence.
                expander.add(occ._adapter._component, occ.start, occ.end)
        if progress is not None:
            progress(done, total)
    window_utc = (expander.to_utc(window[0]), expander.to_utc(window[1]))
    for placed, single in enumerate(singles, start=done + 1):
        begins, ends = _single_span(single)
        if expander.to_utc(begins) < window_utc[1] and expander.to_utc(ends) >= window_utc[0]:
            expander.add(single, begins, ends)
        if progress is not None:
            progress(placed, total)

    result.occurrences = expander.finish(result)
    return result


def _size(n: int) -> str:
    if n < 2**10:
        return f"{n} bytes"
    if n < 2**20:
        return f"{n / 2**10:.1f} KB"
    return f"{n / 2**20:.1f} MB"


def _too_large(what: str, size: int, max_bytes: int) -> str:
    return (
        f"{what} is {_size(size)}, over the {_size(max_bytes)} limit for a calendar; "
        "export a shorter date range and import that."
    )


def _decode(data: bytes | str, result: ParseResult) -> str:
    if isinstance(data, str):
        return data
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Old Outlook exports are Windows-1252; reading them that way keeps the events.
        result.warnings.append(EventError("", "", "The file is not UTF-8; it was read as Windows-1252."))
        return data.decode("cp1252", errors="replace")


def _raw_date(line: str) -> date | None:
    value = line[line.rfind(":") + 1 :].strip()
    try:
        return date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        return None


def _outside(block: list[str], lo: date, hi: date) -> bool:
    """Whether a one-off event lies wholly outside lo..hi, judged from its raw lines."""
    begins = ends = None
    for line in block:
        match = _NAME.match(line)
        name = match.group(1).upper() if match else ""
        if name in ("RRULE", "RDATE", "RECURRENCE-ID", "DURATION"):
            return False
        if name == "DTSTART":
            begins = _raw_date(line)
        elif name == "DTEND":
            ends = _raw_date(line)
    if begins is None:
        return False
    return begins > hi or (ends or begins) < lo


def _slim(text: str, owner: str, window: tuple[date, date] | None = None) -> str:
    """Unfold, then keep only the lines the engine reads (and the owner's own ATTENDEE line).

    With a `window`, one-off events wholly outside it are dropped unparsed: a Google export holds
    every year of a leader's history, and an import of one term should not pay for all of it.
    """
    kept: list[str] = []
    out = kept
    event: list[str] = []
    in_alarm = False
    for line in _UNFOLD.sub("", text).splitlines():
        match = _NAME.match(line)
        if match is None:
            continue
        name = match.group(1).upper()
        if in_alarm:
            if name != "END":
                continue
            in_alarm = False
            if line[4:].strip().upper() == "VALARM":
                continue
            # An alarm missing its END:VALARM must not swallow the rest of its event.
        if name == "BEGIN" and line[6:].strip().upper() == "VALARM":
            in_alarm = True
        elif name == "ATTENDEE":
            if owner and owner in line.lower():
                # Only the owner's reply matters; the other parameters cost parsing time.
                partstat = _PARTSTAT.search(line)
                address = line[line.rfind(":", 0, line.lower().rfind(owner)) + 1 :]
                reply = f";PARTSTAT={partstat.group(1)}" if partstat else ""
                out.append(f"ATTENDEE{reply}:{address}")
        elif name in _KEEP:
            if window is not None and name == "BEGIN" and line[6:].strip().upper() == "VEVENT":
                if out is event:
                    kept.extend(event)  # malformed nesting: keep it all for the parser to report
                event = [line]
                out = event
            elif out is event and name == "END" and line[4:].strip().upper() == "VEVENT":
                event.append(line)
                if not _outside(event, *window or (date.min, date.max)):
                    kept.extend(event)
                out = kept
            else:
                out.append(line)
    if out is event:
        kept.extend(event)  # a truncated last event: left for _repair_truncation to report
    kept.append("")
    return "\r\n".join(kept)


def _raw_field(lines: Iterable[str], name: str) -> str:
    prefix = name.upper()
    for line in lines:
        head = line.split(":", 1)[0].split(";", 1)[0].upper()
        if head == prefix and ":" in line:
            return line.split(":", 1)[1].strip()
    return ""


def _repair_truncation(text: str, result: ParseResult) -> str:
    """Cut a truncated file after its last complete component so those events still import."""
    if not re.search(r"^BEGIN:VCALENDAR\s*$", text, re.IGNORECASE | re.MULTILINE):
        raise CalendarError("This is not an iCalendar file: it has no BEGIN:VCALENDAR line.")
    if re.search(r"^END:VCALENDAR\s*$", text, re.IGNORECASE | re.MULTILINE):
        return text
    lines = text.splitlines()
    cut = -1
    for i in range(len(lines) - 1, -1, -1):
        if _TOP_LEVEL_ENDS.match(lines[i]):
            cut = i
            break
    if cut < 0:
        cut = next(i for i, line in enumerate(lines) if line.strip().upper() == "BEGIN:VCALENDAR")
    tail = lines[cut + 1 :]
    if any(line.strip().upper() == "BEGIN:VEVENT" for line in tail):
        uid, summary = _raw_field(tail, "UID"), _raw_field(tail, "SUMMARY")
        if _raw_field(tail, "CLASS").upper() in _PRIVATE_CLASSES:
            summary = _PRIVATE_LABEL
        result.errors.append(
            EventError(
                uid,
                summary,
                f"Event '{summary}' (uid {uid or 'none'}): the file is truncated (no END:VCALENDAR) "
                "and this event is incomplete, so it was not imported; the complete events before it were.",
            )
        )
    else:
        result.warnings.append(
            EventError("", "", "The file is truncated (no END:VCALENDAR); all events were complete.")
        )
    return "\r\n".join([*lines[: cut + 1], "END:VCALENDAR", ""])


def _load(text: str, result: ParseResult) -> icalendar.Calendar:
    try:
        return icalendar.Calendar.from_ical(text)
    except (ValueError, IndexError, KeyError) as whole_error:
        return _load_blockwise(text, result, whole_error)


def _load_blockwise(text: str, result: ParseResult, whole_error: Exception) -> icalendar.Calendar:
    """Parse each top-level component alone, so one malformed block costs only itself."""
    lines = text.splitlines()
    header: list[str] = []
    blocks: list[list[str]] = []
    current: list[str] | None = None
    depth = 0
    broken: list[list[str]] = []
    opened = False
    for line in lines:
        upper = line.strip().upper()
        if not opened:
            opened = upper == "BEGIN:VCALENDAR"
            continue
        if current is None:
            if upper.startswith("BEGIN:"):
                current, depth = [line], 1
            elif not upper.startswith("END:"):
                header.append(line)
            continue
        if upper == "END:VCALENDAR":
            # A component still open at the calendar's end lost its own END line.
            broken.append(current)
            current = None
            continue
        current.append(line)
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:"):
            depth -= 1
            if depth == 0:
                blocks.append(current)
                current = None
    if current is not None:
        broken.append(current)
    cal = icalendar.Calendar()
    try:
        head = icalendar.Calendar.from_ical("\r\n".join(["BEGIN:VCALENDAR", *header, "END:VCALENDAR", ""]))
        for name, value in head.property_items(recursive=False):
            if name not in ("BEGIN", "END"):
                cal.add(name, value, encode=False)
    except (ValueError, IndexError, KeyError):
        result.warnings.append(EventError("", "", "The calendar's header could not be read; it was ignored."))
    for block in blocks:
        try:
            part = icalendar.Calendar.from_ical("\r\n".join(["BEGIN:VCALENDAR", *block, "END:VCALENDAR", ""]))
        except (ValueError, IndexError, KeyError) as exc:
            result.errors.append(_block_error(block, f"cannot be read ({exc})."))
            continue
        for sub in part.subcomponents:
            cal.add_component(sub)
    for block in broken:
        result.errors.append(
            _block_error(block, "is not closed (its END line is missing), so it was not imported.")
        )
    if not blocks:
        raise CalendarError(f"The calendar cannot be read: {whole_error}") from whole_error
    return cal


def _block_error(block: list[str], what: str) -> EventError:
    uid, summary = _raw_field(block, "UID"), _raw_field(block, "SUMMARY")
    if _raw_field(block, "CLASS").upper() in _PRIVATE_CLASSES:
        summary = _PRIVATE_LABEL
    return EventError(uid, summary, f"Event '{summary}' (uid {uid or 'none'}): {what}")


@dataclass(slots=True)
class _Group:
    """All VEVENTs sharing a UID: a series master and its overrides, or a single event."""

    uid: str
    summary: str
    events: list[Component]
    # One private instance makes the whole series private: an override that forgot CLASS
    # must not reveal what the leader hid on the series (or the other way round).
    private: bool = False


def _first_text(component: Component, name: str) -> str:
    """A text property's value; a property given twice (seen in the wild) yields its first value."""
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value).strip()


def _summary_of(event: Component) -> str:
    if _first_text(event, "CLASS").upper() in _PRIVATE_CLASSES:
        return _PRIVATE_LABEL
    return _first_text(event, "SUMMARY") or "(untitled)"


def _event_error(group: _Group, what: str) -> EventError:
    return EventError(group.uid, group.summary, f"Event '{group.summary}' (uid {group.uid}): {what}")


def _describe(exc: Exception) -> str:
    message = str(exc).strip() or type(exc).__name__
    return f"cannot be expanded ({message})."


def _ical_text(value: Any) -> str:
    raw = value.to_ical() if hasattr(value, "to_ical") else value
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def _prop_problem(name: str, raw: Any, message: str) -> str:
    value = str(raw) if isinstance(raw, str) else _ical_text(raw)
    if name == "RRULE":
        return f"RRULE {value} is not a valid recurrence rule ({message})."
    return f"{name} {value} is not valid ({message})."


def _check_events(cal: icalendar.Calendar, zone: ZoneInfo, result: ParseResult) -> dict[str, _Group]:
    """Group events by UID and drop whole series whose times cannot be read."""
    groups: dict[str, _Group] = {}
    bad: dict[str, str] = {}
    for event in cal.subcomponents:
        if event.name != "VEVENT":
            continue
        uid = str(event.get("UID", "")).strip()
        if not uid:
            # A stable stand-in, so re-importing the same file gives the same keys.
            uid = "sideline-" + hashlib.blake2b(event.to_ical(), digest_size=10).hexdigest()
            event["UID"] = uid
        summary = _summary_of(event)
        group = groups.get(uid)
        if group is None:
            group = groups[uid] = _Group(uid, summary, [])
        elif "RECURRENCE-ID" not in event:
            group.summary = summary
        group.events.append(event)
        if summary == _PRIVATE_LABEL:
            group.private = True
        if group.private:
            group.summary = _PRIVATE_LABEL
        if uid in bad:
            continue
        for prop, message in getattr(event, "errors", []):
            if prop in _TIME_PROPS:
                bad[uid] = _prop_problem(prop, event.get(prop, ""), message)
                break
            unreadable = _UNREADABLE_LINE.search(str(message)) if prop is None else None
            if unreadable and unreadable.group(1).upper() in _TIME_PROPS:
                bad[uid] = f"its {unreadable.group(1).upper()} line cannot be read ({message})."
                break
        else:
            if "DTSTART" not in event:
                bad[uid] = "has no start time (DTSTART)."
            elif _ends_before_start(event):
                start_raw = _ical_text(event["DTSTART"])
                end_raw = _ical_text(event["DTEND"])
                bad[uid] = f"ends (DTEND {end_raw}) before it starts (DTSTART {start_raw})."
            else:
                _warn_unknown_tzids(event, uid, summary, zone, result)
    for uid, what in bad.items():
        result.errors.append(_event_error(groups.pop(uid), what))
    if bad:
        cal.subcomponents = [
            c for c in cal.subcomponents if c.name != "VEVENT" or str(c.get("UID")) in groups
        ]
    return groups


def _is_single(event: Component) -> bool:
    return not any(name in event for name in ("RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"))


def _single_span(event: Component) -> tuple[date | datetime, date | datetime]:
    """Start and end of a one-off event, by RFC 5545's defaults when DTEND is absent."""
    start_prop: Any = event["DTSTART"]
    begins = start_prop.dt
    end_prop: Any = event.get("DTEND")
    duration: Any = event.get("DURATION")
    if end_prop is not None:
        return begins, end_prop.dt
    if duration is not None:
        return begins, begins + duration.dt
    if isinstance(begins, datetime):
        return begins, begins
    return begins, begins + timedelta(days=1)


def _ends_before_start(event: Component) -> bool:
    end_prop: Any = event.get("DTEND")
    if end_prop is None:
        return False
    try:
        start_prop: Any = event["DTSTART"]
        return bool(end_prop.dt < start_prop.dt)
    except TypeError:
        # A date against a datetime, or naive against aware: the library copes with those.
        return False


def _warn_unknown_tzids(
    event: Component, uid: str, summary: str, zone: ZoneInfo, result: ParseResult
) -> None:
    for prop in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        value: Any = event.get(prop)
        tzid = value.params.get("TZID") if value is not None and hasattr(value, "params") else None
        if tzid and isinstance(value.dt, datetime) and value.dt.tzinfo is None:
            result.warnings.append(
                EventError(
                    uid,
                    summary,
                    f"Event '{summary}' (uid {uid}): time zone {tzid!r} is unknown; "
                    f"its times were read in {zone.key}. Check this event.",
                )
            )
            return


def _collect_series(
    cal: icalendar.Calendar, groups: dict[str, _Group], result: ParseResult
) -> list[tuple[str, Any]]:
    """The library's series, one per UID; a series it cannot build is retried alone for its error."""
    try:
        query = recurring_ical_events.of(cal, skip_bad_series=True)
    except Exception:  # noqa: BLE001 - fall back to one series at a time below
        built: dict[str, Any] = {}
    else:
        built = {str(series.uid): series for series in query.series}
    out: list[tuple[str, Any]] = []
    timezones = [c for c in cal.subcomponents if c.name == "VTIMEZONE"]
    for uid, group in groups.items():
        series = built.get(uid)
        if series is None:
            alone = icalendar.Calendar()
            if "X-WR-TIMEZONE" in cal:
                alone.add("X-WR-TIMEZONE", cal["X-WR-TIMEZONE"])
            for tz_component in timezones:
                alone.add_component(tz_component)
            for event in group.events:
                alone.add_component(event)
            try:
                solo = recurring_ical_events.of(alone).series
            except Exception as exc:  # noqa: BLE001 - report it against this event and carry on
                result.errors.append(_event_error(group, _describe(exc)))
                continue
            out.extend((uid, s) for s in solo)
        else:
            out.append((uid, series))
    return out


class _Expander:
    """Turns the library's occurrences into ours, reading each source component only once."""

    def __init__(self, zone: ZoneInfo, owner: str, private_uids: set[str]) -> None:
        self.zone = zone
        self.owner = owner
        self.private_uids = private_uids
        self.static: dict[int, tuple[Any, ...]] = {}
        self.items: list[Occurrence] = []

    def _static(self, component: Component) -> tuple[Any, ...]:
        cached = self.static.get(id(component))
        if cached is not None:
            return cached
        uid = str(component.get("UID", ""))
        private = uid in self.private_uids or _first_text(component, "CLASS").upper() in _PRIVATE_CLASSES
        if private:
            title = description = location = ""
        else:
            title = _first_text(component, "SUMMARY")
            description = _first_text(component, "DESCRIPTION")
            location = _first_text(component, "LOCATION")
        status = _first_text(component, "STATUS").upper()
        rid_prop = component.get("RECURRENCE-ID")
        override_rid = self._rid(rid_prop.dt) if rid_prop is not None else None
        recurring = override_rid is not None or "RRULE" in component or "RDATE" in component
        try:
            sequence = int(component.get("SEQUENCE", 0))
        except (TypeError, ValueError):
            sequence = 0
        static = (
            uid,
            title,
            description,
            location,
            status,
            status == "CANCELLED",
            self._declined(component),
            private,
            recurring,
            sequence,
            override_rid,
        )
        self.static[id(component)] = static
        return static

    def _declined(self, component: Component) -> bool:
        if not self.owner:
            return False
        attendees = component.get("ATTENDEE")
        if attendees is None:
            return False
        if not isinstance(attendees, list):
            attendees = [attendees]
        for attendee in attendees:
            address = str(attendee).strip().lower().removeprefix("mailto:")
            if address == self.owner:
                params = getattr(attendee, "params", {})
                return str(params.get("PARTSTAT", "")).upper() == "DECLINED"
        return False

    def to_utc(self, value: date | datetime) -> datetime:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                value = value.replace(tzinfo=self.zone)
            return value.astimezone(UTC)
        return datetime.combine(value, time(), self.zone).astimezone(UTC)

    def _rid(self, value: date | datetime) -> str:
        if isinstance(value, datetime):
            return self.to_utc(value).isoformat()
        return value.isoformat()

    def add(self, component: Component, start_value: Any, end_value: Any) -> None:
        (
            uid,
            title,
            description,
            location,
            status,
            cancelled,
            declined,
            private,
            recurring,
            sequence,
            rid,
        ) = self._static(component)
        if isinstance(end_value, timedelta):
            end_value = start_value + end_value
        if rid is None:
            rid = self._rid(start_value) if recurring else ""
        all_day = not isinstance(start_value, datetime)
        if all_day:
            start_date = start_value
            end_exclusive = end_value.date() if isinstance(end_value, datetime) else end_value
            end_exclusive = max(end_exclusive, start_date + timedelta(days=1))
            end_date = end_exclusive - timedelta(days=1)
            start_utc, end_utc = self.to_utc(start_date), self.to_utc(end_exclusive)
        else:
            start_utc = self.to_utc(start_value)
            end_utc = self.to_utc(end_value)
            if end_utc < start_utc:
                end_utc = start_utc
            start_date = start_utc.astimezone(self.zone).date()
            end_date = end_utc.astimezone(self.zone).date()
        fingerprint = hashlib.blake2b(
            "\x1f".join(
                (
                    start_utc.isoformat(),
                    end_utc.isoformat(),
                    "D" if all_day else "T",
                    title,
                    description,
                    location,
                    status,
                    "1" if declined else "0",
                    "1" if private else "0",
                )
            ).encode(),
            digest_size=12,
        ).hexdigest()
        self.items.append(
            Occurrence(
                uid=uid,
                recurrence_id=rid,
                key=f"{uid}#{rid}" if rid else uid,
                series_uid=uid,
                start=start_utc,
                end=end_utc,
                all_day=all_day,
                start_date=start_date,
                end_date=end_date,
                title=title,
                description=description,
                location=location,
                status=status,
                cancelled=cancelled,
                declined=declined,
                private=private,
                recurring=recurring,
                sequence=sequence,
                fingerprint=fingerprint,
            )
        )

    def finish(self, result: ParseResult) -> list[Occurrence]:
        """Sorted occurrences with unique keys: a duplicate keeps the highest SEQUENCE."""
        chosen: dict[str, Occurrence] = {}
        for occ in self.items:
            seen = chosen.get(occ.key)
            if seen is None:
                chosen[occ.key] = occ
                continue
            if occ.sequence > seen.sequence:
                chosen[occ.key] = occ
            label = _PRIVATE_LABEL if occ.private else occ.title or "(untitled)"
            result.warnings.append(
                EventError(
                    occ.uid,
                    label,
                    f"Event '{label}' (uid {occ.uid}): appears twice for {occ.recurrence_id or 'the same event'}; "
                    "the version with the highest SEQUENCE was kept.",
                )
            )
        return sorted(chosen.values(), key=lambda o: (o.start, o.key))
