"""Many readers replying at once to one article must not lose, renumber or misplace a comment.

ArticleComment.save() serialises writers on the conversation row; only a real database
with real concurrent connections shows whether that holds, so this runs on PostgreSQL,
with committed data and one connection per writer thread.
"""

import random
import threading
from collections import defaultdict

import pytest
from django.conf import settings
from django.db import connection

from home.demo.loader import load_demo
from site_pages.conversation.models import ArticleComment, Conversation, max_depth
from site_pages.models import ArticlePage

WRITERS = 24
COMMENTS_PER_WRITER = 6
ARTICLE_SLUG = "jibu-lako-la-mgogoro-wa-media-ya-kijamii-linaumiza-taaluma-yako"


def intended_parent(rng: random.Random, step: int, own: list[int], conversation_id: int) -> int:
    """Where a writer means to reply: a new thread, its own last comment, or anyone's.

    Replying to one's own last comment over and over builds chains deeper than the
    thread may go, so the depth clamp is exercised by every writer.
    """
    if step == 0 or rng.random() < 0.15:
        return 0
    if own and rng.random() < 0.6:
        return own[-1]
    existing = ArticleComment.objects.filter(conversation_id=conversation_id)
    if rng.random() < 0.5:
        existing = existing.filter(level=max_depth() - 1)  # a reply here must be clamped
    pks = list(existing.values_list("pk", flat=True))
    return rng.choice(pks) if pks else 0


def write(
    writer: int,
    conversation: Conversation,
    barrier: threading.Barrier,
    asked: dict[int, int],
    errors: list[BaseException],
) -> None:
    """One reader posting several comments through the real model, on its own connection."""
    rng = random.Random(writer)
    own: list[int] = []
    try:
        barrier.wait(timeout=60)
        for step in range(COMMENTS_PER_WRITER):
            parent_id = intended_parent(rng, step, own, conversation.pk)
            comment = ArticleComment(
                conversation=conversation,
                content_object=conversation,
                site_id=settings.SITE_ID,
                user_name=f"Writer {writer}",
                user_email=f"writer{writer}@example.org",
                comment=f"writer {writer} comment {step}",
                language="sw",
                parent_id=parent_id,
                is_public=True,
            )
            comment.notify = False
            comment.save()
            own.append(comment.pk)
            asked[comment.pk] = parent_id
    except BaseException as error:  # reported by the test, not lost in the thread
        errors.append(error)
        barrier.abort()
    finally:
        connection.close()


def expected_parent(asked_for: int, by_pk: dict[int, ArticleComment]) -> int:
    """The documented clamp: a reply too deep attaches to the deepest allowed ancestor."""
    parent = by_pk[asked_for]
    while parent.level >= max_depth() - 1:
        parent = by_pk[parent.parent_id]
    return parent.pk


@pytest.mark.postgres
def test_concurrent_replies_keep_numbers_and_thread_order(
    django_db_serialized_rollback, transactional_db
):
    load_demo()
    article = ArticlePage.objects.get(slug=ARTICLE_SLUG)
    conversation = Conversation.for_page(article)
    before = list(
        ArticleComment.objects.filter(conversation=conversation).values_list("number", flat=True)
    )
    assert before, "the demo thread this test adds to is missing"
    last_before = conversation.last_number
    assert sorted(before) == list(range(1, last_before + 1))

    barrier = threading.Barrier(WRITERS)
    asked: dict[int, int] = {}
    errors: list[BaseException] = []
    threads = [
        threading.Thread(target=write, args=(n, conversation, barrier, asked, errors))
        for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    assert errors == []

    written = WRITERS * COMMENTS_PER_WRITER
    comments = list(ArticleComment.objects.filter(conversation=conversation))
    by_pk = {c.pk: c for c in comments}

    # Nothing lost: every comment each writer saved is there, once.
    assert len(comments) == len(before) + written
    texts = {c.comment for c in comments}
    for writer in range(WRITERS):
        for step in range(COMMENTS_PER_WRITER):
            assert f"writer {writer} comment {step}" in texts
    assert set(asked) <= set(by_pk)

    # Numbers: unique, and the new ones follow the demo's without a gap.
    numbers = sorted(c.number for c in comments)
    assert len(set(numbers)) == len(numbers)
    assert numbers == list(range(1, last_before + written + 1))
    conversation.refresh_from_db()
    assert conversation.last_number == max(numbers)

    # Replies asked for too deep were attached where the clamp says, and no deeper.
    deep_asks = 0
    for pk, asked_for in asked.items():
        if not asked_for:
            assert by_pk[pk].parent_id == pk
            continue
        deep_asks += by_pk[asked_for].level >= max_depth() - 1
        assert by_pk[pk].parent_id == expected_parent(asked_for, by_pk)
    assert deep_asks >= WRITERS, "the test did not exercise the depth clamp enough"

    # Thread order: each thread is a contiguous 1..n in depth-first order.
    threads_by_id: dict[int, list[ArticleComment]] = defaultdict(list)
    for comment in comments:
        threads_by_id[comment.thread_id].append(comment)
    descendants: dict[int, int] = defaultdict(int)
    for thread_id, members in threads_by_id.items():
        members.sort(key=lambda c: c.order)
        assert [c.order for c in members] == list(range(1, len(members) + 1)), thread_id
        root = members[0]
        assert root.pk == thread_id == root.parent_id and root.level == 0
        position = {c.pk: c.order for c in members}
        path: list[ArticleComment] = [root]  # ancestors of the comment being looked at
        for comment in members[1:]:
            parent = by_pk[comment.parent_id]
            assert parent.thread_id == thread_id
            assert position[parent.pk] < comment.order
            assert comment.level == parent.level + 1
            assert comment.level <= settings.COMMENTS_XTD_MAX_THREAD_LEVEL
            # Depth-first: the parent is the nearest earlier comment one level up.
            del path[comment.level :]
            assert path[-1].pk == parent.pk, f"comment {comment.number} is out of place"
            path.append(comment)
            ancestor = parent
            while True:
                descendants[ancestor.pk] += 1
                if ancestor.parent_id == ancestor.pk:
                    break
                ancestor = by_pk[ancestor.parent_id]

    mismatched = {
        c.number: (c.nested_count, descendants[c.pk])
        for c in comments
        if c.nested_count != descendants[c.pk]
    }
    assert mismatched == {}
