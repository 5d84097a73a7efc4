"""What an article page with a long conversation costs: queries, render time, tree building.

Run from the repository root:  .venv/bin/python benchmarks/thread_render.py

It builds a throwaway test database (the one DATABASE_URL points at, as in the tests),
loads the demo, grows one article's conversation to 10, 100 and 1000 nested comments
through the real ArticleComment.save(), and for each size measures the article page and
compares the plugin's comment_tree() with django-comments-xtd's stock tree_from_queryset().
"""

import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django_comments_xtd.models import XtdComment  # noqa: E402

from home.demo.loader import load_demo  # noqa: E402
from site_pages.conversation.models import (  # noqa: E402
    ArticleComment,
    CommentTranslation,
    Conversation,
)
from site_pages.conversation.tree import CommentNode, comment_tree, visible_count  # noqa: E402
from site_pages.models import ArticlePage  # noqa: E402

SIZES = (10, 100, 1000)
PAGE_RUNS = 7
TREE_RUNS = 7
ARTICLE_SLUG = "je-uuzaji-wa-maingiliano-ni-nini"  # the Kiswahili article, read in Kiswahili
LANGUAGE = "sw"
COUNT_HEADING = re.compile(r'class="conversation__count">\s*(\d+)\b')


def use_private_test_database() -> Path | None:
    """Never share a name with a test run going on at the same time: its database would go.

    Returns the directory made for an SQLite file, to remove at the end.
    """
    test = connection.settings_dict.setdefault("TEST", {})
    if connection.vendor == "sqlite":
        directory = Path(tempfile.mkdtemp(prefix="mazungumzo-bench-"))
        test["NAME"] = str(directory / "bench.sqlite3")
        return directory
    test["NAME"] = f"bench_mazungumzo_{os.getpid()}"
    return None


def grow(conversation: Conversation, target: int, rng: random.Random) -> None:
    """Add comments until the conversation has `target`: a third new threads, the rest replies.

    Replies pick any earlier comment, so some ask to go deeper than the thread allows and
    are attached higher up by the model, as a real reader's would be. One in five is in
    Welsh with a Kiswahili translation, so the page also shows translated comments.
    """
    existing = list(
        ArticleComment.objects.filter(conversation=conversation).values_list("pk", flat=True)
    )
    while len(existing) < target:
        parent_id = 0 if rng.random() < 0.33 else rng.choice(existing)
        welsh = rng.random() < 0.2
        n = len(existing) + 1
        comment = ArticleComment(
            conversation=conversation,
            content_object=conversation,
            site_id=settings.SITE_ID,
            user_name=f"Msomaji {n % 37}",
            user_email=f"reader{n % 37}@example.org",
            comment=(
                f"Sylw rhif {n}.\n\nAil baragraff gyda dolen https://example.org/."
                if welsh
                else f"Maoni ya {n}.\n\nAya ya pili yenye kiungo https://example.org/."
            ),
            language="cy" if welsh else LANGUAGE,
            parent_id=parent_id,
            is_public=True,
        )
        comment.notify = False  # nobody is waiting for these mails
        comment.save()
        if welsh:
            CommentTranslation.objects.create(
                comment=comment, language=LANGUAGE, text=f"Maoni namba {n}, yametafsiriwa."
            )
        existing.append(comment.pk)


def median_ms(action: Callable[[], object], runs: int) -> float:
    action()  # warm up caches and template loading, not counted
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def count_ours(nodes: list[CommentNode]) -> int:
    return sum(1 + count_ours(node.children) for node in nodes)


def count_stock(dicts: list[dict]) -> int:
    return sum(1 + count_stock(item["children"]) for item in dicts)


def measure(size: int, article: ArticlePage, conversation: Conversation, client: Client) -> dict:
    url = article.url

    def get_page() -> HttpResponse:
        return client.get(url)

    # Checked once, outside the timings: the page works and shows the conversation.
    response = get_page()
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    html = response.content.decode()
    heading = COUNT_HEADING.search(html)
    assert heading, "the comment count heading is missing"
    assert int(heading.group(1)) == visible_count(conversation)

    stock_queryset = (
        ArticleComment.objects.filter(conversation=conversation)
        .select_related("user")
        .order_by("thread_id", "order")
    )
    anonymous = AnonymousUser()

    def ours() -> list[CommentNode]:
        return comment_tree(conversation, LANGUAGE)

    def stock() -> list[dict]:
        return XtdComment.tree_from_queryset(stock_queryset.all(), user=anonymous)

    # Both trees hold every comment (none is hidden here): the comparison is like for like.
    assert count_ours(ours()) == count_stock(stock()) == size
    our_ms = median_ms(ours, TREE_RUNS)
    stock_ms = median_ms(stock, TREE_RUNS)
    return {
        "size": size,
        "page_queries": queries(get_page),
        "page_ms": median_ms(get_page, PAGE_RUNS),
        "shown": html.count('<li class="comment'),
        "our_queries": queries(ours),
        "our_ms": our_ms,
        "stock_queries": queries(stock),
        "stock_ms": stock_ms,
    }


COLUMNS = (  # heading, row key, format
    ("comments", "size", "d"),
    ("on page", "shown", "d"),
    ("page queries", "page_queries", "d"),
    ("page ms", "page_ms", ".1f"),
    ("ours ms", "our_ms", ".2f"),
    ("ours q", "our_queries", "d"),
    ("stock ms", "stock_ms", ".2f"),
    ("stock q", "stock_queries", "d"),
    ("stock/ours", "ratio", ".1f"),
)


def print_table(rows: list[dict]) -> None:
    def width(heading: str) -> int:
        return max(len(heading), 8)

    header = "  ".join(f"{heading:>{width(heading)}}" for heading, _key, _form in COLUMNS)
    print(header)
    print("-" * len(header))
    for row in rows:
        row = {**row, "ratio": row["stock_ms"] / row["our_ms"]}
        print(
            "  ".join(
                format(format(row[key], form), f">{width(heading)}")
                for heading, key, form in COLUMNS
            )
        )


def run() -> int:
    rng = random.Random(2024)
    load_demo()
    article = ArticlePage.objects.get(slug=ARTICLE_SLUG)
    conversation = Conversation.for_page(article)
    client = Client()
    rows = []
    for size in SIZES:
        started = time.perf_counter()
        grow(conversation, size, rng)
        grown_s = time.perf_counter() - started
        depth = max(
            ArticleComment.objects.filter(conversation=conversation).values_list(
                "level", flat=True
            )
        )
        print(
            f"{size} comments ready ({grown_s:.1f}s to create, {depth + 1} levels deep)",
            flush=True,
        )
        rows.append(measure(size, article, conversation, client))

    print(
        f"\nArticle page {article.url} on {connection.vendor}, "
        f"median of {PAGE_RUNS} page renders and {TREE_RUNS} tree builds per size\n"
    )
    print_table(rows)
    page_queries = {row["page_queries"] for row in rows}
    constant = len(page_queries) == 1
    print(f"\npage queries constant across sizes: {'yes' if constant else 'NO'}")
    print("on page: comments rendered on the article page (long threads are paged)")
    print("ours:    comment_tree(conversation, language), 'q' = its queries")
    print("stock:   XtdComment.tree_from_queryset(the same comments by thread_id, order)")
    return 0 if constant else 1


def main() -> int:
    scratch = use_private_test_database()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        return run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        made_here = [scratch] if scratch else []
        for directory in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
            if Path(directory).name.startswith(("mazungumzo-media-", "mazungumzo-static-")):
                made_here.append(Path(directory))  # settings.test's temporary directories
        for directory in made_here:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
