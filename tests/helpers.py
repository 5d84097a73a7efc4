"""Small helpers shared by test modules."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from wagtail.users.models import UserProfile


def prefer_english(user) -> None:
    """Admin pages in English, whatever the site's default language is."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


class QuietHandler(BaseHTTPRequestHandler):
    """A fake service's request handler that keeps the test output clean."""

    def log_message(self, *args):
        pass


@contextmanager
def local_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[ThreadingHTTPServer]:
    """A real HTTP server on 127.0.0.1 (a free port) standing in for an outside service.

    `server.calls` records what was sent; `server.down = True` makes it answer 503.
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.calls, server.down = [], False
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
