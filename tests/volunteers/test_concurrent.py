"""First-come sign-up must never overbook, even with a hundred families pressing the button at once.

SQLite serialises every write, so only PostgreSQL can show that the row lock does its job.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from sideline.volunteers import services
from sideline.volunteers.models import Assignment, Shift
from tests.volunteers.conftest import add_shift, add_volunteer

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (SQLite serialises writes, so it cannot show a race); "
        "run with SIDELINE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/volunteers",
    ),
]

SIGNUPS = 120
# PostgreSQL's default max_connections is 100 and other work shares the server, so the 120 sign-ups run
# on 40 threads (each its own connection), three requests each, all released at once by a barrier.
THREADS = 40
NEED = 5
ALREADY = 2  # places taken before the rush: the last NEED - ALREADY places are fought over


@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_fill_exactly_the_last_places(world: object) -> None:
    import datetime as dt

    from django.utils import timezone

    school = world.school  # type: ignore[attr-defined]
    program = services.program_create(school=school, name="Cafeteria")
    monday = timezone.localdate() + dt.timedelta(days=14 - timezone.localdate().weekday())
    shift = add_shift(program, monday, need=NEED)
    Shift.objects.filter(pk=shift.pk).update(published=True)
    volunteers = [add_volunteer(school, f"Parent{i} Family{i}", program) for i in range(SIGNUPS + ALREADY)]
    for v in volunteers[:ALREADY]:
        services.shift_self_signup(shift_id=shift.pk, volunteer=v)

    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()
    rushing = volunteers[ALREADY:]
    batches = [rushing[i::THREADS] for i in range(THREADS)]

    def sign_up(batch: list[object]) -> None:
        try:
            # Open this thread's own connection before the start signal, so the race is on the lock.
            connection.ensure_connection()
            barrier.wait(timeout=120)
            for volunteer in batch:
                try:
                    services.shift_self_signup(shift_id=shift.pk, volunteer=volunteer)  # type: ignore[arg-type]
                    result = "ok"
                except services.ShiftFull as exc:
                    result = f"full: {exc}"
                except Exception as exc:  # noqa: BLE001 - any other outcome is a failure the test must show
                    result = f"error: {type(exc).__name__}: {exc}"
                with lock:
                    outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(batch,)) for batch in batches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    counts = Counter(outcomes)
    assert counts == {
        "ok": NEED - ALREADY,
        "full: Sorry, this shift is full. Pick another open place.": SIGNUPS - NEED + ALREADY,
    }
    assert Assignment.objects.filter(shift=shift, state="confirmed").count() == NEED
