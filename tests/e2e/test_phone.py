"""Phone first: at 375 x 812 the results, the menu and a town's answer are within reach; the
filters and the menu fold into one control each and open and close by keyboard."""

from __future__ import annotations

from playwright.sync_api import expect
from support import axe_violations

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def top_of(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box["y"]


def test_the_first_result_and_a_towns_answer_are_on_the_first_screen(page, server):
    page.set_viewport_size(PHONE)
    page.goto(server + "/initiatieven/")
    expect(page.locator("[data-results] .card").first).to_be_visible()
    assert top_of(page, "[data-results] .card") + 60 < PHONE["height"]
    page.goto(server + "/zoeken/?q=Emmen")
    expect(page.locator("[data-place] h2")).to_be_visible()
    assert top_of(page, "[data-place] h2") + 60 < PHONE["height"]


def test_the_filters_fold_into_one_control_that_counts_what_is_ticked(page, server):
    page.set_viewport_size(PHONE)
    page.goto(server + "/initiatieven/?regio=Drenthe")
    summary = page.locator("[data-filters-panel] > summary")
    expect(summary).to_have_text("Filters (1 actief)")
    boxes = page.locator("[data-filters] input")
    expect(boxes.first).to_be_hidden()  # folded: the results come first
    summary.focus()
    page.keyboard.press("Enter")
    expect(boxes.first).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # to a box; Space ticks it
    focused = page.evaluate("document.activeElement.name")
    assert focused
    page.keyboard.press("Space")
    expect(summary).to_have_text("Filters (2 actief)")
    summary.focus()
    page.keyboard.press("Enter")
    expect(boxes.first).to_be_hidden()
    page.set_viewport_size(DESKTOP)  # beside the results on a wide screen: open
    expect(boxes.first).to_be_visible()


def test_the_menu_is_one_button_on_a_phone_and_works_by_keyboard(page, server):
    page.set_viewport_size(PHONE)
    page.goto(server + "/")
    button = page.locator(".main-nav summary")
    links = page.locator(".main-nav ul a")
    expect(button).to_be_visible()
    expect(links.first).to_be_hidden()
    button.focus()
    page.keyboard.press("Enter")
    expect(links.first).to_be_visible()
    page.keyboard.press("Enter")
    expect(links.first).to_be_hidden()
    page.set_viewport_size(DESKTOP)
    expect(button).to_be_hidden()
    expect(links.first).to_be_visible()


def test_the_menu_opens_without_javascript(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(server + "/")
    page.locator(".main-nav summary").click()
    expect(page.locator(".main-nav ul a").first).to_be_visible()
    context.close()


def test_relevance_is_offered_only_with_a_search_term(page, server):
    page.goto(server + "/initiatieven/")
    sort = page.locator("[data-sort]")
    expect(sort).to_have_value("titel-asc")
    assert page.locator("[data-sort] option[value='']").is_hidden()
    page.goto(server + "/initiatieven/?q=techniek")
    expect(sort).to_have_value("")
    expect(page.locator("[data-sort] option[value='']")).to_have_text("Relevantie")


def test_long_filter_lists_show_their_first_values_and_a_button_for_all(page, server):
    page.goto(server + "/zoeken/")
    for fieldset in page.locator("[data-filters] fieldset").all():
        items = fieldset.locator("li")
        if items.count() > 6:
            button = fieldset.get_by_role("button", name=f"Toon alle {items.count()}")
            expect(items.nth(6)).to_be_hidden()
            button.click()
            expect(items.nth(6)).to_be_visible()
            return
    # The fixture's lists are short: none shows a button.
    assert page.locator(".show-all").count() == 0


def test_no_axe_violations_on_a_phone_with_the_panels_open(axe_page, server):
    page = axe_page
    page.set_viewport_size(PHONE)
    for path in ("/initiatieven/?regio=Drenthe", "/zoeken/?q=Emmen", "/"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        assert axe_violations(page) == [], path
        page.locator(".main-nav summary").click()
        if page.locator("[data-filters-panel] > summary").count():
            page.locator("[data-filters-panel] > summary").click()
        assert axe_violations(page) == [], path
