"""The pipeline: load (discover, parse, validate, link) everything first, then
render, write, index and publish. Nothing touches output/ until the new site
is complete."""

from __future__ import annotations

import gc
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
from .diagnostics import ContentError
from .discover import ITEM_FOLDERS, KnownFiles, discover
from .kinds import BY_KIND
from .places import Gazetteer
from .graph import Site, link
from .history import build_date, file_dates
from .render import Output, render, site_tasks
from .incremental import Digests, PageEntry, PageIndex, file_identity, only_new_pages_need_a_link_check, reusable
from .links import broken_links, page_links, site_files
from .search import facet_counts, index_site, page_filters
from .templateerrors import template_error
from .urls import FACET_COUNTS, base_path, content_folder
from .write import (carry_over, claim_staging, copy_assets, keep_as_spare, publish, remove_leftovers, remove_stale,
                    write_or_carry_over, write_output)
from .cache import BuildCache, environment_key
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
    cache: BuildCache | None = None  # kept by the caller across builds (serve keeps one in memory)
    cache_dir: Path | None = Path(".cache")  # else the cache on disk; None: a cold build that keeps none
    known_files: KnownFiles | None = None  # content files read before and what changed since (serve)
    # Outputs that, when they would be made again, keep their published file for now and are
    # made by the next build (serve: the 22 MB of open data, right after the pages are served).
    later: frozenset[str] = frozenset()
    jobs: int = os.cpu_count() or 1
    # Outputs to render before forking workers pays off; SITEGEN_POOL_FROM=1 always uses them (tests).
    pool_from: int = field(default_factory=lambda: int(os.environ.get("SITEGEN_POOL_FROM", "200")))


@dataclass
class BuildReport:
    site: Site
    pages: int
    timings: dict[str, float] = field(default_factory=dict)
    rendered: int = 0  # outputs rendered; the others were carried over from the previous build
    postponed: tuple[str, ...] = ()  # outputs of options.later kept as they were, for the next build to make


class RecordCache:
    """Parsed and validated records by file content (with its hash), across builds.

    A record's validity also depends on what it may refer to, so the key holds the
    vocabulary too: a changed taxonomy or a new organisation re-checks every record.
    """

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
        """The entries this build used, to keep for the next; None when nothing changed."""
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
         cache: RecordCache | None = None, known: KnownFiles | None = None) -> Site:
    """Read and check the whole content tree; raise ContentError with every problem."""
    sources, problems = discover(content_dir, known)

    config = None
    if sources.site:
        doc, found = frontmatter.parse_yaml_file(sources.site)
        problems += found
        if doc:
            config, found = validate.validate_site(doc)
            problems += found

    today = today or date.today()
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
    site, problems = link(config, taxonomies, records, file_dates(content_dir), build_date(content_dir))
    if problems:
        raise ContentError(problems)
    return replace(site, versions=versions)


def build(options: BuildOptions, progress=lambda message: None, keep: tuple[str, ...] = ()) -> BuildReport:
    """Build the site into options.output_dir atomically; raise ContentError on bad content.

    `keep` names folders of the current output to carry over into the new one."""
    # No garbage collection while building: a build makes millions of objects and few cycles,
    # and the collector would walk the cache and the site again and again (at 10,000: 0.5 s of
    # loading the cache, 0.8 s of a one-change build). Its garbage is collected afterwards.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(options, progress, keep)
    finally:
        if enabled:
            gc.enable()


def _build(options: BuildOptions, progress, keep: tuple[str, ...]) -> BuildReport:
    stage = _Stages(progress)
    cache = options.cache or BuildCache(options.cache_dir)
    cache.open(environment_key())
    site = stage("inlezen en controleren", _read, options, cache)
    stage("markdown", _render_markdown, site, options, cache)
    output = options.output_dir.resolve()
    staging = _claim_staging(output)
    try:
        made = stage("pagina's maken", _make_site, site, options, cache, staging, output, keep)
        stage("links controleren", _check_links, site, made, staging)
        if options.search:
            stage("zoekindex", index_site, staging)
        stage("publiceren", publish, staging, output)
    finally:
        if staging.exists():  # the build failed: what it made can still serve as the spare
            keep_as_spare(staging, output)
    # Only now, with the site published, may the next build carry its files over.
    stage("cache bewaren", _save_cache, cache, made)
    return BuildReport(site, len(made.entries), stage.timings, rendered=made.rendered, postponed=made.postponed)


class _Stages:
    """Runs the build's stages one after another, timing each (shown with --verbose)."""

    def __init__(self, progress):
        self.progress = progress
        self.timings: dict[str, float] = {}

    def __call__(self, name: str, run, *args):
        started = time.perf_counter()
        result = run(*args)
        self.timings[name] = time.perf_counter() - started
        self.progress(f"{name}: {self.timings[name]:.2f} s")
        return result


