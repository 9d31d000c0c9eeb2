"""Hostile input on the newer surfaces: the marker of internal links, open data in a
spreadsheet, files that are not files, forged annotations, unbounded output."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from support import INI, ROOT, initiative

from sitegen.content.markup import render_markdown, site_links
from sitegen.model.diagnostics import MAX_PER_FILE, Diagnostic

# -- the marker host of internal links cannot be written in content --------------------------

@pytest.mark.parametrize("text", [
    "[x](https://record.invalid//evil.example/p)",
    "<https://RECORD.invalid//evil.example/p>",
    '<a href="https://record.invalid//evil.example/p">x</a>',
    '<a href="HTTPS://record.invalid/organisaties/x/">x</a>',
    "[x](https://record&#46;invalid//evil.example/p)",
])
def test_a_link_to_the_marker_host_written_in_content_loses_its_address(text):
    html = site_links(render_markdown(text, "initiatives"), "/repo/")
    assert "evil.example" not in html.replace(">https://RECORD.invalid//evil.example/p<", "><")
    assert 'href="/' not in html and 'href="//' not in html
    assert "href" not in BeautifulSoup(html, "html.parser").a.attrs


def test_a_link_to_a_record_file_still_becomes_a_page_on_this_site():
    html = site_links(render_markdown("[Alfa](../organisations/alfa-college.md#contact)", "initiatives"), "/repo/")
    assert BeautifulSoup(html, "html.parser").a["href"] == "/repo/organisaties/alfa-college/#contact"


def test_a_built_page_with_the_marker_in_its_body_links_nowhere_off_the_site(make_site, run, tmp_path):
    make_site({"initiatives/voorbeeld.md": initiative().replace(
        "Een beschrijving.", "Zie [hier](https://record.invalid//evil.example/p).")}, base="full")
    assert run("build", "--base-url", "https://voorbeeld.nl/repo/", "--no-search", "--output", "out")[0] == 0
    page = BeautifulSoup((tmp_path / "out" / "initiatieven" / "voorbeeld" / "index.html").read_text(encoding="utf-8"),
                         "html.parser")
    body = page.select_one("[data-pagefind-body]")
    assert "hier" in body.get_text()
    assert [a["href"] for a in body.find_all("a", href=True) if "evil" in a["href"]] == []


# -- open data opened in a spreadsheet ------------------------------------------------------

def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_json_keeps_them(make_site, run, tmp_path):
    import csv
    import io
    import json

    title = '=HYPERLINK("https://evil.example/","Klik")'
    make_site({"initiatives/voorbeeld.md": initiative(title=f"title: '{title}'",
                                                       summary="summary: '+31 ligt in het noorden van het land.'")},
              base="full")
    assert run("build", "--no-search", "--output", "out")[0] == 0
    raw = (tmp_path / "out" / "data" / "initiatieven.csv").read_bytes().decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(raw), delimiter=";") if r["slug"] == "voorbeeld")
    assert row["titel"] == "'" + title
    assert row["samenvatting"] == "'+31 ligt in het noorden van het land."
    data = json.loads((tmp_path / "out" / "data" / "initiatieven.json").read_text(encoding="utf-8"))
    assert next(i for i in data["initiatieven"] if i["slug"] == "voorbeeld")["titel"] == title


# -- files that are not files ----------------------------------------------------------------

def test_a_pipe_and_links_that_lead_nowhere_are_problems_among_the_others(make_site, run):
    content = make_site({"organisations/alfa-college.md": "---\nname: Alfa-college\ntype: geen-soort\n---\n"})
    os.mkfifo(content / "initiatives" / "pijp.md")
    os.symlink("lus.md", content / "initiatives" / "lus.md")
    os.symlink("bestaat-niet.md", content / "organisations" / "kapot.md")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--format", "github"],
                            capture_output=True, text=True, timeout=60)  # a pipe read with blocking would hang
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "::error file=content/initiatives/lus.md,line=1,col=1::kan het bestand niet lezen: de koppeling " \
           "verwijst in een kring naar zichzelf" in lines
    assert "::error file=content/initiatives/pijp.md,line=1,col=1::geen gewoon bestand (maar bijvoorbeeld een pipe " \
           "of een apparaat); alleen tekstbestanden horen hier" in lines
    assert "::error file=content/organisations/kapot.md,line=1,col=1::kan het bestand niet lezen: de koppeling " \
           "leidt naar een bestand dat niet bestaat" in lines
    assert any("geen-soort" in line for line in lines), "the other problems are still reported"
    assert "Traceback" not in result.stderr


# -- annotations ---------------------------------------------------------------------------------

def test_a_file_name_cannot_forge_an_annotation():
    problem = Diagnostic("content/initiatives/x,line=99,title=Nep::y%0A.md", 3, 4, "fout: 100%\nklaar")
    assert problem.as_github() == ("::error file=content/initiatives/x%2Cline=99%2Ctitle=Nep%3A%3Ay%250A.md,"
                                   "line=3,col=4::fout: 100%25\\nklaar")  # the message was already one line


def test_a_forged_file_name_in_content_reaches_github_escaped(make_site, run):
    make_site({"initiatives/x,line=9::y.md": initiative()})
    status, out, _ = run("check", "--format", "github")
    assert status == 1
    assert out.startswith("::error file=content/initiatives/x%2Cline=9%3A%3Ay.md,line=1,col=1::ongeldige bestandsnaam")


# -- bounded output ----------------------------------------------------------------------------------

def test_problems_per_file_are_capped_with_a_count_of_the_rest(make_site, run):
    links = "\n".join(f"[x](../organisations/geen-{n}.md)" for n in range(2000))
    make_site({"initiatives/voorbeeld.md": initiative().replace("Een beschrijving.", links)})
    status, out, _ = run("check")
    lines = out.splitlines()
    assert status == 1 and len(lines) == MAX_PER_FILE + 1
    assert lines[0].startswith(f"{INI}:11:5: link naar '../organisations/geen-0.md'")
    assert lines[-1] == f"{INI}:{11 + MAX_PER_FILE}: en nog {2000 - MAX_PER_FILE} problemen in dit bestand; los eerst " \
                        "de bovenstaande op"


def test_the_feed_stays_well_formed_when_a_title_tried_a_control_character(make_site, run, tmp_path):
    make_site({"initiatives/voorbeeld.md": initiative(title='title: "Techniek\\x1b nu"')}, base="full")
    status, out, _ = run("build", "--no-search", "--output", "out")
    assert status == 1 and "stuurteken (U+001B)" in out + _
    assert not (tmp_path / "out").exists()


# -- links between record files: one reading of the Markdown decides checking and rendering ------

SHOWN_AS_CODE_OR_TEXT = """\
    [ingesprongen code](geen-een.md)

