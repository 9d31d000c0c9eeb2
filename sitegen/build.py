"""The pipeline: load (discover, parse, validate, link) everything first, then
render, write, index and publish. Nothing touches output/ until the new site
is complete."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import frontmatter, validate
from .diagnostics import ContentError, Diagnostic
from .discover import discover
from .graph import Site, link
from .history import build_date, file_dates
from .render import render_site
from .links import broken_links
from .search import index_site
from .urls import base_path
from .write import copy_assets, publish, remove_leftovers, staging_dir, write_outputs

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES = PROJECT_DIR / "templates"


class BrokenLinksError(RuntimeError):
    """The generated site links to a page or anchor it does not have: nothing is published."""

    def __init__(self, broken: list[tuple[str, str]]):
        self.broken = broken
        lines = "\n".join(f"  {page}: {link}" for page, link in broken[:50])
        more = f"\n  ... en nog {len(broken) - 50}" if len(broken) > 50 else ""
        super().__init__(f"{len(broken)} interne links leiden nergens heen; er is niets gepubliceerd:\n{lines}{more}")


@dataclass
class BuildOptions:
    content_dir: Path = Path("content")
    output_dir: Path = Path("output")
    templates_dir: Path = DEFAULT_TEMPLATES
    base_url: str | None = None
    search: bool = True
    preview: bool = False  # pages load the error overlay of `serve`
    cache: RecordCache | None = None


@dataclass
class BuildReport:
    site: Site
    pages: int
    timings: dict[str, float] = field(default_factory=dict)


class RecordCache:
    """Parsed and validated records by file content, for rebuilds in one process (serve).

    A record's validity also depends on what it may refer to, so the key holds the
    vocabulary too: a changed taxonomy or a new organisation re-checks every record.
    """

    def __init__(self):
        self._entries: dict[tuple, tuple] = {}

    def get(self, source, vocabulary_key: int, compute):
        key = (source.display, source.kind, hashlib.sha256(source.data).digest(), vocabulary_key)
        if key not in self._entries:
            self._entries[key] = compute()
        return self._entries[key]

    def keep_only(self, live: set) -> None:
        """Forget entries of files that no longer exist."""
        self._entries = {k: v for k, v in self._entries.items() if k[0] in live}


def _fingerprint(vocabulary: validate.Vocabulary) -> int:
    return hash((tuple(sorted(vocabulary.terms.items())), vocabulary.organisations, vocabulary.today))


def _check_record(source, vocabulary):
    doc, problems = frontmatter.parse_item(source)
    record = None
    if doc:
        record, found = validate.validate_record(doc, vocabulary)
        problems = problems + found
    return record, problems


def load(content_dir: Path, base_url: str | None = None, today: date | None = None,
         cache: RecordCache | None = None) -> Site:
    """Read and check the whole content tree; raise ContentError with every problem."""
    sources, problems = discover(content_dir)

    config = None
    if sources.site:
        doc, found = frontmatter.parse_yaml_file(sources.site)
        problems += found
        if doc:
            config, found = validate.validate_site(doc)
            problems += found

    taxonomies = {}
    for name, source in sources.taxonomies.items():
        doc, found = frontmatter.parse_yaml_file(source)
        problems += found
        if doc:
            terms, found = validate.validate_taxonomy(doc, name)
            problems += found
            if not found:
                taxonomies[name] = terms

    vocabulary = validate.Vocabulary(
        terms={name: tuple(t.key for t in terms) for name, terms in taxonomies.items()},
        organisations=frozenset(s.slug for s in sources.items if s.kind == "organisation"),
        today=today or date.today(),
    )
    records = []
    vocabulary_key = _fingerprint(vocabulary) if cache is not None else 0
    for source in sources.items:
        if cache is not None:
            record, found = cache.get(source, vocabulary_key, lambda: _check_record(source, vocabulary))
        else:
            record, found = _check_record(source, vocabulary)
        problems += found
        if record:
            records.append(record)
    if cache is not None:
        cache.keep_only({s.display for s in sources.items})

    if problems or config is None:
        raise ContentError(problems)
    if base_url:
        config = replace(config, base_url=base_url)
    site, problems = link(config, taxonomies, records, file_dates(content_dir), build_date(content_dir))
    if problems:
        raise ContentError(problems)
    return site


def build(options: BuildOptions, progress=lambda message: None, keep: tuple[str, ...] = ()) -> BuildReport:
    """Build the site into options.output_dir atomically; raise ContentError on bad content.

    `keep` names folders of the current output to carry over into the new one."""
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal started
        now = time.perf_counter()
        timings[stage] = now - started
        started = now
        progress(f"{stage}: {timings[stage]:.2f} s")

    site = load(options.content_dir, options.base_url, cache=options.cache)
    lap("inlezen en controleren")

    output = options.output_dir.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output)
    staging = staging_dir(output)
    staging.mkdir()
    try:
        pages = write_outputs(render_site(site, options.templates_dir, preview=options.preview), staging)
        copy_assets(options.templates_dir / "assets", staging)
        for name in keep:  # e.g. the preview's search index, re-made later (hard links: cheap)
            if (output / name).is_dir():
                shutil.copytree(output / name, staging / name, copy_function=os.link)
        lap("pagina's maken")
        broken = broken_links(staging, base_path(site.config))
        if broken:
            raise BrokenLinksError(broken)
        lap("links controleren")
        if options.search:
            index_site(staging)
            lap("zoekindex")
        publish(staging, output)
        lap("publiceren")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildReport(site, pages, timings)
