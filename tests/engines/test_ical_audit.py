"""The time-audit counting rules, checked to the minute on calendars built for each rule."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import pytest

from sideline.engines.ical import AuditReport, Occurrence, build_audit, make_categorizer, parse_calendar
from tests.engines.ics_builders import calendar, event

TZ = "America/Chicago"
OWNER = "principal@school.org"


def by_title(occurrences: Sequence[Occurrence]) -> list[tuple[str, bool]]:
    """A stand-in classifier: the category is the title's first word; a '?' asks for review."""
    out = []
    for o in occurrences:
        word = o.title.split()[0].lower().rstrip("?") if o.title else "personal"
        out.append((word, o.title.endswith("?")))
    return out


def audit(*events: list[str], start: date, end: date, tz: str = TZ, target: int = 50) -> AuditReport:
    parsed = parse_calendar(calendar(*events), start=start, end=end, default_tz=tz, owner_email=OWNER)
    assert parsed.errors == []
    return build_audit(
        parsed.occurrences,
        categorize=by_title,
        date_from=start,
        date_to=end,
        tz=tz,
        coaching_target_pct=target,
    )


def test_hours_by_category_overlap_exclusions_and_weeks_exactly() -> None:
    report = audit(
        # Monday 2026-11-02, Chicago (UTC-6 after the DST change on 1 November).
        event("c1@x", "Coaching Ms. Lee", "20261102T090000", "20261102T100000", tzid=TZ),
        event("t1@x", "Technical bus duty", "20261102T093000", "20261102T110000", tzid=TZ),
        event("l1@x", "Leveraged PLC", "20261102T103000", "20261102T104500", tzid=TZ),
        # Back to back with t1: no overlap.
        event("t2@x", "Technical email", "20261102T110000", "20261102T113000", tzid=TZ),
        event("p1@x", "Personal lunch", "20261102T120000", "20261102T123000", tzid=TZ),
        event("r1@x", "Technical budget?", "20261103T080000", "20261103T090000", tzid=TZ),
        event(
            "x1@x", "Coaching cancelled", "20261103T100000", "20261103T110000", tzid=TZ, status="CANCELLED"
        ),
        event(
            "d1@x",
            "Coaching declined",
            "20261103T130000",
            "20261103T140000",
            tzid=TZ,
            attendees=((OWNER, "DECLINED"),),
        ),
        # Sunday 2026-11-08 is still ISO week 45; Monday 2026-11-09 starts week 46.
        event("c2@x", "Coaching Mr. Diaz", "20261108T170000", "20261108T180000", tzid=TZ),
        event("c3@x", "Coaching Ms. Park", "20261109T080000", "20261109T091500", tzid=TZ),
        event("a1@x", "Fall break", "20261111", "20261113", all_day=True),
        start=date(2026, 11, 2),
        end=date(2026, 11, 13),
    )
    assert report.to_dict() == {
        "from": "2026-11-02",
        "to": "2026-11-13",
        "timezone": TZ,
        "events_counted": 8,
        "total_hours": 7.0,
        "overlap_hours": 0.75,
        "by_category": {"coaching": 3.25, "technical": 3.0, "leveraged": 0.25, "personal": 0.5},
        "review_hours": 1.0,
        "coaching_share": 50.0,
        "target": 50,
        "weeks": {
            "2026-W45": {"coaching": 2.0, "technical": 3.0, "leveraged": 0.25, "personal": 0.5},
            "2026-W46": {"coaching": 1.25, "technical": 0.0, "leveraged": 0.0, "personal": 0.0},
        },
        "all_day": [{"title": "Fall break", "start": "2026-11-11", "end": "2026-11-12"}],
        "excluded": {"cancelled": 1, "declined": 1},
    }


def test_weekly_event_across_the_november_dst_change_stays_one_hour() -> None:
    report = audit(
        event(
            "p@x",
            "Leveraged team",
            "20261022T090000",
            "20261022T100000",
            tzid="America/New_York",
            rrule="FREQ=WEEKLY;COUNT=4",
        ),
        start=date(2026, 10, 19),
        end=date(2026, 11, 15),
        tz="America/New_York",
    )
    assert report.to_dict()["weeks"] == {
        "2026-W43": {"coaching": 0.0, "technical": 0.0, "leveraged": 1.0, "personal": 0.0},
        "2026-W44": {"coaching": 0.0, "technical": 0.0, "leveraged": 1.0, "personal": 0.0},
        "2026-W45": {"coaching": 0.0, "technical": 0.0, "leveraged": 1.0, "personal": 0.0},
        "2026-W46": {"coaching": 0.0, "technical": 0.0, "leveraged": 1.0, "personal": 0.0},
    }
    assert report.to_dict()["total_hours"] == 4.0


