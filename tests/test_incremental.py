"""Incremental builds carry unchanged files over from the previous build. They must never
lie: after every kind of edit an editor or developer makes, the site is byte for byte the
one a cold build writes, and only the pages the edit touches are made again."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from support import ROOT, SITES, differing_files, replace_in
from support import build_options as options

from sitegen.pipeline.build import build
from sitegen.preview.serve import OPEN_DATA, Preview

NEW_INITIATIVE = """---
title: Bouwplaats Drenthe
summary: Leerlingen bouwen mee aan echte projecten.
region: drenthe
sectors:
  - techniek
parties:
  - vmbo
organisations:
  - bouwbedrijf-noord
---

Een nieuw initiatief.
"""

# (what an editor does, the change) -- applied one after another to one content tree.
EDITS = [
    ("an initiative's summary", lambda c, t: replace_in(
        c / "initiatives/zorg-twente.md", "maken samen een doorlopende", "bouwen samen een doorlopende")),
    ("an initiative's body", lambda c, t: replace_in(
        c / "initiatives/zorg-twente.md", "met stages bij", "met stages en gastlessen bij")),
    ("an organisation's name, shown on the initiatives naming it", lambda c, t: replace_in(
        c / "organisations/rsg-noord.md", "name: RSG Noord", "name: RSG Noord-Drenthe")),
    ("an organisation's type", lambda c, t: replace_in(
        c / "organisations/rsg-noord.md", "type: vmbo-school", "type: mbo-instelling")),
    ("an initiative moved to another region", lambda c, t: replace_in(
        c / "initiatives/zorg-twente.md", "region: twente", "region: drenthe")),
    ("a municipality moved to another region (its initiatives follow)", lambda c, t: replace_in(
        c / "taxonomies/municipalities.yml", "code: GM1950\n  region: groningen", "code: GM1950\n  region: twente")),
    ("another name for a municipality", lambda c, t: replace_in(
        c / "taxonomies/municipalities.yml", "    - Klazienaveen\n", "    - Klazienaveen\n    - Emmer-Compascuum\n")),
    ("a municipality added to an initiative", lambda c, t: replace_in(
        c / "initiatives/zorg-twente.md", "region: drenthe\n", "region: drenthe\nmunicipalities:\n  - Hoogeveen\n  - Assen\n")),
    ("a link to another record in a body", lambda c, t: replace_in(
        c / "pages/ontmoeten.md", "collega's ontmoet,", "collega's ontmoet (zie [Zorgroute](../initiatives/zorg-twente.md)),")),
    ("a sector's label", lambda c, t: replace_in(c / "taxonomies/sectors.yml", "label: Techniek", "label: Techniek en bouw")),
    ("a menu page's title", lambda c, t: replace_in(c / "pages/over.md", "title: Over deze site", "title: Over ons")),
    ("a page's body, not in the menu", lambda c, t: replace_in(c / "pages/verborgen.md", "Niet in het menu.", "Nog steeds niet.")),
    ("the site's title", lambda c, t: replace_in(c / "site.yml", "title: Volledige testsite", "title: Andere titel")),
    ("a news item", lambda c, t: replace_in(c / "news/eerste-bericht.md", "Een bericht om te testen.", "Nieuw.")),
    ("a new initiative", lambda c, t: (c / "initiatives/bouwplaats-drenthe.md").write_text(NEW_INITIATIVE)),
    ("an initiative deleted", lambda c, t: (c / "initiatives/leerlijn-groningen.md").unlink()),
    ("an initiative verified long ago (stale)", lambda c, t: replace_in(
        c / "initiatives/zorg-twente.md", "start_year: 2021", "start_year: 2021\nlast_verified: 2001-01-01")),
    ("a template", lambda c, t: replace_in(t / "initiative.html", "<h2>Over dit initiatief</h2>", "<h2>Beschrijving</h2>")),
    ("a stylesheet", lambda c, t: (t / "assets" / "site.css").write_text(
        (t / "assets" / "site.css").read_text() + "\n.nieuw { color: #000; }\n")),
]


@pytest.fixture
def tree(tmp_path):
    content, templates = tmp_path / "content", tmp_path / "templates"
    shutil.copytree(SITES / "full", content)
    shutil.copytree(ROOT / "templates", templates)
    return content, templates


# Two jobs: the same edits through the worker pool (slow tier: a pool per build; parallel = serial is
# also checked on its own, quickly, in test_build_speed.py).
@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=pytest.mark.slow)])
def test_after_every_kind_of_edit_an_incremental_build_equals_a_cold_one(tmp_path, tree, jobs):
    content, templates = tree
    first = build(options(tmp_path, content, templates, "output", jobs=jobs))
    assert first.rendered == first.pages

    again = build(options(tmp_path, content, templates, "output", jobs=jobs))
    assert again.rendered == 0  # nothing changed: every file carried over

    for number, (what, edit) in enumerate(EDITS):
        edit(content, templates)
        report = build(options(tmp_path, content, templates, "output", jobs=jobs))
        cold = build(options(tmp_path, content, templates, f"cold-{number}", cache_dir=None))
        assert differing_files(tmp_path / "output", tmp_path / f"cold-{number}") == [], what
        if what == "a stylesheet":  # copied as it is: no page reads it
            assert report.rendered == 0
        else:
            assert 0 < report.rendered, what
        assert cold.rendered == cold.pages


def test_one_changed_initiative_remakes_only_the_pages_that_show_it(tmp_path, tree):
    content, templates = tree
    build(options(tmp_path, content, templates, "output"))
    before = {p: os.stat(p).st_ino for p in (tmp_path / "output").rglob("*.html")}
    replace_in(content / "initiatives/zorg-twente.md", "maken samen een doorlopende", "bouwen samen een doorlopende")
    build(options(tmp_path, content, templates, "output"))

    remade = sorted(p.relative_to(tmp_path / "output").as_posix() for p in (tmp_path / "output").rglob("*.html")
                    if before.get(p) != os.stat(p).st_ino)
    assert "initiatieven/zorg-twente/index.html" in remade
    assert "organisaties/rsg-noord/index.html" in remade  # its card is on the organisation's page
    assert "regio/twente/index.html" in remade and "sector/zorg-en-welzijn/index.html" in remade
    assert "index.html" in remade and "initiatieven/index.html" in remade  # site-wide listings
    # ... and nothing that does not show it.
    for untouched in ("initiatieven/techniek-drenthe/index.html", "organisaties/alfa-college/index.html",
                      "regio/drenthe/index.html", "sector/techniek/index.html", "nieuws/eerste-bericht/index.html"):
        assert untouched not in remade


def test_what_lists_every_record_is_remade_only_when_what_it_shows_changed(tmp_path, tree):
    # The sitemap, the feed, the figures and open data list every record but show little of
    # each (view.paths, view.listed, view.value_counts): at 10,000 initiatives remaking them
    # was most of the cost of an edit.
    content, templates = tree
    subprocess.run(["git", "init", "-q"], cwd=content, check=True)
    subprocess.run(["git", "add", "-A"], cwd=content, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "start"],
                   cwd=content, check=True)  # with history: initiatives are in the feed
    output = tmp_path / "output"
    build(options(tmp_path, content, templates, "output"))
    listing_everything = {"sitemap.xml", "feed.xml", "cijfers/index.html", "data/initiatieven.json",
                          "data/initiatieven.csv", "data/organisaties.json", "data/organisaties.csv"}
    assert "Zorgroute Twente" in (output / "feed.xml").read_text(encoding="utf-8")

    def edit(old: str, new: str) -> set[str]:
        before = inodes(output)
        replace_in(content / "initiatives/zorg-twente.md", old, new)
        build(options(tmp_path, content, templates, "output"))
        remade = set(remade_files(output, before))
        assert "initiatieven/zorg-twente/index.html" in remade
        return remade & listing_everything

    assert edit("met stages bij", "met stages en gastlessen bij") == set()  # the description: none
    # The summary is in the feed and open data; not in the sitemap, the figures or the rows of
    # the organisations it names.
    assert edit("maken samen een doorlopende", "bouwen samen een doorlopende") == {
        "feed.xml", "data/initiatieven.json", "data/initiatieven.csv"}
    assert "bouwen samen een doorlopende" in (output / "feed.xml").read_text(encoding="utf-8")
    # A note on the themes is only in open data; the start year is also counted on the figures page.
    assert edit("start_year: 2021", "start_year: 2021\ntheme_note: Zorg dichtbij.") == {
        "data/initiatieven.json", "data/initiatieven.csv"}
    assert edit("start_year: 2021", "start_year: 2019") == {
        "cijfers/index.html", "data/initiatieven.json", "data/initiatieven.csv"}
    build(options(tmp_path, content, templates, "cold", cache_dir=None))
    assert differing_files(output, tmp_path / "cold") == []


def remade_files(output: Path, before: dict[Path, int]) -> list[str]:
    """The outputs written again (assets are copied on every build, so left out)."""
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*")
                  if p.is_file() and before.get(p) != os.stat(p).st_ino and not p.is_relative_to(output / "assets"))


def inodes(output: Path) -> dict[Path, int]:
    return {p: os.stat(p).st_ino for p in output.rglob("*") if p.is_file()}


def test_an_edit_taken_back_is_taken_back_on_the_site_by_builds_in_new_processes(tmp_path, tree):
    # A revert makes a record the very version it was two builds ago: what the cache keeps of
    # that version (records are known by version across processes) must not keep the edit.
    content, templates = tree

    def build_in_a_new_process(output: str, *extra: str) -> None:
        subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(content),
                        "--templates", str(templates), "--output", str(tmp_path / output), "--no-search", *extra],
                       cwd=tmp_path, check=True, capture_output=True)

    record = content / "initiatives/zorg-twente.md"
    original = record.read_text(encoding="utf-8")
    build_in_a_new_process("output")
    replace_in(record, "maken samen een doorlopende", "bouwen samen een doorlopende")
    build_in_a_new_process("output")
    assert "bouwen samen een doorlopende" in (tmp_path / "output/initiatieven/zorg-twente/index.html").read_text()
    record.write_text(original, encoding="utf-8")
    build_in_a_new_process("output")
    build_in_a_new_process("cold", "--no-cache")
    assert differing_files(tmp_path / "output", tmp_path / "cold") == []


def test_a_template_change_remakes_exactly_the_pages_that_use_it(tmp_path, tree):
    content, templates = tree
    output = tmp_path / "output"
    build(options(tmp_path, content, templates, "output"))
    before = inodes(output)
    replace_in(templates / "news_item.html", "{% block content %}", "{% block content %}<p>Bericht</p>")
    build(options(tmp_path, content, templates, "output"))
    news_pages = sorted(p.relative_to(output).as_posix() for p in (output / "nieuws").glob("*/index.html"))
    assert news_pages and remade_files(output, before) == news_pages

    before = inodes(output)  # a partial: the pages that include it, through any template
    replace_in(templates / "partials/correction.html", "Pas het bestand zelf aan op GitHub", "Pas het bestand aan")
    build(options(tmp_path, content, templates, "output"))
    remade = remade_files(output, before)
    assert "initiatieven/zorg-twente/index.html" in remade and "organisaties/rsg-noord/index.html" in remade
    assert not any(p.startswith(("regio/", "nieuws/", "data/")) for p in remade)
    build(options(tmp_path, content, templates, "cold", cache_dir=None))
    assert differing_files(output, tmp_path / "cold") == []


def test_a_template_that_starts_to_show_something_new_is_kept_up_to_date(tmp_path, tree):
    """The newcomer's case: no list to update anywhere, the pages follow what they now show."""
    content, templates = tree
    build(options(tmp_path, content, templates, "output"))
    replace_in(templates / "news_item.html", "{% block content %}",
               "{% block content %}<ul>{% for i in site.initiatives[:2] %}<li>{{ i.title }}</li>{% endfor %}</ul>")
    build(options(tmp_path, content, templates, "output"))
    page = tmp_path / "output" / "nieuws" / "eerste-bericht" / "index.html"
    assert "<li>Leerlijn Groningen</li>" in page.read_text()
    replace_in(content / "initiatives/leerlijn-groningen.md", "title: Leerlijn Groningen", "title: Leerlijn Stad")
    build(options(tmp_path, content, templates, "output"))
    assert "<li>Leerlijn Stad</li>" in page.read_text()
    build(options(tmp_path, content, templates, "cold", cache_dir=None))
    assert differing_files(tmp_path / "output", tmp_path / "cold") == []


