"""calendar_sync against real servers on 127.0.0.1: a plain HTTP subscription and a Radicale CalDAV server."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

from sideline.calendars import services
from sideline.calendars.models import Calendar, Occurrence, SyncClaim
from tests.conftest import World
from tests.engines.ics_builders import calendar, event

TZ = "America/Chicago"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Feed:
    body: bytes = b""


@pytest.fixture
def http_feed() -> Iterator[tuple[str, type[_Feed]]]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            if self.path != "/cal.ics":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/calendar")
            self.send_header("Content-Length", str(len(_Feed.body)))
            self.end_headers()
            self.wfile.write(_Feed.body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Feed
    server.shutdown()
    server.server_close()


def ics(*titles: str) -> str:
    return calendar(
        *[
            event(f"e{i}@t", t, f"202611{2 + i:02d}T090000", f"202611{2 + i:02d}T100000", tzid=TZ)
            for i, t in enumerate(titles)
        ]
    )


def test_url_sync_imports_updates_and_reports_failures(
    world: World, http_feed: tuple[str, type[_Feed]]
) -> None:
    base, feed = http_feed
    feed.body = ics("Observe Ms. Lee", "Lunch duty").encode()
    cal = services.calendar_create(
        school=world.school,
        owner=world.people["principal"],
        name="Google",
        source_kind="url",
        source=f"{base}/cal.ics",
    )
    report = services.calendar_sync(calendar=cal)
    assert (report.created, report.deleted) == (2, 0)
    feed.body = ics("Observe Ms. Lee").encode()
    report = services.calendar_sync(calendar=cal)
    assert (report.created, report.deleted, report.unchanged) == (0, 1, 1)
    missing = services.calendar_create(
        school=world.school,
        owner=world.people["principal"],
        name="Gone",
        source_kind="url",
        source=f"{base}/nope.ics",
    )
    report = services.calendar_sync(calendar=missing)
    assert report.fatal == f"{base}/nope.ics answered 404 Not Found."
    missing.refresh_from_db()
    assert missing.last_error == report.fatal
    assert Occurrence.objects.filter(calendar=cal).count() == 1


def test_url_over_the_size_cap_is_refused_and_keeps_stored_events(
    world: World, http_feed: tuple[str, type[_Feed]]
) -> None:
    base, feed = http_feed
    feed.body = ics("Observe Ms. Lee").encode()
    cal = services.calendar_create(
        school=world.school,
        owner=world.people["principal"],
        name="G",
        source_kind="url",
        source=f"{base}/cal.ics",
    )
    services.calendar_sync(calendar=cal)
    feed.body = ics("Observe Ms. Lee", "Lunch duty", "Bus duty").encode()
    with pytest.raises(services.CalendarSourceError) as excinfo:
        services.calendar_fetch(cal, max_bytes=300)
    assert str(excinfo.value) == (
        f"{base}/cal.ics sent more than 300 bytes, over the limit for a calendar; subscribe to a shorter date range."
    )
    assert Occurrence.objects.filter(calendar=cal).count() == 1


def test_sync_command_claims_each_calendar_once(world: World, http_feed: tuple[str, type[_Feed]]) -> None:
    base, feed = http_feed
    feed.body = ics("Observe Ms. Lee").encode()
    for name in ("A", "B"):
        services.calendar_create(
            school=world.school,
            owner=world.people["principal"],
            name=name,
            source_kind="url",
            source=f"{base}/cal.ics",
        )
    first = services.calendar_claim_next(worker="w1")
    second = services.calendar_claim_next(worker="w2")
    third = services.calendar_claim_next(worker="w3")
    assert first is not None and second is not None
    assert {first.name, second.name} == {"A", "B"}
    assert third is None
    # A worker that died leaves its claim; after STALE_CLAIM another worker may take the calendar.
    later = dt.datetime.now(dt.UTC) + services.STALE_CLAIM + dt.timedelta(seconds=1)
    stale = services.calendar_claim_next(worker="w4", now=later)
    assert stale is not None and stale.name in {"A", "B"}
    services.calendar_release(calendar=stale)
    services.calendar_release(calendar=first)
    services.calendar_release(calendar=second)
    out = io.StringIO()
    call_command("calendars", "sync", "--school", "lakeside", stdout=out, stderr=io.StringIO())
    assert out.getvalue().count("1 new, 0 changed, 0 removed, 0 unchanged") == 2
    assert Occurrence.objects.count() == 2
    done = services.calendars_sync_all(worker="w1")
    assert sorted((c.name, r.unchanged) for c, r in done) == [("A", 1), ("B", 1)]
    assert SyncClaim.objects.filter(claimed_at__isnull=False).count() == 0


@pytest.fixture
def radicale(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    config = tmp_path / "radicale.conf"
    config.write_text(
        f"[server]\nhosts = 127.0.0.1:{port}\n[auth]\ntype = none\n"
        f"[storage]\nfilesystem_folder = {tmp_path / 'collections'}\n[rights]\ntype = owner_only\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"Radicale did not start: {proc.stderr.read() if proc.stderr else ''!r}"
                    ) from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_caldav_sync_against_radicale(world: World, radicale: str) -> None:
    import caldav

    client = caldav.DAVClient(url=f"{radicale}/", username="principal", password="x")
    principal = client.principal()
    collection = principal.make_calendar(name="Work", cal_id="work")
    collection.save_event(ics("Observe Ms. Lee"))
    collection.save_event(calendar(event("d@t", "Data meeting", "20261103T140000", "20261103T150000", tzid=TZ,
                                         rrule="FREQ=WEEKLY;COUNT=3")))  # fmt: skip
    cal = services.calendar_create(
        school=world.school, owner=world.people["principal"], name="CalDAV", source_kind="caldav",
        source=str(collection.url), username="principal", password="x",
    )  # fmt: skip
    report = services.calendar_sync(calendar=cal)
    assert report.errors == []
    assert (report.created, report.updated, report.deleted) == (4, 0, 0)
    titles = sorted(Occurrence.objects.filter(calendar=cal).values_list("title", flat=True))
    assert titles == ["Data meeting", "Data meeting", "Data meeting", "Observe Ms. Lee"]
    collection.event_by_uid("e0@t").delete()
    report = services.calendar_sync(calendar=cal)
    assert (report.created, report.deleted, report.unchanged) == (0, 1, 3)
    assert Calendar.objects.get(pk=cal.pk).last_synced_at is not None
    starts = sorted(Occurrence.objects.filter(calendar=cal).values_list("start", flat=True))
    assert starts[0] == dt.datetime(2026, 11, 3, 20, 0, tzinfo=dt.UTC)
