"""Running a posted comment through the spam pipeline and telling the reader the result."""

import time

from django.http import HttpRequest, HttpResponse, JsonResponse

from .spam import PipelineResult, Refused, Submission, Verdict, run_pipeline


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
            ip_address=request.META.get("REMOTE_ADDR"),
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
