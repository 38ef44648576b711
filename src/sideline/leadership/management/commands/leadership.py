"""`sideline leadership readiness|pipeline|plcs`: Leveraged Leadership Work for scripts and district reports.

Career conversations are never printed: they are private to the leader who held them and the candidate.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from rich.console import Console
from rich.table import Table

from sideline.leadership import selectors
from sideline.schools.models import Person, School


class Command(BaseCommand):
    help = (
        "Readiness gauge, leadership pipeline and PLCs. Examples:\n"
        "  sideline leadership readiness --school maple-grove --leader principal@maplegrove.example.org\n"
        "  sideline leadership pipeline --school maple-grove --format csv > pipeline.csv\n"
        "  sideline leadership plcs --school maple-grove --format json"
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        ready = sub.add_parser(
            "readiness",
            help="Coaching share of the last contact weeks against the target, and whether leverage projects "
            "are recommended. Example: sideline leadership readiness --school maple-grove "
            "--leader principal@maplegrove.example.org --format json",
        )
        ready.add_argument("--school", required=True, help="school slug, e.g. maple-grove")
        ready.add_argument("--leader", required=True, help="the leader's email")
        ready.add_argument("--date", help="judge as of this local date, YYYY-MM-DD (default: today)")
        ready.add_argument("--format", choices=["table", "json", "csv"], default="table")
        pipe = sub.add_parser(
            "pipeline",
            help="Future leaders and their stages. Example: sideline leadership pipeline --school maple-grove",
        )
        pipe.add_argument("--school", required=True, help="school slug")
        pipe.add_argument("--format", choices=["table", "json", "csv"], default="table")
        plcs = sub.add_parser(
            "plcs", help="PLCs, teacher-led or not. Example: sideline leadership plcs --school maple-grove"
        )
        plcs.add_argument("--school", required=True, help="school slug")
        plcs.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            known = ", ".join(School.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No school with slug {options['school']!r} (known: {known}).")
        header, rows, payload = getattr(self, f"_{options['action']}")(school, options)
        fmt = options["format"]
        if fmt == "json":
            self.stdout.write(json.dumps(payload, indent=2))
        elif fmt == "csv":
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(header)
            writer.writerows(rows)
            self.stdout.write(buf.getvalue(), ending="")
        else:
            table = Table(*header)
            for row in rows:
                table.add_row(*(str(c) for c in row))
            console = Console(file=self.stdout, width=160, force_terminal=False)  # type: ignore[arg-type]
            console.print(table)
            if "message" in payload:
                console.print(payload["message"])

    def _readiness(
        self, school: School, options: dict[str, Any]
    ) -> tuple[list[str], list[list[Any]], dict[str, Any]]:
        leader = Person.objects.filter(email__iexact=options["leader"], memberships__school=school).first()
        if leader is None:
            raise CommandError(f"No one with email {options['leader']!r} at {school.name}.")
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date {options['date']!r} is not a date such as 2026-11-23.") from None
        else:
            today = timezone.localdate(timezone=school.zone)
        r = selectors.readiness_for(leader, school, today)
        rows = [
            [week, "" if share is None else f"{share:.1f}", "met" if met else "missed"]
            for week, share, met in r.weeks
        ]
        payload = {
            "school": school.slug,
            "leader": leader.email,
            "as_of": today.isoformat(),
            "target_pct": r.target_pct,
            "required": r.required,
            "window": r.window,
            "met": r.met,
            "recommended": r.recommended,
            "message": r.message,
            "weeks": [{"week": w, "coaching_share": s, "met": m} for w, s, m in r.weeks],
        }
        return ["week", "coaching share %", f"target {r.target_pct}%"], rows, payload

    def _pipeline(
        self, school: School, options: dict[str, Any]
    ) -> tuple[list[str], list[list[Any]], dict[str, Any]]:
        candidates = list(selectors.pipeline(school))
        rows = [
            [
                c.person.name,
                c.get_stage_display(),
                c.revisit_on.isoformat() if c.revisit_on else "",
                c.leads_what,
            ]
            for c in candidates
        ]
        nudge = selectors.PipelineNudge(len(candidates)).message
        payload: dict[str, Any] = {
            "school": school.slug,
            "candidates": [
                {
                    "name": c.person.name,
                    "stage": c.stage,
                    "revisit_on": r[2] or None,
                    "leads": c.leads_what or None,
                }
                for c, r in zip(candidates, rows, strict=True)
            ],
        }
        if nudge:
            payload["message"] = nudge
        return ["name", "stage", "revisit on", "leads"], rows, payload

    def _plcs(
        self, school: School, options: dict[str, Any]
    ) -> tuple[list[str], list[list[Any]], dict[str, Any]]:
        plcs = list(selectors.plcs_of(school))
        rows = [
            [p.name, p.facilitator.name, "yes" if selectors.teacher_led(p) else "no", p.member_count]  # type: ignore[attr-defined]
            for p in plcs
        ]
        led = sum(1 for p in plcs if selectors.teacher_led(p))
        payload = {
            "school": school.slug,
            "teacher_led": led,
            "total": len(plcs),
            "plcs": [
                {"name": r[0], "facilitator": r[1], "teacher_led": r[2] == "yes", "members": r[3]}
                for r in rows
            ],
            "message": f"{led} of {len(plcs)} PLCs are teacher-led.",
        }
        return ["PLC", "facilitator", "teacher-led", "members"], rows, payload
