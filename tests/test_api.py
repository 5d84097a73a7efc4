"""The headless API: pages in every language and the shared conversation."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from rest_framework.authtoken.models import Token

from site_pages.conversation.models import ArticleComment, Conversation, PendingComment

PAGES = "/api/v2/pages/"


def comments_url(page) -> str:
    return f"/api/articles/{page.pk}/comments/"


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user(
        "msomaji", email="msomaji@example.org", first_name="Amina"
    )


def test_articles_filter_by_locale_and_list_their_translations(demo, client):
    kiswahili = client.get(
        PAGES, {"type": "site_pages.ArticlePage", "locale": "sw", "fields": "*"}
    )
    assert kiswahili.status_code == 200
    items = {item["id"]: item for item in kiswahili.json()["items"]}
    assert set(items) == {demo["sw_000"].pk, demo["sw_002"].pk}
    article = items[demo["sw_000"].pk]
    assert article["meta"]["locale"] == "sw"
    assert [(t["locale"], t["id"]) for t in article["translations"]] == [("cy", demo["cy_001"].pk)]
    welsh = client.get(f"{PAGES}{demo['cy_001'].pk}/").json()
    assert [(t["locale"], t["id"]) for t in welsh["translations"]] == [("sw", demo["sw_000"].pk)]
    assert welsh["translations"][0]["url"].endswith(demo["sw_000"].url)
    translations = client.get(PAGES, {"translation_of": demo["sw_000"].pk}).json()["items"]
    assert [item["id"] for item in translations] == [demo["cy_001"].pk]


def test_an_article_carries_its_byline_body_and_conversation(demo, client):
    article = client.get(f"{PAGES}{demo['sw_000'].pk}/").json()
    assert article["topic"] and article["date"] == str(demo["sw_000"].date)
    assert article["author"]["name"] == demo["sw_000"].author.name
    kinds = {block["type"] for block in article["body"]}
    assert {"paragraph", "sponsor"} <= kinds
    sponsor = next(b["value"] for b in article["body"] if b["type"] == "sponsor")
    assert sponsor["locale"] == "sw"
    welsh = client.get(f"{PAGES}{demo['cy_001'].pk}/").json()
    welsh_sponsor = next(b["value"] for b in welsh["body"] if b["type"] == "sponsor")
    assert welsh_sponsor["locale"] == "cy" and welsh_sponsor["link_text"] == "Cliciwch Yma!"
    with_images = client.get(f"{PAGES}{demo['sw_002'].pk}/").json()
    images = [b["value"] for b in with_images["body"] if b["type"] == "image"]
    assert len(images) == 2 and with_images["hero_image"] is not None
    for image in [*images, with_images["hero_image"]]:
        assert image["url"].startswith("http") and image["width"] > 0 and image["height"] > 0
        assert {"alt", "caption", "credit"} <= set(image)
    assert article["conversation"]["count"] == 3
    assert article["conversation"]["url"].endswith(comments_url(demo["sw_000"]))


def test_embeds_come_with_their_fallback(demo, client):
    article = client.get(f"{PAGES}{demo['sw_002'].pk}/").json()
    [embed] = [b["value"] for b in article["body"] if b["type"] == "embed"]
    assert embed["fallback"] and embed["url"] is None


def test_unpublished_pages_never_appear(demo, client):
    demo["sw_002"].unpublish()
    listed = client.get(PAGES, {"type": "site_pages.ArticlePage"}).json()["items"]
    assert demo["sw_002"].pk not in [item["id"] for item in listed]
    assert client.get(f"{PAGES}{demo['sw_002'].pk}/").status_code == 404
    assert client.get(comments_url(demo["sw_002"])).status_code == 404


def test_find_by_public_path_with_the_language_prefix(demo, client):
    response = client.get(f"{PAGES}find/", {"html_path": demo["cy_001"].url})
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == f"{PAGES}{demo['cy_001'].pk}/"
    assert client.get(f"{PAGES}find/", {"html_path": "/cy/dim-yn-bod/"}).status_code == 404


def test_locales_lists_the_enabled_languages_with_the_default(client, db):
    locales = client.get("/api/v2/locales/").json()
    assert [locale["code"] for locale in locales] == [c for c, _n in settings.LANGUAGES]
    assert [locale["code"] for locale in locales if locale["default"]] == [settings.LANGUAGE_CODE]


def test_the_tree_in_welsh_has_translated_text_and_the_original(demo, client):
    thread = client.get(comments_url(demo["sw_000"]), {"lang": "cy"}).json()
    assert thread["count"] == 3 and thread["language"] == "cy"
    first = thread["results"][0]
    assert first["number"] == 1 and first["depth"] == 1
    assert first["original"]["language"] == "sw"
    assert first["translated"] and first["language"] == "cy"
    assert first["text"] != first["original"]["text"]
    reply = first["replies"][0]
    assert reply["number"] == 2 and reply["depth"] == 2
    one = client.get(f"{comments_url(demo['sw_000'])}2/", {"lang": "sw"}).json()
    assert one["number"] == 2 and one["language"] == "sw"


def test_responses_revalidate_and_vary_on_language(demo, client):
    first = client.get(comments_url(demo["sw_000"]))
    assert first["ETag"] and first["Last-Modified"]
    assert "Accept-Language" in first["Vary"]
    again = client.get(comments_url(demo["sw_000"]), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    page = client.get(f"{PAGES}{demo['sw_000'].pk}/")
    assert (
        client.get(f"{PAGES}{demo['sw_000'].pk}/", HTTP_IF_NONE_MATCH=page["ETag"]).status_code
        == 304
    )


def test_removed_comments_never_appear(demo, client):
    conversation = Conversation.for_page(demo["sw_002"])
    target = ArticleComment.objects.get(conversation=conversation, number=10)
    target.is_removed = True
    target.save()
    body = client.get(comments_url(demo["sw_002"])).content.decode()
    assert target.comment[:30] not in body
    assert client.get(f"{comments_url(demo['sw_002'])}10/").status_code == 404


def post(client, page, **body):
    return client.post(comments_url(page), body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Juma", "comment": "Habari"}, "email"),
        ({"name": "Juma", "email": "j@example.org", "comment": "x" * 3001}, "comment"),
        (
            {"name": "Juma", "email": "j@example.org", "comment": "Jibu", "reply_to": 999},
            "reply_to",
        ),
    ],
    ids=["missing-email", "too-long", "no-such-parent"],
)
def test_bad_comments_get_400_naming_the_field(demo, client, body, field):
    response = post(client, demo["sw_000"], **body)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_parent_from_another_article_is_refused(demo, client):
    other = ArticleComment.objects.filter(conversation=Conversation.for_page(demo["sw_002"]))
    assert not ArticleComment.objects.filter(
        conversation=Conversation.for_page(demo["sw_000"]), number=9
    ).exists()
    assert other.filter(number=9).exists()
    response = post(
        client, demo["sw_000"], name="J", email="j@example.org", comment="Hi", reply_to=9
    )
    assert response.status_code == 400 and "reply_to" in response.json()["errors"]


def test_a_closed_conversation_refuses_with_400(demo, client):
    demo["sw_000"].comments_closed = True
    demo["sw_000"].save_revision().publish()
    response = post(client, demo["sw_000"], name="J", email="j@example.org", comment="Hi")
    assert response.status_code == 400
    assert "conversation" in response.json()["errors"]


def test_anonymous_comment_waits_for_its_email_link(demo, client, run_tasks, mailoutbox):
    response = post(
        client, demo["sw_000"], name="Juma", email="juma@example.org", comment="Asante sana."
    )
    assert response.status_code == 202 and response.json()["status"] == "pending"
    assert PendingComment.objects.filter(user_email="juma@example.org").exists()
    run_tasks()
    assert mailoutbox[-1].to == ["juma@example.org"]


def test_a_signed_in_app_replies_with_a_token(demo, client, reader):
    token = Token.objects.create(user=reader)
    response = client.post(
        comments_url(demo["cy_001"]),
        {"comment": "Diolch!", "reply_to": 1},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 201
    comment = response.json()["comment"]
    assert comment["depth"] == 2 and comment["author"] == "Amina" and comment["language"] == "cy"
    thread = client.get(comments_url(demo["sw_000"]), {"lang": "cy"}).json()
    assert comment["number"] in [r["number"] for r in thread["results"][0]["replies"]]


def test_posting_too_fast_gets_429_with_retry_after(demo, client, settings):
    settings.MAZUNGUMZO_RATE_LIMIT_COUNT = 2
    for n in range(2):
        assert (
            post(
                client, demo["sw_000"], name="J", email="j@example.org", comment=f"Ujumbe {n}"
            ).status_code
            == 202
        )
    response = post(client, demo["sw_000"], name="J", email="j@example.org", comment="Tena")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["errors"]["__all__"]


def test_session_posts_need_csrf(demo, reader):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    response = browser.post(
        comments_url(demo["sw_000"]), {"comment": "Hi"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_follow_and_flag(demo, client, reader):
    assert client.post(f"/api/articles/{demo['sw_000'].pk}/follow/").status_code == 403
    client.force_login(reader)
    assert client.post(f"/api/articles/{demo['sw_000'].pk}/follow/").json() == {"following": True}
    assert client.delete(f"/api/articles/{demo['sw_000'].pk}/follow/").json() == {
        "following": False
    }
    flag = client.post(
        f"{comments_url(demo['sw_000'])}1/flag/",
        {"reason": "spam"},
        content_type="application/json",
    )
    assert flag.status_code == 200
    assert (
        ArticleComment.objects.get(
            conversation=Conversation.for_page(demo["sw_000"]), number=1
        ).reader_flags.count()
        == 1
    )
    bad = client.post(
        f"{comments_url(demo['sw_000'])}1/flag/", {"reason": "?"}, content_type="application/json"
    )
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]


def test_cors_only_for_listed_origins(demo, client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example"]
    allowed = client.get("/api/v2/locales/", HTTP_ORIGIN="https://app.example")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example"
    other = client.get("/api/v2/locales/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other


def test_the_schema_and_its_documentation_page(db, client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v2/pages/", "/api/articles/{page_id}/comments/"} <= set(schema["paths"])
    assert client.get("/api/docs/").status_code == 200
