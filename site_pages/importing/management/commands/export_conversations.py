"""manage.py export_conversations: every conversation (or one article's) out as WXR or JSONL."""

import sys

from django.core.management.base import BaseCommand, CommandError

from site_pages.importing.export import write_jsonl, write_wxr
from site_pages.pages.models import ArticlePage


class Command(BaseCommand):
    help = (
        "Export conversations as WordPress comments (WXR, for another system to import) or "
        "as JSON lines with every field, translations included."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", type=int, help="Only this article's conversation.")
        parser.add_argument("--format", choices=["wxr", "jsonl"], default="jsonl")
        parser.add_argument("--output", "-o", help="Write here instead of standard output.")

    def handle(self, *args, article, format, output, **options):
        if article is not None and not ArticlePage.objects.filter(pk=article).exists():
            raise CommandError(f"There is no article with id {article}.")
        writer = write_wxr if format == "wxr" else write_jsonl
        if output:
            with open(output, "w", encoding="utf-8") as out:
                count = writer(out, article)
        else:
            count = writer(self.stdout, article)
        sys.stderr.write(f"{count} comments exported.\n")
