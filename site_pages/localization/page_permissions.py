"""HTTP 403 for page edits the user may not make, instead of Wagtail's redirect.

Wagtail answers a denied page edit with a redirect to the dashboard and a message. A
translator who opens a page in another language should get a plain refusal (403) in the
admin's look, which scripts and tests can see for what it is.

Translators also never delete or unpublish pages. Wagtail derives both from the "publish"
permission, which translators need to publish their translations, so no set of stored
permissions can say "publish, but do not remove": the rule lives here, refused at the
views (one page or in bulk) and taken out of the admin's menus by
`translator_permissions.py`.
"""

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from .groups import translator_locales

GUARDED_VIEWS = {
    "wagtailadmin_pages:edit": "can_edit",
    "wagtailadmin_pages:delete": "can_delete",
    "wagtailadmin_pages:unpublish": "can_unpublish",
}
REMOVAL_VIEWS = ("wagtailadmin_pages:delete", "wagtailadmin_pages:unpublish")
REMOVAL_BULK_ACTIONS = ("delete", "unpublish")
# Admin views whose header carries the page's "more" menu (Delete, Unpublish among them).
HEADER_VIEWS = {"wagtailadmin_pages:edit": "page_id", "wagtailadmin_explore": "parent_page_id"}

_UNSET = object()


def _removal_roots(user) -> tuple[str, ...] | None:
    """Tree paths under which the user may remove pages; None: wherever Wagtail says.

    For a translator, only the pages that one of their other groups (editors, say) has
    page permissions on: a translator who is also an editor keeps what editors may do.
    Kept on the user object, so a listing of many pages asks once per request.
    """
    roots = getattr(user, "_mazungumzo_removal_roots", _UNSET)
    if roots is _UNSET:
        if translator_locales(user) is None:
            roots = None
        else:
            roots = tuple(
                GroupPagePermission.objects.filter(
                    group__user=user, group__translates_into__isnull=True
                ).values_list("page__path", flat=True)
            )
        user._mazungumzo_removal_roots = roots
    return roots


def may_remove_page(user, page: Page) -> bool:
    """False when only a translator group gives the user a say over this page.

    Wagtail's own checks (`can_delete`, `can_unpublish`) still apply on top of this.
    """
    if not user.is_authenticated or user.is_superuser:
        return True
    roots = _removal_roots(user)
    return roots is None or any(page.path.startswith(root) for root in roots)


def removal_urls(page: Page) -> tuple[str, ...]:
    return tuple(reverse(name, args=[page.pk]) for name in REMOVAL_VIEWS)


def without_removals(buttons: Iterable, page: Page) -> list:
    """The admin's buttons for a page minus its Delete and Unpublish, dropdowns included."""
    urls = removal_urls(page)
    kept = []
    for button in buttons:
        if str(getattr(button, "url", "") or "").startswith(urls):
            continue
        if getattr(button, "dropdown_buttons", None):
            button.dropdown_buttons = without_removals(button.dropdown_buttons, page)
        kept.append(button)
    return kept


def removal_refused(request: HttpRequest, page: Page | None) -> TemplateResponse:
    return TemplateResponse(
        request, "localization/page_removal_forbidden.html", {"page": page}, status=403
    )


class PagePermissionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        match = request.resolver_match
        view_name = match.view_name if match else ""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if view_name == "wagtail_bulk_action":
            return self._check_bulk_removal(request, kwargs)
        check = GUARDED_VIEWS.get(view_name)
        if check is None:
            return None
        page = Page.objects.filter(pk=kwargs.get("page_id")).specific().first()
        if page is None:
            return None
        if view_name in REMOVAL_VIEWS and not may_remove_page(user, page):
            return removal_refused(request, page)
        if getattr(page.permissions_for_user(user), check)():
            return None
        return TemplateResponse(
            request, "localization/page_forbidden.html", {"page": page}, status=403
        )

    def _check_bulk_removal(self, request: HttpRequest, kwargs) -> HttpResponse | None:
        """Deleting or unpublishing pages in bulk: refused if any chosen page is not theirs."""
        if (kwargs.get("app_label"), kwargs.get("model_name")) != ("wagtailcore", "page"):
            return None
        if (
            kwargs.get("action") not in REMOVAL_BULK_ACTIONS
            or _removal_roots(request.user) is None
        ):
            return None
        ids = request.GET.getlist("id")
        if "all" in ids:  # "select all" in a listing: never for someone who may not remove
            return removal_refused(request, None)
        chosen = Page.objects.filter(pk__in=[pk for pk in ids if pk.isdigit()])
        refused = next((page for page in chosen if not may_remove_page(request.user, page)), None)
        return None if refused is None else removal_refused(request, refused)

    def process_template_response(self, request: HttpRequest, response):
        """Drop Delete and Unpublish from a page's header menu when the user may not use them.

        Wagtail builds that menu without a hook to change it (page listings and the
        editor's footer have theirs, used in `translator_permissions.py`).
        """
        match = request.resolver_match
        page_kwarg = HEADER_VIEWS.get(match.view_name if match else "")
        context = getattr(response, "context_data", None)
        user = getattr(request, "user", None)
        if page_kwarg is None or not context or "header_buttons" not in context:
            return response
        page = Page.objects.filter(pk=match.kwargs.get(page_kwarg)).first()
        if page is not None and not may_remove_page(user, page):
            context["header_buttons"] = without_removals(context["header_buttons"], page)
        return response
