"""Stage 1: find the content files and read them. The only reads of content/."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sitegen.model.diagnostics import Diagnostic
from sitegen.model.kinds import RECORD_KINDS
from sitegen.model.schema import TAXONOMY_ORDER
from sitegen.model.slugs import SLUG_HINT, SLUG_MAX_LENGTH, SLUG_PATTERN

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
            f"ongeldige bestandsnaam '{slug}': {SLUG_HINT} (bijvoorbeeld 'techniek-regio-assen.md')"
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
        # os.scandir and plain strings: pathlib and resolve() per file cost far more.
        shown_folder = display_path(directory)
        with os.scandir(directory) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        for entry in entries:
            if entry.name.startswith("."):
                continue  # .gitkeep and editor swap files
            shown = f"{shown_folder}/{entry.name}"
            if not entry.name.endswith(".md") or _is_dir(entry):
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
                try:
                    status = entry.stat()
                except OSError as error:
                    problems.append(Diagnostic(shown, 1, 1, unreadable(error)))
                    continue
                stamp = (status.st_ino, status.st_size, status.st_mtime_ns)
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
    # Opened without blocking: a named pipe would otherwise wait for a writer for ever.
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        problems.append(Diagnostic(shown, 1, 1, unreadable(error)))
        return None
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            problems.append(Diagnostic(shown, 1, 1, "geen gewoon bestand (maar bijvoorbeeld een pipe of een "
                                                    "apparaat); alleen tekstbestanden horen hier"))
            return None
        if status.st_size > MAX_FILE_BYTES:
            problems.append(Diagnostic(shown, 1, 1, f"bestand is te groot ({status.st_size / 1e6:.1f} MB; hoogstens "
                                                    f"{MAX_FILE_BYTES / 1e6:.0f} MB)"))
            return None
        return SourceFile(path, shown, kind, slug, handle.read())


_REASONS = {
    errno.ELOOP: "de koppeling verwijst in een kring naar zichzelf",
    errno.ENOENT: "de koppeling leidt naar een bestand dat niet bestaat",
    errno.EACCES: "geen toestemming om het bestand te lezen",
    errno.EISDIR: "dit is een map, geen bestand",
}


def unreadable(error: OSError) -> str:
    """Why a content file cannot be read, in Dutch."""
    return f"kan het bestand niet lezen: {_REASONS.get(error.errno, error.strerror or str(error))}"


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link in a loop: not a folder; reading it says why
        return False


def _inside(path: Path, root: Path) -> bool:
    """True when the file, after following links, stays under the content folder."""
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    except (RuntimeError, OSError):  # a link that cannot be followed: reading it fails and says why
        return True
    return True
