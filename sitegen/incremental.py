"""Which output files of the previous build can be carried over instead of rendered again.

Every output declares what it shows (render.Task.inputs): one record and those it names,
the records of a listing, or the whole site (ALL). Its key hashes those records' files
(path, content, git dates) together with what every page shows (settings, taxonomies,
menu, build date, preview mode) and the environment key (generator, templates, libraries).

An output whose key is unchanged, and whose file in output/ is still the very file the
previous build wrote (same inode, size and modification time: nobody edited or replaced
it), is hard-linked into the new site. A published file is never written to again (a
build only ever replaces files in its staging folder, see write.py), so sharing it is safe.

tests/test_incremental.py proves the declarations complete: after every kind of edit, an
incremental build writes exactly the bytes of a cold one.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from .graph import Site
from .models import Record

ALL = "all"  # Task.inputs for an output that shows something of every record


@dataclass(frozen=True)
class PageEntry:
    key: bytes
    file: tuple[int, int, int]  # inode, size, modification time (ns) of the file written
    ids: frozenset[str] | None  # an HTML page's ids, for the link check


@dataclass
class PageIndex:
    """The outputs of the last published build into one output folder."""
    output: str
    entries: dict[str, PageEntry]

    @property
    def files(self) -> set[str]:
        return set(self.entries)


class Keys:
    """Content keys for one build's outputs and cards."""

    def __init__(self, site: Site, environment: str, preview: bool):
        self.shared = _digest(environment, str(preview), repr(site.config), repr(site.taxonomies),
                              repr(site.menu), site.build_date.isoformat())
        records = (*site.initiatives, *site.organisations, *site.news, *site.pages)
        self._records = {r.source: _digest(r.source, site.fingerprints[r.source], repr(site.dates.get(r.source)))
                         for r in records}
        self._all = hashlib.sha256(b"".join(self._records[r.source] for r in records)).digest()
        self._cards: dict[str, bytes] = {}

    def output(self, path: str, inputs) -> bytes:
        # Record digests have a fixed length, so joining them is unambiguous.
        records = self._all if inputs == ALL else b"".join([self._records[r.source] for r in inputs])
        return _digest(self.shared, path, records)

    def card(self, initiative: Record) -> bytes:
        source = initiative.source
        if source not in self._cards:  # asked once per listing a card appears in
            self._cards[source] = _digest(self.shared, self._records[source])
        return self._cards[source]


def _digest(*parts) -> bytes:
    digest = hashlib.sha256()
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8")
        digest.update(len(data).to_bytes(8, "little"))  # lengths, so ("ab", "c") != ("a", "bc")
        digest.update(data)
    return digest.digest()


def file_identity(path: Path) -> tuple[int, int, int]:
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def reusable(index: PageIndex | None, output_dir: Path, path: str, key: bytes) -> PageEntry | None:
    """The previous entry for `path` if its file can be carried over unchanged."""
    if index is None:
        return None
    entry = index.entries.get(path)
    if entry is None or entry.key != key:
        return None
    try:
        return entry if file_identity(output_dir / path) == entry.file else None
    except OSError:
        return None


def only_new_pages_need_a_link_check(previous: PageIndex | None, files: set[str],
                                     rendered_ids: dict[str, frozenset[str] | None]) -> bool:
    """True when the pages carried over cannot have gained a broken link.

    A carried-over page has the same links as when the previous build checked them; they
    still work if no file went away and no re-rendered page lost an id (an anchor)."""
    if previous is None or not previous.files <= files:
        return False
    for path, ids in rendered_ids.items():
        old = previous.entries.get(path)
        if old is not None and old.ids is not None and not old.ids <= (ids or frozenset()):
            return False
    return True
