"""Comments machine-translated into the article's other languages, on the task queue."""

import json
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from site_pages.conversation.models import ArticleComment, CommentTranslation, Conversation
from site_pages.localization.models import CommentTranslationFailure
from tests.helpers import QuietHandler, local_server, prefer_english
from tests.test_conversation import post

WELSH = "Diolch am yr erthygl, roedd yn ddefnyddiol iawn."


class FakeLibreTranslate(QuietHandler):
    """LibreTranslate's /translate: JSON in, JSON out; or 503 while `down`."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.calls.append(body)
        if self.server.down:
            self.send_response(503)
            self.end_headers()
            return
        answer = {"translatedText": [f"(LT {body['target']}) {q}" for q in body["q"]]}
        payload = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def libretranslate(settings):
    with local_server(FakeLibreTranslate) as server:
        settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
            "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
            "OPTIONS": {
                "LIBRETRANSLATE_URL": f"http://127.0.0.1:{server.server_port}",
                "API_KEY": "test-key",
                "TIMEOUT": 5,
            },
        }
        yield server


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("darllenydd", email="d@example.org")


def comment_on_page(client, html_page, number: int):
    html = BeautifulSoup(client.get(html_page.url).content, "html.parser")
    return html.select_one(f"#c{number}")


def newest(page) -> ArticleComment:
    return ArticleComment.objects.filter(conversation=Conversation.for_page(page)).latest("number")


def test_welsh_comment_shows_translated_on_the_kiswahili_page_with_the_original(
    demo, client, reader, run_tasks
):
    client.force_login(reader)
    post(client, demo["cy_001"], WELSH)
    comment = newest(demo["cy_001"])
    run_tasks()
    assert comment.translations.get(language="sw").is_machine
    on_kiswahili = comment_on_page(client, demo["sw_000"], comment.number)
    assert on_kiswahili["lang"] == "sw"
    assert on_kiswahili.select_one(".comment__text").get_text(strip=True) == f"[cy→sw] {WELSH}"
    original = on_kiswahili.select_one("details.comment__original")
    assert original.select_one(".comment__text")["lang"] == "cy"
    assert original.select_one(".comment__text").get_text(strip=True) == WELSH
    # Labelled, in Kiswahili, as translated from Welsh ("Kiweli").
    assert "Kiweli" in original.summary.get_text()
    # On the Welsh page it is simply the original.
    on_welsh = comment_on_page(client, demo["cy_001"], comment.number)
    assert on_welsh.select_one(".comment__text").get_text(strip=True) == WELSH
    assert on_welsh.select_one("details.comment__original") is None


def test_feeds_quote_the_original(demo, client, reader, run_tasks):
    client.force_login(reader)
    post(client, demo["cy_001"], WELSH)
    run_tasks()
    conversation = Conversation.for_page(demo["sw_000"])
    feed = client.get(f"/sw/comments/{conversation.pk}/feed.rss").content.decode()
    assert WELSH in feed and "[cy→sw]" not in feed


def test_with_the_translator_down_the_original_shows_and_the_task_is_retried(
    demo, client, reader, run_tasks, libretranslate, django_user_model
):
    libretranslate.down = True
    client.force_login(reader)
    post(client, demo["cy_001"], WELSH)
    comment = newest(demo["cy_001"])
    run_tasks()

    on_kiswahili = comment_on_page(client, demo["sw_000"], comment.number)
    assert on_kiswahili.select_one(".comment__text").get_text(strip=True) == WELSH
    failure = CommentTranslationFailure.objects.get(comment=comment, language="sw")
    assert failure.attempts == 1 and "503" in failure.last_error
    assert failure.next_attempt_at > timezone.now()
    retry = DBTaskResult.objects.get(
        task_path__endswith="translate_comment", status="READY", run_after__gt=timezone.now()
    )
    assert retry.args_kwargs["kwargs"] == {"comment_id": comment.pk, "languages": ["sw"]}

    moderator = django_user_model.objects.create_user("cymedrolwr", email="m@example.org")
    moderator.groups.add(Group.objects.get(name="Comment moderators"))
    prefer_english(moderator)
    client.force_login(moderator)
    report = client.get("/admin/reports/comment-translations/").content.decode()
    assert "503" in report and "Retry now" in report

    libretranslate.down = False
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(1))
    run_tasks()
    translated = CommentTranslation.objects.get(comment=comment, language="sw")
    assert translated.text == f"(LT sw) {WELSH}" and translated.is_machine
    assert not CommentTranslationFailure.objects.filter(comment=comment).exists()
    on_kiswahili = comment_on_page(client, demo["sw_000"], comment.number)
    assert on_kiswahili.select_one(".comment__text").get_text(strip=True) == f"(LT sw) {WELSH}"
    sent = libretranslate.calls[-1]
    assert (sent["source"], sent["target"], sent["api_key"]) == ("cy", "sw", "test-key")


def test_retries_stop_after_the_configured_attempts(
    demo, client, reader, run_tasks, libretranslate, settings
):
    settings.MAZUNGUMZO_TRANSLATION_MAX_ATTEMPTS = 2
    libretranslate.down = True
    client.force_login(reader)
    post(client, demo["cy_001"], WELSH)
    comment = newest(demo["cy_001"])
    run_tasks()
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_tasks()
    failure = CommentTranslationFailure.objects.get(comment=comment, language="sw")
    assert failure.attempts == 2 and failure.gave_up
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_an_edited_comment_is_translated_again(demo, client, reader, run_tasks):
    client.force_login(reader)
    post(client, demo["cy_001"], WELSH)
    comment = newest(demo["cy_001"])
    run_tasks()
    client.post(
        f"/cy/comments/{comment.conversation_id}/{comment.number}/edit/",
        {"comment": "Erthygl ardderchog."},
    )
    run_tasks()
    assert comment.translations.get(language="sw").text == "[cy→sw] Erthygl ardderchog."


def test_publishing_the_article_in_a_new_language_translates_its_conversation(
    demo, run_tasks, django_user_model, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    editor = django_user_model.objects.create_superuser("mhariri", "m@example.org", "x")
    source_page = demo["sw_002"]
    source, _created = TranslationSource.get_or_create_from_instance(source_page)
    welsh = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="cy")
    )
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes then
        welsh.save_target(user=editor, publish=True)
    comments = ArticleComment.objects.filter(
        conversation=Conversation.for_page(source_page), is_public=True, is_removed=False
    )
    assert not CommentTranslation.objects.filter(comment__in=comments, language="cy").exists()
    run_tasks()
    texts = dict(
        CommentTranslation.objects.filter(comment__in=comments, language="cy").values_list(
            "comment__comment", "text"
        )
    )
    assert len(texts) == comments.count() > 0
    assert all(text == f"[sw→cy] {original}" for original, text in texts.items())
