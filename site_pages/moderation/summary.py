"""How a conversation stands, for the page editor's panel and the dashboard."""

from django.db.models import Count
from django.urls import reverse

from site_pages.conversation.models import ArticleComment, Conversation

from .comments_admin import STATUSES

LISTING_URL_NAME = "wagtailsnippets_conversation_articlecomment:list"


def status_counts(conversation: Conversation | None) -> dict[str, int]:
    """Comments per status (one query); flagged counts comments with at least one flag."""
    if conversation is None:
        return dict.fromkeys(STATUSES, 0)
    base = ArticleComment.objects.filter(conversation=conversation)
    counts = base.aggregate(
        **{
            name: Count("pk", filter=query)
            for name, query in STATUSES.items()
            if name != "flagged"
        }
    )
    counts["flagged"] = base.filter(reader_flags__isnull=False).distinct().count()
    return counts


def pending_count() -> int:
    return ArticleComment.objects.filter(STATUSES["pending"]).count()


def listing_url(**filters: object) -> str:
    query = "&".join(f"{key}={value}" for key, value in filters.items())
    return reverse(LISTING_URL_NAME) + (f"?{query}" if query else "")
