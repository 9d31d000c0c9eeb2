"""The build cache: what one build can hand to the next.

Kinds: 'records' (parsed and validated records by file hash), 'markdown' (rendered bodies
by body hash), 'parts' (initiative cards and open-data rows, with what they read) and 'pages' (the page index:
what each output file of the last published site was made from, see incremental.py).

The whole cache is keyed by the versions of everything that could change the result beyond
the content and templates (the generator's own code and data, Python, the libraries), so a
stale cache can never show old output: after any upgrade the key differs and the build starts
cold. Templates are not in the key: each page and card records the templates it loaded
(reads.py), so an edited template remakes the pages that use it and nothing else. On disk it
lives in .cache/ (one pickle per kind, replaced atomically); `serve` keeps it in memory.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sys
from pathlib import Path


PACKAGE = Path(__file__).resolve().parent
# Libraries whose version can change what a build writes.
LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "markdown", "nh3", "pymdown-extensions", "mdx-truly-sane-lists",
             "mdx-breakless-lists")


def environment_key() -> str:
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=?".encode())
    return digest.hexdigest()[:20]


class BuildCache:
    """A dict per kind, valid for one environment key.

    folder=None keeps it in memory only (serve; or a cold build, which then forgets it)."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.key: str | None = None
        self.data: dict[str, dict] = {}
        self._changed: set[str] = set()

    def open(self, key: str) -> None:
        """Start a build in environment `key`; entries made in another environment are dropped."""
        if key != self.key:
            self.key = key
            self.data = {}
            self._changed = set()

    def _path(self, kind: str) -> Path:
        return self.folder / f"{kind}-{self.key}.pickle"

    def load(self, kind: str) -> dict:
        if kind not in self.data:
            self.data[kind] = {}
            if self.folder is not None:
                try:
                    with self._path(kind).open("rb") as handle:
                        self.data[kind] = pickle.load(handle)
                except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                    pass  # missing or unreadable: start cold
        return self.data[kind]

    def store(self, kind: str, entries: dict) -> None:
        """Replace a kind's entries; it is written at the next save()."""
        self.data[kind] = entries
        self._changed.add(kind)

    def save(self) -> None:
        """Write the kinds that changed (a build that changed nothing writes nothing)."""
        if self.folder is None or self.key is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.pickle"):
            if not old.name.endswith(f"-{self.key}.pickle"):
                old.unlink(missing_ok=True)  # made by other versions: never valid again
        for kind in sorted(self._changed):
            temporary = self.folder / f".{kind}-{os.getpid()}.tmp"
            with temporary.open("wb") as handle:
                pickle.dump(self.data[kind], handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self._path(kind))
        self._changed.clear()
