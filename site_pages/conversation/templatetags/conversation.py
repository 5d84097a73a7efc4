"""{% article_conversation page %}: the thread and the form, under an article."""

from django import template
from django.conf import settings
from django.utils import translation

from ..forms import ArticleCommentForm
from ..models import Conversation
from ..text import render_comment_text
from ..tree import comment_tree, visible_count

register = template.Library()


@register.inclusion_tag("conversation/thread.html", takes_context=True)
def article_conversation(context, page):
    request = context.get("request")
    conversation = Conversation.for_page(page)
    language = translation.get_language()
    user = getattr(request, "user", None)
    return {
        "request": request,
        "page": page,
        "conversation": conversation,
        "nodes": comment_tree(conversation, language),
        "count": visible_count(conversation),
        "form": ArticleCommentForm(conversation, user=user),
        "max_depth": settings.MAZUNGUMZO_COMMENT_MAX_DEPTH,
    }


@register.filter
def comment_html(text: str):
    return render_comment_text(text)
