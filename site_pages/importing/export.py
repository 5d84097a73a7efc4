"""Conversations out again: as WordPress comments (WXR) and as JSON lines with every field.

WXR: one `<item>` per language version of each article, grouped with Polylang's
`language` and `post_translations` taxonomies (terms in the channel, categories on the
items), each comment on the item of its language (or the article's first version when
its language has none) with `comment_parent` naming the comment it answers. Any WXR
importer reads it; `import_wordpress` reads it back into the same conversations.

JSON lines: a `conversation` line (translation key, last number, its articles), then a
`comment` line per comment with all its fields and its translations.
"""

import json
from datetime import UTC, datetime
from typing import Any, TextIO
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.db.models import Prefetch

from site_pages.conversation.models import ArticleComment, CommentTranslation, Conversation
from site_pages.pages.models import ArticlePage

from . import php_serialize

WXR_STATES = {"published": "1", "pending": "0", "spam": "spam", "removed": "trash"}


def conversations(article_id: int | None = None):
    """Every conversation, or the one of this article (any of its language versions)."""
    found = Conversation.objects.order_by("pk")
    if article_id is not None:
        article = ArticlePage.objects.filter(pk=article_id).first()
        if article is None:
            return found.none()
        found = found.filter(translation_key=article.translation_key)
    return found


def _articles(conversation: Conversation) -> list[ArticlePage]:
    return list(conversation.articles().select_related("locale", "author").order_by("pk"))


def _comments(conversation: Conversation):
    translations = Prefetch(
        "translations", queryset=CommentTranslation.objects.order_by("language")
    )
    return (
        ArticleComment.objects.filter(conversation=conversation)
        .order_by("number")
        .prefetch_related(translations)
    )


# JSON lines ----------------------------------------------------------------------------


def write_jsonl(out: TextIO, article_id: int | None = None) -> int:
    """Write the JSON lines; returns how many comments were written."""
    written = 0
    for conversation in conversations(article_id).iterator():
        articles = _articles(conversation)
        _line(out, {
            "type": "conversation",
            "translation_key": str(conversation.translation_key),
            "last_number": conversation.last_number,
            "articles": [_article_json(article) for article in articles],
        })  # fmt: skip
        numbers = dict(
            ArticleComment.objects.filter(conversation=conversation).values_list("pk", "number")
        )
        for comment in _comments(conversation).iterator(chunk_size=500):
            _line(out, _comment_json(comment, conversation, numbers))
            written += 1
    return written


def _line(out: TextIO, data: dict[str, Any]) -> None:
    out.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")


def _article_json(article: ArticlePage) -> dict[str, Any]:
    return {
        "id": article.pk,
        "language": article.locale.language_code,
        "title": article.title,
        "slug": article.slug,
        "url": article.full_url,
        "live": article.live,
        "date": article.date.isoformat(),
        "author": article.author.name if article.author else "",
    }


def _comment_json(comment: ArticleComment, conversation, numbers: dict[int, int]):
    parent = comment.parent_id if comment.parent_id != comment.pk else None
    return {
        "type": "comment",
        "conversation": str(conversation.translation_key),
        "id": comment.pk,
        "number": comment.number,
        "parent_number": numbers.get(parent),
        "in_reply_to_number": numbers.get(comment.answered_id),
        "thread_number": numbers.get(comment.thread_id),
        "level": comment.level,
        "order": comment.order,
        "language": comment.language,
        "status": comment.status,
        "is_public": comment.is_public,
        "is_removed": comment.is_removed,
        "is_spam": comment.is_spam,
        "user_name": comment.user_name,
        "user_email": comment.user_email,
        "user_url": comment.user_url,
        "user_id": comment.user_id,
        "ip_address": comment.ip_address,
        "user_agent": comment.user_agent,
        "referrer": comment.referrer,
        "submit_date": comment.submit_date.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "followup": comment.followup,
        "comment": comment.comment,
        "moderation_notes": comment.moderation_notes,
        "translations": [
            {
                "language": translation.language,
                "text": translation.text,
                "is_machine": translation.is_machine,
                "created_at": translation.created_at.isoformat(),
            }
            for translation in comment.translations.all()
        ],
    }


# WXR -------------------------------------------------------------------------------------


