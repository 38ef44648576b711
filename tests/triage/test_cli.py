"""`sideline triage`: the output contract, bad input, per-school corrections, retraining."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sideline.engines.triage import load_model
from sideline.schools.roles import Role
from sideline.triage import services
from sideline.triage.models import TriageState
from tests.conftest import World

KEYS = ["text", "category", "confidence", "needs_review", "delegate_to", "rationale"]
TEXTS = ["Obs rm 31 - Kowalski - gr7 ELA", "Bus duty AM", "Coffee w/ D. Batista: thinking about an AP role?"]


def run(*args: str, stdin: str | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    extra = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("triage", *args, stdout=out, stderr=err, **extra)
    return out.getvalue(), err.getvalue()


def expected_jsonl(texts: list[str]) -> list[dict[str, object]]:
    return [v.to_dict() for v in services.classify_for_school(None, texts)]


@pytest.mark.django_db
def test_jsonl_from_arguments_has_exactly_the_six_keys_in_input_order() -> None:
    out, err = run(*TEXTS, "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [list(r) for r in rows] == [KEYS] * 3
    assert rows == expected_jsonl(TEXTS)
    assert [r["category"] for r in rows] == ["coaching", "technical", "leveraged"]
    assert (
        err == "note: embeddings unavailable: sentence embeddings switched off; using the word model only\n"
    )


@pytest.mark.django_db
def test_file_input_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "week.txt"
    path.write_text("\n".join([TEXTS[0], "", "   ", TEXTS[1], ""]), encoding="utf-8")
    out, _ = run("--file", str(path), "--format", "jsonl")
    assert [json.loads(line)["text"] for line in out.splitlines()] == TEXTS[:2]


@pytest.mark.django_db
def test_stdin_input_and_csv_output() -> None:
    out, _ = run("--file", "-", "--format", "csv", stdin=f"{TEXTS[1]}\n\n{TEXTS[0]}\n")
    lines = out.splitlines()
    assert lines[0] == ",".join(KEYS)
    assert [line.split(",")[:2] for line in lines[1:]] == [[TEXTS[1], "technical"], [TEXTS[0], "coaching"]]


@pytest.mark.django_db
def test_table_output_is_for_people() -> None:
    out, _ = run(TEXTS[1])
    assert "Bus duty AM" in out and "Technical" in out and "volunteers" in out


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--file", "/no/such/file.txt"], "/no/such/file.txt: no such file"),
        (["--file", "."], ".: is a directory, not a file"),
        ([], "nothing to classify: give tasks as arguments or --file PATH (one per line)"),
        (["x", "--school", "nowhere"], "unknown school 'nowhere' (known: none yet)"),
        (["x", "--file", "-"], "give tasks as arguments or with --file, not both"),
        (["retrain", "--school", "nowhere"], "unknown school 'nowhere' (known: none yet)"),
    ],
)
def test_bad_input_is_a_clear_error_with_exit_code_2(args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as exc:
        run(*args, stdin="")
    assert str(exc.value) == message
    assert exc.value.returncode == 2


@pytest.mark.django_db
def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    with pytest.raises(CommandError) as exc:
        run("--file", str(path))
    assert str(exc.value) == f"{path}: not UTF-8 text (byte 0); save it as plain text"


def test_school_corrections_apply_to_that_school_only(world: World) -> None:
    services.correction_save(
        school=world.school, text=TEXTS[1], category="technical", delegate_to="custodian", by=None
    )
    out_a, _ = run(TEXTS[1], "--format", "jsonl", "--school", "lakeside")
    out_b, _ = run(TEXTS[1], "--format", "jsonl", "--school", "hilltop")
    assert json.loads(out_a)["delegate_to"] == "custodian"
    assert json.loads(out_b) == expected_jsonl([TEXTS[1]])[0]
    assert json.loads(out_b)["delegate_to"] == "volunteers"


def test_retrain_reports_the_corrections_it_used_and_keeps_schools_apart(world: World) -> None:
    principal = world.people[Role.PRINCIPAL]
    services.correction_save(
        school=world.school,
        text="Hallway sweep after lunch",
        category="coaching",
        delegate_to=None,
        by=principal,
    )
    out, _ = run("retrain", "--school", "lakeside")
    assert out == (
        "lakeside: retrained with 1 correction (words only)\n"
        "Retrained models are used at once by the inbox and the calendar audit.\n"
    )
    state = TriageState.objects.get(school=world.school)
    assert state.trained_corrections == [["Hallway sweep after lunch", "coaching", None]]
    assert not TriageState.objects.filter(school=world.other_school).exists()
    # The retrained model itself (without the correction overlay) learned the school's answer...
    retrained = load_model(
        corrections=services._school_corrections(world.school),
        use_embeddings=False,
        cache_dir=services.cache_dir(),
    ).with_corrections([])
    shipped = services.model_for_school(None)
    assert shipped.classify(["Hallway sweep after lunch"])[0].category == "technical"
    assert retrained.classify(["Hallway sweep after lunch"])[0].category == "coaching"
    # ...and the other school still gets the shipped model's answer.
    assert services.classify_for_school(
        world.other_school, ["Hallway sweep after lunch"]
    ) == shipped.classify(["Hallway sweep after lunch"])
    assert services.classify_for_school(world.school, ["Hallway sweep after lunch"])[0].category == "coaching"


def test_retrain_without_school_covers_every_school_with_corrections(world: World) -> None:
    out, _ = run("retrain")
    assert (
        out
        == "No school has corrections yet; the shipped model (words only) is ready and in use everywhere.\n"
    )
    services.correction_save(
        school=world.other_school, text="Bus duty AM", category="technical", delegate_to=None, by=None
    )
    out, _ = run("retrain")
    assert out == (
        "hilltop: retrained with 1 correction (words only)\n"
        "Retrained models are used at once by the inbox and the calendar audit.\n"
    )


def test_help_has_an_example() -> None:
    out = subprocess.run(
        [str(Path(sys.executable).parent / "sideline"), "triage", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "sideline triage --file week.txt --format jsonl --school maple-grove" in " ".join(out.split())


def test_real_subprocess_reads_stdin_and_writes_jsonl() -> None:
    env = {**os.environ, "SIDELINE_TRIAGE_EMBEDDINGS": "0"}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "sideline"), "triage", "--format", "jsonl", "--file", "-"],
        input=f"{TEXTS[0]}\n\n{TEXTS[1]}\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [list(r) for r in rows] == [KEYS, KEYS]
    assert [r["text"] for r in rows] == TEXTS[:2]
    assert "embeddings unavailable" in done.stderr


def test_real_subprocess_unreadable_file_exits_2_without_traceback() -> None:
    env = {**os.environ, "SIDELINE_TRIAGE_EMBEDDINGS": "0"}
    done = subprocess.run(
        [str(Path(sys.executable).parent / "sideline"), "triage", "--file", "/no/such/file.txt"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 2
    assert done.stderr == "CommandError: /no/such/file.txt: no such file\n"
