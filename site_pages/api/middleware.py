"""Django's LocaleMiddleware, except that API paths are never redirected and never HTML.

The API has no language prefix. Django's middleware answers a 404 on an unprefixed path
by redirecting to the prefixed one whenever that path resolves, which Wagtail's
catch-all page route always does: an API 404 would become a redirect to a page.

A path under /api/ that no view matches (`/api/v2/pages/abc/`: ids are whole numbers)
gets Django's HTML "page not found"; API clients, and the schema, expect JSON there.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            if response.status_code == 404 and not is_json(response):
                response = JsonResponse({"detail": _("Not found.")}, status=404)
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)


def is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")
