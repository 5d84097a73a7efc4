"""Long threads are split into pages of top-level comments, each with all its replies.

Pages are cut from the list of shown thread ids (one small query), and only the page's
threads are loaded and rendered.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator

from .models import Conversation
from .tree import CommentNode, comment_tree, shown_thread_ids, shown_threads

PAGE_PARAMETER = "comments"


@dataclass
class ThreadPage:
    nodes: list[CommentNode]
    page: Page
    count: int  # visible comments in the whole conversation, on every page


def per_page() -> int:
    return settings.MAZUNGUMZO_COMMENTS_PER_PAGE


def thread_page(conversation: Conversation, language: str, number: str | int | None) -> ThreadPage:
    """One page of the conversation: its threads, as trees, in `language`."""
    thread_ids, count = shown_threads(conversation)
    page = Paginator(thread_ids, per_page()).get_page(number)
    nodes = comment_tree(conversation, language, thread_ids=list(page.object_list))
    return ThreadPage(nodes=nodes, page=page, count=count)


def page_of(conversation: Conversation, thread_id: int) -> int:
    """The page number that shows the thread with this id (1 if it is not shown at all)."""
    try:
        index = shown_thread_ids(conversation).index(thread_id)
    except ValueError:
        return 1
    return index // per_page() + 1
