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


@pytest.fixture
def demo(db):
    """The demo site as the README's run command builds it."""
    load_demo()
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
