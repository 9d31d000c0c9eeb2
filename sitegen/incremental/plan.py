"""Which outputs of the last build can be carried over, and what to hand the next build.

The page index (`PageIndex`, kept in the memo's store as "pages") holds, for every output of
the last published build, the tokens it read (registry.py) and the file written; and the
value each of those tokens had then. This build works out the current value of each token
once (`changed_tokens`): an output none of whose tokens changed, made in the same
environment, whose file in output/ is still the very file the last build wrote (same inode,
size and modification time: nobody edited or replaced it), is hard-linked into the new site
(`reusable`). A published file is never written to again (write.py), so sharing it is safe.

tests/test_incremental.py and tests/test_incremental_property.py check it: after every kind
of edit, an incremental build writes exactly the bytes of a cold one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.incremental.registry import REGISTRY, Token, Values


@dataclass(frozen=True)
class PageEntry:
    reads: frozenset[Token]  # what the output read when it was made
    file: tuple[int, int, int]  # inode, size, modification time (ns) of the file written
    ids: frozenset[str] | None  # an HTML page's ids, for the link check
    filters: tuple[tuple[str, str], ...] | None = None  # what Pagefind will take as its filters (search.py)


@dataclass
class PageIndex:
    """The outputs of the last published build into one output folder."""
    output: str
    environment: bytes  # what else the outputs depended on: the code and libraries, preview mode
    entries: dict[str, PageEntry]
    values: dict[Token, bytes]  # the value of every token the entries read, when they were made
    facets: bytes | None = None  # the facet counts written (search.facet_counts of the entries' filters)
    build: bytes = b""  # which build made it (a random id)
    versions: dict[str, str] = field(default_factory=dict)  # Site.versions of that build
    dates: str = ""  # and Site.dates_version

    def flat(self) -> dict:
        """What each output read and the rest of its entry, each token's value and each
        record's version, one by one, as the store keeps them on disk: a build that changed
        a few writes only those (cache.py). An output made again that read what it read
        before (the sitemap) then costs its file's identity alone."""
        flat: dict = {("reads", path): entry.reads for path, entry in self.entries.items()}
        flat.update((("entry", path), (entry.file, entry.ids, entry.filters)) for path, entry in self.entries.items())
        flat.update((("value", token), value) for token, value in self.values.items())
        flat.update((("version", source), version) for source, version in self.versions.items())
        flat[("about",)] = (self.output, self.environment, self.facets, self.build, self.dates)
        return flat

    @classmethod
    def from_flat(cls, flat: dict) -> PageIndex | None:
        about = flat.get(("about",))
        if about is None:
            return None
        pieces: dict[str, dict] = {"reads": {}, "entry": {}, "value": {}, "version": {}}
        for key, value in flat.items():
            if len(key) == 2:
                pieces[key[0]][key[1]] = value
        reads = pieces["reads"]
        entries = {path: PageEntry(reads[path], *rest) for path, rest in pieces["entry"].items()}
        output, environment, facets, build, dates = about
        return cls(output, environment, entries, pieces["value"], facets, build, pieces["version"], dates)


# The kinds whose value follows from one record: unchanged while the record's version is.
_OF_ONE_RECORD = frozenset(kind for kind, readable in REGISTRY.items() if readable.of_one_record)


def changed_tokens(values: Values, index: PageIndex) -> set[Token]:
    """The tokens the index's outputs read whose value is not what it was then."""
    values.carry_values_of(index.versions, index.values, index.dates)
    value, unchanged = values.value, values.unchanged_sources
    return {token for token, was in index.values.items()
            if not (token[0] in _OF_ONE_RECORD and token[1] in unchanged) and value(token) != was}


def file_identity(path: Path | str) -> tuple[int, int, int]:
    stat = os.stat(path)
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def reusable(index: PageIndex | None, changed: set[Token], output_dir: Path, path: str) -> PageEntry | None:
    """The previous entry for `path` if nothing it read has changed and its file is untouched."""
    if index is None:
        return None
    entry = index.entries.get(path)
    if entry is None or not changed.isdisjoint(entry.reads):
        return None
    try:
        return entry if file_identity(f"{output_dir}/{path}") == entry.file else None  # (for every output: no join)
    except OSError:
        return None


def reads_as_before(previous: PageIndex | None, entries: dict[str, PageEntry], rendered: set[str]) -> bool:
    """True when the same outputs exist as in `previous` and the ones rendered read what they
    read then: the tokens of the new index are the previous index's."""
    return (previous is not None and previous.entries.keys() == entries.keys()
            and all(entries[path].reads == previous.entries[path].reads for path in rendered))


def next_index(values: Values, same_as: PageIndex | None, changed: set[Token], build: bytes, output: str,
               environment: bytes, entries: dict[str, PageEntry]) -> PageIndex:
    """What to hand the next build. same_as: the previous index when its outputs read the same
    tokens (reads_as_before): then only the tokens that changed are valued again, with no
    union of every output's reads."""
    if same_as is not None:
        tokens_values = {**same_as.values, **{token: values.value(token) for token in changed}}
    else:
        tokens = set().union(*(entry.reads for entry in entries.values()))
        tokens_values = {token: values.value(token) for token in tokens}
    return PageIndex(output, environment, entries, tokens_values, build=build, versions=values.site.versions,
                     dates=values.site.dates_version)


def only_new_pages_need_a_link_check(previous: PageIndex | None, files: set[str],
                                     rendered_ids: dict[str, frozenset[str] | None]) -> bool:
    """True when the pages carried over cannot have gained a broken link.

    A carried-over page has the same links as when the previous build checked them; they
    still work if no file went away and no re-rendered page lost an id (an anchor)."""
    if previous is None or not set(previous.entries) <= files:
        return False
    for path, ids in rendered_ids.items():
        old = previous.entries.get(path)
        if old is not None and old.ids is not None and not old.ids <= (ids or frozenset()):
            return False
    return True
