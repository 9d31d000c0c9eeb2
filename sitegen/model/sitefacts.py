"""What the site says about how it is made and tested, read from the checkout, never typed twice.

The accessibility statement names the tools that test every build and their versions: axe-core
and the Nu HTML Checker from tests/package.json, Playwright (which drives Chromium) from the
test lock. These files are part of the build cache's key (cache.environment_key), so a new
version of a tool remakes the pages that name it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[2]
SOURCES = (CHECKOUT / "tests" / "package.json", CHECKOUT / "requirements-test.txt")
_NPM_TOOLS = {"axe-core": "axe-core", "vnu-jar": "Nu HTML Checker (vnu-jar)"}


def test_tools() -> dict[str, str]:
    """Tool name -> version, for the tools whose files are present (none in an installed copy)."""
    tools = {}
    try:
        npm = json.loads(SOURCES[0].read_text(encoding="utf-8")).get("devDependencies", {})
        tools.update({label: npm[name] for name, label in _NPM_TOOLS.items() if name in npm})
    except (OSError, ValueError):
        pass
    try:
        playwright = re.search(r"^playwright==(\S+)", SOURCES[1].read_text(encoding="utf-8"), re.MULTILINE)
        if playwright:
            tools["Playwright met Chromium"] = playwright.group(1)
    except OSError:
        pass
    return tools
