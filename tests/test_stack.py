"""The whole stack at once, and the caching proxy's purges that only it can show.

Each piece has its own tests; only with real processes do a reply posted through one app
server, the proxy's copies of every language version, and a worker killed between two
mails meet. PostgreSQL and Redis are the machine's own services; Varnish, two gunicorn
app servers and the task worker are started here, on free ports of 127.0.0.1, and an
SMTP server runs in this process. Every wait is bounded and every process is killed
(and the database dropped) at the end, whatever happened.
"""

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from email import message_from_bytes
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.db import connection

from site_pages.caching import proxy
from site_pages.conversation.models import Conversation
from site_pages.conversation.signals import conversation_changed
from site_pages.models import ArticlePage

PROJECT_DIR = Path(__file__).resolve().parent.parent
VCL = PROJECT_DIR / "deploy" / "varnish" / "default.vcl"
REDIS_URL = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/15")
PROCESS_TIMEOUT = 120  # seconds for any one command (migrate is the slowest)
WAIT_TIMEOUT = 30  # seconds for anything the stack does on its own


# The proxy's receivers, without a proxy -------------------------------------------------


@pytest.fixture
def purged(settings, monkeypatch) -> list[set[str]]:
    """Every batch of URLs handed to Wagtail's purge, in order."""
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://127.0.0.1:9",
        }
    }
    batches: list[set[str]] = []
    monkeypatch.setattr(
        "wagtail.contrib.frontend_cache.utils.purge_urls_from_cache",
        lambda urls, *args, **kwargs: batches.append(set(urls)),
    )
    return batches


def test_a_conversation_change_purges_every_language_version_once_committed(
    demo, purged, django_capture_on_commit_callbacks
):
    conversation = Conversation.for_page(demo["sw_000"])
    versions = {page.get_full_url() for page in conversation.articles().live()}
    assert {demo["sw_000"].get_full_url(), demo["cy_001"].get_full_url()} <= versions
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # a comment and its translation: one purge
            conversation_changed.send(sender=Conversation, conversation=conversation)
        assert purged == []  # not before the commit
    assert purged == [versions]


