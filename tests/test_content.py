"""The real content/ validates, builds, and holds what the sources say."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from sitegen.build import load
from sitegen.links import broken_links

from support import ROOT


def test_real_content_validates(run, monkeypatch):
    monkeypatch.chdir(ROOT)
    status, _, err = run("check")
    assert status == 0, err


def test_regions_are_the_35_arbeidsmarktregios_with_their_cbs_codes():
    site = load(ROOT / "content")
    geo = json.loads((ROOT / "sitegen" / "geodata" / "arbeidsmarktregio_2025.geojson").read_text(encoding="utf-8"))
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