def write_wxr(out: TextIO, article_id: int | None = None) -> int:
    """Write a WXR 1.2 file; returns how many comments were written."""
    out.write(_WXR_HEAD.format(
        title=escape(getattr(settings, "WAGTAIL_SITE_NAME", "Mazungumzo")),
        link=escape(settings.WAGTAILADMIN_BASE_URL),
        language=escape(settings.LANGUAGE_CODE),
        date=datetime.now(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000"),
    ))  # fmt: skip
    for conversation in conversations(article_id).iterator():
        members = {a.locale.language_code: a.pk for a in _articles(conversation)}
        if len(members) > 1:
            out.write(_term(conversation, members))
    written = 0
    for conversation in conversations(article_id).iterator():
        articles = _articles(conversation)
        if not articles:
            continue
        by_language: dict[str, list[ArticleComment]] = {}
        for comment in _comments(conversation):
            by_language.setdefault(comment.language, []).append(comment)
        languages = {article.locale.language_code for article in articles}
        for index, article in enumerate(articles):
            language = article.locale.language_code
            comments = list(by_language.get(language, []))
            if index == 0:  # comments in a language the article is not written in
                for other, extra in by_language.items():
                    if other not in languages:
                        comments += extra
            out.write(_item(article, conversation, comments, len(articles) > 1))
            written += len(comments)
    out.write("</channel>\n</rss>\n")
    return written


_WXR_HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>{title}</title>
  <link>{link}</link>
  <pubDate>{date}</pubDate>
  <language>{language}</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>{link}</wp:base_site_url>
  <wp:base_blog_url>{link}</wp:base_blog_url>
  <generator>Mazungumzo export_conversations</generator>
"""


def _cdata(text: str) -> str:
    return "<![CDATA[" + (text or "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _group(conversation: Conversation) -> str:
    return f"pll_mz{conversation.pk}"


def _term(conversation: Conversation, members: dict[str, int]) -> str:
    return (
        f"  <wp:term><wp:term_id>{conversation.pk}</wp:term_id>"
        "<wp:term_taxonomy>post_translations</wp:term_taxonomy>"
        f"<wp:term_slug>{_group(conversation)}</wp:term_slug>"
        f"<wp:term_name>{_group(conversation)}</wp:term_name>"
        f"<wp:term_description>{_cdata(php_serialize.dumps_language_map(members))}"
        "</wp:term_description></wp:term>\n"
    )


def _item(article: ArticlePage, conversation, comments: list[ArticleComment], grouped) -> str:
    language = article.locale.language_code
    # The article's own date, at the time of day it was first published.
    published = article.first_published_at.astimezone(UTC) if article.first_published_at else None
    moment = datetime.combine(article.date, published.time() if published else datetime.min.time())
    stamp = moment.strftime("%Y-%m-%d %H:%M:%S")
    author = article.author.name if article.author else ""
    categories = (
        f'<category domain="language" nicename={quoteattr(language)}>{language}</category>'
    )
    if grouped:
        group = _group(conversation)
        categories += f'<category domain="post_translations" nicename="{group}">{group}</category>'
    categories += "".join(
        f'<category domain="post_tag" nicename={quoteattr(tag.slug)}>{_cdata(tag.name)}</category>'
        for tag in article.tags.all()
    )
    return f"""  <item>
    <title>{escape(article.title)}</title>
    <link>{escape(article.full_url or "")}</link>
    <dc:creator>{_cdata(author)}</dc:creator>
    <content:encoded>{_cdata(body_html(article))}</content:encoded>
    <excerpt:encoded>{_cdata(article.search_description)}</excerpt:encoded>
    <wp:post_id>{article.pk}</wp:post_id>
    <wp:post_date>{stamp}</wp:post_date>
    <wp:post_date_gmt>{stamp}</wp:post_date_gmt>
    <wp:comment_status>{"closed" if article.comments_closed else "open"}</wp:comment_status>
    <wp:post_name>{_cdata(article.slug)}</wp:post_name>
    <wp:status>{"publish" if article.live else "draft"}</wp:status>
    <wp:post_parent>0</wp:post_parent>
    <wp:post_type>post</wp:post_type>
    {categories}
{"".join(_comment_xml(comment) for comment in comments)}  </item>
"""


def _comment_xml(comment: ArticleComment) -> str:
    date = comment.submit_date.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    return f"""    <wp:comment>
      <wp:comment_id>{comment.pk}</wp:comment_id>
      <wp:comment_author>{_cdata(comment.user_name)}</wp:comment_author>
      <wp:comment_author_email>{escape(comment.user_email)}</wp:comment_author_email>
      <wp:comment_author_url>{escape(comment.user_url)}</wp:comment_author_url>
      <wp:comment_author_IP>{escape(comment.ip_address or "")}</wp:comment_author_IP>
      <wp:comment_date>{date}</wp:comment_date>
      <wp:comment_date_gmt>{date}</wp:comment_date_gmt>
      <wp:comment_content>{_cdata(comment.comment)}</wp:comment_content>
      <wp:comment_approved>{WXR_STATES[comment.status]}</wp:comment_approved>
      <wp:comment_type>comment</wp:comment_type>
      <wp:comment_parent>{comment.answered_id or 0}</wp:comment_parent>
      <wp:comment_user_id>0</wp:comment_user_id>
    </wp:comment>
"""


def body_html(article: ArticlePage) -> str:
    """The body as plain HTML any importer reads (no site templates, no image files)."""
    parts = []
    for block in article.body:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(value.source)
        elif block.block_type == "heading":
            parts.append(f"<{value['level']}>{escape(value['text'])}</{value['level']}>")
        elif block.block_type == "quote":
            cite = f"<cite>{escape(value['attribution'])}</cite>" if value["attribution"] else ""
            paragraphs = "".join(f"<p>{escape(p)}</p>" for p in value["text"].split("\n\n"))
            parts.append(f"<blockquote>{paragraphs}{cite}</blockquote>")
        elif block.block_type == "image":
            image = value["image"]
            caption = escape(value["caption"] or "")
            src = image.get_rendition("original").full_url if image else ""
            alt = quoteattr(image.contextual_alt_text or "")
            parts.append(
                f"<figure><img src={quoteattr(src)} alt={alt}>"
                f"<figcaption>{caption}</figcaption></figure>"
            )
        elif block.block_type == "embed":
            parts.append(escape(value["url"] or value["fallback"]))
        elif block.block_type == "sponsor" and value is not None:
            parts.append(f"<p>{escape(value.name)}: {escape(value.message)}</p>")
    return "\n\n".join(parts)
