"""The planned-blocks subscription feed reads back through the same parser leaders' calendars use."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from sideline.engines.ical import FeedBlock, build_feed, parse_calendar

CHI = ZoneInfo("America/Chicago")
STAMP = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def blocks() -> list[FeedBlock]:
    return [
        FeedBlock("block-2@sideline", datetime(2026, 11, 3, 9, 0, tzinfo=CHI), datetime(2026, 11, 3, 10, 30, tzinfo=CHI),
                  "Observe Ms. Lee, 6th grade; math", "Focus: checks for understanding\nBring the rubric"),
        FeedBlock("block-1@sideline", datetime(2026, 11, 2, 8, 0, tzinfo=CHI), datetime(2026, 11, 2, 9, 0, tzinfo=CHI),
                  "Feedback meeting"),
    ]  # fmt: skip


def test_feed_round_trips_through_the_parser() -> None:
    data = build_feed(blocks(), name="Sideline: Alice Principal", tz="America/Chicago", stamp=STAMP)
    result = parse_calendar(data, start=date(2026, 11, 1), end=date(2026, 11, 30), default_tz="UTC")
    assert (result.calendar_name, result.timezone, result.errors, result.warnings) == (
        "Sideline: Alice Principal",
        "America/Chicago",
        [],
        [],
    )
    got = [(o.key, o.start, o.end, o.title, o.description) for o in result.occurrences]
    assert got == [
        ("block-1@sideline", datetime(2026, 11, 2, 14, tzinfo=UTC), datetime(2026, 11, 2, 15, tzinfo=UTC), "Feedback meeting", ""),
        ("block-2@sideline", datetime(2026, 11, 3, 15, tzinfo=UTC), datetime(2026, 11, 3, 16, 30, tzinfo=UTC),
         "Observe Ms. Lee, 6th grade; math", "Focus: checks for understanding\nBring the rubric"),
    ]  # fmt: skip


def test_feed_is_stable_for_the_same_blocks() -> None:
    first = build_feed(blocks(), name="Feed", tz="America/Chicago", stamp=STAMP)
    second = build_feed(list(reversed(blocks())), name="Feed", tz="America/Chicago", stamp=STAMP)
    assert first == second
    assert b"DTSTART:20261102T140000Z\r\n" in first
    assert first.count(b"BEGIN:VEVENT") == 2


def test_feed_rejects_bad_blocks() -> None:
    start = datetime(2026, 11, 2, 8, 0, tzinfo=CHI)
    end = datetime(2026, 11, 2, 9, 0, tzinfo=CHI)
    cases = [
        ([FeedBlock("a", start, start, "Zero")], "Block 'Zero' (a) ends before it starts."),
        ([FeedBlock("a", start.replace(tzinfo=None), end, "Naive")], "Block 'Naive' (a) has a naive time; give aware datetimes."),
        ([FeedBlock("a", start, end, "One"), FeedBlock("a", end, end.replace(hour=10), "Two")],
         "Two blocks share the uid 'a'; each block needs its own."),
        ([FeedBlock("", start, end, "No uid")], "Block 'No uid' at 2026-11-02T08:00:00-06:00 has no uid."),
    ]  # fmt: skip
    for given, message in cases:
        with pytest.raises(ValueError) as error:
            build_feed(given, name="Feed", tz="America/Chicago", stamp=STAMP)
        assert str(error.value) == message
    with pytest.raises(ValueError) as zone:
        build_feed([], name="Feed", tz="Nowhere", stamp=STAMP)
    assert str(zone.value) == "Unknown time zone 'Nowhere': use an IANA name such as 'America/Chicago'."
