"""manage.py import_wordpress: posts, languages and threads of a WordPress export."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from site_pages.conversation.models import ArticleComment, CommentTranslation, Conversation
from site_pages.importing.models import ImportedObject
from site_pages.models import ArticleIndexPage, ArticlePage, Author
from tests.importing_helpers import C, P, write, wxr

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexes(demo):
    pages = {page.locale.language_code: page for page in ArticleIndexPage.objects.all()}
    return pages


def run(path, parent, *args) -> str:
    out = StringIO()
    call_command("import_wordpress", str(path), "--parent", str(parent.pk), *args, stdout=out)
    return out.getvalue()


def imported(**filters):
    return ArticlePage.objects.filter(
        pk__in=ImportedObject.objects.filter(kind="post").values("object_id"), **filters
    )


def by_number(conversation):
    return {c.number: c for c in ArticleComment.objects.filter(conversation=conversation)}


def test_a_post_becomes_an_article_with_its_byline_and_body(indexes, tmp_path, client):
    post = P(
        10,
        "Habari za mtaa",
        slug="habari-za-mtaa",
        date="2019-05-04 08:30:00",
        excerpt="<p>Muhtasari <b>mfupi</b>.</p>",
        categories=["Jamii", "Uncategorized"],
        tags=["mtaa"],
        content=(
            "Aya ya kwanza.\n\nAya ya <strong>pili</strong>\n<h2>Sehemu</h2>\n"
            '<blockquote cite="https://example.org/q"><p>Nukuu.</p><cite>Mwandishi</cite>'
            "</blockquote>\nhttps://www.youtube.com/watch?v=abc\n"
        ),
    )
    draft = P(11, "Rasimu", status="draft")
    private = P(12, "Siri", status="private")
    out = run(write(tmp_path, wxr(post, draft, private)), indexes["sw"])

    page = ArticlePage.objects.get(slug="habari-za-mtaa")
    assert page.get_parent().pk == indexes["sw"].pk
    assert page.live and page.locale.language_code == "sw"
    assert page.title == "Habari za mtaa"
    assert str(page.date) == "2019-05-04"
    assert page.author.name == "Amina Juma" and page.author.email == "amina@example.org"
    assert sorted(tag.name for tag in page.tags.all()) == ["Jamii", "mtaa"]
    assert page.topic == "Jamii"
    assert page.search_description == "Muhtasari mfupi."
    blocks = [(block.block_type, block.value) for block in page.body]
    assert [kind for kind, _value in blocks] == [
        "paragraph",
        "paragraph",
        "heading",
        "quote",
        "embed",
    ]
    assert blocks[1][1].source == "<p>Aya ya <b>pili</b></p>"
    assert blocks[2][1]["text"] == "Sehemu"
    assert blocks[3][1]["attribution"] == "Mwandishi"
    assert blocks[3][1]["source"] == "https://example.org/q"
    assert blocks[4][1]["fallback"] == "https://www.youtube.com/watch?v=abc"
    for slug in ("rasimu", "siri"):
        hidden = ArticlePage.objects.get(slug=slug)
        assert not hidden.live and hidden.latest_revision is not None
    assert "Posts: 3 created" in out and "(1 live, 2 not live)" in out
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Mwandishi" in response.text and "Aya ya" in response.text


def deep_thread() -> list[C]:
    """Five levels: each comment answers the one before."""
    return [
        C(
            100 + level,
            f"2020-01-0{level + 1} 10:00:00",
            f"Level {level}",
            99 + level if level else 0,
        )
        for level in range(5)
    ]


@pytest.fixture
def deeper_threads(settings):
    """Threads may nest ten levels (django-comments-xtd keeps its own copy of the limit)."""
    from django_comments_xtd.conf import settings as xtd_settings

    settings.MAZUNGUMZO_COMMENT_MAX_DEPTH = 10
    before = xtd_settings.COMMENTS_XTD_MAX_THREAD_LEVEL
    xtd_settings.COMMENTS_XTD_MAX_THREAD_LEVEL = 9
    yield
    xtd_settings.COMMENTS_XTD_MAX_THREAD_LEVEL = before


def test_a_thread_five_levels_deep_keeps_its_tree(indexes, tmp_path, deeper_threads):
    run(write(tmp_path, wxr(P(20, "Mjadala", comments=deep_thread()))), indexes["sw"])
    comments = by_number(Conversation.for_page(ArticlePage.objects.get(slug="mjadala")))
    assert [comments[n].comment for n in range(1, 6)] == [f"Level {n}" for n in range(5)]
    assert [comments[n].level for n in range(1, 6)] == [0, 1, 2, 3, 4]
    for n in range(2, 6):
        assert comments[n].parent_id == comments[n - 1].pk
    assert len({c.thread_id for c in comments.values()}) == 1


def test_replies_deeper_than_the_site_allows_attach_as_the_site_does(indexes, tmp_path):
    # COMMENT_MAX_DEPTH is 4: the fifth level joins its parent's siblings.
    run(write(tmp_path, wxr(P(20, "Mjadala", comments=deep_thread()))), indexes["sw"])
    comments = by_number(Conversation.for_page(ArticlePage.objects.get(slug="mjadala")))
    assert [comments[n].level for n in range(1, 6)] == [0, 1, 2, 3, 3]
    assert comments[5].parent_id == comments[3].pk
    assert comments[5].answered_id == comments[4].pk


def assert_one_article_two_languages(indexes, sw_slug, cy_slug):
    sw = ArticlePage.objects.get(slug=sw_slug)
    cy = ArticlePage.objects.get(slug=cy_slug)
    assert sw.translation_key == cy.translation_key
    assert (sw.locale.language_code, cy.locale.language_code) == ("sw", "cy")
    assert sw.get_parent().pk == indexes["sw"].pk and cy.get_parent().pk == indexes["cy"].pk
    assert sw.live and cy.live
    assert Conversation.objects.filter(translation_key=sw.translation_key).count() == 1
    conversation = Conversation.for_page(cy)
    comments = by_number(conversation)
    # Numbers follow date order across both threads; each keeps its language and parent.
    assert [(n, comments[n].language, comments[n].comment) for n in sorted(comments)] == [
        (1, "sw", "Swali la kwanza"),
        (2, "cy", "Cwestiwn cyntaf"),
        (3, "sw", "Jibu"),
        (4, "cy", "Ateb"),
    ]
    assert comments[3].parent_id == comments[1].pk
    assert comments[4].parent_id == comments[2].pk
    assert conversation.last_number == 4
    assert sw.author.name == cy.author.name == "Amina Juma"
    assert (sw.author.locale.language_code, cy.author.locale.language_code) == ("sw", "cy")
    assert sw.author.translation_key == cy.author.translation_key
    return sw, cy


def pair_comments(sw_first: int, cy_first: int) -> tuple[list[C], list[C]]:
    sw = [
        C(sw_first, "2021-03-01 10:00:00", "Swali la kwanza"),
        C(sw_first + 1, "2021-03-03 10:00:00", "Jibu", parent=sw_first),
    ]
    cy = [
        C(cy_first, "2021-03-02 10:00:00", "Cwestiwn cyntaf"),
        C(cy_first + 1, "2021-03-04 10:00:00", "Ateb", parent=cy_first),
    ]
    return sw, cy


def test_a_polylang_pair_is_one_article_in_two_languages_with_one_conversation(indexes, tmp_path):
    sw_comments, cy_comments = pair_comments(200, 300)
    term = """<wp:term><wp:term_id>7</wp:term_id>
      <wp:term_taxonomy>post_translations</wp:term_taxonomy>
      <wp:term_slug>pll_5f2a</wp:term_slug><wp:term_name>pll_5f2a</wp:term_name>
      <wp:term_description><![CDATA[a:2:{s:2:"sw";i:30;s:2:"cy";i:31;}]]></wp:term_description>
      </wp:term>"""
    posts = [
        # The Welsh version comes first in the file; the Swahili one still leads.
        P(31, "Newyddion", slug="newyddion", language="cy", polylang_group="pll_5f2a",
          comments=cy_comments, date="2021-02-02 09:00:00"),
        P(30, "Habari", slug="habari", language="sw", polylang_group="pll_5f2a",
          comments=sw_comments, date="2021-02-01 09:00:00"),
    ]  # fmt: skip
    out = run(write(tmp_path, wxr(*posts, channel_extra=term)), indexes["sw"])
    assert "Translation groups (articles in more than one language): 1." in out
    assert_one_article_two_languages(indexes, "habari", "newyddion")


def test_polylang_groups_known_only_from_the_term_description(indexes, tmp_path):
    sw_comments, cy_comments = pair_comments(200, 300)
    term = """<wp:term><wp:term_id>7</wp:term_id>
      <wp:term_taxonomy>post_translations</wp:term_taxonomy><wp:term_slug>pll_9</wp:term_slug>
      <wp:term_description><![CDATA[a:2:{s:2:"sw";i:30;s:2:"cy";i:31;}]]></wp:term_description>
      </wp:term>"""
    posts = [
        P(30, "Habari", slug="habari", comments=sw_comments),
        P(31, "Newyddion", slug="newyddion", comments=cy_comments),
    ]
    run(write(tmp_path, wxr(*posts, channel_extra=term)), indexes["sw"])
    assert_one_article_two_languages(indexes, "habari", "newyddion")


def test_a_wpml_pair_is_one_article_in_two_languages_with_one_conversation(indexes, tmp_path):
    sw_comments, cy_comments = pair_comments(400, 500)
    posts = [
        P(41, "Newyddion WPML", slug="newyddion-wpml", comments=cy_comments,
          meta={"_wpml_import_translation_group": "77", "_wpml_import_language_code": "cy",
                "_wpml_import_source_language_code": "sw"}),
        P(40, "Habari WPML", slug="habari-wpml", comments=sw_comments,
          meta={"_wpml_import_translation_group": "77", "_wpml_import_language_code": "sw",
                "_wpml_import_source_language_code": ""}),
    ]  # fmt: skip
    out = run(write(tmp_path, wxr(*posts, version="1.1", language="en-US")), indexes["sw"])
    assert "Translation groups (articles in more than one language): 1." in out
    assert_one_article_two_languages(indexes, "habari-wpml", "newyddion-wpml")


def test_imported_comments_are_translated_and_send_no_mail(indexes, tmp_path, run_tasks):
    sw_comments, cy_comments = pair_comments(400, 500)
    posts = [
        P(40, "Habari WPML", slug="habari-wpml", comments=sw_comments,
          meta={"_wpml_trid": "77", "_wpml_language": "sw"}),
        P(41, "Newyddion WPML", slug="newyddion-wpml", comments=cy_comments,
          meta={"_wpml_trid": "77", "_wpml_language": "cy"}),
    ]  # fmt: skip
    mail.outbox.clear()
    run(write(tmp_path, wxr(*posts)), indexes["sw"])
    run_tasks()
    assert mail.outbox == []
    sw, _cy = assert_one_article_two_languages(indexes, "habari-wpml", "newyddion-wpml")
    first = by_number(Conversation.for_page(sw))[1]
    translation = CommentTranslation.objects.get(comment=first, language="cy")
    assert translation.is_machine and "Swali la kwanza" in translation.text


def test_each_comment_state_is_mapped_and_pings_are_skipped(indexes, tmp_path):
    comments = [
        C(601, "2020-02-01 10:00:00", "Approved", approved="1"),
        C(602, "2020-02-02 10:00:00", "Waiting", approved="0"),
        C(603, "2020-02-03 10:00:00", "Buy pills", approved="spam"),
        C(604, "2020-02-04 10:00:00", "Binned", approved="trash"),
        C(605, "2020-02-05 10:00:00", "Linked", type="pingback"),
        C(606, "2020-02-06 10:00:00", "Tracked", type="trackback"),
        C(607, "2020-02-07 10:00:00", "Legacy type", type=""),
    ]
    out = run(write(tmp_path, wxr(P(60, "Hali", slug="hali", comments=comments))), indexes["sw"])
    found = by_number(Conversation.for_page(ArticlePage.objects.get(slug="hali")))
    assert {c.comment: c.status for c in found.values()} == {
        "Approved": "published",
        "Waiting": "pending",
        "Buy pills": "spam",
        "Binned": "removed",
        "Legacy type": "published",
    }
    assert "Comments imported: 5 (2 published, 1 pending, 1 spam, 1 removed)" in out
    assert "1: pingbacks" in out and "1: trackbacks" in out
    approved = next(c for c in found.values() if c.comment == "Approved")
    assert (approved.user_name, approved.user_email) == ("Reader", "reader@example.org")
    assert approved.user_url == "https://reader.example.org/"
    assert approved.submit_date.isoformat() == "2020-02-01T10:00:00+00:00"


CAPTIONED = (
    '[caption id="attachment_9" align="aligncenter" width="300"]'
    '<a href="https://blog.example.org/wp-content/uploads/2020/05/picha.png">'
    '<img class="size-medium wp-image-9" '
    'src="https://blog.example.org/wp-content/uploads/2020/05/picha-300x200.png" '
    'alt="Watu sokoni" /></a> Soko la asubuhi[/caption]\n\nMaandishi.'
)
GUTENBERG = (
    "<!-- wp:paragraph -->\n<p>Utangulizi.</p>\n<!-- /wp:paragraph -->\n\n"
    '<!-- wp:image {"id":9,"sizeSlug":"large"} -->\n'
    '<figure class="wp-block-image size-large"><img '
    'src="https://blog.example.org/wp-content/uploads/2020/05/picha.png" alt="Watu" '
    'class="wp-image-9"/><figcaption>Soko la jioni</figcaption></figure>\n'
    "<!-- /wp:image -->\n\n"
    '<!-- wp:table -->\n<figure class="wp-block-table"><table><tbody><tr><td>A</td>'
    "<td>B</td></tr></tbody></table></figure>\n<!-- /wp:table -->"
)


def test_captions_and_image_blocks_become_image_blocks_from_the_uploads(indexes, tmp_path, client):
    picture = tmp_path / "uploads" / "2020" / "05" / "picha.png"
    picture.parent.mkdir(parents=True)
    PillowImage.new("RGB", (40, 30), (200, 100, 50)).save(picture)
    posts = [P(70, "Picha", slug="picha", content=CAPTIONED),
             P(71, "Vitalu", slug="vitalu", content=GUTENBERG)]  # fmt: skip
    out = run(write(tmp_path, wxr(*posts)), indexes["sw"], "--uploads", str(tmp_path / "uploads"))
    classic = ArticlePage.objects.get(slug="picha")
    image_block = classic.body[0]
    assert image_block.block_type == "image"
    assert image_block.value["caption"] == "Soko la asubuhi"
    assert image_block.value["image"].contextual_alt_text == "Watu sokoni"
    blocks = ArticlePage.objects.get(slug="vitalu").body
    assert [block.block_type for block in blocks] == ["paragraph", "image", "paragraph"]
    assert blocks[1].value["caption"] == "Soko la jioni"
    # One file, one Wagtail image, however many posts show it.
    assert get_image_model().objects.filter(title__in=["Watu sokoni", "Watu"]).count() == 1
    assert blocks[1].value["image"].pk == image_block.value["image"].pk
    # The table had no block of its own: kept as text, and the report says so.
    assert blocks[2].value.source == "<p>A · B</p>"
    assert "post 71 “Vitalu”: <table> was kept as rich text, a line per row" in out
    response = client.get(classic.url)
    assert "Soko la asubuhi" in response.text and "<img" in response.text


def test_without_uploads_images_keep_their_address_caption_and_credit(indexes, tmp_path, client):
    metadata = 'a:2:{s:5:"width";i:40;s:10:"image_meta";a:1:{s:6:"credit";s:11:"Picha: Asha";}}'
    attachment = f"""<item><title>picha</title><wp:post_id>9</wp:post_id>
      <wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
      <wp:attachment_url>https://blog.example.org/wp-content/uploads/2020/05/picha.png
      </wp:attachment_url>
      <wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key>
      <wp:meta_value><![CDATA[{metadata}]]></wp:meta_value></wp:postmeta>
      </item>"""
    out = run(
        write(tmp_path, wxr(P(70, "Picha", slug="picha", content=CAPTIONED),
                            channel_extra=attachment)),
        indexes["sw"],
    )  # fmt: skip
    block = ArticlePage.objects.get(slug="picha").body[0]
    assert block.block_type == "embed"
    assert block.value["url"].endswith("/2020/05/picha-300x200.png")
    assert block.value["fallback"].startswith("Soko la asubuhi — Picha: Asha")
    assert "kept as a link to its original address" in out
    assert "1: attachments" in out
    response = client.get(ArticlePage.objects.get(slug="picha").url)
    assert "Soko la asubuhi — Picha: Asha" in response.text


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "comments": ArticleComment.objects.count(),
        "revisions": Revision.objects.count(),
        "authors": Author.objects.count(),
        "images": get_image_model().objects.count(),
        "records": ImportedObject.objects.count(),
        "conversations": Conversation.objects.count(),
    }


def test_a_rerun_creates_nothing_new_and_updates_what_changed(indexes, tmp_path):
    sw_comments, cy_comments = pair_comments(200, 300)
    posts = [
        P(30, "Habari", slug="habari", language="sw", polylang_group="pll_1",
          comments=sw_comments),
        P(31, "Newyddion", slug="newyddion", language="cy", polylang_group="pll_1",
          comments=cy_comments),
    ]  # fmt: skip
    path = write(tmp_path, wxr(*posts))
    run(path, indexes["sw"])
    before = counts()
    out = run(path, indexes["sw"])
    assert counts() == before
    assert "Posts: 0 created, 0 updated, 2 unchanged" in out
    assert "Comments imported: 0" in out and "4 unchanged" in out

    posts[0].title = "Habari mpya"
    posts[0].comments[1].approved = "0"  # a moderator unpublished it meanwhile
    posts[0].comments.append(C(210, "2021-03-05 10:00:00", "Jipya", parent=200))
    out = run(write(tmp_path, wxr(*posts)), indexes["sw"])
    after = counts()
    assert after["pages"] == before["pages"] and after["comments"] == before["comments"] + 1
    assert "Posts: 0 created, 1 updated, 1 unchanged" in out
    sw = ArticlePage.objects.get(slug="habari")
    assert sw.title == "Habari mpya"
    comments = by_number(Conversation.for_page(sw))
    assert comments[3].status == "pending"
    assert comments[5].comment == "Jipya" and comments[5].parent_id == comments[1].pk


def test_a_dry_run_reports_and_writes_nothing(indexes, tmp_path):
    before = counts()
    out = run(
        write(tmp_path, wxr(P(80, "Jaribio", comments=[C(801, "2020-01-01 10:00:00")]))),
        indexes["sw"],
        "--dry-run",
    )
    assert counts() == before
    assert "Dry run: nothing was written." in out
    assert "Posts: 1 would be created" in out
    assert "Comments would be imported: 1 (1 published" in out


BAD_FILES = {
    "malformed": (
        wxr(P(90, "Sawa")).replace("</channel>", ""),
        "not well-formed XML",
    ),
    "external entity": (
        wxr(
            P(90, "Sawa &xxe;"),
            head='\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        ),
        "DTD",
    ),
    "entity bomb": (
        wxr(
            P(90, "&lol3;"),
            head='\n<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">'
            '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;">]>',
        ),
        "DTD",
    ),
    "not wordpress": (
        '<?xml version="1.0"?><rss><channel><item/></channel></rss>',
        "not a WordPress export",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_unsafe_or_broken_files_are_refused_with_nothing_imported(indexes, tmp_path, kind):
    text, message = BAD_FILES[kind]
    before = counts()
    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, text), indexes["sw"])
    assert message in str(refused.value)
    assert "Nothing was imported." in str(refused.value)
    assert counts() == before


def test_an_external_entity_without_a_dtd_is_not_resolved(indexes, tmp_path):
    # Undeclared entities are a well-formedness error: nothing is fetched or read.
    with pytest.raises(CommandError, match="not well-formed XML"):
        text = wxr(P(90, "Sawa"), channel_extra="<description>&xxe;</description>")
        run(write(tmp_path, text), indexes["sw"])


def test_a_post_whose_body_fails_conversion_is_named_and_left_out_whole(indexes, tmp_path):
    broken = P(
        92,
        "Imevunjika",
        slug="imevunjika",
        content='<!-- wp:image {"id":9,,} -->\n<figure></figure>\n<!-- /wp:image -->',
        comments=[C(921, "2020-01-01 10:00:00", "Lost?")],
    )
    good = P(93, "Nzima", slug="nzima", comments=[C(931, "2020-01-01 10:00:00")])
    out = run(write(tmp_path, wxr(broken, good)), indexes["sw"])
    assert "post 92 “Imevunjika”: the attributes of a wp:image block are not valid JSON" in out
    assert "Posts: 1 created, 0 updated, 0 unchanged, 1 failed" in out
    assert not ArticlePage.objects.filter(slug="imevunjika").exists()
    assert not ImportedObject.objects.filter(kind="post", source_id="92").exists()
    assert not ArticleComment.objects.filter(comment="Lost?").exists()
    assert ArticlePage.objects.filter(slug="nzima", live=True).exists()


def test_a_failure_while_writing_leaves_nothing_of_the_group(indexes, tmp_path, monkeypatch):
    from site_pages.importing import wordpress

    def failing_merge(conversation, incoming, *args):
        if any(comment.text == "Boom" for comment in incoming):
            raise RuntimeError("the database went away")
        return real_merge(conversation, incoming, *args)

    real_merge = wordpress.merge
    monkeypatch.setattr(wordpress, "merge", failing_merge)
    sw_comments, cy_comments = pair_comments(200, 300)
    cy_comments.append(C(399, "2021-03-09 10:00:00", "Boom"))
    posts = [
        P(30, "Habari", slug="habari", language="sw", polylang_group="pll_1",
          comments=sw_comments),
        P(31, "Newyddion", slug="newyddion", language="cy", polylang_group="pll_1",
          comments=cy_comments),
        P(32, "Nyingine", slug="nyingine"),
    ]  # fmt: skip
    before = counts()
    out = run(write(tmp_path, wxr(*posts)), indexes["sw"])
    assert "post 30 “Habari”, post 31 “Newyddion”: the database went away" in out
    after = counts()
    assert after["comments"] == before["comments"]
    assert after["pages"] == before["pages"] + 1  # only the lone post
    assert not ArticlePage.objects.filter(slug__in=["habari", "newyddion"]).exists()
    assert not Author.objects.filter(name="Amina Juma", locale__language_code="cy").exists()


def test_comments_on_items_not_imported_are_counted(indexes, tmp_path):
    page = P(95, "Kuhusu", post_type="page", comments=[C(951, "2020-01-01 10:00:00")])
    trashed = P(96, "Takataka", status="trash", comments=[C(961, "2020-01-01 10:00:00")])
    french = P(97, "Nouvelles", language="fr", comments=[C(971, "2020-01-01 10:00:00")])
    out = run(write(tmp_path, wxr(page, trashed, french)), indexes["sw"])
    assert "3: comments on posts not imported" in out
    assert "1: items of type “page” (only posts are imported)" in out
    assert "1: posts with status “trash”" in out
    assert "1: posts in a language this site does not have (fr)" in out
    assert not imported().exists()


def test_a_parent_given_by_path(indexes, tmp_path):
    out = StringIO()
    path = write(tmp_path, wxr(P(98, "Njia", slug="njia")))
    call_command("import_wordpress", str(path), "--parent", "/sw/makala/", stdout=out)
    assert ArticlePage.objects.get(slug="njia").get_parent().pk == indexes["sw"].pk


def test_editors_import_from_the_admin_with_progress_and_a_report(
    indexes, tmp_path, settings, client, admin, run_tasks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from site_pages.importing.models import ImportRun

    settings.MAZUNGUMZO_IMPORT_DIR = str(tmp_path / "waiting")
    client.force_login(admin)
    form = client.get("/admin/import/wordpress/")
    assert form.status_code == 200 and "Makala" in form.text
    text = wxr(
        P(110, "Kutoka kwa admin", slug="kutoka-admin", comments=[C(1101, "2020-01-01 10:00:00")])
    )
    mail.outbox.clear()
    response = client.post(
        "/admin/import/wordpress/",
        {
            "export_file": SimpleUploadedFile("blog.xml", text.encode(), "text/xml"),
            "parent": indexes["sw"].pk,
        },
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/{run.pk}/")
    waiting = client.get(response.url)
    assert "Waiting to start" in waiting.text and 'http-equiv="refresh"' in waiting.text
    assert not ArticlePage.objects.filter(slug="kutoka-admin").exists()
    run_tasks()
    finished = client.get(response.url)
    assert "Finished" in finished.text and 'http-equiv="refresh"' not in finished.text
    assert "Posts: 1 created" in finished.text
    assert ArticlePage.objects.filter(slug="kutoka-admin", live=True).exists()
    assert list((tmp_path / "waiting").iterdir()) == []  # no copy of the export kept
    assert mail.outbox == []


def test_the_import_screen_is_only_for_editors_who_may_add_articles(
    indexes, client, django_user_model
):
    from django.contrib.auth.models import Group, Permission

    assert client.get("/admin/import/wordpress/").status_code == 302  # to the sign-in
    user = django_user_model.objects.create_user("reader", "r@example.org", "x")
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    assert client.get("/admin/import/wordpress/").status_code == 403
    assert client.post("/admin/import/wordpress/", {}).status_code == 403


def test_php_serialized_groups_are_read_by_hand_and_objects_refused():
    from site_pages.importing import php_serialize

    assert php_serialize.loads('a:2:{s:2:"sw";i:12;s:2:"cy";i:14;}') == {"sw": 12, "cy": 14}
    # String lengths count bytes, as PHP does.
    assert php_serialize.loads('a:1:{s:4:"name";s:6:"Gŵyl!";}') == {"name": "Gŵyl!"}
    written = php_serialize.dumps_language_map({"sw": 3, "cy": 4})
    assert php_serialize.loads(written) == {"sw": 3, "cy": 4}
    for unsafe in ('O:8:"stdClass":0:{}', 'a:1:{i:0;O:1:"X":0:{}}', "a:9:{", "r:1;"):
        with pytest.raises(ValueError):
            php_serialize.loads(unsafe)


def test_progress_is_shown_on_request(indexes, tmp_path, capsys):
    run(write(tmp_path, wxr(P(120, "Moja"), P(121, "Mbili"))), indexes["sw"], "--progress")
    assert "Importing: 2/2 items (100%)" in capsys.readouterr().err
