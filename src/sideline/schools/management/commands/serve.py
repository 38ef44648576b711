from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve Sideline over HTTP. Example: sideline serve 127.0.0.1:8000"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--reload", action="store_true", help="restart when code changes (development)")

    def handle(self, *args: Any, **options: Any) -> None:
        from sideline.triage.services import cold_start, warm_up

        if cold_start() == "background":
            # Fit the triage model while the first pages are served, not on the first leader's request.
            warm_up()
        call_command("runserver", options["addrport"], use_reloader=options["reload"], use_threading=True)
