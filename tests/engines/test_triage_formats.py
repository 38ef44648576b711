"""Rendering verdicts for the CLI and reading items from files or stdin."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from sideline.engines.triage import Verdict
from sideline.engines.triage.formats import TriageInputError, read_texts, render, texts_from_lines

VERDICTS = [
    Verdict("Car line", "technical", 0.97, False, "volunteers", "Technical Work: a supervision duty."),
    Verdict(
        "Obs rm 31, Kowalski", "coaching", 0.5, True, None, "Needs your call: could be Coaching or Technical"
    ),
]
#: Technical, with an owner the owner model is not sure of.
GUESSED = Verdict("Chase up the form", "technical", 0.9, False, "bookkeeper", "Technical Work.", 0.38)


def test_jsonl_is_one_object_per_verdict_with_exactly_the_six_keys() -> None:
    lines = render(VERDICTS, "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "text": "Car line",
            "category": "technical",
            "confidence": 0.97,
            "needs_review": False,
            "delegate_to": "volunteers",
            "rationale": "Technical Work: a supervision duty.",
        },
        {
            "text": "Obs rm 31, Kowalski",
            "category": "coaching",
            "confidence": 0.5,
            "needs_review": True,
            "delegate_to": None,
            "rationale": "Needs your call: could be Coaching or Technical",
        },
    ]
    assert [list(json.loads(line)) for line in lines] == [
        ["text", "category", "confidence", "needs_review", "delegate_to", "rationale"]
    ] * 2


def test_csv_has_a_header_and_quotes_commas() -> None:
    rows = list(csv.reader(io.StringIO(render(VERDICTS, "csv"))))
    assert rows == [
        ["text", "category", "confidence", "needs_review", "delegate_to", "rationale"],
        ["Car line", "technical", "0.9700", "false", "volunteers", "Technical Work: a supervision duty."],
        [
            "Obs rm 31, Kowalski",
            "coaching",
            "0.5000",
            "true",
            "",
            "Needs your call: could be Coaching or Technical",
        ],
    ]


def test_table_shows_each_item_and_the_note() -> None:
    out = render(VERDICTS, "table", note="word model only")
    assert "Car line" in out
    assert "Coaching ?" in out
    assert "volunteers" in out
    assert "word model only" in out


def test_table_marks_a_guessed_owner_and_jsonl_keeps_six_keys() -> None:
    out = render([*VERDICTS, GUESSED], "table")
    assert "bookkeeper ?" in out and "volunteers ?" not in out
    assert list(json.loads(render([GUESSED], "jsonl"))) == [
        "text", "category", "confidence", "needs_review", "delegate_to", "rationale"
    ]  # fmt: skip


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'xml'; choose one of table, jsonl, csv"):
        render(VERDICTS, "xml")


def test_blank_lines_are_skipped_and_whitespace_trimmed() -> None:
    assert texts_from_lines(["  Email ", "", "   ", "\tDentist"]) == ["Email", "Dentist"]


def test_read_texts_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "tasks.txt"
    path.write_text("Car line\n\nObs rm 31 - Kowalski\r\n", encoding="utf-8")
    assert read_texts(str(path)) == ["Car line", "Obs rm 31 - Kowalski"]


def test_read_texts_reads_stdin_for_dash() -> None:
    assert read_texts("-", stdin=io.StringIO("Dentist\n\nEmail\n")) == ["Dentist", "Email"]


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TriageInputError, match=r"nope\.txt: no such file"):
        read_texts(str(tmp_path / "nope.txt"))


def test_a_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TriageInputError, match="is a directory"):
        read_texts(str(tmp_path))


def test_a_non_utf8_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\xe9 duty\n".encode("latin-1"))
    with pytest.raises(TriageInputError, match="not UTF-8 text"):
        read_texts(str(path))


def test_a_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"ab\x00cd\n")
    with pytest.raises(TriageInputError, match="looks like a binary file"):
        read_texts(str(path))
