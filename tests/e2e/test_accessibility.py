"""axe-core in headless Chromium: zero violations on one page of every template; usable at 320 px."""

from __future__ import annotations

import pytest
from support import axe_violations

ONE_PAGE_PER_TEMPLATE = [
    "/", "/initiatieven/", "/initiatieven/techniek-drenthe/", "/organisaties/", "/organisaties/rsg-noord/",
    "/regio/drenthe/", "/sector/techniek/", "/nieuws/", "/nieuws/eerste-bericht/", "/over/", "/zoeken/?q=techniek",
    "/initiatieven/?regio=Drenthe&sector=Techniek", "/zoeken/?q=xylofoonbouw", "/kaart/", "/cijfers/", "/data/",
    "/404.html", "/gemeenten/", "/provincie/drenthe/", "/zoeken/?q=Emmen", "/aanmelden/",
    "/colofon/", "/contact/", "/privacy/", "/toegankelijkheid/",
]


@pytest.mark.parametrize("path", ONE_PAGE_PER_TEMPLATE)
def test_no_axe_violations(axe_page, server, path):
    page = axe_page
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    if "?" in path:  # wait for the search component to show its results
        page.wait_for_function("document.querySelector('[data-status]').textContent.includes('.')")
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ONE_PAGE_PER_TEMPLATE)
def test_nothing_scrolls_sideways_at_320_pixels(page, server, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(server + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, server):
    page.goto(server + "/initiatieven/techniek-drenthe/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    assert page.locator("a.skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
