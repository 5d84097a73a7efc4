"""The spam pipeline: small stages, chosen by setting, run on every new comment.

A stage looks at a submission and either says nothing, reports a finding (the comment
is kept, but held or marked as spam, with the reason shown to moderators), or refuses
the submission outright (too fast, a duplicate) with a message the reader sees.
"""

from dataclasses import dataclass, field
from enum import IntEnum

from django.conf import settings
from django.utils.functional import cached_property
from django.utils.module_loading import import_string


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
