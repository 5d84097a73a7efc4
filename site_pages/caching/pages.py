"""Whole responses for anonymous readers, kept in Django's cache (Redis in production).

Wagtail pages are marked cacheable by a `before_serve_page` hook (which knows the page, so
an article's entry depends on its conversation's stamp); public API GETs by their path.
The middleware answers a repeated request from the cache before sessions, locales, CSRF
and authentication run (it sits just after WhiteNoise and CORS), with its ETag computed
once when stored, and sends headers a caching proxy or CDN can honour.

A request is not anonymous when it carries the session cookie, the messages cookie, the
"just posted" cookie or an Authorization header: those readers always get a fresh page.
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.http import parse_http_date_safe

from site_pages.conversation.freshness import FRESH_COOKIE

from . import generations

logger = logging.getLogger(__name__)
MARK = "_mazungumzo_cache_stamps"
# Set again on every answer, or belonging to one reader: never replayed from the cache.
DROPPED_HEADERS = {"set-cookie", "cache-control", "expires", "x-page-cache"}
API_PREFIX = "/api/"


def is_anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
        or FRESH_COOKIE in cookies
        or "Authorization" in request.headers
    )


def is_cacheable_request(request: HttpRequest) -> bool:
    return request.method == "GET" and settings.MAZUNGUMZO_PAGE_CACHE_SECONDS > 0


def mark(request: HttpRequest, keys: list[str]) -> None:
    """Cache this request's response, built on the stamps these keys have now."""
    setattr(request, MARK, generations.current(keys))


def entry_key(request: HttpRequest) -> str:
    """A short key for any URL (cache backends limit key length)."""
    address = f"{request.get_host()}\x1f{request.get_full_path()}"
    if request.path.startswith(API_PREFIX):
        # The API answers in the language asked for, by parameter or by header.
        address += f"\x1f{request.headers.get('Accept-Language', '')}"
    return f"mzg:page:{hashlib.blake2b(address.encode(), digest_size=16).hexdigest()}"


def public_cache_control(response: HttpResponse) -> None:
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.MAZUNGUMZO_PROXY_CACHE_SECONDS,
        stale_while_revalidate=settings.MAZUNGUMZO_STALE_SECONDS,
    )


class PageCacheMiddleware:
    """Serve and store anonymous readers' pages; see the module docstring."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_cacheable_request(request):
            return self.get_response(request)
        anonymous = is_anonymous(request)
        if anonymous:
            key = entry_key(request)  # before the cache: a bad Host header is a 400, not this
            try:
                cached = self.cached_response(request, key)
                if cached is not None:
                    return cached
                if request.path.startswith(API_PREFIX):
                    mark(request, [generations.SITE, generations.ALL_CONVERSATIONS])
            except Exception:  # the cache is down: serve from the database, say so once
                logger.warning("page cache unavailable; serving uncached", exc_info=True)
                return self.get_response(request)
        response = self.get_response(request)
        stamps = getattr(request, MARK, None)
        if stamps is None:
            return response
        if not anonymous:
            patch_cache_control(response, private=True)
        elif response.status_code == 200 and not response.cookies and not response.streaming:
            try:
                self.store(request, response, stamps)
            except Exception:
                logger.warning("page cache unavailable; not stored", exc_info=True)
                return response
            public_cache_control(response)
            response["X-Page-Cache"] = "miss"
        return response

    def cached_response(self, request: HttpRequest, key: str) -> HttpResponse | None:
        entry = cache.get(key)
        if entry is None:
            return None
        if generations.current(list(entry["stamps"])) != entry["stamps"]:
            return None
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"].items():
            response[name] = value
        public_cache_control(response)
        response["X-Page-Cache"] = "hit"
        # This middleware sits outside ConditionalGetMiddleware: answer If-None-Match here.
        last_modified = response.get("Last-Modified")
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(last_modified) if last_modified else None,
            response=response,
        )

    def store(self, request: HttpRequest, response: HttpResponse, stamps: dict) -> None:
        if not response.has_header("ETag"):
            set_response_etag(response)  # once, here, not on every hit
        headers = {
            name: value for name, value in response.items() if name.lower() not in DROPPED_HEADERS
        }
        cache.set(
            entry_key(request),
            {"content": response.content, "headers": headers, "stamps": stamps},
            settings.MAZUNGUMZO_PAGE_CACHE_SECONDS,
        )
