from xml.etree import ElementTree

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "atom": "http://www.w3.org/2005/Atom",
}


def test_rss_feed_lists_the_locales_articles_newest_first(demo, client):
    response = client.get("/sw/feeds/articles.rss")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("language") == "sw"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [demo["sw_002"].title, demo["sw_000"].title]
    first_link = channel.find("item").findtext("link")
    assert first_link == "http://testserver" + demo["sw_002"].url


def test_atom_feed_in_welsh_lists_only_welsh_articles(demo, client):
    response = client.get("/cy/feeds/articles.atom")
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    entries = feed.findall("atom:entry", NS)
    assert [e.findtext("atom:title", namespaces=NS) for e in entries] == [demo["cy_001"].title]
    assert entries[0].find("atom:author/atom:name", NS).text == "Doug"


def test_every_page_links_its_feeds(demo, client):
    html = client.get(demo["cy_001"].url).content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/cy/feeds/articles.rss"' in html


def test_sitemap_lists_every_locale_with_alternates(demo, client, site_url):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urlset = ElementTree.fromstring(response.content)
    entries = {}
    for url in urlset.findall("sm:url", NS):
        alternates = {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
        entries[url.findtext("sm:loc", namespaces=NS)] = alternates
    base = site_url
    sw_000, cy_001, sw_002 = (base + demo[k].url for k in ("sw_000", "cy_001", "sw_002"))
    assert {base + "/sw/", base + "/cy/", base + "/en/"} <= set(entries)
    assert entries[sw_000] == {"sw": sw_000, "cy": cy_001, "x-default": sw_000}
    assert entries[cy_001] == {"sw": sw_000, "cy": cy_001, "x-default": sw_000}
    assert entries[sw_002] == {}


def test_sitemap_leaves_out_unpublished_pages(demo, client):
    demo["cy_001"].unpublish()
    body = client.get("/sitemap.xml").content.decode()
    assert demo["cy_001"].url not in body
    assert demo["sw_000"].url in body


def test_article_comment_feed_lists_visible_comments_with_permalinks(demo, client):
    from site_pages.conversation.models import Conversation

    conversation = Conversation.for_page(demo["sw_002"])
    response = client.get(f"/sw/comments/{conversation.pk}/feed.rss")
    assert response.status_code == 200
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == f"Maoni kuhusu “{demo['sw_002'].title}”"
    items = channel.findall("item")
    links = [item.findtext("link") for item in items]
    assert len(items) == 9  # comment 5 is held back
    assert f"http://testserver/sw/comments/{conversation.pk}/10/" in links
    assert f"http://testserver/sw/comments/{conversation.pk}/5/" not in links
    first = next(i for i in items if i.findtext("link").endswith("/1/"))
    assert first.findtext("title") == "Maoni 1 ya Pauline"


def test_latest_comments_feed_is_per_language(demo, client):
    welsh = ElementTree.fromstring(client.get("/cy/comments/feed.atom").content)
    titles = [e.findtext("atom:title", namespaces=NS) for e in welsh.findall("atom:entry", NS)]
    assert sorted(titles) == ["Sylw 1 gan Doug", "Sylw 2 gan Msomaji", "Sylw 3 gan Msomaji"]
    swahili = ElementTree.fromstring(client.get("/sw/comments/feed.rss").content)
    assert len(swahili.find("channel").findall("item")) == 3 + 9
