"""The pure rules of "ready, aim, fire" and hours returned, without Django."""

from __future__ import annotations

import datetime as dt

import pytest

from sideline.leadership.readiness import TimedItem, WeekShare, hours_returned, readiness

UTC = dt.UTC


def weeks(*shares: float | None) -> list[WeekShare]:
    return [WeekShare(f"2026-W{40 + i}", s) for i, s in enumerate(shares)]


def test_four_of_six_is_ready() -> None:
    r = readiness(weeks(10, 55, 50, 49.9, 60, 51, 70), target_pct=50, required=4, window=6)
    assert [w for w, _, _ in r.weeks] == [
        "2026-W41",
        "2026-W42",
        "2026-W43",
        "2026-W44",
        "2026-W45",
        "2026-W46",
    ]
    assert [met for _, _, met in r.weeks] == [True, True, False, True, True, True]
    assert (r.met, r.recommended) == (5, True)
    assert r.message == (
        "5 of the last 6 contact weeks met the 50% Coaching target: "
        "you are ready to aim a leverage project at your biggest Technical Work."
    )


def test_not_ready_says_what_to_do_first() -> None:
    r = readiness(weeks(55, None, 30, 40, 50, 20), target_pct=50, required=4, window=6)
    assert (r.met, r.recommended) == (2, False)
    assert r.message == (
        "2 of the last 6 contact weeks met the 50% Coaching target: protect two classroom days a week "
        "before starting new leverage projects (ready: 4 of 6 weeks)."
    )


def test_an_empty_week_is_not_met_and_few_weeks_are_judged_as_they_are() -> None:
    r = readiness(weeks(None, 80), target_pct=50, required=1, window=6, classroom_days_target=1.5)
    assert (r.considered, r.met, r.recommended) == (2, 1, True)


@pytest.mark.parametrize(("required", "window", "target"), [(0, 6, 50), (7, 6, 50), (4, 6, 101), (4, 0, 50)])
def test_bad_settings_are_refused(required: int, window: int, target: int) -> None:
    with pytest.raises(ValueError):
        readiness(weeks(50), target_pct=target, required=required, window=window)


def item(
    day: int, hours: float, title: str = "Car line", category: str = "technical", uid: str = "s1"
) -> TimedItem:
    return TimedItem(dt.datetime(2026, 10, day, 12, tzinfo=UTC), hours, category, title, uid)


def test_hours_returned_compares_weeks_before_and_after() -> None:
    items = [
        item(1, 2.0),  # before, week 1
        item(8, 2.0),  # before
        item(12, 1.0, title="Car line (pm)", uid="s2"),  # before, matched by title
        item(15, 3.0, category="coaching"),  # not technical: ignored
        item(16, 0.5),  # after
        item(23, 0.5),  # after
        item(2, 9.0, title="Lunch duty", uid="s3"),  # another series: ignored
    ]
    result = hours_returned(
        items,
        projected=2.5,
        title_pattern="car LINE",
        series_uid="",
        start=dt.datetime(2026, 10, 15, tzinfo=UTC),
        before_weeks=2,
        now=dt.datetime(2026, 10, 29, tzinfo=UTC),
    )
    assert (result.before_per_week, result.after_per_week, result.weeks_after) == (2.5, 0.5, 2.0)
    assert (result.projected, result.actual) == (2.5, 2.0)


def test_series_uid_matches_without_a_title_and_nothing_is_measured_in_the_first_week() -> None:
    result = hours_returned(
        [item(10, 3.0, title="Duty", uid="abc")],
        projected=1,
        title_pattern="",
        series_uid="abc",
        start=dt.datetime(2026, 10, 15, tzinfo=UTC),
        before_weeks=1,
        now=dt.datetime(2026, 10, 20, tzinfo=UTC),
    )
    assert (result.before_per_week, result.after_per_week, result.actual) == (3.0, None, None)


def test_hours_returned_needs_a_week_before() -> None:
    with pytest.raises(ValueError):
        hours_returned([], projected=1, title_pattern="x", series_uid="", start=dt.datetime(2026, 1, 1, tzinfo=UTC),
                       before_weeks=0, now=dt.datetime(2026, 1, 9, tzinfo=UTC))  # fmt: skip
