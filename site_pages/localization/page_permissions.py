"""HTTP 403 for page edits the user may not make, instead of Wagtail's redirect.

Wagtail answers a denied page edit with a redirect to the dashboard and a message. A
translator who opens a page in another language should get a plain refusal (403) in the
admin's look, which scripts and tests can see for what it is.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from wagtail.models import Page

GUARDED_VIEWS = {
    "wagtailadmin_pages:edit": "can_edit",
    "wagtailadmin_pages:delete": "can_delete",
    "wagtailadmin_pages:unpublish": "can_unpublish",
}


class PagePermissionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        match = request.resolver_match
        check = GUARDED_VIEWS.get(match.view_name if match else "")
        user = getattr(request, "user", None)
        if check is None or user is None or not user.is_authenticated:
            return None
        page = Page.objects.filter(pk=kwargs.get("page_id")).specific().first()
        if page is None or getattr(page.permissions_for_user(user), check)():
            return None
        return TemplateResponse(
            request, "localization/page_forbidden.html", {"page": page}, status=403
        )
