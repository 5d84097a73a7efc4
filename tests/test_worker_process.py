"""The durable queue: a worker killed before it sends loses nothing and sends nothing twice.

These tests run `manage.py db_worker` as real separate processes against the test
database, which is why they need a committed (transactional) database.
"""

import os
import re
import select
import signal
import subprocess
import sys
import time
from email import message_from_bytes
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.db import connection

from home.demo.loader import load_demo
from site_pages.conversation.models import Notification
from site_pages.models import ArticlePage
from tests.test_conversation import post

PROJECT_DIR = Path(__file__).resolve().parent.parent


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(mail_dir: Path, *extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.test",
        "DATABASE_URL": database_url(),
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload", *extra],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_until_polling(worker: subprocess.Popen, timeout: float = 60) -> None:
    """Block until the worker says it started; its first look at the queue follows at once."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([worker.stdout], [], [], 1)
        if ready and b"Starting worker" in worker.stdout.readline():
            time.sleep(1)
            return
    pytest.fail("the worker did not start")


def sent_mail(mail_dir: Path):
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        for chunk in path.read_bytes().split(b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(message_from_bytes(chunk.lstrip()))
    return messages


@pytest.fixture
def live_demo_db(django_db_serialized_rollback, transactional_db):
    load_demo()
    return {page.slug: page for page in ArticlePage.objects.all()}


def test_worker_killed_before_sending_then_restarted_sends_exactly_once(
    live_demo_db, client, django_user_model, tmp_path
):
    sw_000 = live_demo_db["je-uuzaji-wa-maingiliano-ni-nini"]
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()

    # A worker that has just looked at the (empty) queue sleeps between polls...
    doomed = start_worker(mail_dir, "--interval", "600")
    wait_until_polling(doomed)
    drain = start_worker(mail_dir, "--batch")  # first clear what loading the demo queued
    assert drain.wait(timeout=120) == 0
    for message in sent_mail(mail_dir):
        pytest.fail(f"demo loading sent mail: {message['Subject']}")

    # ...a reader replies to Doug's comment while that worker is asleep...
    reader = django_user_model.objects.create_user("z", email="z@example.org", first_name="Zawadi")
    client.force_login(reader)
    response = post(client, sw_000, "Jibu kabla ya ajali", reply_to=1)
    assert response.status_code == 302
    notification = Notification.objects.get(comment__comment="Jibu kabla ya ajali")
    assert notification.sent_at is None

    # ...and the worker dies before it gets to the notification.
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=30)
    assert sent_mail(mail_dir) == []

    # A fresh worker finds the queued task and sends the mail; running again sends nothing.
    for _ in range(2):
        restarted = start_worker(mail_dir, "--batch")
        output = restarted.communicate(timeout=120)[0].decode()
        assert restarted.returncode == 0, output

    messages = sent_mail(mail_dir)
    assert [m["To"] for m in messages] == ["doug@example.org"]
    subject = str(make_header(decode_header(messages[0]["Subject"])))
    assert subject == "Jibu jipya kwa maoni yako kuhusu “Je! Uuzaji wa maingiliano ni nini?”"
    notification.refresh_from_db()
    assert notification.sent_at is not None

    body = messages[0].get_payload(decode=True).decode()
    unfollow = re.search(r"http://testserver(/sw/comments/unfollow/\S+/)", body).group(1)
    client.logout()
    assert client.get(unfollow).status_code == 200
    assert not notification.comment.conversation.follows.get(email="doug@example.org").is_active
