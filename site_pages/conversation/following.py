"""Signed links that stop (or restart) a reader's mail about one conversation."""

from django.core import signing
from django.urls import reverse
from django.utils import translation

from site_pages.converters import MAX_ID

from .forms import not_storable
from .models import Conversation, Follow

SALT = "mazungumzo.follow"


def follow_token(conversation_id: int, email: str) -> str:
    return signing.dumps([conversation_id, email.lower()], salt=SALT)


def read_follow_token(token: str) -> tuple[Conversation, str]:
    """Raises signing.BadSignature or Conversation.DoesNotExist for a link we did not make.

    A token signed with our key but not of follow_token's shape (`[id, email]`) is as bad
    as a forged one: it never reaches the database.
    """
    payload = signing.loads(token, salt=SALT)
    if not (isinstance(payload, list) and len(payload) == 2):
        raise signing.BadSignature("Not a follow token.")
    conversation_id, email = payload
    if not (type(conversation_id) is int and 0 < conversation_id <= MAX_ID):
        raise signing.BadSignature("Not a follow token: conversation.")
    longest = Follow._meta.get_field("email").max_length
    plausible = isinstance(email, str) and "@" in email and len(email) <= longest
    if not plausible or not_storable(email):
        raise signing.BadSignature("Not a follow token: email.")
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
