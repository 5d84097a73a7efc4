"""The scale-out setup: /health/, JSON logs, the search and cache settings of production."""

import datetime
import json
import logging
import os
import re
import socket
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from asgiref.sync import async_to_sync
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult, get_date_max

from home.health import TaskQueue, queue_stats
from home.logs import JsonFormatter
from settings.base import logging_setting, search_backends_setting

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "settings.production",
    "SECRET_KEY": "k" * 20 + "J8#v2!pQz@9Lm$4rT^6wXy&1Bn*3Hd(5Fg)7Cs_0" + "e" * 10,
    "ALLOWED_HOSTS": "testserver",
}
BROKEN_REDIS = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
}


def production_shell(code: str, **env_vars: str) -> subprocess.CompletedProcess:
    """Run `code` in `manage.py shell` under settings.production."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CACHE_URL", "DEBUG", "LOG_FORMAT", "SEARCH_URL"}
    }
    env.update(PRODUCTION_ENV, **env_vars)
    return subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def health(client, **headers) -> tuple[int, dict]:
    response = client.get("/health/?format=json", **headers)
    return response.status_code, json.loads(response.content)


def add_ready_task(waited: datetime.timedelta) -> None:
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="home.tests.nothing",
        backend_name="default",
        run_after=get_date_max(),
    )
    DBTaskResult.objects.filter(pk=result.pk).update(enqueued_at=result.enqueued_at - waited)


# /health/


@pytest.mark.django_db
def test_health_answers_200_naming_each_check_when_all_are_up(client):
    status, body = health(client)
    assert status == 200
    assert body == {
        "Database(alias='default')": "OK",
        "Cache(alias='default')": "OK",
        "TaskQueue(backend='default')": "OK",
    }


@pytest.mark.django_db
def test_health_answers_json_when_asked_by_accept_header_and_is_never_cached(client):
    response = client.get("/health/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, nothing to set


@pytest.mark.django_db
def test_health_names_a_cache_that_cannot_be_reached(client, settings):
    settings.CACHES = {"default": BROKEN_REDIS}
    settings.MAZUNGUMZO_PAGE_CACHE_SECONDS = 0  # the page cache would fail before the view
    status, body = health(client)
    assert status == 500
    assert body["Cache(alias='default')"] != "OK"
    assert body["Database(alias='default')"] == "OK"


@pytest.mark.django_db
def test_health_names_a_broken_cache_through_the_whole_middleware_stack(client, settings):
    settings.CACHES = {"default": BROKEN_REDIS}
    client.raise_request_exception = False
    status, body = health(client)
    assert status == 500
    assert body["Cache(alias='default')"] != "OK"


@pytest.mark.django_db
def test_health_names_a_task_queue_that_cannot_be_reached(client, monkeypatch):
    monkeypatch.setattr(DBTaskResult._meta, "db_table", "no_such_task_table")
    status, body = health(client)
    assert status == 500
    assert body["TaskQueue(backend='default')"] == "Unavailable: Task queue table is unreachable"
    assert body["Database(alias='default')"] == "OK"


@pytest.mark.django_db
def test_queue_stats_count_ready_tasks_and_the_oldest_wait():
    add_ready_task(waited=datetime.timedelta(minutes=10))
    add_ready_task(waited=datetime.timedelta(minutes=1))
    waiting, oldest = queue_stats()
    assert waiting == 2
    assert datetime.timedelta(minutes=9) < oldest < datetime.timedelta(minutes=11)


@pytest.mark.django_db
def test_a_queue_check_with_max_age_fails_when_tasks_wait_too_long():
    add_ready_task(waited=datetime.timedelta(minutes=10))
    relaxed = async_to_sync(TaskQueue().get_result)()
    strict = async_to_sync(TaskQueue(max_age=datetime.timedelta(minutes=5)).get_result)()
    assert relaxed.error is None
    assert "1 ready tasks, the oldest waiting 600 s" in str(strict.error)


def test_production_health_is_not_redirected_to_https_and_logs_json(tmp_path):
    """Load balancers probe over HTTP; a failing probe is logged as one JSON line."""
    result = production_shell(
        "from django.test import Client; c = Client(); "
        "print(c.get('/health/').status_code, c.get('/admin/login/').status_code)",
        # An empty database: the queue's table is missing, so /health/ answers 500.
        DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}",
        CACHE_URL="locmemcache://",
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500", "301"]
    records = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    request_log = next(record for record in records if record["logger"] == "django.request")
    assert request_log["level"] == "ERROR"
    assert (request_log["method"], request_log["path"], request_log["status"]) == (
        "GET",
        "/health/",
        500,
    )
    check_log = next(record for record in records if record["logger"] == "health_check")
    assert "no such table" in check_log["exception"]


# Logs


def test_a_json_log_record_has_the_fields_log_shippers_expect():
    request = RequestFactory().post("/sw/makala/")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Failed: %s", ("x",), sys.exc_info()
        )
    record.request, record.status_code = request, 503
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert next(iter(data)) == "timestamp"
    assert datetime.datetime.fromisoformat(data["timestamp"]).tzinfo is not None
    assert data["level"] == "ERROR"
    assert data["logger"] == "django.request"
    assert data["message"] == "Failed: x"
    assert (data["method"], data["path"], data["status"]) == ("POST", "/sw/makala/", 503)
    assert "ValueError: boom" in data["exception"]


def test_log_format_chooses_the_formatter_and_refuses_unknown_ones(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "json")
    config = logging_setting(default_format="text")
    assert config["handlers"]["console"]["formatter"] == "json"
    assert config["formatters"]["json"] == {"()": "home.logs.JsonFormatter"}
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT='xml'"):
        logging_setting(default_format="text")


# Search


@pytest.fixture
def installed_clients(monkeypatch):
    """Pretend these client versions are installed (no search server or client needed)."""
    versions = {}
    real = metadata.version

    def version(name: str) -> str:
        if name in {"elasticsearch", "opensearch-py"}:
            if name not in versions:
                raise metadata.PackageNotFoundError(name)
            return versions[name]
        return real(name)

    monkeypatch.setattr(metadata, "version", version)
    return versions


def test_no_search_url_means_the_database_backend():
    assert search_backends_setting("") == {
        "default": {"BACKEND": "wagtail.search.backends.database"}
    }


@pytest.mark.parametrize(
    ("url", "client", "version", "backend", "urls"),
    [
        (
            "elasticsearch8+https://elastic:secret@search.internal:9200",
            "elasticsearch",
            "8.19.3",
            "wagtail.search.backends.elasticsearch8",
            ["https://elastic:secret@search.internal:9200"],
        ),
        (
            "elasticsearch9://search.internal:9200",
            "elasticsearch",
            "9.5.1",
            "wagtail.search.backends.elasticsearch9",
            ["http://search.internal:9200"],
        ),
        (
            "opensearch2://search.internal:9200",
            "opensearch-py",
            "2.8.0",
            "wagtail.search.backends.opensearch2",
            ["http://search.internal:9200"],
        ),
        (
            "opensearch3+https://search.internal",
            "opensearch-py",
            "3.2.0",
            "wagtail.search.backends.opensearch3",
            ["https://search.internal"],
        ),
    ],
)
def test_search_url_maps_to_wagtails_backend(
    installed_clients, url, client, version, backend, urls
):
    installed_clients[client] = version
    assert search_backends_setting(url, index_prefix="mzg_") == {
        "default": {"BACKEND": backend, "URLS": urls, "INDEX_PREFIX": "mzg_"}
    }


@pytest.mark.parametrize("url", ["solr://search.internal", "opensearch3+ftp://h", "opensearch3"])
def test_an_unknown_search_scheme_is_named(url):
    scheme = url.partition("://")[0]
    with pytest.raises(ImproperlyConfigured, match=re.escape(f"SEARCH_URL scheme '{scheme}'")):
        search_backends_setting(url)


def test_a_missing_or_wrong_search_client_names_the_extra(installed_clients):
    with pytest.raises(ImproperlyConfigured, match=r"opensearch-py 3\.x \(not installed\)"):
        search_backends_setting("opensearch3://h:9200")
    installed_clients["elasticsearch"] = "9.5.1"
    with pytest.raises(ImproperlyConfigured, match=r"pip install '\.\[elasticsearch8\]'"):
        search_backends_setting("elasticsearch8://h:9200")


# The cache on Redis


@pytest.fixture
def redis_server():
    """Redis on 127.0.0.1:6379; CI and REQUIRE_POSTGRES=1 runs fail without it."""
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        if os.environ.get("REQUIRE_POSTGRES") == "1" or os.environ.get("CI"):
            pytest.fail("Redis is not reachable on 127.0.0.1:6379")
        pytest.skip("needs Redis on 127.0.0.1:6379")
    return "redis://127.0.0.1:6379/15"


def test_production_cache_is_djangos_redis_cache_talking_to_redis(redis_server, tmp_path):
    result = production_shell(
        "import uuid, redis; from django.core.cache import caches; cache = caches['default']; "
        "key = f'test-production-{uuid.uuid4().hex}'; cache.set(key, 'stored', 30); "
        f"raw = redis.Redis.from_url({redis_server!r}); "
        "print(type(cache).__module__, type(cache).__name__, cache.get(key), "
        "cache.make_key(key).startswith('mazungumzo:'), raw.exists(cache.make_key(key))); "
        "cache.delete(key)",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        CACHE_URL=redis_server,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis",
        "RedisCache",
        "stored",
        "True",
        "1",
    ]
