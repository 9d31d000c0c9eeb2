"""Read the content tree, check every file, and link the records into one Site.

The only way from content/ to a Site: `build`, `check`, `diff` and `intake` all load through
here, so all of them report the same problems at the same lines."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import date
from pathlib import Path

from sitegen.content import frontmatter, history, validate
from sitegen.content.discover import ITEM_FOLDERS, KnownFiles, discover
from sitegen.content.history import build_date, read_history
from sitegen.model.diagnostics import ContentError
from sitegen.model.kinds import BY_KIND
from sitegen.model.places import Gazetteer
from sitegen.site.graph import RelatedChoice, Site, link


class RecordCache:
    """Parsed and checked records by file content (with its hash) and the vocabulary they were
    checked against (a changed taxonomy or a new organisation re-checks every record): the
    "records" of the memo's store, and which of them this load used."""

    def __init__(self, entries: dict):
        self._entries = entries
        self._used: set = set()
        self._added = False

    @staticmethod
    def key(source, digest: bytes, vocabulary_key: str) -> tuple:
        return source.display, source.kind, digest, vocabulary_key

    def get(self, source, digest: bytes, vocabulary_key: str, compute):
        key = self.key(source, digest, vocabulary_key)
        self._used.add(key)
        if key not in self._entries:
            self._entries[key] = compute()
            self._added = True
        return self._entries[key]

    def to_keep(self) -> dict | None:
        """The entries this load used, to keep for the next; None when nothing changed."""
        if not self._added and len(self._used) == len(self._entries):
            return None
        return {key: self._entries[key] for key in self._used}


def _fingerprint(vocabulary: validate.Vocabulary) -> str:
    """Stable across processes (unlike hash()), so it can key a cache on disk."""
    text = repr((sorted(vocabulary.terms.items()), vocabulary.today,
                 sorted((folder, sorted(names)) for folder, names in (vocabulary.slugs or {}).items()),
                 vocabulary.places.fingerprint() if vocabulary.places else None))
    return hashlib.sha256(text.encode()).hexdigest()


def _check_taxonomy(source, name: str, earlier: validate.Vocabulary):
    doc, problems = frontmatter.parse_yaml_file(source)
    if not doc:
        return [], problems
    terms, found = validate.validate_taxonomy(doc, name, earlier)
    return terms, problems + found


def _check_record(source, vocabulary):
    doc, problems = frontmatter.parse_item(source)
    record = None
    if doc:
        record, found = validate.validate_record(doc, vocabulary)
        problems = problems + found
    return record, problems


def load(content_dir: Path, base_url: str | None = None, today: date | None = None,
         cache: RecordCache | None = None, known: KnownFiles | None = None,
         related_before: RelatedChoice | None = None) -> Site:
    """Read and check the whole content tree; raise ContentError with every problem.

    cache: records checked before; known: the files read before (serve); related_before: the
    related choice of an earlier build, taken again while what it was chosen by is equal."""
    sources, problems = discover(content_dir, known)

    config = None
    if sources.site:
        doc, found = frontmatter.parse_yaml_file(sources.site)
        problems += found
        if doc:
            config, found = validate.validate_site(doc)
            problems += found

    today = today or history.today()
    cache = cache if cache is not None else RecordCache({})  # a cold load checks each file once
    taxonomies = {}
    for name, source in sources.taxonomies.items():  # in TAXONOMY_ORDER: one may name an earlier one
        earlier = validate.Vocabulary({n: tuple(t.key for t in terms) for n, terms in taxonomies.items()},
                                      frozenset(), today)
        # An unchanged taxonomy (342 municipalities) is not parsed again.
        terms, found = cache.get(source, source.digest, _fingerprint(earlier),
                                 lambda: _check_taxonomy(source, name, earlier))
        problems += found
        if not found:
            taxonomies[name] = terms

    slugs: dict[str, set[str]] = {folder: set() for folder in ITEM_FOLDERS}
    for source in sources.items:
        slugs[BY_KIND[source.kind].folder].add(source.slug)
    vocabulary = validate.Vocabulary(
        terms={name: tuple(t.key for t in terms) for name, terms in taxonomies.items()},
        organisations=frozenset(slugs["organisations"]),
        today=today,
        places=(Gazetteer.from_terms(taxonomies["municipalities"], tuple(t.key for t in taxonomies["provinces"]),
                                     taxonomies.get("regions", ()))
                if "municipalities" in taxonomies and "provinces" in taxonomies else None),
        slugs={folder: frozenset(names) for folder, names in slugs.items()},
    )
    records, versions = [], {}
    vocabulary_key = _fingerprint(vocabulary)
    for source in sources.items:
        record, found = cache.get(source, source.digest, vocabulary_key, lambda: _check_record(source, vocabulary))
        problems += found
        if record:
            records.append(record)
            # Its version: what the cache keeps it by (Site.versions).
            versions[record.source] = hashlib.sha256(repr(RecordCache.key(source, source.digest, vocabulary_key))
                                                      .encode()).hexdigest()

    if problems or config is None:
        raise ContentError(problems)
    if base_url:
        config = replace(config, base_url=base_url)
    git_dates, dates_version = read_history(content_dir)
    # History is keyed by absolute path, as git names files; a record by its display path.
    dates = {source.display: found for source in sources.items
             if (found := git_dates.get(source.path.as_posix())) is not None} if git_dates else {}
    site, problems = link(config, taxonomies, records, dates, build_date(content_dir), related_before, dates_version)
    if problems:
        raise ContentError(problems)
    return replace(site, versions=versions)
