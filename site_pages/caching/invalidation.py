"""Outdating cached pages and API answers when what they show changes.

Listens to the conversation's `conversation_changed` and Wagtail's publish events. Stamps
change at once and again after the transaction commits: a request that read the database
before the commit and stored its old view under the first new stamp is outdated by the
second.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from site_pages.conversation.signals import conversation_changed
from site_pages.pages.snippets import Author, Sponsor

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


@receiver(post_page_move, dispatch_uid="mazungumzo_page_cache_moved")
def page_move_outdates_site(sender, **kwargs) -> None:
    """A move changes the URLs that switchers, hreflang links and menus point to."""
    outdate([generations.SITE])


def outdate_site_on_save(sender, **kwargs) -> None:
    """Bylines, sponsor call-outs, images, sites and view restrictions shown by cached
    pages and cached article bodies (`templatetags/mazungumzo.py`) change without a publish.
    """
    outdate([generations.SITE])


for _model in (Author, Sponsor, get_image_model(), Site, PageViewRestriction):
    for _signal in (post_save, post_delete):
        _signal.connect(
            outdate_site_on_save,
            sender=_model,
            dispatch_uid=f"mazungumzo_site_{_signal is post_save}_{_model._meta.label_lower}",
        )
