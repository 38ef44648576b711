"""Parsing and expansion of iCalendar files as Google, Outlook and Apple write them."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from sideline.engines.ical import CalendarError, Occurrence, ParseResult, parse_calendar, parse_file
from tests.engines.ics_builders import calendar, event, fold

NOV = {"start": date(2026, 11, 1), "end": date(2026, 11, 30)}


def parse(
    text: str | bytes, tz: str = "America/Chicago", owner: str | None = None, **window: date
) -> ParseResult:
    kwargs = window or NOV
    return parse_calendar(text, start=kwargs["start"], end=kwargs["end"], default_tz=tz, owner_email=owner)


def utc(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


def spans(result: ParseResult) -> list[tuple[str, datetime, datetime]]:
    return [(o.key, o.start, o.end) for o in result.occurrences]


def by_key(result: ParseResult) -> dict[str, Occurrence]:
    return {o.key: o for o in result.occurrences}


def test_rrule_count_expands_in_the_events_zone() -> None:
    text = calendar(
        event(
            "a@x",
            "Walkthrough",
            "20261102T090000",
            "20261102T100000",
            tzid="America/New_York",
            rrule="FREQ=WEEKLY;COUNT=3",
        )
    )
    result = parse(text)
    assert spans(result) == [
        ("a@x#2026-11-02T14:00:00+00:00", utc(2026, 11, 2, 14), utc(2026, 11, 2, 15)),
        ("a@x#2026-11-09T14:00:00+00:00", utc(2026, 11, 9, 14), utc(2026, 11, 9, 15)),
        ("a@x#2026-11-16T14:00:00+00:00", utc(2026, 11, 16, 14), utc(2026, 11, 16, 15)),
    ]
    assert [o.recurring for o in result.occurrences] == [True, True, True]
    assert {o.series_uid for o in result.occurrences} == {"a@x"}
    assert result.errors == []
    assert result.warnings == []


def test_rrule_until_and_interval() -> None:
    text = calendar(
        event(
            "b@x",
            "PLC",
            "20261103T080000Z",
            "20261103T083000Z",
            rrule="FREQ=WEEKLY;INTERVAL=2;UNTIL=20261201T000000Z",
        )
    )
    assert [o.start for o in parse(text).occurrences] == [utc(2026, 11, 3, 8), utc(2026, 11, 17, 8)]


def test_exdate_removes_and_rdate_adds() -> None:
    text = calendar(
        event(
            "c@x",
            "Duty",
            "20261102T120000",
            "20261102T123000",
            tzid="America/Chicago",
            rrule="FREQ=DAILY;COUNT=3",
            exdates=("20261103T120000",),
            rdates=("20261110T120000",),
        )
    )
    assert [o.start for o in parse(text).occurrences] == [
        utc(2026, 11, 2, 18),
        utc(2026, 11, 4, 18),
        utc(2026, 11, 10, 18),
    ]


def test_recurrence_id_override_and_cancelled_instance() -> None:
    series = event(
        "d@x",
        "Coaching Ms. Lee",
        "20261102T100000",
        "20261102T110000",
        tzid="America/Chicago",
        rrule="FREQ=WEEKLY;COUNT=3",
    )
    moved = event(
        "d@x",
        "Coaching Ms. Lee (moved)",
        "20261110T140000",
        "20261110T150000",
        tzid="America/Chicago",
        recurrence_id="20261109T100000",
        sequence=1,
    )
    cancelled = event(
        "d@x",
        "Coaching Ms. Lee",
        "20261116T100000",
        "20261116T110000",
        tzid="America/Chicago",
        recurrence_id="20261116T100000",
        status="CANCELLED",
    )
    result = parse(calendar(series, moved, cancelled))
    got = [(o.key, o.start, o.title, o.cancelled, o.sequence) for o in result.occurrences]
    assert got == [
        ("d@x#2026-11-02T16:00:00+00:00", utc(2026, 11, 2, 16), "Coaching Ms. Lee", False, 0),
        ("d@x#2026-11-09T16:00:00+00:00", utc(2026, 11, 10, 20), "Coaching Ms. Lee (moved)", False, 1),
        ("d@x#2026-11-16T16:00:00+00:00", utc(2026, 11, 16, 16), "Coaching Ms. Lee", True, 0),
    ]


def test_cancelled_series_marks_every_instance() -> None:
    text = calendar(
        event(
            "e@x",
            "Old meeting",
            "20261102T090000Z",
            "20261102T100000Z",
            rrule="FREQ=DAILY;COUNT=2",
            status="CANCELLED",
        )
    )
    assert [(o.cancelled, o.status) for o in parse(text).occurrences] == [
        (True, "CANCELLED"),
        (True, "CANCELLED"),
    ]


def test_duration_instead_of_dtend() -> None:
    text = calendar(
        event("f@x", "Observation", "20261105T091500", tzid="America/Chicago", duration="PT1H45M")
    )
    assert spans(parse(text)) == [("f@x", utc(2026, 11, 5, 15, 15), utc(2026, 11, 5, 17, 0))]


def test_floating_times_read_in_x_wr_timezone_else_default() -> None:
    floating = event("g@x", "Floating", "20261105T090000", "20261105T100000")
    with_wr = parse(calendar(floating, x_wr_timezone="America/Los_Angeles"), tz="America/Chicago")
    without = parse(calendar(floating), tz="America/Chicago")
    assert (with_wr.timezone, with_wr.occurrences[0].start) == ("America/Los_Angeles", utc(2026, 11, 5, 17))
    assert (without.timezone, without.occurrences[0].start) == ("America/Chicago", utc(2026, 11, 5, 15))


def test_utc_times_stay_utc() -> None:
    text = calendar(event("h@x", "Call", "20261105T230000Z", "20261106T003000Z"))
    occ = parse(text).occurrences[0]
    assert (occ.start, occ.end, occ.start_date, occ.end_date) == (
        utc(2026, 11, 5, 23),
        utc(2026, 11, 6, 0, 30),
        date(2026, 11, 5),
        date(2026, 11, 5),
    )


def test_windows_zone_name_in_tzid() -> None:
    text = calendar(
        event("i@x", "Outlook", "20261105T090000", "20261105T100000", tzid="Central Standard Time"),
        event("j@x", "Outlook east", "20261105T090000", "20261105T100000", tzid="Eastern Standard Time"),
    )
    result = parse(text, tz="UTC")
    assert spans(result) == [
        ("j@x", utc(2026, 11, 5, 14), utc(2026, 11, 5, 15)),
        ("i@x", utc(2026, 11, 5, 15), utc(2026, 11, 5, 16)),
    ]
    assert result.warnings == []


def test_windows_zone_name_as_x_wr_timezone() -> None:
    text = calendar(
        event("k@x", "Floating", "20261105T090000", "20261105T100000"), x_wr_timezone="Pacific Standard Time"
    )
    result = parse(text, tz="UTC")
    assert (result.timezone, result.occurrences[0].start) == ("America/Los_Angeles", utc(2026, 11, 5, 17))


OUTLOOK_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:(UTC-06:00) Central Time (US & Canada)",
    "BEGIN:STANDARD",
    "DTSTART:16010101T020000",
    "TZOFFSETFROM:-0500",
    "TZOFFSETTO:-0600",
    "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:16010101T020000",
    "TZOFFSETFROM:-0600",
    "TZOFFSETTO:-0500",
    "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
)


def test_outlook_custom_vtimezone() -> None:
    text = calendar(
        event(
            "l@x",
            "Custom zone",
            "20261105T090000",
            "20261105T100000",
            tzid="(UTC-06:00) Central Time (US & Canada)",
        ),
        preamble=OUTLOOK_VTIMEZONE,
    )
    result = parse(text, tz="UTC")
    assert spans(result) == [("l@x", utc(2026, 11, 5, 15), utc(2026, 11, 5, 16))]
    assert result.warnings == []


def test_all_day_events_have_inclusive_local_dates() -> None:
    text = calendar(
        event("m@x", "PD days", "20261109", "20261111", all_day=True),
        event("n@x", "Holiday", "20261126", all_day=True),
    )
    result = parse(text)
    got = [(o.key, o.all_day, o.start_date, o.end_date, o.start, o.end) for o in result.occurrences]
    assert got == [
        ("m@x", True, date(2026, 11, 9), date(2026, 11, 10), utc(2026, 11, 9, 6), utc(2026, 11, 11, 6)),
        ("n@x", True, date(2026, 11, 26), date(2026, 11, 26), utc(2026, 11, 26, 6), utc(2026, 11, 27, 6)),
    ]


def test_line_folding_and_escaped_text() -> None:
    long_title = "Réunion du conseil pédagogique, 6e année; suivi des observations de classe " * 2
    text = calendar(
        event(
            "o@x",
            long_title.strip(),
            "20261105T090000Z",
            "20261105T100000Z",
            description="Agenda:\n1. Data; 2. Next steps, owners\\leads",
            location="Room 12, Main building",
        )
    )
    assert max(len(line.encode()) for line in text.split("\r\n")) <= 75
    assert len(fold("SUMMARY:" + long_title)) > 2
    occ = parse(text).occurrences[0]
    assert (occ.title, occ.description, occ.location) == (
        long_title.strip(),
        "Agenda:\n1. Data; 2. Next steps, owners\\leads",
        "Room 12, Main building",
    )


def test_dst_change_keeps_weekly_event_at_local_time() -> None:
    text = calendar(
        event(
            "p@x",
            "Leadership team",
            "20261022T090000",
            "20261022T100000",
            tzid="America/New_York",
            rrule="FREQ=WEEKLY;COUNT=4",
        )
    )
    result = parse(text, start=date(2026, 10, 1), end=date(2026, 11, 30))
    assert spans(result) == [
        ("p@x#2026-10-22T13:00:00+00:00", utc(2026, 10, 22, 13), utc(2026, 10, 22, 14)),
        ("p@x#2026-10-29T13:00:00+00:00", utc(2026, 10, 29, 13), utc(2026, 10, 29, 14)),
        ("p@x#2026-11-05T14:00:00+00:00", utc(2026, 11, 5, 14), utc(2026, 11, 5, 15)),
        ("p@x#2026-11-12T14:00:00+00:00", utc(2026, 11, 12, 14), utc(2026, 11, 12, 15)),
    ]


def test_private_and_confidential_events_never_keep_text() -> None:
    text = calendar(
        event(
            "q@x",
            "Therapy appointment",
            "20261105T090000Z",
            "20261105T100000Z",
            klass="PRIVATE",
            description="Dr. Who",
            location="Clinic",
        ),
        event(
            "r@x", "Personnel matter: J. Smith", "20261106T090000Z", "20261106T100000Z", klass="CONFIDENTIAL"
        ),
        event("s@x", "Budget", "20261107T090000Z", "20261107T100000Z", klass="PUBLIC"),
    )
    result = parse(text)
    got = [(o.key, o.private, o.title, o.description, o.location) for o in result.occurrences]
    assert got == [
        ("q@x", True, "", "", ""),
        ("r@x", True, "", "", ""),
        ("s@x", False, "Budget", "", ""),
    ]
    dumped = repr(result)
    for secret in ("Therapy", "Dr. Who", "Clinic", "Smith"):
        assert secret not in dumped


def test_private_event_with_an_error_is_not_named_by_its_title() -> None:
    text = calendar(
        event(
            "t@x", "Therapy", "20261105T090000Z", "20261105T100000Z", klass="PRIVATE", rrule="FREQ=SOMETIMES"
        )
    )
    result = parse(text)
    assert [e.message for e in result.errors] == [
        "Event '(private event)' (uid t@x): RRULE FREQ=SOMETIMES is not a valid recurrence rule "
        "(Expected frequency, got: SOMETIMES)."
    ]
    assert "Therapy" not in repr(result)


def test_owner_declined_is_flagged_case_insensitively() -> None:
    text = calendar(
        event("u@x", "Declined by me", "20261105T090000Z", "20261105T100000Z",
              attendees=(("Principal@School.org", "DECLINED"), ("ap@school.org", "ACCEPTED"))),
        event("v@x", "Declined by someone else", "20261105T110000Z", "20261105T120000Z",
              attendees=(("principal@school.org", "ACCEPTED"), ("ap@school.org", "DECLINED"))),
    )  # fmt: skip
    assert [(o.key, o.declined) for o in parse(text, owner="principal@school.org").occurrences] == [
        ("u@x", True),
        ("v@x", False),
    ]
    assert [o.declined for o in parse(text, owner=None).occurrences] == [False, False]


def test_bad_rrule_names_the_event_and_the_rest_import() -> None:
    text = calendar(
        event("good1@x", "Walkthrough", "20261102T090000Z", "20261102T100000Z"),
        event("abc@x", "Budget review", "20261103T090000Z", "20261103T100000Z", rrule="FREQ=FORTNIGHTLY"),
        event("good2@x", "Data meeting", "20261104T090000Z", "20261104T100000Z", rrule="FREQ=DAILY;COUNT=2"),
    )
    result = parse(text)
    assert [e.message for e in result.errors] == [
        "Event 'Budget review' (uid abc@x): RRULE FREQ=FORTNIGHTLY is not a valid recurrence rule "
        "(Expected frequency, got: FORTNIGHTLY)."
    ]
    assert [(e.uid, e.summary) for e in result.errors] == [("abc@x", "Budget review")]
    assert [o.key for o in result.occurrences] == [
        "good1@x",
        "good2@x#2026-11-04T09:00:00+00:00",
        "good2@x#2026-11-05T09:00:00+00:00",
    ]


def test_bad_start_time_names_the_event() -> None:
    text = calendar(
        event("w@x", "Broken", "2026110X", "20261105T100000Z"),
        event("x@x", "Fine", "20261105T090000Z", "20261105T100000Z"),
    )
    result = parse(text)
    assert [e.message for e in result.errors] == [
        "Event 'Broken' (uid w@x): DTSTART 2026110X is not valid (Wrong date format 2026110X)."
    ]
    assert [o.key for o in result.occurrences] == ["x@x"]


def test_end_before_start_is_an_error_for_that_event_only() -> None:
    text = calendar(
        event("y@x", "Backwards", "20261105T100000Z", "20261105T090000Z", rrule="FREQ=DAILY;COUNT=2"),
        event("z@x", "Fine", "20261105T090000Z", "20261105T100000Z"),
    )
    result = parse(text)
    assert [e.message for e in result.errors] == [
        "Event 'Backwards' (uid y@x): ends (DTEND 20261105T090000Z) before it starts (DTSTART 20261105T100000Z)."
    ]
    assert [o.key for o in result.occurrences] == ["z@x"]


def test_unknown_tzid_falls_back_to_calendar_zone_with_a_warning() -> None:
    text = calendar(
        event("tz@x", "Mars meeting", "20261105T090000", "20261105T100000", tzid="Mars/Olympus_Mons"),
        x_wr_timezone="America/Denver",
    )
    result = parse(text)
    assert spans(result) == [("tz@x", utc(2026, 11, 5, 16), utc(2026, 11, 5, 17))]
    assert result.errors == []
    assert [w.message for w in result.warnings] == [
        "Event 'Mars meeting' (uid tz@x): time zone 'Mars/Olympus_Mons' is unknown; "
        "its times were read in America/Denver. Check this event."
    ]


def test_unknown_x_wr_timezone_warns_and_uses_default() -> None:
    text = calendar(
        event("k@x", "Floating", "20261105T090000", "20261105T100000"), x_wr_timezone="Atlantis/Capital"
    )
    result = parse(text, tz="America/Chicago")
    assert result.timezone == "America/Chicago"
    assert [w.message for w in result.warnings] == [
        "Calendar time zone X-WR-TIMEZONE:Atlantis/Capital is unknown; read in America/Chicago."
    ]


def test_truncated_file_keeps_complete_events_and_names_the_cut_one() -> None:
    text = calendar(
        event("t1@x", "First", "20261102T090000Z", "20261102T100000Z"),
        event("t2@x", "Second", "20261103T090000Z", "20261103T100000Z"),
        event("t3@x", "Third", "20261104T090000Z", "20261104T100000Z"),
    )
    cut = text[: text.index("DTSTART", text.index("UID:t3@x"))]
    result = parse(cut)
    assert [o.key for o in result.occurrences] == ["t1@x", "t2@x"]
    assert [e.message for e in result.errors] == [
        "Event 'Third' (uid t3@x): the file is truncated (no END:VCALENDAR) and this event is incomplete, "
        "so it was not imported; the complete events before it were."
    ]


def test_truncated_after_complete_event_is_a_warning() -> None:
    text = calendar(event("t1@x", "First", "20261102T090000Z", "20261102T100000Z"))
    result = parse(text.replace("END:VCALENDAR\r\n", ""))
    assert [o.key for o in result.occurrences] == ["t1@x"]
    assert result.errors == []
    assert [w.message for w in result.warnings] == [
        "The file is truncated (no END:VCALENDAR); all events were complete."
    ]


def test_not_a_calendar_and_bad_arguments_are_clear_errors() -> None:
    with pytest.raises(CalendarError) as not_ics:
        parse("<html>Sign in to Google</html>")
    assert str(not_ics.value) == "This is not an iCalendar file: it has no BEGIN:VCALENDAR line."
    with pytest.raises(CalendarError) as bad_zone:
        parse(calendar(), tz="Nowhere/Special")
    assert (
        str(bad_zone.value)
        == "Unknown time zone 'Nowhere/Special': use an IANA name such as 'America/Chicago'."
    )
    with pytest.raises(CalendarError) as backwards:
        parse(calendar(), start=date(2026, 11, 30), end=date(2026, 11, 1))
    assert str(backwards.value) == "The range ends (2026-11-01) before it starts (2026-11-30)."


def test_size_limit_on_data() -> None:
    text = calendar(event("a@x", "A", "20261102T090000Z", "20261102T100000Z"))
    with pytest.raises(CalendarError) as too_big:
        parse_calendar(text, start=date(2026, 11, 1), end=date(2026, 11, 30), default_tz="UTC", max_bytes=100)
    assert str(too_big.value) == (
        f"The calendar is {len(text.encode())} bytes, over the 100 bytes limit for a calendar; "
        "export a shorter date range and import that."
    )
    assert len(text.encode()) > 100


def test_size_limit_on_a_path_is_checked_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.ics"
    with huge.open("wb") as handle:
        # A sparse 60 MB file: reading it would be slow and large; the check must not read it.
        handle.truncate(60 * 2**20)
    with pytest.raises(CalendarError) as too_big:
        parse_file(huge, start=date(2026, 11, 1), end=date(2026, 11, 30), default_tz="UTC")
    assert str(too_big.value) == (
        "huge.ics is 60.0 MB, over the 50.0 MB limit for a calendar; export a shorter date range and import that."
    )
    with pytest.raises(CalendarError) as missing:
        parse_file(
            tmp_path / "missing.ics", start=date(2026, 11, 1), end=date(2026, 11, 30), default_tz="UTC"
        )
    assert (
        str(missing.value)
        == f"Cannot read calendar file {tmp_path / 'missing.ics'}: No such file or directory"
    )


def test_parse_file_reads_a_small_file(tmp_path: Path) -> None:
    path = tmp_path / "cal.ics"
    path.write_bytes(
        calendar(event("a@x", "A", "20261102T090000Z", "20261102T100000Z"), name="Ms. Ortiz").encode()
    )
    result = parse_file(path, start=date(2026, 11, 1), end=date(2026, 11, 30), default_tz="UTC")
    assert (result.calendar_name, [o.key for o in result.occurrences]) == ("Ms. Ortiz", ["a@x"])


def test_window_is_widened_by_a_day_each_side() -> None:
    text = calendar(
        event("w0@x", "Too early", "20261030T120000Z", "20261030T130000Z"),
        event("w1@x", "Day before", "20261031T120000Z", "20261031T130000Z"),
        event("w2@x", "Day after", "20261201T120000Z", "20261201T130000Z"),
        event("w3@x", "Too late", "20261202T120000Z", "20261202T130000Z"),
    )
    assert [o.key for o in parse(text).occurrences] == ["w1@x", "w2@x"]


def test_same_bytes_give_identical_keys_and_fingerprints() -> None:
    series = event(
        "s@x",
        "Data meeting",
        "20261102T090000",
        "20261102T100000",
        tzid="America/Chicago",
        rrule="FREQ=WEEKLY;COUNT=4",
    )
    text = calendar(series).encode()
    first, second = parse(text), parse(text)
    assert [(o.key, o.fingerprint) for o in first.occurrences] == [
        (o.key, o.fingerprint) for o in second.occurrences
    ]
    assert len({o.key for o in first.occurrences}) == 4


def test_changing_one_occurrence_changes_only_its_fingerprint() -> None:
    series = event(
        "s@x",
        "Data meeting",
        "20261102T090000",
        "20261102T100000",
        tzid="America/Chicago",
        rrule="FREQ=WEEKLY;COUNT=4",
    )
    moved = event(
        "s@x",
        "Data meeting",
        "20261109T130000",
        "20261109T140000",
        tzid="America/Chicago",
        recurrence_id="20261109T090000",
    )
    before = {o.key: o.fingerprint for o in parse(calendar(series)).occurrences}
    after = {o.key: o.fingerprint for o in parse(calendar(series, moved)).occurrences}
    assert sorted(before) == sorted(after)
    assert [key for key in before if before[key] != after[key]] == ["s@x#2026-11-09T15:00:00+00:00"]


def test_event_without_uid_gets_a_stable_key() -> None:
    text = calendar(event("", "No uid", "20261102T090000Z", "20261102T100000Z")).replace("UID:\r\n", "")
    first, second = parse(text), parse(text)
    assert first.occurrences[0].key == second.occurrences[0].key
    assert first.occurrences[0].key.startswith("sideline-")


def test_progress_is_reported_per_series() -> None:
    text = calendar(
        event("a@x", "A", "20261102T090000Z", "20261102T100000Z", rrule="FREQ=DAILY;COUNT=5"),
        event("b@x", "B", "20261102T110000Z", "20261102T120000Z"),
    )
    seen: list[tuple[int, int]] = []
    parse_calendar(
        text,
        start=date(2026, 11, 1),
        end=date(2026, 11, 30),
        default_tz="UTC",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(1, 2), (2, 2)]


def test_engine_does_not_import_django() -> None:
    code = "import sys, sideline.engines.ical; print('django' in sys.modules)"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout == "False\n"


def test_export_noise_is_ignored_and_a_folded_owner_attendee_still_counts() -> None:
    many = tuple((f"teacher{i}@school.org", "ACCEPTED") for i in range(40))
    text = calendar(
        event(
            "n@x",
            "Staff meeting",
            "20261105T150000Z",
            "20261105T160000Z",
            attendees=(*many, ("principal@school.org", "DECLINED")),
            extra=(
                "X-ALT-DESC;FMTTYPE=text/html:<html><body><p>Agenda</p></body></html>",
                "ATTACH;ENCODING=BASE64;VALUE=BINARY;X-FILENAME=a.pdf:" + "QUJD" * 500,
                "ORGANIZER;CN=Front Office:mailto:office@school.org",
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "TRIGGER:-PT15M",
                "DESCRIPTION:Reminder",
                "END:VALARM",
            ),
        )
    )
    assert "\r\n ATTENDEE" not in text and "\r\n " in text
    result = parse(text, owner="principal@school.org")
    got = [(o.key, o.title, o.description, o.declined) for o in result.occurrences]
    assert got == [("n@x", "Staff meeting", "", True)]
    assert (result.errors, result.warnings) == ([], [])


def test_alarm_missing_its_end_does_not_swallow_the_event() -> None:
    text = calendar(
        event(
            "a@x",
            "With alarm",
            "20261102T090000Z",
            "20261102T100000Z",
            extra=("BEGIN:VALARM", "ACTION:DISPLAY"),
        ),
        event("b@x", "After it", "20261103T090000Z", "20261103T100000Z"),
    )
    result = parse(text)
    assert [o.key for o in result.occurrences] == ["a@x", "b@x"]
    assert result.errors == []


def test_unclosed_component_is_named_and_the_rest_import() -> None:
    good = event("g@x", "Good", "20261102T090000Z", "20261102T100000Z")
    nested = [
        "BEGIN:VEVENT",
        "UID:b@x",
        "SUMMARY:Half written",
        "BEGIN:VEVENT",
        "DTSTART:20261102T090000Z",
        "END:VEVENT",
    ]
    result = parse(calendar(good, nested))
    assert [o.key for o in result.occurrences] == ["g@x"]
    assert [e.message for e in result.errors] == [
        "Event 'Half written' (uid b@x): is not closed (its END line is missing), so it was not imported."
    ]


def test_unreadable_start_line_names_the_event() -> None:
    good = event("g@x", "Good", "20261102T090000Z", "20261102T100000Z")
    result = parse(calendar(good, event("b@x", "Bad zone quote", "20261102T090000", tzid='"Unclosed')))
    assert [o.key for o in result.occurrences] == ["g@x"]
    assert [e.message for e in result.errors] == [
        "Event 'Bad zone quote' (uid b@x): its DTSTART line cannot be read (Content line could not be parsed "
        "into parts: 'DTSTART;TZID=\"Unclosed:20261102T090000': 'TZID=\"Unclosed:20261102T090000' is not a valid "
        'parameter string: "Unclosed:20261102T090000).'
    ]


def test_newlines_bom_and_windows_1252() -> None:
    good = event("g@x", "Café des profs", "20261102T090000Z", "20261102T100000Z")
    lf = parse(calendar(good, newline="\n"))
    bom = parse(b"\xef\xbb\xbf" + calendar(good).encode())
    cp1252 = parse(calendar(good).encode("cp1252"))
    assert [o.title for o in lf.occurrences + bom.occurrences + cp1252.occurrences] == ["Café des profs"] * 3
    assert [w.message for w in lf.warnings + bom.warnings] == []
    assert [w.message for w in cp1252.warnings] == ["The file is not UTF-8; it was read as Windows-1252."]


def test_recurring_all_day_events_key_by_date() -> None:
    result = parse(
        calendar(event("w@x", "Testing window", "20261102", all_day=True, rrule="FREQ=WEEKLY;COUNT=2"))
    )
    got = [(o.key, o.all_day, o.start_date, o.end_date, o.recurring) for o in result.occurrences]
    assert got == [
        ("w@x#2026-11-02", True, date(2026, 11, 2), date(2026, 11, 2), True),
        ("w@x#2026-11-09", True, date(2026, 11, 9), date(2026, 11, 9), True),
    ]


def test_owner_declining_one_instance_declines_only_that_instance() -> None:
    owner = (("principal@school.org", "ACCEPTED"),)
    series = event(
        "s@x", "PLC", "20261102T090000Z", "20261102T100000Z", rrule="FREQ=WEEKLY;COUNT=3", attendees=owner
    )
    declined = event(
        "s@x",
        "PLC",
        "20261109T090000Z",
        "20261109T100000Z",
        recurrence_id="20261109T090000Z",
        attendees=(("principal@school.org", "DECLINED"),),
    )
    result = parse(calendar(series, declined), owner="principal@school.org")
    assert [o.declined for o in result.occurrences] == [False, True, False]


def test_google_utc_series_follows_x_wr_timezone_across_dst() -> None:
    # Google writes some series in UTC and the zone in X-WR-TIMEZONE: 9:00 New York stays 9:00.
    text = calendar(
        event("g@x", "Google weekly", "20261022T130000Z", "20261022T140000Z", rrule="FREQ=WEEKLY;COUNT=3"),
        x_wr_timezone="America/New_York",
    )
    result = parse(text, tz="UTC", start=date(2026, 10, 1), end=date(2026, 11, 30))
    assert [o.start for o in result.occurrences] == [
        utc(2026, 10, 22, 13),
        utc(2026, 10, 29, 13),
        utc(2026, 11, 5, 14),
    ]


def test_owner_found_when_the_address_also_appears_in_parameters() -> None:
    text = calendar(
        event(
            "a@x",
            "Board",
            "20261105T090000Z",
            "20261105T100000Z",
            extra=(
                'ATTENDEE;CN="principal@school.org";ROLE=REQ-PARTICIPANT;PARTSTAT=DECLINED;'
                "X-NUM-GUESTS=0:MAILTO:Principal@School.org",
                "ATTENDEE;CN=vice;PARTSTAT=ACCEPTED:mailto:vice.principal@school.org",
            ),
        ),
        event(
            "b@x",
            "Board prep",
            "20261106T090000Z",
            "20261106T100000Z",
            extra=("ATTENDEE;PARTSTAT=DECLINED:mailto:vice.principal@school.org",),
        ),
    )
    result = parse(text, owner="principal@school.org")
    assert [(o.key, o.declined) for o in result.occurrences] == [("a@x", True), ("b@x", False)]


def test_synthetic_year_is_deterministic_and_clean() -> None:
    from sideline.engines.ical.synth import TZ, YEAR_END, YEAR_START, principal_year

    text = principal_year(7)
    assert text == principal_year(7)
    result = parse_calendar(
        text, start=YEAR_START, end=YEAR_END, default_tz=TZ, owner_email="leader7@example.org"
    )
    assert (result.errors, result.warnings) == ([], [])
    assert result.timezone == TZ
    occ = result.occurrences
    assert len(occ) == len({o.key for o in occ})
    counts = [
        sum(getattr(o, flag) for o in occ)
        for flag in ("cancelled", "declined", "private", "all_day", "recurring")
    ]
    assert (len(occ), counts) == (3076, [30, 41, 107, 5, 2206])


def test_private_series_hides_an_override_that_forgot_class() -> None:
    series = event(
        "p@x", "Doctor", "20261102T070000Z", "20261102T080000Z", rrule="FREQ=WEEKLY;COUNT=2", klass="PRIVATE"
    )
    moved = event(
        "p@x", "Doctor (moved)", "20261109T090000Z", "20261109T100000Z", recurrence_id="20261109T070000Z"
    )
    result = parse(calendar(series, moved))
    assert [(o.private, o.title) for o in result.occurrences] == [(True, ""), (True, "")]
    assert "Doctor" not in repr(result)


def test_floating_series_follows_x_wr_timezone_across_dst() -> None:
    text = calendar(
        event("f@x", "Floating weekly", "20261029T090000", "20261029T100000", rrule="FREQ=WEEKLY;COUNT=2"),
        x_wr_timezone="America/New_York",
    )
    result = parse(text, tz="UTC", start=date(2026, 10, 1), end=date(2026, 11, 30))
    assert spans(result) == [
        ("f@x#2026-10-29T13:00:00+00:00", utc(2026, 10, 29, 13), utc(2026, 10, 29, 14)),
        ("f@x#2026-11-05T14:00:00+00:00", utc(2026, 11, 5, 14), utc(2026, 11, 5, 15)),
    ]


def test_history_outside_the_range_is_skipped_but_spanning_events_are_kept() -> None:
    text = calendar(
        event("old@x", "2019 meeting", "20190305T090000Z", "20190305T100000Z"),
        # Broken, but years outside the range: an import of November does not need to read it.
        event("oldbad@x", "2019 broken", "20190306T090000Z", "2019030X"),
        event("conf@x", "State conference", "20261028", "20261104", all_day=True),
        event("trip@x", "Overnight trip", "20261029T080000Z", "20261101T120000Z"),
        event("dur@x", "Long by duration", "20261030T080000Z", duration="P3D"),
        event(
            "tz@x",
            "Outlook zone",
            "20261102T090000",
            "20261102T100000",
            tzid="(UTC-06:00) Central Time (US & Canada)",
        ),
        event("late@x", "Next year", "20271105T090000Z", "20271105T100000Z"),
        preamble=OUTLOOK_VTIMEZONE,
    )
    result = parse(text)
    assert [o.key for o in result.occurrences] == ["conf@x", "trip@x", "dur@x", "tz@x"]
    assert (result.errors, result.warnings) == ([], [])
    year = parse(text, start=date(2019, 1, 1), end=date(2019, 12, 31))
    assert [o.key for o in year.occurrences] == ["old@x"]
    assert [e.uid for e in year.errors] == ["oldbad@x"]


def test_parse_result_pickles_to_an_equal_result_as_import_workers_send_it() -> None:
    import pickle

    result = parse(
        calendar(
            event(
                "w@x",
                "Walkthroughs",
                "20261102T090000",
                "20261102T100000",
                tzid="America/Chicago",
                rrule="FREQ=DAILY;COUNT=3",
                exdates=("20261103T090000",),
            ),
            event("p@x", "Dentist", "20261104T170000", "20261104T180000", klass="PRIVATE", description="x"),
            event("a@x", "Testing week", "20261102", "20261106", all_day=True),
        ),  # fmt: skip
        owner="principal@school.org",
    )
    revived = pickle.loads(pickle.dumps(result))
    assert revived == result
    assert len(revived.occurrences) == 4
    assert all(type(o) is Occurrence for o in revived.occurrences)
    assert [hash(o) for o in revived.occurrences] == [hash(o) for o in result.occurrences]
