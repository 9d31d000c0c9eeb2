"""Listings come in numbered pages (/initiatieven/pagina/2/, /regio/x/pagina/2/): every
initiative on exactly one page, links between them, and one changed initiative remakes
only the page of each listing it is on."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from support import ROOT, build_options, differing_files, initiative, replace_in

from sitegen.model.listings import PAGE_SIZE, Pagination
from sitegen.pipeline.build import build

COUNT = 2 * PAGE_SIZE + 5  # three pages: full, full, five


def many_initiatives() -> dict[str, str]:
    """COUNT initiatives in Drenthe (and no others), titled so that A-Z order is their number."""
    files: dict[str, str | None] = {"initiatives/voorbeeld.md": None}
    files.update({f"initiatives/proef-{n:03}.md": initiative(title=f"title: Proef {n:03}", region="region: drenthe")
                  for n in range(COUNT)})
    return files


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def card_titles(page) -> list[str]:
    return [a.get_text() for a in page.select(".cards .card-title a")]


def test_the_overview_and_term_pages_are_split_into_numbered_pages(make_site, run):
    make_site(many_initiatives())
    assert run("build", "--no-search")[0] == 0
    for first in ("output/initiatieven", "output/regio/drenthe"):
        pages = [soup(Path(first) / "index.html")]
        pages += [soup(Path(first) / "pagina" / str(n) / "index.html") for n in (2, 3)]
        titles = [card_titles(page) for page in pages]
        assert [len(t) for t in titles] == [PAGE_SIZE, PAGE_SIZE, 5]
        everything = [t for page in titles for t in page]
        assert everything == sorted(everything) and len(set(everything)) == COUNT  # each once, A-Z
        assert not (Path(first) / "pagina" / "4").exists()

        second = pages[1]
        assert ", pagina 2 van 3" in second.title.get_text()
        nav = second.select_one("nav.pagination")
        assert nav.select_one("[aria-current=page]").get_text() == "Pagina 2"
        assert nav.select_one("a[rel=prev]")["href"].endswith(first.removeprefix("output") + "/")
        assert nav.select_one("a[rel=next]")["href"].endswith("/pagina/3/")
        assert f"{PAGE_SIZE + 1}–{2 * PAGE_SIZE} van {COUNT}" in nav.get_text()
        assert pages[0].select_one("a[rel=prev]") is None and pages[2].select_one("a[rel=next]") is None


def test_page_links_show_the_ends_and_the_neighbours():
    def numbers(number: int, pages: int):
        return Pagination((), number, pages * PAGE_SIZE, "x/").numbers()

    assert numbers(1, 1) == [1]
    assert numbers(1, 4) == [1, 2, 3, 4]
    assert numbers(10, 20) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert numbers(4, 20) == [1, 2, 3, 4, 5, 6, None, 20]  # a gap of one page is shown as that page
    assert numbers(20, 20) == [1, None, 18, 19, 20]


def test_one_changed_initiative_remakes_one_page_of_each_listing(tmp_path, make_site):
    content = make_site(many_initiatives())
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    options = build_options(tmp_path, content, templates, "output")
    build(options)
    output = tmp_path / "output"
    before = {p: os.stat(p).st_ino for p in output.rglob("*.html")}
    replace_in(content / "initiatives/proef-030.md", "Scholen en bedrijven", "Vmbo en bedrijven")
    build(options)
    remade = {p.relative_to(output).as_posix() for p in output.rglob("*.html") if before.get(p) != os.stat(p).st_ino}
    assert "initiatieven/pagina/2/index.html" in remade and "regio/drenthe/pagina/2/index.html" in remade
    for untouched in ("initiatieven/index.html", "initiatieven/pagina/3/index.html", "regio/drenthe/index.html",
                      "regio/drenthe/pagina/3/index.html"):
        assert untouched not in remade
    build(build_options(tmp_path, content, templates, "cold", cache_dir=None))
    assert differing_files(output, tmp_path / "cold") == []
    assert "Vmbo en bedrijven" in (output / "initiatieven/pagina/2/index.html").read_text(encoding="utf-8")
