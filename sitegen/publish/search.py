"""Stage 7: the search. Pagefind (the binary from pagefind-bin) indexes the staged site; the
facet values and counts a search panel starts with are read from the same pages, so the
browser need not fetch Pagefind's filter index before anyone uses a filter."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from sitegen.model.kinds import TYPE


class SearchIndexError(RuntimeError):
    pass


def index_site(site_dir: Path) -> None:
    """Run Pagefind over the staged site; it writes site_dir/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--silent"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind failed ({result.returncode}):\n{result.stdout}{result.stderr}")


# The generator writes every attribute in double quotes (see links.py), so plain string search
# finds them: it runs on every page a build renders, where a regular expression cost 6 times as much.
_ATTRIBUTE = ' data-pagefind-filter="'
_TAG_NAME = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]*>")

Filters = tuple[tuple[str, str], ...]


def page_filters(page: str) -> Filters | None:
    """The (filter, value) pairs Pagefind takes from an HTML page, sorted and distinct; None for a page
    it does not index. As Pagefind reads them: `name:value` in the attribute, else the element's text."""
    if "data-pagefind-body" not in page:
        return None
    found = set()
    at = page.find(_ATTRIBUTE)
    while at != -1:
        start = at + len(_ATTRIBUTE)
        quote = page.index('"', start)
        name, colon, value = page[start:quote].partition(":")
        if not colon:  # the text of the element the attribute stands on
            tag = _TAG_NAME.match(page, page.rfind("<", 0, at) + 1).group(0)
            opened = page.index(">", quote) + 1
            value = _TAG.sub("", page[opened:page.find(f"</{tag}>", opened)])
        value = " ".join(html.unescape(value).split())
        if value:
            found.add((name.strip(), value))
        at = page.find(_ATTRIBUTE, quote)
    return tuple(sorted(found))


def facet_counts(filters_by_page) -> bytes:
    """{record type: {filter: {value: pages}}} over every indexed page, as JSON: what a panel shows
    before a search (the search page adds the types up; the overview takes the initiatives)."""
    counts: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for filters in filters_by_page:
        if not filters:
            continue
        types = [value for name, value in filters if name == TYPE.name]
        for record_type in types:
            for name, value in filters:
                counts[record_type][name][value] += 1
    return json.dumps(counts, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
