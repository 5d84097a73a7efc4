"""{% article_conversation page %}: the thread and the form, under an article."""

from django import template
from django.utils import translation

from ..editing import edit_deadline
from ..forms import ArticleCommentForm
from ..models import Conversation
from ..pagination import PAGE_PARAMETER, paginate
from ..text import render_comment_text
from ..tree import comment_tree, visible_count

register = template.Library()


@register.inclusion_tag("conversation/thread.html", takes_context=True)
def article_conversation(context, page):
    request = context.get("request")
    conversation = Conversation.for_page(page)
    language = translation.get_language()
    user = getattr(request, "user", None)
    requested_page = request.GET.get(PAGE_PARAMETER) if request is not None else None
    thread_page = paginate(comment_tree(conversation, language), requested_page)
    return {
        "request": request,
        "page": page,
        "conversation": conversation,
        "nodes": thread_page.nodes,
        "comments_page": thread_page.page,
        "page_parameter": PAGE_PARAMETER,
        "count": visible_count(conversation),
        "form": ArticleCommentForm(conversation, user=user),
        "edit_deadline": edit_deadline(),
        "closed": not conversation.is_open(),
    }


@register.filter
def comment_html(text: str):
    return render_comment_text(text)
