"""Broken and hostile input: refused with a positioned message, in bounded time, nothing written;
paths outside content/ refused; a killed build never leaves a half-written site."""

from __future__ import annotations

import hashlib
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import INI, ROOT, SITES, initiative, item
from test_errors import CASES


def manifest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -- every broken tree of the error table, built: exit 1, exact message, output/ untouched ------

@pytest.mark.parametrize("files, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_broken_tree_leaves_output_untouched(make_site, run, tmp_path, files, expected):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("de vorige site")
    make_site(files)
    status, _, err = run("build", "--no-search")
    assert status == 1
    assert err.splitlines()[:len(expected)] == expected
    assert manifest(output) == {"index.html": hashlib.sha256(b"de vorige site").hexdigest()}
    assert not list(tmp_path.glob(".output-staging-*"))


def test_the_broken_corpus_has_at_least_fifty_trees():
    assert len(CASES) >= 50


# -- resource bombs -----------------------------------------------------------------------------

def timed_check(run) -> tuple[int, str, float]:
    started = time.monotonic()
    status, out, _ = run("check")
    return status, out, time.monotonic() - started


def test_alias_bomb_is_refused_quickly(make_site, run):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}]" for n in range(1, 30)]
    make_site({"initiatives/voorbeeld.md": item(*lines)})
    status, out, seconds = timed_check(run)
    assert status == 1 and seconds < 10
    assert out.splitlines() == [f"{INI}:3:10: ongeldige YAML: aliassen (*naam) worden niet ondersteund; "
                                "schrijf de waarde voluit"]


def test_a_ten_megabyte_body_is_refused(make_site, run):
    make_site({"initiatives/voorbeeld.md": initiative() + "tekst " * 1_750_000})
    status, out, seconds = timed_check(run)
    assert status == 1 and seconds < 10
    assert out.strip() == f"{INI}:1:1: bestand is te groot (10.5 MB; hoogstens 1 MB)"


def test_deep_nesting_is_refused(make_site, run):
    make_site({"initiatives/voorbeeld.md": item("title: " + "[" * 500 + "]" * 500)})
    status, out, seconds = timed_check(run)
    assert status == 1 and seconds < 10
    assert out.strip() == f"{INI}:2:27: ongeldige YAML: te diep genest (meer dan 20 niveaus)"


def test_a_hundred_thousand_item_list_is_refused(make_site, run):
    make_site({"initiatives/voorbeeld.md": initiative(sectors="sectors: [" + ", ".join(["a"] * 100_000) + "]")})
    status, out, seconds = timed_check(run)
    assert status == 1 and seconds < 20
    assert out.strip() == f"{INI}:5:10: 'sectors' heeft te veel waarden (100000; hoogstens 200)"


# -- path safety ----------------------------------------------------------------------------------

def test_a_symlink_out_of_content_is_refused(make_site, run, tmp_path):
    secret = tmp_path / "geheim.md"
    secret.write_text(initiative())
    content = make_site()
    (content / "initiatives" / "lek.md").symlink_to(secret)
    status, out, _ = run("check")
    assert status == 1
    assert out.strip() == "content/initiatives/lek.md:1:1: verwijst naar een bestand buiten content/; niet toegestaan"


def test_a_symlinked_folder_out_of_content_is_refused(make_site, run, tmp_path):
    outside = tmp_path / "elders"
    outside.mkdir()
    (outside / "stiekem.md").write_text(initiative())
    content = make_site()
    (content / "news").symlink_to(outside, target_is_directory=True)
    status, out, _ = run("check")
    assert status == 1
    assert out.strip() == "content/news/stiekem.md:1:1: verwijst naar een bestand buiten content/; niet toegestaan"


@pytest.mark.parametrize("name", ["twee--streepjes.md", "punt..md", "met spatie.md", "café.md", "a\nb.md", "-begin.md", "CON.md"])
def test_odd_file_names_are_refused(make_site, run, tmp_path, name):
    content = make_site()
    (content / "initiatives" / name).write_text(initiative())
    status, out, _ = run("check")
    assert status == 1
    assert ": ongeldige bestandsnaam" in out
    assert not (tmp_path / "output").exists()


