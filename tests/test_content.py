"""The real content/ validates, builds, and holds what the sources say."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from support import ROOT

from sitegen.pipeline.build import load
from sitegen.publish.links import broken_links


def test_real_content_validates(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    status, _, err = run("check")
    assert status == 0, err


def test_regions_are_the_35_arbeidsmarktregios_with_their_cbs_codes():
    site = load(ROOT / "content")
    geo = json.loads((ROOT / "sitegen" / "model" / "geodata" / "arbeidsmarktregio_2025.geojson").read_text(encoding="utf-8"))
    expected = {f["properties"]["statcode"]: f["properties"]["statnaam"] for f in geo["features"]}
    regions = {t.code: t.label for t in site.taxonomies["regions"].values()}
    assert len(regions) == 35
    assert regions == expected


def test_the_seed_record_is_shipped_as_written_in_the_source():
    site = load(ROOT / "content")
    record = next(i for i in site.initiatives if i.slug == "regio-hoogeveen-sterk-techniekonderwijs")
    assert record.regions == ("drenthe",) and record.start_year == 2018
    assert record.levels == ("bestuurlijk", "uitvoerend")
    assert [site.term("themes", k).number for k in record.themes] == [2, 3]
    assert {site.organisation_by_slug[s].name for s in record.organisations} == {
        "RSG Wolfsbos", "Roelof van Echten College", "Alfa-college"}
    assert record.contact is None  # the source gives no contact: nothing is invented


def test_every_organisation_is_named_by_an_initiative_or_is_national():
    site = load(ROOT / "content")
    for organisation in site.organisations:
        named = organisation.slug in site.initiatives_by_organisation
        assert named or organisation.type == "landelijke-organisatie", organisation.slug


def test_real_site_builds_with_search_and_intact_links(real_site):
    assert (real_site / "pagefind" / "pagefind.js").is_file()
    assert broken_links(real_site, "/overzicht/") == []
    home = BeautifulSoup((real_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Ontmoeten" in [a.get_text() for a in home.select("nav.main-nav a")]


def test_the_directory_is_national_and_every_record_has_a_source():
    site = load(ROOT / "content")
    regions = {region for initiative in site.initiatives for region in initiative.regions}
    assert len(site.initiatives) >= 60
    assert len(regions) >= 28
    for initiative in site.initiatives:
        # A full address in 'sources', or, where a source is only a site's name, named in the text.
        assert initiative.sources or "Bron: " in initiative.body, initiative.slug


def test_records_lie_in_the_regions_of_their_municipalities():
    site = load(ROOT / "content")
    municipalities = site.taxonomies["municipalities"]
    placed = 0
    for initiative in site.initiatives:
        if initiative.municipalities:
            placed += 1
            assert set(initiative.regions) == {municipalities[m].region for m in initiative.municipalities}
            assert set(initiative.provinces) == {municipalities[m].province for m in initiative.municipalities}
    assert placed >= 50
    by_slug = {i.slug: i for i in site.initiatives}
    # The two records the first sources placed wrongly, by the CBS table.
    # STO Assen e.o.: Assen lies in region Groningen; its schools' locations Eelde, Norg and Gieten
    # too, Beilen (Midden-Drenthe) in region Drenthe.
    assert set(by_slug["sto-assen"].regions) == {"groningen", "drenthe"} and by_slug["sto-assen"].provinces == ("drenthe",)
    assert set(by_slug["sto-assen"].municipalities) == {"assen", "tynaarlo", "noordenveld", "aa-en-hunze",
                                                         "midden-drenthe"}
    assert by_slug["sto-zoetermeer"].regions == ("zuid-holland-centraal",)
    assert set(by_slug["sto-emmen-ter-apel"].regions) == {"drenthe", "groningen"}


def test_the_342_municipalities_and_12_provinces_of_2025():
    site = load(ROOT / "content")
    municipalities = site.taxonomies["municipalities"]
    assert len(municipalities) == 342 and len({m.code for m in municipalities.values()}) == 342
    geo = json.loads((ROOT / "sitegen" / "model" / "geodata" / "provincie_2025.geojson").read_text(encoding="utf-8"))
    assert {t.code: t.label for t in site.taxonomies["provinces"].values()} == {
        f["properties"]["statcode"]: f["properties"]["statnaam"] for f in geo["features"]}
    assert set(site.municipalities_by_region) == set(site.taxonomies["regions"])  # every region has some
    # Spot checks against CBS' "Gebieden in Nederland", and what people often get wrong.
    expected = {"assen": "groningen", "tynaarlo": "groningen", "meppel": "regio-zwolle",
                "zoetermeer": "zuid-holland-centraal", "meierijstad": "noordoost-brabant",
                "uitgeest": "noord-holland-noord", "emmen": "drenthe", "s-gravenhage": "haaglanden"}
    assert {key: municipalities[key].region for key in expected} == expected


def test_every_municipality_is_listed_on_the_real_site(real_site):
    page = BeautifulSoup((real_site / "gemeenten" / "index.html").read_text(encoding="utf-8"), "html.parser")
    names = [li.get_text(" ", strip=True).split(":")[0].split(" (gemeente ")[0] for li in page.select(".place-list li")]
    site = load(ROOT / "content")
    official = {m.label for m in site.taxonomies["municipalities"].values()}
    assert official <= set(names)
    assert "Den Haag" in names and "Den Bosch" in names


def test_records_read_as_finished():
    """No public text speaks of what a source does or does not say (that is for editors, in a
    '# Redactie:' comment), no two organisations share a name, and no draft is published."""
    import re
    from collections import Counter

    site = load(ROOT / "content")
    editorial = re.compile(r"\b(?:de|het|volgens de|deze) bron(?:nen)?\b", re.IGNORECASE)
    for record in (*site.initiatives, *site.organisations, *site.news, *site.pages):
        public = [getattr(record, name, None) or "" for name in ("title", "summary", "body")]
        assert not any(editorial.search(text) for text in public), record.source
    names = Counter(o.name.casefold() for o in site.organisations)
    assert [name for name, count in names.items() if count > 1] == []


def test_most_regions_hold_at_least_three_sourced_initiatives():
    from collections import Counter

    site = load(ROOT / "content")  # every record has a source: test_the_directory_is_national_and_...
    per_region = Counter(region for i in site.initiatives for region in i.regions)
    assert sum(1 for key in site.taxonomies["regions"] if per_region[key] >= 3) >= 30, sorted(
        (per_region[key], key) for key in site.taxonomies["regions"])
