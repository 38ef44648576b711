"""`sideline capture-email`: turn one forwarded email (stdin or a file) into a work item."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sideline.delegation.mail import work_item_capture_email
from sideline.schools.models import School


class Command(BaseCommand):
    help = (
        "Capture a forwarded email as a work item for the area's first responder. Put the area in the\n"
        "subject as a tag (e.g. '[facilities]') or let the triage engine choose it.\n"
        "Examples:\n"
        "  sideline capture-email --school maple-grove message.eml\n"
        "  sideline capture-email --school maple-grove < message.eml   # e.g. piped from a mail alias"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", metavar="SLUG", required=True)
        parser.add_argument("file", nargs="?", help="an RFC 822 message (.eml); default: standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        school = School.objects.filter(slug=options["school"]).first()
        if school is None:
            raise CommandError(f"No school with slug {options['school']!r}.")
        if options["file"]:
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
            raw = path.read_bytes()
        else:
            raw = sys.stdin.buffer.read()
        try:
            item = work_item_capture_email(school=school, raw=raw)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        owner = item.owner.name if item.owner else "nobody (name a first responder)"
        self.stdout.write(f"Captured #{item.pk} “{item.title}” ({item.get_area_display()}) for {owner}.")
