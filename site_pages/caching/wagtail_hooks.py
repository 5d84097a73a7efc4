"""Marks Wagtail pages served to anonymous readers as cacheable (see pages.py)."""

from wagtail import hooks

from . import generations
from .pages import is_anonymous, is_cacheable_request, mark


@hooks.register("before_serve_page")
def cache_page_for_anonymous_readers(page, request, serve_args, serve_kwargs) -> None:
    if not (is_cacheable_request(request) and is_anonymous(request)):
        if is_cacheable_request(request):
            mark(request, [])  # still a page: signed-in readers get "private"
        return
    keys = [generations.SITE]
    if getattr(page, "translation_key", None) is not None:
        # Every language version of a page shares its translation key, and an article's
        # conversation is keyed by it: one stamp outdates all of them at once.
        keys.append(generations.conversation_key(page.translation_key))
    try:
        mark(request, keys)
    except Exception:  # the cache is down: this page is simply not stored
        return
