"""Turning saves the conversation does not make itself into `conversation_changed`.

Translations arrive from the task queue, editors close a conversation on an article,
and the site's settings change in the admin: none of these go through
`ArticleComment.save`, but each changes what readers of a conversation see.
Connected in `ConversationConfig.ready()`.
"""

from typing import Any

from .models import ArticleComment, CommentTranslation, Conversation
from .signals import conversation_changed


def _changed(conversation: Conversation | None) -> None:
    conversation_changed.send(sender=Conversation, conversation=conversation)


def translation_saved_or_deleted(sender: Any, instance: CommentTranslation, **kwargs: Any) -> None:
    """A translation readers may be shown arrived, changed or went away."""
    conversation = Conversation.objects.filter(comments__pk=instance.comment_id).first()
    if conversation is not None:
        _changed(conversation)


def comment_deleted(sender: Any, instance: ArticleComment, **kwargs: Any) -> None:
    """Deleting a comment readers could see (saves announce themselves in `save`)."""
    if instance.is_visible or getattr(instance, "_was_visible", False):
        conversation = Conversation.objects.filter(pk=instance.conversation_id).first()
        if conversation is not None:
            _changed(conversation)


def article_saving(sender: Any, instance: Any, update_fields=None, **kwargs: Any) -> None:
    """Remember whether the article closed its comments before this save."""
    if update_fields is not None and "comments_closed" not in update_fields:
        instance._comments_closed_before = instance.comments_closed
        return
    before = None
    if instance.pk is not None:
        before = (
            type(instance)
            .objects.filter(pk=instance.pk)
            .values_list("comments_closed", flat=True)
            .first()
        )
    instance._comments_closed_before = bool(before)


def article_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Closing or reopening comments on any language version changes the conversation."""
    if instance.comments_closed != getattr(instance, "_comments_closed_before", False):
        _article_conversation_changed(instance)


def article_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A deleted version that had closed comments may reopen the conversation."""
    if instance.comments_closed:
        _article_conversation_changed(instance)


def _article_conversation_changed(article: Any) -> None:
    conversation = Conversation.objects.filter(translation_key=article.translation_key).first()
    if conversation is not None:  # no conversation yet: no comments to show or cache
        _changed(conversation)


def settings_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """Site settings (e.g. closing after N days) touch every conversation at once.

    Not when the row is first made: `ConversationSettings.load()` creates it with the
    defaults while a page is read, and that changes nothing readers see.
    """
    if not created:
        _changed(None)
