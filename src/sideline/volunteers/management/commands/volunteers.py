from __future__ import annotations

import json
import sys
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sideline.engines.rota import cli as rota_cli


class Command(BaseCommand):
    help = (
        "Volunteer scheduling. Examples: "
        "sideline volunteers solve shared/specs/example-cafeteria.json --format table --time-limit 10; "
        "sideline volunteers export --school maple-grove --program Cafeteria > cafeteria.json; "
        "sideline volunteers remind"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        solve = sub.add_parser(
            "solve", help="solve an instance file and print the solution (exit 2 on a bad file)"
        )
        solve.add_argument("file", help="instance JSON (shared/specs/volunteer-instance.md)")
        solve.add_argument("--format", choices=rota_cli.FORMATS, default="json")
        solve.add_argument("--time-limit", type=float, default=30.0, metavar="SECONDS")
        export = sub.add_parser("export", help="write a program's shifts and volunteers as an instance JSON")
        export.add_argument("--school", required=True, metavar="SLUG")
        export.add_argument("--program", required=True, metavar="NAME")
        export.add_argument(
            "--all", action="store_true", help="every shift, not only unpublished future ones"
        )
        sub.add_parser("remind", help="email reminders for shifts two days from now (safe to run repeatedly)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "solve":
            argv = [
                options["file"],
                "--format",
                options["format"],
                "--time-limit",
                str(options["time_limit"]),
            ]
            code = rota_cli.cli_main(
                ["solve", *argv], stdout=cast(TextIO, self.stdout), stderr=cast(TextIO, self.stderr)
            )
            if code:
                sys.exit(code)
        elif action == "export":
            self._export(options["school"], options["program"], options["all"])
        elif action == "remind":
            from rich.console import Console

            from sideline.volunteers.services import reminders_send

            sent = reminders_send()
            Console(file=self.stdout).print(f"{sent} reminder{'s' if sent != 1 else ''} sent")  # type: ignore[arg-type]

    def _export(self, slug: str, name: str, every: bool) -> None:
        from sideline.volunteers.adapter import instance_for_program
        from sideline.volunteers.models import Program, Shift

        program = (
            Program.objects.filter(school__slug=slug, name__iexact=name).select_related("school").first()
        )
        if program is None:
            known = ", ".join(Program.objects.filter(school__slug=slug).values_list("name", flat=True))
            raise CommandError(
                f"no program {name!r} at school {slug!r} (programs there: {known or 'none'})", returncode=2
            )
        shifts = Shift.objects.filter(program=program) if every else None
        self.stdout.write(json.dumps(instance_for_program(program, shifts), indent=2))