def _read(options: BuildOptions, cache: BuildCache) -> Site:
    records = RecordCache(cache.load("records"))
    site = load(options.content_dir, options.base_url, cache=records, known=options.known_files)
    kept = records.to_keep()  # forgets records of files since changed or deleted
    if kept is not None:
        cache.store("records", kept)
    return site


def _render_markdown(site: Site, options: BuildOptions, cache: BuildCache) -> None:
    markdown_html = cache.load("markdown")
    if _render_bodies(site, markdown_html, options.jobs):
        cache.store("markdown", markdown_html)


def _claim_staging(output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output)
    return claim_staging(output)


def _make_site(site: Site, options: BuildOptions, cache: BuildCache, staging: Path, output: Path,
               keep: tuple[str, ...]) -> "MadePages":
    """Every page (carried over or rendered), the assets and the kept folders in staging; nothing else."""
    made = _render_pages(site, options, cache, staging, output)
    # The facet counts of every page's filters, carried over or not: a file of the build, not a page.
    write_or_carry_over(Output(FACET_COUNTS, made.index.facets), output, staging)
    files = set(made.entries) | {FACET_COUNTS} | set(copy_assets(options.templates_dir / "assets", staging))
    for name in keep:  # e.g. the preview's search index, re-made later (hard links: cheap)
        shutil.rmtree(staging / name, ignore_errors=True)
        if (output / name).is_dir():
            shutil.copytree(output / name, staging / name, copy_function=os.link)
            files |= {f"{name}/{path}" for path in site_files(staging / name)}
    remove_stale(staging, files)
    made.files = files
    return made


def _check_links(site: Site, made: "MadePages", staging: Path) -> None:
    broken = broken_links(staging, base_path(site.config), made.links, only=made.to_check, files=made.files)
    if broken:
        raise BrokenLinksError(broken)


def _save_cache(cache: BuildCache, made: "MadePages") -> None:
    # In memory (serve) the index itself; on disk flat, so that only what changed is written.
    cache.store("pages", {"index": made.index} if cache.folder is None else made.index.flat())
    cache.save()


def _previous_index(cache: BuildCache) -> PageIndex | None:
    stored = cache.load("pages")
    return stored.get("index") if cache.folder is None else PageIndex.from_flat(stored)


# -- the pure stages, across processes -------------------------------------------------------------
# Workers are forked with the frozen job as their initializer's argument, so they inherit the
# Site instead of receiving it pickled. Each page is rendered by exactly one worker, with the
# same inputs as a serial build: the output is byte-identical whatever the number of jobs.


def _pool(jobs: int, initializer=None, initargs=()):
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=initializer, initargs=initargs)


