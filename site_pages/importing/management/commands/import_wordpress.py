"""manage.py import_wordpress FILE --parent INDEX: a WordPress export into articles."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from site_pages.importing.progress import Progress, count_items
from site_pages.importing.safe_xml import ImportFileError
from site_pages.importing.wordpress import import_wordpress
from site_pages.pages.models import ArticleIndexPage


def find_index_page(value: str) -> ArticleIndexPage:
    """An article index page by id, or by its URL path (`/makala/`, `/sw/makala/`)."""
    if value.isdigit():
        page = Page.objects.filter(pk=int(value)).first()
    else:
        path = "/" + value.strip("/") + "/"
        candidates = [p for p in ArticleIndexPage.objects.all() if _paths(p) & {path}]
        page = candidates[0] if len(candidates) == 1 else None
        if len(candidates) > 1:
            raise CommandError(f"{value!r} names more than one article index; use its id.")
    if page is None or not isinstance(page.specific, ArticleIndexPage):
        raise CommandError(f"{value!r} is not an article index page (give its id or path).")
    return page.specific


def _paths(page: Page) -> set[str]:
    """The page's path below its site root, with and without the language prefix."""
    parts = page.get_url_parts()
    if parts is None:
        return set()
    path = parts[2]
    language = page.locale.language_code
    return {path, path.removeprefix(f"/{language}")}


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.1 or 1.2): posts become articles under the "
        "given article index, translations become language versions of one article, and "
        "their comments one conversation. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The WordPress export (.xml).")
        parser.add_argument(
            "--parent", required=True, help="The article index page: its id or URL path."
        )
        parser.add_argument(
            "--uploads", type=Path, help="A local copy of wp-content/uploads, to import images."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )
        parser.add_argument(
            "--progress", action="store_true", help="Show progress even when not on a terminal."
        )

    def handle(self, *args, file: Path, parent: str, uploads, dry_run, progress, **options):
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        if uploads is not None and not uploads.is_dir():
            raise CommandError(f"--uploads {uploads} is not a folder.")
        index = find_index_page(parent)
        stream = sys.stderr if (progress or sys.stderr.isatty()) else None
        bar = Progress(stream, total=0)

        def tick(done: int, what: str) -> None:
            bar.total = max(bar.total, done)
            bar(done, what)

        try:
            bar.total = count_items(file) if stream else 1
            report = import_wordpress(file, index, uploads, dry_run, tick)
        except ImportFileError as error:
            raise CommandError(f"{file}: {error} Nothing was imported.") from error
        finally:
            bar.done()
        for line in report.lines():
            self.stdout.write(line)
        if report.failures:
            self.stderr.write(self.style.WARNING(f"{len(report.failures)} group(s) failed."))
