"""Akismet as a spam stage, and reporting moderators' verdicts back to it.

The `akismet` package's client is used as is. Its API address is fixed, so requests are
redirected by the HTTP transport when AKISMET_API_URL names another one (a proxy, or the
local fake server the tests run on 127.0.0.1).
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import akismet
import httpx
from django.conf import settings
from django.utils import translation
from django_tasks import task

from site_pages.conversation.screening import Finding, SpamStage, Submission, Verdict

logger = logging.getLogger(__name__)

AKISMET_STAGE = "site_pages.moderation.akismet_stage.AkismetStage"
DEFAULT_API_URL = "https://rest.akismet.com"


def akismet_enabled() -> bool:
    """A key is set and the stage is in the pipeline; otherwise only local stages run."""
    return bool(settings.MAZUNGUMZO_AKISMET_API_KEY) and AKISMET_STAGE in (
        settings.MAZUNGUMZO_SPAM_STAGES
    )


class _RedirectingTransport(httpx.HTTPTransport):
    """Sends every request to `base_url`'s scheme, host and port, keeping the path."""

    def __init__(self, base_url: str, **kwargs):
        super().__init__(**kwargs)
        self.base = httpx.URL(base_url)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(
            scheme=self.base.scheme, host=self.base.host, port=self.base.port
        )
        request.headers["Host"] = self.base.netloc.decode("ascii")
        return super().handle_request(request)


@contextmanager
def akismet_client() -> Iterator[akismet.SyncClient]:
    """A client on our own HTTP connection: the library's `with` would verify the key each time."""
    api_url = settings.MAZUNGUMZO_AKISMET_API_URL.rstrip("/")
    transport = None if api_url == DEFAULT_API_URL else _RedirectingTransport(api_url)
    config = akismet.Config(
        key=settings.MAZUNGUMZO_AKISMET_API_KEY, url=settings.MAZUNGUMZO_AKISMET_SITE_URL
    )
    with httpx.Client(
        transport=transport,
        timeout=settings.MAZUNGUMZO_AKISMET_TIMEOUT,
        headers={"User-Agent": akismet.USER_AGENT},
    ) as http_client:
        yield akismet.SyncClient(config=config, http_client=http_client)


def _common_fields(language: str) -> dict:
    return {
        "blog_lang": language or translation.get_language() or settings.LANGUAGE_CODE,
        "blog_charset": "UTF-8",
        "is_test": settings.MAZUNGUMZO_AKISMET_IS_TEST,
    }


class AkismetStage(SpamStage):
    """Asks Akismet about each new comment; does nothing while no key is configured."""

    name = "akismet"

    def check(self, submission: Submission) -> Finding | None:
        if not akismet_enabled():
            return None
        fields = {
            **_common_fields(submission.language),
            "comment_type": "comment",
            "comment_author": submission.name,
            "comment_author_email": submission.email,
            "comment_content": submission.text,
            "permalink": submission.permalink,
            "referrer": submission.referrer,
            "user_agent": submission.user_agent,
        }
        try:
            with akismet_client() as client:
                answer = client.comment_check(submission.ip_address or "", **fields)
        except akismet.AkismetError as error:
            # Akismet being down must not publish unchecked comments, nor lose them.
            logger.warning("Akismet comment-check failed: %s", error)
            return self.finding(Verdict.HOLD, f"Akismet could not be asked ({error}).")
        if answer == akismet.CheckResponse.DISCARD:
            return self.finding(Verdict.SPAM, "Akismet: blatant spam (it advises discarding).")
        if answer == akismet.CheckResponse.SPAM:
            return self.finding(Verdict.SPAM, "Akismet: spam.")
        return None


@task()
def report_verdict(comment_id: int, spam: bool) -> None:
    """Queued by a moderator's "spam" / "not spam", so the admin never waits on Akismet.

    A failure (Akismet down, key revoked) raises, and the task is kept as failed.
    """
    from site_pages.conversation.models import ArticleComment

    comment = ArticleComment.objects.select_related("conversation").filter(pk=comment_id).first()
    if comment is not None:
        report(comment, spam=spam)


def report(comment, *, spam: bool) -> None:
    """Tell Akismet a moderator's verdict (submit-spam or submit-ham) about a stored comment."""
    permalink = ""
    article = comment.conversation.article_in(comment.language)
    if article is not None:
        permalink = f"{article.full_url}#{comment.anchor}"
    fields = {
        **_common_fields(comment.language),
        "comment_type": "reply" if comment.parent_id != comment.pk else "comment",
        "comment_author": comment.user_name,
        "comment_author_email": comment.user_email,
        "comment_content": comment.comment,
        "comment_date_gmt": comment.submit_date.isoformat(),
        "permalink": permalink,
        "referrer": comment.referrer,
        "user_agent": comment.user_agent,
    }
    with akismet_client() as client:
        submit = client.submit_spam if spam else client.submit_ham
        submit(comment.ip_address or "", **fields)
