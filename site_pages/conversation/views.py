"""Posting, replying, confirming and linking to comments, without JavaScript."""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from .confirmation import LinkExpired, LinkInvalid, confirm
from .following import read_follow_token, set_following
from .forms import ArticleCommentForm
from .models import ArticleComment, Conversation, PendingComment
from .tasks import send_confirmation_email


def comment_url(request: HttpRequest, comment: ArticleComment) -> str:
    """The comment on the article in the reader's language, scrolled to its anchor."""
    article = comment.conversation.article_in(translation.get_language())
    if article is None:
        raise Http404("The article of this conversation is not published.")
    return f"{article.get_url(request)}#{comment.anchor}"


def _article_or_404(conversation: Conversation):
    article = conversation.article_in(translation.get_language())
    if article is None:
        raise Http404("The article of this conversation is not published.")
    return article


def _form_page(request, conversation, form, parent=None, status=200) -> TemplateResponse:
    return TemplateResponse(
        request,
        "conversation/form_page.html",
        {
            "article": _article_or_404(conversation),
            "conversation": conversation,
            "form": form,
            "parent": parent,
        },
        status=status,
    )


def reply(request: HttpRequest, conversation_id: int, number: int) -> HttpResponse:
    """A page with the comment being answered and a form that knows its parent."""
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    parent = get_object_or_404(
        ArticleComment, conversation=conversation, number=number, is_public=True, is_removed=False
    )
    form = ArticleCommentForm(conversation, user=request.user, initial={"reply_to": number})
    return _form_page(request, conversation, form, parent)


@require_POST
def post_comment(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    form = ArticleCommentForm(conversation, data=request.POST, user=request.user)
    if form.security_errors():
        return TemplateResponse(request, "conversation/tampered.html", status=400)
    if not form.is_valid():
        parent = (
            form.parent_comment(form.cleaned_data.get("reply_to") or 0)
            if form.cleaned_data.get("reply_to")
            else None
        )
        return _form_page(request, conversation, form, parent, status=400)

    if request.user.is_authenticated:
        comment = form.get_comment_object(site_id=settings.SITE_ID)
        comment.user = request.user
        comment.ip_address = request.META.get("REMOTE_ADDR")
        comment.save()
        return HttpResponseRedirect(comment_url(request, comment))

    data = form.cleaned_data
    parent = form.parent_comment(data["reply_to"]) if data["reply_to"] else None
    with transaction.atomic():
        pending = PendingComment.objects.create(
            conversation=conversation,
            parent=parent,
            user_name=data["name"],
            user_email=data["email"],
            comment=data["comment"],
            language=translation.get_language(),
            followup=data["followup"],
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        # Queued in the same transaction: the pending comment and its mail stand or fall together.
        send_confirmation_email.enqueue(pending_id=pending.pk)
    return TemplateResponse(
        request,
        "conversation/check_your_email.html",
        {"article": _article_or_404(conversation), "email": pending.user_email},
    )


def confirm_comment(request: HttpRequest, token: str) -> HttpResponse:
    try:
        comment, first_time = confirm(token)
    except LinkExpired:
        return TemplateResponse(request, "conversation/link_expired.html", status=410)
    except LinkInvalid as error:
        raise Http404("This confirmation link is not valid.") from error
    return TemplateResponse(
        request,
        "conversation/confirmed.html",
        {
            "comment": comment,
            "comment_url": comment_url(request, comment),
            "first_time": first_time,
        },
    )


def permalink(request: HttpRequest, conversation_id: int, number: int) -> HttpResponse:
    comment = get_object_or_404(
        ArticleComment.objects.select_related("conversation"),
        conversation_id=conversation_id,
        number=number,
    )
    return HttpResponseRedirect(comment_url(request, comment))


def privacy(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "conversation/privacy.html",
        {"confirmation_days": settings.MAZUNGUMZO_COMMENT_CONFIRMATION_DAYS},
    )


def _follow_page(request: HttpRequest, token: str, following: bool) -> HttpResponse:
    try:
        conversation, email = read_follow_token(token)
    except (signing.BadSignature, Conversation.DoesNotExist) as error:
        raise Http404("This link is not valid.") from error
    set_following(conversation, email, translation.get_language(), active=following)
    return TemplateResponse(
        request,
        "conversation/unfollowed.html",
        {
            "article": conversation.article_in(translation.get_language()),
            "email": email,
            "token": token,
            "following": following,
        },
    )


@csrf_exempt  # mail clients' one-click unsubscribe (RFC 8058) POSTs here; the token is signed
@require_http_methods(["GET", "POST"])
def unfollow(request: HttpRequest, token: str) -> HttpResponse:
    """One click from the email stops the mail; the page offers to undo it."""
    return _follow_page(request, token, following=False)


@require_POST
def refollow(request: HttpRequest, token: str) -> HttpResponse:
    return _follow_page(request, token, following=True)
