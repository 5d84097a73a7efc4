"""A conversation as a nested tree, built from one query in thread order."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from .models import ArticleComment, CommentTranslation, Conversation


@dataclass
class CommentNode:
    comment: ArticleComment
    children: list["CommentNode"] = field(default_factory=list)
    translation: CommentTranslation | None = None

    @property
    def is_placeholder(self) -> bool:
        """A hidden comment kept only so its visible replies stay where they were."""
        return not self.comment.is_visible


def comment_tree(conversation: Conversation, language: str) -> list[CommentNode]:
    """Top-level comments in order, each with its replies; hidden leaves are left out."""
    comments = (
        ArticleComment.objects.filter(conversation=conversation)
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "translations",
                queryset=CommentTranslation.objects.filter(language=language),
                to_attr="translations_in_language",
            )
        )
        .order_by("thread_id", "order")
    )
    nodes: dict[int, CommentNode] = {}
    roots: list[CommentNode] = []
    for comment in comments:
        translation = None
        if comment.language != language and comment.translations_in_language:
            translation = comment.translations_in_language[0]
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


def visible_count(conversation: Conversation) -> int:
    return ArticleComment.objects.filter(
        conversation=conversation, is_public=True, is_removed=False
    ).count()
