"""Who hears about a newly visible comment, decided once, in the comment's transaction.

The Notification rows and their delivery tasks are written in the same transaction as
the comment (the task queue lives in the database), so a crash either keeps all of them
or none, and the unique (comment, email) row means nobody gets two mails for one comment.
"""

from typing import Any

from .models import ArticleComment, Follow, Notification
from .tasks import deliver_notification


def comment_published(
    sender: Any, comment: ArticleComment, notify: bool = True, **kwargs: Any
) -> None:
    """Receiver of `comment_published`; seed data and imports (`notify=False`) mail nobody."""
    if notify:
        comment_became_visible(comment)


def comment_became_visible(comment: ArticleComment) -> None:
    if comment.followup and comment.user_email:
        Follow.objects.update_or_create(
            conversation_id=comment.conversation_id,
            email=comment.user_email.lower(),
            defaults={"language": comment.language, "is_active": True},
        )
    for email, language, reason in recipients(comment):
        notification, created = Notification.objects.get_or_create(
            comment=comment, email=email, defaults={"language": language, "reason": reason}
        )
        if created:
            deliver_notification.enqueue(notification_id=notification.pk)


def recipients(comment: ArticleComment) -> list[tuple[str, str, str]]:
    """(email, language, reason) for each address to tell, each address once."""
    muted = set(
        Follow.objects.filter(
            conversation_id=comment.conversation_id, is_active=False
        ).values_list("email", flat=True)
    )
    chosen: dict[str, tuple[str, str]] = {}

    def add(email: str, language: str, reason: str) -> None:
        email = (email or "").lower()
        if email and email not in muted and email not in chosen:
            chosen[email] = (language, reason)

    author_email = (comment.user_email or "").lower()
    muted.add(author_email)  # never tell people about their own comment
    # The person answered, not the author of the comment the reply is attached under
    # (they differ for a reply past the maximum depth).
    answered = comment.answered()
    if answered is not None and answered.is_visible:
        add(answered.user_email, answered.language, Notification.Reason.REPLY)
    for follow in Follow.objects.filter(conversation_id=comment.conversation_id, is_active=True):
        add(follow.email, follow.language, Notification.Reason.FOLLOWING)
    source = comment.conversation.articles().filter(alias_of__isnull=True).order_by("pk").first()
    if source is not None and source.author is not None and source.author.email:
        add(source.author.email, source.locale.language_code, Notification.Reason.ARTICLE_AUTHOR)
    return [(email, language, reason) for email, (language, reason) in chosen.items()]
