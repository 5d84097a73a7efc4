"""Importing a WordPress export: posts as articles, translations as language versions of
one article, and every language's comment thread merged into its one conversation.

Two streaming passes over the file: `wxr.scan` learns the channel, authors, attachments
and which posts translate each other; the second pass imports each translation group
(a lone post is a group of one) as soon as its last member has been read, in its own
transaction. A group that fails leaves nothing behind and is named in the report; the
others are imported. A dry run does all the work and rolls every transaction back.
"""

import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.db import transaction
from django.utils.text import slugify
from wagtail.contrib.redirects.models import Redirect
from wagtail.coreutils import find_available_slug
from wagtail.models import Locale, Page

from site_pages.conversation.models import Conversation
from site_pages.pages.models import ArticleIndexPage, ArticlePage
from site_pages.pages.snippets import Author

from . import body, wxr
from .images import ImageResolver
from .languages import LocaleMatcher
from .records import Records
from .report import ImportReport
from .text import collapse_spaces, html_to_text
from .threads import IncomingComment, merge

logger = logging.getLogger(__name__)

SOURCE = "wordpress"
IMPORTED_STATUSES = {"publish", "draft", "pending", "private", "future"}
COMMENT_STATES = {
    "1": "published",
    "approve": "published",
    "0": "pending",
    "hold": "pending",
    "spam": "spam",
    "trash": "removed",
    "post-trashed": "removed",
}
NOT_A_CATEGORY = {"uncategorized", ""}


class ImportProblem(Exception):
    """A reason a translation group cannot be imported, told to the user as is."""


class _DryRun(Exception):
    """Raised at the end of a group in a dry run, to roll its transaction back."""


@dataclass
class _Member:
    post: wxr.WxrPost
    locale: Locale


def import_wordpress(
    path: Path,
    parent: ArticleIndexPage,
    uploads: Path | None = None,
    dry_run: bool = False,
    progress: Callable[[int, str], None] | None = None,
) -> ImportReport:
    """Import the export at `path` under `parent`; raises ImportFileError for a bad file."""
    return WordPressImport(path, parent, uploads, dry_run, progress).run()


