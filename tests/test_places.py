"""Records placed by municipality, found from a town, linked by file: built fixture sites, checked page by page.

Fixture facts (tests/sites/full): Techniekpact Drenthe works in Emmen (region Drenthe) and
'Ter Apel' (a village in Westerwolde, region Groningen); Leerlijn Groningen in Groningen and
Assen (both region Groningen; provinces Groningen and Drenthe); Zorgroute Twente names only its
region. Bouwbedrijf Noord names 'Klazienaveen' (in Emmen) as its municipality.
"""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from support import SITES, build_fixture, replace_in

from sitegen.model.models import Term
from sitegen.model.places import Gazetteer, normalise, sort_key
from sitegen.pipeline.build import load


def soup(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def card_titles(page) -> list[str]:
    return [h.get_text(strip=True) for h in page.select(".cards .card-title")]


def test_municipalities_place_a_record_in_their_regions_and_provinces():
    site = load(SITES / "full")
    by_slug = {i.slug: i for i in site.initiatives}
    assert by_slug["leerlijn-groningen"].regions == ("groningen",)
    assert by_slug["leerlijn-groningen"].provinces == ("groningen", "drenthe")
    assert by_slug["techniek-drenthe"].municipalities == ("emmen", "westerwolde")
    assert by_slug["techniek-drenthe"].regions == ("groningen", "drenthe")
    assert by_slug["zorg-twente"].regions == ("twente",) and by_slug["zorg-twente"].provinces == ("overijssel",)
    builder = site.organisation_by_slug["bouwbedrijf-noord"]
    assert (builder.municipality, builder.region, builder.province) == ("emmen", "drenthe", "drenthe")


def test_an_initiative_in_two_regions_appears_on_both_region_pages(full_site):
    assert card_titles(soup(full_site, "regio/drenthe/index.html")) == ["Techniekpact Drenthe"]
    assert card_titles(soup(full_site, "regio/groningen/index.html")) == ["Leerlijn Groningen", "Techniekpact Drenthe"]
    assert card_titles(soup(full_site, "provincie/drenthe/index.html")) == ["Leerlijn Groningen",
                                                                           "Techniekpact Drenthe"]
    card = soup(full_site, "regio/drenthe/index.html").select_one(".card-meta").get_text(" ", strip=True)
    assert card.startswith("Arbeidsmarktregio: Groningen, Drenthe")


def test_a_region_page_lists_its_municipalities_and_a_province_page_its_regions(full_site):
    region = soup(full_site, "regio/groningen/index.html")
    assert region.select_one("#gemeenten-kop").get_text() == "3 gemeenten in Groningen"
    # Grouped by province, named once per group, not in every entry.
    groups = {h3.get_text(): [li.get_text() for li in h3.find_next_sibling("ul").select("li")]
              for h3 in region.select("#gemeenten-kop ~ h3")}
    assert groups == {"In de provincie Drenthe": ["Assen"], "In de provincie Groningen": ["Groningen", "Westerwolde"]}
    # What an arbeidsmarktregio is, and the provinces it lies in, linked.
    where = region.select_one(".where")
    assert "een van de 35 regio's" in where.get_text()
    assert [a["href"] for a in where.select("a")] == ["/provincie/drenthe/", "/provincie/groningen/"]
    drenthe = soup(full_site, "regio/drenthe/index.html")
    assert drenthe.select("#gemeenten-kop ~ h3") == []  # one province: no headings
    assert "Drenthe ligt in de provincie Drenthe." in drenthe.select_one(".where").get_text()
    assert region.select_one("svg.locator .highlight") is not None
    province = soup(full_site, "provincie/drenthe/index.html")
    assert [a.get_text() for a in province.select("#regios-kop + ul a")] == ["Drenthe", "Groningen"]
    assert "Een provincie is iets anders dan een arbeidsmarktregio" in province.select_one(".where").get_text()
    assert len(province.select("svg.locator path.highlight")) == 1  # the province's own shape


def test_municipalities_page_lists_every_name_a_to_z_with_its_region(full_site):
    page = soup(full_site, "gemeenten/index.html")
    rows = [" ".join(li.get_text().split()) for li in page.select(".place-list li")]
    assert rows == [
        "Assen: Groningen", "Emmen: Drenthe", "Enschede: Twente", "Groningen: Groningen",
        "Hoogeveen: Drenthe", "Klazienaveen (gemeente Emmen): Drenthe", "Ter Apel (gemeente Westerwolde): Groningen",
        "Westerwolde: Groningen"]
    assert [a.get_text() for a in page.select(".letters a")] == ["A", "E", "G", "H", "K", "T", "W"]
    emmen = next(li for li in page.select(".place-list li") if li.get_text().startswith("Emmen"))
    assert emmen.a["href"] == "/regio/drenthe/"
    for anchor in page.select(".letters a"):
        assert page.find(id=anchor["href"][1:]) is not None


def test_the_search_box_lookup_knows_every_name(full_site):
    entries = json.loads((full_site / "zoeken" / "gemeenten.json").read_text(encoding="utf-8"))
    by_name = {name: entry for entry in entries for name in entry[0]}
    # Folded names, then the official name, region path, region, province, and the names as written.
    assert by_name["ter apel"][1:] == ["Westerwolde", "regio/groningen/", "Groningen", "Groningen",
                                       ["Ter Apel", "Westerwolde"]]
    assert by_name["assen"][1:] == ["Assen", "regio/groningen/", "Groningen", "Drenthe", ["Assen"]]
    assert len(entries) == 6


def test_common_names_resolve_to_the_official_municipality(make_site, run, tmp_path):
    make_site({
        "taxonomies/regions.yml": "- key: haaglanden\n  label: Haaglanden\n  code: AM21\n"
                                  "- key: drenthe\n  label: Drenthe\n  code: AM03\n",
        "taxonomies/provinces.yml": "- key: zuid-holland\n  label: Zuid-Holland\n  code: PV28\n"
                                    "- key: drenthe\n  label: Drenthe\n  code: PV22\n",
        "taxonomies/municipalities.yml": "- key: s-gravenhage\n  label: \"'s-Gravenhage\"\n  code: GM0518\n"
                                         "  region: haaglanden\n  province: zuid-holland\n  aliases:\n"
                                         "    - Den Haag\n",
        "initiatives/voorbeeld.md": "---\ntitle: Techniek in Den Haag\nsummary: Scholen en bedrijven in Den Haag "
                                    "werken samen aan techniek.\nmunicipalities:\n  - Den Haag\nsectors: [techniek]\n"
                                    "parties: [vmbo]\n---\n\nTekst.\n",
        "organisations/alfa-college.md": "---\nname: Alfa-college\ntype: mbo-instelling\n"
                                         "municipality: \u2019s-gravenhage\n---\n",
    })
    assert run("build", "--no-search")[0] == 0
    page = soup(tmp_path / "output", "initiatieven/voorbeeld/index.html")
    facts = {dt.get_text(): dt.find_next_sibling("dd").get_text(" ", strip=True) for dt in page.select("dl.facts dt")}
    assert facts["Gemeenten"] == "'s-Gravenhage"
    assert facts["Arbeidsmarktregio"] == "Haaglanden" and facts["Provincie"] == "Zuid-Holland"
    assert card_titles(soup(tmp_path / "output", "regio/haaglanden/index.html")) == ["Techniek in Den Haag"]
    organisation = soup(tmp_path / "output", "organisaties/alfa-college/index.html").get_text(" ", strip=True)
    assert "Gemeente 's-Gravenhage Arbeidsmarktregio Haaglanden Provincie Zuid-Holland" in organisation


def test_links_between_record_files_become_page_links_under_a_sub_path(tmp_path):
    site = build_fixture("full", tmp_path / "output", "--no-search", "--base-url", "https://voorbeeld.nl/overzicht/")
    links = {a.get_text(): a["href"] for a in soup(site, "ontmoeten/index.html").select(".prose a")}
    assert links == {"het pact in Drenthe": "/overzicht/initiatieven/techniek-drenthe/#correctie-kop",
                     "Alfa-college": "/overzicht/organisaties/alfa-college/"}


def test_an_initiative_page_suggests_related_ones(full_site):
    aside = soup(full_site, "initiatieven/leerlijn-groningen/index.html").select_one("aside.related")
    assert aside.h2.get_text() == "Verwante initiatieven"
    lists = {h3.get_text(): [a.get_text() for a in h3.find_next_sibling("ul").select("a")]
             for h3 in aside.select("h3")}
    # Same region: Techniekpact Drenthe (also in Groningen). Elsewhere: Zorgroute Twente shares 'Zorg en welzijn'.
    assert lists == {"Ook in Groningen": ["Techniekpact Drenthe"],
                     "Zelfde sector of thema, elders": ["Zorgroute Twente"]}


def test_related_initiatives_are_the_next_ones_in_the_region_and_the_nearest_elsewhere(make_site):
    regions = ["groningen", "groningen", "groningen", "groningen", "groningen", "groningen", "drenthe", "twente"]
    files = {f"initiatives/i{n}.md": (f"---\ntitle: Initiatief {n}\nsummary: Een initiatief om het verband "
                                      f"te testen, nummer {n}.\nregion: {region}\nsectors: [techniek]\n"
                                      "parties: [vmbo]\n---\n\nTekst.\n")
             for n, region in enumerate(regions)}
    content = make_site({**files, "initiatives/voorbeeld.md": None})
    site = load(content)
    related = site.related["i4"]
    # The four after 'Initiatief 4' in Groningen, A-Z and wrapping round: 5, 0, 1, 2.
    assert [i.slug for i in related.nearby] == ["i0", "i1", "i2", "i5"]
    # Drenthe borders Groningen; Twente lies further away.
    assert [i.slug for i in related.elsewhere] == ["i6", "i7"]
    assert load(content).related == site.related  # the same every time


def test_names_are_compared_as_people_write_them():
    assert normalise("Súdwest-Fryslân") == "sudwest fryslan"
    assert normalise("\u2019s-Hertogenbosch") == normalise("'s Hertogenbosch") == "s hertogenbosch"
    assert sort_key("'s-Gravenhage") == "gravenhage"
    terms = [Term("municipalities", "assen", "Assen", code="GM0106", region="groningen", province="drenthe"),
             Term("municipalities", "s-gravenhage", "'s-Gravenhage", code="GM0518", region="haaglanden",
                  province="zuid-holland", aliases=("Den Haag",))]
    places = Gazetteer.from_terms(terms, ("drenthe", "zuid-holland"))
    assert places.find("den haag").key == "s-gravenhage" and places.find("S-GRAVENHAGE").key == "s-gravenhage"
    assert places.find("Hoofddorp") is None
    assert places.suggest("Asen") == ["'Assen'"] and places.suggest("Den Hag") == ["'Den Haag'"]
    regions = [Term("regions", "groningen", "Groningen"), Term("regions", "haaglanden", "Haaglanden")]
    places = Gazetteer.from_terms(terms, ("drenthe", "zuid-holland"), regions)
    assert places.suggest("Den Hag") == ["'Den Haag' (Haaglanden)"]  # where it lies tells alike names apart
    assert places.province_of_region("haaglanden") == "zuid-holland"


def test_related_initiatives_chosen_again_when_what_they_are_chosen_by_changes(make_site):
    # link() keeps its last choice while no title, region or topic changed: the choice then
    # holds the records as they are now, and a change of region chooses anew.
    files = {f"initiatives/i{n}.md": (f"---\ntitle: Initiatief {n}\nsummary: Een initiatief om het verband "
                                      f"te testen, nummer {n}.\nregion: {region}\nsectors: [techniek]\n"
                                      "parties: [vmbo]\n---\n\nTekst.\n")
             for n, region in enumerate(["groningen", "groningen", "groningen", "drenthe"])}
    content = make_site({**files, "initiatives/voorbeeld.md": None})
    before = load(content)
    replace_in(content / "initiatives/i1.md", "nummer 1.", "nummer een.")
    after = load(content)
    chosen = next(i for i in after.related["i0"].nearby if i.slug == "i1")
    assert chosen is next(i for i in after.initiatives if i.slug == "i1") and "nummer een" in chosen.summary
    assert [i.slug for i in after.related["i0"].nearby] == [i.slug for i in before.related["i0"].nearby]
    replace_in(content / "initiatives/i1.md", "region: groningen", "region: drenthe")
    moved = load(content)
    assert "i1" not in [i.slug for i in moved.related["i0"].nearby]
    assert "i1" in [i.slug for i in moved.related["i3"].nearby]
