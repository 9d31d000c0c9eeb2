"""Broken and hostile input: refused with a positioned message, without hanging, nothing written;
paths outside content/ refused; a killed build never leaves a half-written site.

No test here measures how long anything takes (that is bench/'s job): a hang is caught by a
timeout far beyond any real run, which fails the test."""

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
def test_a_broken_tree_leaves_output_untouched(make_site, run, check_day, tmp_path, files, expected):
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

HANG = 300  # seconds: no real check comes near this (they take about one); only a hang reaches it


def check_in_a_process(cwd: Path) -> tuple[int, str]:
    """`check` as an editor runs it, in its own process, so that a hang or a runaway can be
    stopped: (exit status, stdout). A check that does not end fails the test."""
    try:
        done = subprocess.run([sys.executable, str(ROOT / "build.py"), "check"], cwd=cwd,
                              capture_output=True, text=True, timeout=HANG)
    except subprocess.TimeoutExpired:
        pytest.fail(f"check did not end within {HANG} s: it hangs on this input")
    return done.returncode, done.stdout


def test_alias_bomb_is_refused(make_site, tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}, *a{n - 1}]" for n in range(1, 30)]
    make_site({"initiatives/voorbeeld.md": item(*lines)})
    status, out = check_in_a_process(tmp_path)
    assert status == 1
    assert out.splitlines() == [f"{INI}:3:10: ongeldige YAML: aliassen (*naam) worden niet ondersteund; "
                                "schrijf de waarde voluit"]


def test_a_ten_megabyte_body_is_refused(make_site, tmp_path):
    make_site({"initiatives/voorbeeld.md": initiative() + "tekst " * 1_750_000})
    status, out = check_in_a_process(tmp_path)
    assert status == 1
    assert out.strip() == f"{INI}:1:1: bestand is te groot (10.5 MB; hoogstens 1 MB)"


def test_deep_nesting_is_refused(make_site, tmp_path):
    make_site({"initiatives/voorbeeld.md": item("title: " + "[" * 500 + "]" * 500)})
    status, out = check_in_a_process(tmp_path)
    assert status == 1
    assert out.strip() == f"{INI}:2:27: ongeldige YAML: te diep genest (meer dan 20 niveaus)"


def test_a_hundred_thousand_item_list_is_refused(make_site, tmp_path):
    make_site({"initiatives/voorbeeld.md": initiative(sectors="sectors: [" + ", ".join(["a"] * 100_000) + "]")})
    status, out = check_in_a_process(tmp_path)
    assert status == 1
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

@pytest.mark.slow  # 50 or more builds, killed at random moments
def test_killing_builds_at_random_moments_never_leaves_a_half_written_site(tmp_path):
    """Builds killed with SIGKILL at random moments: output/ is always a whole site, old or new."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(SITES / "full", content)
    command = [sys.executable, str(ROOT / "build.py"), "build", "--no-search", "--content", str(content)]

    def build_into(output: Path) -> dict[str, str]:
        subprocess.run([*command, "--output", str(output)], cwd=tmp_path, check=True, capture_output=True)
        return manifest(output)

    page = content / "initiatives" / "zorg-twente.md"
    texts = {"old": page.read_text()}
    texts["new"] = texts["old"].replace("Zorgroute Twente", "Zorgroute Twente vernieuwd")
    sites = {"old": build_into(tmp_path / "output")}
    page.write_text(texts["new"])
    sites["new"] = build_into(tmp_path / "reference-new")
    assert sites["old"] != sites["new"]

    # Each trial builds the other version of the content than the one published, so every
    # trial that gets through is a real replacement of one site by another. No build is timed:
    # when to kill follows the builds' own pace, whatever the machine's load. After a build that
    # got through, the next one is killed sooner; after one that did not, later. So the kills
    # gather round the moment a build publishes, each at a random point between start-up and
    # twice the current delay (well past a typical publish).
    rng = random.Random(7)
    published, delay, outcomes, trial = "old", 0.1, set(), 0
    # At least 50 trials, and on until some builds were killed before publishing and some after
    # (without both, the swap itself was never tried); the delay's walk gets both in a few dozen.
    while trial < 50 or len(outcomes) < 2:
        assert trial < 500, f"after {trial} trials no build was {'published' if False in outcomes else 'stopped'}"
        target = "new" if published == "old" else "old"
        page.write_text(texts[target])
        process = subprocess.Popen([*command, "--output", str(tmp_path / "output")], cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, 2 * delay))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = manifest(tmp_path / "output")
        assert now in (sites[published], sites[target]), \
            f"trial {trial}: output/ is neither the published site nor the one being built"
        replaced = now == sites[target]
        outcomes.add(replaced)
        if replaced:
            published = target
        delay = delay / 1.25 if replaced else delay * 1.25
        trial += 1
    assert outcomes == {True, False}  # some builds were killed before, some after publishing

    leftovers = list(tmp_path.glob(".output-staging-*"))
    subprocess.run([*command, "--output", str(tmp_path / "output")], cwd=tmp_path, check=True, capture_output=True)
    assert not list(tmp_path.glob(".output-staging-*")), leftovers
    assert manifest(tmp_path / "output") == sites[target]


# -- link integrity -----------------------------------------------------------------------------------

def test_a_broken_internal_link_fails_the_build_with_page_and_link(make_site, tmp_path):
    import shutil

    from sitegen.pipeline.build import BrokenLinksError, BuildOptions, build

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