def test_a_page_follows_only_what_it_shows_of_its_related_initiatives(tmp_path, tree):
    """techniek-drenthe's aside lists leerlijn-groningen by title: another description of it
    leaves that page alone, another title remakes it."""
    content, templates = tree
    output = tmp_path / "output"
    aside = output / "initiatieven" / "techniek-drenthe" / "index.html"
    build(options(tmp_path, content, templates, "output"))
    assert ">Leerlijn Groningen</a>" in aside.read_text()
    before = inodes(output)
    with open(content / "initiatives" / "leerlijn-groningen.md", "a", encoding="utf-8") as file:
        file.write("\nEen zin erbij.\n")
    build(options(tmp_path, content, templates, "output"))
    remade = remade_files(output, before)
    assert "initiatieven/leerlijn-groningen/index.html" in remade
    assert "initiatieven/techniek-drenthe/index.html" not in remade
    replace_in(content / "initiatives/leerlijn-groningen.md", "title: Leerlijn Groningen", "title: Leerlijn Stad")
    build(options(tmp_path, content, templates, "output"))
    assert ">Leerlijn Stad</a>" in aside.read_text()
    build(options(tmp_path, content, templates, "cold", cache_dir=None))
    assert differing_files(output, tmp_path / "cold") == []


def test_a_hand_edited_output_file_is_made_again(tmp_path, tree):
    content, templates = tree
    build(options(tmp_path, content, templates, "output"))
    page = tmp_path / "output" / "initiatieven" / "zorg-twente" / "index.html"
    original = page.read_bytes()
    page.write_bytes(b"kapot")
    (tmp_path / "output" / "initiatieven" / "techniek-drenthe" / "index.html").unlink()
    report = build(options(tmp_path, content, templates, "output"))
    assert page.read_bytes() == original
    assert (tmp_path / "output" / "initiatieven" / "techniek-drenthe" / "index.html").is_file()
    assert report.rendered == 2


