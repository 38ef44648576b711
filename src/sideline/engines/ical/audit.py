"""The time audit: where a leader's scheduled week went, by category, against the school's target.

Counting rules (the same for the CLI, the web pages and the exports):

- Only timed events count; all-day events are listed, not counted.
- Cancelled events and instances, and events the owner declined, are excluded and counted in
  `excluded` (timed and all-day alike, when they touch the range; cancelled wins over declined).
- Hours are event durations clipped to [from 00:00, to+1 00:00) in the school's zone, summed in
  UTC so a DST night never adds or loses an hour that was not scheduled.
- `overlap_hours` is wall-clock time covered by two or more counted events; back-to-back
  meetings (one ends as the next starts) do not overlap.
- Weeks are ISO weeks of the event's local start date; an event that began before the range is
  placed on the range's first day, where its counted hours are.
- `review_hours` are the hours of events the classifier was unsure of. They are also in their
  best-guess category, so `by_category` always sums to `total_hours`.
- The Coaching share is coaching hours over work hours (coaching + technical + leveraged):
  personal time is not work a leader can rebalance, so it stays out of the denominator.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from .model import CATEGORIES, Occurrence
from .parse import resolve_zone

Categorizer = Callable[[Sequence[Occurrence]], Sequence[tuple[str, bool]]]
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US_PER_HOUR = 3_600_000_000
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class Verdict(Protocol):
    @property
    def category(self) -> str: ...

    @property
    def needs_review(self) -> bool: ...


def make_categorizer(
    classify: Callable[[list[str]], Sequence[Verdict]],
    overrides: Mapping[str, str] | None = None,
) -> Categorizer:
    """Adapt a triage `classify(texts)` to the audit.

    Private events are personal without being classified (their text is gone anyway); a leader's
    correction, keyed by series UID, applies to every instance of the series; every distinct
    title is classified once, in one batch.
    """
    fixed = dict(overrides or {})
    for uid, category in fixed.items():
        if category not in CATEGORIES:
            raise ValueError(
                f"Correction for {uid!r} has unknown category {category!r}; use one of {CATEGORIES}."
            )

    def categorize(occurrences: Sequence[Occurrence]) -> list[tuple[str, bool]]:
        titles = sorted({o.title for o in occurrences if not o.private and o.series_uid not in fixed})
        verdicts = list(classify(titles)) if titles else []
        if len(verdicts) != len(titles):
            raise ValueError(f"The classifier returned {len(verdicts)} verdicts for {len(titles)} titles.")
        by_title = {
            title: (v.category, bool(v.needs_review)) for title, v in zip(titles, verdicts, strict=True)
        }
        out: list[tuple[str, bool]] = []
        for o in occurrences:
            if o.private:
                out.append(("personal", False))
            elif o.series_uid in fixed:
                out.append((fixed[o.series_uid], False))
            else:
                out.append(by_title[o.title])
        return out

    return categorize


@dataclass(frozen=True, slots=True)
class CountedEvent:
    occurrence: Occurrence
    start: datetime  # clipped, UTC
    end: datetime  # clipped, UTC
    local_date: date
    week: str
    category: str
    needs_review: bool

    @property
    def micros(self) -> int:
        return (self.end - self.start) // timedelta(microseconds=1)


@dataclass(slots=True)
class _Tally:
    micros: Counter[str] = field(default_factory=Counter)
    review: int = 0

    def add(self, category: str, micros: int, needs_review: bool) -> None:
        self.micros[category] += micros
        if needs_review:
            self.review += micros

    @property
    def total(self) -> int:
        return sum(self.micros.values())

    @property
    def work(self) -> int:
        return self.total - self.micros["personal"]

    def share(self) -> float | None:
        work = self.work
        return None if work == 0 else self.micros["coaching"] / work * 100

    def by_category(self) -> dict[str, float]:
        return {c: _hours(self.micros[c]) for c in CATEGORIES}


def _hours(micros: int) -> float:
    return round(micros / _US_PER_HOUR, 2)


@dataclass(slots=True)
class AuditReport:
    date_from: date
    date_to: date
    timezone: str
    target: int
    counted: list[CountedEvent]
    totals: _Tally
    weeks: dict[str, _Tally]
    overlap_micros: int
    all_day: list[Occurrence]
    excluded: dict[str, int]

    @property
    def coaching_share(self) -> float | None:
        share = self.totals.share()
        return None if share is None else round(share, 1)

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.date_from.isoformat(),
            "to": self.date_to.isoformat(),
            "timezone": self.timezone,
            "events_counted": len(self.counted),
            "total_hours": _hours(self.totals.total),
            "overlap_hours": _hours(self.overlap_micros),
            "by_category": self.totals.by_category(),
            "review_hours": _hours(self.totals.review),
            "coaching_share": self.coaching_share,
            "target": self.target,
            "weeks": {week: tally.by_category() for week, tally in sorted(self.weeks.items())},
            "all_day": [
                {"title": o.title, "start": o.start_date.isoformat(), "end": o.end_date.isoformat()}
                for o in self.all_day
            ],
            "excluded": dict(self.excluded),
        }

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_csv(self) -> str:
        """One row per counted occurrence, in local time, hours as clipped to the range."""
        zone = ZoneInfo(self.timezone)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["date", "start", "end", "hours", "title", "category", "needs_review"])
        for event in self.counted:
            writer.writerow(
                [
                    event.local_date.isoformat(),
                    event.start.astimezone(zone).isoformat(timespec="minutes"),
                    event.end.astimezone(zone).isoformat(timespec="minutes"),
                    f"{event.micros / _US_PER_HOUR:.2f}",
                    _csv_safe(event.occurrence.title),
                    event.category,
                    "true" if event.needs_review else "false",
                ]
            )
        return buffer.getvalue()

    def render_table(self, width: int = 110, color: bool = False) -> str:
        """The week-by-week table a principal reads, as text (ANSI colours when `color`)."""
        from rich.console import Console
        from rich.table import Table

        table = Table(
            title=f"Time audit {self.date_from.isoformat()} to {self.date_to.isoformat()} ({self.timezone})"
        )
        table.add_column("Week")
        for heading in ("Coaching", "Technical", "Leveraged", "Personal", "Review", "Total"):
            table.add_column(heading, justify="right")
        table.add_column(f"Coaching share (target {self.target}%)")
        rows = sorted(self.weeks.items())
        for week, tally in rows:
            table.add_row(week, *self._cells(tally))
        if rows:
            table.add_section()
        table.add_row("All", *self._cells(self.totals), style="bold")
        console = Console(
            file=io.StringIO(), width=width, record=True, force_terminal=color, color_system=None
        )
        console.print(table)
        notes = [f"Double-booked: {_hours(self.overlap_micros):.2f} h"]
        if self.excluded.get("cancelled") or self.excluded.get("declined"):
            notes.append(
                f"Left out: {self.excluded.get('cancelled', 0)} cancelled, {self.excluded.get('declined', 0)} declined"
            )
        if self.all_day:
            notes.append(f"All-day events listed, not counted: {len(self.all_day)}")
        console.print("   ".join(notes))
        return console.export_text(styles=color)

    def _cells(self, tally: _Tally) -> list[str]:
        cells = [f"{tally.micros[c] / _US_PER_HOUR:.2f}" for c in CATEGORIES]
        cells.append(f"{tally.review / _US_PER_HOUR:.2f}")
        cells.append(f"{tally.total / _US_PER_HOUR:.2f}")
        share = tally.share()
        cells.append("-" if share is None else _bar(share, self.target))
        return cells


def _bar(share: float, target: int, width: int = 20) -> str:
    filled = min(width, round(share / 100 * width))
    mark = min(width - 1, round(target / 100 * width))
    cells = ["█" if i < filled else "░" for i in range(width)]
    if cells[mark] != "█":
        cells[mark] = "|"
    verdict = "on target" if share >= target else "below"
    return f"{''.join(cells)} {share:.0f}% {verdict}"


def _csv_safe(text: str) -> str:
    # A title like "=HYPERLINK(...)" must stay text when the export is opened in a spreadsheet.
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def _overlap(points: list[int]) -> int:
    """Microseconds covered by two or more intervals (sweep line; ends sort before starts).

    Each interval comes as two plain ints, `2 * start + 1` and `2 * end` (in microseconds), so one
    integer sort puts an end before a start at the same instant and no tuple is built per point.
    """
    points.sort()
    active = 0
    covered = 0
    last = 0
    for point in points:
        at = point >> 1
        if active >= 2:
            covered += at - last
        active += 1 if point & 1 else -1
        last = at
    return covered


def build_audit(
    occurrences: Sequence[Occurrence],
    *,
    categorize: Categorizer,
    date_from: date,
    date_to: date,
    tz: str,
    coaching_target_pct: int = 50,
) -> AuditReport:
    """Apply the counting rules to parsed occurrences (see the module docstring)."""
    if date_to < date_from:
        raise ValueError(f"--to {date_to.isoformat()} is before --from {date_from.isoformat()}.")
    zone = resolve_zone(tz)
    if zone is None:
        raise ValueError(f"Unknown time zone {tz!r}: use an IANA name such as 'America/Chicago'.")
    if not 0 <= coaching_target_pct <= 100:
        raise ValueError(
            f"The Coaching target must be a percentage from 0 to 100, not {coaching_target_pct}."
        )
    range_start = datetime.combine(date_from, time(), zone).astimezone(UTC)
    range_end = datetime.combine(date_to + timedelta(days=1), time(), zone).astimezone(UTC)

    excluded = {"cancelled": 0, "declined": 0}
    all_day: list[Occurrence] = []
    timed: list[Occurrence] = []
    for o in occurrences:
        if o.all_day:
            touches = o.start_date <= date_to and o.end_date >= date_from
        else:
            touches = max(o.start, range_start) < min(o.end, range_end)
        if not touches:
            continue
        if o.cancelled:
            excluded["cancelled"] += 1
        elif o.declined:
            excluded["declined"] += 1
        elif o.all_day:
            all_day.append(o)
        else:
            timed.append(o)

    # The clipped times are worked out again below rather than kept in a tuple per event: a year holds
    # thousands of events, and every object that outlives this loop is more work for the collector.
    timed.sort(key=lambda o: (max(o.start, range_start), o.key))
    verdicts = list(categorize(timed))
    if len(verdicts) != len(timed):
        raise ValueError(f"The categorizer returned {len(verdicts)} verdicts for {len(timed)} events.")

    counted: list[CountedEvent] = []
    points: list[int] = []
    # Microseconds by (week, category, needs review), folded into the tallies once at the end.
    sums: defaultdict[tuple[str, str, bool], int] = defaultdict(int)
    week_of: dict[date, str] = {}
    one_us = timedelta(microseconds=1)
    for o, (category, needs_review) in zip(timed, verdicts, strict=True):
        if category not in CATEGORIES:
            raise ValueError(
                f"Event {o.key!r} was given unknown category {category!r}; use one of {CATEGORIES}."
            )
        start, end = max(o.start, range_start), min(o.end, range_end)
        local = start.astimezone(zone).date()
        week = week_of.get(local)
        if week is None:
            iso = local.isocalendar()
            week = week_of[local] = f"{iso.year}-W{iso.week:02d}"
        counted.append(CountedEvent(o, start, end, local, week, category, needs_review))
        start_us, end_us = (start - _EPOCH) // one_us, (end - _EPOCH) // one_us
        sums[week, category, needs_review] += end_us - start_us
        points.append(2 * start_us + 1)
        points.append(2 * end_us)

    totals = _Tally()
    weeks: dict[str, _Tally] = {}
    for (week, category, needs_review), micros in sums.items():
        totals.add(category, micros, needs_review)
        tally = weeks.get(week)
        if tally is None:
            tally = weeks[week] = _Tally()
        tally.add(category, micros, needs_review)

    all_day.sort(key=lambda o: (o.start_date, o.title, o.key))
    return AuditReport(
        date_from=date_from,
        date_to=date_to,
        timezone=zone.key,
        target=coaching_target_pct,
        counted=counted,
        totals=totals,
        weeks=weeks,
        overlap_micros=_overlap(points),
        all_day=all_day,
        excluded=excluded,
    )
