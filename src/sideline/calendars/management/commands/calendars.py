"""`sideline calendars import|sync`: load leaders' calendars into the database."""

from __future__ import annotations

import os
import socket
import sys
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console

from sideline.calendars import services
from sideline.calendars.models import Calendar
from sideline.schools.models import Person, School


class Command(BaseCommand):
    help = (
        "Import a leader's calendar, or re-read every subscribed (URL/CalDAV) calendar. Examples: "
        "sideline calendars import --school maple-grove --owner principal@maplegrove.example.org term.ics ; "
        "sideline calendars sync --school maple-grove"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="import a file or subscribe to a URL, then import it")
        imp.add_argument("--school", required=True, metavar="SLUG")
        imp.add_argument("--owner", required=True, metavar="EMAIL")
        imp.add_argument("--name", default="", help="the calendar's name (default: the file or URL)")
        imp.add_argument("source", metavar="FILE|URL")
        sync = sub.add_parser("sync", help="re-read every URL and CalDAV calendar")
        sync.add_argument("--school", metavar="SLUG")
        sync.add_argument(
            "--workers",
            type=int,
            default=None,
            metavar="N",
            help="processes parsing calendars when several are due (default: one per CPU core)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out = Console(file=cast(IO[str], self.stdout), highlight=False)
        err = Console(file=cast(IO[str], self.stderr), highlight=False)
        if options["action"] == "import":
            self._import(options, out, err)
        else:
            self._sync(options, out, err)

    def _school(self, slug: str) -> School:
        school = School.objects.filter(slug=slug).first()
        if school is None:
            raise CommandError(f"No school with slug {slug!r}.", returncode=2)
        return school

    def _import(self, options: dict[str, Any], out: Console, err: Console) -> None:
        school = self._school(options["school"])
        owner = Person.objects.filter(email__iexact=options["owner"], memberships__school=school).first()
        if owner is None:
            raise CommandError(
                f"Nobody with email {options['owner']!r} works at {school.name}.", returncode=2
            )
        source: str = options["source"]
        is_url = source.lower().startswith(("http://", "https://", "webcal://"))
        if not is_url and not os.path.exists(source):
            raise CommandError(f"No such file: {source}", returncode=2)
        kind = Calendar.Source.URL if is_url else Calendar.Source.PATH
        calendar = Calendar.objects.filter(owner=owner, school=school, source=source).first()
        if calendar is None:
            try:
                calendar = services.calendar_create(
                    school=school,
                    owner=owner,
                    name=options["name"] or os.path.basename(source.rstrip("/")) or source,
                    source_kind=kind,
                    source=source if is_url else os.path.abspath(source),
                )
            except ValueError as exc:
                raise CommandError(str(exc), returncode=2) from exc
        if is_url:
            report = services.calendar_sync(calendar=calendar)
        else:
            report = services.calendar_import(calendar=calendar, path=source)
        self._print(calendar, report, out, err)
        if not report.ok:
            raise CommandError("The calendar could not be imported.")

    def _sync(self, options: dict[str, Any], out: Console, err: Console) -> None:
        school = self._school(options["school"]) if options.get("school") else None
        workers = options.get("workers")
        if workers is not None and workers < 1:
            raise CommandError(f"--workers must be 1 or more, not {workers}.", returncode=2)
        worker = f"{socket.gethostname()}:{os.getpid()}"
        done = services.calendars_sync_all(worker=worker, school=school, workers=workers)
        if not done:
            out.print("No subscribed calendars to sync.")
        for calendar, report in done:
            self._print(calendar, report, out, err)

    def _print(self, calendar: Calendar, report: services.ImportReport, out: Console, err: Console) -> None:
        style = "green" if report.ok and not report.errors else "yellow" if report.ok else "red"
        out.print(
            f"[bold]{calendar.name}[/bold] ({calendar.owner.email}): [{style}]{report.summary()}[/{style}]"
        )
        for message in report.errors:
            err.print(f"error: {message}", markup=False)
        for message in report.warnings:
            err.print(f"warning: {message}", markup=False)
        if report.fatal:
            err.print(f"error: {report.fatal}", markup=False)
        sys.stdout.flush()
