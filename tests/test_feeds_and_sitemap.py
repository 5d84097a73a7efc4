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
