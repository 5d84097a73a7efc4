"""Background jobs of the conversation, run by Django's task framework (django-tasks)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from .confirmation import confirmation_token
from .models import PendingComment


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
