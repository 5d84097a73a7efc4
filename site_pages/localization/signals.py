"""Keeping translator groups and comment translations in step with the site."""

from .groups import ensure_translator_groups


def create_translator_groups(**kwargs) -> None:
    ensure_translator_groups()


def translate_comments_for_new_language(sender, instance, **kwargs) -> None:
    """An article published in another language gets its conversation in that language."""
    from site_pages.conversation.models import Conversation
    from site_pages.pages.models import ArticlePage

    if not isinstance(instance, ArticlePage):
        return
    conversation = Conversation.objects.filter(translation_key=instance.translation_key).first()
    if conversation is None:
        return
    from .comment_translation import translate_conversation

    # Queued in the publishing transaction: both happen or neither.
    translate_conversation(conversation.pk, instance.locale.language_code)
