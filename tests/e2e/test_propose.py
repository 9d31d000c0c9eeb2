"""The proposal page /aanmelden/ in headless Chromium: a coordinator fills it in by keyboard, and what
it hands over (a prefilled GitHub issue form, new-file links, an e-mail) passes the site's checks.

Fixture facts: Emmen has the alias Klazienaveen, Westerwolde the alias Ter Apel; organisations
RSG Noord (rsg-noord) and Alfa-college (alfa-college) exist; initiative slug techniek-drenthe is taken;
site.yml has contact_email redactie@voorbeeld.nl.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from conftest import _QuietHandler
from support import ROOT, SITES, axe_violations, replace_in

from sitegen.commands.cli import main
from sitegen.model.forms import NEW_INITIATIVE
from sitegen.model.slugs import slugify

FORM = "#aanmeldformulier"
SUBMIT = f"{FORM} button[type=submit]"

NAME = "Techniek Talent Assen"
SUMMARY = "Vmbo, mbo en bedrijven in Assen werken samen aan sterk techniekonderwijs."
BODY = "Leerlingen lopen stage bij bedrijven in de regio.\n\n- Gastlessen\n- Open dagen"
WEBSITE = "https://techniektalent.voorbeeld.nl/"
SOURCE = "https://www.voorbeeld.nl/nieuws/techniektalent"
CONTACT = {"name": "Mira Jansen", "role": "Coördinator", "email": "mira@voorbeeld.nl"}

EXPECTED_RECORD = {
    "title": NAME, "summary": SUMMARY, "municipalities": ["Emmen", "Assen", "Westerwolde"],
    "sectors": ["techniek"], "parties": ["vmbo", "mbo"], "organisations": ["rsg-noord", "techniekschool-noord"],
    "start_year": 2019, "website": WEBSITE, "contact": CONTACT, "sources": [SOURCE],
}
EXPECTED_ORGANISATION = {"name": "Techniekschool Noord", "type": "vmbo-school", "municipality": "Hoogeveen"}


# -- helpers ---------------------------------------------------------------------------------

def open_form(page, base: str, width: int = 1280):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(base + "/aanmelden/")
    page.wait_for_selector(f"{FORM}:not([hidden])")


def focused(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement.matches(s)", selector)


def tab_to(page, selector: str, limit: int = 40) -> None:
    """Press Tab until `selector` has the focus, as someone without a mouse moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose_suggestion(page, typed: str, expected: str) -> None:
    """Type into the focused field, go down the suggestions to `expected` and take it with Enter."""
    page.keyboard.type(typed)
    listbox = "#" + page.evaluate("document.activeElement.getAttribute('aria-controls')")
    page.wait_for_selector(f"{listbox}:not([hidden])")
    for _ in range(page.locator(f"{listbox} [role=option]").count()):
        page.keyboard.press("ArrowDown")
        active = page.evaluate("document.getElementById(document.activeElement.getAttribute('aria-activedescendant')).textContent")
        if active.startswith(expected):
            page.keyboard.press("Enter")
            assert page.evaluate("document.activeElement.value") == expected
            return
    raise AssertionError(f"no suggestion {expected!r} for {typed!r}")