def test_event_on_the_dst_night_counts_real_elapsed_time() -> None:
    # 00:30 to 03:30 local on 1 November 2026 in Chicago is four real hours (01:00-02:00 happens twice).
    report = audit(
        event("n@x", "Personal overnight", "20261101T003000", "20261101T033000", tzid=TZ),
        start=date(2026, 11, 1),
        end=date(2026, 11, 1),
    )
    assert report.to_dict()["total_hours"] == 4.0


def test_range_is_inclusive_and_straddling_events_are_clipped() -> None:
    report = audit(
        # Starts the evening before the range: only 00:00-01:30 on the first day counts, in that day's week.
        event("s1@x", "Technical overnight", "20261101T230000", "20261102T013000", tzid=TZ),
        event("s2@x", "Coaching on the last day", "20261106T150000", "20261106T160000", tzid=TZ),
        # Runs past midnight at the end of the range: only 23:00-24:00 counts.
        event("s3@x", "Technical late", "20261106T230000", "20261107T020000", tzid=TZ),
        event("s4@x", "Coaching after the range", "20261107T090000", "20261107T100000", tzid=TZ),
        event("s5@x", "Coaching before the range", "20261101T090000", "20261101T100000", tzid=TZ),
        start=date(2026, 11, 2),
        end=date(2026, 11, 6),
    )
    data = report.to_dict()
    assert (data["events_counted"], data["total_hours"]) == (3, 3.5)
    assert data["by_category"] == {"coaching": 1.0, "technical": 2.5, "leveraged": 0.0, "personal": 0.0}
    assert list(data["weeks"]) == ["2026-W45"]
    assert [(e.occurrence.key, e.local_date) for e in report.counted] == [
        ("s1@x", date(2026, 11, 2)),
        ("s2@x", date(2026, 11, 6)),
        ("s3@x", date(2026, 11, 6)),
    ]


def test_week_keys_use_the_school_zone_not_utc() -> None:
    # Sunday 2026-09-06 20:00 Chicago is Monday 01:00 UTC: it belongs to the Sunday's ISO week 36.
    report = audit(
        event("w@x", "Coaching prep", "20260907T010000Z", "20260907T020000Z"),
        start=date(2026, 9, 6),
        end=date(2026, 9, 7),
    )
    assert list(report.to_dict()["weeks"]) == ["2026-W36"]


def test_iso_week_at_the_year_end() -> None:
    report = audit(
        event("y@x", "Coaching year end", "20270101T090000", "20270101T100000", tzid=TZ),
        start=date(2026, 12, 28),
        end=date(2027, 1, 3),
    )
    assert list(report.to_dict()["weeks"]) == ["2026-W53"]


def test_overlap_of_three_events_and_nested_event() -> None:
    report = audit(
        event("o1@x", "Technical long", "20261102T080000", "20261102T120000", tzid=TZ),
        event("o2@x", "Coaching inside", "20261102T090000", "20261102T100000", tzid=TZ),
        event("o3@x", "Leveraged inside too", "20261102T093000", "20261102T103000", tzid=TZ),
        event("o4@x", "Personal duplicate", "20261102T080000", "20261102T120000", tzid=TZ),
        start=date(2026, 11, 2),
        end=date(2026, 11, 2),
    )
    # o1 and o4 cover 08:00-12:00 together, so all four hours are double-booked, however deep.
    assert report.to_dict()["overlap_hours"] == 4.0


def test_all_day_events_are_listed_not_counted_and_cancelled_ones_are_excluded() -> None:
    report = audit(
        event("a1@x", "Testing week", "20261102", "20261107", all_day=True),
        event("a2@x", "Cancelled trip", "20261104", all_day=True, status="CANCELLED"),
        event("a3@x", "Before the range", "20261030", "20261031", all_day=True),
        start=date(2026, 11, 2),
        end=date(2026, 11, 6),
    )
    data = report.to_dict()
    assert (data["events_counted"], data["total_hours"], data["coaching_share"]) == (0, 0.0, None)
    assert data["all_day"] == [{"title": "Testing week", "start": "2026-11-02", "end": "2026-11-06"}]
    assert data["excluded"] == {"cancelled": 1, "declined": 0}


