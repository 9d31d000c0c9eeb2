"""Map, open data, feed, figures and sharing metadata of the full fixture site."""

from __future__ import annotations

import csv
import io
import json

import feedparser
import jsonschema
from bs4 import BeautifulSoup
from support import SITES

from sitegen.model.geo import shade_class
from sitegen.pipeline.build import load


def soup(site, path):
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_map_has_35_linked_regions_with_counts_matching_the_content(full_site):
    page = soup(full_site, "kaart/index.html")
    links = page.select("svg.region-map a")
    # The fixture has three regions; the shapes join on their CBS codes.
    labels = {a["aria-label"]: a["href"] for a in links}
    assert labels == {"Groningen: 2 initiatieven": "/regio/groningen/", "Drenthe: 1 initiatief": "/regio/drenthe/",
                      "Twente: 1 initiatief": "/regio/twente/"}
    for href in labels.values():
        assert (full_site / href.strip("/") / "index.html").is_file()
    table = {row.th.get_text(): row.select("td")[-1].get_text() for row in page.select("table.figures tbody tr")}
    assert table == {"Drenthe": "1", "Groningen": "2", "Twente": "1"}
    assert "Bron kaart: CBS, PDOK" in page.get_text()


def test_real_map_shows_all_35_regions_each_linking_to_its_page(real_site):
    page = soup(real_site, "kaart/index.html")
    links = page.select("svg.region-map a")
    assert len(links) == 35
    site = load(SITES.parent.parent / "content")
    for link in links:
        target = real_site / link["href"].removeprefix("/overzicht/") / "index.html"
        assert target.is_file(), link["href"]
        name, count = link["aria-label"].rsplit(": ", 1)
        key = link["href"].rstrip("/").rsplit("/", 1)[1]
        assert int(count.split()[0]) == len(site.initiatives_by_term.get(("regions", key), ())), name
    counts = {link["href"]: int(link["aria-label"].rsplit(": ", 1)[1].split()[0]) for link in links}
    most = max(counts.values())
    for link in links:  # each region shaded by its own count, on the legend's scale
        assert link.path["class"] == [f"shade-{shade_class(counts[link['href']], most)}"], link["aria-label"]
    assert len({link.path["class"][0] for link in links}) >= 3  # the map tells regions apart


def test_region_page_has_a_locator_map_with_its_region_highlighted(full_site):
    svg = soup(full_site, "regio/drenthe/index.html").select_one("svg.locator")
    assert svg["aria-label"] == "Ligging van Drenthe in Nederland"
    assert len(svg.select("path.highlight")) == 1


def read_csv(path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Dutch spreadsheets need the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def test_csv_round_trips_every_initiative(full_site):
    rows = {row["slug"]: row for row in read_csv(full_site / "data" / "initiatieven.csv")}
    site = load(SITES / "full")
    assert sorted(rows) == sorted(i.slug for i in site.initiatives)
    row = rows["techniek-drenthe"]
    assert row["titel"] == "Techniekpact Drenthe"
    assert row["gemeenten"] == "Emmen | Westerwolde" and row["gemeente_codes"] == "GM0114 | GM1950"
    assert row["regios"] == "Groningen | Drenthe" and row["regio_codes"] == "AM01 | AM03"
    assert row["provincies"] == "Groningen | Drenthe" and row["provincie_codes"] == "PV20 | PV22"
    assert rows["zorg-twente"]["gemeenten"] == "" and rows["zorg-twente"]["regios"] == "Twente"
    assert row["partijen"].split(" | ") == ["Vmbo", "Mbo", "Bedrijfsleven"]
    assert row["startjaar"] == "2018" and row["eindjaar"] == "2023"
    assert row["contact_telefoon"] == "0201234567"
    assert row["url"] == "https://voorbeeld.nl/initiatieven/techniek-drenthe/"
    assert rows["leerlijn-groningen"]["startjaar"] == ""


def test_json_validates_against_its_published_schema(full_site):
    for name in ("initiatieven", "organisaties", "gemeenten"):
        document = json.loads((full_site / "data" / f"{name}.json").read_text(encoding="utf-8"))
        schema = json.loads((full_site / "data" / f"{name}.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(document, schema)
        assert document["licentie"]["naam"] == "CC BY 4.0"
    organisations = json.loads((full_site / "data" / "organisaties.json").read_text(encoding="utf-8"))
    rsg = next(o for o in organisations["organisaties"] if o["slug"] == "rsg-noord")
    assert rsg["initiatieven"] == ["techniek-drenthe", "zorg-twente"]


def test_data_page_documents_every_column(full_site):
    page = soup(full_site, "data/index.html")
    for name in ("initiatieven", "organisaties", "gemeenten"):
        header = (full_site / "data" / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[0].split(";")
        documented = [code.get_text() for code in page.select(f"section[aria-labelledby=data-{name}] table code")]
        assert documented == header


def test_feed_is_valid_atom_with_news(full_site):
    feed = feedparser.parse((full_site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    news = [e for e in feed.entries if e.tags[0].term == "nieuws"]
    assert [e.title for e in news] == ["Tweede bericht", "Eerste bericht"]
    assert news[0].link == "https://voorbeeld.nl/nieuws/tweede-bericht/"
    assert news[0].updated.startswith("2020-01-15")
    # Initiatives enter the feed on the date git first saw their file.
    added = {e.title for e in feed.entries if e.tags[0].term == "initiatief"}
    assert added <= {"Techniekpact Drenthe", "Zorgroute Twente", "Leerlijn Groningen"}
    head = soup(full_site, "organisaties/index.html").find("link", type="application/atom+xml")
    assert head["href"] == "/feed.xml"


def test_sharing_metadata_and_json_ld(full_site):
    page = soup(full_site, "initiatieven/techniek-drenthe/index.html")
    og = {m["property"]: m["content"] for m in page.find_all("meta", property=True)}
    assert og["og:title"] == "Techniekpact Drenthe"
    assert og["og:url"] == "https://voorbeeld.nl/initiatieven/techniek-drenthe/"
    assert og["og:description"].startswith("Vmbo-scholen, het Alfa-college")
    assert page.find("meta", attrs={"name": "description"})["content"] == og["og:description"]
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["@type"] == "Project" and [a["name"] for a in data["areaServed"]] == ["Groningen", "Drenthe"]
    assert [m["name"] for m in data["member"]] == ["RSG Noord", "Alfa-college", "Bouwbedrijf Noord"]
    org = json.loads(soup(full_site, "organisaties/rsg-noord/index.html")
                     .find("script", type="application/ld+json").string)
    assert org["@type"] == "Organization" and org["address"]["addressLocality"] == "Hoogeveen"


def test_figures_page_has_a_table_per_chart(full_site):
    page = soup(full_site, "cijfers/index.html")
    charts = {s.h2.get_text(): {r.th.get_text(): r.td.get_text() for r in s.select("tbody tr")}
              for s in page.select("main section")}
    assert charts["Per sector"] == {"Techniek": "2", "Zorg en welzijn": "2"}
    assert charts["Per startjaar"] == {"2018": "1", "2021": "1", "onbekend": "1"}
    assert charts["Per inhoudelijk thema"] == {"2. Aansluitende onderwijsprogramma's": "1",
                                              "3. Gezamenlijk opleidingsaanbod": "1"}
