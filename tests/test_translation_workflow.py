"""Translating articles through wagtail-localize in the admin, with the local translator."""

import io

import polib
import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from wagtail.models import Locale
from wagtail_localize.models import StringTranslation, Translation

from site_pages.models import ArticlePage, Author, Sponsor

MARK = "[sw→cy] "


@pytest.fixture
def welsh_translator(demo, django_user_model):
    user = django_user_model.objects.create_user("cyfieithydd", "cy@example.org", "x")
    user.groups.add(Group.objects.get(name="Translators: Welsh"))
    return user


def submit_translation(client, page, language: str) -> Translation:
    locale = Locale.objects.get(language_code=language)
    response = client.post(f"/admin/localize/submit/page/{page.pk}/", {"locales": [locale.pk]})
    assert response.status_code == 302
    return Translation.objects.get(source__object_id=page.translation_key, target_locale=locale)


def machine_translate(client, translation: Translation, run_tasks) -> None:
    response = client.post(f"/admin/localize/translate/{translation.pk}/machine_translate/")
    assert response.status_code == 302
    run_tasks()  # queued, not run in the request


def welsh_draft(page) -> ArticlePage:
    return page.get_translation(
        Locale.objects.get(language_code="cy")
    ).get_latest_revision_as_object()


def test_local_machine_translation_fills_every_segment_of_a_welsh_draft(
    demo, client, admin, run_tasks
):
    client.force_login(admin)
    source = demo["sw_002"]
    translation = submit_translation(client, source, "cy")
    assert translation.get_progress() == (translation.get_progress()[0], 0)

    response = client.post(f"/admin/localize/translate/{translation.pk}/machine_translate/")
    assert response.status_code == 302
    assert translation.get_progress()[1] == 0  # the request only queued the work
    run_tasks()
    total, done = translation.get_progress()
    assert total > 20 and done == total

    translation.save_target(user=admin)
    draft = welsh_draft(source)
    assert not draft.live  # a draft for a Welsh editor to review and publish
    assert draft.title == MARK + source.title
    assert draft.slug == "swcy-" + source.slug  # translated, then made a valid slug
    assert draft.topic == MARK + source.topic
    assert draft.hero_caption == MARK + source.hero_caption
    # Synchronised, not translated: the date, the image and who wrote it.
    assert draft.date == source.date
    assert draft.hero_image_id == source.hero_image_id
    assert draft.author.locale.language_code == "cy"
    assert draft.author.name == source.author.name
    assert draft.author.translation_key == source.author.translation_key
    quotes = [block.value for block in draft.body if block.block_type == "quote"]
    assert quotes and all(q["attribution"].startswith(MARK) for q in quotes if q["attribution"])
    images = [block.value for block in draft.body if block.block_type == "image"]
    source_images = [block.value for block in source.body if block.block_type == "image"]
    assert [i["image"].pk for i in images] == [i["image"].pk for i in source_images]
    assert all(i["caption"].startswith(MARK) for i in images if i["caption"])
    assert all(
        i["image"].contextual_alt_text.startswith(MARK)
        for i in images
        if i["image"].contextual_alt_text
    )


def test_the_sponsor_call_out_resolves_to_the_sponsor_in_the_pages_locale(
    demo, client, admin, run_tasks
):
    client.force_login(admin)
    source = demo["sw_000"]
    translation = submit_translation(client, source, "en")
    machine_translate(client, translation, run_tasks)
    translation.save_target(user=admin)
    english = source.get_translation(Locale.objects.get(language_code="en"))
    english = english.get_latest_revision_as_object()
    [sponsor] = [block.value for block in english.body if block.block_type == "sponsor"]
    assert sponsor.locale.language_code == "en"
    source_sponsor = next(b.value for b in source.body if b.block_type == "sponsor")
    assert sponsor.translation_key == source_sponsor.translation_key
    assert sponsor.url == source_sponsor.url  # a link is synchronised, not translated


def export_po(client, translation) -> polib.POFile:
    response = client.get(f"/admin/localize/translate/{translation.pk}/pofile/download/")
    assert response.status_code == 200
    return polib.pofile(response.content.decode())


def upload_po(client, translation, content: bytes):
    upload = io.BytesIO(content)
    upload.name = "translation.po"
    return client.post(
        f"/admin/localize/translate/{translation.pk}/pofile/upload/",
        {"file": upload, "next": "/admin/"},
    )


