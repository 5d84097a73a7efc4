"""Work a dead worker left behind: found, re-queued, or given up on and shown.

django-tasks-db marks a task RUNNING (with `started_at` and the worker's id) when a worker
claims it, and never looks at it again if that worker dies. The sweep here re-queues
such a task once it has been running longer than TASK_LEASE_SECONDS and its worker is not
known to be alive: worker ids made by `make_worker_id` name the host and process, so on
the same machine a live worker's tasks are never touched, however long they run. A worker
on another machine is presumed alive until its lease runs out, so the lease must be longer
than any task runs. A task that has been started TASK_MAX_RUNS times is marked failed
instead of re-queued: something in it kills its worker.

Every change is a conditional UPDATE (still RUNNING, same `started_at`), so any number of
workers may sweep at once. Tasks must be safe to run again; the mail tasks are (tasks.py).
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

WORKER_LOST = "site_pages.conversation.recovery.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task died, too often: recorded as the failed task's error."""


def make_worker_id() -> str:
    """`host:pid:random`, at most 64 characters (django-tasks-db's limit)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def worker_alive(worker_id: str) -> bool | None:
    """True or False for a worker of this machine; None when nobody here can tell."""
    parts = worker_id.split(":")
    if len(parts) != 3 or parts[0] != socket.gethostname()[:40] or not parts[1].isdigit():
        return None
    try:
        os.kill(int(parts[1]), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # a process of another user holds that pid
    return True


def lease() -> timedelta:
    return timedelta(seconds=settings.MAZUNGUMZO_TASK_LEASE_SECONDS)


def overdue(now=None) -> QuerySet[DBTaskResult]:
    """Tasks RUNNING for longer than the lease: their worker may have died."""
    now = now or timezone.now()
    return DBTaskResult.objects.running().filter(started_at__lt=now - lease())


def is_abandoned(task: DBTaskResult) -> bool:
    worker = task.worker_ids[-1] if task.worker_ids else ""
    return worker_alive(worker) is not True


def requeue(task: DBTaskResult, expected_status: str) -> bool:
    """Put the task back in the queue, if nobody changed it meanwhile; True if done."""
    filters = {"pk": task.pk, "status": expected_status}
    if expected_status == TaskResultStatus.RUNNING:
        filters["started_at"] = task.started_at
    return bool(
        DBTaskResult.objects.filter(**filters).update(
            status=TaskResultStatus.READY,
            finished_at=None,
            return_value=None,
            exception_class_path="",
            traceback="",
        )
    )


def give_up(task: DBTaskResult) -> bool:
    runs = len(task.worker_ids)
    return bool(
        DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        ).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path=WORKER_LOST,
            traceback=(
                f"{WORKER_LOST}: its worker died or stopped answering in each of {runs} "
                f"runs (last: {task.worker_ids[-1] if task.worker_ids else '?'})\n"
            ),
        )
    )


def sweep() -> dict[str, int]:
    """Re-queue (or fail) every overdue task whose worker is gone."""
    done = {"requeued": 0, "failed": 0}
    for task in overdue().order_by("started_at")[:1000]:
        if not is_abandoned(task):
            continue
        if len(task.worker_ids) >= settings.MAZUNGUMZO_TASK_MAX_RUNS:
            if give_up(task):
                done["failed"] += 1
                logger.error(
                    "Task %s (%s) failed: its worker died too often", task.pk, task.task_path
                )
        elif requeue(task, TaskResultStatus.RUNNING):
            done["requeued"] += 1
            logger.warning(
                "Re-queued task %s (%s): worker %s gone since %s",
                task.pk,
                task.task_path,
                task.worker_ids[-1] if task.worker_ids else "?",
                task.started_at.isoformat(),
            )
    return done


def sweep_safely() -> dict[str, int]:
    """A sweep that never stops a worker: a database hiccup is logged and tried next time."""
    try:
        return sweep()
    except Exception:
        logger.exception("Sweeping abandoned tasks failed")
        return {"requeued": 0, "failed": 0}
    finally:
        connections.close_all()  # this thread's connections only


class Sweeper(threading.Thread):
    """Sweeps every `interval` seconds beside the worker's own loop, until the process ends."""

    def __init__(self, interval: float) -> None:
        super().__init__(name="task-sweeper", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            sweep_safely()

    def stop(self) -> None:
        self.stopped.set()
