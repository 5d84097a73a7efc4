"""Who may moderate; a plain 403 for everyone else.

Wagtail's admin turns a denied permission into a redirect to the dashboard with a
message. For the comments area we answer 403 instead, so scripts and tests see the
refusal for what it is; the page still explains it in the admin's own look.
"""

from django.http import HttpRequest
from django.template.response import TemplateResponse

MODERATE_PERMISSION = "conversation.moderate_articlecomment"


def is_moderator(user) -> bool:
    return user.is_active and user.has_perm(MODERATE_PERMISSION)


def forbidden(request: HttpRequest) -> TemplateResponse:
    return TemplateResponse(request, "moderation/forbidden.html", status=403)


class ModeratorsOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)
