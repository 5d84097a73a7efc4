"""Machine-translating comments into the other languages of their article.

Runs on the task queue, never while a reader posts. A failure (translator down, quota,
timeout) is recorded and retried with exponential backoff; until a retry works, readers
see the original, which is also what moderation and feeds quote. Notification mail quotes
the translation into the recipient's language when it exists by the time the mail is
sent, and says the comment is not translated yet otherwise.
"""

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.strings import StringValue

from site_pages.conversation.models import ArticleComment, CommentTranslation

from .models import CommentTranslationFailure

logger = logging.getLogger(__name__)


def target_languages(comment: ArticleComment) -> list[str]:
    """The enabled languages the article exists in, other than the comment's own."""
    enabled = {code for code, _name in settings.LANGUAGES}
    article_languages = set(
        comment.conversation.articles().values_list("locale__language_code", flat=True)
    )
    return sorted((enabled & article_languages) - {comment.language})


def on_comment_shown(sender: Any, comment: ArticleComment, **kwargs: Any) -> None:
    """Receiver of the conversation's `comment_published` and `comment_edited`."""
    queue_translation(comment)


def queue_translation(comment: ArticleComment) -> None:
    """Called in the comment's transaction when it becomes visible or its text changes."""
    if get_machine_translator() is None:
        return
    CommentTranslation.objects.filter(comment=comment, is_machine=True).delete()
    translate_comment.enqueue(comment_id=comment.pk)


def machine_translate(text: str, source: str, target: str) -> str | None:
    """The configured translator's text, or None when it cannot do this language pair."""
    translator = get_machine_translator()
    source_locale = Locale.objects.get(language_code=source)
    target_locale = Locale.objects.get(language_code=target)
    if translator is None or not translator.can_translate(source_locale, target_locale):
        return None
    original = StringValue.from_plaintext(text)
    return translator.translate(source_locale, target_locale, [original])[original].render_text()


def backoff(attempts: int) -> timedelta:
    base = settings.MAZUNGUMZO_TRANSLATION_RETRY_SECONDS
    return timedelta(seconds=base * 2 ** (attempts - 1))


# Ahead of ordinary work: the notification mails queued in the same transaction quote
# the translation if it exists when they are sent: with one worker it does (unless the
# translator fails); with several, usually.
TRANSLATION_PRIORITY = 10


@task(priority=TRANSLATION_PRIORITY)
def translate_comment(comment_id: int, languages: list[str] | None = None) -> None:
    comment = ArticleComment.objects.select_related("conversation").filter(pk=comment_id).first()
    if comment is None or not comment.is_visible:
        return
    existing = set(comment.translations.values_list("language", flat=True))
    for language in languages or target_languages(comment):
        if language in existing:
            continue
        try:
            text = machine_translate(comment.comment, comment.language, language)
        except Exception as error:  # any translator failure: network, quota, bad answer
            record_failure(comment, language, error)
            continue
        if text is None:
            continue
        with transaction.atomic():
            CommentTranslation.objects.update_or_create(
                comment=comment, language=language, defaults={"text": text, "is_machine": True}
            )
            CommentTranslationFailure.objects.filter(comment=comment, language=language).delete()


def record_failure(comment: ArticleComment, language: str, error: Exception) -> None:
    logger.warning("Translating comment %s into %s failed: %r", comment.pk, language, error)
    with transaction.atomic():
        failure, _created = CommentTranslationFailure.objects.select_for_update().get_or_create(
            comment=comment, language=language, defaults={"last_error": ""}
        )
        failure.attempts += 1
        failure.last_error = f"{type(error).__name__}: {error}"[:2000]
        if failure.attempts < settings.MAZUNGUMZO_TRANSLATION_MAX_ATTEMPTS:
            failure.next_attempt_at = timezone.now() + backoff(failure.attempts)
            translate_comment.using(run_after=failure.next_attempt_at).enqueue(
                comment_id=comment.pk, languages=[language]
            )
        else:
            failure.next_attempt_at = None  # given up; a moderator can retry from the admin
        failure.save()


def translate_conversation(conversation_id: int, language: str) -> None:
    """An article was published in a new language: translate its existing comments too."""
    if get_machine_translator() is None:
        return
    comments = ArticleComment.objects.filter(
        conversation_id=conversation_id, is_public=True, is_removed=False
    ).exclude(language=language)
    for comment_id in comments.exclude(translations__language=language).values_list(
        "pk", flat=True
    ):
        translate_comment.enqueue(comment_id=comment_id, languages=[language])
