"""The SQLite demo holds under use: a busy task worker makes no request and no task fail.

`bin/demo` serves with `runserver` and runs `db_worker` beside it, two processes on one
SQLite file. This test does the same in a temporary directory, has a dozen signed-in
readers reply to each other at once through the API (every reply mails its parent's
author and the followers, and queues translations and index updates for the worker),
and then checks that no request answered 5xx and no queued task ended FAILED.

SQLite only: on PostgreSQL there is no shared file to fight over.
"""

import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.conf import settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
CLIENTS = 12
POSTS_PER_CLIENT = 8
REQUEST_TIMEOUT = 60  # seconds, per request
DRAIN_TIMEOUT = 300  # seconds for the worker to empty the queue afterwards

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="the SQLite demo's own setup; PostgreSQL has no shared database file",
)

SETUP = """
import json
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from site_pages.conversation.models import ArticleComment, Conversation
from site_pages.models import ArticlePage

tokens = []
for index in range(%(clients)d):
    user = get_user_model().objects.create_user(
        f"msomaji{index}", email=f"msomaji{index}@example.org", first_name=f"Msomaji {index}"
    )
    tokens.append(Token.objects.create(user=user).key)
pages = []
for page in ArticlePage.objects.live().select_related("locale"):
    numbers = ArticleComment.objects.filter(
        conversation=Conversation.for_page(page), is_public=True, is_removed=False
    ).exclude(user_email="").values_list("number", flat=True)
    pages.append({"id": page.pk, "path": page.url, "numbers": sorted(numbers)})
print(json.dumps({"tokens": tokens, "pages": pages}))
"""

QUEUE = """
import json
from django_tasks_db.models import DBTaskResult

results = DBTaskResult.objects.all()
print(json.dumps({
    "due": results.ready().count(),
    "running": results.running().count(),
    "successful": results.successful().count(),
    "failed": [
        [result.task_path, (result.traceback or "").strip().splitlines()[-1:]]
        for result in results.failed()
    ],
}))
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def demo_environment(tmp_path: Path) -> dict[str, str]:
    """What `bin/demo` runs with, pointed at a throwaway database, mail and media directory."""
    (tmp_path / "mail").mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "EMAIL_", "TEST_", "CACHE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="settings.development",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        EMAIL_URL=f"filemail:///{tmp_path / 'mail'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        RATE_LIMIT_COUNT="100000",
        PYTHONUNBUFFERED="1",
    )
    return env


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def start(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen:
    with log.open("wb") as output:  # the child keeps its own handle
        return subprocess.Popen(
            [sys.executable, "manage.py", *args],
            cwd=PROJECT_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def request(url: str, body: dict | None = None, token: str | None = None) -> tuple[int, str]:
    headers = {"Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Token {token}"
    try:
        outgoing = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - http only
        with urllib.request.urlopen(outgoing, timeout=REQUEST_TIMEOUT) as response:  # noqa: S310
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    except OSError as error:  # refused, reset, timed out: as bad as a 5xx for the reader
        return 599, repr(error)


def wait_until_serving(server: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"runserver exited:\n{log.read_text(errors='replace')[-3000:]}")
        status, _body = request(f"{base}/api/v2/locales/")
        if status == 200:
            return
        time.sleep(0.5)
    pytest.fail(f"runserver did not answer:\n{log.read_text(errors='replace')[-3000:]}")


def queue_state(env: dict[str, str]) -> dict:
    return json.loads(manage(env, "shell", "-c", QUEUE, timeout=120).strip().splitlines()[-1])


def test_many_readers_posting_while_the_worker_sends_mail(tmp_path):
    env = demo_environment(tmp_path)
    manage(env, "migrate", "--no-input", timeout=600)
    manage(env, "load_demo", "--no-admin")
    setup = json.loads(manage(env, "shell", "-c", SETUP % {"clients": CLIENTS}).splitlines()[-1])
    tokens, pages = setup["tokens"], setup["pages"]
    assert len(tokens) == CLIENTS and pages and all(page["numbers"] for page in pages)

    base = f"http://127.0.0.1:{free_port()}"
    server_log, worker_log = tmp_path / "runserver.log", tmp_path / "worker.log"
    server = worker = None
    results: list[tuple[str, int, str]] = []
    lock = threading.Lock()
    try:
        worker = start(
            env, worker_log, "db_worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"
        )
        server = start(env, server_log, "runserver", "--noreload", base.removeprefix("http://"))
        wait_until_serving(server, base, server_log)

        def reader(index: int) -> None:
            rng = random.Random(index)
            for round_ in range(POSTS_PER_CLIENT):
                page = pages[(index + round_) % len(pages)]
                with lock:
                    reply_to = rng.choice(page["numbers"])
                url = f"{base}/api/articles/{page['id']}/comments/"
                body = {
                    "comment": f"Jibu la msomaji {index}, mara ya {round_ + 1}.",
                    "reply_to": reply_to,
                    "followup": round_ == 0 and index < 3,  # a few followers get every reply
                }
                status, text = request(url, body, tokens[index])
                outcome = [("POST " + url, status, text[:2000])]
                if status == 201:
                    with lock:
                        page["numbers"].append(json.loads(text)["comment"]["number"])
                # Between posts the reader reads: the thread, and the article as a page.
                for read in (url, f"{base}{page['path']}"):
                    status, text = request(read)
                    outcome.append(("GET " + read, status, text[:2000]))
                with lock:
                    results.extend(outcome)

        with ThreadPoolExecutor(CLIENTS) as pool:
            for future in [pool.submit(reader, index) for index in range(CLIENTS)]:
                future.result(timeout=REQUEST_TIMEOUT * 3 * POSTS_PER_CLIENT)

        deadline = time.monotonic() + DRAIN_TIMEOUT
        while True:
            state = queue_state(env)
            if state["due"] == 0 and state["running"] == 0:
                break
            if worker.poll() is not None:
                pytest.fail(f"the worker died:\n{worker_log.read_text(errors='replace')[-3000:]}")
            if time.monotonic() > deadline:
                pytest.fail(f"the worker did not drain the queue in {DRAIN_TIMEOUT} s: {state}")
            time.sleep(2)
    finally:
        for process in (server, worker):
            if process is not None:
                stop(process)

    errors = [(what, status, text[:300]) for what, status, text in results if status >= 500]
    failed = state["failed"]
    summary = (
        f"{len(errors)} of {len(results)} requests answered 5xx, "
        f"{len(failed)} of {len(failed) + state['successful']} tasks FAILED"
    )
    assert not errors, f"{summary}; e.g. {errors[:2]}"
    posts = [status for what, status, _text in results if what.startswith("POST")]
    assert posts == [201] * CLIENTS * POSTS_PER_CLIENT, summary
    assert not failed, f"{summary}; e.g. {failed[:5]}"
    mails = list((tmp_path / "mail").glob("*.log"))
    assert state["successful"] > CLIENTS * POSTS_PER_CLIENT and mails
