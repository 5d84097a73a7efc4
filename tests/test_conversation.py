"""One numbered, nested conversation per article, shared by its language versions."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import translation

from site_pages.conversation.models import ArticleComment, Conversation, PendingComment
from site_pages.conversation.tree import comment_tree


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def thread(client, page):
    return soup(client.get(page.url)).select_one("section.conversation")


def post(client, page, text, reply_to=0, HTTP_ACCEPT="text/html", **fields):
    """Post through the form exactly as a browser would: security fields from the page."""
    form = soup(client.get(page.url)).select_one("form.comment-form")
    data = {
        field["name"]: field.get("value", "")
        for field in form.select("input")
        if field.get("type") not in {"checkbox", "submit"}
    }
    data.update(comment=text, reply_to=reply_to, honeypot="")
    data.update(fields)
    return client.post(form["action"], data, HTTP_ACCEPT=HTTP_ACCEPT)


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "mhariri", email="mhariri@example.org", password="x", first_name="Amina"
    )


def test_both_language_versions_show_the_same_thread_and_count(demo, client):
    sw = thread(client, demo["sw_000"])
    cy = thread(client, demo["cy_001"])
    assert sw.select_one(".conversation__count").text == "3 Maoni"
    assert cy.select_one(".conversation__count").text == "3 Sylwadau"
    numbers = [li["id"] for li in sw.select("li.comment")]
    assert numbers == ["c1", "c2", "c3"] == [li["id"] for li in cy.select("li.comment")]
    # The reply numbered 2 is nested under comment 1 on both pages.
    assert sw.select_one("#c1 > ul.comment-replies > li")["id"] == "c2"
    assert cy.select_one("#c1 > ul.comment-replies > li")["id"] == "c2"


def test_comment_count_is_pluralised_per_language(demo, client):
    assert thread(client, demo["sw_002"]).select_one(".conversation__count").text == "9 Maoni"
    with translation.override("cy"):
        from django.utils.translation import ngettext

        forms = [ngettext("%(counter)s comment", "%(counter)s comments", n) for n in (1, 2, 3)]
    assert forms == ["%(counter)s Sylw", "%(counter)s Sylw", "%(counter)s Sylwadau"]


def test_welsh_page_shows_kiswahili_comment_in_welsh_with_the_original_a_click_away(demo, client):
    cy = thread(client, demo["cy_001"])
    first = cy.select_one("#c1 > article")
    paragraphs = [p.text for p in first.select_one(".comment__text").find_all("p")]
    assert paragraphs[0] == "Eric,"
    assert paragraphs[1].startswith("Mae hyn mor wir")
    original = first.select_one("details.comment__original")
    # The note is read in the page's language, the original in its own.
    assert not original.has_attr("lang") and original.summary.get("lang") is None
    assert original.select_one(".comment__text")["lang"] == "sw"
    assert "Hii ni kweli sana" in original.text


def test_hidden_comment_leaves_a_gap_and_moves_no_number(demo, client):
    page = thread(client, demo["sw_002"])
    ids = [li["id"] for li in page.select("li.comment")]
    assert ids == ["c1", "c2", "c3", "c4", "c6", "c7", "c8", "c9", "c10"]
    # Four levels: 1 → 2 → 3 → 4, and 6 → 7 → 8 → {9, 10}.
    assert page.select_one("#c3 > ul > li")["id"] == "c4"
    assert [li["id"] for li in page.select("#c8 > ul > li")] == ["c9", "c10"]

    comment = ArticleComment.objects.get(conversation__comments__number=7, number=7)
    comment.is_public = False
    comment.save()
    after = thread(client, demo["sw_002"])
    assert after.select_one("#c7 .comment__placeholder") is not None  # keeps its replies
    assert after.select_one("#c8")["id"] == "c8"
    assert [li["id"] for li in after.select("#c8 > ul > li")] == ["c9", "c10"]
    assert after.select_one(".conversation__count").text == "8 Maoni"


def test_signed_in_reader_replies_three_levels_down_in_both_languages(demo, client, editor):
    client.force_login(editor)
    response = post(client, demo["sw_000"], "Jibu la kiwango cha tatu", reply_to=2)
    assert response.status_code == 302
    reply = ArticleComment.objects.get(comment="Jibu la kiwango cha tatu")
    assert reply.number == 4 and reply.level == 2 and reply.language == "sw"
    assert response["Location"] == demo["sw_000"].url + "#c4"

    response = post(client, demo["cy_001"], "Ateb ar y bedwaredd lefel", reply_to=4)
    deepest = ArticleComment.objects.get(comment="Ateb ar y bedwaredd lefel")
    assert (deepest.number, deepest.level, deepest.language) == (5, 3, "cy")
    for page in (demo["sw_000"], demo["cy_001"]):
        html = thread(client, page)
        assert html.select_one("#c1 > ul > #c2 > ul > #c4 > ul > #c5") is not None
        assert html.select_one(".conversation__count").text in {"5 Maoni", "5 Sylwadau"}


def test_reply_beyond_the_maximum_depth_joins_the_deepest_allowed_ancestor(demo, client, editor):
    client.force_login(editor)
    response = post(client, demo["sw_002"], "Jibu la kina cha tano", reply_to=4)
    assert response.status_code == 302
    reply = ArticleComment.objects.get(comment="Jibu la kina cha tano")
    assert reply.level == 3  # as deep as comment 4, not deeper
    assert reply.number == 11
    html = thread(client, demo["sw_002"])
    assert [li["id"] for li in html.select("#c3 > ul > li")] == ["c4", "c11"]


def test_hostile_markup_comes_back_escaped_and_links_are_clickable(demo, client, editor):
    client.force_login(editor)
    hostile = (
        '<script>alert("x")</script> <img src=x onerror="alert(1)"> '
        "angalia https://example.org/ukurasa"
    )
    post(client, demo["sw_000"], hostile)
    html = client.get(demo["sw_000"].url).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert" in html
    body = soup(client.get(demo["sw_000"].url)).select_one("#c4 .comment__text")
    assert body.find("img") is None and body.find("script") is None
    link = body.find("a")
    assert link["href"] == "https://example.org/ukurasa"
    assert set(link["rel"]) == {"nofollow", "ugc", "noopener"}


def test_anonymous_comment_waits_for_its_confirmation_link(demo, client, run_tasks):
    response = post(client, demo["cy_001"], "Sylw dienw", name="Gwen", email="gwen@example.org")
    assert response.status_code == 200
    assert "gwen@example.org" in response.content.decode()
    assert not ArticleComment.objects.filter(comment="Sylw dienw").exists()
    assert "Sylw dienw" not in client.get(demo["cy_001"].url).content.decode()

    assert mail.outbox == []  # queued, not sent inside the request
    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gwen@example.org"]
    assert "Beth yw marchnata rhyngweithiol?" in message.subject  # in the reader's language
    link = re.search(r"http://testserver(/cy/comments/confirm/\S+/)", message.body).group(1)

    first = client.get(link)
    assert first.status_code == 200
    published = ArticleComment.objects.get(comment="Sylw dienw")
    assert published.is_public and published.language == "cy" and published.number == 4
    assert "Sylw dienw" in client.get(demo["cy_001"].url).content.decode()

    again = client.get(link)
    assert again.status_code == 200
    assert ArticleComment.objects.filter(comment="Sylw dienw").count() == 1


def test_confirmation_link_expires(demo, client, settings, run_tasks):
    settings.MAZUNGUMZO_COMMENT_CONFIRMATION_DAYS = 0
    post(client, demo["sw_000"], "Maoni ya zamani", name="Juma", email="juma@example.org")
    run_tasks()
    link = re.search(r"http://testserver(/sw/comments/confirm/\S+/)", mail.outbox[0].body)
    import time

    time.sleep(1.1)
    response = client.get(link.group(1))
    assert response.status_code == 410
    assert not ArticleComment.objects.filter(comment="Maoni ya zamani").exists()
    assert PendingComment.objects.filter(comment="Maoni ya zamani").exists()  # nothing lost


def test_forged_confirmation_link_is_refused(demo, client):
    assert client.get("/sw/comments/confirm/not-a-real-token/").status_code == 404


def test_form_errors_name_the_field(demo, client):
    response = post(client, demo["sw_000"], "", name="", email="si-barua-pepe")
    assert response.status_code == 400
    page = soup(response)
    errors = {
        p.select_one("textarea, input")["name"]: p.select_one(".field-error").text
        for p in page.select(".comment-form__field.has-errors")
    }
    assert set(errors) == {"name", "email", "comment"}


def test_tampered_form_is_refused(demo, client):
    conversation = Conversation.for_page(demo["sw_000"])
    response = client.post(
        reverse("site_pages:conversation:post", args=[conversation.pk]),
        {"comment": "x", "name": "a", "email": "a@example.org", "security_hash": "bad"},
    )
    assert response.status_code == 400
    assert not ArticleComment.objects.filter(comment="x").exists()


def test_permalink_opens_the_article_in_the_readers_language(demo, client):
    conversation = Conversation.for_page(demo["sw_000"])
    response = client.get(f"/cy/comments/{conversation.pk}/3/")
    assert response.status_code == 302
    assert response["Location"] == demo["cy_001"].url + "#c3"
    response = client.get(f"/en/comments/{conversation.pk}/3/")
    assert response["Location"] == demo["sw_000"].url + "#c3"  # no English version


def test_reply_page_works_without_javascript(demo, client):
    conversation = Conversation.for_page(demo["sw_002"])
    page = soup(client.get(f"/sw/comments/{conversation.pk}/6/reply/"))
    assert "Robby," in page.select_one(".comment-quote").text
    assert page.select_one('form.comment-form input[name="reply_to"]')["value"] == "6"


def test_tree_is_built_in_one_query_whatever_its_size(demo, django_assert_num_queries):
    conversation = Conversation.for_page(demo["sw_002"])
    with django_assert_num_queries(2):  # comments, and their translations in the language
        nodes = comment_tree(conversation, "sw")
    assert [node.comment.number for node in nodes] == [1, 6]


def test_with_replies_switched_off_every_comment_starts_a_thread(demo, client, editor, settings):
    settings.MAZUNGUMZO_COMMENT_MAX_DEPTH = 1
    settings.COMMENTS_XTD_MAX_THREAD_LEVEL = 0
    client.force_login(editor)
    assert post(client, demo["sw_000"], "Hakuna majibu", reply_to=1).status_code == 302
    comment = ArticleComment.objects.get(comment="Hakuna majibu")
    assert comment.level == 0 and comment.parent_id == comment.pk
