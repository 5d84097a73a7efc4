"""Anonymous readers get cached pages, and every change they should see reaches them.

Each event warms the cache for both language versions of the demo article (Kiswahili
000 and Welsh 001 share one conversation), makes the change the way an editor, a
moderator, a translator or a reader does, and reads both pages again as a new reader.
"""

import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from site_pages.conversation.models import (
    ArticleComment,
    CommentTranslation,
    Conversation,
    ConversationSettings,
)
from site_pages.moderation.actions import ACTIONS, moderate
from site_pages.pages.snippets import Author
from tests.test_conversation import post

User = get_user_model()


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def anonymous_view(page):
    """What a new anonymous reader gets: the cache state header and the parsed page."""
    response = Client().get(page.url)
    assert response.status_code == 200
    return response["X-Page-Cache"], soup(response)


def warm(*pages) -> None:
    for page in pages:
        anonymous_view(page)
        state, _html = anonymous_view(page)
        assert state == "hit"


@pytest.fixture
def versions(demo):
    return demo["sw_000"], demo["cy_001"]


@pytest.fixture
def moderator(django_user_model):
    return django_user_model.objects.create_superuser("msimamizi", "m@example.org", "x")


@pytest.fixture
def comment_1(demo):
    return ArticleComment.objects.get(conversation=Conversation.for_page(demo["sw_000"]), number=1)