def test_git_dates_on_the_pages_follow_the_history(tmp_path, tree):
    content, templates = tree

    def commit(day: str) -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": f"{day}T12:00:00Z", "GIT_COMMITTER_DATE": f"{day}T12:00:00Z",
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@t"}
        subprocess.run(["git", "add", "-A"], cwd=content, check=True, env=env)
        subprocess.run(["git", "commit", "-qm", day], cwd=content, check=True, env=env)

    subprocess.run(["git", "init", "-q"], cwd=content, check=True)
    commit("2024-03-01")
    build(options(tmp_path, content, templates, "output"))
    replace_in(content / "organisations/alfa-college.md", "name: Alfa-college", "name: Alfa-college\ncity: Assen")
    commit("2025-06-15")
    build(options(tmp_path, content, templates, "output"))
    build(options(tmp_path, content, templates, "cold", cache_dir=None))
    assert differing_files(tmp_path / "output", tmp_path / "cold") == []
    assert "15 juni 2025" in (tmp_path / "output" / "organisaties" / "alfa-college" / "index.html").read_text()


def test_the_preview_remakes_only_what_an_edit_touches_and_equals_a_cold_preview(tmp_path, tree):
    content, templates = tree
    preview = Preview(options(tmp_path, content, templates, "output"), log=lambda _: None)
    assert preview.rebuild()
    pages = preview.report.pages
    replace_in(content / "organisations/alfa-college.md", "name: Alfa-college", "name: Alfa-college Hoogeveen")
    assert preview.rebuild()
    assert 0 < preview.report.rendered < pages / 2
    build(options(tmp_path, content, templates, "cold", cache_dir=None, preview=True))
    assert differing_files(tmp_path / "output", tmp_path / "cold", skip="__sitegen/") == []


