"""The full fixture site, built for real: its pages show the right facts and hang together."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from support import SITES, build_fixture, files_of

from sitegen.publish.links import broken_links


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def facts(page: BeautifulSoup) -> dict[str, str]:
    """The first definition list of facts as {Dutch label: text}."""
    dl = page.select_one("dl.facts")
    return {dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in dl.find_all("dt")}


def texts(elements) -> list[str]:
    return [e.get_text(" ", strip=True) for e in elements]


def test_initiative_page_shows_every_field_with_its_dutch_label(full_site):
    page = soup(full_site, "initiatieven/techniek-drenthe/index.html")
    assert page.h1.get_text() == "Techniekpact Drenthe"
    assert facts(page) == {
        "Gemeenten": "Emmen, Westerwolde",  # written as 'Emmen' and 'Ter Apel'
        "Arbeidsmarktregio's": "Groningen Drenthe",
        "Provincies": "Groningen Drenthe",
        "Sectoren": "Techniek",
        "Betrokken partijen": "Vmbo Mbo Bedrijfsleven",
        "Niveaus van samenwerking": "Bestuurlijk/beleidsmatig Uitvoerend",
        "Inhoudelijke thema's": "Aansluitende onderwijsprogramma's Gezamenlijk opleidingsaanbod",
        "Toelichting inhoudelijk thema": "Nadruk op doorlopende leerlijnen van vmbo naar mbo.",
        "Startjaar": "2018",
        "Eindjaar": "2023",
        "Website": "https://techniekpact.voorbeeld.nl/",
        "Gegevens gecontroleerd op": "1 mei 2024",
    }
    assert page.find("a", string="Drenthe")["href"] == "/regio/drenthe/"


def test_initiative_page_groups_organisations_by_type(full_site):
    page = soup(full_site, "initiatieven/techniek-drenthe/index.html")
    groups = {h2.get_text(): texts(h2.find_next_sibling("ul").find_all("li")) for h2 in page.find_all("h2")
              if h2.get_text().startswith("Betrokken")}
    assert groups == {
        "Betrokken vmbo-scholen": ["RSG Noord (Hoogeveen)"],
        "Betrokken mbo-instellingen": ["Alfa-college"],
        "Betrokken bedrijven": ["Bouwbedrijf Noord"],
    }
    assert list(groups) == ["Betrokken vmbo-scholen", "Betrokken mbo-instellingen", "Betrokken bedrijven"]


def test_contact_values_are_shown_exactly_as_written(full_site):
    page = soup(full_site, "initiatieven/techniek-drenthe/index.html")
    contact = page.find("h2", string="Contactpersoon").find_next_sibling("dl")
    shown = {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in contact.find_all("dt")}
    # 0201234567 would be an octal number to a YAML 1.1 loader; it must stay text.
    assert shown == {"Naam": "Anna de Vries", "Functie": "Projectleider", "Organisatie": "Alfa-college",
                     "E-mailadres": "anna@voorbeeld.nl", "Telefoonnummer": "0201234567"}
    assert contact.find("a")["href"] == "mailto:anna@voorbeeld.nl"


def test_sources_body_and_correction_links(full_site):
    page = soup(full_site, "initiatieven/techniek-drenthe/index.html")
    sources = page.find("h2", string="Bronnen").find_next_sibling("ul")
    assert [a["href"] for a in sources.find_all("a")] == ["https://www.voorbeeld.nl/nieuws/techniekpact"]
    body = page.select_one(".prose")
    assert body.strong.get_text() == "bouwen"
    assert texts(body.find_all("li")) == ["Meer leerlingen in de techniek", "Hybride docenten"]
    assert body.find("a", string="de redactie")["href"] == "mailto:redactie@voorbeeld.nl"
    correction = page.select_one("aside.correction")
    assert correction.h2.get_text() == "Gegevens onjuist of onvolledig?"
    hrefs = [a["href"] for a in correction.find_all("a")]
    # The form first (no git needed), then the web editor, then the editors' address.
    assert hrefs[0].startswith("https://github.com/voorbeeld/overzicht/issues/new?template=correctie.yml&")
    assert "content%2Finitiatives%2Ftechniek-drenthe.md" in hrefs[0]
    assert hrefs[1] == "https://github.com/voorbeeld/overzicht/edit/main/content/initiatives/techniek-drenthe.md"
    assert hrefs[2] == "mailto:redactie@voorbeeld.nl"


def test_unknown_optional_fields_are_left_out(full_site):
    page = soup(full_site, "initiatieven/zorg-twente/index.html")
    # Region only, no municipalities: Twente lies in one province, so that one is known.
    assert facts(page) == {"Arbeidsmarktregio": "Twente", "Provincie": "Overijssel", "Sectoren": "Zorg en welzijn",
                           "Betrokken partijen": "Vmbo Mbo", "Startjaar": "2021"}
    assert page.find("h2", string="Contactpersoon") is None
    assert page.find("h2", string="Bronnen") is None


def test_organisation_page_lists_the_initiatives_that_name_it(full_site):
    page = soup(full_site, "organisaties/rsg-noord/index.html")
    assert page.h1.get_text() == "RSG Noord"
    assert facts(page) == {"Soort organisatie": "Vmbo-school", "Plaats": "Hoogeveen",
                           "Arbeidsmarktregio": "Drenthe", "Provincie": "Drenthe",
                           "Website": "https://rsg-noord.voorbeeld.nl/"}
    assert texts(page.select(".cards .card-title")) == ["Techniekpact Drenthe", "Zorgroute Twente"]
    lonely = soup(full_site, "organisaties/stichting-zonder-initiatief/index.html")
    assert "Nog geen initiatieven" in lonely.main.get_text()
    assert lonely.select("aside.correction a")[1]["href"].endswith(
        "/edit/main/content/organisations/stichting-zonder-initiatief.md")


def test_organisations_overview_is_grouped_by_type(full_site):
    page = soup(full_site, "organisaties/index.html")
    groups = {s.h2.get_text(): [a.get_text() for a in s.select("li > a")] for s in page.select("main section")}
    assert groups == {"Vmbo-school": ["RSG Noord"], "Mbo-instelling": ["Alfa-college"],
                      "Bedrijf": ["Bouwbedrijf Noord", "Stichting Zonder Initiatief"]}


@pytest.mark.parametrize("path, expected", [
    ("regio/drenthe/", ["Techniekpact Drenthe"]),
    ("regio/twente/", ["Zorgroute Twente"]),
    ("sector/techniek/", ["Leerlijn Groningen", "Techniekpact Drenthe"]),
    ("sector/zorg-en-welzijn/", ["Leerlijn Groningen", "Zorgroute Twente"]),
    ("thema/aansluiting/", ["Techniekpact Drenthe"]),
    ("partij/bedrijfsleven/", ["Leerlijn Groningen", "Techniekpact Drenthe"]),
    ("niveau/uitvoerend/", ["Techniekpact Drenthe"]),
    ("niveau/bestuurlijk/", ["Techniekpact Drenthe"]),
])
def test_term_pages_list_their_initiatives(full_site, path, expected):
    assert texts(soup(full_site, path + "index.html").select(".cards .card-title")) == expected


def test_every_term_has_a_page_even_without_initiatives(full_site):
    taxonomy_dirs = {"regio": "regions", "sector": "sectors", "thema": "themes", "partij": "parties", "niveau": "levels"}
    for segment, name in taxonomy_dirs.items():
        keys = [line.split(": ")[1] for line in (SITES / "full" / "taxonomies" / f"{name}.yml").read_text().splitlines()
                if line.startswith("- key: ")]
        assert sorted(p.name for p in (full_site / segment).iterdir()) == sorted(keys)
    partij = soup(full_site, "partij/mbo/index.html")
    assert len(partij.select(".cards .card")) == 2


def test_initiatives_overview_lists_all_with_facet_links(full_site):
    page = soup(full_site, "initiatieven/index.html")
    cards = page.select("#initiatieven-lijst .card")
    assert texts(c.h3 for c in cards) == ["Leerlijn Groningen", "Techniekpact Drenthe", "Zorgroute Twente"]
    assert "Drenthe" in cards[1].select_one(".card-meta").get_text()
    facets = {d.summary.get_text(): texts(d.find_all("li")) for d in page.select("details.facet")}
    assert facets["Sectoren"] == ["Techniek (2)", "Zorg en welzijn (2)"]
    # Techniekpact Drenthe works in Emmen (Drenthe) and Ter Apel (Groningen): it counts in both.
    assert facets["Arbeidsmarktregio's"] == ["Groningen (2)", "Drenthe (1)", "Twente (1)"]
    assert facets["Provincies"] == ["Groningen (2)", "Drenthe (2)", "Overijssel (1)"]
    assert page.find("a", string="Techniek")["href"] == "/sector/techniek/"


def test_home_page_shows_counts_news_and_regions(full_site):
    page = soup(full_site, "index.html")
    assert texts(page.select(".stats li")) == ["3 initiatieven", "4 organisaties", "3 arbeidsmarktregio's"]
    assert texts(page.select("#nieuws-kop + ul a")) == ["Tweede bericht", "Eerste bericht"]
    assert texts(page.select(".term-grid li")) == ["Drenthe (1)", "Groningen (2)", "Twente (1)"]


def test_news_and_fixed_pages(full_site):
    news = soup(full_site, "nieuws/index.html")
    assert texts(news.select(".card-title")) == ["Tweede bericht", "Eerste bericht"]
    item = soup(full_site, "nieuws/eerste-bericht/index.html")
    assert item.time.get_text() == "4 oktober 2018" and item.time["datetime"] == "2018-10-04"
    menu = texts(soup(full_site, "index.html").select("nav.main-nav a"))
    assert menu == ["Initiatieven", "Organisaties", "Kaart", "Nieuws", "Ontmoeten", "Over deze site", "Aanmelden"]
    assert soup(full_site, "verborgen/index.html").h1.get_text() == "Verborgen pagina"


def test_every_page_has_dutch_landmarks_and_a_skip_link(full_site):
    for path in sorted(full_site.rglob("*.html")):
        if "pagefind" in path.parts:
            continue
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert page.html["lang"] == "nl", path
        assert page.select_one("a.skip-link")["href"] == "#inhoud", path
        assert page.find("main", id="inhoud") and page.header and page.footer and page.nav, path
        assert len(page.find_all("h1")) == 1, path


def test_sitemap_robots_and_404(full_site):
    tree = ET.parse(full_site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in tree.findall("s:url/s:loc", namespace)]
    assert "https://voorbeeld.nl/initiatieven/techniek-drenthe/" in locations
    assert "https://voorbeeld.nl/regio/twente/" in locations
    for location in locations:
        path = location.removeprefix("https://voorbeeld.nl/")
        assert (full_site / path / "index.html").is_file(), location
    assert "Sitemap: https://voorbeeld.nl/sitemap.xml" in (full_site / "robots.txt").read_text()
    assert soup(full_site, "404.html").h1.get_text() == "Pagina niet gevonden"


def test_every_internal_link_resolves(full_site):
    assert broken_links(full_site) == []


def test_every_record_page_has_the_places_a_link_into_it_may_name(full_site):
    from sitegen.model.urls import PAGE_ANCHORS

    sections = {"initiatives": "initiatieven", "organisations": "organisaties", "news": "nieuws", "pages": ""}
    for folder, anchors in PAGE_ANCHORS.items():
        for source in sorted((SITES / "full" / folder).glob("*.md")):
            page = full_site / sections[folder] / source.stem / "index.html"
            if page.is_file():  # a fixed page without a menu place still has its page
                ids = {element["id"] for element in soup(full_site, page.relative_to(full_site).as_posix())
                       .select("[id]")}
                assert anchors <= ids, (page, anchors - ids)


def test_site_under_a_sub_path_links_correctly(tmp_path):
    site = build_fixture("full", tmp_path / "output", "--base-url", "https://voorbeeld.github.io/repo/", "--no-search")
    assert soup(site, "index.html").select_one("a.brand")["href"] == "/repo/"
    assert soup(site, "index.html").find("link", rel="canonical")["href"] == "https://voorbeeld.github.io/repo/"
    assert broken_links(site, "/repo/") == []
    assert broken_links(site, "/") != []  # the check itself notices links that miss the sub-path


def test_two_builds_are_byte_identical(tmp_path):
    first = files_of(build_fixture("full", tmp_path / "a"))
    second = files_of(build_fixture("full", tmp_path / "b"))
    # Pagefind's filter and metadata chunks are not stable between runs (upstream, Pagefind
    # issue #638); everything we generate, and Pagefind's fragments, must be.
    def ours(files):
        return {k: v for k, v in files.items()
                if not (k.startswith("pagefind/filter/") or k.startswith("pagefind/pagefind.") or
                        k == "pagefind/pagefind-entry.json")}
    assert ours(first) == ours(second)
    assert any(k.startswith("pagefind/fragment/") for k in ours(first))


def test_editor_text_is_escaped_everywhere(make_site, run, tmp_path):
    make_site({"initiatives/voorbeeld.md": (
        "---\ntitle: '<script>alert(1)</script> Samen'\n"
        "summary: Scholen en bedrijven werken samen aan sterk techniekonderwijs.\nregion: drenthe\n"
        "sectors: [techniek]\nparties: [vmbo]\ncontact:\n  name: '\"><img src=x onerror=alert(1)>'\n---\n\n"
        "Tekst <script>alert(2)</script> <a href=\"javascript:alert(3)\">klik</a> "
        "<img src=x onerror=alert(4)>\n")})
    assert run("build", "--no-search")[0] == 0
    for path in (tmp_path / "output").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script>alert" not in html, path
        assert "javascript:" not in html, path
        assert "<img" not in html, path
    page = soup(tmp_path / "output", "initiatieven/voorbeeld/index.html")
    assert page.h1.get_text() == "<script>alert(1)</script> Samen"


# -- the pages a Dutch public site owes its visitors ---------------------------------------------

OWED_PAGES = {"colofon/": "Over deze site", "contact/": "Contact", "privacy/": "Privacy",
              "toegankelijkheid/": "Toegankelijkheidsverklaring"}


def test_the_pages_a_public_site_owes_carry_the_facts_of_site_yml_and_the_build(full_site):
    from sitegen.model.sitefacts import test_tools

    for path, title in OWED_PAGES.items():
        page = soup(full_site, f"{path}index.html")
        assert page.h1.get_text() == title
        assert page.select_one("article[data-pagefind-body]") is not None  # in the search index
        footer = [a["href"] for a in page.select("footer a")]
        assert all(f"/{other}" in footer for other in OWED_PAGES), footer
    about = soup(full_site, "colofon/index.html").main.get_text(" ", strip=True)
    assert "uitgegeven door Stichting Voorbeeldsamenwerking" in about
    assert "CC BY 4.0" in about
    contact = soup(full_site, "contact/index.html")
    assert contact.select_one('main a[href="mailto:redactie@voorbeeld.nl"]') is not None
    statement = soup(full_site, "toegankelijkheid/index.html").main.get_text(" ", strip=True)
    assert "WCAG) 2.1, niveau AA" in statement
    tools = test_tools()
    assert tools["axe-core"] and f"axe-core {tools['axe-core']}" in statement
    assert f"vnu-jar {tools['Nu HTML Checker (vnu-jar)']}" in statement
    privacy = soup(full_site, "privacy/index.html").main.get_text(" ", strip=True)
    assert "geen cookies" in privacy.lower()


def test_without_a_publisher_or_address_the_pages_leave_them_out_and_check_warns(make_site, run, tmp_path):
    content = make_site(base="full")
    site_yml = content / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8").replace("contact_email: redactie@voorbeeld.nl\n", "")
                        .replace("publisher: Stichting Voorbeeldsamenwerking\n", ""), encoding="utf-8")
    assert run("build", "--no-search", "--output", "out")[0] == 0
    about = BeautifulSoup((tmp_path / "out" / "colofon" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "uitgegeven door" not in about.main.get_text()
    contact = BeautifulSoup((tmp_path / "out" / "contact" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert contact.select("main a[href^='mailto:']") == []
    status, out, _ = run("check", "--stale")
    assert status == 0
    assert [line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("content/site.yml")] == [
        "site.yml noemt geen uitgever ('publisher'): Over deze site en Contact laten die weg; de site is nog niet "
        "klaar om te publiceren",
        "site.yml noemt geen e-mailadres van de redactie ('contact_email'): Over deze site en Contact laten die weg; "
        "de site is nog niet klaar om te publiceren"]
