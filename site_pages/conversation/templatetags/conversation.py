"""{% article_conversation page %}: the thread and the form, under an article."""

from django import template
from django.utils import translation

from ..forms import ArticleCommentForm
from ..models import Conversation
from ..pagination import PAGE_PARAMETER, thread_page
from ..rendering import render_thread
from ..text import render_comment_text
from ..tree import visible_count

register = template.Library()


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
        "count": visible_count(conversation),
        "form": ArticleCommentForm(conversation, user=user),
        "closed": closed,
    }


@register.filter
def comment_html(text: str):
    return render_comment_text(text)
