"""Generation stamps: what a cached entry was built from, and a cheap way to outdate it.

An entry records the stamps of the things it shows (the whole site, one conversation, all
conversations) at the moment it was rendered. Changing one of those things stamps it anew,
so every entry built on the old stamp stops matching: every language version and every
thread page of an article goes at once, without knowing their URLs. An evicted stamp is
re-created with a new value, which outdates its entries too: never stale, at worst a miss.
"""

import time

from django.core.cache import cache

SITE = "mzg:gen:site"
ALL_CONVERSATIONS = "mzg:gen:conversations"


def conversation_key(translation_key) -> str:
    return f"mzg:gen:conv:{translation_key}"


def current(keys: list[str]) -> dict[str, int]:
    """The stamps now in force for these keys, creating any that are missing."""
    stamps = cache.get_many(keys)
    for key in keys:
        if key not in stamps:
            cache.add(key, time.time_ns(), timeout=None)
            stamps[key] = cache.get(key)
    return stamps


def bump(*keys: str) -> None:
    """Outdate every entry built on these keys."""
    stamp = time.time_ns()
    cache.set_many(dict.fromkeys(keys, stamp), timeout=None)


def site_stamp(request) -> int:
    """The site's stamp, read once per request by whatever caches page content on it."""
    stamp = getattr(request, "_mazungumzo_site_stamp", None)
    if stamp is None:
        stamp = current([SITE])[SITE]
        if request is not None:
            request._mazungumzo_site_stamp = stamp
    return stamp
