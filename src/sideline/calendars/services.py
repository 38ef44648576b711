"""Writes of the calendars app: importing and syncing calendars, corrections, feed tokens.

Import rules (why they are what they are):
- Occurrences are matched by `key` (UID + RECURRENCE-ID), so the same file twice writes nothing and an
  event whose fingerprint changed is updated in place, keeping its row (and anything pointing at it).
- An event gone from the source is deleted only when the whole file was read cleanly. When any event
  failed (a truncated file, a bad RRULE), we cannot tell "removed" from "unreadable", and losing a
  leader's stored week is worse than keeping a stale meeting for one more sync.
- A leader's SeriesCorrection wins over the classifier for every instance of the series, at import time
  and afterwards, so corrections survive re-import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import os
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from sideline.calendars.classify import TitleVerdict, classify_titles
from sideline.calendars.models import (
    CATEGORY_CHOICES,
    Calendar,
    FeedToken,
    Occurrence,
    SeriesCorrection,
    SyncClaim,
)
from sideline.calendars.parsing import ParseJob, ParseOutcome, parse_job
from sideline.engines import ical
from sideline.engines.ical.parse import DEFAULT_MAX_BYTES
from sideline.schools.models import Person, School

CATEGORIES = tuple(key for key, _ in CATEGORY_CHOICES)
MAX_BYTES = DEFAULT_MAX_BYTES
FETCH_TIMEOUT_S = 20
BATCH = 1000
#: A sync claim older than this is treated as abandoned by a worker that died.
STALE_CLAIM = dt.timedelta(minutes=15)
_UPDATED_FIELDS = [
    "uid",
    "series_uid",
    "recurrence_id",
    "start",
    "end",
    "all_day",
    "title",
    "description",
    "location",
    "status",
    "cancelled",
    "declined",
    "private",
    "recurring",
    "fingerprint",
    "category",
    "needs_review",
    "confidence",
    "rationale",
    "delegate_to",
]

ProgressCallback = Callable[[int, int], None]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Set when nothing could be read at all; then nothing stored was touched.
    fatal: str = ""
    calendar_name: str = ""

    @property
    def ok(self) -> bool:
        return not self.fatal

    def summary(self) -> str:
        if self.fatal:
            return f"Nothing imported: {self.fatal}"
        text = (
            f"{self.created} new, {self.updated} changed, {self.deleted} removed, {self.unchanged} unchanged"
        )
        if self.errors:
            text += f"; {len(self.errors)} event(s) could not be imported"
        return text


class CalendarSourceError(ValueError):
    """A URL or CalDAV calendar could not be read."""


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[:size]


def _stored_key(key: str) -> str:
    # Keys are UID-based and UIDs are usually short; a pathological one is hashed so uniqueness holds.
    return key if len(key) <= 600 else key[:500] + "#" + hashlib.sha256(key.encode()).hexdigest()


def school_year(school: School) -> tuple[dt.date, dt.date]:
    return school.year_start, school.year_end


@transaction.atomic
def calendar_create(
    *,
    school: School,
    owner: Person,
    name: str,
    source_kind: str = Calendar.Source.UPLOAD,
    source: str = "",
    username: str = "",
    password: str = "",
    timezone_name: str = "",
) -> Calendar:
    if source_kind not in Calendar.Source.values:
        raise ValueError(f"Unknown calendar source {source_kind!r}; use one of {Calendar.Source.values}.")
    if timezone_name and ical.resolve_zone(timezone_name) is None:
        raise ValueError(f"Unknown time zone {timezone_name!r}: use a name such as America/Chicago.")
    if source_kind in (Calendar.Source.URL, Calendar.Source.CALDAV):
        _check_url(source)
    return Calendar.objects.create(
        school=school,
        owner=owner,
        name=_clip(name.strip() or "Calendar", 200),
        source_kind=source_kind,
        source=source.strip(),
        username=username,
        password=password,
        timezone=timezone_name,
    )


def _check_url(url: str) -> str:
    url = url.strip()
    if url.lower().startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CalendarSourceError(f"{url!r} is not an http(s) or webcal address.")
    return url


def calendar_import(
    *,
    calendar: Calendar,
    data: bytes | str | None = None,
    path: str | Path | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Store the occurrences of `data` (or the file at `path`) between the dates, idempotently."""
    if (data is None) == (path is None):
        raise ValueError("Give exactly one of data or path.")
    start, end, zone_name = _span(calendar, date_from, date_to)
    owner_email = calendar.owner.email
    try:
        if path is not None:
            parsed = ical.parse_file(
                path, start=start, end=end, default_tz=zone_name, owner_email=owner_email, progress=progress
            )
        else:
            assert data is not None
            parsed = ical.parse_calendar(
                data, start=start, end=end, default_tz=zone_name, owner_email=owner_email, progress=progress
            )
    except ical.CalendarError as exc:
        return _record_fatal(calendar, str(exc))
    return _apply(calendar, parsed, start, end, zone_name, None)


