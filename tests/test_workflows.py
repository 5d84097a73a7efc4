"""Issue 12's workflows, end to end through the views people use.

- Submitting an article for translation publishes nothing: the Welsh version goes live
  only when someone publishes it.
- A reply past the maximum depth is attached higher up, but the person answered is the
  one told, and their comment is the one quoted.
- A reply mail quotes the reply in the recipient's language when the site has that
  translation (original below), or says it is not translated yet.
"""

import re
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import get_language_info, gettext
from rest_framework.authtoken.models import Token
from wagtail.models import Locale
from wagtail_localize.models import Translation

from site_pages.conversation.models import (
    ArticleComment,
    CommentTranslation,
    Conversation,
    Notification,
)
from site_pages.conversation.tasks import deliver_notification
from tests.test_conversation import post

REPORT = "/admin/reports/translation-status/"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


# Submitting for translation -------------------------------------------------------------


def submit_from_the_report(client, source, language: str, on_commit) -> Translation:
    """Reports → Translation status → "Translate" in the language's cell → Submit.

    wagtail-localize publishes when the transaction commits, which a test's never does;
    `on_commit` runs those callbacks as a real request would.
    """
    report = soup(client.get(REPORT))
    cell = report.select_one(f'tr[data-article="{source.pk}"] td[data-locale="{language}"]')
    link = cell.find("a", string="Translate")["href"]
    form = client.get(link)
    assert form.status_code == 200
    locale = Locale.objects.get(language_code=language)
    with on_commit(execute=True):
        response = client.post(link, {"locales": [locale.pk]})
    assert response.status_code == 302
    return Translation.objects.get(source__object_id=source.translation_key, target_locale=locale)


def where_welsh_shows(reader: Client, source, welsh) -> dict[str, bool]:
    """Each public place that lists a live Welsh version: does it show this one?"""
    api = reader.get("/api/v2/pages/", {"locale": "cy", "type": "site_pages.ArticlePage"})
    switcher = soup(reader.get(source.url)).select_one(".language-switcher")
    cy_link = switcher.select_one('a[hreflang="cy"]')
    feed = ElementTree.fromstring(reader.get("/cy/feeds/articles.rss").content)
    feed_links = [item.findtext("link") for item in feed.iter("item")]
    return {
        "page": reader.get(welsh.url).status_code == 200,
        "api": welsh.pk in [item["id"] for item in api.json()["items"]],
        "api_detail": reader.get(f"/api/v2/pages/{welsh.pk}/").status_code == 200,
        "switcher": cy_link is not None and cy_link["href"] == welsh.url,
        "sitemap": welsh.url in reader.get("/sitemap.xml").content.decode(),
        "feed": any(link.endswith(welsh.url) for link in feed_links),
    }


def test_submitting_for_translation_keeps_the_welsh_version_off_the_site_until_published(
    demo, client, admin, run_tasks, django_capture_on_commit_callbacks
):
    source = demo["sw_002"]
    client.force_login(admin)
    translation_record = submit_from_the_report(
        client, source, "cy", django_capture_on_commit_callbacks
    )
    run_tasks()  # anything the submission queued
    welsh = source.get_translation(Locale.objects.get(language_code="cy"))
    reader = Client()

    assert welsh.url.startswith("/cy/")  # where the untranslated copy used to be served
    assert where_welsh_shows(reader, source, welsh) == dict.fromkeys(
        ("page", "api", "api_detail", "switcher", "sitemap", "feed"), False
    )
    assert reader.get(welsh.url).status_code == 404
    missing = soup(reader.get(source.url)).select_one(".language-switcher__missing")
    assert "Cymraeg" in missing.text  # still "not translated yet"
    assert not welsh.live  # a draft, for someone to translate and publish

    # Translated (still nothing public), then published by someone in the editor.
    client.post(f"/admin/localize/translate/{translation_record.pk}/machine_translate/")
    run_tasks()
    welsh.refresh_from_db()
    assert not welsh.live
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{welsh.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302
    run_tasks()

    welsh.refresh_from_db()
    assert welsh.live
    page = reader.get(welsh.url)
    assert page.status_code == 200
    html = soup(page)
    assert html.html["lang"] == "cy"
    assert html.h1.text == "[sw→cy] " + source.title  # the translation, not the source text
    assert where_welsh_shows(reader, source, welsh) == dict.fromkeys(
        ("page", "api", "api_detail", "switcher", "sitemap", "feed"), True
    )


# Replies past the maximum depth -----------------------------------------------------------


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user(
        "msomaji", email="msomaji@example.org", password="x", first_name="Zawadi"
    )


def comment(page, number: int) -> ArticleComment:
    return ArticleComment.objects.get(conversation=Conversation.for_page(page), number=number)


def confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\w\w/comments/confirm/\S+/)", message.body).group(1)


def reply_signed_in(client, page, reader, text, reply_to, run_tasks) -> None:
    client.force_login(reader)
    post(client, page, text, reply_to=reply_to)


def reply_anonymously(client, page, reader, text, reply_to, run_tasks) -> None:
    post(client, page, text, reply_to=reply_to, name="Juma", email="juma@example.org")
    run_tasks()
    [confirmation] = mail.outbox
    mail.outbox.clear()
    assert client.get(confirm_link(confirmation)).status_code == 200