def test_a_change_to_every_conversation_purges_every_article(
    demo, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conversation_changed.send(sender=Conversation, conversation=None)
    assert purged == [{page.get_full_url() for page in ArticlePage.objects.live()}]


def test_publishing_one_version_purges_the_others(
    demo, purged, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demo["cy_001"].save_revision().publish()
    assert any(demo["sw_000"].get_full_url() in batch for batch in purged)


def test_without_a_proxy_nothing_is_queued(demo, django_capture_on_commit_callbacks):
    assert not proxy.proxy_configured()
    with django_capture_on_commit_callbacks() as callbacks:
        proxy.purge_after_commit(demo["sw_000"].translation_key)
    assert callbacks == []


# The stack -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(what: str, check: Callable[[], Any], timeout: float = WAIT_TIMEOUT) -> Any:
    """Poll `check` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
        except (httpx.TransportError, OSError):
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"gave up after {timeout}s waiting for {what}")
        time.sleep(0.2)


class Mailbox:
    """aiosmtpd handler: keeps every message delivered to it."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.content)
        parts = [part for part in message.walk() if part.get_content_maintype() == "text"]
        body = "".join(part.get_payload(decode=True).decode() for part in parts)
        self.messages.append((sorted(envelope.rcpt_tos), body))
        return "250 OK"

    def containing(self, text: str) -> list[tuple[list[str], str]]:
        return [message for message in self.messages if text in message[1]]


class Stack:
    """The processes of one test, started with their own logs and always stopped."""

    def __init__(self, work: Path, env: dict[str, str]) -> None:
        self.work, self.env = work, env
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *argv: str, **env: str) -> subprocess.Popen:
        log = (self.work / f"{name}.log").open("ab")
        process = subprocess.Popen(
            argv,
            cwd=PROJECT_DIR,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn's workers die with it
        )
        log.close()
        self.processes[name] = process
        return process

    def manage(self, *argv: str, **env: str) -> subprocess.Popen:
        return self.start(argv[0], sys.executable, "manage.py", *argv, **env)

    def finish(self, process: subprocess.Popen, name: str) -> None:
        """Wait for a command to end, failing with its output if it does not succeed."""
        try:
            returncode = process.wait(timeout=PROCESS_TIMEOUT)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{name} ran longer than {PROCESS_TIMEOUT}s\n{self.log(name)}")
        assert returncode == 0, f"{name} failed\n{self.log(name)}"

    def serving(self, name: str, url: str) -> None:
        def answers() -> bool:
            assert self.processes[name].poll() is None, f"{name} exited\n{self.log(name)}"
            return httpx.get(url, timeout=5).status_code < 500

        wait_for(f"{name} to answer {url}", answers, timeout=60)

    def log(self, name: str) -> str:
        return (self.work / f"{name}.log").read_text(errors="replace")[-4000:]

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Signal its whole process group; SIGKILL if it is not gone within 10 seconds."""
        process = self.processes.pop(name)
        for attempt in (sig, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, attempt)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)
                return

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.kill(name)


def require(what: str, ok: bool) -> None:
    """Skip without the stack's services; CI's PostgreSQL run (REQUIRE_POSTGRES=1) fails."""
    if not ok:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail(f"REQUIRE_POSTGRES=1 but {what} is missing")
        pytest.skip(f"needs {what}")


def admin_database_url() -> str:
    """The PostgreSQL server the suite runs on, else the machine's own."""
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        return "postgres://postgres@127.0.0.1:5432/postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    return f"postgres://{db['USER'] or 'postgres'}{password}@{host}:{port}/postgres"


@pytest.fixture
def database() -> Iterator[str]:
    """A fresh PostgreSQL database of its own, dropped at the end."""
    import psycopg

    admin_url = admin_database_url()
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError:
        admin = None
    require(f"PostgreSQL at {admin_url}", admin is not None)
    name = f"mazungumzo_stack_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield admin_url.rsplit("/", 1)[0] + f"/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def redis_db() -> str:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.flushdb()
    except redis.ConnectionError:
        require(f"Redis at {REDIS_URL}", False)
    return REDIS_URL


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    from aiosmtpd.controller import Controller

    box, port = Mailbox(), free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()


@pytest.fixture
def stack(tmp_path, database, redis_db, mailbox) -> Iterator[dict[str, Any]]:
    """Varnish in front of app server A, app server B beside it, one worker: all running."""
    varnishd = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin")
    require("varnishd (bin/install-system-packages)", varnishd is not None)
    box, smtp_port = mailbox
    ports = {name: free_port() for name in ("varnish", "a", "b")}
    site = f"http://127.0.0.1:{ports['varnish']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.production",
        "SECRET_KEY": secrets.token_urlsafe(45)[:60],
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database,
        "CACHE_URL": redis_db,
        "SECURE_SSL_REDIRECT": "false",
        "PROXY_CACHE_SECONDS": "3600",  # within the test, only a purge refreshes Varnish
        "FRONTEND_CACHE_URL": site,  # Varnish takes PURGE on its one port, from localhost
        "BASE_URL": site,  # the demo's Site: page URLs, and the Host of each PURGE
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "PYTHONUNBUFFERED": "1",
    }
    stack = Stack(tmp_path, env)
    vcl = VCL.read_text()
    assert vcl.count('.port = "8000";') == 1
    (tmp_path / "default.vcl").write_text(
        vcl.replace('.port = "8000";', f'.port = "{ports["a"]}";')
    )
    try:
        # Varnish and the static files need no database: they start while migrate runs.
        stack.start(
            "varnish",
            varnishd,
            *("-F", "-j", "none", "-T", "none", "-n", str(tmp_path / "varnish")),
            *("-a", f"127.0.0.1:{ports['varnish']}", "-f", str(tmp_path / "default.vcl")),
            *("-s", "malloc,32m"),
        )
        static = stack.manage("collectstatic", "--no-input")
        stack.finish(stack.manage("migrate", "--no-input"), "migrate")
        # The app servers and the worker start while the demo loads.
        stack.manage(*WORKER)
        for name in ("a", "b"):
            stack.start(name, *gunicorn(ports[name]))
        stack.finish(stack.manage("load_demo", "--no-admin"), "load_demo")
        stack.finish(stack.manage("shell", "-c", READER_SETUP), "shell")
        stack.finish(static, "collectstatic")
        for name in ("a", "b", "varnish"):
            stack.serving(name, f"http://127.0.0.1:{ports[name]}/sw/")
        demo = json.loads(stack.log("shell").split("STACK ")[-1].splitlines()[0])
        wait_for_idle_queue(database)  # the demo's own tasks, so none lands mid-test
        yield {"stack": stack, "mailbox": box, "site": site, "ports": ports, **demo}
    finally:
        stack.stop_all()


WORKER = ("db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2")

