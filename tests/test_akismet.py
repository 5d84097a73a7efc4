"""Akismet through the real `akismet` client and a real HTTP call to a fake server on 127.0.0.1."""

from urllib.parse import parse_qs

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group

from site_pages.conversation.models import ArticleComment, Conversation
from tests.helpers import QuietHandler, local_server, prefer_english
from tests.test_conversation import post
from tests.test_moderation_admin import LISTING, bulk_url

API_KEY = "fake-akismet-key"
SPAMMER = "viagra-test-123"  # Akismet's documented name for "always spam"


class FakeAkismet(QuietHandler):
    """Answers like rest.akismet.com: the verdict depends on the author, as in its test mode."""

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        fields = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        self.server.calls.append((self.path, fields))
        if self.server.down:
            self.send_response(503)
            self.end_headers()
            return
        if fields.get("api_key") != API_KEY:
            body = "invalid"
        elif self.path == "/1.1/comment-check":
            body = "true" if fields.get("comment_author") == SPAMMER else "false"
        else:
            body = "Thanks for making the web a better place."
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(body.encode())


@pytest.fixture
def akismet_server(settings):
    with local_server(FakeAkismet) as server:
        settings.MAZUNGUMZO_AKISMET_API_KEY = API_KEY
        settings.MAZUNGUMZO_AKISMET_API_URL = f"http://127.0.0.1:{server.server_port}"
        settings.MAZUNGUMZO_AKISMET_SITE_URL = "https://mazungumzo.example"
        yield server


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("msomaji", email="msomaji@example.org")


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("msimamizi", email="mod@example.org")
    user.groups.add(Group.objects.get(name="Comment moderators"))
    prefer_english(user)
    return user


def latest_comment(page) -> ArticleComment:
    return ArticleComment.objects.filter(conversation=Conversation.for_page(page)).latest("number")


def test_without_a_key_only_local_stages_run_and_the_admin_says_so(demo, client, moderator):
    client.force_login(moderator)
    listing = client.get(LISTING).content.decode()
    assert "Akismet is not configured" in listing
    dashboard = client.get("/admin/").content.decode()
    assert "Akismet is not configured" in dashboard
    client.logout()
    form_notice = BeautifulSoup(client.get(demo["sw_000"].url).content, "html.parser")
    assert "Akismet" not in form_notice.select_one(".comment-form__notice").get_text()


def test_akismet_is_asked_with_the_comment_and_its_context(demo, client, reader, akismet_server):
    client.force_login(reader)
    page = demo["sw_000"]
    client.defaults.update(
        HTTP_USER_AGENT="Mozilla/5.0 (Mtihani)", HTTP_REFERER="https://search.example/?q=uuzaji"
    )
    response = post(client, page, "Makala nzuri, asante.")
    assert response.status_code == 302
    [(path, fields)] = akismet_server.calls
    assert path == "/1.1/comment-check"
    assert fields["api_key"] == API_KEY
    assert fields["blog"] == "https://mazungumzo.example"
    assert fields["user_ip"] == "127.0.0.1"
    assert fields["user_agent"] == "Mozilla/5.0 (Mtihani)"
    assert fields["referrer"] == "https://search.example/?q=uuzaji"
    assert fields["comment_content"] == "Makala nzuri, asante."
    assert fields["comment_author_email"] == "msomaji@example.org"
    assert fields["comment_type"] == "comment"
    assert fields["blog_lang"] == "sw"
    assert fields["permalink"].startswith("http://testserver/sw/comments/")
    assert latest_comment(page).is_public  # Akismet said ham: published at once
    notice = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert "Akismet" in notice.select_one(".comment-form__notice").get_text()


def test_akismet_spam_is_kept_for_moderators_with_its_reason(
    demo, client, reader, moderator, akismet_server
):
    reader.first_name = SPAMMER
    reader.save()
    client.force_login(reader)
    page = demo["sw_000"]
    response = post(client, page, "Nunua sasa kwa bei nafuu!")
    assert response.status_code == 202  # told it waits for a moderator
    comment = latest_comment(page)
    assert comment.is_spam and not comment.is_public
    assert {"stage": "akismet", "reason": "Akismet: spam."} in comment.moderation_notes
    assert "Nunua sasa" not in client.get(page.url).content.decode()
    client.force_login(moderator)
    spam_listing = client.get(LISTING, {"status": "spam"}).content.decode()
    assert "Nunua sasa" in spam_listing


def test_akismet_down_holds_the_comment_instead_of_publishing_it(
    demo, client, reader, akismet_server
):
    akismet_server.down = True
    client.force_login(reader)
    page = demo["cy_001"]
    post(client, page, "Erthygl dda iawn.")
    comment = latest_comment(page)
    assert not comment.is_public and not comment.is_spam
    assert comment.moderation_notes[0]["stage"] == "akismet"
    assert "could not be asked" in comment.moderation_notes[0]["reason"]


def test_moderators_verdicts_are_reported_back_to_akismet(
    demo, client, reader, moderator, akismet_server, run_tasks
):
    client.force_login(reader)
    page = demo["sw_000"]
    client.defaults["HTTP_USER_AGENT"] = "SpamBot/1.0"
    post(client, page, "Tembelea tovuti yangu leo.")
    comment = latest_comment(page)
    akismet_server.calls.clear()

    client.force_login(moderator)
    client.post(bulk_url("spam", comment), {"reason": "Tangazo"})
    assert akismet_server.calls == []  # queued, not sent from the moderator's request
    run_tasks()
    [(path, fields)] = akismet_server.calls
    assert path == "/1.1/submit-spam"
    assert fields["comment_content"] == "Tembelea tovuti yangu leo."
    assert fields["user_agent"] == "SpamBot/1.0"
    assert fields["user_ip"] == "127.0.0.1"
    assert fields["comment_author_email"] == "msomaji@example.org"

    akismet_server.calls.clear()
    client.post(bulk_url("not-spam", comment), {"reason": "Nilikosea"})
    run_tasks()
    assert [path for path, _fields in akismet_server.calls] == ["/1.1/submit-ham"]
    comment.refresh_from_db()
    assert comment.is_public and not comment.is_spam


def test_actions_that_do_not_judge_spam_are_not_reported(
    demo, client, reader, moderator, akismet_server, run_tasks
):
    client.force_login(reader)
    page = demo["sw_000"]
    post(client, page, "Maoni ya kawaida tu.")
    akismet_server.calls.clear()
    client.force_login(moderator)
    client.post(bulk_url("remove", latest_comment(page)), {"reason": ""})
    run_tasks()
    assert akismet_server.calls == []
