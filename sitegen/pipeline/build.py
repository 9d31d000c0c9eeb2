"""The pipeline: the stages of a build, one after another, each timed (`build --verbose`).

Everything is read and checked before anything is rendered; nothing touches output/ until
the new site is complete in its staging folder, which then replaces output/ in one step.
What one build hands the next is in the memo (memo.py)."""

from __future__ import annotations

import gc
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.incremental.cache import environment_key
from sitegen.incremental.memo import Memo
from sitegen.model.urls import FACET_COUNTS, base_path
from sitegen.pipeline.bodies import render_bodies
from sitegen.pipeline.outputs import Made, make_outputs
from sitegen.publish.links import broken_links, site_files
from sitegen.publish.search import index_site
from sitegen.publish.write import (
    claim_staging,
    copy_assets,
    keep_as_spare,
    publish,
    remove_leftovers,
    remove_stale,
    write_or_carry_over,
)
from sitegen.render.tasks import Output
from sitegen.site.graph import Site
from sitegen.site.load import RecordCache, load

PROJECT_DIR = Path(__file__).resolve().parents[2]
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
    memo: Memo | None = None  # kept by the caller across builds (serve keeps one in memory)
    cache_dir: Path | None = Path(".cache")  # else the memo's store on disk; None: a cold build that keeps none
    # Outputs that, when they would be made again, keep their published file for now and are
    # made by the next build (serve: the open data, right after the pages are served).
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


def build(options: BuildOptions, progress=lambda message: None, keep: tuple[str, ...] = ()) -> BuildReport:
    """Build the site into options.output_dir atomically; raise ContentError on bad content.

    `keep` names folders of the current output to carry over into the new one."""
    # No garbage collection while building: a build makes millions of objects and few cycles,
    # and the collector would walk the memo and the site again and again. Its garbage is
    # collected afterwards.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(options, _Stages(progress), keep)
    finally:
        if enabled:
            gc.enable()


def _build(options: BuildOptions, stage: _Stages, keep: tuple[str, ...]) -> BuildReport:
    memo = options.memo or Memo(options.cache_dir)
    memo.open(environment_key())
    site = stage("inlezen en controleren", _read, options, memo)
    bodies = stage("markdown", render_bodies, site, memo, options.jobs)
    output = options.output_dir.resolve()
    staging = stage("map klaarzetten", _claim_staging, output)
    try:
        made = stage("pagina's maken", make_outputs, site, bodies, memo, options.templates_dir, options.preview,
                     options.later, options.jobs, options.pool_from, output, staging)
        stage("site afmaken", _complete_site, site, options, made, output, staging, keep)
        stage("links controleren", _check_links, site, made, staging)
        if options.search:
            stage("zoekindex", index_site, staging)
        stage("publiceren", publish, staging, output)
    finally:
        if staging.exists():  # the build failed: what it made can still serve as the spare
            keep_as_spare(staging, output)
    # Only now, with the site published, may the next build carry its files over.
    stage("cache bewaren", _save, memo, made)
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


def _read(options: BuildOptions, memo: Memo) -> Site:
    records = RecordCache(memo.store.load("records"))
    site = load(options.content_dir, options.base_url, cache=records, known=memo.files, related_before=memo.related)
    kept = records.to_keep()  # forgets records of files since changed or deleted
    if kept is not None:
        memo.store.store("records", kept)
    memo.related = site.related_choice
    return site


def _claim_staging(output: Path) -> Path:
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output)
    return claim_staging(output)


def _complete_site(site: Site, options: BuildOptions, made: Made, output: Path, staging: Path,
                   keep: tuple[str, ...]) -> None:
    """Beside the outputs: the facet counts, the assets and the folders kept; nothing else."""
    write_or_carry_over(Output(FACET_COUNTS, made.index.facets), output, staging)
    files = set(made.entries) | {FACET_COUNTS} | set(copy_assets(options.templates_dir / "assets", staging))
    for name in keep:  # e.g. the preview's search index, re-made later (hard links: cheap)
        shutil.rmtree(staging / name, ignore_errors=True)
        if (output / name).is_dir():
            shutil.copytree(output / name, staging / name, copy_function=os.link)
            files |= {f"{name}/{path}" for path in site_files(staging / name)}
    remove_stale(staging, files)
    made.files = files


def _check_links(site: Site, made: Made, staging: Path) -> None:
    broken = broken_links(staging, base_path(site.config), made.links, only=made.to_check, files=made.files)
    if broken:
        raise BrokenLinksError(broken)


def _save(memo: Memo, made: Made) -> None:
    memo.keep_page_index(made.index)
    memo.save()
