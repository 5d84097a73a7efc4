"""Posting, replying, confirming and linking to comments, without JavaScript."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from .confirmation import LinkExpired, LinkInvalid, confirm
from .editing import can_edit
from .following import read_follow_token, set_following
from .forms import ArticleCommentForm, CommentEditForm
from .freshness import mark_fresh
from .models import ArticleComment, Conversation
from .pagination import PAGE_PARAMETER, page_of
from .posting import store_comment
from .rendering import render_comment
from .screening import Refused, refused_response, screen
from .tree import CommentNode, visible_count


def comment_url(request: HttpRequest, comment: ArticleComment) -> str:
    """The comment on the article in the reader's language: on its page, at its anchor."""
    language = translation.get_language()
    article = comment.conversation.article_in(language)
    if article is None:
        raise Http404("The article of this conversation is not published.")
    number = page_of(comment.conversation, comment.thread_id)
    query = f"?{PAGE_PARAMETER}={number}" if number > 1 else ""
    return f"{article.get_url(request)}{query}#{comment.anchor}"


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
    if not conversation.is_open():
        return _closed_response(request, conversation)
    parent = get_object_or_404(
        ArticleComment, conversation=conversation, number=number, is_public=True, is_removed=False
    )
    form = ArticleCommentForm(conversation, user=request.user, initial={"reply_to": number})
    return _form_page(request, conversation, form, parent)


def wants_json(request: HttpRequest) -> bool:
    """The inline reply script asks for JSON; a plain form post gets pages."""
    return "application/json" in request.headers.get("Accept", "")


def _form_errors(form) -> dict[str, list[str]]:
    return {
        field: [error["message"] for error in errors]
        for field, errors in form.errors.get_json_data().items()
    }


