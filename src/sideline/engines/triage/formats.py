"""Input and output for the `sideline triage` command: one item per line in, table/jsonl/csv out."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.table import Table

from .rationale import LABELS
from .verdict import JSON_KEYS, Verdict

FORMATS: tuple[str, ...] = ("table", "jsonl", "csv")


class TriageInputError(ValueError):
    """The input cannot be read; the message says which file and why."""


def texts_from_lines(lines: Iterable[str]) -> list[str]:
    """One item per line; blank lines are skipped, surrounding whitespace dropped."""
    return [line.strip() for line in lines if line.strip()]


def read_texts(path: str, stdin: TextIO | None = None) -> list[str]:
    """The items in a UTF-8 file, or in stdin when path is '-'."""
    if path == "-":
        stream = stdin if stdin is not None else sys.stdin
        try:
            return texts_from_lines(stream.read().splitlines())
        except UnicodeDecodeError as exc:
            raise TriageInputError(f"stdin is not UTF-8 text (byte {exc.start})") from exc
    try:
        data = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise TriageInputError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise TriageInputError(f"{path}: is a directory, not a file") from exc
    except UnicodeDecodeError as exc:
        raise TriageInputError(f"{path}: not UTF-8 text (byte {exc.start}); save it as plain text") from exc
    except OSError as exc:
        raise TriageInputError(f"{path}: cannot be read ({exc.strerror})") from exc
    if "\x00" in data:
        raise TriageInputError(f"{path}: looks like a binary file, not one task per line")
    return texts_from_lines(data.splitlines())


def render(verdicts: Sequence[Verdict], fmt: str, *, note: str | None = None) -> str:
    """Verdicts in input order as text. `note` (e.g. the model's fallback reason) is shown in tables only,
    so jsonl and csv stay machine-readable."""
    if fmt == "jsonl":
        return "".join(json.dumps(v.to_dict(), ensure_ascii=False) + "\n" for v in verdicts)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(JSON_KEYS)
        for v in verdicts:
            writer.writerow(
                [
                    v.text,
                    v.category,
                    f"{v.confidence:.4f}",
                    str(v.needs_review).lower(),
                    v.delegate_to or "",
                    v.rationale,
                ]
            )
        return buf.getvalue()
    if fmt == "table":
        table = Table(caption=note)
        table.add_column("#", justify="right")
        table.add_column("Item")
        table.add_column("Kind")
        table.add_column("Sure", justify="right")
        table.add_column("Owner")
        table.add_column("Why")
        for i, v in enumerate(verdicts, start=1):
            kind = LABELS[v.category] + (" ?" if v.needs_review else "")
            owner = (v.delegate_to or "you") + " ?" if v.owner_unsure else v.delegate_to or ""
            table.add_row(str(i), v.text, kind, f"{v.confidence:.0%}", owner, v.rationale)
        buf = io.StringIO()
        Console(file=buf, width=140, force_terminal=False, color_system=None).print(table)
        return buf.getvalue()
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
