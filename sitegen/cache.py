"""The persistent build cache in .cache/: validated records and rendered Markdown.

Entries are keyed by the content hash of what they were made from; the cache file
itself is keyed by the versions of everything that could change the result (the
generator's own code, the templates, the libraries), so a stale cache can never
show old output: after any upgrade the key differs and the build starts cold.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
from pathlib import Path


PACKAGE = Path(__file__).resolve().parent
# Libraries whose version can change what a build writes.
LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "markdown", "nh3", "pymdown-extensions", "mdx-truly-sane-lists",
             "mdx-breakless-lists")


def environment_key(templates_dir: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.glob("*.py")) + sorted(p for p in templates_dir.rglob("*") if p.is_file()):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=?".encode())
    return digest.hexdigest()[:20]


class PersistentCache:
    """A dict per kind ('records', 'markdown'), loaded at the start, saved atomically at the end."""

    def __init__(self, folder: Path, key: str):
        self.folder = folder
        self.key = key
        self.data: dict[str, dict] = {}

    def _path(self, kind: str) -> Path:
        return self.folder / f"{kind}-{self.key}.pickle"

    def load(self, kind: str) -> dict:
        if kind not in self.data:
            try:
                with self._path(kind).open("rb") as handle:
                    self.data[kind] = pickle.load(handle)
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                self.data[kind] = {}  # missing or unreadable: start cold
        return self.data[kind]

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.pickle"):
            if not old.name.endswith(f"-{self.key}.pickle"):
                old.unlink(missing_ok=True)  # made by other versions: never valid again
        for kind, entries in self.data.items():
            temporary = self.folder / f".{kind}-{os.getpid()}.tmp"
            with temporary.open("wb") as handle:
                pickle.dump(entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self._path(kind))
