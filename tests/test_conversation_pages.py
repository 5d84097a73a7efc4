"""Editing one's own comment, long threads in pages, and the inline-reply JSON answers."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from site_pages.conversation.models import ArticleComment, Conversation
from tests.test_conversation import post


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def writer(django_user_model):
    return django_user_model.objects.create_user("mwandishi", email="w@example.org")


@pytest.fixture
def own_comment(demo, client, writer):
    client.force_login(writer)
    post(client, demo["sw_000"], "Nimeandika hili kwa makosa")
    return ArticleComment.objects.get(comment="Nimeandika hili kwa makosa")


def edit_url(comment, action="edit"):
    return f"/sw/comments/{comment.conversation_id}/{comment.number}/{action}/"


def test_author_edits_within_the_window_and_the_edit_shows(demo, client, own_comment):
    page = soup(client.get(demo["sw_000"].url))
    assert page.select_one(f"#c{own_comment.number} a.comment__edit") is not None
    response = client.post(edit_url(own_comment), {"comment": "Nimesahihisha hili"})
    assert response.status_code == 302
    html = soup(client.get(demo["sw_000"].url))
    item = html.select_one(f"#c{own_comment.number}")
    assert item.select_one(".comment__text").text.strip() == "Nimesahihisha hili"
    assert item.select_one(".comment__edited").text == "imehaririwa"


def test_edit_window_closes(demo, client, own_comment, settings):
    ArticleComment.objects.filter(pk=own_comment.pk).update(
        submit_date=timezone.now() - datetime.timedelta(minutes=16)
    )
    assert client.get(edit_url(own_comment)).status_code == 403
    late = client.post(edit_url(own_comment), {"comment": "kuchelewa"})
    assert late.status_code == 403
    # The author is told why, in their language, and led back to the comment.
    told = soup(late)
    assert told.h1.text == "Maoni haya hayawezi kubadilishwa tena"
    assert "kwa dakika 15 baada ya kuyachapisha" in told.get_text(" ", strip=True)
    assert told.select_one("main a")["href"].endswith(f"#c{own_comment.number}")
    assert client.post(edit_url(own_comment, "delete")).status_code == 403
    own_comment.refresh_from_db()
    assert own_comment.comment == "Nimeandika hili kwa makosa" and own_comment.is_visible
    page = soup(client.get(demo["sw_000"].url))
    assert page.select_one(f"#c{own_comment.number} a.comment__edit") is None


def test_nobody_else_may_edit_or_delete(demo, client, own_comment, django_user_model):
    client.force_login(django_user_model.objects.create_user("mwingine"))
    refused = client.post(edit_url(own_comment), {"comment": "x"})
    assert refused.status_code == 403
    assert soup(refused).h1.text == "Hairuhusiwi"  # the site's own page, in Kiswahili
    assert client.post(edit_url(own_comment, "delete")).status_code == 403
    client.logout()
    assert client.post(edit_url(own_comment, "delete")).status_code == 302  # to sign in
    own_comment.refresh_from_db()
    assert own_comment.is_visible and own_comment.comment == "Nimeandika hili kwa makosa"


def test_author_deletes_and_the_number_stays_unused(demo, client, own_comment):
    number = own_comment.number
    assert client.post(edit_url(own_comment, "delete")).status_code == 302
    page = soup(client.get(demo["sw_000"].url))
    assert page.select_one(f"#c{number}") is None
    post(client, demo["sw_000"], "Maoni mapya")
    assert ArticleComment.objects.get(comment="Maoni mapya").number == number + 1


def test_long_threads_are_paginated_and_permalinks_land_on_the_right_page(
    demo, client, writer, settings
):
    settings.MAZUNGUMZO_COMMENTS_PER_PAGE = 2
    client.force_login(writer)
    for index in range(3):
        post(client, demo["sw_002"], f"Maoni ya juu {index}")
    first = soup(client.get(demo["sw_002"].url))
    assert [li["id"] for li in first.select("ol.comment-list > li")] == ["c1", "c6"]
    assert first.select_one(".comment-pages a[rel=next]")["href"] == "?comments=2#comments"

    second = soup(client.get(demo["sw_002"].url, {"comments": 2}))
    assert [li["id"] for li in second.select("ol.comment-list > li")] == ["c11", "c12"]
    assert second.select_one("ol.comment-list")["start"] == "3"

    conversation = Conversation.for_page(demo["sw_002"])
    response = client.get(f"/sw/comments/{conversation.pk}/12/")
    assert response["Location"] == demo["sw_002"].url + "?comments=2#c12"
    response = client.get(f"/sw/comments/{conversation.pk}/13/")
    assert response["Location"] == demo["sw_002"].url + "?comments=3#c13"
    response = client.get(f"/sw/comments/{conversation.pk}/9/")  # a reply deep in thread 6
    assert response["Location"] == demo["sw_002"].url + "#c9"


def test_inline_reply_gets_the_new_comment_as_json(demo, client, writer):
    client.force_login(writer)
    response = post(
        client,
        demo["sw_000"],
        "Jibu bila kupakia upya",
        reply_to=2,
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 201
    data = response.json()
    assert data["number"] == 4 and data["parent"] == 2
    assert data["count_text"] == "4 Maoni"
    item = BeautifulSoup(data["html"], "html.parser").select_one("li.comment")
    assert item["id"] == "c4"
    assert item.select_one(".comment__text").text.strip() == "Jibu bila kupakia upya"


def test_inline_post_errors_name_the_fields(demo, client):
    response = post(
        client, demo["sw_000"], "", name="", email="si-sahihi", HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name", "email", "comment"}


def test_inline_anonymous_post_says_to_check_email(demo, client):
    response = post(
        client,
        demo["cy_001"],
        "Sylw",
        name="Gwen",
        email="gwen@example.org",
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 202
    assert "gwen@example.org" in response.json()["message"]


def test_emptying_a_comment_by_editing_is_refused(demo, client, own_comment):
    response = client.post(edit_url(own_comment), {"comment": ""})
    assert response.status_code == 400
    assert soup(response).select_one(".field-error") is not None
    own_comment.refresh_from_db()
    assert own_comment.comment == "Nimeandika hili kwa makosa"
