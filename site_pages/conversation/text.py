"""Turning what a reader wrote into safe HTML: paragraphs and clickable links, nothing else."""

import nh3
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
LINK_REL = "nofollow ugc noopener"


def render_comment_text(text: str) -> SafeString:
    """Plain text in, sanitised HTML out: every tag a reader typed is shown as text."""
    html = linebreaks(urlize(escape(text), nofollow=True), autoescape=False)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
    )
    return mark_safe(cleaned)  # noqa: S308 - the output of nh3 with a closed allow-list
