"""manage.py import_disqus FILE: a Disqus export's comments into the matching articles."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from site_pages.importing.disqus import import_disqus
from site_pages.importing.progress import Progress
from site_pages.importing.safe_xml import ImportFileError


class Command(BaseCommand):
    help = (
        "Import a Disqus XML export: each thread's comments join the conversation of the "
        "article it is about (matched by WordPress post id or URL). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The Disqus export (.xml).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )
        parser.add_argument(
            "--progress", action="store_true", help="Show progress even when not on a terminal."
        )

    def handle(self, *args, file: Path, dry_run: bool, progress: bool, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        stream = sys.stderr if (progress or sys.stderr.isatty()) else None
        bar = Progress(stream, total=0, label="Reading comments")

        def tick(done: int, what: str) -> None:
            bar.total = max(bar.total, done)
            bar(done, what)

        try:
            report = import_disqus(file, dry_run, tick)
        except ImportFileError as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from error
        finally:
            bar.done()
        for line in report.lines():
            self.stdout.write(line)