def _render_bodies(site, markdown_html: dict, jobs: int) -> bool:
    """Render every Markdown body not yet in the cache (keyed by the body's hash); True if any was."""
    records = [*site.initiatives, *site.organisations, *site.news, *site.pages]
    keyed = {body_key(r.body, content_folder(r)): (r.body, content_folder(r)) for r in records}
    missing = sorted((key, body) for key, body in keyed.items() if key not in markdown_html)
    if not missing:
        return False
    bodies = [body for _, body in missing]
    if jobs > 1 and len(bodies) > 50:
        chunk = max(1, len(bodies) // (jobs * 4))
        with _pool(jobs) as pool:
            rendered = list(pool.map(_render_many, [bodies[i:i + chunk] for i in range(0, len(bodies), chunk)]))
        html = [h for part in rendered for h in part]
    else:
        html = _render_many(bodies)
    markdown_html.update(zip((key for key, _ in missing), html))
    return True


def _render_many(bodies: list[tuple[str, str]]) -> list[str]:
    return [render_markdown(text, folder) for text, folder in bodies]


@dataclass
class MadePages:
    entries: dict[str, PageEntry]  # every output file -> what it was made from
    links: dict  # HTML page rendered this time -> its links and ids
    rendered: int
    to_check: set[str] | None  # pages whose links need checking; None: all
    index: PageIndex  # what to hand the next build
    files: set[str] = field(default_factory=set)  # every file of the new site
    postponed: tuple[str, ...] = ()  # see BuildReport.postponed


@dataclass(frozen=True)
class PageJob:
    """What the workers share: the outputs to render (made in the parent, inherited on fork)."""
    tasks: list
    parts: dict  # the kept parts the tasks use (render.Part by name), filled as they render
    digests: Digests
    templates_dir: Path
    staging: Path


def _render_pages(site, options: BuildOptions, cache: BuildCache, staging: Path, output: Path) -> MadePages:
    digests = Digests(site, cache.key, options.preview, options.templates_dir)
    previous = _previous_index(cache)
    if previous is not None and (previous.output != str(output) or previous.shared != digests.shared):
        previous = None
    parts = cache.load("parts")
    kept_parts = dict(parts)
    try:
        tasks = site_tasks(site, options.templates_dir, digests, preview=options.preview,
                           markdown_html=cache.load("markdown"), parts=parts)
    except Exception as error:  # a template that does not compile
        raise template_error(error, options.templates_dir) from error

    # Decide: carry over each output none of whose reads changed; the rest is rendered.
    changed = digests.changed_since(previous) if previous is not None else set()
    entries: dict[str, PageEntry] = {}
    to_render, postponed = [], []
    paths: set[str] = set()
    for task in tasks:
        if task.path in paths:
            raise RuntimeError(f"two pages would be written to {task.path}")
        paths.add(task.path)
        entry = reusable(previous, changed, output, task.path)
        if entry is None and task.path in options.later and _postpone(previous, output, staging, task.path):
            # Stale for now, under a file identity no file has: the next build makes it again.
            entries[task.path] = replace(previous.entries[task.path], file=(0, 0, 0))
            postponed.append(task.path)
            continue
        if entry is None:
            to_render.append(task)
            continue
        if not carry_over(output, staging, task.path, inode=entry.file[0]):
            entry = replace(entry, file=file_identity(staging / task.path))
        entries[task.path] = entry

    job = PageJob(to_render, parts, digests, options.templates_dir, staging)
    if options.jobs <= 1 or len(to_render) < options.pool_from:
        shards = [_make_shard(job, 0, 1)]
    else:
        with _pool(options.jobs, _adopt_job, (job,)) as pool:
            shards = list(pool.map(_make_adopted_shard, range(options.jobs), [options.jobs] * options.jobs))
    for shard in shards:
        entries.update(shard.entries)
    links = {page: found for shard in shards for page, found in shard.links.items()}

    new_parts = {name: part for shard in shards for name, part in shard.new_parts.items()}
    kept_parts.update(new_parts)
    live = {r.source for r in (*site.initiatives, *site.organisations)} | {m.key for m in site.municipalities_a_z}
    live_parts = {name: part for name, part in kept_parts.items() if name.rsplit(":", 1)[1] in live}
    if new_parts or len(live_parts) != len(kept_parts):  # parts of records since deleted are forgotten
        cache.store("parts", live_parts)

    rendered_ids = {page: ids for page, (_, ids) in links.items()}
    incremental = only_new_pages_need_a_link_check(previous, set(entries), rendered_ids)
    rendered = {path for shard in shards for path in shard.entries}
    index = digests.index(str(output), entries, previous, rendered)
    if (previous is not None and previous.facets is not None and previous.entries.keys() == entries.keys()
            and all(entries[path].filters == previous.entries[path].filters for path in rendered)):
        index.facets = previous.facets  # no page's filters changed: the same counts
    else:
        index.facets = facet_counts(entry.filters for entry in entries.values())
    return MadePages(entries, links, sum(s.rendered for s in shards), set(links) if incremental else None, index,
                     postponed=tuple(postponed))


def _postpone(previous: PageIndex | None, output: Path, staging: Path, path: str) -> bool:
    """Keep the published file of an output for now (BuildOptions.later); False when there is none."""
    if previous is None or path not in previous.entries:
        return False
    try:
        carry_over(output, staging, path)
    except OSError:  # gone from output/: made now
        return False
    return True


@dataclass
class _Shard:
    entries: dict[str, PageEntry] = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    new_parts: dict = field(default_factory=dict)
    rendered: int = 0


_adopted: list[PageJob] = []  # in a worker process: the job it was started with


def _adopt_job(job: PageJob) -> None:
    _adopted.append(job)


def _make_adopted_shard(index: int, count: int) -> _Shard:
    return _make_shard(_adopted[0], index, count)


def _make_shard(job: PageJob, index: int, count: int) -> _Shard:
    """Render and write every count-th output to render, starting at index.

    For each HTML page rendered, its links and ids are read here, while the page is in
    memory, for the link check."""
    parts_before = dict(job.parts)
    shard = _Shard()
    for task in job.tasks[index::count]:
        shard.entries[task.path] = _write_rendered(job, task, shard)
    shard.new_parts = {name: part for name, part in job.parts.items() if parts_before.get(name) is not part}
    return shard


def _write_rendered(job: PageJob, task, shard: _Shard) -> PageEntry:
    try:
        made, reads = render(task)
    except Exception as error:  # a template mistake that shows only while rendering this page
        raise template_error(error, job.templates_dir, task.path) from error
    ids = filters = None
    if made.path.endswith(".html"):
        page = made.data.decode("utf-8")
        shard.links[made.path] = page_links(page)
        ids = shard.links[made.path][1]
        filters = page_filters(page)
    write_output(made, job.staging)
    shard.rendered += 1
    return PageEntry(reads, file_identity(job.staging / made.path), ids, filters)
