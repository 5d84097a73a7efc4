"""Storing a validated, screened comment: shared by the site's form and the API."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

from .models import ArticleComment, Conversation, PendingComment
from .screening import PipelineResult
from .screening import apply as apply_screening
from .tasks import send_confirmation_email


@dataclass
class Posted:
    """published or held (signed-in readers), pending (anonymous: waits for the email link)."""

    outcome: str
    comment: ArticleComment | None = None
    pending: PendingComment | None = None


def store_comment(
    request: HttpRequest, form, conversation: Conversation, screening: PipelineResult
) -> Posted:
    if request.user.is_authenticated:
        comment = form.get_comment_object(site_id=settings.SITE_ID)
        comment.user = request.user
        comment.ip_address = request.META.get("REMOTE_ADDR")
        apply_screening(screening, comment)
        comment.save()
        return Posted("published" if comment.is_public else "held", comment=comment)

    data = form.cleaned_data
    parent = form.parent_comment(data["reply_to"]) if data["reply_to"] else None
    with transaction.atomic():
        pending = PendingComment(
            conversation=conversation,
            parent=parent,
            user_name=data["name"],
            user_email=data["email"],
            comment=data["comment"],
            language=translation.get_language(),
            followup=data["followup"],
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        apply_screening(screening, pending)
        pending.save()
        # Queued in the same transaction: the pending comment and its mail stand or fall together.
        send_confirmation_email.enqueue(pending_id=pending.pk)
    return Posted("pending", pending=pending)
