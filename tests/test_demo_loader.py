from django.core.management import call_command
from wagtail.models import Page, Site

from home.demo.loader import load_demo
from home.models import HomePage
from site_pages.models import ArticleIndexPage, ArticlePage, Author, Sponsor


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, HomePage, ArticleIndexPage, ArticlePage, Author, Sponsor)
    }


def test_loading_twice_creates_nothing_the_second_time(db):
    first = load_demo()
    after_first = counts()
    second = load_demo()

    assert first.created
    assert second.created == []
    assert counts() == after_first
    assert after_first["HomePage"] == 3  # sw, cy, en
    assert after_first["ArticlePage"] == 3  # 000 (sw), 001 (cy), 002 (sw)


def test_000_and_001_are_one_article_in_two_languages(demo):
    sw, cy = demo["sw_000"], demo["cy_001"]
    assert sw.translation_key == cy.translation_key
    assert (sw.locale.language_code, cy.locale.language_code) == ("sw", "cy")
    assert sw.title == "Je! Uuzaji wa maingiliano ni nini?"
    assert cy.title == "Beth yw marchnata rhyngweithiol?"
    assert cy.topic == "marchnata rhyngweithiol"


def test_002_exists_only_in_kiswahili(demo):
    article = demo["sw_002"]
    assert [p.locale.language_code for p in article.get_translations(inclusive=True)] == ["sw"]
    assert article.hero_caption == "Mtu analia"


def test_the_site_root_is_the_demo_home_and_the_welcome_page_is_gone(demo):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_command_prints_the_admin_credentials(db, capsys, settings):
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "user 'admin'" in out and "password 'mazungumzo-demo'" in out


def test_command_refuses_a_known_password_admin_without_debug(db, settings):
    import pytest
    from django.core.management import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing to create the demo admin"):
        call_command("load_demo")


def test_the_demo_admin_can_switch_the_admin_to_kiswahili(db, settings, client):
    """Wagtail's account form requires a name: the demo admin must have one to save it."""
    from bs4 import BeautifulSoup

    settings.DEBUG = True
    call_command("load_demo")
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    page = BeautifulSoup(client.get("/admin/account/").content, "html.parser")
    form = page.find("input", {"name": "locale-preferred_language"}) or page.find(
        "select", {"name": "locale-preferred_language"}
    )
    data = {}
    for field in form.find_parent("form").find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "file"}:
            continue
        if field.get("type") in {"checkbox", "radio"} and not field.has_attr("checked"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True) or field.find("option")
            data[name] = chosen.get("value", "") if chosen else ""
        else:
            data[name] = field.get("value", field.text)
    data["locale-preferred_language"] = "sw"

    before = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert before.html["lang"] == "en"

    response = client.post("/admin/account/", data, follow=True)

    assert response.status_code == 200
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert dashboard.html["lang"] == "sw"
