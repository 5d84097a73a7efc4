"""A long conversation costs the same number of queries as a short one, and a page of it
costs what it shows."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from site_pages.conversation.models import ArticleComment, Conversation
from site_pages.conversation.pagination import thread_page


def grow(conversation: Conversation, total: int) -> None:
    """Add comments until there are `total`: every third starts a thread, the rest reply."""
    existing = list(ArticleComment.objects.filter(conversation=conversation))
    for index in range(len(existing), total):
        parent = existing[-1] if index % 3 and existing else None
        comment = ArticleComment(
            conversation=conversation,
            content_object=conversation,
            site_id=1,
            user_name=f"Msomaji {index}",
            user_email=f"r{index}@example.org",
            comment=f"Maoni namba {index} https://example.org/{index}",
            language="sw" if index % 5 else "cy",
            parent_id=parent.pk if parent else 0,
            is_public=True,
        )
        comment.notify = False
        comment.save()
        existing.append(comment)


def queries_for(client, url: str) -> tuple[int, str]:
    client.get(url)  # the process's own caches (content types, locales) warm up once
    cache.clear()  # neither the page nor the fragments are cached: the full cost
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.fixture
def conversation(demo):
    return Conversation.for_page(demo["sw_002"])


def test_page_and_api_queries_do_not_grow_with_the_thread(demo, client, conversation, settings):
    settings.MAZUNGUMZO_COMMENTS_PER_PAGE = 1000  # the whole thread on one page
    page_url = demo["sw_002"].url
    api_url = f"/api/articles/{demo['sw_002'].pk}/comments/"
    grow(conversation, 12)
    small_page, small_html = queries_for(client, page_url)
    small_api, _json = queries_for(client, api_url)
    grow(conversation, 60)
    large_page, large_html = queries_for(client, page_url)
    large_api, _json = queries_for(client, api_url)
    shown = len(BeautifulSoup(large_html, "html.parser").select("li.comment"))
    assert shown > len(BeautifulSoup(small_html, "html.parser").select("li.comment"))
    assert shown >= 55
    assert large_page == small_page
    assert large_api == small_api


def test_a_page_of_the_thread_loads_only_its_threads(demo, conversation, settings):
    settings.MAZUNGUMZO_COMMENTS_PER_PAGE = 5
    grow(conversation, 90)
    with CaptureQueriesContext(connection) as captured:
        second = thread_page(conversation, "sw", 2)
    loaded = [query["sql"] for query in captured if "conversation_articlecomment" in query["sql"]]
    assert len(second.nodes) == 5
    shown_threads = {node.comment.thread_id for node in second.nodes}
    # The comments query asks for the page's range of threads, not the conversation.
    comment_query = next(sql for sql in loaded if "thread_id" in sql and ">=" in sql)
    assert str(min(shown_threads)) in comment_query
    assert str(max(shown_threads)) in comment_query
    first = thread_page(conversation, "sw", 1)
    assert not shown_threads & {node.comment.thread_id for node in first.nodes}


def test_warm_fragments_render_the_same_page(demo, client, conversation, settings):
    settings.MAZUNGUMZO_COMMENTS_PER_PAGE = 1000
    grow(conversation, 40)
    cache.clear()
    cold = client.get(demo["sw_002"].url).content
    # Another URL misses the page cache but finds every comment's fragment cached.
    warm = client.get(demo["sw_002"].url + "?from=feed").content
    assert client.get(demo["sw_002"].url + "?from=feed")["X-Page-Cache"] == "hit"

    def thread(html: bytes) -> str:
        section = BeautifulSoup(html, "html.parser").select_one("section.conversation")
        for name in ("timestamp", "security_hash"):  # signed anew on every render
            section.select_one(f"input[name={name}]")["value"] = ""
        return section.decode()

    assert thread(cold) == thread(warm)
    assert thread(cold).count('class="comment"') >= 35
