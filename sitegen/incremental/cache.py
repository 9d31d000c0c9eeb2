"""The memo's store (memo.py): the part of what one build hands the next kept on disk.

Kinds: 'records' (parsed and checked records by file hash), 'markdown' (rendered bodies by
body hash), 'parts' (initiative cards and open-data rows, with what they read), 'pages' (the
page index: what each output file of the last published site was made from, see plan.py)
and 'templates' (compiled templates; marshalled code, valid for the Python in the key).

The whole cache is keyed by the versions of everything that could change the result beyond
the content and templates (the generator's own code and data, Python, the libraries), so a
stale cache can never show old output: after any upgrade the key differs and the build starts
cold. Templates are not in the key: each page and card records the templates it loaded
(reads.py), so an edited template remakes the pages that use it and nothing else. On disk it
lives in .cache/; `serve` keeps it in memory.

On disk each kind is a whole pickle plus the deltas of the builds since: a build that changed a
few entries of a kind appends only those, not the whole kind again. Every file is replaced
atomically and names the whole pickle it follows, so a delta left by an interrupted build is
never applied to another. After MAX_DELTAS
deltas, or once they are larger than a DELTA_SHARE of it, the kind is written whole again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

from sitegen.model import sitefacts

PACKAGE = Path(__file__).resolve().parents[1]  # the whole of sitegen/
# Libraries whose version can change what a build writes.
LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "markdown", "nh3", "pymdown-extensions", "mdx-truly-sane-lists",
             "mdx-breakless-lists")


# Deltas are read one after another at every load: after this many, or once they are larger
# than this share of the whole pickle, the kind is written whole again.
MAX_DELTAS = 16
DELTA_SHARE = 0.25


def environment_key() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for path in sitefacts.SOURCES:  # the tool versions the site's own pages name
        digest.update(path.read_bytes() if path.is_file() else b"-")
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=?".encode())
    return digest.hexdigest()[:20]


@dataclass
class _OnDisk:
    """What a kind's files hold: the whole pickle's generation and size, how many deltas follow
    it and their size, and the entries (a shallow copy, to compare with)."""
    generation: str
    size: int
    deltas: int
    delta_size: int
    entries: dict


class BuildCache:
    """A dict per kind, valid for one environment key.

    folder=None keeps it in memory only (serve; or a cold build, which then forgets it)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.key: str | None = None
        self.data: dict[str, dict] = {}
        self._changed: set[str] = set()
        self._on_disk: dict[str, _OnDisk] = {}

    def open(self, key: str) -> None:
        """Start a build in environment `key`; entries made in another environment are dropped."""
        if key != self.key:
            self.key = key
            self.data = {}
            self._changed = set()
            self._on_disk = {}

    def _path(self, kind: str) -> Path:
        return self.folder / f"{kind}-{self.key}.pickle"

    def _delta_path(self, kind: str, number: int) -> Path:
        return self.folder / f"{kind}-{self.key}.{number}.delta"

    def load(self, kind: str) -> dict:
        if kind not in self.data:
            self.data[kind] = {}
            if self.folder is not None:
                try:
                    self.data[kind] = self._read(kind)
                except (OSError, ValueError, TypeError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                    self._on_disk.pop(kind, None)  # missing or unreadable: start cold
        return self.data[kind]

    def _read(self, kind: str) -> dict:
        with self._path(kind).open("rb") as handle:
            generation, entries = pickle.load(handle)
            size = os.fstat(handle.fileno()).st_size
        deltas = delta_size = 0
        while True:
            try:
                with self._delta_path(kind, deltas + 1).open("rb") as handle:
                    follows, changed, removed = pickle.load(handle)
                    this_size = os.fstat(handle.fileno()).st_size
            except FileNotFoundError:
                break
            if follows != generation:
                break  # left by a build before the whole pickle was written again
            for key in removed:
                entries.pop(key, None)
            entries.update(changed)
            deltas, delta_size = deltas + 1, delta_size + this_size
        self._on_disk[kind] = _OnDisk(generation, size, deltas, delta_size, dict(entries))
        return entries

    def store(self, kind: str, entries: dict) -> None:
        """Replace a kind's entries; it is written at the next save()."""
        self.data[kind] = entries
        self._changed.add(kind)

    def save(self) -> None:
        """Write what changed in the kinds stored (a build that changed nothing writes nothing)."""
        if self.folder is None or self.key is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in (*self.folder.glob("*.pickle"), *self.folder.glob("*.delta")):
            if f"-{self.key}." not in old.name:
                old.unlink(missing_ok=True)  # made by other versions: never valid again
        for kind in sorted(self._changed):
            self._write(kind, self.data[kind])
        self._changed.clear()

    def _write(self, kind: str, entries: dict) -> None:
        on_disk = self._on_disk.get(kind)
        if on_disk is not None:
            before = on_disk.entries
            # Most entries kept are the very object loaded; one worked out again may be equal.
            changed = {key: value for key, value in entries.items() if before.get(key, _ABSENT) is not value}
            changed = {key: value for key, value in changed.items() if before.get(key, _ABSENT) != value}
            removed = list(before.keys() - entries.keys())
            if not changed and not removed:
                return
            delta = pickle.dumps((on_disk.generation, changed, removed), protocol=pickle.HIGHEST_PROTOCOL)
            delta_size = on_disk.delta_size + len(delta)
            if on_disk.deltas < MAX_DELTAS and delta_size <= DELTA_SHARE * on_disk.size:
                self._replace(self._delta_path(kind, on_disk.deltas + 1), delta)
                self._on_disk[kind] = _OnDisk(on_disk.generation, on_disk.size, on_disk.deltas + 1, delta_size,
                                              dict(entries))
                return
        generation = os.urandom(8).hex()
        size = self._replace(self._path(kind), lambda handle: pickle.dump((generation, entries), handle,
                                                                          protocol=pickle.HIGHEST_PROTOCOL))
        self._on_disk[kind] = _OnDisk(generation, size, 0, 0, dict(entries))
        for delta in self.folder.glob(f"{kind}-{self.key}.*.delta"):  # of the whole pickle replaced
            delta.unlink(missing_ok=True)

    def _replace(self, path: Path, write) -> int:
        """Write a file atomically: `write` is its bytes or writes them to a handle (a whole
        pickle is streamed, not held in memory twice). Returns its size."""
        temporary = self.folder / f".{path.name}-{os.getpid()}.tmp"
        with temporary.open("wb") as handle:
            if isinstance(write, bytes):
                handle.write(write)
            else:
                write(handle)
            size = handle.tell()
        os.replace(temporary, path)
        return size


_ABSENT = object()
