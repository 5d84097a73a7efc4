"""Background jobs of the conversation, run by Django's task framework (django-tasks)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .confirmation import confirmation_token
from .following import unfollow_path
from .models import ArticleComment, Notification, PendingComment


@task()
def send_confirmation_email(pending_id: int) -> None:
    """Mail the anonymous author the link that publishes their comment."""
    pending = PendingComment.objects.select_related("conversation").filter(pk=pending_id).first()
    if pending is None or pending.published_id is not None:
        return
    with translation.override(pending.language):
        article = pending.conversation.article_in(pending.language)
        path = reverse(
            "site_pages:conversation:confirm", kwargs={"token": confirmation_token(pending)}
        )
        context = {
            "pending": pending,
            "article": article,
            "confirm_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path,
            "days": settings.MAZUNGUMZO_COMMENT_CONFIRMATION_DAYS,
        }
        subject = render_to_string("conversation/email/confirm_subject.txt", context).strip()
        body = render_to_string("conversation/email/confirm_body.txt", context)
    send_mail(subject, body, None, [pending.user_email])


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def deliver_notification(notification_id: int) -> None:
    """Send one notification mail, once: the row is locked and marked sent with the send."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))  # not the comment
            .select_related("comment__conversation")
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return
        comment = notification.comment
        if not comment.is_visible:
            return  # hidden again before we got to it: say nothing
        message = notification_message(notification, comment)
        if message is None:
            return
        message.send()
        notification.sent_at = timezone.now()
        notification.save(update_fields=["sent_at"])


def notification_message(
    notification: Notification, comment: ArticleComment
) -> EmailMultiAlternatives | None:
    language = notification.language
    with translation.override(language):
        article = comment.conversation.article_in(language)
        if article is None:
            return None
        parent = None
        if comment.parent_id and comment.parent_id != comment.pk:
            parent = ArticleComment.objects.filter(pk=comment.parent_id).first()
        unfollow_url = absolute(
            unfollow_path(comment.conversation_id, notification.email, language)
        )
        context = {
            "notification": notification,
            "comment": comment,
            "parent": parent,
            "article": article,
            # The permalink, not the page URL: it finds the right page of a long thread.
            "comment_url": absolute(
                reverse(
                    "site_pages:conversation:permalink",
                    kwargs={"conversation_id": comment.conversation_id, "number": comment.number},
                )
            ),
            "unfollow_url": unfollow_url,
        }
        subject = render_to_string("conversation/email/notification_subject.txt", context)
        body = render_to_string("conversation/email/notification_body.txt", context)
    return EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        to=[notification.email],
        headers={
            "List-Unsubscribe": f"<{unfollow_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
