"""`diff BASE` reads both sides as `check` does: broken or hostile files are named with the
reason, renames show as renames, and derived regions that moved are listed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from support import ROOT, git, initiative, item


@pytest.fixture
def committed(make_site, tmp_path):
    """The minimal site, committed as the base; returns its content folder."""
    content = make_site(base="full")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    return content


def diff(*args: str) -> subprocess.CompletedProcess:
    # A real process with a time limit: an alias bomb or a pipe must not make it hang or swell.
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "diff", *args],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("text, reason", [
    ("---\ntitle: Nieuw\n", "front matter wordt niet afgesloten"),
    ("---\n", "front matter wordt niet afgesloten"),
    ("---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n\nTekst\n", "te diep genest"),
    ("---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n\nTekst\n", "alias"),
])
def test_a_file_that_cannot_be_read_is_named_with_the_reason(committed, text, reason):
    (committed / "initiatives" / "techniek-drenthe.md").write_text(text, encoding="utf-8")
    result = diff("HEAD")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "### Niet te lezen" in result.stdout
    line = next(line for line in result.stdout.splitlines() if line.startswith("- `content/initiatives/techniek-drenthe.md` (nu): "))
    assert reason in line
    assert "### Verwijderd" not in result.stdout and "### Gewijzigd" not in result.stdout


def test_a_link_to_a_device_is_not_read_on_either_side(committed, tmp_path):
    os.symlink("/dev/zero", committed / "initiatives" / "nul.md")
    result = diff("HEAD")
    assert "- `content/initiatives/nul.md` (nu): verwijst naar een bestand buiten content/" in result.stdout
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "link")
    (committed / "initiatives" / "nul.md").unlink()
    result = diff("HEAD")
    assert result.returncode == 0, result.stderr
    assert "- `content/initiatives/nul.md` (HEAD): verwijst naar een bestand buiten content/" in result.stdout


def test_a_byte_order_mark_changes_nothing_but_what_changed(committed):
    path = committed / "initiatives" / "techniek-drenthe.md"
    path.write_text("\ufeff" + path.read_text(encoding="utf-8").replace("start_year: 2018", "start_year: 2019"),
                    encoding="utf-8")
    out = diff("HEAD").stdout
    assert "0 toegevoegd, 1 gewijzigd, 0 verwijderd" in out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "veld" not in line]
    assert rows == ["| Startjaar (`start_year`) | 2018 | 2019 |"]


def test_a_renamed_file_shows_as_renamed(committed):
    (committed / "initiatives" / "techniek-drenthe.md").rename(committed / "initiatives" / "techniekpact-drenthe.md")
    out = diff("HEAD").stdout
    assert "0 toegevoegd, 0 gewijzigd, 0 verwijderd, 1 hernoemd" in out
    assert ("- Initiatief: Techniekpact Drenthe: `content/initiatives/techniek-drenthe.md` → "
            "`content/initiatives/techniekpact-drenthe.md`") in out


def test_a_municipality_moved_to_another_region_lists_the_initiatives_it_moves(committed):
    path = committed / "taxonomies" / "municipalities.yml"
    text = path.read_text(encoding="utf-8")
    moved = "- key: westerwolde\n  label: Westerwolde\n  code: GM1950\n  region: "
    assert moved + "groningen\n" in text  # Ter Apel, where Techniekpact Drenthe also works
    path.write_text(text.replace(moved + "groningen\n", moved + "twente\n"), encoding="utf-8")
    out = diff("HEAD").stdout
    assert "Geen wijzigingen" not in out
    assert "### Andere regio of provincie" in out
    row = next(line for line in out.splitlines() if line.startswith("| Techniekpact Drenthe |"))
    assert "Groningen (regio)" in row.split("|")[2] and "Twente (regio)" in row.split("|")[3]


@pytest.mark.parametrize("base", ["--output=/tmp/x", "-h", "geen-revisie"])
def test_a_revision_that_is_no_revision_is_refused(committed, base):
    result = diff("--", base)  # after '--' the command takes it as the revision; git must not see an option
    assert result.returncode == 2
    assert result.stderr.startswith(f"fout: revisie '{base}' niet gevonden")


def test_an_added_record_and_no_changes(committed):
    assert "Geen wijzigingen in initiatieven" in diff("HEAD").stdout
    (committed / "organisations" / "nieuw-college.md").write_text(item("name: Nieuw College", "type: vmbo-school",
                                                                       body=""), encoding="utf-8")
    (committed / "initiatives" / "nieuw.md").write_text(initiative(), encoding="utf-8")
    out = diff("HEAD").stdout
    assert "2 toegevoegd, 0 gewijzigd, 0 verwijderd" in out