def _span(
    calendar: Calendar, date_from: dt.date | None, date_to: dt.date | None
) -> tuple[dt.date, dt.date, str]:
    school = calendar.school
    return date_from or school.year_start, date_to or school.year_end, calendar.timezone or school.timezone


def _record_fatal(calendar: Calendar, message: str) -> ImportReport:
    report = ImportReport(fatal=message)
    Calendar.objects.filter(pk=calendar.pk).update(last_error=message)
    return report


def _apply(
    calendar: Calendar,
    parsed: ical.ParseResult,
    start: dt.date,
    end: dt.date,
    zone_name: str,
    verdict_cache: dict[tuple[int, str], TitleVerdict] | None,
) -> ImportReport:
    report = ImportReport()
    report.errors = [e.message for e in parsed.errors]
    report.warnings = [w.message for w in parsed.warnings]
    report.calendar_name = parsed.calendar_name
    _store(calendar, parsed.occurrences, report, start, end, zone_name, verdict_cache)
    Calendar.objects.filter(pk=calendar.pk).update(
        last_synced_at=timezone.now(), last_error="\n".join(report.errors)[:5000]
    )
    return report


@dataclass(frozen=True)
class ImportJob:
    """One calendar to import with `calendars_import_many`; exactly one of data and path is set."""

    calendar: Calendar
    data: bytes | str | None = None
    path: str | Path | None = None


@dataclass
class _Pending:
    """A calendar on its way through `_import_stream`; `fatal` set means there is nothing to parse."""

    calendar: Calendar
    data: bytes | str | None = None
    path: str | Path | None = None
    fatal: str = ""


def calendars_import_many(
    *,
    jobs: Sequence[ImportJob],
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
) -> list[ImportReport]:
    """Import many calendars as `calendar_import` would, parsing them in `workers` processes.

    The main process stores each calendar as soon as its parse arrives, so the database writes overlap
    the parsing of the next calendars, and classifies each distinct title once for the whole run.
    Reports come back in the order of `jobs`; a calendar that cannot be read has a fatal report and
    the others go on. `progress(done, total)` counts calendars stored. Raises ValueError, before
    anything is read or written, when a job does not have exactly one of data and path.
    """
    for number, job in enumerate(jobs, start=1):
        if (job.data is None) == (job.path is None):
            raise ValueError(
                f"Import job {number} ({job.calendar.name!r}): give exactly one of data or path."
            )
    count = _resolve_workers(workers)
    if len(jobs) < count:
        count = max(1, len(jobs))  # an idle worker process costs its start-up and parses nothing
    pending = (_Pending(job.calendar, job.data, job.path) for job in jobs)
    reports: list[ImportReport | None] = [None] * len(jobs)
    for index, _calendar, report in _import_stream(
        pending, date_from=date_from, date_to=date_to, workers=count, total=len(jobs), progress=progress
    ):
        reports[index] = report
    assert all(r is not None for r in reports)
    return [r for r in reports if r is not None]


def _resolve_workers(workers: int | None) -> int:
    if workers is None:
        return max(1, os.cpu_count() or 1)
    if workers < 1:
        raise ValueError(f"workers must be 1 or more, not {workers}.")
    return workers


