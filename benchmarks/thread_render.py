"""What an article page with a long conversation costs, beside stock django-comments-xtd.

Run from the repository root:  .venv/bin/python benchmarks/thread_render.py

It builds a throwaway test database (the one DATABASE_URL points at, as in the tests),
loads the demo, grows one article's conversation to 10, 100, 1,000 and 5,000 nested
comments (BENCH_SIZES) through the real ArticleComment.save(), and for each size measures
the whole article page (the whole thread on it) with nothing cached, with every comment's
fragment cached, and from the page cache, against django-comments-xtd's own
`{% render_xtdcomment_tree %}` of the same comments in the same process.
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
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test import (  # noqa: E402
    Client,
    RequestFactory,
    override_settings,
)
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

from home.demo.loader import load_demo  # noqa: E402
from site_pages.conversation.models import (  # noqa: E402
    ArticleComment,
    CommentTranslation,
    Conversation,
)
from site_pages.conversation.tree import visible_count  # noqa: E402
from site_pages.models import ArticlePage  # noqa: E402

SIZES = tuple(int(size) for size in os.environ.get("BENCH_SIZES", "10,100,1000,5000").split(","))
PAGE_RUNS = 7
STOCK_RUNS = 3
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


def stock_renderer(conversation: Conversation) -> Callable[[], str]:
    """django-comments-xtd's own `{% render_xtdcomment_tree %}` on the same comments."""
    template = Template("{% load comments_xtd %}{% render_xtdcomment_tree for conversation %}")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    context = {"conversation": conversation, "user": request.user, "request": request}
    return lambda: template.render(Context(context))


def measure(size: int, article: ArticlePage, conversation: Conversation, client: Client) -> dict:
    url = article.url

    def get_page() -> HttpResponse:
        return client.get(url)

    def get_page_cold() -> HttpResponse:
        cache.clear()  # no page, no fragment: everything rendered from the database
        return client.get(url)

    with override_settings(MAZUNGUMZO_PAGE_CACHE_SECONDS=0):
        # Checked once, outside the timings: the page works and shows the whole thread.
        response = get_page_cold()
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        html = response.content.decode()
        heading = COUNT_HEADING.search(html)
        assert heading, "the comment count heading is missing"
        assert int(heading.group(1)) == visible_count(conversation) == size
        assert html.count('<li class="comment') == size
        cold_queries = queries(get_page_cold)
        cold_ms = median_ms(get_page_cold, PAGE_RUNS)
        get_page()
        warm_queries = queries(get_page)
        warm_ms = median_ms(get_page, PAGE_RUNS)
    cache.clear()
    get_page()
    assert get_page()["X-Page-Cache"] == "hit"
    cached_queries = queries(get_page)
    cached_ms = median_ms(get_page, PAGE_RUNS)

    with override_settings(ROOT_URLCONF="benchmarks.stock_urls"):
        stock = stock_renderer(conversation)
        assert stock().count('id="c') >= size  # every comment rendered
        stock_queries = queries(stock)
        stock_ms = median_ms(stock, STOCK_RUNS)
    return {
        "size": size,
        "cold_q": cold_queries,
        "cold_ms": cold_ms,
        "warm_q": warm_queries,
        "warm_ms": warm_ms,
        "cached_q": cached_queries,
        "cached_ms": cached_ms,
        "stock_q": stock_queries,
        "stock_ms": stock_ms,
    }


COLUMNS = (  # heading, row key, format
    ("comments", "size", "d"),
    ("cold q", "cold_q", "d"),
    ("cold ms", "cold_ms", ".1f"),
    ("warm q", "warm_q", "d"),
    ("warm ms", "warm_ms", ".1f"),
    ("cached q", "cached_q", "d"),
    ("cached ms", "cached_ms", ".2f"),
    ("stock q", "stock_q", "d"),
    ("stock ms", "stock_ms", ".1f"),
    ("stock/cold", "stock_cold", ".1f"),
    ("stock/warm", "stock_warm", ".1f"),
    ("stock/cached", "stock_cached", ".0f"),
)


def print_table(rows: list[dict]) -> None:
    print("| " + " | ".join(heading for heading, _key, _form in COLUMNS) + " |")
    print("|" + "---:|" * len(COLUMNS))
    for row in rows:
        row = {
            **row,
            "stock_cold": row["stock_ms"] / row["cold_ms"],
            "stock_warm": row["stock_ms"] / row["warm_ms"],
            "stock_cached": row["stock_ms"] / row["cached_ms"],
        }
        print("| " + " | ".join(format(row[key], form) for _h, key, form in COLUMNS) + " |")


def run() -> int:
    rng = random.Random(2024)
    load_demo()
    article = ArticlePage.objects.get(slug=ARTICLE_SLUG)
    conversation = Conversation.for_page(article)
    client = Client()
    settings.MAZUNGUMZO_COMMENTS_PER_PAGE = max(SIZES) * 2  # the whole thread on one page
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
        f"\nArticle page {article.url} with the whole thread, on {connection.vendor}; "
        f"median of {PAGE_RUNS} runs ({STOCK_RUNS} for stock)\n"
    )
    print_table(rows)
    constant = all(
        len({row[key] for row in rows}) == 1 for key in ("cold_q", "warm_q", "cached_q")
    )
    print(f"\npage queries constant across sizes: {'yes' if constant else 'NO'}")
    print("cold:   the whole page, page cache off, no comment fragment cached")
    print("warm:   the whole page, page cache off, every comment fragment cached")
    print("cached: the whole page from the page cache (an anonymous reader's repeat visit)")
    print("stock:  django-comments-xtd's {% render_xtdcomment_tree %} of the same comments")
    print("stock/x: how many times faster x is than stock (higher is better)")
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
