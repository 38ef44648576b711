"""Pure arithmetic of "ready, aim, fire" and of hours returned by a leverage project. No Django here.

The Django side (selectors.py) turns calendar rows into these inputs, so the rules can be tested alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

_NUMBERS = {0: "zero", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


class WeekShare(NamedTuple):
    iso_week: str
    #: Coaching Work as % of the week's work hours; None when nothing was scheduled
    share: float | None


@dataclass(frozen=True)
class Readiness:
    weeks: list[tuple[str, float | None, bool]]  # (iso week, share, met), oldest first
    met: int
    window: int
    required: int
    target_pct: int
    classroom_days_target: float

    @property
    def considered(self) -> int:
        return len(self.weeks)

    @property
    def recommended(self) -> bool:
        return self.met >= self.required

    @property
    def message(self) -> str:
        head = (
            f"{self.met} of the last {self.considered} contact week{'s' if self.considered != 1 else ''} "
            f"met the {self.target_pct}% Coaching target"
        )
        if self.recommended:
            return f"{head}: you are ready to aim a leverage project at your biggest Technical Work."
        days = self.classroom_days_target
        days_text = _NUMBERS.get(int(days), str(days)) if days == int(days) else f"{days:g}"
        return (
            f"{head}: protect {days_text} classroom day{'s' if days != 1 else ''} a week before starting new "
            f"leverage projects (ready: {self.required} of {self.window} weeks)."
        )


def readiness(
    weeks: Sequence[WeekShare],
    *,
    target_pct: int,
    required: int,
    window: int,
    classroom_days_target: float = 2,
) -> Readiness:
    """Judge the last `window` weeks given (the caller passes contact weeks only, oldest first).

    A week with no scheduled work counts as not met: an empty calendar is no evidence of Coaching Work.
    """
    if required < 1 or window < 1 or required > window:
        raise ValueError(f"Need 1 ≤ required ≤ window; got {required} of {window}.")
    if not 0 <= target_pct <= 100:
        raise ValueError(f"The Coaching target must be 0-100%, not {target_pct}.")
    recent = list(weeks)[-window:]
    rows = [(w.iso_week, w.share, w.share is not None and w.share >= target_pct - 1e-9) for w in recent]
    return Readiness(
        weeks=rows,
        met=sum(1 for _, _, ok in rows if ok),
        window=window,
        required=required,
        target_pct=target_pct,
        classroom_days_target=classroom_days_target,
    )


class TimedItem(NamedTuple):
    start: dt.datetime
    hours: float
    category: str
    title: str
    series_uid: str


@dataclass(frozen=True)
class HoursReturned:
    projected: float
    before_per_week: float
    after_per_week: float | None  # None until a whole week has passed since the start
    weeks_after: float

    @property
    def actual(self) -> float | None:
        if self.after_per_week is None:
            return None
        return round(self.before_per_week - self.after_per_week, 2)


def matches(item: TimedItem, *, title_pattern: str, series_uid: str) -> bool:
    if series_uid and item.series_uid == series_uid:
        return True
    pattern = title_pattern.strip().casefold()
    return bool(pattern) and pattern in item.title.casefold()


def hours_returned(
    items: Sequence[TimedItem],
    *,
    projected: float,
    title_pattern: str,
    series_uid: str,
    start: dt.datetime,
    before_weeks: int,
    now: dt.datetime,
) -> HoursReturned:
    """Technical hours a week of the matching work before the start versus since it.

    `items` should cover [start - before_weeks, now). Only Technical Work counts: once the work is
    handed over, what is left on the leader's calendar under that title (if anything) is what remains.
    """
    if before_weeks < 1:
        raise ValueError("Compare at least one week before the project started.")
    lo = start - dt.timedelta(weeks=before_weeks)
    before = after = 0.0
    for item in items:
        if item.category != "technical" or not matches(
            item, title_pattern=title_pattern, series_uid=series_uid
        ):
            continue
        if lo <= item.start < start:
            before += item.hours
        elif start <= item.start < now:
            after += item.hours
    weeks_after = max(0.0, (now - start).total_seconds() / (7 * 86400))
    return HoursReturned(
        projected=round(projected, 2),
        before_per_week=round(before / before_weeks, 2),
        after_per_week=round(after / weeks_after, 2) if weeks_after >= 1 else None,
        weeks_after=round(weeks_after, 1),
    )
