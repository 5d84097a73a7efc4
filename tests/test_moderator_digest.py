"""Moderators hear about held comments in one batched mail, through the task queue."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from wagtail.users.models import UserProfile

from site_pages.moderation.models import ModerationDigest
from tests.test_conversation import post

LINKS = "Tazama https://a.example https://b.example https://c.example"


@pytest.fixture
def moderators(django_user_model):
    group = Group.objects.get(name="Comment moderators")
    users = []
    for name in ("amina", "baraka"):
        user = django_user_model.objects.create_user(name, email=f"{name}@example.org")
        user.groups.add(group)
        users.append(user)
    profile = UserProfile.get_for_user(users[0])
    profile.preferred_language = "en"  # amina reads the admin in English; baraka in Kiswahili
    profile.save()
    return users


@pytest.fixture
def writer(client, django_user_model):
    user = django_user_model.objects.create_user("w", email="w@example.org")
    client.force_login(user)
    return user


def test_a_flood_of_held_comments_makes_one_mail_per_moderator(
    demo, client, writer, moderators, run_tasks
):
    for index in range(4):
        post(client, demo["sw_000"], f"{LINKS} {index}")
    assert ModerationDigest.objects.count() == 1  # one digest scheduled for all four
    run_tasks()
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    # The four new ones, and the seed's comment 5, held before any digest was sent.
    assert subjects == {
        "amina@example.org": "5 new comments held for moderation",
        "baraka@example.org": "Maoni mapya 5 yameshikiliwa kwa usimamizi",
    }
    assert len(mail.outbox) == 2
    assert "/admin/snippets/conversation/articlecomment/?status=pending" in mail.outbox[0].body

    mail.outbox.clear()
    post(client, demo["sw_000"], f"{LINKS} tena")
    run_tasks()
    assert sorted(m.subject for m in mail.outbox) == [
        "1 new comment held for moderation",
        "Maoni mapya 1 yameshikiliwa kwa usimamizi",
    ]


def test_published_comments_send_moderators_nothing(demo, client, writer, moderators, run_tasks):
    post(client, demo["sw_000"], "Maoni ya kawaida kabisa")
    run_tasks()
    assert ModerationDigest.objects.count() == 0
    assert mail.outbox == []


def test_digest_waits_for_its_batching_window(
    demo, client, writer, moderators, run_tasks, settings
):
    settings.MAZUNGUMZO_MODERATOR_DIGEST_MINUTES = 10
    post(client, demo["sw_000"], LINKS)
    run_tasks()
    assert mail.outbox == []  # scheduled ten minutes ahead, still queued
    digest = ModerationDigest.objects.get()
    assert digest.sent_at is None
