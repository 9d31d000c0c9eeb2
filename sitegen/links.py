"""Find internal links and anchors in a built site that lead nowhere.

Reads the generated HTML with regular expressions rather than a full parser: the
generator writes every attribute in double quotes, and at 10,000 pages a parser
would cost more than the rest of the build.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK = re.compile(r'<(?:a|link|script|img|form)\b[^>]*?\s(?:href|src|action)="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')


def broken_links(site_dir: Path, base_path: str = "/") -> list[tuple[str, str]]:
    """(page, link) for every internal link whose file or anchor does not exist, sorted."""
    pages = {p: p.read_text(encoding="utf-8") for p in sorted(site_dir.rglob("*.html"))
             if "pagefind" not in p.relative_to(site_dir).parts}
    ids: dict[Path, set[str]] = {}
    broken = []
    for page, html in pages.items():
        shown = page.relative_to(site_dir).as_posix()
        for link in LINK.findall(html):
            link = link.replace("&amp;", "&")
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external
            target = _resolve(site_dir, page, parts.path, base_path)
            if target is None or not target.is_file():
                broken.append((shown, link))
            elif parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = set(ID.findall(pages.get(target) or target.read_text(encoding="utf-8")))
                if unquote(parts.fragment) not in ids[target]:
                    broken.append((shown, link))
    return broken


def _resolve(site_dir: Path, page: Path, path: str, base_path: str) -> Path | None:
    if path == "":
        return page
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None
        target = site_dir / unquote(path[len(base_path):])
    else:
        target = page.parent / unquote(path)
    if path.endswith("/"):
        target = target / "index.html"
    return target
