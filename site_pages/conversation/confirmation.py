"""Anonymous comments: keep them pending, email a signed link, publish on the first click."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from .models import ArticleComment, PendingComment
from .screening import Verdict

SALT = "mazungumzo.comment-confirmation"


class ConfirmationError(Exception):
    """The link cannot publish anything; the message says why, for the reader."""


class LinkExpired(ConfirmationError):
    pass


class LinkInvalid(ConfirmationError):
    pass


def confirmation_token(pending: PendingComment) -> str:
    return signing.dumps(str(pending.token), salt=SALT)


def max_age_seconds() -> int:
    return settings.MAZUNGUMZO_COMMENT_CONFIRMATION_DAYS * 24 * 60 * 60


def confirm(signed_token: str) -> tuple[ArticleComment, bool]:
    """Publish the pending comment behind the link: (comment, True) the first time only.

    A second click finds the comment already published and returns it with False.
    """
    try:
        token = signing.loads(signed_token, salt=SALT, max_age=max_age_seconds())
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    with transaction.atomic():
        pending = (
            PendingComment.objects.select_for_update(of=("self",))
            .select_related("conversation", "published")
            .filter(token=token)
            .first()
        )
        if pending is None:
            raise LinkInvalid
        if pending.published is not None:
            return pending.published, False
        comment = ArticleComment(
            conversation=pending.conversation,
            content_object=pending.conversation,
            site_id=settings.SITE_ID,
            user_name=pending.user_name,
            user_email=pending.user_email,
            comment=pending.comment,
            language=pending.language,
            followup=pending.followup,
            ip_address=pending.ip_address,
            user_agent=pending.user_agent,
            referrer=pending.referrer,
            submit_date=timezone.now(),
            parent_id=pending.parent_id or 0,
            # The spam pipeline judged it when it was posted.
            is_public=pending.verdict == Verdict.PUBLISH,
            is_spam=pending.verdict == Verdict.SPAM,
            moderation_notes=pending.moderation_notes,
        )
        comment.save()
        pending.published = comment
        pending.save(update_fields=["published"])
    return comment, True
