"""Inline replies: a signed-in reader sees theirs at once, an anonymous one is told to confirm."""

import pytest
from django.test import Client


@pytest.fixture
def reader_session(live_demo, django_user_model) -> str:
    """A signed-in reader's session cookie, made before the browser starts."""
    reader = django_user_model.objects.create_user(
        "zawadi", email="zawadi@example.org", first_name="Zawadi"
    )
    client = Client()
    client.force_login(reader)
    return client.cookies["sessionid"].value


def test_inline_reply_appears_under_its_parent_without_reload(
    live_demo, reader_session, live_server, page, screenshot
):
    page.context.add_cookies(
        [{"name": "sessionid", "value": reader_session, "url": live_server.url}]
    )
    page.goto(live_demo["sw_002"])
    page.evaluate("window.notReloaded = true")

    page.locator("#c6 > article .comment__reply").click()
    form = page.locator("#c6 form.comment-form")
    form.locator("textarea").fill("Jibu la moja kwa moja kutoka kwa kivinjari")
    screenshot(page, "inline-reply-form")
    form.get_by_role("button", name="Tuma maoni").click()

    reply = page.locator("#c6 > ul.comment-replies > li#c11")
    reply.wait_for()
    assert "Jibu la moja kwa moja" in reply.locator(".comment__text").inner_text()
    assert page.evaluate("window.notReloaded") is True
    assert page.locator(".conversation__count").inner_text() == "10 Maoni"
    assert page.locator("#comment-form form.comment-form").count() == 1  # form went home
    screenshot(page, "inline-reply-posted")


def test_anonymous_inline_post_is_told_to_check_email(live_demo, page):
    page.goto(live_demo["cy_001"])
    form = page.locator("#comment-form form.comment-form")
    form.get_by_label("Enw:").fill("Gwen")
    form.get_by_label("E-bost:").fill("gwen@example.org")
    form.locator("textarea").fill("Sylw dienw o'r porwr")
    form.get_by_role("button", name="Anfon sylw").click()
    status = form.locator(".comment-form__status")
    status.wait_for()
    assert "gwen@example.org" in status.inner_text()
    assert page.locator("li.comment").count() == 3  # nothing shown before confirmation


def test_invalid_inline_post_names_the_field(live_demo, page):
    page.goto(live_demo["sw_000"])
    form = page.locator("#comment-form form.comment-form")
    form.get_by_role("button", name="Tuma maoni").click()
    errors = form.locator(".field-error")
    errors.first.wait_for()
    assert errors.count() == 3  # name, email, comment
