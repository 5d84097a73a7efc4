"""Telling moderators about held comments, batched: a flood makes one mail, not many.

The first held comment schedules a digest a few minutes ahead (a queued task with
`run_after`); comments held until it runs join that digest.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from wagtail.users.models import UserProfile

from site_pages.conversation.models import ArticleComment

from .models import ModerationDigest
from .permissions import MODERATE_PERMISSION


def on_comment_held(sender: Any, comment: ArticleComment, **kwargs: Any) -> None:
    """Receiver of the conversation's `comment_held`, sent in the comment's transaction."""
    comment_held(comment)


def comment_held(comment: ArticleComment) -> None:
    """A comment was stored but not shown: make sure a digest is on its way."""
    open_digest = ModerationDigest.objects.select_for_update().filter(sent_at__isnull=True).first()
    if open_digest is None:
        minutes = settings.MAZUNGUMZO_MODERATOR_DIGEST_MINUTES
        open_digest = ModerationDigest.objects.create(
            scheduled_for=timezone.now() + timedelta(minutes=minutes)
        )
        send_moderation_digest.using(run_after=open_digest.scheduled_for).enqueue(
            digest_id=open_digest.pk
        )


def moderators():
    app_label, codename = MODERATE_PERMISSION.split(".")
    has_permission = Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label=app_label,
    ) | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .exclude(email="")
        .filter(has_permission | Q(is_superuser=True))
        .distinct()
    )


@task()
def send_moderation_digest(digest_id: int) -> None:
    with transaction.atomic():
        digest = (
            ModerationDigest.objects.select_for_update()
            .filter(pk=digest_id, sent_at__isnull=True)
            .first()
        )
        if digest is None:
            return
        previous = (
            ModerationDigest.objects.filter(sent_at__isnull=False).order_by("-sent_at").first()
        )
        held = ArticleComment.objects.filter(is_public=False, is_removed=False)
        if previous is not None:
            held = held.filter(submit_date__gt=previous.sent_at)
        held = list(held.select_related("conversation").order_by("-submit_date")[:50])
        digest.comment_count = len(held)
        digest.sent_at = timezone.now()
        digest.save(update_fields=["comment_count", "sent_at"])
        if not held:
            return
        listing = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "wagtailsnippets_conversation_articlecomment:list"
        )
        for moderator in moderators():
            language = UserProfile.get_for_user(moderator).get_preferred_language()
            with translation.override(language):
                context = {"comments": held, "listing_url": listing, "moderator": moderator}
                subject = render_to_string("moderation/email/digest_subject.txt", context)
                body = render_to_string("moderation/email/digest_body.txt", context)
            send_mail(" ".join(subject.split()), body, None, [moderator.email])