def fill_by_keyboard(page) -> None:
    """The whole form, from the top of the page, with Tab, typing, Space, arrows and Enter only."""
    tab_to(page, "#naam")
    page.keyboard.type(NAME)
    tab_to(page, "#samenvatting")
    page.keyboard.type(SUMMARY)
    tab_to(page, "#gemeenten input")
    choose_suggestion(page, "Klazien", "Emmen")  # found by its alias
    tab_to(page, "#gemeenten > [data-add]")
    page.keyboard.press("Enter")  # a new row, with the focus in it
    choose_suggestion(page, "Ass", "Assen")
    tab_to(page, "#gemeenten > [data-add]")
    page.keyboard.press("Enter")
    page.keyboard.type("ter apel")  # another name of Westerwolde, typed in full: accepted as it is
    tab_to(page, "#sector-techniek")
    page.keyboard.press("Space")
    tab_to(page, "#partij-vmbo")
    page.keyboard.press("Space")
    tab_to(page, "#partij-mbo")
    page.keyboard.press("Space")
    tab_to(page, "#organisaties input")
    choose_suggestion(page, "rsg", "RSG Noord")
    tab_to(page, "#nieuwe-organisaties > [data-add]")
    page.keyboard.press("Enter")
    assert focused(page, "[data-field=org-naam]")
    page.keyboard.type(EXPECTED_ORGANISATION["name"])
    page.keyboard.press("Tab")
    page.keyboard.type("Vmbo")  # a closed select picks the option starting with what is typed
    assert page.evaluate("document.activeElement.value") == "vmbo-school"
    page.keyboard.press("Tab")
    choose_suggestion(page, "hoog", "Hoogeveen")
    tab_to(page, "#beschrijving")
    page.keyboard.type(BODY)
    tab_to(page, "#startjaar")
    page.keyboard.type("2019")
    tab_to(page, "#website")
    page.keyboard.type(WEBSITE)
    for field, key in (("#contact-naam", "name"), ("#contact-functie", "role"), ("#contact-email", "email")):
        tab_to(page, field)
        page.keyboard.type(CONTACT[key])
    tab_to(page, "#bron-web")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # into the web address that appeared
    page.keyboard.type(SOURCE)
    tab_to(page, SUBMIT)
    page.keyboard.press("Enter")


def fill_quickly(page, title: str = NAME, description: str = "Een beschrijving.") -> None:
    """A valid proposal by the shortest route: one municipality, own knowledge as the source."""
    page.fill("#naam", title)
    page.fill("#samenvatting", SUMMARY)
    page.fill("#gemeenten input", "Assen")
    page.check("#sector-techniek")
    page.check("#partij-vmbo")
    page.fill("#beschrijving", description)
    page.check("#bron-eigen")
    page.fill("#betrokken-als", "coördinator")
    page.click(SUBMIT)
    page.wait_for_selector("#resultaat:not([hidden])")


def hrefs(page) -> SimpleNamespace:
    """The result's links; query parameters decoded (one value each)."""
    def query(href: str) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(urlsplit(href).query, keep_blank_values=True).items()}

    issue = page.get_attribute("[data-link=issue]", "href")
    file = page.get_attribute("[data-link=file]", "href")
    organisations = [page.get_attribute(f"[data-organisation-links] li:nth-child({n + 1}) a", "href")
                     for n in range(page.locator("[data-organisation-links] li").count())]
    mail = page.locator("[data-link=mail]")
    return SimpleNamespace(issue=issue, issue_query=query(issue), file=file, file_query=query(file),
                           organisations=[query(o) for o in organisations],
                           mail=mail.get_attribute("href") if mail.count() else None)


def front_matter(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n")
    front, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(front), body


def check(content) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--content", str(content)],
                          capture_output=True, text=True)


def content_with(tmp_path, links: SimpleNamespace):
    """A copy of the fixture content with the files the new-file links propose."""
    content = tmp_path / "content"
    shutil.copytree(SITES / "full", content)
    for organisation in links.organisations:
        (content / "organisations" / organisation["filename"]).write_text(organisation["value"], encoding="utf-8")
    (content / "initiatives" / links.file_query["filename"]).write_text(links.file_query["value"], encoding="utf-8")
    return content


