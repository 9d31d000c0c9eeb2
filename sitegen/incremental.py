"""Which output files of the previous build can be carried over instead of rendered again.

While an output renders, reads.py records what it read, as tokens. The page index keeps
each output's tokens, and the value (`Digests`) every token had then. The next build works
out the current value of each of those tokens once, which gives the set of tokens that
changed; an output none of whose tokens changed, made in the same environment (generator,
libraries, preview mode), and whose file in output/ is still the very file the previous
build wrote (same inode, size and modification time: nobody edited or replaced it), is
hard-linked into the new site. A published file is never written to again
(a build only ever replaces files in its staging folder, see write.py), so sharing it is safe.

tests/test_incremental.py and tests/test_incremental_property.py check it: after every kind
of edit, an incremental build writes exactly the bytes of a cold one.
"""

from __future__ import annotations

import hashlib
import operator
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from .graph import Site
from .models import Record
from .reads import Token, listing, naming_counts, term_counts, value_counts


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
    shared: bytes  # Digests.shared of the build that made it: environment and preview mode
    entries: dict[str, PageEntry]
    values: dict[Token, bytes]  # the value of every token the entries read, when they were made
    facets: bytes | None = None  # the facet counts written (search.facet_counts of the entries' filters)
    build: bytes = b""  # which build made it (Digests.build)
    versions: dict[str, str] = field(default_factory=dict)  # Site.versions of that build
    dates: bytes = b""  # and a digest of every file's dates then

    @property
    def files(self) -> set[str]:
        return set(self.entries)

    def flat(self) -> dict:
        """What each output read and the rest of its entry, each token's value and each
        record's version, one by one, as the build cache keeps them on disk: a build that
        changed a few writes only those (cache.py). An output made again that read what it
        read before (the sitemap: 13,000 tokens) then costs its file's identity alone."""
        flat: dict = {("reads", path): entry.reads for path, entry in self.entries.items()}
        flat.update((("entry", path), (entry.file, entry.ids, entry.filters)) for path, entry in self.entries.items())
        flat.update((("value", token), value) for token, value in self.values.items())
        flat.update((("version", source), version) for source, version in self.versions.items())
        flat[("about",)] = (self.output, self.shared, self.facets, self.build, self.dates)
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
        output, shared, facets, build, dates = about
        return cls(output, shared, entries, pieces["value"], facets, build, pieces["version"], dates)


# Record digests of the last build in this process, by source: (version, dates, digest). The
# same version (Site.versions) and dates give the same digest without working it out again.
_RECORD_DIGESTS: dict[str, tuple[str, object, bytes]] = {}
# Likewise the digests of parts of a record, by source: (record, {part: digest}); a part is one
# field (what cards and asides read) or, as None, the record without its body (reads.WithoutBody).
_PART_DIGESTS: dict[str, tuple[Record, dict[str | None, bytes]]] = {}
# The related choice of each initiative, by slug, and its digest: (Related, digest).
_RELATED: dict[str, tuple[object, bytes]] = {}
# Kept parts (render.Part, by name) found current, with the build they were current in. A part's
# reads are among the tokens of that build's index (the outputs using it read them too).
_CURRENT_PARTS: dict[str, tuple[object, bytes]] = {}
# The kinds of token whose value follows from one record (by source) and the files' dates alone.
_OF_ONE_RECORD = frozenset({"record", "record-meta", "field", "dates"})
# Every file's dates as the last build saw them, a number that changes whenever they do, and
# their digest.
_DATES: list = [None, 0, b""]
# Digests of tokens made of records (a slice of a listing) or of dates: token -> (the dates'
# number then, the records, digest). Used while the very same records are listed and the
# dates have not changed (Digests._kept).
_KEPT: dict[Token, tuple[int, tuple, bytes]] = {}
# Each token's last worked-out digest and its value (the two hashed with the token's name):
# the same digest again gives the same value without hashing it anew.
_VALUES: dict[Token, tuple[bytes, bytes]] = {}