def _import_stream(
    pending: Iterable[_Pending],
    *,
    date_from: dt.date | None,
    date_to: dt.date | None,
    workers: int | None,
    total: int,
    progress: ProgressCallback | None,
) -> Iterator[tuple[int, Calendar, ImportReport]]:
    """Parse the pending calendars (in worker processes when workers > 1) and store each as it arrives.

    At most two parses per worker are in flight, and `pending` is read only as room frees up, so memory
    holds a handful of calendars whatever the number of jobs (a sync fetches each body just in time).
    """
    count = _resolve_workers(workers)
    verdict_cache: dict[tuple[int, str], TitleVerdict] = {}
    spans: dict[int, tuple[Calendar, dt.date, dt.date, str]] = {}
    done = 0

    def job_for(index: int, item: _Pending) -> ParseJob:
        start, end, zone_name = _span(item.calendar, date_from, date_to)
        spans[index] = (item.calendar, start, end, zone_name)
        path = None if item.path is None else str(item.path)
        return ParseJob(index, item.data, path, start, end, zone_name, item.calendar.owner.email)

    def store(outcome: ParseOutcome) -> tuple[int, Calendar, ImportReport]:
        nonlocal done
        calendar, start, end, zone_name = spans.pop(outcome.index)
        if outcome.result is None:
            report = _record_fatal(calendar, outcome.fatal)
        else:
            report = _apply(calendar, outcome.result, start, end, zone_name, verdict_cache)
        done += 1
        if progress is not None:
            progress(done, total)
        return outcome.index, calendar, report

    def failed(index: int, item: _Pending) -> tuple[int, Calendar, ImportReport]:
        nonlocal done
        report = _record_fatal(item.calendar, item.fatal)
        done += 1
        if progress is not None:
            progress(done, total)
        return index, item.calendar, report

    if count == 1:
        for index, item in enumerate(pending):
            if item.fatal:
                yield failed(index, item)
            else:
                yield store(parse_job(job_for(index, item)))
        return

    # "spawn", not "fork": a forked child would share the parent's open database connections and
    # any lock a thread held at fork time; parsing.py keeps a spawned worker's start-up to the engine.
    context = multiprocessing.get_context("spawn")
    window = 2 * count
    items = enumerate(pending)
    with ProcessPoolExecutor(max_workers=count, mp_context=context) as executor:
        in_flight: dict[Future[ParseOutcome], int] = {}

        def fill() -> Iterator[tuple[int, Calendar, ImportReport]]:
            while len(in_flight) < window:
                nxt = next(items, None)
                if nxt is None:
                    return
                index, item = nxt
                if item.fatal:
                    yield failed(index, item)
                    continue
                in_flight[executor.submit(parse_job, job_for(index, item))] = index

        yield from fill()
        while in_flight:
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                index = in_flight.pop(future)
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001 - a crashed parse is this calendar's failure only
                    outcome = ParseOutcome(index, None, f"The calendar could not be parsed: {exc!r}")
                yield store(outcome)
            yield from fill()


def _window(start: dt.date, end: dt.date, zone_name: str) -> tuple[dt.datetime, dt.datetime]:
    """The UTC span the parser expanded (it widens the local dates by a day each side)."""
    zone = ical.resolve_zone(zone_name)
    assert zone is not None
    lo = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(), zone)
    hi = dt.datetime.combine(end + dt.timedelta(days=2), dt.time(), zone)
    return lo.astimezone(dt.UTC), hi.astimezone(dt.UTC)


