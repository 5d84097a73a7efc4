"""Snippet permissions are per model in Wagtail; translators are held to their locales here."""

from django.http import HttpRequest
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.models import TranslatableMixin

from .groups import translator_locales


def may_edit_in_locale(user, instance) -> bool:
    allowed = translator_locales(user)
    if allowed is None or not isinstance(instance, TranslatableMixin):
        return True
    # Members of other groups too (editors) keep what those groups give them.
    if user.groups.filter(translates_into__isnull=True).exists():
        return True
    return instance.locale_id in allowed


@hooks.register("before_edit_snippet", order=-100)
def only_own_locale_when_editing(request: HttpRequest, instance):
    if not may_edit_in_locale(request.user, instance):
        return TemplateResponse(
            request, "localization/snippet_forbidden.html", {"object": instance}, status=403
        )
    return None
