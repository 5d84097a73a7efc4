"""Chromium enforces the Content-Security-Policy, and nothing readers or editors do is blocked.

Every `securitypolicyviolation` event (in the page and in its frames, such as the admin's
preview panel) and every console message about the CSP or the Permissions-Policy header is
collected across navigations; each test ends with none, after checking the actions worked.
"""

import re

import pytest
from django.conf import settings
from django.test import Client

from site_pages.conversation.models import ArticleComment, Conversation
from site_pages.models import ArticlePage

# Reports every violation to Python; runs in every frame before the page's own scripts.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `in ${event.documentURI} (${event.sourceFile}:${event.lineNumber})`
  );
});
"""
POLICY_MESSAGE = re.compile(r"Content.Security.Policy|Permissions.Policy", re.IGNORECASE)
PASSWORD = "nenosiri-la-mhariri-2026"


def collect_violations(page) -> list[str]:
    found: list[str] = []
    page.expose_binding("__cspViolation", lambda _source, text: found.append(text))
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            found.append(f"console: {message.text}")
            if POLICY_MESSAGE.search(message.text)
            else None
        ),
    )
    return found


@pytest.fixture
def reader_session(live_demo, django_user_model) -> str:
    """A signed-in reader's session cookie, made before the browser starts."""
    reader = django_user_model.objects.create_user("amani", email="amani@example.org")
    client = Client()
    client.force_login(reader)
    return client.cookies["sessionid"].value


@pytest.fixture
def admin_ids(live_demo, django_user_model) -> dict[str, int]:
    """An editor who may sign in, and the ids of what they open, read before the browser."""
    from tests.helpers import prefer_english

    editor = django_user_model.objects.create_superuser("mhariri", "mh@example.org", PASSWORD)
    prefer_english(editor)
    article = ArticlePage.objects.get(slug="je-uuzaji-wa-maingiliano-ni-nini")
    conversation = Conversation.for_page(article)
    comment = ArticleComment.objects.filter(conversation=conversation, is_public=True).first()
    return {"article": article.pk, "comment": comment.pk}


def test_the_collector_reports_what_the_policy_blocks(live_demo, page):
    """The listener works: an inline script and a frame from elsewhere are both reported."""
    violations = collect_violations(page)
    page.goto(live_demo["sw_000"])
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.ranInline = true";
          document.body.appendChild(script);
          const frame = document.createElement("iframe");
          frame.src = "https://tracker.invalid/";
          document.body.appendChild(frame);
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.ranInline") is None
    blocked = " ".join(violations)
    assert "script-src" in blocked and "frame-src" in blocked


def test_reading_and_replying_inline_break_no_policy(
    live_demo, reader_session, live_server, page, screenshot
):
    violations = collect_violations(page)
    # An anonymous reader (the page cache's copy of this answer: tests/test_security_headers.py).
    article = page.goto(live_demo["sw_000"])
    assert "'unsafe-inline'" not in article.headers["content-security-policy"]
    assert "camera=()" in article.headers["permissions-policy"]
    assert page.locator("article h1, h1").first.inner_text()
    # An allowed embed provider may be framed (the network is not needed to decide that).
    page.evaluate(
        """() => {
          const frame = document.createElement("iframe");
          frame.src = "https://www.youtube-nocookie.com/embed/mazungumzo";
          document.body.appendChild(frame);
        }"""
    )
    page.wait_for_timeout(300)

    # A signed-in reader replies inline: fetch() posts, the answer's HTML goes in place.
    page.context.add_cookies(
        [{"name": "sessionid", "value": reader_session, "url": live_server.url}]
    )
    page.goto(live_demo["sw_002"])
    page.evaluate("window.notReloaded = true")
    page.locator("#c6 > article .comment__reply").click()
    form = page.locator("#c6 form.comment-form")
    form.locator("textarea").fill("Jibu chini ya sera ya usalama")
    form.get_by_role("button", name="Tuma maoni").click()
    page.locator("#c6 > ul.comment-replies > li.comment", has_text="sera ya usalama").wait_for()
    assert page.evaluate("window.notReloaded") is True
    screenshot(page, "csp-inline-reply")
    assert violations == []


def test_the_wagtail_admin_works_under_its_policy(admin_ids, live_server, browser, screenshot):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="en")
    page = context.new_page()
    violations = collect_violations(page)
    admin = live_server.url + "/admin/"

    page.goto(admin + "login/")
    page.fill("#id_username", "mhariri")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(admin)
    assert "Dashboard" in page.title()

    # The article editor: StreamField blocks and Draftail come up, the preview panel frames
    # the page (rendered with the public policy, which must allow the admin to frame it).
    page.goto(f"{admin}pages/{admin_ids['article']}/edit/")
    page.locator(".Draftail-Editor").first.wait_for()
    assert page.locator(".c-sf-block__type").count() >= 3
    page.click('[data-side-panel-toggle="preview"]')
    # Wagtail loads the preview in a second iframe, then swaps it in as #w-preview-iframe.
    heading = page.wait_for_function(
        """() => document.querySelector("#w-preview-iframe:not(.w-preview__proxy)")
            ?.contentDocument?.querySelector("main h1")?.textContent"""
    )
    assert "uuzaji wa maingiliano" in heading.json_value().lower()
    screenshot(page, "csp-admin-editor")

    # Comment moderation: the listing, a comment, a bulk action chosen with the checkboxes.
    listing = f"{admin}snippets/conversation/articlecomment/"
    page.goto(listing + "?status=pending")
    page.goto(f"{listing}edit/{admin_ids['comment']}/")
    page.locator("form textarea").first.wait_for()
    page.goto(listing)
    page.locator(
        f'input[data-bulk-action-checkbox][data-object-id="{admin_ids["comment"]}"]'
    ).check()
    page.locator("[data-bulk-action-footer] a[aria-label='Unpublish']").click()
    page.wait_for_url(re.compile(r"/admin/bulk/conversation/articlecomment/unpublish/"))
    page.locator("main form input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/snippets/conversation/articlecomment/"))
    assert "unpublish" in page.locator(".messages").inner_text().lower()

    # The snippets listings.
    page.goto(f"{admin}snippets/site_pages/author/")
    assert page.locator("table.listing tbody tr").count() >= 1
    page.goto(f"{admin}snippets/site_pages/sponsor/")
    page.wait_for_load_state("load")
    context.close()
    assert violations == []


@pytest.mark.skipif(
    settings.SPECTACULAR_SETTINGS.get("REDOC_DIST") != "SIDECAR",
    reason="ReDoc comes from a CDN; the policy expects the sidecar's local copy",
)
def test_redoc_renders_under_its_policy(live_demo, live_server, page):
    violations = collect_violations(page)
    workers = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(live_server.url + "/api/docs/")
    page.get_by_text("Mazungumzo API").first.wait_for()
    page.locator("[data-section-id]").first.wait_for()
    page.wait_for_timeout(500)
    assert workers and workers[0].startswith("blob:")  # its search index worker
    # Only the deliberately refused third parties: Google Fonts and the Redocly logo.
    unexpected = [
        text
        for text in violations
        if not re.search(r"fonts\.googleapis\.com|cdn\.redoc\.ly", text)
    ]
    assert unexpected == []