def _store(
    calendar: Calendar,
    occurrences: list[ical.Occurrence],
    report: ImportReport,
    start: dt.date,
    end: dt.date,
    zone_name: str,
    verdict_cache: dict[tuple[int, str], TitleVerdict] | None = None,
) -> None:
    lo, hi = _window(start, end, zone_name)
    corrections = dict(calendar.corrections.values_list("series_uid", "category"))
    with transaction.atomic():
        existing: dict[str, tuple[int, str, str]] = {
            key: (pk, fingerprint, category)
            for pk, key, fingerprint, category in Occurrence.objects.filter(calendar=calendar).values_list(
                "pk", "key", "fingerprint", "category"
            )
        }
        fresh: list[tuple[str, ical.Occurrence]] = []
        seen: set[str] = set()
        for occ in occurrences:
            key = _stored_key(occ.key)
            seen.add(key)
            found = existing.get(key)
            wanted = corrections.get(occ.series_uid)
            if (
                found is None
                or found[1] != occ.fingerprint
                or (wanted is not None and not occ.private and wanted != found[2])
            ):
                fresh.append((key, occ))
            else:
                report.unchanged += 1

        titles = sorted({o.title for _, o in fresh if not o.private and o.series_uid not in corrections})
        verdicts = _classify(calendar, titles, verdict_cache)
        # The classification columns depend only on the title or the series, so each is built once.
        by_title = {
            title: (v.category, v.needs_review, v.confidence, v.rationale, v.delegate_to)
            for title, v in verdicts.items()
        }
        by_series = {
            uid: (category, False, 1.0, "Your correction.", "") for uid, category in corrections.items()
        }
        calendar_id = calendar.pk
        to_create: list[tuple[Any, ...]] = []
        to_update: list[Occurrence] = []
        for key, occ in fresh:
            if occ.private:
                texts: tuple[str, str, str] = ("", "", "")
                classified = _PRIVATE
            else:
                texts = (_clip(occ.title, 500), occ.description, _clip(occ.location, 500))
                classified = by_series.get(occ.series_uid) or by_title[occ.title]
            row = (
                calendar_id, key, _clip(occ.uid, 500), _clip(occ.series_uid, 500), _clip(occ.recurrence_id, 40),
                occ.start, occ.end, occ.all_day, *texts, _clip(occ.status, 20), occ.cancelled, occ.declined,
                occ.private, occ.recurring, occ.fingerprint, *classified,
            )  # fmt: skip
            found = existing.get(key)
            if found is None:
                to_create.append(row)
            else:
                to_update.append(Occurrence(pk=found[0], **dict(zip(_ROW_FIELDS, row, strict=True))))
        _insert(to_create)
        Occurrence.objects.bulk_update(to_update, _UPDATED_FIELDS, batch_size=BATCH)
        report.created, report.updated = len(to_create), len(to_update)

        # Only a stored row whose key this file no longer has can be gone (every row written above is
        # in `seen`), so nothing is read back when none is missing, as on a first import.
        missing = sorted(pk for key, (pk, _, _) in existing.items() if key not in seen)
        if report.errors:
            if missing:
                report.warnings.append(
                    "Some events could not be read, so no stored events were removed in this import; "
                    "fix the file and import it again to remove events deleted at the source."
                )
            return
        for i in range(0, len(missing), BATCH):
            gone = Occurrence.objects.filter(pk__in=missing[i : i + BATCH], start__lt=hi, end__gt=lo)
            report.deleted += gone.delete()[0]


def _classify(
    calendar: Calendar, titles: list[str], cache: dict[tuple[int, str], TitleVerdict] | None
) -> dict[str, TitleVerdict]:
    """Verdicts for the titles; with a cache, a title seen in an earlier calendar of the school is not
    asked again (a verdict depends only on the school and the title)."""
    if cache is None:
        return dict(zip(titles, classify_titles(calendar.school, titles), strict=True))
    school_id = calendar.school_id
    unknown = [t for t in titles if (school_id, t) not in cache]
    for title, verdict in zip(unknown, classify_titles(calendar.school, unknown), strict=True):
        cache[school_id, title] = verdict
    return {t: cache[school_id, t] for t in titles}


_INSERTED_FIELDS = ["key", *_UPDATED_FIELDS]
#: The order of the row tuples `_store` builds: the calendar, then the columns it writes.
_ROW_FIELDS = ["calendar_id", *_INSERTED_FIELDS]
_PRIVATE = ("personal", False, 1.0, "Marked private in the calendar.", "")


def _insert(rows: list[tuple[Any, ...]]) -> None:
    """Insert new occurrences (tuples in `_ROW_FIELDS` order) in bulk, in the caller's transaction.

    bulk_create builds a model per row and prepares every value through its field, and on SQLite splits
    at 999 parameters (45 rows). PostgreSQL takes the rows through one binary COPY, which skips the
    per-statement work of an INSERT and the parsing of each value as text; SQLite gets a plain
    executemany of one prepared INSERT per batch.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(Occurrence)]
    if connection.vendor == "postgresql":
        _copy_rows(connection, rows)
    else:
        _insert_rows(connection, rows)


def _table_and_columns(connection: BaseDatabaseWrapper) -> tuple[str, str]:
    quote = connection.ops.quote_name
    columns = (str(Occurrence._meta.get_field(n).column) for n in _ROW_FIELDS)  # type: ignore[union-attr]
    return quote(Occurrence._meta.db_table), ", ".join(quote(c) for c in columns)


def _copy_rows(connection: BaseDatabaseWrapper, rows: list[tuple[Any, ...]]) -> None:
    table, columns = _table_and_columns(connection)
    # Binary COPY needs each column's type: the model's, less any length ("varchar(600)" -> "varchar").
    types = [str(Occurrence._meta.get_field(n).db_type(connection)).split("(", 1)[0] for n in _ROW_FIELDS]  # type: ignore[union-attr]
    # COPY through the raw psycopg cursor runs in the open transaction: a failed row rolls back the import.
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy,
    ):
        copy.set_types(types)
        for row in rows:
            copy.write_row(row)


def _insert_rows(connection: BaseDatabaseWrapper, rows: list[tuple[Any, ...]]) -> None:
    table, columns = _table_and_columns(connection)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_ROW_FIELDS))})"
    adapt = connection.ops.adapt_datetimefield_value
    first, last = _ROW_FIELDS.index("start"), _ROW_FIELDS.index("end")
    assert last == first + 1
    values = [(*row[:first], adapt(row[first]), adapt(row[last]), *row[last + 1 :]) for row in rows]
    with connection.cursor() as cursor:
        for i in range(0, len(values), BATCH):
            cursor.executemany(sql, values[i : i + BATCH])


def calendar_fetch(calendar: Calendar, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The iCalendar text of a URL or CalDAV calendar (CalendarSourceError when it cannot be read)."""
    if calendar.source_kind == Calendar.Source.URL:
        return _fetch_url(calendar.source, max_bytes=max_bytes)
    if calendar.source_kind == Calendar.Source.CALDAV:
        return _fetch_caldav(calendar)
    if calendar.source_kind == Calendar.Source.PATH:
        path = Path(calendar.source)
        try:
            if path.stat().st_size > max_bytes:
                raise CalendarSourceError(f"{path} is over the {max_bytes // 2**20} MB limit for a calendar.")
            return path.read_bytes()
        except OSError as exc:
            raise CalendarSourceError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    raise CalendarSourceError(f"Calendar {calendar.name!r} was uploaded; upload a new file to update it.")


