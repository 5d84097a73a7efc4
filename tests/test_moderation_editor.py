"""The article editor's Comments tab, closing conversations, and the dashboard panel."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import timezone
from wagtail.users.models import UserProfile

from site_pages.conversation.models import ArticleComment, ConversationSettings
from tests.test_conversation import post


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_superuser("msimamizi", "mod@example.org", "x")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin in English, as the demo admin has it
    profile.save()
    return user


def test_editor_tab_counts_the_conversation_by_status_with_links(demo, client, moderator):
    client.force_login(moderator)
    page = BeautifulSoup(
        client.get(f"/admin/pages/{demo['sw_002'].pk}/edit/").content, "html.parser"
    )
    table = page.find("table", attrs={"aria-label": "Comments by status"})
    rows = {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in table.select("tr")}
    assert rows == {"Published": "9", "Pending": "1", "Spam": "0", "Removed": "0", "Flagged": "0"}
    pending_link = table.find("a", string="Pending")["href"]
    listing = client.get(pending_link)
    assert listing.status_code == 200 and "Pata wafuasi" in listing.content.decode()


def test_closing_an_article_stops_new_comments_in_every_language(demo, client, moderator):
    source = demo["sw_000"]
    source.comments_closed = True
    source.save_revision().publish()

    for page in (demo["sw_000"], demo["cy_001"]):
        html = BeautifulSoup(client.get(page.url).content, "html.parser")
        assert html.select_one("form.comment-form") is None
        assert html.select_one(".conversation__closed") is not None
        assert html.select_one("a.comment__reply") is None
        assert len(html.select("li.comment")) == 3  # still readable

    client.force_login(moderator)
    from site_pages.conversation.models import Conversation

    conversation = Conversation.for_page(source)
    response = client.post(
        f"/sw/comments/{conversation.pk}/post/",
        {"comment": "Bado?"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 403
    assert response.json()["errors"]["__all__"] == ["Maoni yamefungwa kwa makala hii."]
    assert client.get(f"/sw/comments/{conversation.pk}/1/reply/").status_code == 403


def test_site_setting_closes_old_conversations(demo, client, moderator):
    settings = ConversationSettings.load()
    settings.close_after_days = 30
    settings.save()
    assert (
        BeautifulSoup(client.get(demo["sw_000"].url).content, "html.parser").select_one(
            "form.comment-form"
        )
        is not None
    )  # published today

    demo["sw_000"].__class__.objects.filter(translation_key=demo["sw_000"].translation_key).update(
        first_published_at=timezone.now() - datetime.timedelta(days=31)
    )
    # Time passing is no event: a cached page may show the form for PAGE_CACHE_SECONDS more
    # (posting is refused at once, as below). Here the month passes in an instant.
    cache.clear()
    html = BeautifulSoup(client.get(demo["sw_000"].url).content, "html.parser")
    assert html.select_one("form.comment-form") is None
    client.force_login(moderator)
    assert post_allowed(client, demo) is False


def post_allowed(client, demo) -> bool:
    from site_pages.conversation.models import Conversation

    conversation = Conversation.for_page(demo["sw_000"])
    response = client.post(f"/sw/comments/{conversation.pk}/post/", {"comment": "x"})
    return response.status_code != 403


def test_dashboard_shows_how_many_comments_wait(demo, client, moderator, django_user_model):
    client.force_login(moderator)
    home = client.get("/admin/").content.decode()
    assert "1 comment waits for moderation." in home

    writer = django_user_model.objects.create_user("w", email="w@example.org")
    client.force_login(writer)
    post(client, demo["sw_000"], "Angalia https://a.example https://b.example https://c.example")
    assert ArticleComment.objects.filter(is_public=False, is_spam=False).count() == 2
    client.force_login(moderator)
    assert "2 comments wait for moderation." in client.get("/admin/").content.decode()


def test_dashboard_panel_is_only_for_moderators(demo, client, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("mhariri")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert "wait for moderation" not in client.get("/admin/").content.decode()
