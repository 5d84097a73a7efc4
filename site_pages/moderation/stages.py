"""The local spam stages; Akismet's lives in akismet_stage.py."""

import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from site_pages.conversation.confirmation import max_age_seconds
from site_pages.conversation.models import ArticleComment, PendingComment
from site_pages.conversation.screening import Finding, Refused, SpamStage, Submission, Verdict

from .models import BlockedTerm

URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


class HoneypotStage(SpamStage):
    """A field people cannot see: anything in it was typed by a machine."""

    name = "honeypot"

    def check(self, submission: Submission) -> Finding | None:
        if submission.honeypot:
            return self.finding(Verdict.SPAM, "The hidden honeypot field was filled in.")
        return None


class MinimumTimeStage(SpamStage):
    """People take a few seconds to write; scripts post the moment the form arrives."""

    name = "minimum_time"

    def check(self, submission: Submission) -> Finding | None:
        seconds = submission.seconds_since_form
        minimum = settings.MAZUNGUMZO_SPAM_MIN_SECONDS
        if seconds is not None and seconds < minimum:
            return self.finding(
                Verdict.SPAM,
                f"Sent {seconds:.1f} s after the form was shown (minimum {minimum} s).",
            )
        return None


def spend(key: str, limit: int, window: int) -> int | None:
    """Count one use of `key` in the current fixed window of `window` seconds.

    Returns None while within `limit`, else the seconds until the window ends (for
    Retry-After). Counters live in the cache, so every app server shares them.
    """
    now = time.time()
    bucket = int(now // window)
    counter = f"{key}:{bucket}"
    cache.add(counter, 0, timeout=window + 1)
    if cache.incr(counter) > limit:
        return max(1, int((bucket + 1) * window - now))
    return None


class RateLimitStage(SpamStage):
    """At most N comments per window from one IP address and from one email address."""

    name = "rate_limit"

    def check(self, submission: Submission) -> Finding | None:
        limit = settings.MAZUNGUMZO_RATE_LIMIT_COUNT
        window = settings.MAZUNGUMZO_RATE_LIMIT_SECONDS
        keys = [f"ratelimit:ip:{submission.ip_address}"] if submission.ip_address else []
        if submission.email:
            keys.append(f"ratelimit:email:{submission.email.lower()}")
        for key in keys:
            retry_after = spend(key, limit, window)
            if retry_after is not None:
                raise Refused(
                    _("You are posting too quickly. Please wait %(seconds)s seconds.")
                    % {"seconds": retry_after},
                    status=429,
                    retry_after=retry_after,
                )
        return None


class DuplicateStage(SpamStage):
    """The same text by the same author on the same article is refused, not stored twice.

    Anonymous comments still waiting for their email link count too, for as long as that
    link can publish them: two pending copies would both be published once confirmed.
    """

    name = "duplicate"

    def check(self, submission: Submission) -> Finding | None:
        text = submission.text.strip()
        same = ArticleComment.objects.filter(
            conversation_id=submission.conversation_id, comment=text
        )
        author = (
            same.filter(user_id=submission.user_id)
            if submission.user_id
            else same.filter(user_email__iexact=submission.email)
        )
        if author.exists() or self._pending_copy(submission, text):
            raise Refused(_("You have already posted this comment here."))
        return None

    @staticmethod
    def _pending_copy(submission: Submission, text: str) -> bool:
        if not submission.email:
            return False
        since = timezone.now() - timedelta(seconds=max_age_seconds())
        return PendingComment.objects.filter(
            conversation_id=submission.conversation_id,
            user_email__iexact=submission.email,
            comment=text,
            created_at__gte=since,
        ).exists()


class LinkCountStage(SpamStage):
    """Many links are a spam pattern; such comments wait for a moderator."""

    name = "link_count"

    def check(self, submission: Submission) -> Finding | None:
        count = len(URL.findall(submission.text))
        limit = settings.MAZUNGUMZO_SPAM_MAX_LINKS
        if count > limit:
            # Findings are for moderators and stored as written: plain English.
            return self.finding(Verdict.HOLD, f"Contains {count} links (limit {limit}).")
        return None


class BlocklistStage(SpamStage):
    """Words and link domains that moderators listed in the admin."""

    name = "blocklist"

    def check(self, submission: Submission) -> Finding | None:
        text = f"{submission.name}\n{submission.email}\n{submission.text}".lower()
        domains = {
            (urlsplit(url if "://" in url else f"http://{url}").hostname or "").removeprefix(
                "www."
            )
            for url in URL.findall(submission.text)
        }
        for term in BlockedTerm.objects.all():
            if term.kind == BlockedTerm.Kind.WORD and re.search(
                rf"(?<!\w){re.escape(term.value)}(?!\w)", text
            ):
                return self.finding(Verdict.SPAM, f"Contains the blocked word “{term.value}”.")
            if term.kind == BlockedTerm.Kind.DOMAIN and any(
                domain == term.value or domain.endswith(f".{term.value}") for domain in domains
            ):
                return self.finding(Verdict.SPAM, f"Links to the blocked domain {term.value}.")
        return None
