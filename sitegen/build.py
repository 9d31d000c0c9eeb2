"""The pipeline: load (discover, parse, validate, link) everything first, then
render, write, index and publish. Nothing touches output/ until the new site
is complete."""

from __future__ import annotations

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
from .search import index_site
from .write import copy_assets, publish, remove_leftovers, staging_dir, write_outputs

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_TEMPLATES = PROJECT_DIR / "templates"


@dataclass
class BuildOptions:
    content_dir: Path = Path("content")
    output_dir: Path = Path("output")
    templates_dir: Path = DEFAULT_TEMPLATES
    base_url: str | None = None
    search: bool = True


@dataclass
class BuildReport:
    site: Site
    pages: int
    timings: dict[str, float] = field(default_factory=dict)


def load(content_dir: Path, base_url: str | None = None, today: date | None = None) -> Site:
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
    for source in sources.items:
        doc, found = frontmatter.parse_item(source)
        problems += found
        if doc:
            record, found = validate.validate_record(doc, vocabulary)
            problems += found
            if record:
                records.append(record)

    if problems or config is None:
        raise ContentError(problems)
    if base_url:
        config = replace(config, base_url=base_url)
    site, problems = link(config, taxonomies, records, file_dates(content_dir), build_date(content_dir))
    if problems:
        raise ContentError(problems)
    return site


def build(options: BuildOptions, progress=lambda message: None) -> BuildReport:
    """Build the site into options.output_dir atomically; raise ContentError on bad content."""
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal started
        now = time.perf_counter()
        timings[stage] = now - started
        started = now
        progress(f"{stage}: {timings[stage]:.2f} s")

    site = load(options.content_dir, options.base_url)
    lap("inlezen en controleren")

    output = options.output_dir.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output)
    staging = staging_dir(output)
    staging.mkdir()
    try:
        pages = write_outputs(render_site(site, options.templates_dir), staging)
        copy_assets(options.templates_dir / "assets", staging)
        lap("pagina's maken")
        if options.search:
            index_site(staging)
            lap("zoekindex")
        publish(staging, output)
        lap("publiceren")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildReport(site, pages, timings)
