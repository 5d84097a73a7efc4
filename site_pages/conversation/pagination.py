"""Long threads are split into pages of top-level comments, each with all its replies."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Page, Paginator

from .tree import CommentNode

PAGE_PARAMETER = "comments"


@dataclass
class ThreadPage:
    nodes: list[CommentNode]
    page: Page


def per_page() -> int:
    return settings.MAZUNGUMZO_COMMENTS_PER_PAGE


def paginate(roots: list[CommentNode], number: str | int | None) -> ThreadPage:
    page = Paginator(roots, per_page()).get_page(number)
    return ThreadPage(nodes=list(page.object_list), page=page)


def page_of(roots: list[CommentNode], thread_id: int) -> int:
    """The page number that shows the thread with this id (1 if it is not shown at all)."""
    for index, node in enumerate(roots):
        if node.comment.thread_id == thread_id:
            return index // per_page() + 1
    return 1
