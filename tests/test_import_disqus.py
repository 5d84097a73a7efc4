"""manage.py import_disqus: a Disqus export's threads joined to the right conversations."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from site_pages.conversation.models import ArticleComment, Conversation
from site_pages.models import ArticleIndexPage, ArticlePage
from tests.importing_helpers import C, P, write, wxr

pytestmark = pytest.mark.django_db


def thread(dsq_id: int, identifier: str, link: str, title: str = "Thread") -> str:
    return f"""<thread dsq:id="{dsq_id}"><id>{identifier}</id><forum>blogu</forum>
      <category dsq:id="1"/><link>{link}</link><title>{title}</title>
      <createdAt>2021-02-01T09:00:00Z</createdAt><isClosed>false</isClosed>
      <isDeleted>false</isDeleted></thread>"""


def post(dsq_id, thread_id, date, text, parent=None, spam=False, deleted=False, name="Dee"):
    parent_xml = f'<parent dsq:id="{parent}"/>' if parent else ""
    return f"""<post dsq:id="{dsq_id}"><id/><message><![CDATA[<p>{text}</p>]]></message>
      <createdAt>{date}</createdAt><isDeleted>{str(deleted).lower()}</isDeleted>
      <isSpam>{str(spam).lower()}</isSpam>
      <author><email>{name.lower()}@example.org</email><name>{name}</name>
      <isAnonymous>true</isAnonymous></author><ipAddress>192.0.2.9</ipAddress>
      <thread dsq:id="{thread_id}"/>{parent_xml}</post>"""


def disqus(*parts: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <category dsq:id="1"><forum>blogu</forum><title>General</title>
  <isDefault>true</isDefault></category>
  {"".join(parts)}
</disqus>"""


@pytest.fixture
def site(demo, tmp_path):
    """The demo, plus a Polylang pair imported from WordPress (posts 30 and 31)."""
    indexes = {page.locale.language_code: page for page in ArticleIndexPage.objects.all()}
    posts = [
        P(30, "Habari", slug="habari", language="sw", polylang_group="pll_1",
          comments=[C(200, "2021-03-01 10:00:00", "Swali")]),
        P(31, "Newyddion", slug="newyddion", language="cy", polylang_group="pll_1",
          comments=[C(300, "2021-03-02 10:00:00", "Cwestiwn")]),
    ]  # fmt: skip
    path = write(tmp_path, wxr(*posts), "wordpress.xml")
    call_command(
        "import_wordpress", str(path), "--parent", str(indexes["sw"].pk), stdout=StringIO()
    )
    return demo


def run(path) -> str:
    out = StringIO()
    call_command("import_disqus", str(path), stdout=out)
    return out.getvalue()


def numbered(page):
    comments = ArticleComment.objects.filter(conversation=Conversation.for_page(page))
    return {c.number: c for c in comments}


def export(site) -> str:
    return disqus(
        thread(
            11, "30 https://blog.example.org/?p=30", "https://blog.example.org/2021/02/habari/"
        ),
        thread(12, "", site["cy_001"].full_url, "Beth yw marchnata"),
        thread(13, "", "https://blog.example.org/2019/01/gone/", "Gone"),
        post(501, 11, "2021-03-10T10:00:00Z", "Disqus hello"),
        post(502, 11, "2021-03-11T10:00:00Z", "A reply", parent=501, name="Eve"),
        post(503, 11, "2021-03-12T10:00:00Z", "Cheap pills", spam=True),
        post(504, 11, "2021-03-13T10:00:00Z", "Deleted one", deleted=True),
        post(505, 12, "2021-03-14T10:00:00Z", "Sylw Cymraeg"),
        post(506, 13, "2021-03-15T10:00:00Z", "Nowhere to go"),
    )


def test_threads_join_the_conversations_of_the_right_articles(site, tmp_path, run_tasks):
    mail.outbox.clear()
    out = run(write(tmp_path, export(site), "disqus.xml"))
    run_tasks()
    assert mail.outbox == []
    # Matched by the WordPress post id in the identifier: after the two imported comments.
    habari = numbered(ArticlePage.objects.get(slug="habari"))
    assert [(n, habari[n].comment, habari[n].status) for n in sorted(habari)] == [
        (1, "Swali", "published"),
        (2, "Cwestiwn", "published"),
        (3, "Disqus hello", "published"),
        (4, "A reply", "published"),
        (5, "Cheap pills", "spam"),
        (6, "Deleted one", "removed"),
    ]
    assert habari[4].parent_id == habari[3].pk
    assert habari[3].language == "sw" and habari[3].user_name == "Dee"
    # Matched by the Welsh version's full URL: the shared conversation, in Welsh.
    cy = [c for c in numbered(site["cy_001"]).values() if c.comment == "Sylw Cymraeg"]
    assert len(cy) == 1 and cy[0].language == "cy"
    assert cy[0].conversation.translation_key == site["sw_000"].translation_key
    assert not ArticleComment.objects.filter(comment="Nowhere to go").exists()
    assert "1: comments on threads that match no article" in out
    assert "Gone (https://blog.example.org/2019/01/gone/)" in out


def test_a_rerun_adds_nothing(site, tmp_path):
    path = write(tmp_path, export(site), "disqus.xml")
    run(path)
    before = ArticleComment.objects.count()
    out = run(path)
    assert ArticleComment.objects.count() == before
    assert "Comments imported: 0" in out and "5 unchanged" in out


def test_a_thread_found_by_path_alone(site, tmp_path):
    path_only = "/cy" + site["cy_001"].url.removeprefix("/cy")
    text = disqus(thread(21, "x", path_only), post(601, 21, "2021-04-01T10:00:00Z", "Path"))
    run(write(tmp_path, text, "disqus.xml"))
    assert ArticleComment.objects.get(comment="Path").language == "cy"


def test_an_unsafe_disqus_file_is_refused(site, tmp_path):
    text = disqus(thread(21, "x", "https://x.example/")).replace(
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0"?><!DOCTYPE disqus [<!ENTITY a "aaaa">]>',
    )
    with pytest.raises(CommandError, match="DTD"):
        run(write(tmp_path, text, "disqus.xml"))
