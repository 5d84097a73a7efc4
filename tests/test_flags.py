"""Readers flag comments; moderators see flagged comments with their flag count."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.test import Client

from site_pages.conversation.models import ArticleComment, Conversation
from site_pages.moderation.models import Flag


def flag_url(demo, number, key="sw_002"):
    conversation = Conversation.for_page(demo[key])
    return f"/sw/comments/{conversation.pk}/{number}/flag/"


def test_reader_flags_a_comment_once_and_is_thanked(demo, client):
    page = BeautifulSoup(client.get(demo["sw_002"].url).content, "html.parser")
    assert page.select_one("#c6 a.comment__flag")["href"] == flag_url(demo, 6)
    assert client.get(flag_url(demo, 6)).status_code == 200

    response = client.post(flag_url(demo, 6), {"reason": "abuse"}, follow=True)
    assert "Asante. Msimamizi ataangalia maoni haya." in response.content.decode()
    client.post(flag_url(demo, 6), {"reason": "spam"})  # the same reader again
    other = Client(REMOTE_ADDR="192.0.2.44")  # anonymous readers are told apart by address
    other.post(flag_url(demo, 6), {"reason": "spam"})
    flags = Flag.objects.filter(comment__number=6, comment__conversation__comments__number=6)
    assert sorted(flags.distinct().values_list("reason", flat=True)) == ["abuse", "spam"]


def test_flag_without_a_reason_names_the_field(demo, client):
    response = client.post(flag_url(demo, 6), {}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["reason"]
    assert not Flag.objects.exists()


def test_hidden_comments_cannot_be_flagged(demo, client):
    assert client.post(flag_url(demo, 5), {"reason": "spam"}).status_code == 404


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("msimamizi")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    return user


def test_moderators_see_flagged_comments_with_the_count(demo, client, moderator):
    for reader in range(3):
        Client().post(flag_url(demo, 8), {"reason": "off_topic"}, REMOTE_ADDR=f"192.0.2.{reader}")
    client.force_login(moderator)
    listing = client.get("/admin/snippets/conversation/articlecomment/", {"status": "flagged"})
    rows = BeautifulSoup(listing.content, "html.parser").select("table.listing tbody tr")
    assert len(rows) == 1
    cells = [td.get_text(strip=True) for td in rows[0].select("td")]
    assert cells[1] == "8" and cells[7] == "3"
    assert ArticleComment.objects.get(pk=Flag.objects.first().comment_id).number == 8
