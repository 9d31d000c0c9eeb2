"""Find internal links and anchors in a built site that lead nowhere.

Reads the generated HTML with regular expressions rather than a full parser: the
generator writes every attribute in double quotes, and at 10,000 pages a parser
would cost more than the rest of the build.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK = re.compile(r'<(?:a|link|script|img|form)\b[^>]*?\s(?:href|src|action)="([^"]*)"')
ID = re.compile(r'\sid="([^"]*)"')


def page_links(html: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The distinct links of one finished HTML page, in order, and its ids: for the link check
    of the built site. (The links an editor wrote in a Markdown body are found by
    markup.record_link_targets, where the body is read.)"""
    return tuple(dict.fromkeys(link.replace("&amp;", "&") for link in LINK.findall(html))), frozenset(ID.findall(html))


class LinkTargets:
    """Where pages' links lead. Each distinct link is split, and each path resolved, once (the
    menu's links are on every page), so the cost grows with the pages, not links times files."""

    def __init__(self, base_path: str):
        self.base_path = base_path
        self._split: dict[str, tuple] = {}
        self._resolved: dict[tuple[str, str], str | None] = {}

    def internal(self, page: str, links: tuple[str, ...]):
        """(link, the file it names or None when outside the site, its fragment unquoted) for
        each link of `page` that is not to another site."""
        folder = posixpath.dirname(page)
        for link in links:
            parts = self._split.get(link)
            if parts is None:
                parts = self._split[link] = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external
            yield link, self._target(page, folder, parts.path), unquote(parts.fragment)

    def _target(self, page: str, folder: str, path: str) -> str | None:
        if not path:  # '#anchor': this page
            return page
        key = (folder if not path.startswith("/") else "", path)
        if key not in self._resolved:
            self._resolved[key] = _resolve(page, path, self.base_path)
        return self._resolved[key]


class LinksToCheck:
    """The links of pages that `files` (files the site will surely have) and each page's own ids
    do not settle: the renderer keeps only these for broken_links, not every page's menu."""

    def __init__(self, base_path: str, files: set[str]):
        self.targets, self.files = LinkTargets(base_path), files

    def __call__(self, page: str, links: tuple[str, ...], ids: frozenset[str]) -> tuple[str, ...]:
        kept = []
        for link, target, fragment in self.targets.internal(page, links):
            if target is None or target not in self.files:
                kept.append(link)
            elif fragment and target.endswith(".html") and (target != page or fragment not in ids):
                kept.append(link)
        return tuple(kept)


def broken_links(site_dir: Path, base_path: str = "/",
                 pages: dict[str, tuple[tuple[str, ...], frozenset[str]]] | None = None,
                 only: set[str] | None = None, files: set[str] | None = None) -> list[tuple[str, str]]:
    """(page, link) for every internal link whose file or anchor does not exist, in page order.

    `pages` (page -> its links and ids) can come from the renderer, which has the HTML in
    memory; pages it does not cover are read from disk when needed. `only` limits the check
    to the links of those pages (the build knows the others cannot have broken). `files`: every
    file of the site, when the caller knows them (else the folder is walked). Targets are
    looked up in one set of the files present.
    """
    files = files if files is not None else site_files(site_dir)
    known = dict(pages or {})

    def page_info(page: str):
        if page not in known:
            known[page] = page_links((site_dir / page).read_text(encoding="utf-8"))
        return known[page]

    checked = only if only is not None else {p for p in files if p.endswith(".html") and not p.startswith("pagefind/")}
    targets = LinkTargets(base_path)
    broken = []
    for page in sorted(checked):
        for link, target, fragment in targets.internal(page, page_info(page)[0]):
            if target is None or target not in files:
                broken.append((page, link))
            elif fragment and target.endswith(".html") and fragment not in page_info(target)[1]:
                broken.append((page, link))
    return broken


def site_files(site_dir: Path) -> set[str]:
    """Every file under a folder, relative to it (os.walk: pathlib's rglob is several times slower)."""
    found = set()
    for folder, _, names in os.walk(site_dir):
        relative = os.path.relpath(folder, site_dir).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        found.update(prefix + name for name in names)
    return found


def _resolve(page: str, path: str, base_path: str) -> str | None:
    """A link's path -> the file it names, relative to the site root (None: outside the site)."""
    if path == "":
        return page
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None
        target = unquote(path[len(base_path):])
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path)))
        if target.startswith(".."):
            return None
        if path.endswith("/"):
            target += "/"
    if target == "" or target.endswith("/"):
        target += "index.html"
    return target