def test_whatever_the_spare_folder_holds_the_site_comes_out_right(tmp_path, tree):
    """The replaced site is reused as the next staging folder; nothing in it is trusted."""
    content, templates = tree
    build(options(tmp_path, content, templates, "output"))
    build(options(tmp_path, content, templates, "output"))
    spare = tmp_path / ".output-spare"
    assert (spare / "index.html").is_file()
    (spare / "verdwaald.html").write_text("weg ermee")
    (spare / "initiatieven" / "zorg-twente" / "index.html").write_text("oud en fout")
    shutil.rmtree(spare / "organisaties" / "rsg-noord")
    (spare / "organisaties" / "rsg-noord").write_text("een bestand waar een map hoort")
    (spare / "404.html").unlink()
    (spare / "404.html").mkdir()
    replace_in(content / "initiatives/zorg-twente.md", "maken samen een doorlopende", "bouwen samen een doorlopende")
    build(options(tmp_path, content, templates, "output"))
    build(options(tmp_path, content, templates, "cold", cache_dir=None))
    assert differing_files(tmp_path / "output", tmp_path / "cold") == []


def test_outputs_put_off_keep_their_published_file_until_the_next_build(tmp_path, tree):
    # serve makes the open data (22 MB at 10,000 initiatives) right after the pages an edit
    # changed are served: that build keeps the published files, and the next one makes them.
    content, templates = tree
    output = tmp_path / "output"
    build(options(tmp_path, content, templates, "output"))
    before = (output / "data/initiatieven.json").read_bytes()
    replace_in(content / "initiatives/zorg-twente.md", "maken samen een doorlopende", "bouwen samen een doorlopende")
    first = build(replace(options(tmp_path, content, templates, "output"), later=OPEN_DATA))
    assert set(first.postponed) == {"data/initiatieven.json", "data/initiatieven.csv"}
    assert (output / "data/initiatieven.json").read_bytes() == before  # the published file, whole
    assert "bouwen samen" in (output / "initiatieven/zorg-twente/index.html").read_text(encoding="utf-8")
    second = build(options(tmp_path, content, templates, "output"))
    assert second.postponed == () and second.rendered == 2  # just the two put off, nothing else changed
    build(options(tmp_path, content, templates, "cold", cache_dir=None))
    assert differing_files(output, tmp_path / "cold") == []
