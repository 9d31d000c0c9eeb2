"""One table of record kinds and one of facets (sitegen/model/kinds.py): the built pages, the
search panel and the URLs all follow it, so adding a facet or a kind is one edit."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup
from support import SITES

from sitegen.content.discover import ITEM_FOLDERS
from sitegen.model import kinds, urls


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def filter_names(page) -> set[str]:
    """The Pagefind filters a page declares ('type:initiatief' declares 'type')."""
    return {element["data-pagefind-filter"].split(":")[0] for element in page.select("[data-pagefind-filter]")}


def test_the_pages_are_marked_with_exactly_the_facets_of_the_table(full_site):
    initiative = soup(full_site / "initiatieven" / "techniek-drenthe" / "index.html")
    assert filter_names(initiative) == {facet.name for facet in kinds.SEARCH_FACETS}
    for kind in kinds.RECORD_KINDS:  # and every record's page says its type as the table does
        folder = full_site / kind.section if kind.section else full_site / "over"
        page = next(folder.glob("*/index.html")) if kind.section else folder / "index.html"
        assert f"type:{kind.search_type}" in str(soup(page).select_one("[data-pagefind-body]"))


def test_the_search_panels_offer_the_facets_of_the_table(full_site):
    for path, facets, fixed in ((urls.SEARCH, kinds.SEARCH_FACETS, None),
                                (urls.INITIATIVES, kinds.INITIATIVE_FACETS, "initiatief")):
        config = json.loads(soup(full_site / path / "index.html").select_one("[data-search]")["data-config"])
        assert config["facets"] == [{"name": f.name, "label": f.label} for f in facets]
        assert config["fixedType"] == fixed
        assert set(config["types"]) == {k.search_type for k in kinds.RECORD_KINDS}


def test_the_search_script_names_no_facet_of_its_own(full_site):
    script = (full_site / "assets" / "search.js").read_text(encoding="utf-8")
    for facet in kinds.SEARCH_FACETS:
        if facet.name != "type":  # Pagefind's own name for the kind of record
            assert not re.search(rf"[\"']{facet.name}[\"']", script), facet.name


def test_folders_sections_and_reserved_segments_come_from_the_table(full_site):
    assert ITEM_FOLDERS == {k.folder: k.kind for k in kinds.RECORD_KINDS}
    # Every top-level name the generator writes is reserved, so no fixed page can take it.
    written = {p.name for p in full_site.iterdir()} - {"index.html"}
    fixed_pages = {p.stem for p in (SITES / "full" / "pages").glob("*.md")}  # at the top level by design
    assert written - fixed_pages <= urls.RESERVED_SEGMENTS
