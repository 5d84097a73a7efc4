"""Readers flag comments; each reader counts once per comment.

A reader is their account when signed in, else their address (`client_ip`, so one
address behind our proxies is one reader). Anonymous flagging writes no session: a client
that drops its cookies would otherwise add a session row, and a fresh "reader", on every
request. Flags are also limited per address and window (FLAG_LIMIT_COUNT per
FLAG_LIMIT_SECONDS), counted in the cache like the comment rate limit.
"""

import hashlib

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from site_pages.client_address import client_ip
from site_pages.conversation.models import ArticleComment
from site_pages.conversation.screening import Refused, refused_response
from site_pages.conversation.views import _article_or_404, comment_url, wants_json

from .models import Flag
from .stages import spend


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why should moderators look at this comment?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
    )


def reporter_key(request: HttpRequest) -> str:
    """Signed-in readers by account; others by address, hashed so no address is stored."""
    if request.user.is_authenticated:
        who = f"user:{request.user.pk}"
    else:
        who = f"address:{client_ip(request)}"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{who}".encode()).hexdigest()


def record_flag(request: HttpRequest, comment: ArticleComment, reason: str) -> Refused | None:
    """Each reader counts once per comment; flagging again changes nothing.

    Past the address's flag limit nothing is stored and the refusal (HTTP 429, with
    Retry-After) is returned for the view to answer with; None means the flag counts.
    """
    retry_after = spend(
        f"flaglimit:ip:{client_ip(request)}",
        settings.MAZUNGUMZO_FLAG_LIMIT_COUNT,
        settings.MAZUNGUMZO_FLAG_LIMIT_SECONDS,
    )
    if retry_after is not None:
        return Refused(
            _("You are posting too quickly. Please wait %(seconds)s seconds.")
            % {"seconds": retry_after},
            status=429,
            retry_after=retry_after,
        )
    try:
        with transaction.atomic():
            Flag.objects.create(
                comment=comment,
                user=request.user if request.user.is_authenticated else None,
                reporter=reporter_key(request),
                reason=reason,
            )
    except IntegrityError:
        pass
    return None


@require_http_methods(["GET", "POST"])
def flag_comment(request: HttpRequest, conversation_id: int, number: int) -> HttpResponse:
    comment = get_object_or_404(
        ArticleComment.objects.select_related("conversation"),
        conversation_id=conversation_id,
        number=number,
        is_public=True,
        is_removed=False,
    )
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        refusal = record_flag(request, comment, form.cleaned_data["reason"])
        if refusal is not None:

            def page(message: str) -> HttpResponse:
                form.add_error(None, message)
                return _flag_page(request, comment, form)

            return refused_response(request, refusal, wants_json(request), page)
        message = _("Thank you. A moderator will look at this comment.")
        if wants_json(request):
            return JsonResponse({"status": "flagged", "message": message})
        messages.success(request, message)
        return HttpResponseRedirect(comment_url(request, comment))
    if request.method == "POST" and wants_json(request):
        errors = {f: [e["message"] for e in es] for f, es in form.errors.get_json_data().items()}
        return JsonResponse({"errors": errors}, status=400)
    return _flag_page(request, comment, form, status=400 if form.errors else 200)


def _flag_page(
    request: HttpRequest, comment: ArticleComment, form: FlagForm, status: int = 200
) -> TemplateResponse:
    return TemplateResponse(
        request,
        "moderation/flag.html",
        {"comment": comment, "form": form, "article": _article_or_404(comment.conversation)},
        status=status,
    )
