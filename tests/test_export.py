"""manage.py export_conversations: conversations out as WXR and JSON lines, and back in."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from site_pages.conversation.models import ArticleComment, Conversation
from site_pages.importing.models import ImportedObject
from site_pages.models import ArticleIndexPage, ArticlePage
from tests.importing_helpers import C, P, write, wxr

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(demo, tmp_path):
    """A Polylang pair with a nested thread in each language, every state among them."""
    indexes = {page.locale.language_code: page for page in ArticleIndexPage.objects.all()}
    sw = [
        C(200, "2021-03-01 10:00:00", "Swali la kwanza"),
        C(201, "2021-03-03 10:00:00", "Jibu", parent=200, author="Baraka"),
        C(202, "2021-03-05 10:00:00", "Jibu la jibu", parent=201),
        C(203, "2021-03-06 10:00:00", "Spam", approved="spam"),
    ]
    cy = [
        C(300, "2021-03-02 10:00:00", "Cwestiwn cyntaf", author="Gwen"),
        C(301, "2021-03-04 10:00:00", "Ateb", parent=300, approved="0"),
        C(302, "2021-03-07 10:00:00", "Wedi mynd", approved="trash"),
    ]
    posts = [
        P(30, "Habari", slug="habari", language="sw", polylang_group="pll_1", comments=sw),
        P(31, "Newyddion", slug="newyddion", language="cy", polylang_group="pll_1", comments=cy),
    ]
    path = write(tmp_path, wxr(*posts), "wordpress.xml")
    call_command(
        "import_wordpress", str(path), "--parent", str(indexes["sw"].pk), stdout=StringIO()
    )
    return ArticlePage.objects.get(slug="habari")


def snapshot(page) -> list[tuple]:
    """The conversation as readers and moderators know it, ids left out."""
    comments = list(ArticleComment.objects.filter(conversation=Conversation.for_page(page)))
    numbers = {c.pk: c.number for c in comments}
    return sorted(
        (
            c.number,
            c.language,
            c.comment,
            c.user_name,
            c.user_email,
            c.status,
            numbers.get(c.parent_id) if c.parent_id != c.pk else None,
            c.level,
            c.submit_date.isoformat(),
        )
        for c in comments
    )


def test_a_wxr_export_reimported_into_an_empty_site_gives_the_same_conversation(article, tmp_path):
    before = snapshot(article)
    versions = {p.locale.language_code: p.title for p in article.get_translations(inclusive=True)}
    exported = tmp_path / "out.xml"
    call_command(
        "export_conversations", "--article", str(article.pk), "--format", "wxr",
        "-o", str(exported),
    )  # fmt: skip
    # Empty the site of this article: pages, conversation and the importer's memory.
    key = article.translation_key
    for page in ArticlePage.objects.filter(translation_key=key):
        page.delete()
    Conversation.objects.filter(translation_key=key).delete()
    ImportedObject.objects.all().delete()

    index = ArticleIndexPage.objects.get(locale__language_code="sw")
    out = StringIO()
    call_command("import_wordpress", str(exported), "--parent", str(index.pk), stdout=out)
    assert "Translation groups (articles in more than one language): 1." in out.getvalue()
    again = ArticlePage.objects.get(slug="habari", locale__language_code="sw")
    assert again.translation_key != key
    assert {
        p.locale.language_code: p.title for p in again.get_translations(inclusive=True)
    } == versions
    assert snapshot(again) == before
    assert len(before) == 7


def test_jsonl_has_every_field_and_the_translations(article, run_tasks):
    run_tasks()  # machine translations of the published comments
    out = StringIO()
    call_command("export_conversations", "--article", str(article.pk), stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    header, comments = lines[0], lines[1:]
    assert header["type"] == "conversation"
    assert header["translation_key"] == str(article.translation_key)
    assert sorted(a["language"] for a in header["articles"]) == ["cy", "sw"]
    assert [c["number"] for c in comments] == [1, 2, 3, 4, 5, 6, 7]
    first = comments[0]
    assert first["comment"] == "Swali la kwanza" and first["language"] == "sw"
    assert first["status"] == "published" and first["parent_number"] is None
    assert first["user_email"] == "reader@example.org" and first["ip_address"] == "192.0.2.7"
    assert [t["language"] for t in first["translations"]] == ["cy"]
    assert first["translations"][0]["is_machine"] is True
    reply = next(c for c in comments if c["comment"] == "Jibu")
    assert reply["parent_number"] == 1 and reply["user_name"] == "Baraka"
    assert {c["status"] for c in comments} == {"published", "pending", "spam", "removed"}
    for field in ("submit_date", "user_url", "is_public", "is_removed", "is_spam", "level"):
        assert field in first