def test_output_inside_content_cannot_overwrite_sources(make_site, run, tmp_path):
    make_site()
    status, _, err = run("build", "--no-search", "--output", "content")
    assert status == 2
    assert "output" in err and "content" in err
    assert (tmp_path / "content" / "site.yml").is_file()


# -- crash safety -----------------------------------------------------------------------------------

@pytest.mark.slow  # 50 builds, killed at random moments
def test_killing_builds_at_random_moments_never_leaves_a_half_written_site(tmp_path):
    """50 builds killed with SIGKILL at random moments: output/ is always a whole site, old or new."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(SITES / "full", content)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--no-search", "--content", str(content)]

    def build_into(output: Path) -> dict[str, str]:
        subprocess.run([*command, "--output", str(output)], check=True, capture_output=True)
        return manifest(output)

    page = content / "initiatives" / "zorg-twente.md"
    texts = {"old": page.read_text()}
    texts["new"] = texts["old"].replace("Zorgroute Twente", "Zorgroute Twente vernieuwd")
    sites = {"old": build_into(tmp_path / "output")}
    page.write_text(texts["new"])
    sites["new"] = build_into(tmp_path / "reference-new")
    assert sites["old"] != sites["new"]

    # Time a build that replaces an existing site, as every trial below does (swap, old-site
    # clean-up), not a first build into an empty directory, which is faster.
    build_into(tmp_path / "timing")
    started = time.monotonic()
    subprocess.run([*command, "--output", str(tmp_path / "timing")], check=True, capture_output=True)
    duration = time.monotonic() - started

    # Each trial builds the other version of the content than the one published, so every
    # trial that gets through is a real replacement of one site by another.
    rng = random.Random(7)
    published, replacements = "old", 0
    # Kill anywhere from start-up to well past a typical finish. The machine's load can change
    # between the timing run and the trials (another process, a CI neighbour), so after every
    # ten trials the window is widened when none got through and narrowed when all did.
    window, block_start = duration * 1.6, 0
    for trial in range(50):
        if trial and trial % 10 == 0:
            block = replacements - block_start
            window *= 2 if block == 0 else 0.5 if block == 10 else 1
            block_start = replacements
        target = "new" if published == "old" else "old"
        page.write_text(texts[target])
        process = subprocess.Popen([*command, "--output", str(tmp_path / "output")],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, window))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = manifest(tmp_path / "output")
        assert now in (sites[published], sites[target]), \
            f"trial {trial}: output/ is neither the published site nor the one being built"
        if now == sites[target]:
            published, replacements = target, replacements + 1
    assert 0 < replacements < 50  # some builds were killed before, some after publishing

    leftovers = list(tmp_path.glob(".output-staging-*"))
    subprocess.run([*command, "--output", str(tmp_path / "output")], check=True, capture_output=True)
    assert not list(tmp_path.glob(".output-staging-*")), leftovers
    assert manifest(tmp_path / "output") == sites[target]


# -- link integrity -----------------------------------------------------------------------------------

def test_a_broken_internal_link_fails_the_build_with_page_and_link(make_site, tmp_path):
    import shutil

    from sitegen.build import BrokenLinksError, BuildOptions, build

    content = make_site()
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    page = templates / "404.html"
    page.write_text(page.read_text().replace(
        "<h1>Pagina niet gevonden</h1>",
        "<h1>Pagina niet gevonden</h1><a href=\"{{ url('nergens/') }}\">x</a><a href=\"{{ url() }}#geen-anker\">y</a>"))
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("de vorige site")
    with pytest.raises(BrokenLinksError) as failure:
        build(BuildOptions(content_dir=content, output_dir=output, templates_dir=templates, search=False))
    assert failure.value.broken == [("404.html", "/nergens/"), ("404.html", "/#geen-anker")]
    assert "404.html: /nergens/" in str(failure.value)
    assert manifest(output) == {"index.html": hashlib.sha256(b"de vorige site").hexdigest()}
