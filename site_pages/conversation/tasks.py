"""Background jobs of the conversation, run by Django's task framework (django-tasks).

Mail is sent at least once and recognisably at most once: each message carries a
Message-ID derived from its database row, so a retry after a send the receiving server
accepted but we never recorded (the worker died in between) repeats the same Message-ID.
Transient failures (SMTP errors, refused connections, database errors) are retried with
exponential backoff as a new task; after MAIL_MAX_ATTEMPTS the task fails for real and
shows in the admin (Reports → Failed or stuck tasks).
"""

import logging
import smtplib
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import OperationalError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from .confirmation import confirmation_token
from .following import unfollow_path
from .models import ArticleComment, Notification, PendingComment

logger = logging.getLogger(__name__)

# What a later attempt may cure. smtplib's errors are OSErrors, like a refused connection
# or a timeout.
TRANSIENT_ERRORS = (OSError, OperationalError)


def is_transient(error: BaseException) -> bool:
    """Whether another attempt may work. A 5xx answer is the server's final word."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return isinstance(error, TRANSIENT_ERRORS)


def retry_delay(attempt: int) -> timedelta:
    """Wait before attempt number `attempt + 1` (0-based): base * 2**attempt."""
    return timedelta(seconds=settings.MAZUNGUMZO_MAIL_RETRY_SECONDS * 2**attempt)


def retry_or_fail(task, attempt: int, error: BaseException, **kwargs) -> dict:
    """Queue the next attempt of `task`, or re-raise `error` when attempts are used up.

    Called from an `except` block: re-raising there makes the worker record the task as
    failed, with this traceback, where the admin report shows it.
    """
    if not is_transient(error) or attempt + 1 >= settings.MAZUNGUMZO_MAIL_MAX_ATTEMPTS:
        logger.error("%s%r failed for good after %d attempts", task.name, kwargs, attempt + 1)
        raise error
    run_after = timezone.now() + retry_delay(attempt)
    task.using(run_after=run_after).enqueue(attempt=attempt + 1, **kwargs)
    logger.warning(
        "%s%r failed (%s: %s); attempt %d at %s",
        task.name,
        kwargs,
        type(error).__name__,
        error,
        attempt + 2,
        run_after.isoformat(),
    )
    return {"retry_at": run_after.isoformat(), "attempt": attempt + 1, "error": str(error)}


def mail_domain() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return address.rpartition("@")[2] or "localhost"


def notification_message_id(notification: Notification) -> str:
    return f"<notification-{notification.pk}.{notification.comment_id}@{mail_domain()}>"


def confirmation_message_id(pending: PendingComment) -> str:
    return f"<confirmation-{pending.pk}.{int(pending.created_at.timestamp())}@{mail_domain()}>"


@task()
def send_confirmation_email(pending_id: int, attempt: int = 0) -> dict | None:
    """Mail the anonymous author the link that publishes their comment."""
    try:
        confirmation_message(pending_id)
    except TRANSIENT_ERRORS as error:
        return retry_or_fail(send_confirmation_email, attempt, error, pending_id=pending_id)
    return None


def confirmation_message(pending_id: int) -> None:
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
    EmailMessage(
        subject,
        body,
        to=[pending.user_email],
        headers={"Message-ID": confirmation_message_id(pending)},
    ).send()


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@task()
def deliver_notification(notification_id: int, attempt: int = 0) -> dict | None:
    """Send one notification mail, once: the row is locked and marked sent with the send.

    Safe to run again (a retry, or a task re-queued after its worker died): a row already
    marked sent is skipped, and a mail sent but not marked goes out again under the same
    Message-ID.
    """
    try:
        send_notification(notification_id)
    except TRANSIENT_ERRORS as error:
        return retry_or_fail(deliver_notification, attempt, error, notification_id=notification_id)
    return None


def send_notification(notification_id: int) -> None:
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
            "Message-ID": notification_message_id(notification),
            "List-Unsubscribe": f"<{unfollow_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
