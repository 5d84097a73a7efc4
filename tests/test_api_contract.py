"""The API keeps the promises its OpenAPI schema makes (what bin/check-api-schema found).

Every answer under /api/ is JSON, a bad id included; `fields`, `id` and `find` do what the
schema says; the documentation page works without any other site.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings

PAGES = "/api/v2/pages/"


def assert_json_error(response, status: int) -> dict:
    """A 4xx the schema declares: the status, a JSON content type and a JSON object."""
    assert response.status_code == status, response.content[:200]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body, dict) and body
    return body


@pytest.mark.parametrize(
    "method, path",
    [
        ("get", "/api/v2/pages/abc/"),
        ("get", "/api/v2/pages/-1/"),
        ("get", "/api/v2/images/1.5/"),
        ("get", "/api/v2/documents/null/"),
        ("get", "/api/articles/abc/comments/"),
        ("post", "/api/articles/abc/comments/"),
        ("get", "/api/articles/{article}/comments/abc/"),
        ("post", "/api/articles/{article}/comments/true/flag/"),
        ("post", "/api/articles/0.5/follow/"),
        ("delete", "/api/articles/abc/follow/"),
    ],
)
def test_a_non_integer_id_is_a_json_404(demo, client, method, path):
    url = path.format(article=demo["sw_000"].pk)
    response = getattr(client, method)(url, content_type="application/json")
    assert_json_error(response, 404)


def test_only_api_paths_change_their_404(demo, client):
    """The site's own 404 stays a page; a missing slash under /api/ still redirects."""
    page = client.get("/sw/hakuna-ukurasa-kama-huu/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")
    assert client.get("/api/v2/pages").status_code == 301


def test_fields_chooses_what_each_page_carries(demo, client):
    article = demo["sw_000"]
    only_title = client.get(f"{PAGES}{article.pk}/", {"fields": "_,title"}).json()
    assert only_title == {"title": article.title}
    without_body = client.get(f"{PAGES}{article.pk}/", {"fields": "-body"}).json()
    assert "body" not in without_body and without_body["topic"] == article.topic
    listed = client.get(PAGES, {"type": "site_pages.ArticlePage", "fields": "topic,date"})
    items = {item["id"]: item for item in listed.json()["items"]}
    assert items[article.pk]["topic"] == article.topic
    assert items[article.pk]["date"] == str(article.date)
    # A page type's own field needs that type, as the schema says: a JSON 400, not a 500.
    assert "topic" in assert_json_error(client.get(PAGES, {"fields": "topic"}), 400)["message"]


def test_id_picks_one_page_from_the_listing(demo, client):
    welsh = demo["cy_001"]
    items = client.get(PAGES, {"id": welsh.pk, "fields": "title"}).json()["items"]
    assert [(item["id"], item["title"]) for item in items] == [(welsh.pk, welsh.title)]


def test_find_by_id_redirects_to_the_page(demo, client):
    article = demo["sw_002"]
    found = client.get(f"{PAGES}find/", {"id": article.pk})
    assert found.status_code == 302
    assert urlsplit(found["Location"]).path == f"{PAGES}{article.pk}/"
    assert client.get(found["Location"]).json()["title"] == article.title


@pytest.mark.parametrize("bad", ["abc", "-1", "²", "1.0"])
def test_find_with_an_id_that_is_not_a_whole_number_is_a_400(demo, client, bad):
    assert_json_error(client.get(f"{PAGES}find/", {"id": bad}), 400)


def test_find_by_public_path_keeps_the_fields_asked_for(demo, client):
    welsh = demo["cy_001"]
    found = client.get(f"{PAGES}find/", {"html_path": welsh.url, "fields": "_,title"})
    assert found.status_code == 302
    location = urlsplit(found["Location"])
    assert location.path == f"{PAGES}{welsh.pk}/"
    assert parse_qs(location.query) == {"fields": ["_,title"]}
    assert client.get(found["Location"]).json() == {"title": welsh.title}
    assert_json_error(client.get(f"{PAGES}find/", {"html_path": "/cy/dim-yn-bod/"}), 404)


