"""The Kiswahili and Welsh interface catalogs are complete and safe to format."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted(ROOT.glob("*/locale/*/LC_MESSAGES/django.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def test_there_are_sw_and_cy_catalogs_for_the_plugin_and_the_project():
    found = {(p.parts[-5], p.parts[-3]) for p in (c.relative_to(ROOT) for c in CATALOGS)}
    assert found == {("site_pages", "sw"), ("site_pages", "cy"), ("home", "sw"), ("home", "cy")}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated_and_none_is_fuzzy(path):
    catalog = polib.pofile(str(path))
    assert [e.msgid for e in catalog.untranslated_entries()] == []
    assert [e.msgid for e in catalog.fuzzy_entries()] == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_translations_keep_the_placeholders(path):
    for entry in polib.pofile(str(path)):
        required = set(PLACEHOLDER.findall(entry.msgid))
        allowed = required | set(PLACEHOLDER.findall(entry.msgid_plural or ""))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            used = set(PLACEHOLDER.findall(text))
            assert required <= used <= allowed, (entry.msgid, text)


@pytest.mark.parametrize("app", ["site_pages", "home"])
def test_every_string_of_the_code_templates_and_emails_is_in_the_catalogs(app, tmp_path):
    """makemessages on a copy of the app finds nothing that the committed catalogs lack."""
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", "sw", "-l", "cy"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    for language in ("sw", "cy"):
        regenerated = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        missing = [e.msgid for e in regenerated if not e.obsolete and not e.translated()]
        fuzzy = [e.msgid for e in regenerated.fuzzy_entries()]
        assert (missing, fuzzy) == ([], []), language
