"""Bad input gets a 4xx naming what is wrong, never a 500, and nothing is stored.

The demo (an article to post to) is expensive to build, so the cases that need it are
checked in a loop inside one test each; the others need only the database.
"""

import uuid
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.test import Client

from site_pages.conversation.following import SALT, follow_token
from site_pages.conversation.forms import ArticleCommentForm
from site_pages.conversation.models import ArticleComment, Conversation, Follow, PendingComment


@pytest.fixture
def client():
    """Exceptions become the 500 a reader would see, not an error raised in the test."""
    return Client(raise_request_exception=False)


def comments_url(page) -> str:
    return f"/api/articles/{page.pk}/comments/"


def stored() -> tuple[int, int, int]:
    return (ArticleComment.objects.count(), PendingComment.objects.count(), Follow.objects.count())


def post(client, page, **body):
    return client.post(comments_url(page), body, content_type="application/json")


def assert_refused(response, field: str) -> None:
    assert response.status_code == 400, (field, response.status_code)
    errors = response.json()["errors"]
    assert list(errors) == [field], errors
    assert all(isinstance(message, str) and message for message in errors[field]), errors


GOOD = {"name": "Juma", "email": "juma@example.org", "comment": "Habari za leo?"}


# 1. Lone surrogates (and NUL) in the comment form's text, through the API and the form.

NOT_TEXT = [
    ("comment", "Habari \ud800 za leo"),
    ("comment", "Habari \udfff"),
    ("name", "Juma \ud800"),
    ("email", "juma\ud800@example.org"),
    ("comment", "Habari\x00"),
    ("name", "Ju\x00ma"),
]


def test_lone_surrogates_and_nul_are_refused_naming_the_field(demo, client):
    before = stored()
    for field, value in NOT_TEXT:
        assert_refused(post(client, demo["sw_000"], **{**GOOD, field: value}), field)
    assert stored() == before


def test_the_site_form_refuses_a_lone_surrogate_naming_the_field(db):
    conversation = Conversation.objects.create(translation_key=uuid.uuid4())
    for field, value in NOT_TEXT:
        form = ArticleCommentForm(conversation)
        data = {**form.generate_security_data(), **GOOD, field: value, "reply_to": 0}
        form = ArticleCommentForm(conversation, data=data)
        assert not form.is_valid()
        assert list(form.errors) == [field], (field, form.errors)


# 2. `?lang=` of the conversation API is checked before it is echoed into a header.


def test_a_bad_lang_is_400_naming_lang_and_never_echoed(demo, client):
    before = stored()
    for lang in ["sw\r\nX-Injected: 1", "sw\n", "cy\r", "xx", "sw\x7f"]:
        for response in (
            client.get(comments_url(demo["sw_000"]), {"lang": lang}),
            client.post(
                f"{comments_url(demo['sw_000'])}?{urlencode({'lang': lang})}",
                GOOD,
                content_type="application/json",
            ),
        ):
            assert_refused(response, "lang")
            assert "X-Injected" not in response.headers
            assert response.headers.get("Content-Language") in {"sw", "cy", "en"}
    assert stored() == before


# 3. NUL in a query string is refused before any database sees it (PostgreSQL: DataError).


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v2/pages/find/", "html_path"),
        ("/api/v2/pages/", "locale"),
        ("/api/v2/pages/", "type"),
        ("/api/articles/1/comments/", "lang"),
    ],
)
def test_nul_in_an_api_query_string_is_400_naming_the_parameter(db, client, path, parameter):
    assert_refused(client.get(f"{path}?{parameter}=sw%00x"), parameter)


@pytest.mark.parametrize("parameter", ["q", "query", "page", "tag"])
def test_nul_in_a_page_query_string_is_400_naming_the_parameter(db, client, parameter):
    response = client.get(f"/sw/search/?{parameter}=habari%00")
    assert response.status_code == 400
    assert f" {parameter} " in response.content.decode()


def test_nul_in_a_parameter_name_is_400_too(db, client):
    response = client.get("/sw/search/?q%00=habari")
    assert response.status_code == 400
    assert "q\\x00" in response.content.decode()


def test_the_plain_400_page_is_in_the_readers_language(db, client):
    response = client.get("/cy/search/?q=helo%00")
    assert response.status_code == 400
    assert response["Content-Language"] == "cy"
    assert response.content.decode().startswith("Mae'r paramedr q yn cynnwys nod NUL")


def test_nul_against_the_real_views_stores_nothing(demo, client):
    """The search, the tag of the article index, Wagtail's find and locale, a post."""
    before = stored()
    index = demo["sw_002"].get_parent().url
    assert client.get(index, {"tag": "mgogoro"}).status_code == 200
    for url, parameter in [
        ("/sw/search/?q=habari%00", "q"),
        (f"{index}?tag=mgogoro%00", "tag"),
    ]:
        response = client.get(url)
        assert response.status_code == 400 and f" {parameter} " in response.content.decode()
    for url, parameter in [
        ("/api/v2/pages/find/?html_path=/sw/%00/", "html_path"),
        ("/api/v2/pages/?locale=s%00w", "locale"),
    ]:
        assert_refused(client.get(url), parameter)
    response = client.post(
        f"{comments_url(demo['sw_000'])}?x=%00", GOOD, content_type="application/json"
    )
    assert_refused(response, "x")
    assert stored() == before


