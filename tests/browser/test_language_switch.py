"""A reader on a phone reads the Kiswahili article and switches to the Welsh one."""


def test_reader_switches_from_kiswahili_to_welsh(live_demo, page, screenshot):
    page.goto(live_demo["sw_000"])
    assert page.locator("html").get_attribute("lang") == "sw"
    assert page.locator("h1").inner_text() == "Je! Uuzaji wa maingiliano ni nini?"
    assert page.locator(".block-sponsor a").inner_text() == "Bonyeza hapa!"
    screenshot(page, "article-sw")

    page.get_by_role("link", name="Cymraeg").click()
    page.wait_for_load_state()

    assert page.url == live_demo["cy_001"]
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("h1").inner_text() == "Beth yw marchnata rhyngweithiol?"
    assert page.locator(".block-sponsor a").inner_text() == "Cliciwch Yma!"
    assert page.locator(".language-switcher [aria-current]").inner_text() == "Cymraeg"
    screenshot(page, "article-cy")


def test_reader_asking_for_welsh_002_is_told_there_is_none(live_demo, page, screenshot):
    page.goto(live_demo["sw_002"])
    page.get_by_role("link", name="Cymraeg (haijatafsiriwa bado)").click()
    page.wait_for_load_state()

    assert page.locator("html").get_attribute("lang") == "cy"
    assert "Heb ei chyfieithu eto" in page.locator("h1").inner_text()
    screenshot(page, "not-translated-cy")
    page.locator(".not-translated").get_by_role("link", name="Kiswahili").click()
    page.wait_for_load_state()
    assert page.url == live_demo["sw_002"]
    screenshot(page, "article-002-sw")