def test_a_repeated_page_costs_no_query_and_keeps_its_etag(demo):
    page = demo["sw_000"]
    first = Client().get(page.url)
    assert first["X-Page-Cache"] == "miss"
    assert "s-maxage=" in first["Cache-Control"] and "public" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(page.url)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert Client().get(page.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert second["X-Frame-Options"] == first["X-Frame-Options"]


def test_signed_in_readers_never_get_the_shared_page(demo, client, django_user_model):
    page = demo["sw_000"]
    warm(page)
    client.force_login(django_user_model.objects.create_user("msomaji", email="s@example.org"))
    response = client.get(page.url)
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    # Their form carries a CSRF token; the shared page's form does not need one.
    assert soup(response).select_one("form.comment-form input[name=csrfmiddlewaretoken]")
    _state, shared = anonymous_view(page)
    assert shared.select_one("form.comment-form input[name=csrfmiddlewaretoken]") is None


def test_the_form_on_a_cached_page_still_posts(demo, mailoutbox, run_tasks):
    page = demo["sw_000"]
    warm(page)
    reader = Client(enforce_csrf_checks=True)
    response = post(
        reader, page, "Maoni kutoka ukurasa uliohifadhiwa", name="Juma", email="juma@example.org"
    )
    assert response.status_code == 200
    assert "mazungumzo_fresh" in response.cookies
    run_tasks()
    assert [message.to for message in mailoutbox] == [["juma@example.org"]]
    # Having posted, the reader reads past the shared cache.
    assert "X-Page-Cache" not in reader.get(page.url)


def test_signed_in_posts_still_need_csrf(demo, django_user_model):
    writer = django_user_model.objects.create_user("mwandishi", email="w@example.org")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(writer)
    conversation = Conversation.for_page(demo["sw_000"])
    response = browser.post(f"/sw/comments/{conversation.pk}/post/", {"comment": "Bila tokeni"})
    assert response.status_code == 403
    assert not ArticleComment.objects.filter(comment="Bila tokeni").exists()


def texts(html) -> list[str]:
    return [node.get_text(" ", strip=True) for node in html.select("li.comment .comment__text")]


def test_a_new_comment_shows_in_every_language_version(versions, client, django_user_model):
    warm(*versions)
    client.force_login(django_user_model.objects.create_user("mpya", email="mpya@example.org"))
    post(client, versions[0], "Jibu jipya kabisa")
    for page in versions:
        _state, html = anonymous_view(page)
        assert any("Jibu jipya kabisa" in text for text in texts(html))


@pytest.mark.parametrize(
    ("action", "still_there"),
    [("unpublish", False), ("remove", False), ("spam", False)],
)
def test_hiding_a_comment_shows_in_every_language_version(
    versions, comment_1, moderator, action, still_there
):
    reply = ArticleComment.objects.get(conversation=comment_1.conversation, number=3)
    warm(*versions)
    moderate(reply, ACTIONS[action], moderator)
    for page in versions:
        _state, html = anonymous_view(page)
        assert (html.select_one("#c3") is not None) is still_there


def test_approving_a_held_comment_shows_it(versions, comment_1, moderator):
    held = ArticleComment(
        conversation=comment_1.conversation,
        content_object=comment_1.conversation,
        site_id=1,
        user_name="Zawadi",
        user_email="z@example.org",
        comment="Nilisubiri msimamizi",
        language="sw",
        is_public=False,
    )
    held.save()
    warm(*versions)
    moderate(held, ACTIONS["approve"], moderator)
    for page in versions:
        _state, html = anonymous_view(page)
        assert html.select_one(f"#c{held.number}") is not None


def test_an_edit_shows(versions, comment_1):
    warm(*versions)
    comment_1.comment = "Maandishi yaliyosahihishwa"
    comment_1.save()
    _state, html = anonymous_view(versions[0])
    assert "Maandishi yaliyosahihishwa" in html.select_one("#c1 .comment__text").get_text()


def test_a_translation_arriving_shows(versions, comment_1):
    warm(*versions)
    translated = "Cyfieithiad newydd o'r sylw cyntaf"
    CommentTranslation.objects.update_or_create(
        comment=comment_1, language="cy", defaults={"text": translated, "is_machine": True}
    )
    _state, html = anonymous_view(versions[1])
    assert translated in html.select_one("#c1 .comment__text").get_text()


def test_closing_the_conversation_shows_in_every_language_version(versions):
    warm(*versions)
    source = versions[0]
    source.comments_closed = True
    source.save_revision().publish()
    for page in versions:
        _state, html = anonymous_view(page)
        assert html.select_one("form.comment-form") is None
        assert html.select_one(".conversation__closed") is not None


def test_conversation_settings_reach_cached_pages(versions):
    warm(*versions)
    settings = ConversationSettings.load()
    settings.close_after_days = 1
    settings.save()
    # Published today: still open, but the pages were built again under the new setting.
    for page in versions:
        state, html = anonymous_view(page)
        assert state == "miss"
        assert html.select_one("form.comment-form") is not None


def test_unpublishing_a_language_version_updates_the_others(versions):
    sw, cy = versions
    warm(sw, cy)
    switcher = anonymous_view(sw)[1].select_one("[hreflang=cy]")
    assert switcher is not None
    cy.unpublish()
    assert anonymous_view(sw)[1].select_one("link[hreflang=cy]") is None


def test_publishing_a_new_revision_shows(versions):
    sw, cy = versions
    warm(sw, cy)
    cy.title = "Teitl newydd yn Gymraeg"
    cy.save_revision().publish()
    assert anonymous_view(cy)[1].select_one("h1").get_text(strip=True) == cy.title


def test_own_comment_edit_links_are_only_for_their_author(demo, client, django_user_model):
    page = demo["sw_000"]
    author = django_user_model.objects.create_user("mwenyewe", email="o@example.org")
    client.force_login(author)
    post(client, page, "Maoni yangu mwenyewe")
    number = ArticleComment.objects.get(comment="Maoni yangu mwenyewe").number
    own = soup(client.get(page.url))
    assert own.select_one(f"#c{number} a.comment__edit") is not None
    client.force_login(django_user_model.objects.create_user("mgeni", email="g@example.org"))
    other = soup(client.get(page.url))
    assert other.select_one(f"#c{number}") is not None
    assert other.select_one(f"#c{number} a.comment__edit") is None
    _state, shared = anonymous_view(page)
    assert shared.select_one(f"#c{number} a.comment__edit") is None


def test_api_answers_are_cached_and_follow_new_comments(versions, comment_1):
    url = f"/api/articles/{versions[0].pk}/comments/?lang=cy"
    first = Client().get(url)
    assert first["X-Page-Cache"] == "miss"
    assert Client().get(url)["X-Page-Cache"] == "hit"
    comment_1.comment = "Imebadilika kupitia API"
    comment_1.save()
    CommentTranslation.objects.filter(comment=comment_1, language="cy").delete()
    again = Client().get(url)
    assert again["X-Page-Cache"] == "miss"
    assert again.json()["results"][0]["text"] == "Imebadilika kupitia API"


# Below: with the page cache off, what is left are the caches inside a page (the article's
# own markup, the language links, the comment form). Signed-in readers and every page-cache
# miss read them; they must follow every change as the page cache does.


@pytest.fixture
def no_page_cache(settings):
    settings.MAZUNGUMZO_PAGE_CACHE_SECONDS = 0


def fresh_view(page):
    response = Client().get(page.url)
    assert response.status_code == 200 and "X-Page-Cache" not in response
    return soup(response)


def test_a_republished_article_shows_its_new_text(versions, no_page_cache):
    sw = versions[0]
    fresh_view(sw)
    sw.topic = "Mada mpya ya makala"
    sw.save_revision().publish()
    assert fresh_view(sw).select_one(".topic").get_text(strip=True) == "Mada mpya ya makala"


def test_a_renamed_author_shows_in_the_byline(versions, no_page_cache):
    sw = versions[0]
    assert sw.author is not None
    fresh_view(sw)
    for author in Author.objects.filter(translation_key=sw.author.translation_key):
        author.name = "Mwandishi Aliyebadilishwa"
        author.save()
    assert "Mwandishi Aliyebadilishwa" in fresh_view(sw).select_one(".byline").get_text()


def test_an_unpublished_translation_leaves_the_switcher(versions, no_page_cache):
    sw, cy = versions
    assert fresh_view(sw).select_one("link[hreflang=cy]") is not None
    cy.unpublish()
    html = fresh_view(sw)
    assert html.select_one("link[hreflang=cy]") is None
    assert html.select_one(".language-switcher a.language-switcher__missing") is not None


def test_a_cached_form_still_catches_a_bot_posting_at_once(demo, settings, monkeypatch):
    """The form's markup is cached, its timestamp is not: a bot that loads the page a
    minute after the markup was cached and posts at once is still too fast."""
    settings.MAZUNGUMZO_SPAM_MIN_SECONDS = 3
    page = demo["sw_000"]
    bot = Client()
    bot.force_login(User.objects.create_user("roboti", email="bot@example.org"))
    bot.get(page.url)  # the signed-in form's markup is cached now
    a_minute_later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: a_minute_later)
    post(bot, page, "Haraka baada ya dakika moja")
    comment = ArticleComment.objects.get(comment="Haraka baada ya dakika moja")
    assert comment.is_spam
    assert comment.moderation_notes[0]["stage"] == "minimum_time"


def test_a_cached_form_carries_each_signed_in_readers_own_csrf_token(demo):
    page = demo["sw_000"]
    for name in ("wa_kwanza", "wa_pili"):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(User.objects.create_user(name, email=f"{name}@example.org"))
        assert post(browser, page, f"Maoni ya {name}").status_code == 302
    assert ArticleComment.objects.filter(comment__startswith="Maoni ya wa_").count() == 2
