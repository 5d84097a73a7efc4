"""What keyboard and screen-reader users meet on the public pages (issue 13's first items)."""

import itertools

from bs4 import BeautifulSoup

from tests.test_conversation import thread


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_honeypot_is_out_of_the_tab_order(demo, client):
    """aria-hidden content must not take keyboard focus (axe: aria-hidden-focus)."""
    page = soup(client.get(demo["sw_000"].url))
    honeypot = page.select_one(".comment-form__honeypot")
    assert honeypot["aria-hidden"] == "true"
    for field in honeypot.select("input, textarea, select, button, a[href]"):
        assert field.get("tabindex") == "-1", field


def test_listings_go_from_h1_to_h2(demo, client):
    index = demo["sw_000"].get_parent()
    for response in (client.get(index.url), client.get("/sw/search/?q=uuzaji")):
        page = soup(response)
        headings = [h.name for h in page.select("main h1, main h2, main h3, main h4")]
        assert headings[0] == "h1" and "h2" in headings, headings
        # No level is skipped on the way down.
        levels = [int(name[1]) for name in headings]
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), headings


def test_reader_text_keeps_its_own_direction_and_the_note_the_readers_language(demo, client):
    page = thread(client, demo["cy_001"])
    texts = page.select(".comment__text")
    assert texts and all(text.get("dir") == "auto" for text in texts)
    original = page.select_one("#c1 details.comment__original")
    # The "Machine-translated from …" note is Welsh, read in the page's Welsh voice; only
    # the Kiswahili original inside is marked as Kiswahili.
    assert original.find_parent("li")["lang"] == "cy"
    assert [tag.get("lang") for tag in (original, original.summary)] == [None, None]
    assert original.select_one(".comment__text")["lang"] == "sw"


def test_top_level_comments_stay_a_list(demo, client):
    page = thread(client, demo["sw_002"])
    top = page.select_one("ol.comment-list")
    assert top["role"] == "list"  # list-style: none must not take the semantics away
    assert top.find("li", recursive=False)["id"] == "c1"
