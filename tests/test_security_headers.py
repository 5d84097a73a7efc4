"""Content-Security-Policy and Permissions-Policy on every answer, and no inline script.

The public site's policy has no 'unsafe-inline' and no nonce (whole pages are cached), so
the public templates must carry no inline script, event handler, javascript: URL or
inline style. Browsers check the policy for real in tests/browser/test_csp_browser.py.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client

from site_pages.conversation.models import Conversation
from site_pages.security_headers import path_directives, permissions_policy
from tests.test_conversation import post

CSP = "Content-Security-Policy"
PERMISSIONS = "Permissions-Policy"
# <script> types a browser does not run: data blocks.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}


def directives(response) -> dict[str, list[str]]:
    """The response's CSP as {directive: [sources]}."""
    assert CSP in response, f"no {CSP} header"
    parsed = {}
    for part in response[CSP].split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def assert_public_policy(response) -> None:
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]  # inline replies post with fetch()
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]  # the admin's preview panel
    assert "https://www.youtube.com" in policy["frame-src"]
    assert "nonce-" not in response[CSP]  # a cached page would replay it
    assert "unsafe" not in response[CSP]


def assert_permissions_policy(response) -> None:
    assert PERMISSIONS in response, f"no {PERMISSIONS} header"
    features = dict(item.strip().split("=", 1) for item in response[PERMISSIONS].split(","))
    for feature in ("camera", "microphone", "geolocation", "payment"):
        assert features[feature] == "()"
    assert "interest-cohort" not in features  # obsolete: browsers warn about it
    assert "fullscreen" not in features and "autoplay" not in features  # embedded players


