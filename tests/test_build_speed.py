"""What makes builds fast must never change what they write: parallel = serial, warm = cold,
and a stale cache is impossible (templates: see test_incremental.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from support import INI, ROOT, SITES, build_fixture, build_options, files_of, initiative

import sitegen.incremental.cache
from sitegen.incremental.cache import environment_key
from sitegen.pipeline.build import BuildOptions, build


def test_a_parallel_build_is_byte_identical_to_a_serial_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    serial = files_of(build_fixture("full", tmp_path / "serial", "--jobs", "1", "--no-search", "--no-cache"))
    content, templates = SITES / "full", ROOT / "templates"
    report = build(build_options(tmp_path, content, templates, "parallel", jobs=3, cache_dir=None))  # pool_from=1
    assert report.rendered == report.pages and files_of(tmp_path / "parallel") == serial
    assert not (tmp_path / ".cache").exists()  # --no-cache writes no cache either


def test_a_warm_build_is_byte_identical_to_a_cold_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cold = files_of(build_fixture("full", tmp_path / "cold", "--no-search", "--no-cache"))
    build_fixture("full", tmp_path / "fill", "--no-search")
    kinds = sorted(p.name.split("-")[0] for p in (tmp_path / ".cache").iterdir())
    assert kinds == ["markdown", "pages", "parts", "records", "templates"]
    warm = files_of(build_fixture("full", tmp_path / "warm", "--no-search"))
    assert warm == cold


def test_a_changed_file_is_checked_again_despite_the_cache(make_site, run):
    make_site()
    assert run("build", "--no-search")[0] == 0
    make_site({"initiatives/voorbeeld.md": initiative(region="region: drent")})
    status, _, err = run("build", "--no-search")
    assert status == 1 and f"{INI}:4:9: onbekende sleutel 'drent'" in err


def test_a_new_version_of_the_generator_can_never_meet_an_old_cache(tmp_path, make_site, monkeypatch):
    content = make_site()
    options = BuildOptions(content_dir=content, output_dir=tmp_path / "output", search=False,
                           cache_dir=tmp_path / ".cache")
    build(options)
    assert build(options).rendered == 0
    package = tmp_path / "sitegen"
    shutil.copytree(ROOT / "sitegen", package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "render" / "tasks.py").write_text((package / "render" / "tasks.py").read_text() + "\n# the next version\n")
    before = environment_key()
    monkeypatch.setattr(sitegen.incremental.cache, "PACKAGE", package)
    assert environment_key() != before
    report = build(options)
    assert report.rendered == report.pages  # nothing was taken from the old version's cache
    # The old version's files are gone: every cache file carries the new key.
    assert {p.name.rsplit("-", 1)[1] for p in (tmp_path / ".cache").glob("*.pickle")} == {f"{environment_key()}.pickle"}


def test_the_build_is_quiet_in_ci_and_shows_stages_when_asked(tmp_path):
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(SITES / "minimal"),
               "--output", str(tmp_path / "output"), "--no-search"]
    env = {**os.environ, "CI": "true"}
    quiet = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert quiet.returncode == 0
    assert quiet.stderr.splitlines() == [line for line in quiet.stderr.splitlines() if line.startswith("Klaar:")]
    loud = subprocess.run([*command, "--verbose"], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert "inlezen en controleren:" in loud.stderr and "pagina's maken:" in loud.stderr