def test_private_event_counts_as_personal_through_the_categorizer() -> None:
    calls: list[list[str]] = []

    @dataclass
    class Verdict:
        category: str
        needs_review: bool

    def classify(texts: list[str]) -> list[Verdict]:
        calls.append(list(texts))
        return [
            Verdict("technical" if "bus" in t.lower() else "coaching", t.startswith("Obs")) for t in texts
        ]

    parsed = parse_calendar(
        calendar(
            event("p@x", "Therapy", "20261102T070000", "20261102T080000", tzid=TZ, klass="PRIVATE"),
            event(
                "b@x", "Bus duty", "20261102T080000", "20261102T083000", tzid=TZ, rrule="FREQ=DAILY;COUNT=3"
            ),
            event("o@x", "Observe 6th grade", "20261102T090000", "20261102T100000", tzid=TZ),
            event("f@x", "Observe 6th grade", "20261103T090000", "20261103T100000", tzid=TZ),
            event(
                "s@x",
                "Staff meeting",
                "20261102T150000",
                "20261102T160000",
                tzid=TZ,
                rrule="FREQ=DAILY;COUNT=2",
            ),
        ),
        start=date(2026, 11, 2),
        end=date(2026, 11, 4),
        default_tz=TZ,
    )
    categorize = make_categorizer(classify, overrides={"s@x": "leveraged"})
    report = build_audit(
        parsed.occurrences,
        categorize=categorize,
        date_from=date(2026, 11, 2),
        date_to=date(2026, 11, 4),
        tz=TZ,
    )
    assert calls == [["Bus duty", "Observe 6th grade"]]
    assert report.to_dict()["by_category"] == {
        "coaching": 2.0,
        "technical": 1.5,
        "leveraged": 2.0,
        "personal": 1.0,
    }
    assert [(e.occurrence.key.split("#")[0], e.category) for e in report.counted] == [
        ("p@x", "personal"),
        ("b@x", "technical"),
        ("o@x", "coaching"),
        ("s@x", "leveraged"),
        ("b@x", "technical"),
        ("f@x", "coaching"),
        ("s@x", "leveraged"),
        ("b@x", "technical"),
    ]


def test_categorizer_rejects_bad_overrides_and_bad_classifiers() -> None:
    with pytest.raises(ValueError) as bad_override:
        make_categorizer(lambda texts: [], overrides={"s@x": "meetings"})
    assert str(bad_override.value) == (
        "Correction for 's@x' has unknown category 'meetings'; use one of "
        "('coaching', 'technical', 'leveraged', 'personal')."
    )
    parsed = parse_calendar(
        calendar(event("a@x", "Anything", "20261102T090000Z", "20261102T100000Z")),
        start=date(2026, 11, 2),
        end=date(2026, 11, 2),
        default_tz="UTC",
    )
    short = make_categorizer(lambda texts: [])
    with pytest.raises(ValueError) as too_few:
        build_audit(
            parsed.occurrences,
            categorize=short,
            date_from=date(2026, 11, 2),
            date_to=date(2026, 11, 2),
            tz="UTC",
        )
    assert str(too_few.value) == "The classifier returned 0 verdicts for 1 titles."


def test_bad_audit_arguments_are_clear_errors() -> None:
    parsed = parse_calendar(
        calendar(event("a@x", "Meetings", "20261102T090000Z", "20261102T100000Z")),
        start=date(2026, 11, 2),
        end=date(2026, 11, 2),
        default_tz="UTC",
    )
    occ = parsed.occurrences
    day = date(2026, 11, 2)
    with pytest.raises(ValueError) as backwards:
        build_audit(occ, categorize=by_title, date_from=day, date_to=date(2026, 11, 1), tz="UTC")
    assert str(backwards.value) == "--to 2026-11-01 is before --from 2026-11-02."
    with pytest.raises(ValueError) as zone:
        build_audit(occ, categorize=by_title, date_from=day, date_to=day, tz="Mars/Base")
    assert str(zone.value) == "Unknown time zone 'Mars/Base': use an IANA name such as 'America/Chicago'."
    with pytest.raises(ValueError) as category:
        build_audit(occ, categorize=by_title, date_from=day, date_to=day, tz="UTC")
    assert str(category.value) == (
        "Event 'a@x' was given unknown category 'meetings'; use one of "
        "('coaching', 'technical', 'leveraged', 'personal')."
    )
    with pytest.raises(ValueError) as target:
        build_audit(occ, categorize=by_title, date_from=day, date_to=day, tz="UTC", coaching_target_pct=150)
    assert str(target.value) == "The Coaching target must be a percentage from 0 to 100, not 150."
    with pytest.raises(ValueError) as count:
        build_audit(occ, categorize=lambda o: [], date_from=day, date_to=day, tz="UTC")
    assert str(count.value) == "The categorizer returned 0 verdicts for 1 events."


