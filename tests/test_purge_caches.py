"""`manage.py purge_caches`: after a restore, readers see the database, not the old cache."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from site_pages.conversation.models import ArticleComment, Conversation
from tests.test_page_cache import anonymous_view, warm


def test_a_change_made_behind_the_signals_shows_after_the_purge(demo):
    page = demo["sw_000"]
    warm(page)
    _state, before = anonymous_view(page)
    # A restore or a bulk SQL fix changes rows without any signal: the cache cannot know.
    first = ArticleComment.objects.filter(conversation=Conversation.for_page(page), number=1)
    words = first.get().comment.split()[:6]
    assert " ".join(words) in before.get_text(" ", strip=True)
    assert first.update(comment="Imeondolewa baada ya kurejesha nakala.") == 1
    state, still = anonymous_view(page)
    assert state == "hit" and " ".join(words) in still.get_text(" ", strip=True)

    call_command("purge_caches", "--no-proxy")

    state, after = anonymous_view(page)
    assert state == "miss"
    text = after.get_text(" ", strip=True)
    assert " ".join(words) not in text
    assert "Imeondolewa baada ya kurejesha nakala." in text


class PurgeRecorder(BaseHTTPRequestHandler):
    """A stand-in for Varnish: answers PURGE and remembers the paths it was asked for."""

    paths: list[str] = []

    def do_PURGE(self) -> None:
        self.paths.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def proxy(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    PurgeRecorder.paths = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
        }
    }
    yield PurgeRecorder.paths
    server.shutdown()


def test_the_proxy_is_told_to_drop_every_live_page(demo, proxy, run_tasks):
    call_command("purge_caches")
    run_tasks()  # Wagtail sends the purges from the task worker
    for page in demo.values():
        assert page.url in proxy
