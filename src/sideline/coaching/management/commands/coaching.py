"""`sideline coaching coverage|plan`: the coverage grid and the visit planner for bulk and scripted use."""

from __future__ import annotations

import argparse
import io
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.table import Table

from sideline.coaching import selectors, services
from sideline.coaching.views import coverage_rows, write_coverage_csv
from sideline.schools.models import Person, School


class Command(BaseCommand):
    help = (
        "Coaching coverage and the classroom-visit planner. Examples:\n"
        "  sideline coaching coverage --school maple-grove --format csv > coverage.csv\n"
        "  sideline coaching plan --school maple-grove --leader principal@maplegrove.example.org --week 2026-W49"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Keep the examples on their own lines.
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        cov = sub.add_parser(
            "coverage",
            help="Who was seen, by whom, and who is overdue. "
            "Example: sideline coaching coverage --school maple-grove --format json",
        )
        cov.add_argument("--school", required=True, help="school slug, e.g. maple-grove")
        cov.add_argument("--format", choices=["table", "csv", "json"], default="table")
        plan = sub.add_parser(
            "plan",
            help="Propose (and with --accept, accept) a week's classroom visits. Example: sideline coaching "
            "plan --school maple-grove --leader principal@maplegrove.example.org --week 2026-W49 --accept",
        )
        plan.add_argument("--school", required=True, help="school slug")
        plan.add_argument("--leader", required=True, help="the leader's email")
        plan.add_argument("--week", required=True, help="ISO week, e.g. 2026-W49")
        plan.add_argument("--accept", action="store_true", help="accept the proposal into the leader's feed")
        plan.add_argument("--format", choices=["table", "csv", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            known = ", ".join(School.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No school with slug {options['school']!r} (known: {known}).")
        if options["action"] == "coverage":
            self._coverage(school, options["format"])
        else:
            self._plan(school, options)

    def _console(self) -> Console:
        return Console(file=self.stdout, width=200, force_terminal=False)  # type: ignore[arg-type]

    def _coverage(self, school: School, fmt: str) -> None:
        cov = selectors.coverage(school)
        if fmt == "csv":
            buf = io.StringIO()
            write_coverage_csv(cov, buf)
            self.stdout.write(buf.getvalue(), ending="")
            return
        header, rows = coverage_rows(cov)
        if fmt == "json":
            payload = {
                "school": school.slug,
                "as_of": cov.today.isoformat(),
                "cadence_days": cov.cadence_days,
                "teachers": [
                    {
                        "teacher": r.teacher.name,
                        "room": r.teacher.room,
                        "last_seen": r.last_seen.isoformat() if r.last_seen else None,
                        "contact_days_since": r.days_since,
                        "overdue": r.overdue,
                        "visits": r.visits,
                        "minutes_this_term": r.minutes,
                        "weeks": {c.monday.isoformat(): c.observers for c in r.cells},
                    }
                    for r in cov.rows
                ],
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        table = Table(
            title=f"Coverage at {school.name} as of {cov.today:%Y-%m-%d} (every {cov.cadence_days} days)"
        )
        for column in header[:7]:
            table.add_column(column)
        for row in rows:
            table.add_row(*row[:7], style="red" if row[4] == "yes" else None)
        self._console().print(table)

    def _plan(self, school: School, options: dict[str, Any]) -> None:
        leader = Person.objects.filter(email__iexact=options["leader"], district=school.district).first()
        if leader is None:
            raise CommandError(f"No person with email {options['leader']!r} in {school.district}.")
        try:
            blocks = services.plan_week(school=school, leader=leader, iso_week=options["week"])
            accepted = 0
            if options["accept"]:
                accepted = services.plan_accept(school=school, leader=leader, iso_week=options["week"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        zone = school.zone
        rows = [
            [
                b.start.astimezone(zone).strftime("%a %Y-%m-%d"),
                b.start.astimezone(zone).strftime("%H:%M"),
                b.end.astimezone(zone).strftime("%H:%M"),
                b.kind,
                b.title,
                "accepted" if options["accept"] else "proposed",
            ]
            for b in blocks
        ]
        header = ["day", "start", "end", "kind", "title", "status"]
        if options["format"] == "json":
            self.stdout.write(json.dumps([dict(zip(header, r, strict=True)) for r in rows], indent=2))
        elif options["format"] == "csv":
            import csv

            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(header)
            writer.writerows(rows)
            self.stdout.write(buf.getvalue(), ending="")
        else:
            table = Table(title=f"Classroom visits for {leader.name}, week {options['week']}")
            for column in header:
                table.add_column(column)
            for row in rows:
                table.add_row(*row)
            console = self._console()
            console.print(table)
            visits = sum(1 for b in blocks if b.kind == "classroom_visit")
            console.print(
                f"{visits} visits proposed."
                + (
                    f" Accepted {accepted} blocks into the feed."
                    if accepted
                    else " Run again with --accept to accept them."
                )
            )
