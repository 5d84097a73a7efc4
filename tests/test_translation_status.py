"""The translation status report: articles against languages, sync, CSV, permissions."""

import csv
import io

from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from wagtail.models import Locale
from wagtail_localize.models import Translation

from site_pages.localization.translation_status import status_table

REPORT = "/admin/reports/translation-status/"


def cells(response, article) -> dict[str, str]:
    html = BeautifulSoup(response.content, "html.parser")
    row = html.select_one(f'tr[data-article="{article.pk}"]')
    return {
        td["data-locale"]: td.select_one("[data-status]").get_text(" ", strip=True)
        for td in row.select("td[data-locale]")
    }


def translate_into_welsh(client, page, run_tasks, machine: bool = True) -> Translation:
    welsh = Locale.objects.get(language_code="cy")
    client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [welsh.pk]})
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=welsh
    )
    if machine:
        client.post(f"/admin/localize/translate/{translation.pk}/machine_translate/")
        run_tasks()
    return translation


def test_every_article_against_every_language(demo, client, admin):
    client.force_login(admin)
    response = client.get(REPORT)
    assert response.status_code == 200
    assert cells(response, demo["sw_000"]) == {
        "sw": "Source",
        "cy": "Translated outside the workflow",
        "en": "Missing",
    }
    assert cells(response, demo["sw_002"]) == {"sw": "Source", "cy": "Missing", "en": "Missing"}


def test_translate_edit_source_then_sync_moves_through_the_statuses(
    demo, client, admin, run_tasks
):
    client.force_login(admin)
    source = demo["sw_002"]
    translation = translate_into_welsh(client, source, run_tasks, machine=False)
    assert cells(client.get(REPORT), source)["cy"] == "In progress (0%)"

    client.post(f"/admin/localize/translate/{translation.pk}/machine_translate/")
    run_tasks()
    assert cells(client.get(REPORT), source)["cy"] == "Up to date"

    source.topic = "mitandao ya kijamii na migogoro"
    source.save_revision(user=admin).publish()
    assert cells(client.get(REPORT), source)["cy"] == "Out of date"

    translation.refresh_from_db()
    response = client.post(REPORT, {"source": [translation.source_id]})
    assert response.status_code == 302
    assert cells(client.get(REPORT), source)["cy"] == "Out of date"  # queued, not run yet
    run_tasks()
    report = client.get(REPORT)
    # Synced: only the changed topic waits for its translation.
    assert cells(report, source)["cy"].startswith("In progress (9")
    welsh = source.get_translation(Locale.objects.get(language_code="cy"))
    draft = welsh.get_latest_revision_as_object()
    assert draft.topic == "mitandao ya kijamii na migogoro"  # new source text, in a draft
    assert not welsh.live  # syncing never publishes

    client.post(f"/admin/localize/translate/{translation.pk}/machine_translate/")
    run_tasks()
    assert cells(client.get(REPORT), source)["cy"] == "Up to date"


def test_filter_by_language_and_export_csv(demo, client, admin):
    client.force_login(admin)
    welsh_only = client.get(REPORT, {"locale": "cy"})
    assert cells(welsh_only, demo["sw_002"]) == {"cy": "Missing"}
    export = client.get(REPORT, {"locale": "cy", "export": "csv"})
    assert export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0] == ["Article", "cy"]
    assert [demo["sw_002"].title, "Missing"] in rows


def test_the_article_editor_shows_its_status(demo, client, admin):
    client.force_login(admin)
    html = BeautifulSoup(
        client.get(f"/admin/pages/{demo['sw_002'].pk}/edit/").content, "html.parser"
    )
    welsh = html.select_one('.translation-status tr[data-locale="cy"] [data-status]')
    assert welsh.get_text(strip=True) == "Missing"


def test_people_without_translation_rights_get_403(demo, client, django_user_model):
    editor = django_user_model.objects.create_user("mhariri", "e@example.org", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get(REPORT).status_code == 403
    assert client.post(REPORT, {"source": ["1"]}).status_code == 403


def test_the_table_takes_the_same_queries_for_more_articles(
    demo, client, admin, run_tasks, django_assert_max_num_queries
):
    client.force_login(admin)
    translate_into_welsh(client, demo["sw_002"], run_tasks)
    with django_assert_max_num_queries(8):
        rows = status_table()
    assert len(rows) == 2
