"""Find internal links and anchors in a built site that lead nowhere."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            elif (tag, name) in {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                                 ("form", "action")}:
                self.links.append(value)


def _parse(page: Path) -> _LinkCollector:
    collector = _LinkCollector()
    collector.feed(page.read_text(encoding="utf-8"))
    return collector


def broken_links(site_dir: Path, base_path: str = "/") -> list[tuple[str, str]]:
    """(page, link) for every internal link whose file or anchor does not exist."""
    pages = sorted(site_dir.rglob("*.html"))
    parsed = {page: _parse(page) for page in pages}
    broken = []
    for page, collector in parsed.items():
        shown = page.relative_to(site_dir).as_posix()
        for link in collector.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external
            target, fragment = _resolve(site_dir, page, parts.path, base_path), unquote(parts.fragment)
            if target is None or not target.is_file():
                broken.append((shown, link))
            elif fragment and target.suffix == ".html" and fragment not in parsed[target].ids:
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
