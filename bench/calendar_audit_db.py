"""Calendars app, end to end through the database: import, classify and audit leaders' school years.

Run:  .venv/bin/python bench/calendar_audit_db.py [--leaders 200] [--db sqlite|pg|both] [--workers N]

For each database it prints: one leader's year end to end (import + audit, ~3,000 occurrences), then
N leaders' years (import + audit each) as occurrences per second in one process with
`calendar_import`, then the same N years again through `calendars_import_many` (parsing in --workers
processes, default one per core, while the main process stores), each with its peak memory (max RSS),
and the time `icalendar` alone takes to parse the same files (and the engine's parse + expansion), so
the overhead above parsing is visible. Each database runs in its own child process so
its peak memory is its own. Targets (from the issue): one leader < 2 s; N leaders >= 10,000 occ/s.

PostgreSQL: SIDELINE_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/calbench); the database
is created and dropped by this script. Asserts nothing; prints figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/calbench"


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
        conn.execute(sql)


def child(db: str, leaders: int, workdir: Path, workers: int | None) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "sideline.settings"
    os.environ["SIDELINE_VAR_DIR"] = str(workdir / "var")
    os.environ.setdefault("SIDELINE_TRIAGE_EMBEDDINGS", "0")
    if db == "sqlite":
        os.environ["SIDELINE_DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    else:
        os.environ["SIDELINE_DATABASE_URL"] = os.environ.get("SIDELINE_BENCH_PG_URL", PG_DEFAULT)
    import datetime as dt

    import django

    django.setup()
    import icalendar
    from django.core.management import call_command

    from sideline.calendars import services
    from sideline.calendars.classify import model_mode
    from sideline.calendars.models import Calendar, Occurrence
    from sideline.calendars.selectors import audit_for_person
    from sideline.engines.ical import parse_calendar, synth
    from sideline.schools import services as school_services

    call_command("migrate", verbosity=0)
    district = school_services.district_ensure(name="Bench District", slug="bench")
    school = school_services.school_ensure(
        district=district, name="Bench Middle", slug="bench-middle", timezone=synth.TZ,
        year_start=synth.YEAR_START, year_end=synth.YEAR_END,
    )  # fmt: skip
    files = [(f"leader{i}@bench.example.org", synth.principal_year(i, owner=f"leader{i}@bench.example.org"))
             for i in range(leaders + 1)]  # fmt: skip
    people = [
        school_services.person_ensure(district=district, name=f"Leader {i}", email=email)
        for i, (email, _) in enumerate(files)
    ]
    print(
        f"[{db}] triage model: {model_mode()} (SIDELINE_TRIAGE_EMBEDDINGS={os.environ['SIDELINE_TRIAGE_EMBEDDINGS']})"
    )

    def one(i: int) -> tuple[int, float]:
        email, text = files[i]
        cal = services.calendar_create(school=school, owner=people[i], name="Year")
        t0 = time.perf_counter()
        report = services.calendar_import(
            calendar=cal, data=text, date_from=synth.YEAR_START, date_to=synth.YEAR_END
        )
        audit = audit_for_person(people[i], synth.YEAR_START, synth.YEAR_END, school)
        elapsed = time.perf_counter() - t0
        assert report.ok and not report.errors, report.errors[:3]
        assert audit.to_dict()["events_counted"] > 0
        return report.created, elapsed

    # Warm the classifier (trained once per process, then cached) outside the timings.
    services.calendar_import(calendar=services.calendar_create(school=school, owner=people[0], name="warm"),
                             data=files[0][1], date_from=dt.date(2026, 9, 1), date_to=dt.date(2026, 9, 7))  # fmt: skip
    created, single = one(0)
    print(f"[{db}] one leader's year end to end: {created} occurrences in {single:.2f} s")

    t0 = time.perf_counter()
    total = 0
    for i in range(1, leaders + 1):
        n, _ = one(i)
        total += n
    elapsed = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{db}] {leaders} leaders, one process (calendar_import): {total} occurrences in {elapsed:.1f} s = "
          f"{total / elapsed:,.0f} occurrences/s end to end (import + classify + audit); peak RSS {peak_mb:.0f} MB")  # fmt: skip

    # The same years again from empty, through the parallel import; the calendars of the first run go so
    # that each person's audit reads one year, as above.
    Occurrence.objects.filter(calendar__owner__in=people[1:]).delete()
    Calendar.objects.filter(owner__in=people[1:]).delete()
    count = workers or os.cpu_count() or 1
    cals = [
        services.calendar_create(school=school, owner=people[i], name="Year") for i in range(1, leaders + 1)
    ]
    jobs = [
        services.ImportJob(cal, data=files[i][1]) for i, cal in zip(range(1, leaders + 1), cals, strict=True)
    ]
    t0 = time.perf_counter()
    reports = services.calendars_import_many(
        jobs=jobs, date_from=synth.YEAR_START, date_to=synth.YEAR_END, workers=count
    )
    imported = time.perf_counter() - t0
    for i in range(1, leaders + 1):
        audit = audit_for_person(people[i], synth.YEAR_START, synth.YEAR_END, school)
        assert audit.to_dict()["events_counted"] > 0
    elapsed = time.perf_counter() - t0
    assert all(r.ok and not r.errors for r in reports), [r.errors[:3] for r in reports if r.errors][:3]
    many = sum(r.created for r in reports)
    assert many == total, (many, total)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{db}] {leaders} leaders, calendars_import_many with {count} worker process(es) on {os.cpu_count()} "
          f"core(s): {many} occurrences in {elapsed:.1f} s = {many / elapsed:,.0f} occurrences/s end to end "
          f"(import {imported:.1f} s = {many / imported:,.0f} occ/s, then audits {elapsed - imported:.1f} s); "
          f"peak RSS of the main process {peak_mb:.0f} MB")  # fmt: skip

    t0 = time.perf_counter()
    for _, text in files[1:]:
        icalendar.Calendar.from_ical(text)
    raw = time.perf_counter() - t0
    t0 = time.perf_counter()
    for email, text in files[1:]:
        parse_calendar(
            text, start=synth.YEAR_START, end=synth.YEAR_END, default_tz=synth.TZ, owner_email=email
        )
    engine = time.perf_counter() - t0
    print(f"[{db}] parsing alone on the same {leaders} files: icalendar.Calendar.from_ical {raw:.1f} s "
          f"({total / raw:,.0f} occ/s); engine parse + expansion {engine:.1f} s ({total / engine:,.0f} occ/s)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--leaders", type=int, default=200)
    parser.add_argument("--db", choices=["sqlite", "pg", "both"], default="both")
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="parsing processes for calendars_import_many (default: cores)",
    )
    parser.add_argument("--child", choices=["sqlite", "pg"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.leaders, Path(args.workdir), args.workers)
        return
    if args.workers is not None and args.workers < 1:
        parser.error(f"--workers must be 1 or more, not {args.workers}")
    dbs = ["sqlite", "pg"] if args.db == "both" else [args.db]
    for db in dbs:
        with tempfile.TemporaryDirectory(prefix=f"calbench-{db}-") as tmp:
            pg_url = os.environ.get("SIDELINE_BENCH_PG_URL", PG_DEFAULT)
            name = pg_url.rsplit("/", 1)[1]
            if db == "pg":
                try:
                    _pg_admin(pg_url, f'DROP DATABASE IF EXISTS "{name}"')
                    _pg_admin(pg_url, f'CREATE DATABASE "{name}"')
                except Exception as exc:  # noqa: BLE001 - report and carry on with the other database
                    print(f"[pg] skipped: cannot create {name} at {pg_url}: {exc}")
                    continue
            try:
                cmd = [
                    sys.executable,
                    __file__,
                    "--child",
                    db,
                    "--leaders",
                    str(args.leaders),
                    "--workdir",
                    tmp,
                    *([] if args.workers is None else ["--workers", str(args.workers)]),
                ]
                subprocess.run(cmd, check=False, cwd=ROOT)
            finally:
                if db == "pg":
                    try:
                        _pg_admin(pg_url, f'DROP DATABASE IF EXISTS "{name}"')
                    except Exception as exc:  # noqa: BLE001
                        print(f"[pg] could not drop {name}: {exc}")


if __name__ == "__main__":
    main()