# The signed-in reader who replies, and what the test needs to know about the demo.
READER_SETUP = """
import contextlib
import json
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from site_pages.conversation.models import ArticleComment, Conversation
from site_pages.models import ArticlePage
sw = ArticlePage.objects.get(slug="je-uuzaji-wa-maingiliano-ni-nini")
cy = ArticlePage.objects.get(slug="beth-yw-marchnata-rhyngweithiol")
parent = ArticleComment.objects.get(conversation=Conversation.for_page(sw), number=1)
reader = get_user_model().objects.create_user("zawadi", "zawadi@example.org", first_name="Zawadi")
print("STACK", json.dumps({
    "token": Token.objects.create(user=reader).key, "article": sw.pk,
    "sw": sw.get_url_parts()[2], "cy": cy.get_url_parts()[2], "parent_email": parent.user_email,
}))
"""


def gunicorn(port: int) -> list[str]:
    """One app server; flags explicit, so no gunicorn.conf.py in the checkout is read."""
    return [
        str(PROJECT_DIR / ".venv" / "bin" / "gunicorn"),
        *("home.wsgi", "--config", "/dev/null", "--bind", f"127.0.0.1:{port}"),
        *("--workers", "1", "--threads", "4", "--timeout", "60", "--graceful-timeout", "5"),
        *("--access-logfile", "-", "--error-logfile", "-"),
    ]


def wait_for_idle_queue(database_url: str) -> None:
    """Until the worker has nothing queued or running that is due now."""
    import psycopg
    from django_tasks_db.models import DBTaskResult

    table = DBTaskResult._meta.db_table
    query = (
        f"SELECT count(*) FROM {table} WHERE status IN ('READY', 'RUNNING')"  # noqa: S608
        " AND (run_after IS NULL OR run_after <= now())"
    )

    def idle() -> bool:
        with psycopg.connect(database_url, connect_timeout=3) as db:
            return db.execute(query).fetchone()[0] == 0

    wait_for("the task queue to be empty", idle, timeout=60)


@pytest.mark.postgres
@pytest.mark.stack
def test_a_reply_through_one_server_reaches_the_proxy_and_mails_once(stack):
    site, ports, box = stack["site"], stack["ports"], stack["mailbox"]
    app_a = f"http://127.0.0.1:{ports['a']}"
    headers = {"Host": f"127.0.0.1:{ports['varnish']}"}  # the Site's host, whichever port

    def page(base: str, language: str) -> httpx.Response:
        response = httpx.get(base + stack[language], headers=headers, timeout=30)
        assert response.status_code == 200, response.text[:500]
        return response

    # Anonymous readers share one copy in the proxy, of each language version.
    for language in ("sw", "cy"):
        first, second = page(site, language), page(site, language)
        assert second.headers["X-Cache"] == "HIT", second.headers
        assert second.text == first.text

    def reply(text: str) -> None:
        response = httpx.post(
            f"http://127.0.0.1:{ports['b']}/api/articles/{stack['article']}/comments/",
            json={"comment": text, "reply_to": 1},
            headers={"Authorization": f"Token {stack['token']}"},
            timeout=20,
        )
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "published"

    def mailed_once(text: str) -> None:
        wait_for(f"the mail about {text!r}", lambda: box.containing(text))
        assert [to for to, _body in box.containing(text)] == [[stack["parent_email"]]]

    def shows(text: str, base: str, language: str) -> bool:
        return text in page(base, language).text

    # A reply through server B: every language version is purged together, both the
    # proxy's copy and what server A serves itself.
    first = f"Jibu kupitia seva B {uuid.uuid4().hex[:8]}"
    reply(first)
    for base, language in ((site, "sw"), (site, "cy"), (app_a, "sw")):
        wait_for(
            f"{first!r} on {base}{stack[language]}",
            lambda base=base, language=language: shows(first, base, language),
        )
    mailed_once(first)

    # The worker dies between two replies; a new one sends the second mail and not the first.
    wait_for_idle_queue(stack["stack"].env["DATABASE_URL"])
    stack["stack"].kill("db_worker")
    second = f"Jibu la pili baada ya ajali {uuid.uuid4().hex[:8]}"
    reply(second)
    stack["stack"].manage(*WORKER)
    wait_for(f"{second!r} in the proxy", lambda: shows(second, site, "cy"))
    mailed_once(second)
    wait_for_idle_queue(stack["stack"].env["DATABASE_URL"])
    for text in (first, second):
        mailed_once(text)
    bodies = [body for _to, body in box.messages]
    assert len(bodies) == len(set(bodies)), "a mail was sent twice"
