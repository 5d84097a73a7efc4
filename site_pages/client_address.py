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
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> str | None:
    """The address in one X-Forwarded-For entry, normalised, or None if it is not one.

    Normalised so that one reader has one spelling: no port, no IPv6 zone (databases
    refuse it), and an IPv4-mapped IPv6 address ("::ffff:192.0.2.1", from a dual-stack
    socket) as the IPv4 address it is, so it matches IPv4 networks and rate-limit keys.
    """
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.9:51234"
        text = text.split(":", 1)[0]
    try:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return str(ip)


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    """Parsed once per setting; a wrong entry is a configuration error, said loudly."""
    try:
        return tuple(
            ipaddress.ip_network(net.strip(), strict=False) for net in spec if net.strip()
        )
    except ValueError as error:
        raise ImproperlyConfigured(
            f"MAZUNGUMZO_TRUSTED_PROXIES (TRUSTED_PROXIES): {error}"
        ) from None


def _setting_networks() -> tuple[IPNetwork, ...]:
    spec = getattr(settings, "MAZUNGUMZO_TRUSTED_PROXIES", ()) or ()
    if isinstance(spec, str):  # "10.0.0.0/8,fd00::/8" set by hand rather than by env.list
        spec = spec.split(",")
    return _networks(tuple(spec))


def _setting_count() -> int:
    count = int(getattr(settings, "MAZUNGUMZO_TRUSTED_PROXY_COUNT", 0) or 0)
    if count < 0:
        raise ImproperlyConfigured("MAZUNGUMZO_TRUSTED_PROXY_COUNT (TRUSTED_PROXY_COUNT) < 0")
    return count


def _trusted(address: str, networks: tuple[IPNetwork, ...]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from, after stepping back through our own proxies.

    None only when REMOTE_ADDR itself is missing or not an address. When the entry a
    proxy of ours wrote is unreadable, the nearest hop we can name stands in for the
    client: rate limits then stay keyed to something rather than to nobody.
    """
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    count = _setting_count()
    networks = _setting_networks()
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
        return forwarded[-count] or remote
    if remote is None or not _trusted(remote, networks):
        return remote
    nearest = remote
    for address in reversed(forwarded):
        if address is None:
            return nearest  # garbage where a proxy's entry should be: stop at that proxy
        if not _trusted(address, networks):
            return address
        nearest = address
    return nearest  # every hop is ours: the request started inside our own network
