"""A conversation as a nested tree, built from one query in thread order.

Only the threads asked for are loaded: a page of a long conversation costs what it shows.
"""

from dataclasses import dataclass, field, fields
from datetime import datetime

from django.db.models import Count

from .models import ArticleComment, CommentTranslation, Conversation, ShownAs


@dataclass(slots=True)
class ShownComment(ShownAs):
    """What the thread shows of a comment, read as plain values: a long thread is read
    without building a thousand three-table model instances."""

    pk: int
    conversation_id: int
    number: int
    language: str
    user_name: str
    user_id: int | None
    comment: str
    submit_date: datetime
    edited_at: datetime | None
    is_public: bool
    is_removed: bool
    thread_id: int
    parent_id: int
    level: int

    @property
    def name(self) -> str:
        return self.user_name


@dataclass(slots=True)
class ShownTranslation:
    language: str
    text: str
    is_machine: bool


SHOWN_FIELDS = [field.name for field in fields(ShownComment)]


@dataclass
class CommentNode:
    """A comment in the tree: an `ArticleComment`, or a `ShownComment` read for display."""

    comment: "ArticleComment | ShownComment"
    children: list["CommentNode"] = field(default_factory=list)
    translation: "CommentTranslation | ShownTranslation | None" = None

    @property
    def is_placeholder(self) -> bool:
        """A hidden comment kept only so its visible replies stay where they were."""
        return not self.comment.is_visible


def visible(conversation: Conversation):
    return ArticleComment.objects.filter(
        conversation=conversation, is_public=True, is_removed=False
    )


def shown_thread_ids(conversation: Conversation) -> list[int]:
    """The threads readers see (those with at least one visible comment), in order."""
    return list(
        visible(conversation).order_by("thread_id").values_list("thread_id", flat=True).distinct()
    )


def shown_threads(conversation: Conversation) -> tuple[list[int], int]:
    """The shown threads in order and how many visible comments they hold, in one query:
    a page of the thread needs both, and each query costs more than its rows here."""
    rows = (
        visible(conversation)
        .order_by("thread_id")
        .values_list("thread_id")
        .annotate(visible=Count("pk"))
    )
    thread_ids = []
    total = 0
    for thread_id, count in rows:
        thread_ids.append(thread_id)
        total += count
    return thread_ids, total


def comment_tree(
    conversation: Conversation,
    language: str,
    thread_ids: list[int] | None = None,
) -> list[CommentNode]:
    """Top-level comments in order, each with its replies; hidden leaves are left out.

    `thread_ids` (in thread order) limits the tree to those threads; None means all.
    Two queries: the comments, and their translations into `language`.
    """
    comments = ArticleComment.objects.filter(conversation=conversation).order_by(
        "thread_id", "order"
    )
    translations = CommentTranslation.objects.filter(
        comment__conversation=conversation, language=language
    )
    if thread_ids is not None:
        if not thread_ids:
            return []
        # A range, not a long IN list: threads between them that show nothing are pruned.
        span = {"thread_id__gte": thread_ids[0], "thread_id__lte": thread_ids[-1]}
        comments = comments.filter(**span)
        translations = translations.filter(
            **{f"comment__{name}": value for name, value in span.items()}
        )
    translated = {
        comment_id: ShownTranslation(language, text, is_machine)
        for comment_id, text, is_machine in translations.values_list(
            "comment_id", "text", "is_machine"
        )
    }
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for row in comments.values_list(*SHOWN_FIELDS):
        comment = ShownComment(*row)
        translation = translated.get(comment.pk) if comment.language != language else None
        node = CommentNode(comment, translation=translation)
        nodes[comment.pk] = node
        parent = nodes.get(comment.parent_id) if comment.parent_id != comment.pk else None
        (parent.children if parent else roots).append(node)
    return _prune(roots)


def _prune(nodes: list[CommentNode]) -> list[CommentNode]:
    kept = []
    for node in nodes:
        node.children = _prune(node.children)
        if node.comment.is_visible or node.children:
            kept.append(node)
    return kept


def walk(nodes: list[CommentNode]):
    """Every node of the tree, parents before their replies."""
    for node in nodes:
        yield node
        yield from walk(node.children)


def visible_count(conversation: Conversation) -> int:
    return visible(conversation).count()
