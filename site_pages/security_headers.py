"""Security headers on every response: Content-Security-Policy and Permissions-Policy.

The public site's policy (`CONTENT_SECURITY_POLICY`) allows scripts and styles from this
origin only, with no nonce: whole pages are cached for anonymous readers, here and in the
caching proxy, and a nonce replayed from a cached copy would protect nothing. Pages that
are not ours need more: the Wagtail admin (inline styles, data: and blob: images) and
drf-spectacular's ReDoc page (inline styles, a blob: web worker). They are whole URL
subtrees of third-party views, so `MAZUNGUMZO_CSP_PATH_DIRECTIVES` gives each prefix its
own complete policy here, rather than decorating hundreds of Wagtail views one by one.

Both middlewares sit outside `PageCacheMiddleware`, so a page served from the cache gets
the same headers as a fresh one, and a changed policy needs no cache flush.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase

PERMISSIONS_POLICY_HEADER = "Permissions-Policy"


def path_directives(path: str) -> dict[str, Any] | None:
    """The directives of the longest `MAZUNGUMZO_CSP_PATH_DIRECTIVES` prefix of `path`."""
    policies: Mapping[str, dict[str, Any]] = getattr(
        settings, "MAZUNGUMZO_CSP_PATH_DIRECTIVES", {}
    )
    matches = [prefix for prefix in policies if path.startswith(prefix)]
    return policies[max(matches, key=len)] if matches else None


class PathPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, with a different policy for the prefixes named in settings.

    A view's own `@csp(...)` / `@csp_replace(...)` decorator still wins over the prefix.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None:
            parts.config = path_directives(request.path_info)
        return parts


def permissions_policy(features: Mapping[str, Sequence[str]]) -> str:
    """The header's value: `camera=(), fullscreen=(self "https://…")`."""
    return ", ".join(f"{name}=({' '.join(allowed)})" for name, allowed in features.items())


class PermissionsPolicyMiddleware:
    """Adds `Permissions-Policy` from `MAZUNGUMZO_PERMISSIONS_POLICY` to every response.

    Hand-written because Django has no setting for this header (SecurityMiddleware covers
    HSTS, nosniff, Referrer-Policy and COOP only), and a dependency for one line is not
    worth it. A header a view set itself is left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.value = permissions_policy(getattr(settings, "MAZUNGUMZO_PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault(PERMISSIONS_POLICY_HEADER, self.value)
        return response
