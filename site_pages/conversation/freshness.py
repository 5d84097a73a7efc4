"""A reader who has just posted sees the conversation fresh, not from a shared cache.

Posting sets a short-lived cookie; page caches and the caching proxy pass requests that
carry it, so the reader's own new, held or pending comment and its state are never hidden
behind a page cached before they wrote it.
"""

from django.conf import settings
from django.http import HttpResponse

FRESH_COOKIE = "mazungumzo_fresh"


def mark_fresh(response: HttpResponse) -> HttpResponse:
    minutes = max(settings.MAZUNGUMZO_COMMENT_EDIT_MINUTES, 10)
    response.set_cookie(
        FRESH_COOKIE,
        "1",
        max_age=minutes * 60,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response
