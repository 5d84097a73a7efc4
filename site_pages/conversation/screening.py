"""The spam pipeline's contract, and running it on a posted comment.

The conversation owns the contract (submissions, findings, verdicts, refusals) because
posting needs it; the stages themselves live in moderation and are found by dotted path
in `MAZUNGUMZO_SPAM_STAGES`, so the conversation never imports them.

A stage looks at a submission and either says nothing, reports a finding (the comment
is kept, but held or marked as spam, with the reason shown to moderators), or refuses
the submission outright (too fast, a duplicate) with a message the reader sees.
"""

import time
from dataclasses import dataclass, field
from enum import IntEnum

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.functional import cached_property
from django.utils.module_loading import import_string

from site_pages.client_address import client_ip


class Verdict(IntEnum):
    """Ordered by severity: the worst finding decides what happens to the comment."""

    PUBLISH = 0
    HOLD = 1
    SPAM = 2


@dataclass
class Submission:
    conversation_id: int
    text: str
    name: str
    email: str
    ip_address: str | None
    user_id: int | None = None
    user_agent: str = ""
    referrer: str = ""
    language: str = ""
    seconds_since_form: float | None = None
    honeypot: str = ""
    permalink: str = ""


@dataclass(frozen=True)
class Finding:
    stage: str
    verdict: Verdict
    reason: str


class Refused(Exception):
    """The submission is turned away; nothing is stored. `status` is the HTTP answer."""

    def __init__(self, message: str, status: int = 400, retry_after: int | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.retry_after = retry_after


class SpamStage:
    """Base class of a pipeline stage; subclasses implement `check`."""

    name = "stage"

    def check(self, submission: Submission) -> Finding | None:
        raise NotImplementedError

    def finding(self, verdict: Verdict, reason: str) -> Finding:
        return Finding(stage=self.name, verdict=verdict, reason=reason)


@dataclass
class PipelineResult:
    findings: list[Finding] = field(default_factory=list)
    submission: Submission | None = None

    @cached_property
    def verdict(self) -> Verdict:
        return max((f.verdict for f in self.findings), default=Verdict.PUBLISH)

    @property
    def reasons(self) -> list[dict[str, str]]:
        return [{"stage": f.stage, "reason": f.reason} for f in self.findings]


def configured_stages() -> list[SpamStage]:
    return [import_string(path)() for path in settings.MAZUNGUMZO_SPAM_STAGES]


def run_pipeline(submission: Submission, stages: list[SpamStage] | None = None) -> PipelineResult:
    """Every stage sees the submission; the first refusal stops it (raises `Refused`)."""
    result = PipelineResult(submission=submission)
    for stage in configured_stages() if stages is None else stages:
        finding = stage.check(submission)
        if finding is not None:
            result.findings.append(finding)
    return result


def screen(
    request: HttpRequest, form, conversation, language: str, form_shown: bool = True
) -> PipelineResult:
    """Raises `Refused` when the comment must not be stored at all.

    `form_shown` is False for API calls: no form was rendered, so there is no time to
    measure and the minimum-time stage has nothing to say.
    """
    data = form.cleaned_data
    return run_pipeline(
        Submission(
            conversation_id=conversation.pk,
            text=data["comment"],
            name=data.get("name") or "",
            email=data.get("email") or "",
            ip_address=client_ip(request),
            user_id=request.user.pk if request.user.is_authenticated else None,
            user_agent=request.headers.get("User-Agent", "")[:500],
            referrer=request.headers.get("Referer", "")[:500],
            language=language,
            seconds_since_form=time.time() - int(data["timestamp"]) if form_shown else None,
            honeypot=data.get("honeypot") or "",
            permalink=request.build_absolute_uri(request.path),
        )
    )


def apply(result: PipelineResult, target) -> None:
    """Record the pipeline's verdict on a comment or a pending comment."""
    target.moderation_notes = result.reasons
    if result.submission is not None:
        target.user_agent = result.submission.user_agent
        target.referrer = result.submission.referrer
    if hasattr(target, "is_public"):
        target.is_public = result.verdict == Verdict.PUBLISH
        target.is_spam = result.verdict == Verdict.SPAM
    else:
        target.verdict = int(result.verdict)


def refused_response(request: HttpRequest, refusal: Refused, as_json: bool, page) -> HttpResponse:
    """The refusal as JSON for the inline script, else as the form page with the message."""
    if as_json:
        response = JsonResponse({"errors": {"__all__": [refusal.message]}}, status=refusal.status)
    else:
        response = page(refusal.message)
        response.status_code = refusal.status
    if refusal.retry_after is not None:
        response["Retry-After"] = str(refusal.retry_after)
    return response
