"""The conversation announces comment events by signal; the floors above listen.

Each test does what a reader, an author, a moderator or an editor does, and checks the
signal went out with the right arguments, and that the listeners upstairs still act.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

from site_pages.conversation import signals
from site_pages.conversation.models import (
    ArticleComment,
    CommentTranslation,
    Conversation,
    ConversationSettings,
    Notification,
)
from site_pages.moderation.actions import ACTIONS, moderate
from site_pages.moderation.models import ModerationDigest
from tests.test_conversation import post

LINKS = "Tazama https://a.example https://b.example https://c.example"
SIGNALS = (
    "comment_published",
    "comment_edited",
    "comment_hidden",
    "comment_held",
    "conversation_changed",
)


@pytest.fixture
def sent():
    """Every signal the conversation sends during the test: {name: [kwargs, ...]}."""
    received: dict[str, list[dict]] = {name: [] for name in SIGNALS}
    receivers = {}
    for name in SIGNALS:

        def receiver(sender, signal, _name=name, **kwargs):
            received[_name].append(kwargs)

        receivers[name] = receiver
        getattr(signals, name).connect(receiver)
    yield received
    for name, receiver in receivers.items():
        getattr(signals, name).disconnect(receiver)


@pytest.fixture
def reader(client, django_user_model):
    user = django_user_model.objects.create_user("msomaji", email="r@example.org", password="x")
    client.force_login(user)
    return user


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("msimamizi", email="mod@example.org")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user


def newest(page) -> ArticleComment:
    return ArticleComment.objects.filter(conversation=Conversation.for_page(page)).latest("number")


def held_seed(demo) -> ArticleComment:
    """The demo's one comment waiting for a moderator."""
    return ArticleComment.objects.get(conversation=Conversation.for_page(demo["sw_002"]), number=5)


def changed(sent) -> list[Conversation | None]:
    return [kwargs["conversation"] for kwargs in sent["conversation_changed"]]


def test_a_signed_in_readers_comment_is_published(demo, client, reader, sent):
    post(client, demo["sw_000"], "Makala nzuri sana, asante.")
    comment = newest(demo["sw_000"])
    assert [k["comment"] for k in sent["comment_published"]] == [comment]
    assert sent["comment_published"][0]["notify"] is True
    assert sent["comment_held"] == [] and sent["comment_hidden"] == []
    assert comment.conversation in changed(sent)


def test_a_published_comment_is_queued_for_translation(demo, client, reader):
    post(client, demo["sw_000"], "Makala nzuri sana, asante.")
    comment = newest(demo["sw_000"])
    queued = DBTaskResult.objects.filter(task_path__endswith="translate_comment", status="READY")
    assert [task.args_kwargs["kwargs"] for task in queued] == [{"comment_id": comment.pk}]


def test_a_reply_notifies_the_parents_author(demo, client, reader, django_user_model):
    post(client, demo["sw_000"], "Makala nzuri sana, asante.")
    parent = newest(demo["sw_000"])
    client.force_login(django_user_model.objects.create_user("mwingine", email="o@example.org"))
    post(client, demo["sw_000"], "Nakubali kabisa.", reply_to=parent.number)
    reply = newest(demo["sw_000"])
    assert Notification.objects.filter(comment=reply, email=reader.email).exists()


def test_a_suspicious_comment_is_held_and_the_digest_scheduled(demo, client, reader, sent):
    post(client, demo["sw_000"], LINKS)
    comment = newest(demo["sw_000"])
    assert not comment.is_visible
    assert [k["comment"] for k in sent["comment_held"]] == [comment]
    assert sent["comment_published"] == [] and sent["conversation_changed"] == []
    assert ModerationDigest.objects.filter(sent_at__isnull=True).count() == 1


def seed_comment(conversation: Conversation, text: str, is_public: bool) -> ArticleComment:
    """Saved as the demo loader and importers do: history nobody is waiting to hear of."""
    comment = ArticleComment(
        conversation=conversation,
        content_object=conversation,
        site_id=settings.SITE_ID,
        user_name="Mgeni",
        user_email="mgeni@example.org",
        comment=text,
        language="sw",
        is_public=is_public,
    )
    comment.notify = False
    comment.save()
    return comment


def test_seed_comments_mail_nobody_but_still_announce_themselves(demo, sent):
    conversation = Conversation.for_page(demo["sw_000"])
    shown = seed_comment(conversation, "Imeingizwa", is_public=True)
    seed_comment(conversation, "Imeshikiliwa", is_public=False)
    assert [(k["comment"], k["notify"]) for k in sent["comment_published"]] == [(shown, False)]
    assert sent["comment_held"] == []
    assert not Notification.objects.filter(comment=shown).exists()
    assert not ModerationDigest.objects.exists()
    assert changed(sent) == [conversation]


