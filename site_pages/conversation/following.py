"""Signed links that stop (or restart) a reader's mail about one conversation."""

from django.core import signing
from django.urls import reverse
from django.utils import translation

from .models import Conversation, Follow

SALT = "mazungumzo.follow"


def follow_token(conversation_id: int, email: str) -> str:
    return signing.dumps([conversation_id, email.lower()], salt=SALT)


def read_follow_token(token: str) -> tuple[Conversation, str]:
    """Raises signing.BadSignature or Conversation.DoesNotExist for a link we did not make."""
    conversation_id, email = signing.loads(token, salt=SALT)
    return Conversation.objects.get(pk=conversation_id), email


def unfollow_path(conversation_id: int, email: str, language: str) -> str:
    with translation.override(language):
        return reverse(
            "site_pages:conversation:unfollow",
            kwargs={"token": follow_token(conversation_id, email)},
        )


def set_following(conversation: Conversation, email: str, language: str, active: bool) -> Follow:
    follow, _created = Follow.objects.update_or_create(
        conversation=conversation,
        email=email,
        defaults={"language": language, "is_active": active},
    )
    return follow
