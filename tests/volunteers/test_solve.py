from __future__ import annotations

import datetime as dt
import json

from django.core import mail
from django.core.management import call_command

from sideline.volunteers import adapter, services
from sideline.volunteers.models import Assignment, Shift, SolveRun
from tests.engines.rota_checker import check
from tests.volunteers.conftest import Setup, add_shift, add_volunteer


def _solution_dict(run: SolveRun) -> dict[str, object]:
    pairs = Assignment.objects.filter(solve_run=run).values_list("shift_id", "volunteer_id").order_by("pk")
    return {
        "status": run.solver_status,
        "filled": run.filled,
        "places": run.places,
        "preference": run.preference,
        "assignments": [
            {"shift": adapter.shift_id(s), "volunteer": adapter.volunteer_id(v)} for s, v in pairs
        ],
        "unfilled": run.unfilled,
    }


def test_export_solve_store_round_trip_passes_the_independent_checker(setup: Setup) -> None:
    program = setup.program
    tuesday = add_shift(
        program, setup.shifts[0].local_start().date() + dt.timedelta(days=1), need=2
    )  # a Tuesday
    for v in setup.volunteers:
        v.availability = [{"weekday": 0, "from": "10:30", "to": "13:00"}]
        v.save()
    setup.volunteers[2].prefer = [{"weekday": 0, "weight": 3}]
    setup.volunteers[2].save()
    shifts = list(Shift.objects.filter(program=program))
    instance = adapter.instance_for_program(program, shifts)
    run = services.solve_run_create(program=program, time_limit=5, shifts=shifts)
    assert check(instance, _solution_dict(run)) == []
    assert (run.solver_status, run.filled, run.places, run.preference) == ("optimal", 2, 4, 3)
    # Everyone is free only on Mondays, so the Tuesday shift is unfilled with a reason naming that.
    [unfilled] = run.unfilled
    assert unfilled["shift"] == adapter.shift_id(tuesday.pk)
    assert unfilled["missing"] == 2
    assert "Tuesdays" in unfilled["reason"]


def test_background_check_barred_and_limits_shape_the_instance(setup: Setup) -> None:
    program = setup.program
    program.requires_background_check = True
    program.save()
    a, b, c = setup.volunteers
    a.background_check_expires = setup.shifts[0].local_start().date()  # valid for the first shift only
    a.save()
    b.background_check_expires = None
    b.save()
    c.background_check_expires = dt.date(2099, 1, 1)
    c.save()
    data = adapter.instance_for_program(program, setup.shifts)
    vols = {v["id"]: v for v in data["volunteers"]}
    assert vols[adapter.volunteer_id(a.pk)]["blackout"] == [setup.shifts[1].local_start().date().isoformat()]
    assert vols[adapter.volunteer_id(b.pk)]["programs"] == []
    assert vols[adapter.volunteer_id(c.pk)]["programs"] == ["Cafeteria"]


def test_resolve_keeps_assignments_and_reports_changes(setup: Setup) -> None:
    run1 = services.solve_run_create(program=setup.program, time_limit=5, shifts=setup.shifts)
    before = set(Assignment.objects.filter(state="proposed").values_list("shift_id", "volunteer_id"))
    run2 = services.solve_run_create(program=setup.program, time_limit=5, shifts=setup.shifts)
    after = set(Assignment.objects.filter(state="proposed").values_list("shift_id", "volunteer_id"))
    assert run1.filled == 2 and before == after
    assert run2.changes == {"kept": 2, "added": 0, "removed": 0}


def test_publish_emails_each_family_its_shifts_with_ics(setup: Setup) -> None:
    run = services.solve_run_create(program=setup.program, time_limit=5, shifts=setup.shifts)
    assert services.schedule_publish(run=run) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        v.email
        for v in setup.volunteers
        if Assignment.objects.filter(volunteer=v, state="confirmed").exists()
    )
    message = mail.outbox[0]
    assert message.subject == "Your Cafeteria shifts at Lakeside Middle"
    [(name, content, mimetype)] = message.attachments
    assert (name, mimetype) == ("shifts.ics", "text/calendar")
    assert content.count("BEGIN:VEVENT") == 1
    assert "/v/" in message.body
    assert Shift.objects.filter(published=True).count() == 2
    assert Assignment.objects.filter(state="confirmed").count() == 2
    # Publishing twice is refused and sends nothing more.
    try:
        services.schedule_publish(run=run)
    except services.VolunteerError as exc:
        assert str(exc) == "This plan is already published."
    assert len(mail.outbox) == 2


def test_reminders_go_two_days_ahead_once(setup: Setup) -> None:
    shift = setup.shifts[0]
    shift.published = True
    shift.save()
    Assignment.objects.create(shift=shift, volunteer=setup.volunteers[0], source="solver", state="confirmed")
    two_days_before = shift.start - dt.timedelta(days=2)
    assert services.reminders_send(now=two_days_before - dt.timedelta(days=1)) == 0
    assert services.reminders_send(now=two_days_before) == 1
    assert services.reminders_send(now=two_days_before + dt.timedelta(hours=1)) == 0
    assert [m.to for m in mail.outbox] == [[setup.volunteers[0].email]]
    assert mail.outbox[0].subject == "Reminder: Cafeteria on Monday"


def test_export_command_writes_an_instance(setup: Setup, capsys: object) -> None:
    from io import StringIO

    out = StringIO()
    call_command("volunteers", "export", "--school", "lakeside", "--program", "cafeteria", stdout=out)
    data = json.loads(out.getvalue())
    assert [s["id"] for s in data["shifts"]] == [adapter.shift_id(s.pk) for s in setup.shifts]
    assert data["shifts"][0]["start"].endswith("T11:00")
    assert len(data["volunteers"]) == 3
    _ = add_volunteer
