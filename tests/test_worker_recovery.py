"""No mail lost when a worker dies: abandoned tasks are reclaimed, mail retried with backoff.

The first test is the real thing: a slow SMTP server in this process, `manage.py
run_worker` as real processes against the test database, SIGKILLed while they send.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from home.demo.loader import load_demo
from site_pages.conversation import recovery
from site_pages.conversation.models import Conversation, Follow, Notification
from site_pages.conversation.tasks import deliver_notification, notification_message_id
from site_pages.models import ArticlePage
from tests.test_conversation import post
from tests.test_worker_process import PROJECT_DIR, database_url, wait_until_polling

SW_000 = "je-uuzaji-wa-maingiliano-ni-nini"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SlowInbox:
    """An SMTP server's handler that takes each message, then answers 250 `delay` s later.

    A message counts as delivered once the server has it, whether or not the client is
    still there to hear the 250: a client killed meanwhile leaves a mail that was accepted
    but never recorded as sent, the case the Message-ID is for.
    """

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.delivered: list[tuple[str, str]] = []  # (Message-ID, To)
        self.in_flight = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content)
        with self.lock:
            self.delivered.append((message["Message-ID"], message["To"]))
            self.in_flight += 1
        try:
            await asyncio.sleep(self.delay)
        finally:
            with self.lock:
                self.in_flight -= 1
        return "250 OK"

    def message_ids(self) -> set[str]:
        with self.lock:
            return {message_id for message_id, _ in self.delivered}


@pytest.fixture
def live_demo_db(django_db_serialized_rollback, transactional_db):
    """Committed data (as in test_worker_process.py): worker processes must see it."""
    load_demo()
    return {page.slug: page for page in ArticlePage.objects.all()}


@pytest.fixture
def slow_smtp():
    inbox = SlowInbox(delay=1.0)
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def start_run_worker(smtp_port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "settings.test",
        "DATABASE_URL": database_url(),
        "TEST_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "TASK_LEASE_SECONDS": "2",
        "TASK_SWEEP_SECONDS": "1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-startup-delay", "--no-reload"],
        cwd=PROJECT_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def test_workers_killed_while_sending_lose_no_mail(
    live_demo_db, client, django_user_model, slow_smtp
):
    port, inbox = slow_smtp
    page = live_demo_db[SW_000]
    conversation = Conversation.objects.get(translation_key=page.translation_key)
    for n in range(4):
        Follow.objects.create(conversation=conversation, email=f"f{n}@example.org", language="sw")
    reader = django_user_model.objects.create_user("z", email="z@example.org", first_name="Zawadi")
    client.force_login(reader)
    for n in range(3):
        assert post(client, page, f"Jibu {n} wakati wa ajali", reply_to=1).status_code == 302
    notifications = Notification.objects.filter(comment__comment__contains="wakati wa ajali")
    expected = {notification_message_id(n): n.email for n in notifications}
    assert len(expected) >= 15  # doug, four followers, the article's author... per reply

    worker = start_run_worker(port)
    kills = 0
    try:
        wait_until_polling(worker)
        for after in (2, 6):  # twice: mid-send, after a few mails got through
            wait_for(
                lambda after=after: len(inbox.delivered) >= after and inbox.in_flight,
                120,
                "a mail being sent",
            )
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
            kills += 1
            worker = start_run_worker(port)
            wait_until_polling(worker)

        def done() -> bool:
            busy = DBTaskResult.objects.filter(
                status__in=[TaskResultStatus.RUNNING, TaskResultStatus.READY]
            ).exists()
            unsent = Notification.objects.filter(
                pk__in=notifications.values("pk"), sent_at__isnull=True
            ).exists()
            return not busy and not unsent and set(expected) <= inbox.message_ids()

        wait_for(done, 180, "every notification to arrive")
    finally:
        worker.send_signal(signal.SIGTERM)
        output = worker.communicate(timeout=30)[0].decode()

    assert kills == 2
    received = inbox.message_ids()
    assert set(expected) <= received, output
    # Deduplicated by Message-ID, nothing is missing and nothing extra arrived; a retry of
    # a mail the server had accepted came back under the same Message-ID.
    notification_ids = {mid for mid in received if mid.startswith("<notification-")}
    assert notification_ids == set(expected)
    for message_id, to in inbox.delivered:
        if message_id in expected:
            assert to == expected[message_id]
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).exists()
    # The two tasks that were sending when their workers died were re-queued and run again.
    reclaimed = [
        task
        for task in DBTaskResult.objects.filter(task_path__endswith="deliver_notification")
        if len(task.worker_ids) > 1
    ]
    assert len(reclaimed) == kills, output
    assert all(task.status == TaskResultStatus.SUCCESSFUL for task in reclaimed)
    assert not DBTaskResult.objects.filter(
        task_path__endswith="deliver_notification", status=TaskResultStatus.FAILED
    ).exists()
    print(
        f"{len(expected)} notifications, {len(inbox.delivered)} deliveries "
        f"({len(inbox.delivered) - len(received)} duplicates by Message-ID), {kills} kills"
    )


# The sweep, without processes: which RUNNING tasks it re-queues.


def running_task(started_seconds_ago: float, worker_ids: list[str]) -> DBTaskResult:
    result = deliver_notification.enqueue(notification_id=123456)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING,
        started_at=timezone.now() - timedelta(seconds=started_seconds_ago),
        worker_ids=worker_ids,
    )
    return DBTaskResult.objects.get(pk=result.id)


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.mark.django_db
@override_settings(MAZUNGUMZO_TASK_LEASE_SECONDS=60, MAZUNGUMZO_TASK_MAX_RUNS=3)
def test_the_sweep_reclaims_only_tasks_of_dead_or_unknown_workers_past_their_lease():
    here = socket.gethostname()[:40]
    dead = f"{here}:{dead_pid()}:abcdefgh"
    alive = f"{here}:{os.getpid()}:abcdefgh"
    young_dead = running_task(10, [dead])
    old_alive = running_task(600, [alive])
    old_dead = running_task(600, [dead])
    old_elsewhere = running_task(600, ["another-host:1:abcdefgh"])
    old_random_id = running_task(600, ["x" * 32])
    killed_too_often = running_task(600, [dead, dead, dead])

    assert recovery.sweep() == {"requeued": 3, "failed": 1}

    def status(task):
        task.refresh_from_db()
        return task.status

    assert status(young_dead) == TaskResultStatus.RUNNING  # within its lease
    assert status(old_alive) == TaskResultStatus.RUNNING  # its worker still runs here
    for task in (old_dead, old_elsewhere, old_random_id):
        assert status(task) == TaskResultStatus.READY
    assert status(killed_too_often) == TaskResultStatus.FAILED
    assert killed_too_often.exception_class_path == recovery.WORKER_LOST
    assert recovery.sweep() == {"requeued": 0, "failed": 0}


def test_worker_ids_name_host_and_process():
    worker_id = recovery.make_worker_id()
    assert len(worker_id) <= 64
    assert recovery.worker_alive(worker_id) is True
    assert recovery.worker_alive(f"{socket.gethostname()[:40]}:{dead_pid()}:x") is False
    assert recovery.worker_alive("elsewhere:1:x") is None


# Backoff: an SMTP server that refuses connections.


@pytest.mark.django_db
def test_refused_smtp_is_retried_with_backoff_then_recorded_as_failed(demo, client, run_tasks):
    Notification.objects.all().delete()
    closed_port = free_port()  # nobody listens there: connection refused
    reader_page = demo["sw_000"]
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        MAZUNGUMZO_MAIL_RETRY_SECONDS=10,
        MAZUNGUMZO_MAIL_MAX_ATTEMPTS=3,
    ):
        from django.contrib.auth import get_user_model

        reader = get_user_model().objects.create_user("z", email="z@example.org")
        client.force_login(reader)
        assert post(client, reader_page, "Jibu bila seva", reply_to=1).status_code == 302
        notification = Notification.objects.get(
            comment__comment="Jibu bila seva", email="doug@example.org"
        )

        def attempts():
            return DBTaskResult.objects.filter(
                task_path__endswith="deliver_notification",
                args_kwargs__kwargs__notification_id=notification.pk,
            ).order_by("enqueued_at")

        for attempt in range(3):
            before = timezone.now()
            run_tasks()
            tasks = list(attempts())
            if attempt < 2:
                # This attempt ended, and queued the next one for base * 2**attempt later.
                assert [t.status for t in tasks] == [TaskResultStatus.SUCCESSFUL] * (
                    attempt + 1
                ) + [TaskResultStatus.READY]
                retry = tasks[-1]
                assert retry.args_kwargs["kwargs"]["attempt"] == attempt + 1
                delay = (retry.run_after - before).total_seconds()
                assert 10 * 2**attempt - 1 <= delay <= 10 * 2**attempt + 5
                run_tasks()  # not due yet: nothing happens
                assert attempts().count() == attempt + 2
                # Time passes.
                DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
            else:
                # The last allowed attempt fails for real, where the admin report shows it.
                assert len(tasks) == 3
                assert tasks[-1].status == TaskResultStatus.FAILED
                assert "ConnectionRefusedError" in tasks[-1].exception_class_path
        notification.refresh_from_db()
        assert notification.sent_at is None


# The admin report.


@pytest.fixture
def failed_task():
    result = deliver_notification.enqueue(notification_id=987654)
    task = DBTaskResult.objects.get(pk=result.id)
    task.claim("gone:1:x")
    task.set_failed(ConnectionRefusedError(111, "Connection refused"))
    return task


@pytest.mark.django_db
def test_operators_see_failed_tasks_and_retry_them(client, admin, failed_task):
    client.force_login(admin)
    response = client.get("/admin/reports/tasks/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "deliver_notification" in content
    assert "notification_id=987654" in content
    assert "Connection refused" in content
    assert "Retry" in content
    menu = client.get("/admin/").content.decode()
    assert "/admin/reports/tasks/" in menu

    response = client.post(f"/admin/reports/tasks/{failed_task.pk}/retry/")
    assert response.status_code == 302
    failed_task.refresh_from_db()
    assert failed_task.status == TaskResultStatus.READY
    assert failed_task.traceback == ""
    assert ModelLogEntry.objects.filter(
        action="conversation.task_retry", object_id=str(failed_task.pk), user=admin
    ).exists()
    assert "987654" not in client.get("/admin/reports/tasks/").content.decode()


@pytest.mark.django_db
def test_stuck_tasks_are_listed_too(client, admin):
    stuck = running_task(10_000, ["elsewhere:1:x"])
    client.force_login(admin)
    content = client.get("/admin/reports/tasks/").content.decode()
    assert "Running past its lease" in content
    assert client.post(f"/admin/reports/tasks/{stuck.pk}/retry/").status_code == 302
    stuck.refresh_from_db()
    assert stuck.status == TaskResultStatus.READY


@pytest.mark.django_db
def test_moderators_without_the_permission_are_refused(client, django_user_model, failed_task):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("msimamizi", email="mod@example.org")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="moderate_articlecomment"),
    )
    client.force_login(user)
    assert client.get("/admin/reports/tasks/").status_code == 403
    assert client.post(f"/admin/reports/tasks/{failed_task.pk}/retry/").status_code == 403
    failed_task.refresh_from_db()
    assert failed_task.status == TaskResultStatus.FAILED
    assert "/admin/reports/tasks/" not in client.get("/admin/").content.decode()

    user.user_permissions.add(Permission.objects.get(codename="change_dbtaskresult"))
    user = django_user_model.objects.get(pk=user.pk)  # fresh permission cache
    client.force_login(user)
    assert client.get("/admin/reports/tasks/").status_code == 200
