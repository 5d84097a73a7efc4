"""Django's LocaleMiddleware, except that API paths are never redirected.

The API has no language prefix. Django's middleware answers a 404 on an unprefixed path
by redirecting to the prefixed one whenever that path resolves, which Wagtail's
catch-all page route always does: an API 404 would become a redirect to a page.
"""

from django.middleware.locale import LocaleMiddleware
from django.utils.cache import patch_vary_headers


class SiteLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
