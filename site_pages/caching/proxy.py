"""Purging the caching proxy (Varnish) or CDN when what anonymous readers see changes.

Every language version of an article shows the one shared conversation, and links to the
others (language switcher, hreflang), so a change purges all its live versions together.
Wagtail's own handler (wagtail.contrib.frontend_cache) purges only the page that was
published. The purge goes out after the commit, never before: a reader in between would
put the old page back into the proxy. Wagtail queues the PURGE requests as a task, which
the worker sends. Thread pages (`?comments=N`) go too: the VCL bans a purged path with any
query string (deploy/varnish/default.vcl).
"""

import logging
from collections.abc import Iterable
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished

from site_pages.conversation.models import Conversation
from site_pages.conversation.signals import conversation_changed
from site_pages.pages.models import ArticlePage

logger = logging.getLogger(__name__)


def proxy_configured() -> bool:
    """Whether a proxy is set (FRONTEND_CACHE_URL); without one, queue no useless task."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def purge_articles(translation_keys: set[UUID | None], also: Iterable[Page] = ()) -> None:
    """Purge every live language version of these articles (of every article, for None).

    `also` adds pages no longer live (just unpublished) whose copies must go as well.
    """
    pages = ArticlePage.objects.live()
    if None not in translation_keys:
        pages = pages.filter(translation_key__in=translation_keys)
    batch = PurgeBatch()
    batch.add_pages([*pages, *also])
    logger.debug("Purging %d URLs from the caching proxy", len(batch.urls))
    batch.purge()


class PendingPurge:
    """What one transaction changed, purged in one batch when it commits.

    `conversation_changed` may come several times in one transaction (a comment and its
    translations); each would otherwise queue its own purge task.
    """

    def __init__(self) -> None:
        self.translation_keys: set[UUID | None] = set()
        self.also: list[Page] = []

    def add(self, translation_key: UUID | None, also: Page | None) -> None:
        self.translation_keys.add(translation_key)
        if also is not None:
            self.also.append(also)

    def run(self) -> None:
        purge_articles(self.translation_keys, self.also)


def purge_after_commit(translation_key: UUID | None, also: Page | None = None) -> None:
    """Queue the purge for when the change is committed; nothing if it is rolled back.

    Robust: a failing purge is logged, and does not turn a committed change into an error.
    """
    if not proxy_configured():
        return
    connection = transaction.get_connection()
    pending = getattr(connection, "mazungumzo_pending_purge", None)
    # Still queued in this transaction? A commit ran it, a rollback dropped it.
    hooks = [hook for _sids, hook, _robust in connection.run_on_commit]
    if pending is not None and any(getattr(h, "__self__", None) is pending for h in hooks):
        pending.add(translation_key, also)
        return
    pending = connection.mazungumzo_pending_purge = PendingPurge()
    pending.add(translation_key, also)  # first: outside a transaction the hook runs at once
    transaction.on_commit(pending.run, robust=True)


@receiver(conversation_changed, dispatch_uid="mazungumzo_proxy_conversation")
def purge_conversation(sender, conversation: Conversation | None = None, **kwargs) -> None:
    """A comment (or the conversation) changed: every version shows it. None: every one."""
    purge_after_commit(conversation.translation_key if conversation is not None else None)


@receiver(page_published, dispatch_uid="mazungumzo_proxy_published")
@receiver(page_unpublished, dispatch_uid="mazungumzo_proxy_unpublished")
def purge_other_versions(sender, instance: Page, **kwargs) -> None:
    """A version came or went: the switcher and hreflang of the others change with it."""
    if isinstance(instance, ArticlePage):
        purge_after_commit(instance.translation_key, also=instance)
