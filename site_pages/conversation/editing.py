"""Signed-in readers may correct or withdraw their own comment for a short while."""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import ArticleComment


def edit_deadline() -> datetime:
    """Comments submitted before this moment can no longer be edited by their author."""
    return timezone.now() - timedelta(minutes=settings.MAZUNGUMZO_COMMENT_EDIT_MINUTES)


def can_edit(user, comment: ArticleComment) -> bool:
    return (
        user.is_authenticated
        and comment.user_id == user.pk
        and comment.is_visible
        and comment.submit_date > edit_deadline()
    )