def test_approving_publishes_and_unpublishing_hides(demo, moderator, sent):
    held = held_seed(demo)
    assert not held.is_visible
    moderate(held, ACTIONS["approve"], moderator)
    assert [k["comment"] for k in sent["comment_published"]] == [held]
    assert changed(sent) == [held.conversation]

    for action in ("unpublish", "approve", "spam", "not-spam", "remove"):
        moderate(ArticleComment.objects.get(pk=held.pk), ACTIONS[action], moderator)
    assert len(sent["comment_hidden"]) == 3  # unpublished, marked spam, removed
    assert all(k["comment"].pk == held.pk for k in sent["comment_hidden"])
    assert len(sent["comment_published"]) == 3  # approved twice, then not spam
    assert len(sent["conversation_changed"]) == 6

    moderate(ArticleComment.objects.get(pk=held.pk), ACTIONS["restore"], moderator)
    assert len(sent["comment_published"]) == 4


def test_approving_queues_translation(demo, moderator):
    held = held_seed(demo)
    moderate(held, ACTIONS["approve"], moderator)
    queued = DBTaskResult.objects.filter(task_path__endswith="translate_comment", status="READY")
    assert {"comment_id": held.pk} in [task.args_kwargs["kwargs"] for task in queued]


def test_the_author_edits_a_visible_comment(demo, client, reader, sent):
    post(client, demo["sw_000"], "Nimeandika hili kwa makosa")
    comment = newest(demo["sw_000"])
    url = f"/sw/comments/{comment.conversation_id}/{comment.number}/edit/"
    assert client.post(url, {"comment": "Nimesahihisha hili"}).status_code == 302
    assert [k["comment"].pk for k in sent["comment_edited"]] == [comment.pk]
    assert sent["comment_edited"][0]["comment"].comment == "Nimesahihisha hili"
    assert len(sent["comment_published"]) == 1  # only when it was posted
    queued = DBTaskResult.objects.filter(task_path__endswith="translate_comment", status="READY")
    assert [task.args_kwargs["kwargs"] for task in queued] == [{"comment_id": comment.pk}] * 2


def test_the_author_deletes_a_comment(demo, client, reader, sent):
    post(client, demo["sw_000"], "Nimeandika hili kwa makosa")
    comment = newest(demo["sw_000"])
    url = f"/sw/comments/{comment.conversation_id}/{comment.number}/delete/"
    assert client.post(url).status_code == 302
    assert [k["comment"].pk for k in sent["comment_hidden"]] == [comment.pk]


def test_a_visible_comments_other_fields_change_the_conversation(demo, sent):
    comment = ArticleComment.objects.filter(is_public=True, is_removed=False).first()
    comment.user_name = "Jina jipya"
    comment.save()
    assert changed(sent) == [comment.conversation]
    assert sent["comment_edited"] == [] and sent["comment_published"] == []


def test_deleting_a_visible_comment_changes_the_conversation(demo, sent):
    comment = ArticleComment.objects.filter(is_public=True, is_removed=False).last()
    comment.delete()
    assert comment.conversation in changed(sent)


def test_a_translation_arriving_or_going_changes_the_conversation(demo, sent):
    comment = ArticleComment.objects.filter(is_public=True, is_removed=False).first()
    translation = CommentTranslation.objects.create(comment=comment, language="en", text="Hi")
    assert changed(sent) == [comment.conversation]
    translation.text = "Hello"
    translation.save()
    translation.delete()
    assert changed(sent) == [comment.conversation] * 3


def test_closing_and_reopening_comments_changes_the_conversation(demo, sent):
    welsh = demo["cy_001"]
    conversation = Conversation.for_page(welsh)
    welsh.comments_closed = True
    welsh.save_revision().publish()
    assert changed(sent) == [conversation]
    assert not conversation.is_open()

    welsh.save_revision().publish()  # published again, still closed: nothing new
    assert changed(sent) == [conversation]

    welsh.comments_closed = False
    welsh.save_revision().publish()
    assert changed(sent) == [conversation] * 2
    assert conversation.is_open()


def test_conversation_settings_change_every_conversation(demo, sent):
    conversation_settings = ConversationSettings.load()
    sent["conversation_changed"].clear()  # made on first load: nothing changed yet
    conversation_settings.close_after_days = 30
    conversation_settings.save()
    assert changed(sent) == [None]


CONVERSATION = Path(__file__).resolve().parent.parent / "site_pages" / "conversation"
UPPER = r"(moderation|localization|api)\b"
UPPER_FLOOR = re.compile(
    rf"^\s*((from|import)\s+(site_pages\.|\.\.){UPPER}"
    rf"|from\s+(site_pages|\.\.)\s+import\s+[^\n]*\b{UPPER})",
    re.M,
)


def test_the_conversation_imports_nothing_from_the_floors_above():
    offenders = [
        f"{path.relative_to(CONVERSATION)}: {match.group(0).strip()}"
        for path in sorted(CONVERSATION.rglob("*.py"))
        if "migrations" not in path.parts
        for match in UPPER_FLOOR.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
