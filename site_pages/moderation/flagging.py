"""Readers flag comments; each reader counts once per comment."""

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

from site_pages.conversation.models import ArticleComment
from site_pages.conversation.views import _article_or_404, comment_url, wants_json

from .models import Flag


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=gettext_lazy("Why should moderators look at this comment?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
    )


def reporter_key(request: HttpRequest) -> str:
    """Signed-in readers by account; others by session (made if needed) and address."""
    if request.user.is_authenticated:
        who = f"user:{request.user.pk}"
    else:
        if not request.session.session_key:
            request.session.save()
        who = f"session:{request.session.session_key}:{request.META.get('REMOTE_ADDR')}"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{who}".encode()).hexdigest()


def record_flag(request: HttpRequest, comment: ArticleComment, reason: str) -> None:
    """Each reader counts once per comment; flagging again changes nothing."""
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
        record_flag(request, comment, form.cleaned_data["reason"])
        message = _("Thank you. A moderator will look at this comment.")
        if wants_json(request):
            return JsonResponse({"status": "flagged", "message": message})
        messages.success(request, message)
        return HttpResponseRedirect(comment_url(request, comment))
    if request.method == "POST" and wants_json(request):
        errors = {f: [e["message"] for e in es] for f, es in form.errors.get_json_data().items()}
        return JsonResponse({"errors": errors}, status=400)
    return TemplateResponse(
        request,
        "moderation/flag.html",
        {"comment": comment, "form": form, "article": _article_or_404(comment.conversation)},
        status=400 if form.errors else 200,
    )