def inline_script_problems(html: bytes | str) -> list[str]:
    """Everything in a page that the public policy would block or that runs inline."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for script in soup.find_all("script"):
        kind = (script.get("type") or "text/javascript").split(";")[0].strip().lower()
        if script.get("src"):
            if script.string and script.string.strip():
                problems.append(f"script with both src and a body: {script}")
        elif kind not in DATA_SCRIPT_TYPES:
            problems.append(f"inline script: {str(script)[:120]}")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                problems.append(f"event handler {name}= on <{tag.name}>")
            elif name.lower() == "style":
                problems.append(f"style= on <{tag.name}>: {text[:60]}")
            elif name.lower() in URL_ATTRIBUTES and re.match(r"\s*javascript:", text, re.I):
                problems.append(f"javascript: URL in {name}= on <{tag.name}>")
    problems += [f"<style> element: {str(style)[:60]}" for style in soup.find_all("style")]
    return problems


def assert_no_inline_script(response) -> None:
    assert response["Content-Type"].startswith("text/html")
    assert inline_script_problems(response.content) == []


# The headers


def test_article_page_carries_the_public_policy_and_permissions_policy(demo):
    response = Client().get(demo["sw_000"].url)
    assert response.status_code == 200
    assert_public_policy(response)
    assert_permissions_policy(response)


def test_a_cached_page_carries_them_too(demo):
    first = Client().get(demo["cy_001"].url)
    second = Client().get(demo["cy_001"].url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert_public_policy(second)
    assert_permissions_policy(second)
    assert second[CSP] == first[CSP]


def test_the_api_carries_them_fresh_and_cached(demo):
    conversation_url = f"/api/articles/{demo['sw_000'].pk}/comments/"
    for url in ("/api/v2/pages/?locale=sw", conversation_url):
        fresh, cached = Client().get(url), Client().get(url)
        assert cached["X-Page-Cache"] == "hit"
        for response in (fresh, cached):
            assert response.status_code == 200
            assert_public_policy(response)
            assert_permissions_policy(response)


def test_redirects_and_errors_carry_them(demo):
    for response in (Client().get("/"), Client().get("/sw/hakuna-ukurasa-huu/")):
        assert response.status_code in {302, 404}
        assert_public_policy(response)
        assert_permissions_policy(response)


def test_the_admin_gets_its_own_wider_policy(db, admin):
    client = Client()
    login = client.get("/admin/login/")
    client.force_login(admin)
    dashboard = client.get("/admin/")
    for response in (login, dashboard):
        assert response.status_code == 200
        policy = directives(response)
        # Wagtail's admin still has inline scripts (date pickers) and styles (Draftail).
        assert "'unsafe-inline'" in policy["script-src"]
        assert "'unsafe-inline'" in policy["style-src"]
        assert policy["frame-ancestors"] == ["'self'"]  # its own preview panel
        assert policy["object-src"] == ["'none'"]
        assert_permissions_policy(response)


def test_redoc_may_run_its_worker_and_styles_but_no_inline_script(db):
    response = Client().get("/api/docs/")
    policy = directives(response)
    assert "blob:" in policy["worker-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["script-src"] == ["'self'"]


def test_the_longest_prefix_picks_the_policy(settings):
    settings.MAZUNGUMZO_CSP_PATH_DIRECTIVES = {
        "/admin/": {"default-src": ["'self'"]},
        "/admin/pages/": {"default-src": ["'none'"]},
    }
    assert path_directives("/admin/pages/3/") == {"default-src": ["'none'"]}
    assert path_directives("/admin/") == {"default-src": ["'self'"]}
    assert path_directives("/sw/admin/") is None  # the site's own settings apply


def test_permissions_policy_is_written_in_the_header_syntax():
    value = permissions_policy({"camera": [], "fullscreen": ["self", '"https://a.example"']})
    assert value == 'camera=(), fullscreen=(self "https://a.example")'


# No inline script on public pages


def test_the_checker_finds_inline_script():
    page = (
        '<script src="/a.js"></script><script type="application/ld+json">{}</script>'
        '<script>alert(1)</script><a href=" javascript:x()" onclick="y()" style="color:red">'
        "</a><style>p{}</style>"
    )
    assert len(inline_script_problems(page)) == 5


@pytest.mark.parametrize("key", ["sw_000", "cy_001", "sw_002"])
def test_articles_have_no_inline_script(demo, key):
    response = Client().get(demo[key].url)
    assert response.status_code == 200
    assert response.content.count(b"<script") >= 1  # the reply script, as a file
    assert_no_inline_script(response)


def test_signed_in_readers_article_has_no_inline_script(demo, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_user("msomaji", email="m@example.org"))
    assert_no_inline_script(client.get(demo["sw_002"].url))


@pytest.mark.parametrize(
    "url",
    ["/sw/", "/sw/makala/", "/cy/erthyglau/", "/sw/search/?q=uuzaji", "/sw/search/?q="],
)
def test_index_home_and_search_pages_have_no_inline_script(demo, url):
    response = Client().get(url)
    assert response.status_code == 200
    assert_no_inline_script(response)


def test_error_and_not_translated_pages_have_no_inline_script(demo):
    assert_no_inline_script(Client().get("/sw/hakuna-ukurasa-huu/"))
    not_translated = Client().get(f"/en/not-translated/{demo['sw_000'].pk}/")
    assert not_translated.status_code == 404
    assert_no_inline_script(not_translated)


def test_comment_form_error_page_has_no_inline_script(demo, client):
    response = post(client, demo["sw_000"], "", name="", email="si-barua-pepe")
    assert response.status_code == 400
    assert b"field-error" in response.content
    assert_public_policy(response)
    assert_no_inline_script(response)


def test_reply_page_without_javascript_has_no_inline_script(demo, client):
    conversation = Conversation.for_page(demo["sw_002"])
    assert_no_inline_script(client.get(f"/sw/comments/{conversation.pk}/6/reply/"))


def test_confirmation_pages_have_no_inline_script(demo, client, run_tasks):
    told = post(client, demo["cy_001"], "Sylw dienw", name="Gwen", email="gwen@example.org")
    assert told.status_code == 200 and b"gwen@example.org" in told.content
    assert_no_inline_script(told)
    run_tasks()
    link = re.search(r"http://testserver(/cy/comments/confirm/\S+/)", mail.outbox[0].body)
    confirmed = client.get(link.group(1))
    assert confirmed.status_code == 200
    assert_public_policy(confirmed)
    assert_no_inline_script(confirmed)