def _closed_response(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    message = _("Comments are closed on this article.")
    if wants_json(request):
        return JsonResponse({"errors": {"__all__": [message]}}, status=403)
    return TemplateResponse(
        request,
        "conversation/held.html",
        {"article": _article_or_404(conversation), "message": message, "title": message},
        status=403,
    )


@csrf_exempt
@require_POST
def post_comment(request: HttpRequest, conversation_id: int) -> HttpResponse:
    """Signed-in readers' posts are CSRF-checked; anonymous readers post from cached pages.

    A cached page cannot carry a per-reader CSRF token, and an anonymous post has no
    session or identity a forged request could borrow: it is only a pending comment that
    its author confirms by email, screened like any other.
    """
    if request.user.is_authenticated:
        return csrf_protect(_post_comment)(request, conversation_id)
    return _post_comment(request, conversation_id)


def _post_comment(request: HttpRequest, conversation_id: int) -> HttpResponse:
    conversation = get_object_or_404(Conversation, pk=conversation_id)
    if not conversation.is_open():
        return _closed_response(request, conversation)
    form = ArticleCommentForm(conversation, data=request.POST, user=request.user)
    if form.security_errors():
        if wants_json(request):
            message = _("The comment form was changed or is too old. Reload the page.")
            return JsonResponse({"errors": {"__all__": [message]}}, status=400)
        return TemplateResponse(request, "conversation/tampered.html", status=400)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse({"errors": _form_errors(form)}, status=400)
        number = form.cleaned_data.get("reply_to")
        parent = form.parent_comment(number) if number else None
        return _form_page(request, conversation, form, parent, status=400)

    language = translation.get_language()
    try:
        screening = screen(request, form, conversation, language)
    except Refused as refusal:

        def page(message: str) -> HttpResponse:
            form.add_error(None, message)
            number = form.cleaned_data.get("reply_to")
            return _form_page(
                request, conversation, form, form.parent_comment(number) if number else None
            )

        return refused_response(request, refusal, wants_json(request), page)

    posted = store_comment(request, form, conversation, screening)
    return mark_fresh(_posted_response(request, conversation, posted))


def _posted_response(request: HttpRequest, conversation: Conversation, posted) -> HttpResponse:
    if posted.outcome == "held":
        return _held_response(request, conversation)
    if posted.outcome == "published":
        if wants_json(request):
            return _published_json(request, posted.comment)
        return HttpResponseRedirect(comment_url(request, posted.comment))
    pending = posted.pending
    if wants_json(request):
        message = _("We sent a link to %(email)s. Your comment is published when you open it.") % {
            "email": pending.user_email
        }
        return JsonResponse({"status": "pending", "message": message}, status=202)
    return TemplateResponse(
        request,
        "conversation/check_your_email.html",
        {"article": _article_or_404(conversation), "email": pending.user_email},
    )


def _held_response(request: HttpRequest, conversation: Conversation) -> HttpResponse:
    """Kept for a moderator: the reader is told, and the comment is not shown yet."""
    message = _("Thank you. Your comment is waiting for a moderator.")
    if wants_json(request):
        return JsonResponse({"status": "held", "message": message}, status=202)
    return TemplateResponse(
        request,
        "conversation/held.html",
        {"article": _article_or_404(conversation), "message": message},
        status=202,
    )


def _published_json(request: HttpRequest, comment: ArticleComment) -> JsonResponse:
    """What the inline reply script needs to show the new comment without a reload."""
    parent_number = None
    if comment.parent_id != comment.pk:
        parent_number = ArticleComment.objects.values_list("number", flat=True).get(
            pk=comment.parent_id
        )
    count = visible_count(comment.conversation)
    html = render_comment(
        CommentNode(comment), closed=False, editable=can_edit(request.user, comment)
    )
    count_text = ngettext("%(counter)s comment", "%(counter)s comments", count) % {
        "counter": count
    }
    return JsonResponse(
        {
            "status": "published",
            "number": comment.number,
            "parent": parent_number,
            "url": comment_url(request, comment),
            "html": html,
            "count_text": count_text,
        },
        status=201,
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


def _own_comment(request: HttpRequest, conversation_id: int, number: int) -> ArticleComment:
    comment = get_object_or_404(
        ArticleComment.objects.select_related("conversation"),
        conversation_id=conversation_id,
        number=number,
    )
    if (
        comment.user_id == request.user.pk
        and comment.is_visible
        and not can_edit(request.user, comment)
    ):
        raise EditWindowClosed(comment)
    if not can_edit(request.user, comment):
        raise PermissionDenied("Only the author may change a comment, and only for a while.")
    return comment


class EditWindowClosed(Exception):
    """The author came back too late: they get a page that says so, not a bare 403."""

    def __init__(self, comment: ArticleComment) -> None:
        self.comment = comment


def _edit_window_closed(request: HttpRequest, error: EditWindowClosed) -> HttpResponse:
    return TemplateResponse(
        request,
        "conversation/edit_closed.html",
        {
            "minutes": settings.MAZUNGUMZO_COMMENT_EDIT_MINUTES,
            "comment_url": comment_url(request, error.comment),
        },
        status=403,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_comment(request: HttpRequest, conversation_id: int, number: int) -> HttpResponse:
    try:
        comment = _own_comment(request, conversation_id, number)
    except EditWindowClosed as closed:
        return _edit_window_closed(request, closed)
    form = CommentEditForm(
        request.POST if request.method == "POST" else None, initial={"comment": comment.comment}
    )
    if request.method == "POST" and form.is_valid():
        comment.comment = form.cleaned_data["comment"]
        comment.edited_at = timezone.now()
        comment.save(update_fields=["comment", "edited_at"])
        return HttpResponseRedirect(comment_url(request, comment))
    return TemplateResponse(
        request,
        "conversation/edit.html",
        {"comment": comment, "form": form, "article": _article_or_404(comment.conversation)},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_comment(request: HttpRequest, conversation_id: int, number: int) -> HttpResponse:
    """Withdrawing keeps the number: replies, if any, stay under a placeholder."""
    try:
        comment = _own_comment(request, conversation_id, number)
    except EditWindowClosed as closed:
        return _edit_window_closed(request, closed)
    article = _article_or_404(comment.conversation)
    if request.method == "POST":
        comment.is_removed = True
        comment.save(update_fields=["is_removed"])
        return HttpResponseRedirect(f"{article.get_url(request)}#comments")
    return TemplateResponse(
        request, "conversation/delete.html", {"comment": comment, "article": article}
    )