def _size(n: int) -> str:
    return f"{n // 2**20} MB" if n >= 2**20 else f"{n:,} bytes"


def _fetch_url(url: str, *, max_bytes: int) -> bytes:
    url = _check_url(url)
    request = urllib.request.Request(url, headers={"User-Agent": "Sideline calendar sync"})
    try:
        with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:  # noqa: S310 - scheme checked
            body = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise CalendarSourceError(f"{url} answered {exc.code} {exc.reason}.") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CalendarSourceError(f"Cannot reach {url}: {reason}.") from exc
    if len(body) > max_bytes:
        raise CalendarSourceError(
            f"{url} sent more than {_size(max_bytes)}, over the limit for a calendar; "
            "subscribe to a shorter date range."
        )
    return bytes(body)


def _fetch_caldav(calendar: Calendar) -> bytes:
    import caldav
    import icalendar

    url = _check_url(calendar.source)
    try:
        client = caldav.DAVClient(  # type: ignore[operator]
            url=url,
            username=calendar.username or None,
            password=calendar.password or None,
            timeout=FETCH_TIMEOUT_S,
        )
        collection = client.calendar(url=url)
        objects = collection.events()
        merged = icalendar.Calendar()
        merged.add("PRODID", "-//Sideline//CalDAV sync//EN")
        merged.add("VERSION", "2.0")
        zones: set[str] = set()
        for obj in objects:
            data = obj.data
            cal = icalendar.Calendar.from_ical(data)
            for sub in cal.subcomponents:
                if sub.name == "VTIMEZONE":
                    tzid = str(sub.get("TZID"))
                    if tzid in zones:
                        continue
                    zones.add(tzid)
                merged.add_component(sub)
    except CalendarSourceError:
        raise
    except Exception as exc:  # noqa: BLE001 - any client or server failure is "cannot read this calendar"
        raise CalendarSourceError(f"Cannot read the CalDAV calendar at {url}: {exc}") from exc
    return bytes(merged.to_ical())


def calendar_sync(*, calendar: Calendar) -> ImportReport:
    """Re-read a subscribed calendar (URL or CalDAV) and import it; failures are recorded, not raised."""
    try:
        data = calendar_fetch(calendar)
    except CalendarSourceError as exc:
        Calendar.objects.filter(pk=calendar.pk).update(last_error=str(exc))
        return ImportReport(fatal=str(exc))
    return calendar_import(calendar=calendar, data=data)