def reply_through_the_api(client, page, reader, text, reply_to, run_tasks) -> None:
    token = Token.objects.create(user=reader)
    response = client.post(
        f"/api/articles/{page.pk}/comments/",
        {"comment": text, "reply_to": reply_to},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    "reply", [reply_signed_in, reply_anonymously, reply_through_the_api], ids=lambda f: f.__name__
)
def test_a_reply_past_the_maximum_depth_tells_and_quotes_the_person_answered(
    demo, client, reader, run_tasks, reply
):
    page = demo["sw_002"]
    paulines, johns = comment(page, 9), comment(page, 8)
    assert paulines.level == 3 and paulines.parent_id == johns.pk  # the 4th, deepest level

    reply(client, page, reader, "Asante Pauline, umenielewesha.", 9, run_tasks)
    run_tasks()

    answer = ArticleComment.objects.get(comment="Asante Pauline, umenielewesha.")
    assert answer.parent_id == johns.pk  # attached under John's comment, as designed
    assert answer.in_reply_to_id == paulines.pk
    [message] = mail.outbox
    assert message.to == ["pauline@example.org"]  # not john@example.org
    assert message.subject.startswith("Jibu jipya kwa maoni yako")
    assert "> Kukubaliana, John." in message.body  # Pauline's own words are quoted
    assert "Asante kwa jibu Robby" not in message.body  # not John's
    assert "Asante Pauline, umenielewesha." in message.body


def test_a_reply_within_the_depth_still_tells_the_parents_author(demo, client, reader, run_tasks):
    page = demo["sw_002"]
    client.force_login(reader)
    post(client, page, "John, nakubaliana nawe.", reply_to=8)
    run_tasks()
    [message] = mail.outbox
    assert message.to == ["john@example.org"]
    assert "> Asante kwa jibu Robby." in message.body


# Reply mails in the recipient's language --------------------------------------------------

WELSH_REPLY = "Diolch Doug, rwy'n cytuno'n llwyr."


def note(language: str, msgid: str, written_in: str) -> str:
    """The mail's note as the recipient's catalog words it, whatever the catalog says."""
    with translation.override(language):
        return gettext(msgid) % {"language": get_language_info(written_in)["name_translated"]}


def welsh_reply_to_doug(client, demo, reader) -> tuple[ArticleComment, Notification]:
    """A Welsh reader answers Doug's Kiswahili comment 1; Doug is mailed in Kiswahili."""
    client.force_login(reader)
    post(client, demo["cy_001"], WELSH_REPLY, reply_to=1)
    reply = ArticleComment.objects.get(comment=WELSH_REPLY)
    notification = Notification.objects.get(comment=reply, email="doug@example.org")
    assert (reply.language, notification.language) == ("cy", "sw")
    return reply, notification


@pytest.mark.parametrize("machine", [True, False], ids=["machine", "by-a-person"])
def test_a_reply_mail_quotes_the_translation_with_the_original_below(
    demo, client, reader, run_tasks, machine
):
    reply, _notification = welsh_reply_to_doug(client, demo, reader)
    if machine:
        translated = "[cy→sw] " + WELSH_REPLY  # by the queue's translation task
    else:
        translated = "Asante Doug, nakubaliana kabisa."
        CommentTranslation.objects.create(comment=reply, language="sw", text=translated)
    run_tasks()

    [message] = mail.outbox
    assert message.to == ["doug@example.org"]
    msgid = (
        "Machine-translated from %(language)s. The original:"
        if machine
        else "Translated from %(language)s. The original:"
    )
    said = note("sw", msgid, "cy")
    assert "Kiweli" in said  # Welsh, named in Kiswahili
    assert said in message.body
    before, after = message.body.split(said)
    assert translated in before.splitlines()  # the reply, in Doug's language
    assert WELSH_REPLY in after.splitlines()  # then the original, as on the page


def test_a_reply_mail_sent_before_the_translation_says_it_is_not_translated_yet(
    demo, client, reader, run_tasks
):
    _reply, notification = welsh_reply_to_doug(client, demo, reader)
    # Another worker picks the notification before the translation task has run.
    deliver_notification.call(notification_id=notification.pk)

    [message] = mail.outbox
    said = note(
        "sw",
        "Written in %(language)s and not translated yet; "
        "the page shows the translation once it is ready.",
        "cy",
    )
    assert said in message.body and "Kiweli" in said
    assert message.body.index(said) < message.body.index(WELSH_REPLY)
    assert "[cy→sw]" not in message.body
    permalink = re.search(r"https?://[^/\s]+(/sw/comments/\d+/4/)", message.body).group(1)

    run_tasks()  # the translation arrives later: on the page, not in a second mail
    assert len(mail.outbox) == 1
    page = client.get(client.get(permalink)["Location"].split("#")[0])
    assert "[cy→sw] " + WELSH_REPLY in page.content.decode()


def test_a_reply_in_the_recipients_own_language_carries_no_note(demo, client, reader, run_tasks):
    client.force_login(reader)
    post(client, demo["sw_000"], "Asante Doug, nakubaliana.", reply_to=1)
    run_tasks()
    [message] = mail.outbox
    assert "Asante Doug, nakubaliana." in message.body
    for msgid in (
        "Machine-translated from %(language)s. The original:",
        "Written in %(language)s and not translated yet; "
        "the page shows the translation once it is ready.",
    ):
        assert note("sw", msgid, "sw") not in message.body
