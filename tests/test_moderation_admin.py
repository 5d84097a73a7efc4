"""Moderating comments in the Wagtail admin: listing, filters, actions, permissions, audit log."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from wagtail.models import ModelLogEntry

from site_pages.conversation.models import ArticleComment, Conversation

LISTING = "/admin/snippets/conversation/articlecomment/"


def bulk_url(action: str, *comments: ArticleComment) -> str:
    ids = "&".join(f"id={c.pk}" for c in comments)
    return f"/admin/bulk/conversation/articlecomment/{action}/?next={LISTING}&{ids}"


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("msimamizi", email="mod@example.org")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user


@pytest.fixture
def editor(django_user_model):
    """Can use the admin, but is not a comment moderator."""
    user = django_user_model.objects.create_user("mhariri", email="ed@example.org")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def numbers_listed(response) -> list[str]:
    rows = BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")
    return sorted(row.select("td")[1].get_text(strip=True) for row in rows)


def comment(demo, key, number):
    return ArticleComment.objects.get(conversation=Conversation.for_page(demo[key]), number=number)


def test_moderator_sees_every_comment_and_filters_by_status(demo, client, moderator):
    client.force_login(moderator)
    everything = client.get(LISTING)
    assert everything.status_code == 200
    assert len(numbers_listed(everything)) == 13  # 3 on 000/001, 10 on 002
    pending = client.get(LISTING, {"status": "pending"})
    assert numbers_listed(pending) == ["5"]
    welsh = client.get(LISTING, {"language": "cy"})
    assert numbers_listed(welsh) == ["2"]
    found = client.get(LISTING, {"q": "mafuta ya nyoka"})
    assert numbers_listed(found) == ["10"]


def test_editor_without_the_permission_cannot_see_or_moderate(demo, client, editor):
    client.force_login(editor)
    assert client.get(LISTING).status_code == 403
    assert client.get(LISTING, {"status": "pending"}).status_code == 403
    held = comment(demo, "sw_002", 5)
    assert client.get(bulk_url("approve", held)).status_code == 403
    assert client.post(bulk_url("approve", held), {"reason": ""}).status_code == 403
    held.refresh_from_db()
    assert not held.is_public
    assert not ModelLogEntry.objects.filter(action__startswith="mazungumzo.comment").exists()


def test_approving_a_held_comment_publishes_it_and_logs_who_and_why(demo, client, moderator):
    client.force_login(moderator)
    held = comment(demo, "sw_002", 5)
    confirm = client.get(bulk_url("approve", held))
    assert confirm.status_code == 200
    response = client.post(bulk_url("approve", held), {"reason": "Si spam kwa kweli"})
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.is_public
    entry = ModelLogEntry.objects.get(action="mazungumzo.comment.approve")
    assert entry.user == moderator
    assert entry.data == {"reason": "Si spam kwa kweli", "from": "pending", "to": "published"}
    page = client.get(demo["sw_002"].url).content.decode()
    assert 'id="c5"' in page


def test_removed_comment_leaves_page_and_feed_but_keeps_numbers(demo, client, moderator):
    client.force_login(moderator)
    target = comment(demo, "sw_002", 7)
    client.post(bulk_url("remove", target), {"reason": "Lugha mbaya"})
    target.refresh_from_db()
    assert target.is_removed
    client.logout()
    html = BeautifulSoup(client.get(demo["sw_002"].url).content, "html.parser")
    assert html.select_one("#c7 .comment__placeholder") is not None  # keeps 8, 9, 10 in place
    assert [li["id"] for li in html.select("#c7 > ul > li")] == ["c8"]
    assert html.select_one(".conversation__count").text == "8 Maoni"
    feed = client.get(f"/sw/comments/{target.conversation_id}/feed.rss").content.decode()
    assert f"/comments/{target.conversation_id}/7/" not in feed

    client.force_login(moderator)
    client.post(bulk_url("restore", target), {"reason": ""})
    target.refresh_from_db()
    assert not target.is_removed
    actions = list(
        ModelLogEntry.objects.filter(object_id=str(target.pk))
        .order_by("timestamp")
        .values_list("action", flat=True)
    )
    assert actions == ["mazungumzo.comment.remove", "mazungumzo.comment.restore"]


@pytest.mark.parametrize(
    ("action", "public", "spam"),
    [("spam", False, True), ("unpublish", False, False)],
)
def test_bulk_actions_apply_to_every_selected_comment(
    demo, client, moderator, action, public, spam
):
    client.force_login(moderator)
    chosen = [comment(demo, "sw_002", n) for n in (1, 2, 3)]
    client.post(bulk_url(action, *chosen), {"reason": "bulk"})
    for item in chosen:
        item.refresh_from_db()
        assert (item.is_public, item.is_spam) == (public, spam)
    assert ModelLogEntry.objects.filter(action=f"mazungumzo.comment.{action}").count() == 3


def test_not_spam_publishes_a_comment_marked_as_spam(demo, client, moderator):
    client.force_login(moderator)
    target = comment(demo, "sw_000", 3)
    client.post(bulk_url("spam", target), {})
    client.post(bulk_url("not-spam", target), {})
    target.refresh_from_db()
    assert target.is_public and not target.is_spam


def test_comments_cannot_be_created_in_the_admin(db, client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    listing = client.get(LISTING).content.decode()
    assert "/admin/snippets/conversation/articlecomment/add/" not in listing
    assert client.get(LISTING + "add/").status_code == 403
