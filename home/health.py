"""What `/health/` checks: the database, the cache and the task queue.

Load balancers take an app server out of rotation when this answers anything but 200.
django-health-check runs the checks and renders the answer (HTML, or JSON for
`Accept: application/json` / `?format=json`, naming each check); the database and cache
checks are its own, the task queue's is below.
"""

import dataclasses
import datetime

from asgiref.sync import sync_to_async
from django import db
from django.conf import settings
from django.db.models import Case, Count, F, Min, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.exceptions import InvalidTaskBackendError
from health_check import Cache, Database, HealthCheck
from health_check.exceptions import ServiceUnavailable


def queue_stats(backend: str = "default") -> tuple[int, datetime.timedelta | None]:
    """How many tasks are ready to run now, and how long the oldest of them has waited."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    # A task is ready since it was enqueued or, if deferred, since its run_after passed.
    ready_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    stats = (
        DBTaskResult.objects.ready()
        .filter(backend_name=backend)
        .aggregate(waiting=Count("pk"), oldest=Min(ready_since))
    )
    oldest = stats["oldest"]
    return stats["waiting"], (timezone.now() - oldest) if oldest else None


@dataclasses.dataclass
class TaskQueue(HealthCheck):
    """The django-tasks database queue answers; with max_age, it also keeps up.

    Only reachability counts by default: workers that fall behind are no reason to take
    app servers out of rotation. With max_age (HEALTH_QUEUE_MAX_AGE), a ready task that
    waited longer fails the check, with how many wait, so monitoring notices dead workers.
    """

    backend: str = "default"
    max_age: datetime.timedelta | None = dataclasses.field(default=None, repr=False)

    async def run(self) -> None:
        # Thread-sensitive: the request thread's (persistent) connection, not a new one.
        await sync_to_async(self.probe)()

    def probe(self) -> None:
        """Raise ServiceUnavailable naming what is wrong with the queue."""
        from django_tasks_db import DatabaseBackend

        try:
            backend = task_backends[self.backend]
        except InvalidTaskBackendError as error:
            raise ServiceUnavailable("Task backend does not exist") from error
        if not isinstance(backend, DatabaseBackend):
            return  # an in-process or dummy backend: no queue to reach
        try:
            waiting, oldest = queue_stats(self.backend)
        except db.Error as error:
            raise ServiceUnavailable("Task queue table is unreachable") from error
        if self.max_age and oldest and oldest > self.max_age:
            raise ServiceUnavailable(
                f"{waiting} ready tasks, the oldest waiting {oldest.total_seconds():.0f} s "
                f"(limit {self.max_age.total_seconds():.0f} s): is a db_worker running?"
            )


def checks() -> list:
    """The checks `/health/` runs, for HealthCheckView(checks=…)."""
    max_age = settings.MAZUNGUMZO_HEALTH_QUEUE_MAX_AGE
    return [
        Database,
        Cache,
        (TaskQueue, {"max_age": datetime.timedelta(seconds=max_age) if max_age else None}),
    ]
