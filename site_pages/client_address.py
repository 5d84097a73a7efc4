"""The reader's own network address, for rate limits, stored comments, Akismet and axes.

Behind a proxy, REMOTE_ADDR is the proxy's address, and every reader would share one rate
limit. Each proxy appends the address it received the request from to X-Forwarded-For, so
the trustworthy part of that header is its right end: one entry per proxy we run. Anything
to the left of that was written by the client and may be forged, so it is never read.

Two ways to say which proxies are ours (settings, from the environment):

- ``MAZUNGUMZO_TRUSTED_PROXY_COUNT`` (``TRUSTED_PROXY_COUNT``): exactly N proxies always
  stand in front of the app (a load balancer, then Varnish: 2). The client is the N-th
  address from the right of X-Forwarded-For.
- ``MAZUNGUMZO_TRUSTED_PROXIES`` (``TRUSTED_PROXIES``): the networks our proxies live in.
  Walking from REMOTE_ADDR leftwards through X-Forwarded-For, the first address outside
  those networks is the client. Only consulted when REMOTE_ADDR itself is one of them.

With neither set (the default), X-Forwarded-For is ignored and REMOTE_ADDR is the client.

Written here rather than with django-ipware: its proxy count counts proxies *inside* the
header, which is off by one from what operators know ("we run one proxy"), and a wrong
count there trusts the forged, left-most entry.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> str | None:
    """The address in one X-Forwarded-For entry, normalised, or None if it is not one."""
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.9:51234"
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(net.strip(), strict=False) for net in spec if net.strip())


def _trusted(address: str, networks: tuple[IPNetwork, ...]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, after stepping back through our own proxies."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    count = getattr(settings, "MAZUNGUMZO_TRUSTED_PROXY_COUNT", 0)
    networks = _networks(tuple(getattr(settings, "MAZUNGUMZO_TRUSTED_PROXIES", ())))
    if not count and not networks:
        return remote
    forwarded = [
        _address(entry)
        for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if entry.strip()
    ]
    if count:
        if len(forwarded) < count:
            # Fewer entries than proxies: the request did not come through all of them.
            return remote
        return forwarded[-count]
    if remote is None or not _trusted(remote, networks):
        return remote
    for address in reversed(forwarded):
        if address is None:
            return None  # garbage where a proxy's entry should be: no address to trust
        if not _trusted(address, networks):
            return address
    return forwarded[0] if forwarded else remote