````md
```
[in een langer hek](geen-twee.md)
```
````

Een `code span [over
twee regels](geen-drie.md)` en \\[geen link\\](geen-vier.md).
"""


def test_links_the_page_shows_as_code_or_text_are_not_checked(make_site, run, tmp_path):
    make_site({"initiatives/voorbeeld.md": initiative().replace("Een beschrijving.\n", SHOWN_AS_CODE_OR_TEXT)},
              base="full")
    assert run("check")[0] == 0
    assert run("build", "--no-search", "--output", "out")[0] == 0
    body = BeautifulSoup((tmp_path / "out" / "initiatieven" / "voorbeeld" / "index.html").read_text(encoding="utf-8"),
                         "html.parser").select_one("[data-pagefind-body]")
    assert "geen-twee.md" in body.get_text() and "geen-drie.md" in body.get_text()


@pytest.mark.parametrize("link", [
    "/content/organisations/alfa-college.md",  # from the repository's root, as GitHub reads it
    "../../content/organisations/alfa-college.md",
    "../organisations/alfa-college.MD",
    "../organisations/alfa-college.md#correctie-kop",
])
def test_links_github_follows_lead_to_the_record_page(make_site, run, tmp_path, link):
    make_site({"initiatives/voorbeeld.md": initiative().replace("Een beschrijving.", f"Zie [Alfa]({link}).")},
              base="full")
    assert run("check")[0] == 0
    assert run("build", "--no-search", "--base-url", "https://voorbeeld.nl/repo/", "--output", "out")[0] == 0
    body = BeautifulSoup((tmp_path / "out" / "initiatieven" / "voorbeeld" / "index.html").read_text(encoding="utf-8"),
                         "html.parser").select_one("[data-pagefind-body]")
    fragment = "#correctie-kop" if "#" in link else ""
    assert body.find("a", string="Alfa")["href"] == f"/repo/organisaties/alfa-college/{fragment}"