# 4. Ids too large for any database are a 404, not an OverflowError (SQLite).

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/sw/comments/{HUGE}/1/",
        f"/sw/comments/1/{HUGE}/",
        f"/sw/comments/{HUGE}/1/reply/",
        f"/sw/comments/1/{HUGE}/edit/",
        f"/sw/comments/{HUGE}/1/delete/",
        f"/sw/comments/{HUGE}/post/",
        f"/sw/comments/{HUGE}/feed.rss",
        f"/sw/comments/{HUGE}/feed.atom",
        f"/sw/comments/{HUGE}/1/flag/",
        f"/sw/comments/1/{HUGE}/flag/",
        f"/sw/not-translated/{HUGE}/",
    ],
)
def test_ids_above_the_largest_database_integer_are_404(db, client, admin, path):
    client.force_login(admin)
    before = stored()
    assert client.get(path).status_code == 404
    assert client.post(path, {"comment": "x", "reason": "spam"}).status_code == 404
    assert stored() == before


def test_the_largest_database_integer_itself_is_a_plain_404(db, client):
    assert client.get(f"/sw/comments/{2**63 - 1}/1/").status_code == 404
    assert client.get(f"/sw/not-translated/{2**63 - 1}/").status_code == 404


# 5. A validly signed unfollow token of the wrong shape is a bad link: 404.


@pytest.mark.parametrize(
    "payload",
    [
        [1, 2, 3],
        [],
        {"conversation": 1, "email": "juma@example.org"},
        {"a": 1, "b": 2},
        "just text",
        17,
        None,
        ["1", "juma@example.org"],
        ["x", "juma@example.org"],
        [True, "juma@example.org"],
        [2**70, "juma@example.org"],
        [-1, "juma@example.org"],
        [1.5, "juma@example.org"],
        ["CONVERSATION", ["juma@example.org"]],
        ["CONVERSATION", ""],
        ["CONVERSATION", "juma"],
        ["CONVERSATION", "ju\x00ma@example.org"],
        ["CONVERSATION", "juma\ud800@example.org"],
        ["CONVERSATION", "juma@" + "x" * 300 + ".org"],
    ],
    ids=repr,
)
def test_a_signed_token_of_the_wrong_shape_is_404(db, client, payload):
    conversation = Conversation.objects.create(translation_key=uuid.uuid4())
    if isinstance(payload, list) and payload and payload[0] == "CONVERSATION":
        payload = [conversation.pk, *payload[1:]]
    token = signing.dumps(payload, salt=SALT)
    before = stored()
    assert client.get(f"/sw/comments/unfollow/{token}/").status_code == 404
    assert client.post(f"/sw/comments/unfollow/{token}/").status_code == 404
    assert client.post(f"/sw/comments/follow/{token}/").status_code == 404
    assert stored() == before


def test_a_good_token_still_works(demo, client):
    conversation = Conversation.for_page(demo["sw_000"])
    token = follow_token(conversation.pk, "Juma@example.org")
    assert client.get(f"/sw/comments/unfollow/{token}/").status_code == 200
    assert (
        Follow.objects.get(conversation=conversation, email="juma@example.org").is_active is False
    )


# 6. The API takes text as JSON strings only; 7. a name is one line, no control characters.


def test_text_that_is_not_a_json_string_is_refused_naming_the_field(demo, client):
    before = stored()
    for field in ("comment", "name", "email"):
        for value in (123, 1.5, True, False, ["Habari"], {"text": "Habari"}):
            response = post(client, demo["sw_000"], **{**GOOD, field: value})
            assert_refused(response, field)
            assert field in response.json()["errors"][field][0]
    assert stored() == before


def test_control_characters_in_a_name_are_refused(demo, client):
    before = stored()
    for name in ["Juma\r\nBcc: x@example.org", "Juma\nKiprono", "Ju\tma", "Ju\x1bma", "Ju\x85ma"]:
        response = post(client, demo["sw_000"], **{**GOOD, "name": name})
        assert_refused(response, "name")
    assert stored() == before
    kiswahili = post(client, demo["sw_000"], **{**GOOD, "name": "Ju\nma"})
    assert kiswahili.json()["errors"]["name"] == [
        "Jina: andika mstari mmoja tu, bila kuvunja mstari, vichupo wala herufi za udhibiti."
    ]
    fine = post(client, demo["sw_000"], **{**GOOD, "comment": "Habari\r\nza leo?\n\tAsante"})
    assert fine.status_code == 202
    assert stored() == (before[0], before[1] + 1, before[2])
