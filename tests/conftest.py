"""Shared helpers: build real sites from fixture content trees."""

from __future__ import annotations

import inspect
import os
import shutil
import sys
from pathlib import Path

import pytest

from sitegen.cli import main
from support import CHECK_DAY, ROOT, SITES, build_fixture, write_files

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
    """`check` and `build`, run in-process, check content as on support.CHECK_DAY.

    sitegen's load() takes the day to check against (`today`); the command line passes none, so
    it is given here to every call of load() that is not given one, in each sitegen module that
    holds load() (wherever it is defined and imported)."""
    import sitegen.cli  # imports what check and build use

    modules = [module for name, module in sorted(sys.modules.items()) if name.split(".")[0] == "sitegen"]
    found = {id(f): f for f in (getattr(module, "load", None) for module in modules)
             if inspect.isfunction(f) and f.__module__.startswith("sitegen")
             and "today" in inspect.signature(f).parameters}
    assert len(found) == 1, "check_day: sitegen has no single load(..., today=...) to give the day to"
    real = next(iter(found.values()))
    signature = inspect.signature(real)

    def load(*args, **kwargs):
        call = signature.bind(*args, **kwargs)
        if call.arguments.get("today") is None:
            call.arguments["today"] = CHECK_DAY
        return real(*call.args, **call.kwargs)

    for module in modules:
        if getattr(module, "load", None) is real:
            monkeypatch.setattr(module, "load", load)
    yield CHECK_DAY
    for name, module in list(sys.modules.items()):  # also in a module first imported meanwhile
        if name.split(".")[0] == "sitegen" and getattr(module, "load", None) is load:
            module.load = real


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