def calendar_claim_next(
    *,
    worker: str,
    school: School | None = None,
    now: dt.datetime | None = None,
    skip: Iterable[int] = (),
) -> Calendar | None:
    """Claim one subscribed calendar nobody else is syncing, with a conditional UPDATE (race-free).

    The least recently synced calendar goes first (never-synced ones before all others).
    """
    now = now or timezone.now()
    subscribed = Calendar.objects.filter(source_kind__in=[Calendar.Source.URL, Calendar.Source.CALDAV])
    if school is not None:
        subscribed = subscribed.filter(school=school)
    skipped = list(skip)
    if skipped:
        subscribed = subscribed.exclude(pk__in=skipped)
    missing = subscribed.filter(sync_claim__isnull=True).values_list("pk", flat=True)
    SyncClaim.objects.bulk_create([SyncClaim(calendar_id=pk) for pk in missing], ignore_conflicts=True)
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM)
    candidates = (
        SyncClaim.objects.filter(free, calendar__in=subscribed)
        .order_by(F("calendar__last_synced_at").asc(nulls_first=True), "calendar_id")
        .values_list("pk", "calendar_id")
    )
    for claim_pk, calendar_pk in candidates[:50]:
        if SyncClaim.objects.filter(free, pk=claim_pk).update(claimed_at=now, claimed_by=worker[:100]) == 1:
            return Calendar.objects.select_related("school", "owner").get(pk=calendar_pk)
    return None


def calendar_release(*, calendar: Calendar) -> None:
    SyncClaim.objects.filter(calendar=calendar).update(claimed_at=None, claimed_by="")


def _subscribed(school: School | None) -> QuerySet[Calendar]:
    subscribed = Calendar.objects.filter(source_kind__in=[Calendar.Source.URL, Calendar.Source.CALDAV])
    return subscribed if school is None else subscribed.filter(school=school)


def calendars_sync_all(
    *, worker: str, school: School | None = None, workers: int | None = None
) -> list[tuple[Calendar, ImportReport]]:
    """Sync every subscribed calendar once; calendars synced in this run are not claimed again.

    When several calendars are due they are parsed in `workers` processes (default: one per core)
    while this process fetches the next ones and stores the parsed ones; each calendar is claimed
    just before it is fetched and released as soon as it is stored.
    """
    count = _resolve_workers(workers)
    if _subscribed(school).count() <= 1:
        count = 1  # starting worker processes costs more than parsing one calendar
    done: list[tuple[Calendar, ImportReport]] = []
    claimed: dict[int, Calendar] = {}

    def claim_and_fetch() -> Iterator[_Pending]:
        tried: set[int] = set()
        while True:
            calendar = calendar_claim_next(worker=worker, school=school, now=timezone.now(), skip=tried)
            if calendar is None:
                return
            tried.add(calendar.pk)
            claimed[calendar.pk] = calendar
            try:
                yield _Pending(calendar, data=calendar_fetch(calendar))
            except CalendarSourceError as exc:
                yield _Pending(calendar, fatal=str(exc))

    try:
        for _index, calendar, report in _import_stream(
            claim_and_fetch(), date_from=None, date_to=None, workers=count, total=0, progress=None
        ):
            done.append((calendar, report))
            calendar_release(calendar=claimed.pop(calendar.pk))
    finally:
        for calendar in claimed.values():
            calendar_release(calendar=calendar)
    return done


@transaction.atomic
def calendar_delete(*, calendar: Calendar) -> None:
    calendar.delete()


@transaction.atomic
def series_correct(*, calendar: Calendar, series_uid: str, category: str, by: Person | None) -> int:
    """Give a whole series the leader's category; returns how many stored occurrences changed."""
    if category not in CATEGORIES:
        raise ValueError(f"Unknown category {category!r}; use one of {', '.join(CATEGORIES)}.")
    if not Occurrence.objects.filter(calendar=calendar, series_uid=series_uid).exists():
        raise ValueError(f"No event series {series_uid!r} in calendar {calendar.name!r}.")
    SeriesCorrection.objects.update_or_create(
        calendar=calendar, series_uid=series_uid, defaults={"category": category, "corrected_by": by}
    )
    return Occurrence.objects.filter(calendar=calendar, series_uid=series_uid, private=False).update(
        category=category, needs_review=False, confidence=1.0, rationale="Your correction."
    )


@transaction.atomic
def feed_token_regenerate(*, person: Person) -> FeedToken:
    """Revoke the person's live feed URLs and issue a new one (the old URL 404s from now on)."""
    FeedToken.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return FeedToken.objects.create(person=person, token=secrets.token_urlsafe(32))


@transaction.atomic
def feed_token_revoke(*, person: Person) -> int:
    return FeedToken.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=timezone.now())


def feed_token_ensure(*, person: Person) -> FeedToken:
    live = FeedToken.objects.filter(person=person, revoked_at__isnull=True).order_by("-created_at").first()
    return live or feed_token_regenerate(person=person)
