"""Failed or stuck background tasks, in the Wagtail admin's reports, with a "Retry" button.

Lists django-tasks-db's tasks that FAILED, or that have been RUNNING for longer than the
lease (TASK_LEASE_SECONDS: their worker probably died, recovery.py re-queues them at the
next sweep). "Retry" puts one back in the queue at once. For superusers and holders of
django-tasks-db's own "Can change Task Result" permission
(`django_tasks_database.change_dbtaskresult`: give it to an operators group).
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.log_actions import log

from .recovery import lease, requeue

MANAGE_TASKS_PERMISSION = "django_tasks_database.change_dbtaskresult"
RETRY_ACTION = "conversation.task_retry"


def can_manage_tasks(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm(MANAGE_TASKS_PERMISSION))


def failed_or_stuck():
    overdue = Q(status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - lease())
    return DBTaskResult.objects.filter(Q(status=TaskResultStatus.FAILED) | overdue)


def arguments(task: DBTaskResult) -> str:
    args = [repr(a) for a in task.args_kwargs.get("args", [])]
    args += [f"{k}={v!r}" for k, v in task.args_kwargs.get("kwargs", {}).items()]
    return Truncator(", ".join(args)).chars(80)


def state(task: DBTaskResult) -> str:
    if task.status == TaskResultStatus.FAILED:
        return _("Failed")
    return _("Running past its lease")


def error(task: DBTaskResult) -> str:
    lines = [line for line in task.traceback.splitlines() if line.strip()]
    return Truncator(lines[-1] if lines else "").chars(200)


def forbidden(request) -> TemplateResponse:
    """A plain 403 (Wagtail would redirect a PermissionDenied to the dashboard)."""
    return TemplateResponse(request, "conversation/admin/tasks_forbidden.html", status=403)


class RetryColumn(Column):
    cell_template_name = "conversation/admin/task_retry_cell.html"


class TaskManagersOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_tasks(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)


class FailedTasksReport(TaskManagersOnlyMixin, ReportView):
    page_title = _("Failed or stuck tasks")
    header_icon = "warning"
    index_url_name = "conversation_failed_tasks"
    index_results_url_name = "conversation_failed_tasks_results"
    columns = [
        Column("task", label=_("Task"), accessor="task_name"),
        Column("arguments", label=_("Arguments"), accessor=arguments),
        Column("state", label=_("State"), accessor=state),
        DateColumn("enqueued_at", label=_("Queued")),
        DateColumn("started_at", label=_("Started")),
        DateColumn("finished_at", label=_("Finished")),
        Column("error", label=_("Error"), accessor=error),
        RetryColumn("retry", label=""),
    ]

    def get_queryset(self):
        return failed_or_stuck().order_by("-enqueued_at")


@require_POST
def retry(request, task_id):
    if not can_manage_tasks(request.user):
        return forbidden(request)
    task = get_object_or_404(failed_or_stuck(), pk=task_id)
    if requeue(task, task.status):
        log(task, RETRY_ACTION, user=request.user, data={"task": task.task_path})
        messages.success(request, _("The task is queued again."))
    else:
        messages.warning(request, _("The task changed meanwhile; nothing was done."))
    return redirect("conversation_failed_tasks")
