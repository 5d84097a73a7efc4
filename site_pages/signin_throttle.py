"""Throttled sign-in to the admin (django-axes): two limits, and the lockout page.

Failed sign-ins are counted per (username, address) and per address, for
LOGIN_COOLOFF_MINUTES after the latest one:

- a username from one address is locked after ``AXES_FAILURE_LIMIT``
  (``LOGIN_FAILURE_LIMIT``) failures: someone guessing one account's password;
- an address on its own only after ``MAZUNGUMZO_LOGIN_IP_FAILURE_LIMIT``
  (``LOGIN_IP_FAILURE_LIMIT``), higher, because an office or a mobile network puts many
  people behind one address, while a guesser rotating usernames is still stopped.

A username is never locked on its own: anyone, anywhere, could then keep an editor out
of the admin by failing on purpose. The address is the one `site_pages.client_address`
names, so behind our proxies it is the reader's and a forged X-Forwarded-For changes
nothing.
"""

from math import ceil

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def address_failure_limit() -> int:
    return int(getattr(settings, "MAZUNGUMZO_LOGIN_IP_FAILURE_LIMIT", 20))


class SignInThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with a separate, higher limit for an address on its own.

    Axes compares one number with one limit; this handler's number is the pair's own
    failures, or the limit itself once the address alone has reached its higher one.
    """

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        limit = get_failure_limit(request, credentials)
        counted = 0
        parameters = get_lockout_parameters(request, credentials)
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == "ip_address":
                failures = limit if failures >= address_failure_limit() else 0
            counted = max(counted, failures)
        return counted


def lockout_minutes(request: HttpRequest | None = None) -> int:
    cool_off = get_cool_off(request)
    return max(1, ceil(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """HTTP 429 in the admin's look and in the sign-in page's language, with Retry-After.

    The language is the one the sign-in form was shown in (the browser's), not the typed
    username's admin preference: that would tell a stranger the account exists.
    """
    minutes = lockout_minutes(request)
    response = render(request, "site_pages/signin_locked.html", {"minutes": minutes}, status=429)
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response
