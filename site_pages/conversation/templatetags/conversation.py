"""{% article_conversation page %}: the thread and the form, under an article."""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from ..forms import ArticleCommentForm
from ..models import Conversation
from ..pagination import PAGE_PARAMETER, thread_page
from ..rendering import render_thread
from ..text import render_comment_text

register = template.Library()

# Change when conversation/comment_form.html changes; entries also expire on their own.
FORM_MARKUP = "2"
FORM_SECONDS = 10 * 60
# Stand-ins rendered into the cached markup, replaced by each request's own values.
_PER_RENDER = ("timestamp", "security_hash")
_CSRF_STAND_IN = "mzgCsrfStandIn"


def _stand_in(name: str) -> str:
    return f"mzg-form-{name}-stand-in"


def _form_key(conversation: Conversation, authenticated: bool) -> str:
    # The notice under the form names Akismet only when it runs (moderation/akismet_stage.py).
    spam = hashlib.blake2b(
        repr(
            (bool(settings.MAZUNGUMZO_AKISMET_API_KEY), settings.MAZUNGUMZO_SPAM_STAGES)
        ).encode(),
        digest_size=6,
    ).hexdigest()
    return (
        f"mzg:form:{FORM_MARKUP}:{conversation.pk}:{translation.get_language()}:"
        f"{int(authenticated)}:{spam}"
    )


def comment_form_html(request: HttpRequest | None, conversation: Conversation, user) -> SafeString:
    """The empty comment form, its markup rendered once per conversation and language.

    What differs between renders is put in afresh every time: django-comments' timestamp
    and the security hash signed over it (so the minimum-time spam stage measures from this
    request, not from when the markup was cached), and a signed-in reader's CSRF token.
    Anonymous readers' forms carry no CSRF token (see views.post_comment).
    """
    form = ArticleCommentForm(conversation, user=user)
    authenticated = bool(user is not None and user.is_authenticated)
    key = _form_key(conversation, authenticated)
    markup = cache.get(key)
    if markup is None:
        stand_ins = {name: _stand_in(name) for name in _PER_RENDER}
        form.initial.update(stand_ins)
        context = {"form": form, "conversation": conversation, "request": request}
        if authenticated:
            context["csrf_token"] = _CSRF_STAND_IN
        markup = render_to_string("conversation/comment_form.html", context)
        form.initial.update(form.generate_security_data())
        expected = [*stand_ins.values(), *([_CSRF_STAND_IN] if authenticated else [])]
        if any(markup.count(stand_in) != 1 for stand_in in expected):
            # The template no longer shows each once: render it whole, cache nothing.
            if authenticated:
                context["csrf_token"] = get_token(request)
            return render_to_string("conversation/comment_form.html", context)
        cache.set(key, markup, FORM_SECONDS)
    for name in _PER_RENDER:
        markup = markup.replace(_stand_in(name), str(form.initial[name]))
    if authenticated:
        markup = markup.replace(_CSRF_STAND_IN, get_token(request))
    return mark_safe(markup)  # noqa: S308 - rendered by the template; values are digits, hex


@register.inclusion_tag("conversation/thread.html", takes_context=True)
def article_conversation(context, page):
    request = context.get("request")
    conversation = Conversation.for_page(page)
    language = translation.get_language()
    user = getattr(request, "user", None)
    requested_page = request.GET.get(PAGE_PARAMETER) if request is not None else None
    shown = thread_page(conversation, language, requested_page)
    closed = not conversation.is_open()
    return {
        "request": request,
        "page": page,
        "conversation": conversation,
        "thread_html": render_thread(shown.nodes, language, closed, user=user),
        "comments_page": shown.page,
        "page_parameter": PAGE_PARAMETER,
        "count": shown.count,
        "form_html": "" if closed else comment_form_html(request, conversation, user),
        "closed": closed,
    }


@register.filter
def comment_html(text: str):
    return render_comment_text(text)
