"""Every body block renders as a reader should see it."""

import json

import pytest
from bs4 import BeautifulSoup
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model

from home.demo.loader import placeholder_image
from site_pages.models import ArticleIndexPage, ArticlePage, Sponsor


@pytest.fixture
def image(db):
    image = get_image_model()(title="Mtu analia", file=placeholder_image("test", "Mtu analia"))
    image.save()
    return image


def make_article(demo, blocks, slug="blocks"):
    index = ArticleIndexPage.objects.get(locale__language_code="sw")
    article = ArticlePage(
        title="Block test", slug=slug, locale=index.locale, body=json.dumps(blocks)
    )
    index.add_child(instance=article)
    article.save_revision().publish()
    return article


def render(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one(".article__body")


def test_paragraph_renders_its_rich_text(demo, client):
    article = make_article(
        demo,
        [
            {
                "type": "paragraph",
                "value": '<p>Habari <b>rafiki</b> <a href="https://example.org/">kiungo</a></p>',
            }
        ],
    )
    body = render(client, article)
    assert body.select_one(".block-paragraph b").text == "rafiki"
    assert body.select_one(".block-paragraph a")["href"] == "https://example.org/"


def test_heading_renders_at_the_chosen_level(demo, client):
    article = make_article(
        demo,
        [
            {"type": "heading", "value": {"text": "Sehemu", "level": "h2"}},
            {"type": "heading", "value": {"text": "Kifungu", "level": "h3"}},
        ],
    )
    body = render(client, article)
    assert body.select_one("h2.block-heading").text == "Sehemu"
    assert body.select_one("h3.block-heading").text == "Kifungu"


def test_quote_shows_text_and_attribution_escaped(demo, client):
    article = make_article(
        demo,
        [
            {
                "type": "quote",
                "value": {
                    "text": "Uuzaji ni mazungumzo.\n\n<i>Si</i> tangazo.",
                    "attribution": "Wikipedia",
                    "source": "https://sw.wikipedia.org/",
                },
            }
        ],
    )
    body = render(client, article)
    quote = body.select_one(".block-quote")
    assert [p.text for p in quote.select("blockquote p")] == [
        "Uuzaji ni mazungumzo.",
        "<i>Si</i> tangazo.",
    ]
    assert quote.select_one("blockquote")["cite"] == "https://sw.wikipedia.org/"
    assert quote.select_one("figcaption a").text == "Wikipedia"


def test_image_has_alt_text_caption_and_credit(demo, client, image):
    article = make_article(
        demo,
        [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "decorative": False, "alt_text": "Mtu analia"},
                    "caption": "Mtu analia",
                    "credit": "© Mtumiaji wa Flickr Craig Sunter",
                },
            }
        ],
    )
    figure = render(client, article).select_one("figure.block-image")
    img = figure.find("img")
    assert img["alt"] == "Mtu analia"
    assert img["src"].endswith(".png")
    assert figure.select_one(".caption").text == "Mtu analia"
    assert figure.select_one(".credit").text == "© Mtumiaji wa Flickr Craig Sunter"


def test_embed_falls_back_to_text_when_the_provider_is_unknown(demo, client):
    article = make_article(
        demo,
        [
            {
                "type": "embed",
                "value": {
                    "url": "https://social.example/post/1",
                    "fallback": "Chapisho limepotea.",
                },
            }
        ],
    )
    figure = render(client, article).select_one("figure.block-embed")
    assert "block-embed--fallback" in figure["class"]
    assert figure.select_one(".block-embed__fallback p").text == "Chapisho limepotea."
    assert figure.select_one(".block-embed__fallback a")["href"] == "https://social.example/post/1"


def test_embed_shows_the_provider_html_when_it_is_known(demo, client):
    url = "https://www.youtube.com/watch?v=mazungumzo"
    Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        html='<iframe title="video" src="https://www.youtube.com/embed/mazungumzo"></iframe>',
        type="video",
    )
    article = make_article(
        demo, [{"type": "embed", "value": {"url": url, "fallback": "Video haipatikani."}}]
    )
    figure = render(client, article).select_one("figure.block-embed")
    assert figure.find("iframe")["src"] == "https://www.youtube.com/embed/mazungumzo"
    assert figure.select_one(".block-embed__fallback") is None


def test_sponsor_call_out_renders_in_the_page_language(demo, client):
    sponsor = Sponsor.objects.get(locale__language_code="sw")
    article = make_article(demo, [{"type": "sponsor", "value": sponsor.pk}])
    aside = render(client, article).select_one("aside.block-sponsor")
    assert aside.find("strong").text == "Mdhamini:"
    assert aside.find("a").text == "Bonyeza hapa!"
    assert aside.find("a")["rel"] == ["sponsored", "noopener"]


def test_demo_article_001_shows_the_welsh_sponsor(demo, client):
    response = client.get(demo["cy_001"].url)
    aside = BeautifulSoup(response.content, "html.parser").select_one("aside.block-sponsor")
    assert aside.find("strong").text == "Noddwr:"
    assert aside.find("a").text == "Cliciwch Yma!"