def test_child_of_and_descendant_of_together(demo, client):
    """Both conditions hold: Wagtail alone refuses the pair with a 400."""
    article = demo["sw_000"]
    index = article.get_parent()
    home = index.get_parent()
    both = client.get(PAGES, {"child_of": index.pk, "descendant_of": home.pk})
    assert both.status_code == 200
    assert article.pk in [item["id"] for item in both.json()["items"]]
    elsewhere = client.get(PAGES, {"child_of": index.pk, "descendant_of": article.pk})
    assert elsewhere.json()["items"] == []


def test_an_offset_past_any_database_is_a_400(demo, client):
    assert_json_error(client.get(PAGES, {"offset": str(2**80)}), 400)


def test_an_unreadable_body_is_a_400_in_the_errors_shape(demo, client):
    article = demo["sw_000"]
    for url in (
        f"/api/articles/{article.pk}/comments/",
        f"/api/articles/{article.pk}/comments/1/flag/",
    ):
        response = client.post(url, data="{not json", content_type="application/json")
        assert set(assert_json_error(response, 400)) == {"errors"}


def component(schema: dict, node: dict) -> dict:
    """A schema object, its `$ref` followed."""
    if "$ref" not in node:
        return node
    return schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]


def test_a_flag_answers_as_the_schema_says(demo, client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    flag = schema["paths"]["/api/articles/{page_id}/comments/{number}/flag/"]["post"]
    promised = component(schema, flag["responses"]["200"]["content"]["application/json"]["schema"])
    response = client.post(
        f"/api/articles/{demo['sw_000'].pk}/comments/1/flag/",
        {"reason": "spam"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert set(response.json()) == set(promised["properties"])
    assert response.json()["status"] in component(schema, promised["properties"]["status"])["enum"]


def test_the_schema_links_a_page_to_its_conversation(db, client):
    """schemathesis's stateful phase and clients follow these links."""
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    page = schema["paths"]["/api/v2/pages/{id}/"]["get"]["responses"]["200"]
    assert page["links"]["Conversation"] == {
        "operationId": "comments_list",
        "parameters": {"page_id": "$response.body#/id"},
    }
    thread = schema["paths"]["/api/articles/{page_id}/comments/"]["get"]["responses"]["200"]
    assert thread["links"]["FirstComment"]["operationId"] == "comments_retrieve"


class Assets(HTMLParser):
    """The script and stylesheet URLs of a page, and any inline script or style."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.inline: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.urls.append(attributes["src"])
        elif tag == "link" and "stylesheet" in (attributes.get("rel") or ""):
            self.urls.append(attributes["href"])
        elif tag in ("script", "style"):
            self._open = tag
        elif tag == "link" and attributes.get("rel") in ("preconnect", "dns-prefetch"):
            self.urls.append(attributes["href"])

    def handle_data(self, data):
        if self._open and data.strip():
            self.inline.append(self._open)

    def handle_endtag(self, tag):
        self._open = None


@override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True)
def test_the_documentation_page_needs_nothing_but_this_site(db):
    """ReDoc from drf-spectacular-sidecar: no CDN, no inline script (the CSP allows neither)."""
    client = Client()  # a new handler, so WhiteNoise serves from the static finders
    page = client.get("/api/docs/")
    assert page.status_code == 200
    assets = Assets()
    assets.feed(page.content.decode())
    assert assets.inline == []
    assert any(url.endswith("redoc.standalone.js") for url in assets.urls)
    for url in assets.urls:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url
        assert parts.path.startswith(settings.STATIC_URL), url
        assert finders.find(parts.path.removeprefix(settings.STATIC_URL)), url
        served = client.get(parts.path)
        assert served.status_code == 200, url
        assert b"".join(served.streaming_content), url
    assert b'spec-url="/api/schema/"' in page.content
