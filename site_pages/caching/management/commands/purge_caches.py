"""`manage.py purge_caches`: forget every cached page and API answer, here and in the proxy.

For after a database restore, a bulk edit made in SQL, or anything else that changed what
readers see without going through the signals the caches listen to. The page cache's
entries are outdated by new generation stamps (nothing is deleted, so other users of the
same Redis are untouched); the caching proxy, if one is set, is sent a purge of every live
page.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page

from site_pages.caching import generations
from site_pages.caching.proxy import proxy_configured


class Command(BaseCommand):
    help = "Outdate every cached page and API answer, and purge every live page from the proxy."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-proxy",
            action="store_true",
            help="Leave the caching proxy alone (for example when it is restarted anyway).",
        )

    def handle(self, *args, no_proxy: bool = False, **options) -> None:
        with transaction.atomic():
            generations.bump(generations.SITE, generations.ALL_CONVERSATIONS)
        self.stdout.write("Page and API caches outdated.")
        if no_proxy or not proxy_configured():
            return
        batch = PurgeBatch()
        batch.add_pages(Page.objects.live().specific().iterator())
        batch.purge()
        self.stdout.write(f"Purge sent to the caching proxy for {len(batch.urls)} URLs.")
