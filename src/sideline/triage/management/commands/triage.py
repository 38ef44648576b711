"""`sideline triage`: classify tasks from the command line, or retrain a school's model."""

from __future__ import annotations

import sys
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console

from sideline.engines.triage.formats import FORMATS, TriageInputError, read_texts, render, texts_from_lines
from sideline.engines.triage.text import MAX_MODEL_CHARS
from sideline.schools.models import School
from sideline.triage import services
from sideline.triage.models import Correction

# argparse exits with 2 on a usage error; bad input and an unknown school use the same code.
USAGE_ERROR = 2


class Command(BaseCommand):
    help = (
        "Is it Coaching, Technical or Leveraged work? Classify tasks given as arguments or one per line in a "
        'file (\'-\' for stdin). Examples: sideline triage "Obs rm 31 - Kowalski" "Bus duty" ; '
        "sideline triage --file week.txt --format jsonl --school maple-grove ; "
        "sideline triage retrain --school maple-grove (refit a school's model from its corrections)"
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "texts",
            nargs="*",
            metavar="TEXT",
            help="tasks to classify; or the single word 'retrain' to refit school models",
        )
        parser.add_argument("--file", metavar="PATH", help="read one task per line from PATH ('-' = stdin)")
        parser.add_argument(
            "--format", choices=FORMATS, default="table", help="output format (default table)"
        )
        parser.add_argument("--school", metavar="SLUG", help="use this school's corrections")

    def _school(self, slug: str | None) -> School | None:
        if slug is None:
            return None
        school = School.objects.filter(slug=slug).first()
        if school is None:
            known = ", ".join(School.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"unknown school {slug!r} (known: {known})", returncode=USAGE_ERROR)
        return school

    def handle(self, *args: Any, **options: Any) -> None:
        texts: list[str] = list(options["texts"])
        if texts[:1] == ["retrain"] and len(texts) == 1 and not options["file"]:
            self._retrain(options["school"])
            return
        school = self._school(options["school"])
        if options["file"] is not None:
            if texts:
                raise CommandError("give tasks as arguments or with --file, not both", returncode=USAGE_ERROR)
            try:
                items = read_texts(options["file"], stdin=options.get("stdin") or sys.stdin)
            except TriageInputError as exc:
                raise CommandError(str(exc), returncode=USAGE_ERROR) from None
        else:
            items = texts_from_lines(texts)
        if not items:
            raise CommandError(
                "nothing to classify: give tasks as arguments or --file PATH (one per line)",
                returncode=USAGE_ERROR,
            )
        long = next((i for i, t in enumerate(items, start=1) if len(t) > MAX_MODEL_CHARS), None)
        if long is not None:
            self.stderr.write(
                f"note: item {long} is over {MAX_MODEL_CHARS} characters; only its start is read"
            )
        model = services.model_for_school(school)
        if not model.uses_embeddings:
            self.stderr.write(
                f"note: embeddings unavailable: {model.fallback_reason or 'using the word model only'}"
            )
        verdicts = model.classify(items)
        self.stdout.write(render(verdicts, options["format"]), ending="")

    def _retrain(self, slug: str | None) -> None:
        if slug is not None:
            schools = [s for s in [self._school(slug)] if s is not None]
        else:
            ids = Correction.objects.values_list("school_id", flat=True).distinct()
            schools = list(School.objects.filter(pk__in=ids).order_by("slug"))
        console = Console(file=cast(IO[str], self.stdout), width=120)
        if not schools:
            # Still worth running: it fits (or loads) the shipped model into the on-disk cache, so the
            # first page that classifies does not wait for a fit.
            shipped = services.model_for_school(None)
            kind = "words + embeddings" if shipped.uses_embeddings else "words only"
            console.print(
                f"No school has corrections yet; the shipped model ({kind}) is ready and in use everywhere."
            )
            return
        for school in schools:
            result = services.triage_model_retrain(school=school)
            kind = "words + embeddings" if result.uses_embeddings else "words only"
            n = result.corrections_used
            console.print(f"{school.slug}: retrained with {n} correction{'s' if n != 1 else ''} ({kind})")
        console.print("Retrained models are used at once by the inbox and the calendar audit.")
