"""`sideline daily-meeting generate|send`: the day's agenda for the leader and the administrative assistant."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from sideline.delegation import services
from sideline.delegation.models import DailyMeeting
from sideline.schools.models import School


class Command(BaseCommand):
    help = (
        "Generate or email the daily meeting agenda of one school (or every school) for a school day.\n"
        "Examples:\n"
        "  sideline daily-meeting generate --school maple-grove --date 2026-11-24\n"
        "  sideline daily-meeting send --school maple-grove            # today, in the school's time zone\n"
        "SMTP settings come from SIDELINE_EMAIL_HOST, SIDELINE_EMAIL_PORT, ... in the environment."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action", choices=["generate", "send"], help="generate the agenda, or generate and email it"
        )
        parser.add_argument("--school", metavar="SLUG", help="one school (default: every school)")
        parser.add_argument(
            "--date", metavar="YYYY-MM-DD", help="the meeting's day (default: today at each school)"
        )
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        schools = list(School.objects.all())
        if options["school"]:
            schools = [s for s in schools if s.slug == options["school"]]
            if not schools:
                raise CommandError(f"No school with slug {options['school']!r}.")
        day: dt.date | None = None
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date must look like 2026-11-24, not {options['date']!r}.") from None
        results: list[dict[str, Any]] = []
        failed = False
        for school in schools:
            when = day or timezone.now().astimezone(school.zone).date()
            row: dict[str, Any] = {
                "school": school.slug,
                "date": when.isoformat(),
                "items": 0,
                "sent_to": [],
                "note": "",
            }
            try:
                meeting: DailyMeeting = services.meeting_generate(school=school, date=when)
                row["items"] = meeting.items.count()
                if options["action"] == "send":
                    row["sent_to"] = services.meeting_send(meeting=meeting)
            except ValidationError as exc:
                row["note"] = " ".join(exc.messages)
                # A holiday is not a failure when running for every school; a named school and day is.
                failed = failed or bool(options["school"] and options["date"])
            except OSError as exc:
                row["note"] = f"mail server refused or unreachable: {exc}"
                failed = True
            results.append(row)
        if options["format"] == "json":
            self.stdout.write(json.dumps(results, indent=2))
        else:
            table = Table(title=f"Daily meeting: {options['action']}")
            for col in ("School", "Date", "Agenda items", "Sent to", "Note"):
                table.add_column(col)
            for r in results:
                table.add_row(r["school"], r["date"], str(r["items"]), ", ".join(r["sent_to"]), r["note"])
            Console(file=self.stdout, width=140).print(table)  # type: ignore[arg-type]
        if failed:
            raise CommandError("Some agendas could not be generated or sent; see the Note column.")