def translated_strings(translation) -> dict[int, str]:
    return dict(
        StringTranslation.objects.filter(locale=translation.target_locale).values_list(
            "pk", "data"
        )
    )


def test_po_round_trip_changes_exactly_the_edited_segment(demo, client, admin, run_tasks):
    client.force_login(admin)
    translation = submit_translation(client, demo["sw_002"], "cy")
    machine_translate(client, translation, run_tasks)
    before = translated_strings(translation)

    po = export_po(client, translation)
    entry = next(e for e in po if e.msgid == demo["sw_002"].topic)
    entry.msgstr = "cyfryngau cymdeithasol"
    response = upload_po(client, translation, str(po).encode())
    assert response.status_code == 302

    after = translated_strings(translation)
    changed = {pk for pk in after if after[pk] != before.get(pk)}
    assert [after[pk] for pk in changed] == ["cyfryngau cymdeithasol"]
    assert len(after) == len(before)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'msgid "broken\nmsgstr ""\n\x00\xff', "This is not a valid PO file"),
        (b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', "has no"),
    ],
    ids=["not-po", "no-header"],
)
def test_a_malformed_po_file_is_refused_with_a_message_and_changes_nothing(
    demo, client, admin, run_tasks, content, message
):
    client.force_login(admin)
    translation = submit_translation(client, demo["sw_002"], "cy")
    machine_translate(client, translation, run_tasks)
    before = translated_strings(translation)
    response = upload_po(client, translation, content)
    assert response.status_code == 302
    errors = [str(m) for m in get_messages(response.wsgi_request)]
    assert any(message in error for error in errors), errors
    assert translated_strings(translation) == before


def test_a_po_file_of_another_page_is_refused_and_changes_nothing(demo, client, admin, run_tasks):
    client.force_login(admin)
    other = submit_translation(client, demo["sw_000"], "en")
    translation = submit_translation(client, demo["sw_002"], "cy")
    machine_translate(client, translation, run_tasks)
    before = translated_strings(translation)
    po = export_po(client, other)
    for entry in po:
        entry.msgstr = "wedi'i newid"
    response = upload_po(client, translation, str(po).encode())
    errors = [str(m) for m in get_messages(response.wsgi_request)]
    assert "This PO file was exported for a different translation." in errors
    assert translated_strings(translation) == before


def test_welsh_translator_edits_welsh_pages_but_not_the_kiswahili_source(
    demo, client, welsh_translator
):
    client.force_login(welsh_translator)
    assert client.get(f"/admin/pages/{demo['sw_000'].pk}/edit/").status_code == 403
    assert client.get(f"/admin/pages/{demo['cy_001'].pk}/edit/").status_code == 200
    sw_author = Author.objects.get(locale__language_code="sw", name="Doug")
    cy_sponsor = Sponsor.objects.get(locale__language_code="cy")
    assert client.get(f"/admin/snippets/site_pages/author/edit/{sw_author.pk}/").status_code == 403
    assert (
        client.get(f"/admin/snippets/site_pages/sponsor/edit/{cy_sponsor.pk}/").status_code == 200
    )


def test_welsh_translator_cannot_publish_the_source(demo, client, welsh_translator):
    client.force_login(welsh_translator)
    source = demo["sw_002"]
    response = client.post(
        f"/admin/pages/{source.pk}/edit/",
        {"title": "Imebadilishwa", "action-publish": "publish"},
    )
    assert response.status_code == 403
    source.refresh_from_db()
    assert source.title != "Imebadilishwa"


def test_locale_tree_sync_runs_on_the_task_queue(demo, run_tasks):
    from wagtail_localize.models import LocaleSynchronization

    english = Locale.objects.get(language_code="en")
    kiswahili = Locale.objects.get(language_code="sw")
    LocaleSynchronization.objects.create(locale=english, sync_from=kiswahili)
    assert demo["sw_002"].get_translation_or_none(english) is None  # queued, not run yet
    run_tasks()
    alias = demo["sw_002"].get_translation_or_none(english)
    assert alias is not None and alias.alias_of_id == demo["sw_002"].pk


def test_the_translation_editor_offers_machine_translation(demo, client, admin):
    client.force_login(admin)
    translation = submit_translation(client, demo["sw_002"], "cy")
    page = translation.get_target_instance()
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert f"/admin/localize/translate/{translation.pk}/machine_translate/" in html
    assert "Local translator (marks text, no network)" in html