def no_sideways_scrolling(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


# -- a coordinator, by keyboard ------------------------------------------------------------------

@pytest.mark.parametrize("width", [320, 1280])
def test_a_coordinator_fills_in_the_form_by_keyboard_only(page, server, width):
    open_form(page, server, width)
    fill_by_keyboard(page)
    page.wait_for_selector("#resultaat:not([hidden])")
    assert focused(page, "#resultaat")
    assert page.is_hidden(FORM)
    assert no_sideways_scrolling(page, width)
    ways = page.locator("#resultaat h3").all_inner_texts()
    assert ways == ["1. Via een formulier op GitHub", "2. Zelf als bestand voorstellen", "3. Per e-mail"]
    assert "(gratis) account bij GitHub" in page.inner_text("#resultaat")
    links = hrefs(page)
    assert links.issue_query["naam"] == NAME and links.file_query["filename"] == "techniek-talent-assen.md"
    # Back to the form, everything still there.
    tab_to(page, "[data-edit]")
    page.keyboard.press("Enter")
    assert focused(page, "#naam") and page.input_value("#naam") == NAME


@pytest.fixture(scope="module")
def proposal(browser, server) -> SimpleNamespace:
    """The links of the keyboard-filled proposal, made once for the tests that read them."""
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    open_form(page, server)
    fill_by_keyboard(page)
    page.wait_for_selector("#resultaat:not([hidden])")
    links = hrefs(page)
    context.close()
    assert errors == []
    return links


def test_the_proposed_files_pass_the_sites_check(proposal, tmp_path):
    assert [o["filename"] for o in proposal.organisations] == ["techniekschool-noord.md"]
    record, body = front_matter(proposal.file_query["value"])
    assert record == EXPECTED_RECORD
    assert body == f"\n{BODY}\n"
    assert list(record) == list(EXPECTED_RECORD)  # in the order the editors' guide writes them
    assert front_matter(proposal.organisations[0]["value"]) == (EXPECTED_ORGANISATION, "")
    assert urlsplit(proposal.file).path == "/voorbeeld/overzicht/new/main/content/initiatives"
    result = check(content_with(tmp_path, proposal))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_issue_form_link_carries_exactly_what_was_typed(proposal):
    assert proposal.issue.startswith("https://github.com/voorbeeld/overzicht/issues/new?")
    query = dict(proposal.issue_query)
    assert query.pop("template") == NEW_INITIATIVE.file
    assert query.pop("title") == NEW_INITIATIVE.title + NAME
    assert set(query) <= set(NEW_INITIATIVE.by_id)
    assert query == {
        "naam": NAME,
        "samenvatting": SUMMARY,
        "gemeenten": "Emmen\nAssen\nWesterwolde",
        "sectoren": "Techniek",
        "partijen": "Vmbo\nMbo",
        "organisaties": "RSG Noord",
        "nieuwe-organisaties": "Techniekschool Noord; Vmbo-school; Hoogeveen",
        "beschrijving": BODY,
        "startjaar": "2019",
        "website": WEBSITE,
        "contact-naam": CONTACT["name"],
        "contact-functie": CONTACT["role"],
        "contact-email": CONTACT["email"],
        "bron": SOURCE,
    }  # 'akkoord' is ticked by the person on GitHub


def test_the_intake_command_makes_the_same_files_of_the_issue(proposal, tmp_path):
    from support import issue_body

    from sitegen.commands.intake import intake

    content = tmp_path / "content"
    shutil.copytree(SITES / "full", content)
    values = {key: value for key, value in proposal.issue_query.items() if key in NEW_INITIATIVE.by_id}
    result = intake(issue_body(NEW_INITIATIVE, {**values, "akkoord": "x"}), content)
    assert sorted(result.files) == ["initiatives/techniek-talent-assen.md", "organisations/techniekschool-noord.md"]
    made = front_matter((content / "initiatives/techniek-talent-assen.md").read_text(encoding="utf-8"))
    assert made == front_matter(proposal.file_query["value"])
    organisation = (content / "organisations/techniekschool-noord.md").read_text(encoding="utf-8")
    assert front_matter(organisation)[0] == EXPECTED_ORGANISATION


def test_the_email_holds_the_record_file(proposal):
    address, _, query = proposal.mail.partition("?")
    assert address == "mailto:redactie@voorbeeld.nl"
    fields = dict(part.split("=", 1) for part in query.split("&"))
    assert unquote(fields["subject"]) == NEW_INITIATIVE.title + NAME
    body = unquote(fields["body"]).replace("\r\n", "\n")
    assert body.startswith(proposal.file_query["value"])
    assert proposal.organisations[0]["value"] in body


# -- more of the rules -------------------------------------------------------------------------

def test_own_knowledge_is_a_comment_not_a_source_and_passes_the_check(page, server, tmp_path):
    open_form(page, server)
    fill_quickly(page)
    links = hrefs(page)
    text = links.file_query["value"]
    record, _ = front_matter(text)
    assert "sources" not in record and "organisations" not in record and "contact" not in record
    assert "# Bron volgens de indiener: eigen kennis: ik ben betrokken als coördinator\n---\n" in text
    assert links.issue_query["bron"] == "eigen kennis: ik ben betrokken als coördinator"
    assert links.organisations == []
    assert page.is_hidden("[data-new-organisations]")
    result = check(content_with(tmp_path, links))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("title, filename", [
    ("Techniek Drenthe", "techniek-drenthe-2.md"),  # techniek-drenthe is taken
    ("Ça marche: École & Bedrijf ’s-Hertogenbosch!", slugify("Ça marche: École & Bedrijf ’s-Hertogenbosch!") + ".md"),
    ("Regionale samenwerking tussen vmbo-scholen, mbo-instellingen en bedrijven in Zuidoost-Drenthe",
     slugify("Regionale samenwerking tussen vmbo-scholen, mbo-instellingen en bedrijven in Zuidoost-Drenthe") + ".md"),
])
def test_the_file_name_is_made_as_the_python_side_makes_it(page, server, title, filename):
    open_form(page, server)
    fill_quickly(page, title)
    assert hrefs(page).file_query["filename"] == filename
    assert len(filename) <= 83


def test_a_new_organisation_whose_name_is_taken_as_a_file_name_gets_a_number(page, server):
    open_form(page, server)
    page.click("#nieuwe-organisaties > [data-add]")
    page.fill("[data-field=org-naam]", "Alfa_College")  # another name, but the file alfa-college.md exists
    page.select_option("select[data-field=org-soort]", "mbo-instelling")
    fill_quickly(page)
    assert [o["filename"] for o in hrefs(page).organisations] == ["alfa-college-2.md"]


def test_sending_with_mistakes_shows_a_summary_that_has_the_focus_and_links_to_each_field(page, server):
    open_form(page, server)
    page.fill("#naam", "Te")
    page.fill("#samenvatting", "Veel te kort.")
    page.fill("#gemeenten input", "Atlantis")
    page.fill("#startjaar", "1980")
    page.fill("#website", "www.voorbeeld.nl")
    page.fill("#contact-email", "geen adres")
    page.click(SUBMIT)
    assert focused(page, "#foutoverzicht")
    links = page.locator("#foutoverzicht li a")
    assert links.all_inner_texts() == [
        "Naam van het initiatief: Gebruik minstens 3 tekens; nu zijn het er 2.",
        "Samenvatting in één zin: Gebruik minstens 20 tekens; nu zijn het er 13.",
        "Gemeente 1: De gemeente 'Atlantis' kennen we niet. Kies een gemeente uit de lijst.",
        "Sectoren: Kies er minstens één.",
        "Soorten partijen: Kies er minstens één.",
        "Beschrijving: Vul dit in.",
        "Startjaar: Vul een jaartal in vanaf 1990.",
        "Website: Vul een webadres in dat begint met https://, bijvoorbeeld https://www.school.nl/",
        "Contactpersoon, E-mailadres: Vul een e-mailadres in, zoals naam@school.nl.",
        "Waar komt deze informatie vandaan?: Kies waar de informatie vandaan komt.",
    ]
    # Each link leads to a field marked invalid and described by the same message next to it.
    for link in links.all():
        target = link.get_attribute("href")[1:]
        said = page.evaluate("""id => {
            const field = document.getElementById(id);
            const described = field.closest('fieldset[aria-describedby]') && !field.getAttribute('aria-describedby')?.includes('-fout')
                ? field.closest('fieldset') : field;
            const note = described.getAttribute('aria-describedby').split(' ').map((n) => document.getElementById(n))
                .find((n) => n.classList.contains('field-error'));
            return [field.getAttribute('aria-invalid'), note.textContent];
        }""", target)
        assert said == ["true", "Fout: " + link.inner_text().split(": ", 1)[1]]
    links.nth(2).click()
    assert focused(page, "#gemeenten input")
    assert page.is_hidden("#resultaat")

    # Put right, the errors go; the field is no longer marked.
    page.fill("#naam", NAME)
    page.click(SUBMIT)
    assert not links.first.inner_text().startswith("Naam")
    assert page.get_attribute("#naam", "aria-invalid") is None
    assert "naam-fout" not in page.get_attribute("#naam", "aria-describedby")


def test_the_rules_are_read_from_the_published_schema(page, server):
    """Served a schema with other rules, the page says and checks those."""
    def stricter(route):
        schema = route.fetch().json()
        schema["properties"]["summary"]["minLength"] = 50
        schema["properties"]["start_year"]["anyOf"][0]["minimum"] = 2000
        schema["properties"]["sectors"]["items"]["enum"].remove("zorg-en-welzijn")
        schema["required"].append("website")
        route.fulfill(json=schema)

    page.route("**/schemas/initiative.schema.json", stricter)
    open_form(page, server)
    assert "Minstens 50 en hoogstens 300 tekens." in page.inner_text("#samenvatting-uitleg")
    assert page.inner_text("label[for=website]") == "Website (verplicht)"
    page.fill("#samenvatting", SUMMARY[:40])
    page.fill("#startjaar", "1995")
    page.check("#sector-zorg-en-welzijn")
    page.click(SUBMIT)
    errors = page.locator("#foutoverzicht li").all_inner_texts()
    assert "Samenvatting in één zin: Gebruik minstens 50 tekens; nu zijn het er 40." in errors
    assert "Sectoren: Kies een van de mogelijkheden." in errors
    assert "Startjaar: Vul een jaartal in vanaf 2000." in errors
    assert "Website: Vul dit in." in errors


def test_without_javascript_the_page_explains_the_ways_and_links_the_empty_form(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/aanmelden/")
    assert page.is_hidden(FORM)
    notice = page.locator("#aanmelden-zonder-js")
    assert notice.is_visible()
    assert notice.locator("a").first.get_attribute("href") == (
        "https://github.com/voorbeeld/overzicht/issues/new?template=nieuw-initiatief.yml")
    text = page.inner_text("main")
    assert "via een formulier op GitHub" in text and "zelf als bestand voorstellen" in text and "per e-mail" in text
    context.close()


@pytest.mark.parametrize("path", ["/", "/regio/drenthe/", "/regio/twente/", "/sector/techniek/", "/over/"])
def test_the_page_is_linked_from_the_menu_footer_home_and_region_pages(page, server, path):
    page.goto(server + path)
    assert page.get_attribute("nav.main-nav a:text-is('Aanmelden')", "href") == "/aanmelden/"
    assert page.locator("footer a[href='/aanmelden/']").count() == 1
    in_content = page.locator("main a[href='/aanmelden/']").count()
    assert in_content == 1 if path == "/" or path.startswith("/regio/") else in_content <= 1


# -- accessibility -------------------------------------------------------------------------------

@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize("state", ["errors", "suggestions", "result", "result to paste"])
def test_no_axe_violations_and_no_sideways_scrolling(axe_page, server, width, state):
    page = axe_page
    open_form(page, server, width)
    if state == "errors":
        page.fill("#gemeenten input", "Atlantis")
        page.click("#nieuwe-organisaties > [data-add]")
        page.click(SUBMIT)
        assert page.locator("#foutoverzicht li").count() > 5
    elif state == "suggestions":
        page.click("#gemeenten input")
        page.keyboard.type("e")
        page.keyboard.press("ArrowDown")
        assert page.locator("[role=listbox]:not([hidden]) [role=option]").count() > 1
    elif state == "result to paste":
        fill_quickly(page, description="Een lange beschrijving. " * 400)
        assert page.locator("[data-paste=issue]").is_visible()
    else:
        fill_quickly(page)
    assert no_sideways_scrolling(page, width)
    assert axe_violations(page) == []


# -- a site without an e-mail address -------------------------------------------------------------

@pytest.fixture(scope="module")
def server_without_email(tmp_path_factory):
    root = tmp_path_factory.mktemp("zonder-email")
    shutil.copytree(SITES / "full", root / "content")
    replace_in(root / "content" / "site.yml", "contact_email: redactie@voorbeeld.nl\n", "")
    assert main(["build", "--content", str(root / "content"), "--output", str(root / "output"), "--no-search"]) == 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root / "output")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_without_a_contact_address_there_is_no_email_choice(page, server_without_email):
    open_form(page, server_without_email)
    assert json.loads(page.get_attribute("#aanmelden", "data-config"))["links"]["email"] is None
    assert "per e-mail" not in page.inner_text("main")
    fill_quickly(page)
    assert page.locator("#resultaat h3").all_inner_texts() == [
        "1. Via een formulier op GitHub", "2. Zelf als bestand voorstellen"]
    assert page.locator("a[href^='mailto:']").count() == 0


def test_a_mistyped_town_gets_the_suggestion_check_gives_and_the_note_goes_when_fixed(page, server):
    from playwright.sync_api import expect

    open_form(page, server)
    field = page.locator("#aanmeldformulier [data-suggest='places']").first
    field.fill("Emmenn")
    page.get_by_role("button", name="Aanmelding controleren").click()
    note = page.locator(".field-error", has_text="De gemeente 'Emmenn' kennen we niet.")
    expect(note).to_contain_text("Bedoelt u 'Emmen'?")
    field.fill("Emmen")
    expect(note).to_have_count(0)
    assert field.get_attribute("aria-invalid") is None


def test_a_description_too_long_for_a_link_is_offered_to_paste(page, server, tmp_path):
    from sitegen.model.urls import MAX_PREFILLED_URL

    open_form(page, server)
    long = "\n\n".join(f"Alinea {n}: leerlingen werken samen met bedrijven uit de regio aan echte opdrachten."
                       for n in range(120))
    assert len(long) > MAX_PREFILLED_URL
    fill_quickly(page, description=long)
    links = hrefs(page)
    assert len(links.issue) <= MAX_PREFILLED_URL and "beschrijving" not in links.issue_query
    assert links.issue_query["naam"] == NAME  # everything else still comes along
    assert page.input_value("#plak-beschrijving") == long
    assert page.locator("[data-paste=issue]").is_visible()
    assert len(links.file) <= MAX_PREFILLED_URL and "value" not in links.file_query
    pasted = page.input_value("#plak-bestand")
    assert pasted.endswith(long + "\n") or pasted.endswith(long)
    # What the visitor pastes into GitHub's empty file passes the check.
    content = tmp_path / "content"
    shutil.copytree(SITES / "full", content)
    (content / "initiatives" / links.file_query["filename"]).write_text(pasted, encoding="utf-8")
    assert check(content).returncode == 0


def test_a_short_proposal_offers_nothing_to_paste(page, server):
    open_form(page, server)
    fill_quickly(page)
    assert page.locator("[data-paste=issue]").is_hidden() and page.locator("[data-paste=file]").is_hidden()
