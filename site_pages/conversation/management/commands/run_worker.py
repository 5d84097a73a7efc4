"""`manage.py run_worker`: django-tasks-db's `db_worker`, plus recovery of abandoned work.

It takes every option of `db_worker`. Before the first task, and then every
`--sweep-interval` seconds (TASK_SWEEP_SECONDS) in a background thread, it re-queues tasks
left RUNNING by workers that died (site_pages/conversation/recovery.py). Its worker id
names the host and process, so sweeps on this machine never touch a live worker's task.
"""

import os
from argparse import ArgumentParser

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from site_pages.conversation.recovery import Sweeper, make_worker_id, sweep_safely


class Command(DbWorkerCommand):
    help = "Run a database background worker that also re-queues work of dead workers"

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)  # made in handle(): host:pid:random
        parser.add_argument(
            "--sweep-interval",
            type=float,
            default=settings.MAZUNGUMZO_TASK_SWEEP_SECONDS,
            help="Seconds between sweeps for abandoned tasks; 0: only at start "
            "(default: TASK_SWEEP_SECONDS, %(default)r)",
        )

    def handle(self, *, worker_id: str | None, sweep_interval: float, **options) -> None:
        # With --reload the first process only watches files; its child does the work.
        if not (options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"):
            done = sweep_safely()
            if any(done.values()):
                self.stdout.write(
                    f"Abandoned tasks: {done['requeued']} re-queued, {done['failed']} failed"
                )
            if sweep_interval > 0:
                Sweeper(sweep_interval).start()
        super().handle(worker_id=worker_id or make_worker_id(), **options)
