"""wagtail-localize's background jobs (WAGTAILLOCALIZE_JOBS) on the project's task queue.

wagtail-localize hands its backend a function and arguments that include model
instances (locales, users, pages). The queue stores JSON, so instances travel as
(model label, primary key) and are loaded again by the worker.
"""

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.module_loading import import_string
from django_tasks import task
from wagtail_localize.components import BaseComponentManager
from wagtail_localize.tasks import BaseJobBackend

# Only functions from these packages may be named by a queued job.
ALLOWED_PREFIXES = ("wagtail_localize.", "site_pages.")


def encode(value: Any) -> Any:
    if isinstance(value, models.Model):
        return {"__model__": value._meta.label, "pk": value.pk}
    if isinstance(value, models.QuerySet | list | tuple):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"__dict__": [[key, encode(item)] for key, item in value.items()]}
    if isinstance(value, BaseComponentManager):
        if value.components:
            raise TypeError("Translation components cannot be queued; the project registers none.")
        return None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"{type(value).__name__} cannot be passed to a queued translation job.")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(item) for item in value]
    if isinstance(value, dict) and "__model__" in value:
        return apps.get_model(value["__model__"])._default_manager.get(pk=value["pk"])
    if isinstance(value, dict) and "__dict__" in value:
        return {key: decode(item) for key, item in value["__dict__"]}
    return value


def function_path(func: Callable) -> str:
    path = f"{func.__module__}.{func.__qualname__}"
    if not path.startswith(ALLOWED_PREFIXES) or "<" in path:
        raise ValueError(f"{path} is not a module-level function that a job may run.")
    return path


@task()
def run_localize_job(function: str, args: list, kwargs: dict) -> None:
    if not function.startswith(ALLOWED_PREFIXES):
        raise ValueError(f"Refusing to run {function}: not a translation job.")
    import_string(function)(*decode(args), **decode(kwargs))


class TaskQueueJobBackend(BaseJobBackend):
    """So that syncing a locale tree or translating a subtree never runs inside a request."""

    def enqueue(self, func: Callable, args: list | tuple, kwargs: dict) -> None:
        run_localize_job.enqueue(
            function=function_path(func), args=encode(list(args)), kwargs=encode(kwargs)
        )
