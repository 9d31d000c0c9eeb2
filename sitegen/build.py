"""The pipeline: load (discover, parse, validate, link) everything first, then
render, write, index and publish. Nothing touches output/ until the new site
is complete."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from . import frontmatter, validate
from .diagnostics import ContentError, Diagnostic
from .discover import discover
from .graph import Site, link
from .history import build_date, file_dates
from .render import render_site
from .links import broken_links, page_links
from .search import index_site
from .urls import base_path
from .write import copy_assets, publish, remove_leftovers, staging_dir, write_outputs
from .cache import PersistentCache, environment_key
from .markup import body_key, render_markdown

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
    cache: RecordCache | None = None  # in-process record cache (serve)
    cache_dir: Path | None = Path(".cache")  # persistent cache; None: a cold build that writes none
    jobs: int = os.cpu_count() or 1


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

    def __init__(self, entries: dict | None = None):
        self._entries: dict[tuple, tuple] = entries if entries is not None else {}

    def get(self, source, vocabulary_key: str, compute):
        key = (source.display, source.kind, hashlib.sha256(source.data).digest(), vocabulary_key)
        if key not in self._entries:
            self._entries[key] = compute()
        return self._entries[key]

    def keep_only(self, live: set) -> None:
        """Forget entries of files that no longer exist."""
        for key in [k for k in self._entries if k[0] not in live]:
            del self._entries[key]


def _fingerprint(vocabulary: validate.Vocabulary) -> str:
    """Stable across processes (unlike hash()), so it can key a cache on disk."""
    text = repr((sorted(vocabulary.terms.items()), sorted(vocabulary.organisations), vocabulary.today))
    return hashlib.sha256(text.encode()).hexdigest()


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
    vocabulary_key = _fingerprint(vocabulary) if cache is not None else ""
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

    persistent = None
    record_cache = options.cache
    if options.cache_dir is not None and record_cache is None:
        persistent = PersistentCache(options.cache_dir, environment_key(options.templates_dir))
        record_cache = RecordCache(persistent.load("records"))
    site = load(options.content_dir, options.base_url, cache=record_cache)
    lap("inlezen en controleren")

    markdown_html = persistent.load("markdown") if persistent else {}
    _render_bodies(site, markdown_html, options.jobs)
    lap("markdown")

    output = options.output_dir.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output)
    staging = staging_dir(output)
    staging.mkdir()
    try:
        pages, links = _render_pages(site, options, markdown_html, staging)
        copy_assets(options.templates_dir / "assets", staging)
        for name in keep:  # e.g. the preview's search index, re-made later (hard links: cheap)
            if (output / name).is_dir():
                shutil.copytree(output / name, staging / name, copy_function=os.link)
        lap("pagina's maken")
        broken = broken_links(staging, base_path(site.config), links)
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
    if persistent:
        persistent.save()
        lap("cache bewaren")
    return BuildReport(site, pages, timings)


# -- the pure stages, across processes -------------------------------------------------------------
# Workers are forked after the shared state below is set, so they inherit the Site instead of
# receiving it pickled. Each page is rendered by exactly one worker, with the same inputs as a
# serial build: the output is byte-identical whatever the number of jobs.

_SHARED: dict = {}


def _pool(jobs: int):
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))


def _render_bodies(site, markdown_html: dict, jobs: int) -> None:
    """Render every Markdown body not yet in the cache (keyed by the body's hash)."""
    records = [*site.initiatives, *site.organisations, *site.news, *site.pages]
    missing = sorted({body_key(r.body): r.body for r in records if body_key(r.body) not in markdown_html}.items())
    if not missing:
        return
    bodies = [body for _, body in missing]
    if jobs > 1 and len(bodies) > 50:
        chunk = max(1, len(bodies) // (jobs * 4))
        with _pool(jobs) as pool:
            rendered = list(pool.map(_render_many, [bodies[i:i + chunk] for i in range(0, len(bodies), chunk)]))
        html = [h for part in rendered for h in part]
    else:
        html = _render_many(bodies)
    markdown_html.update(zip((key for key, _ in missing), html))


def _render_many(bodies: list[str]) -> list[str]:
    return [render_markdown(body) for body in bodies]


def _render_pages(site, options: BuildOptions, markdown_html: dict, staging: Path) -> int:
    _SHARED.update(site=site, options=options, markdown_html=markdown_html, staging=staging)
    try:
        if options.jobs <= 1:
            written = [_render_shard(0, 1)]
        else:
            with _pool(options.jobs) as pool:
                written = list(pool.map(_render_shard, range(options.jobs), [options.jobs] * options.jobs))
    finally:
        _SHARED.clear()
    paths = [p for part, _ in written for p in part]
    if len(paths) != len(set(paths)):
        raise RuntimeError("two pages would be written to the same file")
    links = {page: found for _, part in written for page, found in part.items()}
    return len(paths), links


def _render_shard(index: int, count: int) -> tuple[list[str], dict]:
    """Render and write every count-th page, starting at index.

    Returns the paths written and, for each HTML page, its links and ids (read here, while
    the page is in memory, for the link check)."""
    site, options = _SHARED["site"], _SHARED["options"]
    written: list[str] = []
    links: dict = {}

    def noted(outputs):
        for output in outputs:
            if output.path.endswith(".html"):
                links[output.path] = page_links(output.data.decode("utf-8"))
            yield output

    outputs = render_site(site, options.templates_dir, preview=options.preview,
                          markdown_html=_SHARED["markdown_html"], shard=(index, count))
    write_outputs(noted(outputs), _SHARED["staging"], on_write=written.append)
    return written, links
