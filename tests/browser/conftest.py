"""Playwright driving Debian's Chromium (never a downloaded browser) against a live server."""

import shutil
from pathlib import Path

import pytest

from home.demo.loader import load_demo

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.browser)


@pytest.fixture
def browser(live_demo):
    """One browser per test, started after the database is ready and stopped before it is reset.

    Playwright's sync API runs an event loop in this thread; while it runs, the ORM here
    would get another connection (with SQLite in memory, another, empty database). So the
    tests read everything they need from the database before the browser starts.
    """
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 412, "height": 915}, locale="sw")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def live_demo(django_db_serialized_rollback, transactional_db, live_server) -> dict[str, str]:
    """The demo site on a live server, and the addresses of its articles.

    Live-server tests empty the database afterwards; serialized rollback restores what
    Wagtail's migrations made (the root page and collection) for the next one.
    """
    from site_pages.models import ArticlePage

    load_demo()
    urls = {page.slug: live_server.url + page.url for page in ArticlePage.objects.all()}
    return {
        "sw_000": urls["je-uuzaji-wa-maingiliano-ni-nini"],
        "cy_001": urls["beth-yw-marchnata-rhyngweithiol"],
        "sw_002": urls["jibu-lako-la-mgogoro-wa-media-ya-kijamii-linaumiza-taaluma-yako"],
    }


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
