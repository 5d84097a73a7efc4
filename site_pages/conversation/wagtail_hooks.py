"""Admin hooks of the conversation app: the failed-or-stuck tasks report (tasks_admin.py)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .tasks_admin import RETRY_ACTION, FailedTasksReport, can_manage_tasks, retry


@hooks.register("register_admin_urls")
def register_task_urls():
    return [
        path("reports/tasks/", FailedTasksReport.as_view(), name="conversation_failed_tasks"),
        path(
            "reports/tasks/results/",
            FailedTasksReport.as_view(results_only=True),
            name="conversation_failed_tasks_results",
        ),
        path("reports/tasks/<uuid:task_id>/retry/", retry, name="conversation_task_retry"),
    ]


class TaskManagersMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return can_manage_tasks(request.user)


@hooks.register("register_reports_menu_item")
def register_tasks_menu_item():
    return TaskManagersMenuItem(
        _("Failed or stuck tasks"),
        reverse("conversation_failed_tasks"),
        name="conversation-failed-tasks",
        icon_name="warning",
        order=910,
    )


@hooks.register("register_log_actions")
def register_task_log_actions(actions):
    actions.register_action(RETRY_ACTION, _("Retry task"), _("Task queued again"))