def test_windows_zone_name_is_accepted_for_the_audit() -> None:
    report = audit(
        event("c@x", "Coaching", "20261102T090000", "20261102T100000", tzid=TZ),
        start=date(2026, 11, 2),
        end=date(2026, 11, 2),
        tz="Central Standard Time",
    )
    assert (report.timezone, report.to_dict()["total_hours"]) == ("America/Chicago", 1.0)


def test_csv_rows_and_formula_escaping() -> None:
    report = audit(
        event("c@x", "Coaching Ms. Lee", "20261102T090000", "20261102T101500", tzid=TZ),
        event("t@x", "Technical =HYPERLINK(x)?", "20261102T130000", "20261102T133000", tzid=TZ),
        start=date(2026, 11, 2),
        end=date(2026, 11, 2),
    )
    assert report.to_csv() == (
        "date,start,end,hours,title,category,needs_review\r\n"
        "2026-11-02,2026-11-02T09:00-06:00,2026-11-02T10:15-06:00,1.25,Coaching Ms. Lee,coaching,false\r\n"
        "2026-11-02,2026-11-02T13:00-06:00,2026-11-02T13:30-06:00,0.50,Technical =HYPERLINK(x)?,technical,true\r\n"
    )


def test_csv_neutralises_a_leading_formula() -> None:
    parsed = parse_calendar(
        calendar(event("f@x", "=1+1", "20261102T090000Z", "20261102T100000Z")),
        start=date(2026, 11, 2),
        end=date(2026, 11, 2),
        default_tz="UTC",
    )
    report = build_audit(
        parsed.occurrences,
        categorize=lambda occ: [("technical", False)] * len(occ),
        date_from=date(2026, 11, 2),
        date_to=date(2026, 11, 2),
        tz="UTC",
    )
    assert (
        report.to_csv().splitlines()[1]
        == "2026-11-02,2026-11-02T09:00+00:00,2026-11-02T10:00+00:00,1.00,'=1+1,technical,false"
    )


def test_table_rows_a_principal_reads() -> None:
    report = audit(
        event("c1@x", "Coaching Ms. Lee", "20261102T090000", "20261102T120000", tzid=TZ),
        event("t1@x", "Technical email?", "20261102T130000", "20261102T140000", tzid=TZ),
        event("c2@x", "Coaching Mr. Diaz", "20261110T090000", "20261110T100000", tzid=TZ),
        event("t2@x", "Technical duty", "20261110T110000", "20261110T140000", tzid=TZ),
        start=date(2026, 11, 2),
        end=date(2026, 11, 13),
        target=60,
    )
    text = report.render_table(width=140)
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) > 2 and cells[1] in ("2026-W45", "2026-W46", "All"):
            rows[cells[1]] = cells[2:-1]
    assert rows == {
        "2026-W45": ["3.00", "1.00", "0.00", "0.00", "1.00", "4.00", "█" * 15 + "░" * 5 + " 75% on target"],
        "2026-W46": [
            "1.00",
            "3.00",
            "0.00",
            "0.00",
            "0.00",
            "4.00",
            "█" * 5 + "░" * 7 + "|" + "░" * 7 + " 25% below",
        ],
        "All": [
            "4.00",
            "4.00",
            "0.00",
            "0.00",
            "1.00",
            "8.00",
            "█" * 10 + "░" * 2 + "|" + "░" * 7 + " 50% below",
        ],
    }
    assert text.splitlines()[-1] == "Double-booked: 0.00 h"


def test_overlap_counts_back_to_back_as_none_and_works_before_1970() -> None:
    tz = "UTC"
    report = audit(
        event("e1@x", "Technical early", "19691231T080000Z", "19691231T100000Z"),
        event("e2@x", "Coaching early", "19691231T090000Z", "19691231T110000Z"),
        # Starts as e2 ends: back to back, not double-booked.
        event("e3@x", "Leveraged next", "19691231T110000Z", "19691231T120000Z"),
        # Zero length: touches nothing and is not counted.
        event("e4@x", "Coaching instant", "19691231T093000Z", "19691231T093000Z"),
        start=date(1969, 12, 31),
        end=date(1969, 12, 31),
        tz=tz,
    )
    data = report.to_dict()
    assert (data["events_counted"], data["total_hours"], data["overlap_hours"]) == (3, 5.0, 1.0)
    assert data["weeks"] == {
        "1970-W01": {"coaching": 2.0, "technical": 2.0, "leveraged": 1.0, "personal": 0.0}
    }