class Digests:
    """The current value of every token, as a digest; each worked out once per build."""

    def __init__(self, site: Site, environment: str, preview: bool, templates_dir: Path):
        self.site = site
        self.templates_dir = templates_dir
        self.shared = _digest(environment, str(preview))
        self.build = os.urandom(16)  # names this build in the index it hands on
        self.since: bytes | None = None  # the build of the index changed_since() compared with
        self.changed: set[Token] = set()  # and the tokens that changed since that build
        self._known: dict[Token, bytes] = {}
        self._records: dict[str, bytes] = {}
        self._by_source: dict[str, Record] = {r.source: r for r in
                                              (*site.initiatives, *site.organisations, *site.news, *site.pages)}
        if _DATES[0] is not site.dates:
            unchanged = _DATES[0] == site.dates
            _DATES[:] = [site.dates, _DATES[1] if unchanged else _DATES[1] + 1,
                         _DATES[2] if unchanged else _digest(repr(sorted(site.dates.items())))]
        self._dates_seen, self._dates_digest = _DATES[1], _DATES[2]
        self._same: set[str] = set()  # sources of records of the same version as in the index compared with
        self._earlier: dict[Token, bytes] = {}  # and that index's values
        for kept in (_RECORD_DIGESTS, _PART_DIGESTS):
            for gone in kept.keys() - self._by_source.keys():  # records deleted since
                del kept[gone]

    def key(self, name: str, reads) -> bytes:
        """A key of everything an output read (a card's, kept across builds)."""
        known = self._known
        return _digest(self.shared, name, b"".join([known.get(token) or self.value(token) for token in reads]))

    def value(self, token: Token) -> bytes:
        """The token's name and current digest in one fixed-length value (so joined values are unambiguous)."""
        value = self._known.get(token)
        if value is None and token[0] in _OF_ONE_RECORD and token[1] in self._same:
            value = self._earlier.get(token)  # the same record, the same dates: the same value
        if value is None:
            work = self._work_out(token)
            earlier = _VALUES.get(token)
            if earlier is not None and earlier[0] == work:
                value = earlier[1]
            else:
                value = _digest("\0".join(token), work)
                _VALUES[token] = (work, value)
            self._known[token] = value
        return value

    def changed_since(self, index: PageIndex) -> set[Token]:
        self.since = index.build
        if index.dates == self._dates_digest:
            # A token of one record keeps its value while the record has the same version (the
            # same file checked against the same vocabulary) and the dates are the same: 50,000
            # of 71,000 tokens at 10,000 are not worked out, in `serve` or in a new process.
            versions = index.versions
            self._same = {source for source, version in self.site.versions.items() if versions.get(source) == version}
            self._earlier = index.values
        value, same, of_one_record = self.value, self._same, _OF_ONE_RECORD
        self.changed = {token for token, was in index.values.items()
                        if not (token[0] in of_one_record and token[1] in same) and value(token) != was}
        return self.changed

    def index(self, output: str, entries: dict[str, PageEntry], previous: PageIndex | None = None,
              rendered: set[str] = frozenset()) -> PageIndex:
        """What to hand the next build. When the same outputs exist and the ones rendered read
        what they read before, the tokens are the previous index's (no union of 17,500 sets)."""
        same = (previous is not None and previous.entries.keys() == entries.keys()
                and all(entries[path].reads == previous.entries[path].reads for path in rendered))
        if same and previous.build == self.since:  # the previous values, but those that changed
            values = {**previous.values, **{token: self.value(token) for token in self.changed}}
            # The same tokens as then: a part current then, none of whose reads changed, is
            # current now, also when no output that uses it was made again.
            for name, (part, built) in _CURRENT_PARTS.items():
                if built == self.since and self.changed.isdisjoint(part.reads):
                    _CURRENT_PARTS[name] = (part, self.build)
        else:
            tokens = previous.values.keys() if same else set().union(*(entry.reads for entry in entries.values()))
            values = {token: self.value(token) for token in tokens}
        return PageIndex(output, self.shared, entries, values, build=self.build, versions=self.site.versions,
                         dates=self._dates_digest)

    def still_current(self, name: str, part) -> bool:
        """True when a kept part (render.Part) was current in the build whose index this one
        compares with, and none of what it read changed since: its key need not be worked out
        (`serve`: 10,000 open-data rows)."""
        last = _CURRENT_PARTS.get(name)
        return (last is not None and last[0] is part and self.since is not None and last[1] == self.since
                and self.changed.isdisjoint(part.reads))

    def found_current(self, name: str, part) -> None:
        _CURRENT_PARTS[name] = (part, self.build)

    def record(self, record: Record | None) -> bytes:
        """A record as linked (fields derived from taxonomies included) with its git dates."""
        if record is None:
            return b"none"
        digest = self._records.get(record.source)
        if digest is None:
            dates = self.site.dates.get(record.source)
            version = self.site.versions[record.source]  # what it was made from stands for the record
            earlier = _RECORD_DIGESTS.get(record.source)
            if earlier is not None and earlier[0] == version and earlier[1] == dates:
                digest = earlier[2]
            else:
                digest = _digest(version, repr(dates))
                _RECORD_DIGESTS[record.source] = (version, dates, digest)
            self._records[record.source] = digest
        return digest

    def _part(self, record: Record | None, name: str | None) -> bytes:
        """The digest of one field of the record, or (name None) of the record without its body."""
        if record is None:
            return b"none"
        earlier = _PART_DIGESTS.get(record.source)
        if earlier is None or earlier[0] is not record:  # a new or changed record: its parts anew
            earlier = _PART_DIGESTS[record.source] = (record, {})
        parts = earlier[1]
        if name not in parts:
            part = replace(record, body="") if name is None else getattr(record, name)
            parts[name] = _digest(repr(part))
        return parts[name]

    def _kept(self, token: Token, records: tuple, work_out: Callable[[], bytes]) -> bytes:
        """work_out(), or its last result while `records` are the very same objects as then and
        no file's dates changed since (what a record's digest is made of)."""
        earlier = _KEPT.get(token)
        if (earlier is not None and earlier[0] == self._dates_seen and len(earlier[1]) == len(records)
                and all(map(operator.is_, earlier[1], records))):
            return earlier[2]
        work = work_out()
        _KEPT[token] = (self._dates_seen, tuple(records), work)
        return work

    def _records_of(self, records) -> bytes:
        if not records:
            return b"empty"
        known, record = self._records, self.record
        # Record digests all have the same length: joined, they hash unambiguously.
        return hashlib.sha256(b"".join([known.get(r.source) or record(r) for r in records])).digest()

    def _work_out(self, token: Token) -> bytes:
        site, kind, args = self.site, token[0], token[1:]
        # The kinds a site has most of first: this runs for each of 71,000 tokens at 10,000.
        if kind == "record-meta":
            return self._part(self._by_source.get(args[0]), None)
        if kind == "dates":
            return self._kept(token, (), lambda: _digest(repr(site.dates.get(args[0]))))
        if kind == "record":
            return self.record(self._by_source.get(args[0]))
        if kind == "field":
            return self._part(self._by_source.get(args[0]), args[1])
        if kind == "related":
            related = site.related.get(args[0])
            if related is None:
                return b"none"
            earlier = _RELATED.get(args[0])
            if earlier is None or earlier[0] is not related:  # graph keeps an unchanged choice as it was
                # Which ones, in order (their fields are tokens of their own).
                earlier = _RELATED[args[0]] = (related, _digest(*(r.source for r in related.nearby), "|",
                                                                *(r.source for r in related.elsewhere)))
            return earlier[1]
        if kind == "slice":
            listed = listing(site, args[0], args[1])[int(args[2]):int(args[3])]
            return self._kept(token, listed, lambda: self._records_of(listed))
        if kind == "naming":
            naming = site.initiatives_by_organisation.get(args[0], ())
            return self._kept(token, naming, lambda: self._records_of(naming))
        if kind == "organisation":
            return self.record(site.organisation_by_slug.get(args[0]))
        if kind == "naming-members":
            naming = site.initiatives_by_organisation.get(args[0], ())
            return self._kept(token, naming, lambda: _digest(*(r.source for r in naming)))
        if kind == "all":
            if args[0] == "taxonomies":
                return _digest(repr(site.taxonomies))
            records = getattr(site, args[0])
            return self._kept(token, records, lambda: self._records_of(records))
        if kind == "listing":
            listed = site.initiatives_by_term.get(args, ())
            return self._kept(token, listed, lambda: self._records_of(listed))
        if kind == "members":
            records = getattr(site, args[0])
            return self._kept(token, records, lambda: _digest(*(r.source for r in records)))
        if kind == "taxonomy":
            return _digest(repr(site.taxonomies.get(args[0])))
        if kind == "settings":
            return _digest(repr(site.config))
        if kind == "menu":
            return _digest(repr(site.menu))
        if kind == "build-date":
            return _digest(site.build_date.isoformat())
        if kind == "counts":
            return _digest(repr(term_counts(site, args[0])))
        if kind == "recent":
            recent, from_history = site.recently_added(int(args[0]))
            return _digest(self._records_of(recent), str(from_history))
        if kind == "value-counts":
            return _digest(repr(sorted(value_counts(site, args[0], args[1]).items(), key=repr)))
        if kind == "naming-counts":
            return _digest(repr(sorted(naming_counts(site).items())))
        if kind == "count":
            return _digest(str(len(listing(site, args[0], args[1]))))
        if kind == "template":
            try:
                return hashlib.sha256((self.templates_dir / args[0]).read_bytes()).digest()
            except OSError:
                return b"missing"
        raise ValueError(f"no digest for the token {token!r}")


def _digest(*parts) -> bytes:
    encoded = [part if isinstance(part, bytes) else part.encode("utf-8") for part in parts]
    # Each part after its length, so ("ab", "c") != ("a", "bc"); hashed in one call (the hot path).
    return hashlib.sha256(b"".join([len(data).to_bytes(8, "little") + data for data in encoded])).digest()


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
        return entry if file_identity(f"{output_dir}/{path}") == entry.file else None  # (17,500 calls: no join)
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
