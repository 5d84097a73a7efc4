"""How long a 20,000-comment WordPress import takes, and the memory it needs.

Run from the repository root:  .venv/bin/python benchmarks/import_wordpress.py

It builds a throwaway test database (SQLite in a temporary directory, or
`bench_import_<pid>` beside the database DATABASE_URL names), loads the demo, writes a
WXR export of BENCH_POSTS posts (Polylang pairs, Kiswahili and Welsh) carrying
BENCH_COMMENTS comments in nested threads, imports it with `import_wordpress`, and prints:
the file's size, the import's wall time, the process's maximum resident size before and
after it (getrusage: the memory peak), and the time of a second, unchanged run. With
BENCH_TRACEMALLOC=1 it also prints Python's peak allocated memory during the import
(tracemalloc, which slows the import down several times, so the time is then an upper
bound).
"""

import os
import random
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "settings.test"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

from home.demo.loader import load_demo  # noqa: E402
from site_pages.conversation.models import ArticleComment  # noqa: E402
from site_pages.importing.wordpress import import_wordpress  # noqa: E402
from site_pages.models import ArticleIndexPage  # noqa: E402

POSTS = int(os.environ.get("BENCH_POSTS", "200"))
COMMENTS = int(os.environ.get("BENCH_COMMENTS", "20000"))
TRACEMALLOC = os.environ.get("BENCH_TRACEMALLOC") == "1"

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Bench</title><link>https://bench.example.org</link><language>sw</language>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_blog_url>https://bench.example.org</wp:base_blog_url>
<wp:author><wp:author_login>amina</wp:author_login>
<wp:author_display_name>Amina</wp:author_display_name></wp:author>
"""


def write_export(path: Path, rng: random.Random) -> None:
    """Posts in pairs (sw, cy), comments spread evenly, a third of them top-level."""
    per_post = COMMENTS // POSTS
    comment_id = 100_000
    with path.open("w", encoding="utf-8") as out:
        out.write(HEAD)
        for number in range(POSTS):
            post_id, language = 1000 + number, ("sw", "cy")[number % 2]
            group = f"pll_{number // 2}"
            out.write(
                f"<item><title>Makala {number}</title><dc:creator>amina</dc:creator>"
                f"<content:encoded><![CDATA[<!-- wp:paragraph --><p>Aya {number}.</p>"
                f"<!-- /wp:paragraph -->\n\nMaandishi ya kawaida.]]></content:encoded>"
                f"<excerpt:encoded><![CDATA[]]></excerpt:encoded>"
                f"<wp:post_id>{post_id}</wp:post_id>"
                f"<wp:post_date>2020-01-01 09:00:00</wp:post_date>"
                f"<wp:post_date_gmt>2020-01-01 09:00:00</wp:post_date_gmt>"
                f"<wp:post_name>makala-{number}</wp:post_name><wp:status>publish</wp:status>"
                f"<wp:post_type>post</wp:post_type>"
                f'<category domain="language" nicename="{language}">{language}</category>'
                f'<category domain="post_translations" nicename="{group}">{group}</category>'
            )
            ids: list[int] = []
            for index in range(per_post):
                comment_id += 1
                parent = rng.choice(ids) if ids and rng.random() > 0.33 else 0
                minute = index % 60
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>Msomaji {index}</wp:comment_author>"
                    f"<wp:comment_author_email>r{index}@example.org</wp:comment_author_email>"
                    f"<wp:comment_date_gmt>2020-02-{1 + index // 1440 % 28:02d} "
                    f"{index // 60 % 24:02d}:{minute:02d}:{number % 60:02d}</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[Maoni {index} kuhusu makala {number}."
                    f"]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
                    f"<wp:comment_type>comment</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>"
                )
                ids.append(comment_id)
            out.write("</item>\n")
        out.write("</channel></rss>\n")


def run() -> None:
    load_demo()
    index = ArticleIndexPage.objects.get(locale__language_code="sw")
    with tempfile.TemporaryDirectory(prefix="mazungumzo-bench-wxr-") as scratch:
        path = Path(scratch) / "export.xml"
        write_export(path, random.Random(16))
        size_mb = path.stat().st_size / 1e6
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
        if TRACEMALLOC:
            tracemalloc.start()
        started = time.perf_counter()
        report = import_wordpress(path, index)
        seconds = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        peak = tracemalloc.get_traced_memory()[1] if TRACEMALLOC else None
        tracemalloc.stop()
        started = time.perf_counter()
        again = import_wordpress(path, index)
        rerun = time.perf_counter() - started
    imported = ArticleComment.objects.filter(language__in=["sw", "cy"]).count()
    print(f"database: {connection.vendor}")
    print(f"export: {POSTS} posts, {COMMENTS} comments, {size_mb:.1f} MB")
    traced = ", tracemalloc on" if TRACEMALLOC else ""
    print(f"import: {seconds:.1f} s ({COMMENTS / seconds:.0f} comments/s{traced})")
    print(
        f"process maximum resident size: {rss_before:.0f} MB before the import (demo "
        f"loaded), {rss_after:.0f} MB after it (getrusage)"
    )
    if peak is not None:
        print(f"peak Python memory during the import: {peak / 1e6:.1f} MB (tracemalloc)")
    print(f"second, unchanged run: {rerun:.1f} s, {again.comments_unchanged} comments unchanged")
    print(f"comments in the database: {imported}; report: {dict(report.comments)}")


def main() -> int:
    test = connection.settings_dict.setdefault("TEST", {})
    scratch = None
    if connection.vendor == "sqlite":
        scratch = Path(tempfile.mkdtemp(prefix="mazungumzo-bench-"))
        test["NAME"] = str(scratch / "bench.sqlite3")
    else:
        test["NAME"] = f"bench_import_{os.getpid()}"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        run()
        return 0
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        for directory in (scratch, settings.MEDIA_ROOT, settings.STATIC_ROOT):
            if directory and Path(directory).name.startswith("mazungumzo-"):
                shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
