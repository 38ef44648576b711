"""Calendar engine throughput: icalendar parsing alone, the engine's parse+expand, and the audit.

Usage: .venv/bin/python bench/calendar_parse.py [--leaders 200] [--workers 1]

Prints figures; asserts nothing (timings on a shared machine are not test material).
One leader's year is ~3,000 occurrences; 200 leaders are ~600,000.

Each stage is timed in CPU seconds of this process (time.process_time) as well as wall-clock:
the 2 cores are shared, and CPU time is what the engine itself costs whatever else is running.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import time
import tracemalloc
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor

import icalendar

from sideline.engines.ical import Occurrence, build_audit, parse_calendar
from sideline.engines.ical.synth import TZ, YEAR_END, YEAR_START, leaders, principal_year

Timing = tuple[int, float, float, float]


def trivial(occurrences: Sequence[Occurrence]) -> list[tuple[str, bool]]:
    return [("personal" if o.private else "technical", False) for o in occurrences]


def one_leader(owner: str, text: str, raw_parse: bool = True) -> Timing:
    """(occurrences, icalendar parse CPU s, engine parse+expand CPU s, audit CPU s) for one calendar."""
    t0 = time.process_time()
    if raw_parse:
        icalendar.Calendar.from_ical(text)
    t1 = time.process_time()
    parsed = parse_calendar(text, start=YEAR_START, end=YEAR_END, default_tz=TZ, owner_email=owner)
    t2 = time.process_time()
    build_audit(
        parsed.occurrences, categorize=trivial, date_from=YEAR_START, date_to=YEAR_END, tz=TZ
    ).to_dict()
    t3 = time.process_time()
    if parsed.errors:
        raise SystemExit(f"synthetic calendar had errors: {parsed.errors[:3]}")
    return len(parsed.occurrences), t1 - t0, t2 - t1, t3 - t2


def _job(index: int) -> Timing:
    owner = f"leader{index}@example.org"
    return one_leader(owner, principal_year(index, owner=owner), raw_parse=False)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--leaders", type=int, default=200)
    ap.add_argument("--workers", type=int, default=1, help="also run the engine in this many processes")
    args = ap.parse_args()
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")

    owner = "leader1@example.org"
    text = principal_year(1, owner=owner)
    one_leader(owner, text)  # warm imports and zone caches
    wall0 = time.perf_counter()
    runs = [one_leader(owner, text) for _ in range(3)]
    wall = (time.perf_counter() - wall0) / 3
    n, ical_s, engine_s, audit_s = min(runs, key=lambda r: r[1] + r[2] + r[3])
    print(
        f"one leader's year: {n} occurrences, {len(text) / 1024:.0f} KiB of iCalendar (best of 3, CPU seconds)"
    )
    print(f"  icalendar Calendar.from_ical alone, on the raw file: {ical_s:.3f} s")
    print(f"  engine parse_calendar (slim + icalendar parse + expand): {engine_s:.3f} s")
    print(f"  audit (trivial categorizer) + to_dict: {audit_s:.3f} s")
    print(f"  engine end to end: {engine_s + audit_s:.3f} s = {n / (engine_s + audit_s):,.0f} occurrences/s")
    print(f"  (mean wall time per run, including the raw from_ical: {wall:.3f} s)")
    gc.collect()
    tracemalloc.start()
    parsed = parse_calendar(text, start=YEAR_START, end=YEAR_END, default_tz=TZ, owner_email=owner)
    build_audit(parsed.occurrences, categorize=trivial, date_from=YEAR_START, date_to=YEAR_END, tz=TZ)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del parsed
    print(f"  peak Python memory for one leader (tracemalloc): {peak / 2**20:.1f} MiB")

    texts = list(leaders(args.leaders))
    total_bytes = sum(len(t) for _, t in texts)
    n_all, ical_all, engine_all, audit_all = 0, 0.0, 0.0, 0.0
    wall0 = time.perf_counter()
    for who, cal_text in texts:
        got = one_leader(who, cal_text)
        n_all += got[0]
        ical_all += got[1]
        engine_all += got[2]
        audit_all += got[3]
    wall = time.perf_counter() - wall0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    engine_total = engine_all + audit_all
    print(
        f"{args.leaders} leaders, one process: {n_all:,} occurrences, {total_bytes / 2**20:.0f} MiB of iCalendar"
    )
    print(
        f"  icalendar Calendar.from_ical alone: {ical_all:.1f} s CPU = {n_all / ical_all:,.0f} occurrences/s"
    )
    print(f"  engine parse_calendar: {engine_all:.1f} s CPU; audit: {audit_all:.1f} s CPU")
    print(
        f"  engine end to end: {engine_total:.1f} s CPU = {n_all / engine_total:,.0f} occurrences/s per core"
    )
    print(f"  (wall time of the loop, including the raw from_ical runs: {wall:.1f} s)")
    print(f"  peak RSS of this process (all {args.leaders} calendars held as text): {rss:.0f} MiB")

    if args.workers > 1:
        wall0 = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            results = list(pool.map(_job, range(args.leaders), chunksize=4))
        wall = time.perf_counter() - wall0
        n_pool = sum(r[0] for r in results)
        print(f"{args.leaders} leaders, {args.workers} processes (generating and importing each calendar):")
        print(f"  wall {wall:.1f} s = {n_pool / wall:,.0f} occurrences/s")


if __name__ == "__main__":
    main()
