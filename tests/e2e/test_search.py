"""Search and faceted browsing in headless Chromium, on the full fixture site with its Pagefind index.

Fixture facts: Techniekpact Drenthe (Emmen and Ter Apel, so regions Groningen and Drenthe; Techniek;
2018), Zorgroute Twente (Twente; Zorg en welzijn; 2021), Leerlijn Groningen (Groningen and Assen, so
region Groningen, provinces Groningen and Drenthe; Techniek and Zorg en welzijn; no start year).
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

RESULTS = "[data-results] .card-title"


def titles(page) -> list[str]:
    return page.locator(RESULTS).all_inner_texts()


def count_of(page, facet: str, value: str) -> str:
    return page.locator(f"input[name='{facet}'][value='{value}'] + label .count").inner_text()


def open_overview(page, server, query: str = ""):
    page.goto(f"{server}/initiatieven/{query}")
    expect(page.locator("[data-status]")).to_contain_text("initiatie")


def test_a_word_finds_its_record(page, server):
    page.goto(server + "/zoeken/?q=Techniekpact")
    expect(page.locator("[data-status]")).to_have_text("1 resultaat voor 'Techniekpact'.")
    assert titles(page) == ["Techniekpact Drenthe"]
    assert page.locator("[data-results] .card-meta").first.inner_text() == "Initiatief · Groningen · Drenthe · Techniek"


def test_dutch_stemming_finds_another_word_form(page, server):
    # The record says 'robot'; 'robots' is no prefix of it, so only the Dutch stemmer can match.
    page.goto(server + "/zoeken/?q=robots")
    expect(page.locator("[data-status]")).to_contain_text("voor 'robots'")
    assert titles(page) == ["Techniekpact Drenthe"]


def test_overview_without_filters_lists_every_initiative_with_counts(page, server):
    open_overview(page, server)
    expect(page.locator("[data-status]")).to_have_text("3 initiatieven.")
    assert titles(page) == ["Leerlijn Groningen", "Techniekpact Drenthe", "Zorgroute Twente"]
    assert [count_of(page, "regio", r) for r in ("Drenthe", "Groningen", "Twente")] == ["(1)", "(2)", "(1)"]
    assert [count_of(page, "provincie", p) for p in ("Drenthe", "Groningen", "Overijssel")] == ["(2)", "(2)", "(1)"]
    assert [count_of(page, "sector", s) for s in ("Techniek", "Zorg en welzijn")] == ["(2)", "(2)"]
    assert page.locator("#initiatieven-statisch").is_hidden()


def test_one_filter_narrows_and_updates_the_other_counts(page, server):
    open_overview(page, server)
    page.check("input[name='regio'][value='Drenthe']")
    expect(page.locator("[data-status]")).to_have_text("1 initiatief.")
    assert titles(page) == ["Techniekpact Drenthe"]
    expect(page.locator("input[name='sector'][value='Zorg en welzijn'] + label .count")).to_have_text("(0)")
    assert count_of(page, "sector", "Techniek") == "(1)"
    # Within its own facet a count says what ticking that value as well would add.
    assert count_of(page, "regio", "Twente") == "(1)"


def test_two_values_in_one_facet_widen_and_two_facets_narrow(page, server):
    open_overview(page, server)
    page.check("input[name='regio'][value='Drenthe']")
    page.check("input[name='regio'][value='Twente']")
    expect(page.locator("[data-status]")).to_have_text("2 initiatieven.")
    assert titles(page) == ["Techniekpact Drenthe", "Zorgroute Twente"]
    page.check("input[name='sector'][value='Zorg en welzijn']")
    expect(page.locator("[data-status]")).to_have_text("1 initiatief.")
    assert titles(page) == ["Zorgroute Twente"]
    assert count_of(page, "regio", "Groningen") == "(1)"  # Leerlijn Groningen also has Zorg en welzijn


def test_sort_orders(page, server):
    open_overview(page, server, "?sort=startjaar-desc")
    expect(page.locator("[data-status]")).to_have_text("2 initiatieven, met een bekend startjaar.")
    assert titles(page) == ["Zorgroute Twente", "Techniekpact Drenthe"]
    page.select_option("[data-sort]", "startjaar-asc")
    expect(page.locator(RESULTS).first).to_have_text("Techniekpact Drenthe")
    assert titles(page) == ["Techniekpact Drenthe", "Zorgroute Twente"]
    page.select_option("[data-sort]", "titel-asc")
    expect(page.locator("[data-status]")).to_have_text("3 initiatieven.")
    assert titles(page) == ["Leerlijn Groningen", "Techniekpact Drenthe", "Zorgroute Twente"]


def test_no_results_offers_a_way_out(page, server):
    page.goto(server + "/zoeken/?q=xylofoonbouw")
    expect(page.locator("[data-status]")).to_have_text("0 resultaten voor 'xylofoonbouw'.")
    empty = page.locator("[data-empty]")
    expect(empty).to_be_visible()
    assert empty.get_by_role("link", name="alle initiatieven").get_attribute("href") == "/initiatieven/"


def test_the_address_round_trips_a_search_and_back_works(page, server):
    page.goto(server + "/zoeken/")
    page.fill("#zoekterm", "samen")
    page.press("#zoekterm", "Enter")
    expect(page).to_have_url(re.compile(r"/zoeken/\?q=samen$"))
    page.check("input[name='type'][value='initiatief']")
    page.check("input[name='regio'][value='Twente']")
    expect(page).to_have_url(re.compile(r"\?q=samen&type=initiatief&regio=Twente$"))
    expect(page.locator("[data-status]")).to_have_text("1 resultaat voor 'samen'.")
    shared = page.url
    page.go_back()
    expect(page.locator("input[name='regio'][value='Twente']")).not_to_be_checked()
    expect(page.locator("[data-status]")).not_to_have_text("1 resultaat voor 'samen'.")
    page.goto(shared)
    expect(page.locator("[data-status]")).to_have_text("1 resultaat voor 'samen'.")
    assert page.input_value("#zoekterm") == "samen"
    assert page.is_checked("input[name='type'][value='initiatief']")
    assert titles(page) == ["Zorgroute Twente"]


def test_filters_work_by_keyboard_alone(page, server):
    open_overview(page, server)
    page.focus("input[name='regio'][value='Drenthe']")
    page.keyboard.press("Space")
    expect(page.locator("[data-status]")).to_have_text("1 initiatief.")
    assert page.locator("[data-status]").get_attribute("role") == "status"


def test_without_javascript_the_overview_is_the_full_static_list(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/initiatieven/")
    assert page.locator("#initiatieven-lijst .card").count() == 3
    assert page.locator("[data-search]").is_hidden()
    assert page.locator("nav.facets a[href='/regio/drenthe/']").text_content() == "Drenthe"
    assert page.locator("nav.facets a[href='/provincie/drenthe/']").text_content() == "Drenthe"
    context.close()


def test_the_header_search_on_any_page_leads_to_results(page, server):
    page.goto(server + "/organisaties/rsg-noord/")
    page.fill("#zoekterm-kop", "Techniekpact")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken/?q=Techniekpact")
    expect(page.locator(RESULTS).first).to_have_text("Techniekpact Drenthe")


def place_answer(page):
    box = page.locator("[data-place]")
    expect(box).to_be_visible()
    return box


def test_a_town_typed_in_the_header_leads_to_its_regions_initiatives(page, server):
    # Emmen lies in arbeidsmarktregio Drenthe; Assen, though in the province of Drenthe, in Groningen's.
    for town, region, initiatives in (("Emmen", "Drenthe", ["Techniekpact Drenthe"]),
                                      ("Assen", "Groningen", ["Leerlijn Groningen", "Techniekpact Drenthe"])):
        page.goto(server + "/organisaties/rsg-noord/")
        page.fill("#zoekterm-kop", town)
        page.keyboard.press("Enter")
        box = place_answer(page)
        expect(box.locator("h2")).to_have_text(f"{town}: arbeidsmarktregio {region}")
        assert box.locator("li a").all_inner_texts() == initiatives
        assert box.get_by_role("link", name=region, exact=True).get_attribute("href") == f"/regio/{region.lower()}/"
        expect(page.locator("[data-status]")).to_contain_text(f"{town}: arbeidsmarktregio {region}.")


def test_another_name_and_a_town_in_a_municipality_are_recognised(page, server):
    # 'Ter Apel' is a village in Westerwolde (region Groningen); no record names Westerwolde itself.
    page.goto(server + "/")
    page.fill("#gemeente-thuis", "ter  apel")
    page.get_by_role("button", name="Zoek uw regio").click()
    box = place_answer(page)
    # Shown as the municipality list writes it, whatever was typed.
    expect(box).to_contain_text("Ter Apel (gemeente Westerwolde) ligt in arbeidsmarktregio Groningen")
    expect(box.locator("h2")).to_have_text("Ter Apel: arbeidsmarktregio Groningen")
    page.goto(server + "/zoeken/?q=Enschede")
    box = place_answer(page)
    expect(box).to_contain_text("Daar staat 1 initiatief in het overzicht")
    assert box.locator("li a").all_inner_texts() == ["Zorgroute Twente"]


def test_the_answer_and_the_results_below_it_never_disagree(page, server):
    # Two initiatives lie in Assen's region (Groningen); one record's text names Assen. The count
    # below the answer says what it counts, and no "nothing found" contradicts the answer.
    page.goto(server + "/zoeken/?q=assen")
    box = place_answer(page)
    expect(box).to_contain_text("Daar staan 2 initiatieven in het overzicht")
    expect(page.locator("[data-status]")).to_contain_text("Verder: 1 resultaat voor de zoekterm 'assen'.")
    assert page.locator("[data-empty]").is_hidden()
    page.goto(server + "/zoeken/?q=Emmen")
    expect(place_answer(page)).to_contain_text("Daar staat 1 initiatief in het overzicht")
    expect(page.locator("[data-status]")).to_contain_text(re.compile(r"Verder: \d+ resulta\w+ voor de zoekterm 'Emmen'\."))
    page.goto(server + "/initiatieven/?q=Hoogeveen")  # in region Drenthe, where Techniekpact Drenthe is
    expect(place_answer(page)).to_contain_text("Daar staat 1 initiatief in het overzicht")
    expect(page.locator("[data-status]")).to_contain_text(re.compile(r"Verder: \d+ initiatie\w+ voor de zoekterm 'Hoogeveen'\."))
    assert page.locator("[data-empty]").is_hidden()


def test_a_word_that_is_no_town_shows_no_place_answer(page, server):
    page.goto(server + "/zoeken/?q=Techniekpact")
    expect(page.locator("[data-status]")).to_have_text("1 resultaat voor 'Techniekpact'.")
    assert page.locator("[data-place]").is_hidden()


def test_the_map_page_finds_a_town_too(page, server):
    page.goto(server + "/kaart/")
    page.fill("#gemeente-kaart", "Klazienaveen")
    page.keyboard.press("Enter")
    expect(place_answer(page).locator("h2")).to_have_text("Klazienaveen: arbeidsmarktregio Drenthe")


def fetched_during(page, action) -> list[str]:
    """The paths of every file the browser fetched (also from Pagefind's worker) while `action` ran."""
    paths: list[str] = []
    listener = lambda request: paths.append(re.sub(r"^https?://[^/]+", "", request.url))  # noqa: E731
    page.context.on("requestfinished", listener)
    try:
        action()
        page.wait_for_load_state("networkidle")
    finally:
        page.context.remove_listener("requestfinished", listener)
    return paths


def test_browsing_by_filters_alone_fetches_no_word_index(page, server):
    # Pagefind 1.5 fetched every word-index chunk for a search without a word (8.7 MB at 10,000
    # initiatives): the overview lists and filters initiatives without one.
    def browse():
        open_overview(page, server)
        page.check("input[name='regio'][value='Drenthe']")
        expect(page.locator("[data-status]")).to_have_text("1 initiatief.")
    paths = fetched_during(page, browse)
    assert any(path.startswith("/pagefind/filter/") for path in paths)
    assert not [path for path in paths if path.startswith("/pagefind/index/")]


def test_the_counts_that_come_with_the_site_are_pagefinds_own(page, server):
    # zoeken/facetten.json is read from the pages the build wrote; Pagefind read the same pages.
    page.goto(server + "/zoeken/")
    from_pagefind, from_site = page.evaluate("""async () => {
        const pagefind = await import("/pagefind/pagefind.js");
        const byType = await (await fetch("/zoeken/facetten.json")).json();
        const summed = {};
        for (const facets of Object.values(byType))
            for (const [facet, values] of Object.entries(facets))
                for (const [value, count] of Object.entries(values))
                    (summed[facet] ||= {})[value] = ((summed[facet] || {})[value] || 0) + count;
        return [await pagefind.filters(), summed];
    }""")
    assert from_site == from_pagefind
    assert from_site["regio"] == {"Drenthe": 3, "Groningen": 2, "Twente": 1}


def test_a_first_query_fetches_no_filter_index_until_the_filters_are_used(page, server):
    def first_query():
        page.goto(server + "/zoeken/?q=samen")
        expect(page.locator("[data-status]")).to_contain_text("voor 'samen'")
        expect(page.locator("[data-results] .card")).not_to_have_count(0)
    paths = fetched_during(page, first_query)
    assert any(path.startswith("/pagefind/index/") for path in paths)
    assert not [path for path in paths if path.startswith("/pagefind/filter/")]
    assert count_of(page, "regio", "Twente") == ""  # not known yet, so not shown

    def use_the_filters():
        page.focus("input[name='regio'][value='Twente']")
        expect(page.locator("input[name='regio'][value='Twente'] + label .count")).to_have_text("(1)")
    assert any(path.startswith("/pagefind/filter/") for path in fetched_during(page, use_the_filters))


def test_a_place_answer_needs_no_search_index(page, server):
    def town():
        page.goto(server + "/zoeken/?q=Assen")
        expect(place_answer(page).locator("li a")).to_have_count(2)
    paths = fetched_during(page, town)
    assert "/regio/groningen/initiatieven.json" in paths
    assert not [path for path in paths if path.startswith("/pagefind/filter/")]
