"""`sideline audit`: the time audit of iCalendar files, without the database."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sideline.calendars.classify import engine_model
from sideline.engines import ical

#: Above this many series a progress bar is shown on stderr while the file expands.
PROGRESS_FROM = 200


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{text!r} is not a date like 2026-11-23.", returncode=2) from None


class Command(BaseCommand):
    help = (
        "Where a leader's scheduled time went, by category, against the Coaching target. "
        "Example: sideline audit principal.ics --owner principal@school.org --from 2026-08-17 "
        "--to 2026-12-18 --tz America/Chicago --format json"
    )
    requires_system_checks: list[str] = []  # type: ignore[assignment]
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE.ics", help="one or more iCalendar files")
        parser.add_argument(
            "--owner", required=True, metavar="EMAIL", help="whose calendar (declines are theirs)"
        )
        parser.add_argument("--from", dest="date_from", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--tz", default="America/Chicago", metavar="ZONE", help="the school's zone")
        parser.add_argument("--target", type=int, default=50, metavar="PCT", help="Coaching target in %%")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        date_from, date_to = _date(options["date_from"]), _date(options["date_to"])
        if date_to < date_from:
            raise CommandError(f"--to {date_to} is before --from {date_from}.", returncode=2)
        zone = ical.resolve_zone(options["tz"])
        if zone is None:
            raise CommandError(
                f"Unknown time zone {options['tz']!r}: use a name such as America/Chicago.", returncode=2
            )
        if not 0 <= options["target"] <= 100:
            raise CommandError("--target is a percentage from 0 to 100.", returncode=2)
        occurrences: list[ical.Occurrence] = []
        failed = 0
        for path in options["files"]:
            try:
                result = self._parse(path, date_from, date_to, zone.key, options["owner"])
            except ical.CalendarError as exc:
                self.stderr.write(f"{path}: {exc}")
                failed += 1
                continue
            for error in result.errors:
                self.stderr.write(f"{path}: {error.message}")
            for warning in result.warnings:
                self.stderr.write(f"{path}: warning: {warning.message}")
            occurrences.extend(result.occurrences)
        if failed == len(options["files"]):
            raise CommandError("No calendar could be read.", returncode=1)
        model = engine_model(bool(getattr(settings, "SIDELINE_TRIAGE_EMBEDDINGS", True)))
        categorize = ical.make_categorizer(
            lambda texts: model.classify([t.strip() or "(untitled)" for t in texts])  # type: ignore[attr-defined]
        )
        report = ical.build_audit(
            occurrences,
            categorize=categorize,
            date_from=date_from,
            date_to=date_to,
            tz=zone.key,
            coaching_target_pct=options["target"],
        )
        fmt = options["format"]
        if fmt == "json":
            self.stdout.write(report.to_json())
        elif fmt == "csv":
            self.stdout.write(report.to_csv(), ending="")
        else:
            self.stdout.write(report.render_table(color=sys.stdout.isatty()), ending="")

    def _parse(
        self, path: str, date_from: dt.date, date_to: dt.date, tz: str, owner: str
    ) -> ical.ParseResult:
        from rich.progress import Progress

        with Progress(console=_stderr_console(), transient=True) as progress:
            task = progress.add_task(f"Reading {path}", total=None, visible=False)

            def tick(done: int, total: int) -> None:
                if total >= PROGRESS_FROM:
                    progress.update(task, completed=done, total=total, visible=True)

            return ical.parse_file(
                path, start=date_from, end=date_to, default_tz=tz, owner_email=owner, progress=tick
            )


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(file=sys.stderr)
