"""Stage 1: find the content files and read them. The only reads of content/."""

from __future__ import annotations

import hashlib
import os
import re
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .diagnostics import Diagnostic
from .kinds import RECORD_KINDS
from .schema import TAXONOMY_ORDER

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_MAX_LENGTH = 80
MAX_FILE_BYTES = 1_000_000  # a record is a few kB; a larger file is a mistake or an attack

# Folder under content/ -> record kind.
ITEM_FOLDERS = {k.folder: k.kind for k in RECORD_KINDS}  # content folder -> record kind
TAXONOMY_FILES = TAXONOMY_ORDER


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute, for reading
    display: str  # as shown to editors, e.g. content/initiatives/x.md
    kind: str  # initiative, organisation, news, page, taxonomy, site
    slug: str  # file name without extension
    data: bytes

    @cached_property
    def digest(self) -> bytes:
        """The SHA-256 of the bytes (a kept SourceFile keeps it too)."""
        return hashlib.sha256(self.data).digest()


Stamp = tuple[int, int, int]  # inode, size, modification time (ns)


class KnownFiles:
    """The item files an earlier discover() read, kept by `serve` between rebuilds, and the paths
    the operating system reported as changed since. A file is read again when it was reported
    or its stamp differs; otherwise the very same SourceFile is used (reading 13,000 files
    costs 0.15 s at 10,000 initiatives). Either signal alone would do almost always: the
    stamp misses a second save of the same size within one clock tick, a report can be lost
    when the system's event queue overflows."""

    def __init__(self):
        self._files: dict[str, tuple[Stamp, SourceFile]] = {}
        self._changed: set[str] = set()
        self._lock = threading.Lock()

    def report(self, paths) -> None:
        """Paths the watcher saw change (any thread)."""
        with self._lock:
            self._changed.update(os.path.realpath(path) for path in paths)

    def _take_changed(self) -> set[str]:
        with self._lock:
            changed, self._changed = self._changed, set()
        return changed


@dataclass(frozen=True)
class Sources:
    site: SourceFile | None
    taxonomies: dict[str, SourceFile]
    items: list[SourceFile]


def display_path(path: Path) -> str:
    """Path relative to the working directory where possible, with forward slashes."""
    try:
        return Path(os.path.relpath(path)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def slug_problem(slug: str) -> str | None:
    if len(slug) > SLUG_MAX_LENGTH:
        return f"bestandsnaam is te lang ({len(slug)} tekens, hoogstens {SLUG_MAX_LENGTH})"
    if not SLUG_PATTERN.match(slug):
        return (
            f"ongeldige bestandsnaam '{slug}': gebruik alleen kleine letters a-z, cijfers "
            "en losse koppeltekens (bijvoorbeeld 'techniek-regio-assen.md')"
        )
    return None


def discover(content_dir: Path, known: KnownFiles | None = None) -> tuple[Sources, list[Diagnostic]]:
    """Read every content file, sorted by path; report files that cannot be used. With `known`,
    an item file that did not change since is not read again."""
    root = content_dir.resolve()
    changed = known._take_changed() if known is not None else set()
    kept: dict[str, tuple[Stamp, SourceFile]] = {}
    problems: list[Diagnostic] = []
    if not root.is_dir():
        return Sources(None, {}, []), [
            Diagnostic(display_path(content_dir), 1, 1, "map met inhoud niet gevonden")
        ]

    def read(path: Path, kind: str, slug: str) -> SourceFile | None:
        shown = display_path(path)
        if not _inside(path, root):
            problems.append(Diagnostic(shown, 1, 1, "verwijst naar een bestand buiten content/; niet toegestaan"))
            return None
        return _read_item(path, shown, kind, slug, problems)

    site_path = root / "site.yml"
    site = None
    if site_path.is_file():
        site = read(site_path, "site", "site")
    else:
        problems.append(Diagnostic(display_path(site_path), 1, 1, "bestand ontbreekt: site.yml met de instellingen van de site"))

    taxonomies: dict[str, SourceFile] = {}
    for name in TAXONOMY_FILES:
        path = root / "taxonomies" / f"{name}.yml"
        if path.is_file():
            source = read(path, "taxonomy", name)
            if source:
                taxonomies[name] = source
        else:
            problems.append(Diagnostic(display_path(path), 1, 1, f"bestand ontbreekt: taxonomie '{name}'"))

    items: list[SourceFile] = []
    for folder, kind in ITEM_FOLDERS.items():
        directory = root / folder
        if not directory.is_dir():
            continue
        folder_inside = _inside(directory, root)  # else each file is checked (and refused) below
        # os.scandir and plain strings: at 10,000 files, pathlib and resolve() per file cost seconds.
        shown_folder = display_path(directory)
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            if entry.name.startswith("."):
                continue  # .gitkeep and editor swap files
            shown = f"{shown_folder}/{entry.name}"
            if entry.is_dir() or not entry.name.endswith(".md"):
                problems.append(Diagnostic(shown, 1, 1, f"onverwacht bestand in {folder}/: alleen .md-bestanden horen hier"))
                continue
            slug = entry.name[:-3]
            problem = slug_problem(slug)
            if problem:
                problems.append(Diagnostic(shown, 1, 1, problem))
                continue
            if (entry.is_symlink() or not folder_inside) and not _inside(directory / entry.name, root):
                problems.append(Diagnostic(shown, 1, 1, "verwijst naar een bestand buiten content/; niet toegestaan"))
                continue
            source = None
            if known is not None:
                stat = entry.stat()
                stamp = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
                earlier = known._files.get(entry.path)
                if earlier is not None and earlier[0] == stamp and entry.path not in changed:
                    source = earlier[1]
            if source is None:
                source = _read_item(directory / entry.name, shown, kind, slug, problems)
            if source:
                items.append(source)
                if known is not None:
                    kept[entry.path] = (stamp, source)
    if known is not None:
        known._files = kept
    return Sources(site, taxonomies, items), problems


def _read_item(path: Path, shown: str, kind: str, slug: str, problems: list[Diagnostic]) -> SourceFile | None:
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_FILE_BYTES:
            problems.append(Diagnostic(shown, 1, 1, f"bestand is te groot ({size / 1e6:.1f} MB; hoogstens "
                                                    f"{MAX_FILE_BYTES / 1e6:.0f} MB)"))
            return None
        return SourceFile(path, shown, kind, slug, handle.read())


def _inside(path: Path, root: Path) -> bool:
    """True when the file, after following links, stays under the content folder."""
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True
