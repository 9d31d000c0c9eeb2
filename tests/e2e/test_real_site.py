"""The real content, built with its search index, in Chromium: a visitor finds their region from their town.

The site's base URL has the sub-path /overzicht/, so it is served there."""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer

import pytest
from conftest import _QuietHandler
from playwright.sync_api import expect
from support import ROOT, axe_violations

from sitegen.pipeline.build import load


@pytest.fixture(scope="module")
def real_server(real_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    (root / "overzicht").symlink_to(real_site, target_is_directory=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/overzicht"
    httpd.shutdown()
    httpd.server_close()


def region_titles(region: str) -> list[str]:
    site = load(ROOT / "content")
    return sorted((i.title for i in site.initiatives_by_term[("regions", region)]), key=str.casefold)


@pytest.mark.parametrize("town, region, key", [("Emmen", "Drenthe", "drenthe"), ("Assen", "Groningen", "groningen")])
def test_typing_a_town_in_the_header_shows_its_regions_initiatives(page, real_server, town, region, key):
    page.goto(real_server + "/")
    page.fill("#zoekterm-kop", town)
    page.keyboard.press("Enter")
    box = page.locator("[data-place]")
    expect(box.locator("h2")).to_have_text(f"{town}: arbeidsmarktregio {region}")
    expected = region_titles(key)
    assert len(expected) >= 2
    shown = box.locator("li a").all_inner_texts()
    assert shown == expected[:len(shown)] and len(shown) == min(len(expected), 8)
    box.get_by_role("link", name=region, exact=True).click()
    page.wait_for_url(f"**/overzicht/regio/{key}/")
    assert page.locator(f"#gemeente-{town.lower()}").is_visible()


@pytest.mark.parametrize("path", ["/", "/gemeenten/", "/regio/groningen/", "/provincie/drenthe/",
                                  "/initiatieven/sto-emmen-ter-apel/", "/zoeken/?q=Den%20Haag",
                                  "/initiatieven/pagina/2/"])
def test_no_axe_violations_on_the_real_pages(axe_page, real_server, path):
    axe_page.goto(real_server + path)
    axe_page.wait_for_load_state("networkidle")
    if "?" in path:
        axe_page.wait_for_function("document.querySelector('[data-status]').textContent.includes('.')")
    assert axe_violations(axe_page) == []


def test_den_haag_typed_in_lower_case_is_answered_as_written(page, real_server):
    page.goto(real_server + "/zoeken/?q=den%20haag")
    box = page.locator("[data-place]")
    expect(box.locator("h2")).to_have_text("Den Haag: arbeidsmarktregio Haaglanden")
    expect(box).to_contain_text("Den Haag (gemeente 's-Gravenhage) ligt in arbeidsmarktregio Haaglanden")


def test_the_twelve_provinces_show_six_and_a_button_for_all(page, real_server):
    page.goto(real_server + "/initiatieven/")
    provinces = page.locator("[data-filters] fieldset", has=page.locator("legend", has_text="Provincie"))
    items = provinces.locator("li")
    expect(items).to_have_count(12)
    expect(items.nth(5)).to_be_visible()
    expect(items.nth(6)).to_be_hidden()
    button = provinces.locator(".show-all")
    expect(button).to_have_text("Toon alle 12")
    button.click()
    expect(items.nth(11)).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(button).to_have_text("Toon minder")
