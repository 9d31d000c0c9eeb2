"""The memo: everything one build hands the next, in one object its owner keeps.

Its owner is whoever runs the builds: the `build` command (one build; the memo's store lives
in .cache/ on disk, so the next process starts from it) or a preview session (`serve`: many
builds, the memo in memory). Nothing else outlives a build: sitegen has no module-level
mutable state (tests/test_architecture.py scans for it).

What it holds, each pruned on every build to what that build used:

| field | holds | keyed by |
|---|---|---|
| store "records" | parsed and checked records | the file's hash and the vocabulary it was checked against |
| store "markdown" | rendered bodies | the body's hash and its folder |
| store "parts" | cards and open-data rows, with what they read (parts.py) | part name |
| store "pages" | the page index: what each output of the last build read (plan.py) | output path |
| store "templates" | compiled templates, one per template file | its name; Jinja compares the source's checksum |
| `related` | the related initiatives chosen, by slug | what they were chosen by (graph.RelatedChoice) |
| `current_parts` | parts the last build found current | part name -> that build's id |
| `body_keys` | each record's body key (markup.body_key) | record source, while its version is the same |
| `files` | content files read, and what the watcher reported since (serve) | path and stamp |

Invariants:
1. An entry is used only when what it is keyed by is equal now (a hash, a version, a build's
   id): correctness never depends on two caches handing back the very same object.
2. Every build replaces each entry it relies on or drops it; what no live record or output
   uses is dropped at the end of the build (`serve` through 500 edits holds its memory flat).
   Compiled templates are the exception: one per template file, replaced when it is edited.
3. The store is keyed by the environment (cache.environment_key): code, Python and libraries.
   Another environment starts from an empty memo.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from sitegen.content.discover import KnownFiles
from sitegen.incremental.cache import BuildCache
from sitegen.incremental.plan import PageIndex
from sitegen.site.graph import RelatedChoice


class Memo:
    def __init__(self, cache_dir: Path | None, files: KnownFiles | None = None):
        self.store = BuildCache(cache_dir)  # cache_dir None: in memory only
        self.files = files
        self.related: RelatedChoice | None = None
        self.current_parts: dict[str, bytes] = {}
        self.body_keys: dict[str, tuple[str, str]] = {}  # record source -> (version, markup.body_key)

    def open(self, environment: str) -> None:
        """Start a build in an environment; what another one made is forgotten."""
        if environment != self.store.key:
            self.related, self.current_parts, self.body_keys = None, {}, {}
        self.store.open(environment)

    def page_index(self) -> PageIndex | None:
        """The page index of the last build (plan.py); on disk it is kept flat, so that a
        build writes only the entries that changed."""
        stored = self.store.load("pages")
        return stored.get("index") if self.store.folder is None else PageIndex.from_flat(stored)

    def keep_page_index(self, index: PageIndex) -> None:
        self.store.store("pages", {"index": index} if self.store.folder is None else index.flat())

    def save(self) -> None:
        self.store.save()


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates from the memo's store (compiling them is a large part of a small
    build). Jinja keys each by its name and checks it against its source's checksum, so an
    edited template is compiled again and replaces its entry: one entry per template file."""

    def __init__(self, memo: Memo):
        self._store = memo.store
        self._compiled = memo.store.load("templates")

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()
        self._store.store("templates", self._compiled)
