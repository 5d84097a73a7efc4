"""Snippet permissions are per model in Wagtail; translators are held to their locales here.

Also here: the admin's page menus stop offering translators Delete and Unpublish, which
the views refuse them anyway (`page_permissions.py`).
"""

from django.http import HttpRequest
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.models import TranslatableMixin

from .groups import translator_locales
from .page_permissions import may_remove_page, without_removals


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


@hooks.register("construct_page_action_menu")
def no_unpublish_for_translators(menu_items: list, request: HttpRequest, context: dict) -> None:
    """The page editor's footer menu: no "Unpublish" for someone who may not remove the page."""
    page = context.get("page")
    if page is not None and not may_remove_page(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name != "action-unpublish"]


@hooks.register("construct_page_listing_buttons")
def no_removal_buttons_for_translators(buttons: list, page, user, context=None) -> None:
    """A page listing's row menu: no "Delete" or "Unpublish" for someone who may not remove."""
    if not may_remove_page(user, page):
        buttons[:] = without_removals(buttons, page)
