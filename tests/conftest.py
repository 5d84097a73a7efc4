"""Shared fixtures: the demo site, and the PostgreSQL requirement for CI's second run."""

import os

import pytest
from django.db import connection

from home.demo.loader import load_demo


@pytest.fixture(scope="session", autouse=True)
def _require_postgres(django_db_setup, django_db_blocker):
    """With REQUIRE_POSTGRES=1 a run that is not on PostgreSQL fails instead of passing quietly."""
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        with django_db_blocker.unblock():
            vendor = connection.vendor
        if vendor != "postgresql":
            pytest.exit(f"REQUIRE_POSTGRES=1 but the database is {vendor}", returncode=3)


def pytest_collection_modifyitems(config, items):
    if os.environ.get("REQUIRE_POSTGRES") == "1":
        return
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://…)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def run_tasks(monkeypatch):
    """Run every queued task with django-tasks-db's own worker loop, in this process.

    The worker recycles database connections between tasks; inside a test's
    transaction that would throw the test's data away, so only that is switched off.
    """
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        db_worker.Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run


@pytest.fixture
def demo(db, run_tasks):
    """The demo site as the README's run command builds it, its queued work done."""
    load_demo()
    run_tasks()
    from site_pages.models import ArticlePage

    pages = {page.slug: page for page in ArticlePage.objects.select_related("locale")}
    return {
        "sw_000": pages["je-uuzaji-wa-maingiliano-ni-nini"],
        "cy_001": pages["beth-yw-marchnata-rhyngweithiol"],
        "sw_002": pages["jibu-lako-la-mgogoro-wa-media-ya-kijamii-linaumiza-taaluma-yako"],
    }


@pytest.fixture
def site_url(demo):
    """Where the default Site says it lives: the base of every absolute page URL."""
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_url


@pytest.fixture
def admin(django_user_model):
    """A superuser who reads the admin in English."""
    from tests.helpers import prefer_english

    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    prefer_english(user)
    return user
