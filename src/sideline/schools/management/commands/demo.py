from __future__ import annotations

import datetime as dt
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandParser
from rich.console import Console
from rich.table import Table

from sideline import demo


class Command(BaseCommand):
    help = (
        "Load the demo district and its schools (idempotent: run it again to refresh). "
        "Example: sideline demo --today 2026-11-23"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="pretend today is this date (YYYY-MM-DD)",
        )
        parser.add_argument("--quiet", action="store_true", help="print only the logins")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout), width=130)
        log = (lambda _msg: None) if options["quiet"] else (lambda msg: console.print(msg, style="dim"))
        ctx = demo.build(today=options["today"], log=log)
        table = Table(title=f"Demo logins (password for all: {demo.DEMO_PASSWORD})")
        table.add_column("Role")
        table.add_column("School")
        table.add_column("Name")
        table.add_column("Login (email)", no_wrap=True)
        for row in ctx.logins:
            table.add_row(*row)
        console.print(table)
        console.print("Open http://127.0.0.1:8000/ and log in with any of them.")