class WordPressImport:
    def __init__(self, path, parent, uploads, dry_run, progress) -> None:
        self.path, self.parent = Path(path), parent.specific
        self.uploads, self.dry_run = uploads, dry_run
        self.progress = progress or (lambda done, what: None)
        self.report = ImportReport(dry_run=dry_run)
        self.match_locale = LocaleMatcher()
        self.new_authors: set[str] = set()

    def run(self) -> ImportReport:
        channel = wxr.scan(self.path)  # a bad file stops here, before anything is written
        self.channel = channel
        self.records = Records(SOURCE, channel.export_id)
        self.images = ImageResolver(
            self.uploads, channel.attachments, self.records, self.report, self.dry_run
        )
        self.default_language = channel.language or self.parent.locale.language_code
        if self.match_locale(self.default_language) is None:
            self.report.notes.append(
                f"The export's language {channel.language!r} is not one of this site's; posts "
                f"without a language of their own go to {self.parent.locale.language_code}."
            )
            self.default_language = self.parent.locale.language_code
        sizes = self._group_sizes()
        waiting: dict[str, list[wxr.WxrPost]] = defaultdict(list)
        for done, (post, post_type, status, comments) in enumerate(
            wxr.read_posts(self.path), start=1
        ):
            if post is None or status not in IMPORTED_STATUSES:
                self._skip_item(post_type, status, comments)
            else:
                group = self._group_key(post)
                waiting[group].append(post)
                if len(waiting[group]) >= sizes.get(group, 1):
                    self._import_group(waiting.pop(group))
            self.progress(done, post.title if post else "")
        for posts in waiting.values():  # members the first pass counted but never came
            self._import_group(posts)
        return self.report

    # Planning ------------------------------------------------------------------------

    def _group_sizes(self) -> dict[str, int]:
        """How many importable posts each translation group has, so it is known when all are in."""
        channel = self.channel
        for group, members in channel.polylang_groups.items():
            for language, post_id in members.items():
                summary = channel.posts.get(post_id)
                if summary is not None:
                    summary.group = summary.group or group
                    summary.language = summary.language or language
        self.polylang_members = {
            post_id: (group, language)
            for group, members in channel.polylang_groups.items()
            for language, post_id in members.items()
        }
        sizes: dict[str, int] = defaultdict(int)
        for summary in channel.posts.values():
            if summary.status in IMPORTED_STATUSES:
                sizes[summary.group or f"post:{summary.id}"] += 1
        return sizes

    def _group_key(self, post: wxr.WxrPost) -> str:
        group, language = self.polylang_members.get(post.id, ("", ""))
        post.group = post.group or group
        post.language = post.language or language
        return post.group or f"post:{post.id}"

    def _skip_item(self, post_type: str, status: str, comments: int) -> None:
        if post_type == "post":
            self.report.skip(f"posts with status “{status}”")
        elif post_type == "attachment":
            self.report.skip("attachments (images are taken from the posts that show them)")
        else:
            self.report.skip(f"items of type “{post_type}” (only posts are imported)")
        self.report.skip("comments on posts not imported", comments)

    # One translation group, one transaction ------------------------------------------

    def _import_group(self, posts: list[wxr.WxrPost]) -> None:
        members, extra = self._members(posts)
        for post in extra:  # a second post in a language the group already has
            self.report.notes.append(
                f"post {post.id} “{post.title}” is in the same language as another post of "
                "its translation group; imported as an article of its own"
            )
            post.group = ""
            self._import_group([post])
        if not members:
            return
        label = ", ".join(f"post {m.post.id} “{m.post.title}”" for m in members)
        notes_before = len(self.report.notes)
        try:
            with transaction.atomic():
                counts = self._write_group(members)
                if self.dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except Exception as error:  # any failure: named, rolled back, go on
            if not isinstance(error, ImportProblem | body.ConversionError):
                logger.exception("Importing %s failed", label)
            del self.report.notes[notes_before:]
            self.report.posts["failed"] += len(members)
            reason = str(error) or type(error).__name__
            self.report.failures.append(f"{label}: {reason}")
            comments = sum(len(m.post.comments) for m in members)
            self.report.skip("comments on posts not imported", comments)
            return
        self._count(counts, members)

    def _members(self, posts: list[wxr.WxrPost]) -> tuple[list[_Member], list[wxr.WxrPost]]:
        members: dict[str, _Member] = {}
        extra = []
        for post in sorted(posts, key=lambda post: (post.date, _int(post.id))):
            locale = self.match_locale(post.language or self.default_language)
            if locale is None:
                self.report.skip(f"posts in a language this site does not have ({post.language})")
                self.report.skip("comments on posts not imported", len(post.comments))
                continue
            if locale.language_code in members:
                extra.append(post)
                continue
            members[locale.language_code] = _Member(post, locale)
        ordered = sorted(members.values(), key=self._source_first)
        return ordered, extra

    def _source_first(self, member: _Member) -> tuple:
        """The index page's language leads, then WPML's original, then the oldest."""
        post = member.post
        return (
            member.locale.pk != self.parent.locale_id,
            bool(post.wpml_source_language),
            post.date,
            _int(post.id),
        )

    def _write_group(self, members: list[_Member]) -> list[str]:
        outcomes, pages = [], []
        base: ArticlePage | None = None
        for member in members:  # an earlier run may have made any of them
            record = self.records.get("post", member.post.id)
            page = record.target() if record else None
            if page is not None and base is None:
                base = page.specific
        for member in members:
            outcome, page = self._write_post(member, base)
            base = base or page
            outcomes.append(outcome)
            pages.append(page)
        conversation = Conversation.for_page(pages[0])
        incoming = []
        for member in members:
            incoming += self._comments(member)
        label = f"post {members[0].post.id} “{members[0].post.title}”"
        merge(conversation, incoming, self.records, self.report, label)
        return outcomes

    def _count(self, outcomes: list[str], members: list[_Member]) -> None:
        for outcome, member in zip(outcomes, members, strict=True):
            self.report.posts[outcome] += 1
            live = member.post.status == "publish"
            self.report.posts_by_status["live" if live else "draft"] += 1
            login = member.post.author_login
            if login and outcome == "created" and login in self.new_authors:
                self.report.authors_created.add(login)
        if len(members) > 1:
            self.report.translation_groups += 1

    # Pages ---------------------------------------------------------------------------

    def _write_post(self, member: _Member, base: ArticlePage | None) -> tuple[str, ArticlePage]:
        post, locale = member.post, member.locale
        fingerprint = _fingerprint(post)
        record = self.records.get("post", post.id)
        page = record.target() if record else None
        if page is not None:
            page = page.specific
            if record.fingerprint == fingerprint:
                return "unchanged", page
        converted = body.convert(post.content, self.images)
        for note in converted.notes:
            self.report.notes.append(f"post {post.id} “{post.title}”: {note}")
        index = self._index_in(locale)
        created = page is None
        if created and base is not None:
            existing = ArticlePage.objects.filter(
                translation_key=base.translation_key, locale=locale
            ).first()
            if existing is not None:
                raise ImportProblem(
                    f"the article already has a {locale.language_code} version (page "
                    f"{existing.pk}) that this import did not make"
                )
            page = base.copy_for_translation(locale).specific
            Redirect.objects.filter(redirect_page=page).delete()
        elif created:
            page = ArticlePage(locale=locale, live=False)
        self._fill(page, post, converted.blocks, index)
        if created and base is None:
            index.add_child(instance=page)
        else:
            page.save()
        revision = page.save_revision()
        if post.status == "publish":
            revision.publish()
        elif page.live:
            page.unpublish()
        self.records.remember("post", post.id, page, fingerprint)
        return ("created" if created else "updated"), page

    def _index_in(self, locale: Locale) -> ArticleIndexPage:
        if locale.pk == self.parent.locale_id:
            return self.parent
        index = self.parent.get_translation_or_none(locale)
        if index is None:
            raise ImportProblem(
                f"there is no article index in {locale.language_code}: translate "
                f"“{self.parent.title}” into {locale.language_code} first"
            )
        return index.specific

    def _fill(self, page: ArticlePage, post: wxr.WxrPost, blocks, index: Page) -> None:
        page.title = collapse_spaces(html_to_text(post.title))[:255] or f"Post {post.id}"
        wanted = slugify(_unquote(post.slug) or page.title, allow_unicode=True)[:255]
        page.slug = find_available_slug(index, wanted or f"post-{post.id}", ignore_page_id=page.pk)
        page.date = post.date.date()
        if post.status == "publish" and post.date_gmt and page.first_published_at is None:
            page.first_published_at = post.date_gmt
        categories = [name for nicename, name in post.categories if nicename not in NOT_A_CATEGORY]
        page.topic = (categories[0] if categories else "")[:120]
        page.search_description = html_to_text(post.excerpt)
        page.author = self._author(post.author_login, page.locale)
        page.body = json.dumps([{"type": b["type"], "value": b["value"]} for b in blocks])
        page.tags.set(list(dict.fromkeys(name[:100] for name in categories + post.tags if name)))

    def _author(self, login: str, locale: Locale) -> Author | None:
        """One Author per WordPress author, in each locale its articles are written in."""
        if not login:
            return None
        author = self.records.target("author", login)
        if author is None:
            known = self.channel.authors.get(login) or wxr.WxrAuthor(login=login)
            author = Author.objects.create(
                name=(known.display_name or login)[:120],
                email=known.email if "@" in known.email else "",
                locale=locale,
            )
            self.records.remember("author", login, author)
            self.new_authors.add(login)
        if author.locale_id == locale.pk:
            return author
        translated = author.get_translation_or_none(locale)
        if translated is None:
            translated = author.copy_for_translation(locale)
            translated.save()
        return translated

    # Comments ------------------------------------------------------------------------

    def _comments(self, member: _Member) -> list[IncomingComment]:
        incoming = []
        for comment in member.post.comments:
            if comment.is_ping:
                self.report.skip(f"{comment.type}s")
                continue
            state = COMMENT_STATES.get(comment.approved)
            if state is None:
                self.report.notes.append(
                    f"comment {comment.id}: unknown approval state {comment.approved!r}, "
                    "imported as pending"
                )
                state = "pending"
            incoming.append(
                IncomingComment(
                    source_id=comment.id,
                    parent_id="" if comment.parent in {"", "0"} else comment.parent,
                    language=member.locale.language_code,
                    author=html_to_text(comment.author),
                    email=comment.email,
                    url=comment.url,
                    ip=comment.ip,
                    date=comment.date,
                    text=html_to_text(comment.content),
                    state=state,
                )
            )
        return incoming


def _fingerprint(post: wxr.WxrPost) -> str:
    data = [
        post.title, post.slug, post.date.isoformat(), post.status, post.author_login,
        post.content, post.excerpt, post.categories, post.tags,
    ]  # fmt: skip
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0


def _unquote(slug: str) -> str:
    """WordPress stores non-ASCII slugs percent-encoded."""
    return unquote(slug)
