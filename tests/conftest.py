"""Shared helpers: build real sites from fixture content trees."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from support import CHECK_DAY, ROOT, SITES, build_fixture, write_files

from sitegen.commands.cli import main
from sitegen.content import history


@pytest.fixture
def make_site(tmp_path, monkeypatch):
    """A copy of tests/sites/<base> as ./content in a fresh working directory, with overrides.

    Paths in messages are relative to the working directory, so they read
    `content/initiatives/x.md`, as editors see them.
    """
    monkeypatch.chdir(tmp_path)

    def make(files: dict[str, str | bytes | None] | None = None, base: str = "minimal") -> Path:
        content = tmp_path / "content"
        if content.exists():
            shutil.rmtree(content)
        shutil.copytree(SITES / base, content)
        write_files(content, files or {})
        return content

    return make


@pytest.fixture
def check_day(monkeypatch):
    """`check` and `build`, run in this process, check content as on support.CHECK_DAY."""
    monkeypatch.setattr(history, "today", lambda: CHECK_DAY)
    return CHECK_DAY


@pytest.fixture
def run(capsys):
    """Run the command line in-process -> (exit status, stdout, stderr)."""

    def invoke(*args: str) -> tuple[int, str, str]:
        status = main(list(args))
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return invoke


@pytest.fixture(scope="session")
def full_site(tmp_path_factory) -> Path:
    """tests/sites/full built once (with the search index) for every test that reads its pages."""
    return build_fixture("full", tmp_path_factory.mktemp("full") / "output")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real content/ built once."""
    output = tmp_path_factory.mktemp("real") / "output"
    assert main(["build", "--content", str(ROOT / "content"), "--output", str(output)]) == 0
    return output


def pytest_collection_modifyitems(config, items):
    """Every test that drives Chromium is slow (the fast tier is `pytest -m "not slow"`): derived from
    the fixtures it uses, so a new browser test cannot be forgotten."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


# $CHROMIUM names another Chromium build (e.g. Google Chrome on a GitHub runner, where Ubuntu's
# chromium package is only a snap).
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (its own browser download is not used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield instance
        instance.close()
