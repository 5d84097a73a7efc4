"""The thread's HTML, assembled from per-comment fragments rendered once.

A comment's fragment in a language changes only when the comment, its translation into
that language, or whether the conversation is open changes. Its cache key is made of
exactly those things, so a changed comment simply gets a new key and nothing has to be
invalidated: a page of 1,000 comments is one `get_many` from the cache and a string join.
Only what belongs to one reader (the Edit and Delete links on their own comments, while
they may still change them) is rendered per request, and that is a handful of comments.

Fragments are built in Python, not with a template per comment: the labels, link
patterns and date format are looked up once per thread, so even a cold thread costs a
few string operations per comment (the template engine cost 2 ms a comment).
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from .editing import can_edit
from .text import render_comment_text
from .tree import CommentNode, walk

# Change when the markup below changes: every cached fragment is then rebuilt.
MARKUP_VERSION = "4"
# A week: entries of comments nobody reads any more fall out; live ones are read again.
FRAGMENT_SECONDS = 7 * 24 * 60 * 60
_NUMBER = 987654321  # stands for the comment number in link patterns reversed once


def fragment_key(node: CommentNode, language: str, closed: bool) -> str:
    """Changes whenever anything the fragment shows changes; nothing else does."""
    comment, translation = node.comment, node.translation
    # One f-string, not str() of each part and a join: this runs for every comment shown.
    state = (
        f"{comment.is_public}\x1f{comment.is_removed}\x1f{comment.edited_at}\x1f"
        f"{comment.submit_date}\x1f{comment.user_name}\x1f{comment.comment}\x1f"
    )
    if translation:
        state += f"{translation.text}\x1f{translation.is_machine}\x1f{translation.language}"
    else:
        state += "\x1f\x1f"
    digest = hashlib.blake2b(state.encode(), digest_size=8).hexdigest()
    return f"mzg:frag:{MARKUP_VERSION}:{comment.pk}:{language}:{int(closed)}:{digest}"


@dataclass
class FragmentRenderer:
    """Renders comments of one conversation in the active language."""

    conversation_id: int
    closed: bool

    def _link(self, name: str) -> str:
        return reverse(name, args=(self.conversation_id, _NUMBER))

    @cached_property
    def links(self) -> dict[str, str]:
        return {
            "reply": self._link("site_pages:conversation:reply"),
            "flag": self._link("site_pages:moderation:flag"),
            "edit": self._link("site_pages:conversation:edit"),
            "delete": self._link("site_pages:conversation:delete"),
        }

    @cached_property
    def labels(self) -> dict[str, str]:
        return {
            key: escape(text)
            for key, text in {
                "link": _("Link to this comment"),
                "edited": _("edited"),
                "removed": _("This comment has been removed."),
                "reply": _("Reply"),
                "flag": _("Flag"),
                "edit": _("Edit"),
                "delete": _("Delete"),
            }.items()
        }

    @cached_property
    def comment_label(self) -> str:
        return _("Comment %(number)s")

    @cached_property
    def date_format(self) -> str:
        return get_format("DATETIME_FORMAT")

    def url(self, name: str, number: int) -> str:
        return self.links[name].replace(str(_NUMBER), str(number))

    def original_note(self, node: CommentNode) -> str:
        language = get_language_info(node.comment.language)["name_translated"]
        if node.translation.is_machine:
            note = _("Machine-translated from %(language)s. Show original")
        else:
            note = _("Translated from %(language)s. Show original")
        return escape(note % {"language": language})

    def render(self, node: CommentNode, editable: bool = False) -> str:
        """One comment's opening `<li>` and its `<article>`; replies and `</li>` follow."""
        comment, translation = node.comment, node.translation
        number = comment.number
        anchor = f"c{number}"
        labels = self.labels
        hidden = node.is_placeholder
        lang = translation.language if translation else comment.language
        parts = [
            f'<li class="comment{" comment--hidden" if hidden else ""}" id="{anchor}" '
            f'lang="{escape(lang)}">\n'
            f'  <article class="comment__body" aria-label="'
            f'{escape(self.comment_label % {"number": number})}">\n'
            f'    <header class="comment__meta">\n'
            f'      <a class="comment__number" href="#{anchor}" title="{labels["link"]}">'
            f"{number}</a>\n"
        ]
        if hidden:
            parts.append(
                "    </header>\n"
                f'    <p class="comment__placeholder">{labels["removed"]}</p>\n'
                "  </article>"
            )
            return "".join(parts)
        when = timezone.localtime(comment.submit_date)
        parts.append(
            f'      <span class="comment__author">{escape(comment.name)}</span>\n'
            f'      <time datetime="{when.replace(microsecond=0).isoformat()}">'
            f"{escape(dateformat.format(when, self.date_format))}</time>\n"
        )
        if comment.edited_at is not None:
            parts.append(f'      <span class="comment__edited">{labels["edited"]}</span>\n')
        parts.append("    </header>\n")
        original = render_comment_text(comment.comment)
        if translation:
            parts.append(
                f'    <div class="comment__text" dir="auto">'
                f"{render_comment_text(translation.text)}</div>\n"
                # The note is in the reader's language (inherited); only the original is not.
                f'    <details class="comment__original">\n'
                f"      <summary>{self.original_note(node)}</summary>\n"
                f'      <div class="comment__text" lang="{escape(comment.language)}" dir="auto">'
                f"{original}</div>\n"
                f"    </details>\n"
            )
        else:
            # dir="auto": a reader may write in a script of either direction, whatever the page's.
            parts.append(f'    <div class="comment__text" dir="auto">{original}</div>\n')
        actions = []
        if not self.closed:
            actions.append(
                f'<a class="comment__reply" href="{self.url("reply", number)}" '
                f'data-reply-to="{number}">{labels["reply"]}</a>'
            )
        actions.append(
            f'<a class="comment__flag" href="{self.url("flag", number)}" rel="nofollow">'
            f"{labels['flag']}</a>"
        )
        if editable:
            for name in ("edit", "delete"):
                actions.append(
                    f'<a class="comment__{name}" href="{self.url(name, number)}">'
                    f"{labels[name]}</a>"
                )
        parts.append(f'    <p class="comment__actions">{" · ".join(actions)}</p>\n  </article>')
        return "".join(parts)


