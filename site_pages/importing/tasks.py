"""The admin's imports run on the task queue: the upload returns at once, the worker
imports and records its progress on the `ImportRun` row the status page reads."""

import logging
from pathlib import Path

from django.utils import timezone
from django_tasks import task

from .models import ImportRun
from .progress import count_items
from .safe_xml import ImportFileError
from .wordpress import import_wordpress

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 25  # items between two progress writes


@task()
def run_wordpress_import(run_id: int) -> None:
    run = ImportRun.objects.filter(pk=run_id).select_related("parent").first()
    if run is None or not run.in_progress:
        return  # already finished (a task queued twice), or deleted
    path = Path(run.stored_path)
    rows = ImportRun.objects.filter(pk=run_id)
    try:
        if run.parent is None:
            raise ImportFileError("The article index page was deleted.")
        rows.update(status=ImportRun.Status.RUNNING, done=0, total=count_items(path))

        def progress(done: int, what: str) -> None:
            if done % PROGRESS_EVERY == 0:
                rows.update(done=done)

        report = import_wordpress(path, run.parent, None, run.dry_run, progress)
    except ImportFileError as error:
        rows.update(status=ImportRun.Status.FAILED, error=str(error), finished_at=timezone.now())
    except Exception as error:  # recorded for the editor; the traceback goes to the log
        logger.exception("WordPress import %s failed", run_id)
        rows.update(
            status=ImportRun.Status.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
    else:
        rows.update(
            status=ImportRun.Status.DONE,
            report=report.lines(),
            finished_at=timezone.now(),
        )
    finally:
        path.unlink(missing_ok=True)  # the export holds readers' addresses: keep no copy
