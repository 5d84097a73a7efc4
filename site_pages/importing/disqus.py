"""Importing a Disqus export: each thread's posts into the conversation of its article.

A thread is matched to an article (any language version) by its identifier, when that
names a WordPress post this site imported (`123 https://…/?p=123`, as the Disqus
WordPress plugin writes it), else by its link: the article's own URL or path, a
WordPress `?p=123` link, or a permalink ending in an article's slug when only one
article has it. The comments take that version's language. Threads come before posts in
a Disqus export, so the file is streamed twice: threads first, then posts, kept per
thread as small records (not XML) and merged thread by thread, each in its own
transaction.
"""

import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from django.db import transaction

from site_pages.conversation.models import Conversation
from site_pages.pages.models import ArticlePage

from .models import ImportedObject
from .records import Records
from .report import ImportReport
from .safe_xml import ImportFileError, child_text, iter_records, local_name
from .text import html_to_text
from .threads import IncomingComment, merge

logger = logging.getLogger(__name__)

SOURCE = "disqus"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


@dataclass
class DisqusThread:
    id: str
    identifier: str
    link: str
    title: str


class _DryRun(Exception):
    pass


def import_disqus(path: Path, dry_run: bool = False, progress=None) -> ImportReport:
    """Import the Disqus export at `path`; raises ImportFileError for a bad file."""
    return DisqusImport(Path(path), dry_run, progress).run()


class DisqusImport:
    def __init__(self, path: Path, dry_run: bool, progress) -> None:
        self.path, self.dry_run = path, dry_run
        self.progress = progress or (lambda done, what: None)
        self.report = ImportReport(dry_run=dry_run, source=SOURCE)

    def run(self) -> ImportReport:
        threads, forum = self._threads()
        self.records = Records(SOURCE, forum)
        matcher = ArticleMatcher()
        posts: dict[str, list[IncomingComment]] = defaultdict(list)
        for done, element in enumerate(iter_records(self.path, {"post"}), start=1):
            thread_id = _ref(element, "thread")
            comment = _comment(element)
            if comment is not None:
                posts[thread_id].append(comment)
            self.progress(done, "")
        for thread_id, comments in posts.items():
            thread = threads.get(thread_id)
            article = matcher(thread) if thread else None
            if article is None:
                where = f"{thread.title} ({thread.link})" if thread else f"thread {thread_id}"
                self.report.skip("comments on threads that match no article", len(comments))
                self.report.notes.append(f"no article for the Disqus thread {where}")
                continue
            self._import_thread(article, comments)
        return self.report

    def _threads(self) -> tuple[dict[str, DisqusThread], str]:
        threads, forum = {}, ""
        # Posts are read (and dropped) too, so their <thread dsq:id> references are not
        # taken for threads.
        for element in iter_records(self.path, {"thread", "category", "post"}):
            name = local_name(element.tag)
            if name == "category":
                forum = forum or child_text(element, "forum")
            elif name == "thread" and element.get(DSQ_ID):
                threads[element.get(DSQ_ID)] = DisqusThread(
                    id=element.get(DSQ_ID),
                    identifier=child_text(element, "id"),
                    link=child_text(element, "link"),
                    title=child_text(element, "title"),
                )
                forum = forum or child_text(element, "forum")
        if not threads:
            raise ImportFileError("This is not a Disqus export: the file has no <thread>.")
        return threads, forum or "disqus"

    def _import_thread(self, article: ArticlePage, comments: list[IncomingComment]) -> None:
        language = article.locale.language_code
        for comment in comments:
            comment.language = language
        label = f"article {article.pk} “{article.title}”"
        try:
            with transaction.atomic():
                merge(Conversation.for_page(article), comments, self.records, self.report, label)
                if self.dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        except Exception as error:  # any failure: named, rolled back, go on
            logger.exception("Importing Disqus comments of %s failed", label)
            self.report.failures.append(f"{label}: {error}")
            self.report.skip("comments on threads that failed", len(comments))
            return
        self.report.posts["updated"] += 1


class ArticleMatcher:
    """Finds the article a Disqus thread is about (see the module's docstring)."""

    def __init__(self) -> None:
        self.by_path: dict[str, ArticlePage] = {}
        slugs: dict[str, list[ArticlePage]] = defaultdict(list)
        for page in ArticlePage.objects.select_related("locale"):
            parts = page.get_url_parts()
            if parts:
                path = parts[2].rstrip("/")
                self.by_path[path] = page
                self.by_path[path.removeprefix("/" + page.locale.language_code)] = page
            slugs[page.slug].append(page)
        self.by_slug = {slug: pages[0] for slug, pages in slugs.items() if len(pages) == 1}
        self.by_post_id: dict[str, list[int]] = defaultdict(list)
        for source_id, object_id in ImportedObject.objects.filter(
            source="wordpress", kind="post"
        ).values_list("source_id", "object_id"):
            self.by_post_id[source_id].append(object_id)

    def __call__(self, thread: DisqusThread) -> ArticlePage | None:
        post_id = thread.identifier.split(" ", 1)[0]
        query = parse_qs(urlsplit(thread.link).query)
        for candidate in (post_id, *(query.get("p") or [])):
            page = self._wordpress_post(candidate)
            if page is not None:
                return page
        path = urlsplit(thread.link).path.rstrip("/")
        if path in self.by_path:
            return self.by_path[path]
        last = path.rsplit("/", 1)[-1]
        return self.by_slug.get(last) if last else None

    def _wordpress_post(self, post_id: str) -> ArticlePage | None:
        if not post_id.isdigit():
            return None
        pages = self.by_post_id.get(post_id, [])
        if len(pages) != 1:  # unknown, or the same id in two imported sites
            return None
        return ArticlePage.objects.filter(pk=pages[0]).select_related("locale").first()


def _ref(element, name: str) -> str:
    for child in element:
        if local_name(child.tag) == name:
            return child.get(DSQ_ID, "")
    return ""


def _comment(element) -> IncomingComment | None:
    source_id = element.get(DSQ_ID, "")
    if not source_id:
        return None
    author = next((child for child in element if local_name(child.tag) == "author"), None)
    deleted = child_text(element, "isDeleted") == "true"
    spam = child_text(element, "isSpam") == "true"
    approved = child_text(element, "isApproved", "true") != "false"
    state = "removed" if deleted else "spam" if spam else "published" if approved else "pending"
    return IncomingComment(
        source_id=source_id,
        parent_id=_ref(element, "parent"),
        language="",
        author=child_text(author, "name") if author is not None else "",
        email=child_text(author, "email") if author is not None else "",
        url="",
        ip=child_text(element, "ipAddress"),
        date=_date(child_text(element, "createdAt")),
        text=html_to_text(child_text(element, "message", strip=False)),
        state=state,
    )


def _date(value: str) -> datetime:
    value = re.sub(r"Z$", "+00:00", value.strip())
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