def render_comment(node: CommentNode, closed: bool, editable: bool = False) -> SafeString:
    """A single comment as a complete list item (for the inline reply script)."""
    renderer = FragmentRenderer(node.comment.conversation_id, closed)
    return mark_safe(renderer.render(node, editable) + "\n</li>")  # noqa: S308 - escaped above


def render_thread(nodes: list[CommentNode], language: str, closed: bool, user=None) -> SafeString:
    """The list items of these top-level nodes with all their replies, as HTML."""
    flat = list(walk(nodes))
    if not flat:
        return mark_safe("")
    renderer = FragmentRenderer(flat[0].comment.conversation_id, closed)
    own = set()
    if user is not None and user.is_authenticated:  # readers' own comments, a handful at most
        own = {
            node.comment.pk
            for node in flat
            if node.comment.user_id == user.pk and can_edit(user, node.comment)
        }
    keys = {
        node.comment.pk: fragment_key(node, language, closed)
        for node in flat
        if node.comment.pk not in own
    }
    fragments = cache.get_many(keys.values())
    missing = {}
    html: dict[int, str] = {}
    for node in flat:
        pk = node.comment.pk
        if pk in own:
            html[pk] = renderer.render(node, editable=True)
            continue
        fragment = fragments.get(keys[pk])
        if fragment is None:
            fragment = missing[keys[pk]] = renderer.render(node)
        html[pk] = fragment
    if missing:
        cache.set_many(missing, FRAGMENT_SECONDS)
    parts: list[str] = []
    _assemble(nodes, html, parts)
    return mark_safe("".join(parts))  # noqa: S308 - every reader value is escaped above


def _assemble(nodes: Iterable[CommentNode], html: dict[int, str], parts: list[str]) -> None:
    for node in nodes:
        parts.append(html[node.comment.pk])
        if node.children:
            parts.append('\n  <ul class="comment-replies">')
            _assemble(node.children, html, parts)
            parts.append("</ul>")
        parts.append("\n</li>")
