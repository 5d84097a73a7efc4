"""Locale-prefixed routing, the language switcher, hreflang alternates and <html lang dir>."""

from bs4 import BeautifulSoup


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_root_redirects_to_the_default_language(demo, client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/sw/"


def test_root_follows_the_browsers_preferred_language(demo, client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="cy,en;q=0.5")
    assert response["Location"] == "/cy/"


def test_each_locale_has_its_home_page_listing_its_articles(demo, client):
    sw = soup(client.get("/sw/"))
    cy = soup(client.get("/cy/"))
    en = soup(client.get("/en/"))
    assert sw.html["lang"] == "sw" and sw.html["dir"] == "ltr"
    assert cy.html["lang"] == "cy"
    sw_titles = [a.text for a in sw.select(".article-card__title a")]
    assert sw_titles == [demo["sw_002"].title, demo["sw_000"].title]  # newest first
    assert [a.text for a in cy.select(".article-card__title a")] == [demo["cy_001"].title]
    assert en.select(".article-card") == []
    assert en.select_one(".empty").text == "There are no articles in this language yet."


def test_article_urls_carry_the_language_prefix(demo):
    assert demo["sw_000"].url == "/sw/makala/je-uuzaji-wa-maingiliano-ni-nini/"
    assert demo["cy_001"].url == "/cy/erthyglau/beth-yw-marchnata-rhyngweithiol/"


def test_article_page_shows_title_topic_byline(demo, client):
    page = soup(client.get(demo["cy_001"].url))
    assert page.h1.text == "Beth yw marchnata rhyngweithiol?"
    assert page.select_one(".article__header .topic").text == "marchnata rhyngweithiol"
    byline = page.select_one(".article__header .byline")
    assert "Doug" in byline.text
    assert byline.time["datetime"] == "2008-03-10"


def test_switcher_links_000_to_001_and_back(demo, client):
    sw = soup(client.get(demo["sw_000"].url))
    link = sw.select_one('.language-switcher a[hreflang="cy"]')
    assert link["href"] == demo["cy_001"].url
    assert sw.select_one(".language-switcher__current").text == "Kiswahili"

    cy = soup(client.get(demo["cy_001"].url))
    assert cy.select_one('.language-switcher a[hreflang="sw"]')["href"] == demo["sw_000"].url
    assert cy.select_one(".language-switcher__current").text == "Cymraeg"


def test_hreflang_alternates_name_both_versions_and_a_default(demo, client, site_url):
    page = soup(client.get(demo["sw_000"].url))
    alternates = {
        link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')
    }
    assert alternates == {
        "sw": site_url + demo["sw_000"].url,
        "cy": site_url + demo["cy_001"].url,
        "x-default": site_url + demo["sw_000"].url,
    }


def test_002_says_it_has_no_welsh_version(demo, client):
    page = soup(client.get(demo["sw_002"].url))
    missing = page.select_one(".language-switcher__missing")
    assert "Cymraeg" in missing.text
    assert "haijatafsiriwa bado" in missing.text  # "not translated yet", in the page's language
    assert page.select('link[rel="alternate"][hreflang]') == []

    response = client.get(missing["href"])
    assert response.status_code == 404
    notice = soup(response)
    assert notice.html["lang"] == "cy"
    assert "ar gael yn yr iaith hon (Cymraeg)" in notice.select_one(".not-translated").text
    read_it = notice.select_one('.not-translated a[hreflang="sw"]')
    assert read_it["href"] == demo["sw_002"].url


def test_not_translated_notice_redirects_once_a_translation_exists(demo, client):
    url = f"/cy/not-translated/{demo['sw_000'].pk}/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == demo["cy_001"].url


def test_ui_strings_follow_the_page_language(demo, client):
    sw = soup(client.get("/sw/"))
    cy = soup(client.get("/cy/"))
    assert sw.select_one(".site-search button").text == "Tafuta"
    assert cy.select_one(".site-search button").text == "Chwilio"


def test_unknown_paths_are_404_in_any_language(demo, client):
    assert client.get("/sw/hakuna-ukurasa/").status_code == 404
    response = client.get("/cy/dim-tudalen/")
    assert response.status_code == 404
    assert soup(response).h1.text == "Heb ddod o hyd i'r dudalen"


def test_search_finds_articles_in_the_readers_language_only(demo, client):
    def titles(language, query):
        page = soup(client.get(f"/{language}/search/", {"q": query}))
        return [a.text for a in page.select(".article-card__title a")]

    assert titles("sw", "Deighton") == [demo["sw_000"].title]
    assert titles("cy", "Deighton") == [demo["cy_001"].title]
    assert titles("sw", "Boston") == [demo["sw_002"].title]
    assert titles("cy", "Boston") == []


def test_article_index_filters_by_tag(demo, client):
    article = demo["sw_002"]
    article.tags.add("mgogoro")
    article.save_revision().publish()
    index_url = article.get_parent().url
    page = soup(client.get(index_url, {"tag": "mgogoro"}))
    assert [a.text for a in page.select(".article-card__title a")] == [article.title]
    article_page = soup(client.get(article.url))
    assert article_page.select_one(".article__tags a")["href"] == f"{index_url}?tag=mgogoro"
