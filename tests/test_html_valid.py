"""Every page template's output passes the Nu HTML Checker (vnu) with zero errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support import TESTS

pytestmark = pytest.mark.slow  # the Nu HTML Checker (Java) over every page

VNU_JAR = TESTS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def validate(pages: list[Path]) -> list[str]:
    assert VNU_JAR.is_file(), "vnu.jar missing: run `npm ci --prefix tests` (tests/run.sh does)"
    assert shutil.which("java"), "Java is needed for the Nu HTML Checker"
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True, text=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{'/'.join(m.get('url', '').split('/')[-3:])}:{m.get('lastLine')}: {m['message']}" for m in messages]


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_every_page_of_the_fixture_site_is_valid_html(full_site):
    pages = html_pages(full_site)
    assert len(pages) > 20
    assert validate(pages) == []


def test_every_page_of_the_real_site_is_valid_html(real_site):
    assert validate(html_pages(real_site)) == []


def test_the_checker_reports_invalid_html(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html lang=nl><head><title>x</title></head><body><li>x</ul></body></html>")
    assert validate([broken]) != []
