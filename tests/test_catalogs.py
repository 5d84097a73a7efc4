"""The Kiswahili and Welsh interface catalogs are complete and safe to format."""

import re
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
