"""Production refuses to start without its secrets, and passes Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent
GOOD_SECRET = "k" * 20 + "J8#v2!pQz@9Lm$4rT^6wXy&1Bn*3Hd(5Fg)7Cs_0" + "e" * 10


def manage(*args: str, **env_vars: str) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEBUG"}
    }
    env.update(DJANGO_SETTINGS_MODULE="settings.production", **env_vars)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "SECRET_KEY": GOOD_SECRET,
    "ALLOWED_HOSTS": "mazungumzo.example",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/mazungumzo",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key():
    result = manage("check", **{**PRODUCTION_ENV, "SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "at least 50 characters" in result.stderr


def test_check_deploy_is_clean_with_the_required_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_unknown_language_in_settings_is_named():
    result = manage("check", **{**PRODUCTION_ENV, "MAZUNGUMZO_LANGUAGES": "sw,xx"})
    assert result.returncode != 0
    assert "['xx']" in result.stderr


def test_enabled_languages_come_from_the_environment():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.LANGUAGE_CODE, [code for code, _name in settings.LANGUAGES])",
        **{**PRODUCTION_ENV, "MAZUNGUMZO_LANGUAGES": "cy,sw,fr"},
    )
    assert result.returncode == 0, result.stderr
    assert "cy ['cy', 'sw', 'fr']" in result.stdout
