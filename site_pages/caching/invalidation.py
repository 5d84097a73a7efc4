"""Outdating cached pages and API answers when what they show changes.

Listens to the conversation's `conversation_changed` and Wagtail's publish events. Stamps
change at once and again after the transaction commits: a request that read the database
before the commit and stored its old view under the first new stamp is outdated by the
second.
"""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from site_pages.conversation.signals import conversation_changed

from . import generations


def outdate(keys: list[str]) -> None:
    generations.bump(*keys)
    transaction.on_commit(lambda: generations.bump(*keys))


@receiver(conversation_changed, dispatch_uid="mazungumzo_page_cache_conversation")
def conversation_changed_outdates_pages(sender, conversation=None, **kwargs) -> None:
    if conversation is None:  # site-wide conversation settings: everything may show it
        keys = [generations.SITE, generations.ALL_CONVERSATIONS]
    else:
        keys = [
            generations.conversation_key(conversation.translation_key),
            generations.ALL_CONVERSATIONS,
        ]
    outdate(keys)


@receiver(page_published, dispatch_uid="mazungumzo_page_cache_published")
@receiver(page_unpublished, dispatch_uid="mazungumzo_page_cache_unpublished")
def page_change_outdates_site(sender, **kwargs) -> None:
    """Menus, switchers, hreflang, listings and feeds all follow what is live."""
    outdate([generations.SITE])
