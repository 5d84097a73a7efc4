"""Storing a validated, screened comment: shared by the site's form and the API."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation

from site_pages.client_address import client_ip

from .models import ArticleComment, Conversation, PendingComment
from .screening import PipelineResult, Verdict
from .screening import apply as apply_screening
from .tasks import send_confirmation_email


@dataclass
class Posted:
    """published or held (signed-in readers), pending (anonymous: waits for the email link).

    An anonymous submission judged spam is answered as "pending" too, so a bot learns
    nothing; `pending` is then an unsaved stand-in holding the address, and `comment` the
    spam kept for moderators.
    """

    outcome: str
    comment: ArticleComment | None = None
    pending: PendingComment | None = None


def store_comment(
    request: HttpRequest, form, conversation: Conversation, screening: PipelineResult
) -> Posted:
    if request.user.is_authenticated:
        comment = form.get_comment_object(site_id=settings.SITE_ID)
        comment.user = request.user
        comment.ip_address = client_ip(request)
        apply_screening(screening, comment)
        comment.save()
        return Posted("published" if comment.is_public else "held", comment=comment)

    data = form.cleaned_data
    if screening.verdict == Verdict.SPAM:
        return _store_anonymous_spam(request, form, screening)
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
            ip_address=client_ip(request),
        )
        apply_screening(screening, pending)
        pending.save()
        # Queued in the same transaction: the pending comment and its mail stand or fall together.
        send_confirmation_email.enqueue(pending_id=pending.pk)
    return Posted("pending", pending=pending)


def _store_anonymous_spam(request: HttpRequest, form, screening: PipelineResult) -> Posted:
    """Keep it for moderators, mail nobody: the address was typed by whoever posted it.

    No confirmation mail (the site would relay a bot's mail to any address), no
    moderators' digest (`notify = False`), and no follow should a moderator publish it
    later, since the address was never confirmed.
    """
    comment = form.get_comment_object(site_id=settings.SITE_ID)
    comment.ip_address = client_ip(request)
    comment.followup = False
    apply_screening(screening, comment)
    comment.notify = False
    comment.save()
    stand_in = PendingComment(
        conversation=comment.conversation,
        user_name=comment.user_name,
        user_email=comment.user_email,
        comment=comment.comment,
        language=comment.language,
    )
    return Posted("pending", comment=comment, pending=stand_in)
