"""Make the outputs of one build in its staging folder: carry over what the plan allows,
render the rest (in forked workers when there are many), and collect what was made.

Each output is rendered by exactly one worker with the same inputs as a serial build, so
the site is byte-identical whatever the number of jobs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from sitegen.incremental import plan
from sitegen.incremental.memo import CompiledTemplates, Memo
from sitegen.incremental.parts import KeptParts
from sitegen.incremental.plan import PageEntry, PageIndex
from sitegen.incremental.reads import Recorder
from sitegen.incremental.registry import Values, digest
from sitegen.model.urls import FACET_COUNTS, base_path, one_output_per_path
from sitegen.pipeline.pool import in_workers
from sitegen.publish.links import LinksToCheck, page_links
from sitegen.publish.search import facet_counts, page_filters
from sitegen.publish.write import asset_paths, carry_over, write_output
from sitegen.render.tasks import Task, render, site_tasks
from sitegen.render.templateerrors import template_error
from sitegen.site.graph import Site


@dataclass
class Made:
    """What the outputs stage made: every output file, and what to hand the next build."""
    entries: dict[str, PageEntry]  # every output file -> what it was made from
    links: dict  # HTML page rendered this time -> the links still to check (links_to_check) and its ids
    rendered: int
    to_check: set[str] | None  # pages whose links need checking; None: all
    index: PageIndex  # what to hand the next build
    postponed: tuple[str, ...] = ()  # outputs of BuildOptions.later kept as they were, for the next build
    files: set[str] = field(default_factory=set)  # every file of the new site (complete_site)


@dataclass
class _Shard:
    entries: dict[str, PageEntry] = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    new_parts: dict = field(default_factory=dict)


def make_outputs(site: Site, bodies: dict[str, str], memo: Memo, templates_dir: Path, preview: bool,
                 later: frozenset[str], jobs: int, pool_from: int, output: Path, staging: Path) -> Made:
    environment = digest(memo.store.key or "", str(preview))
    previous = memo.page_index()
    if previous is not None and (previous.output != str(output) or previous.environment != environment):
        previous = None
    values = Values(site, templates_dir)
    changed = plan.changed_tokens(values, previous) if previous is not None else set()
    build_id = os.urandom(16)
    recorder = Recorder()
    parts = memo.store.load("parts")
    kept = KeptParts(values, recorder, environment, parts, memo.current_parts, build_id,
                     previous.build if previous is not None else None, changed)
    compiled = CompiledTemplates(memo)
    try:
        tasks = site_tasks(site, templates_dir, recorder, kept, preview=preview,
                           markdown_html=bodies, compiled=compiled)
    except Exception as error:  # a template that does not compile
        raise template_error(error, templates_dir) from error

    one_output_per_path(task.path for task in tasks)
    entries, to_render, postponed = _carry_over(tasks, previous, changed, later, output, staging)
    files = {task.path for task in tasks} | {FACET_COUNTS} | set(asset_paths(templates_dir / "assets"))
    job = _Job(to_render, recorder, kept, templates_dir, staging, base_path(site.config), files)
    shards = _render(job, jobs if len(to_render) >= pool_from else 1)
    for shard in shards:
        entries.update(shard.entries)
        parts.update(shard.new_parts)
    rendered = {path for shard in shards for path in shard.entries}
    links = {page: found for shard in shards for page, found in shard.links.items()}

    same = plan.reads_as_before(previous, entries, rendered)
    index = plan.next_index(values, previous if same else None, changed, build_id, str(output), environment, entries)
    if same:
        kept.carry_current()
    live = {r.source for r in (*site.initiatives, *site.organisations)} | {m.key for m in site.municipalities_a_z}
    if kept.keep_live(live) or any(shard.new_parts for shard in shards):
        memo.store.store("parts", parts)
    index.facets = _facets(previous, entries, rendered)
    incremental = plan.only_new_pages_need_a_link_check(previous, set(entries),
                                                        {page: ids for page, (_, ids) in links.items()})
    return Made(entries, links, len(rendered), set(links) if incremental else None, index, tuple(postponed))


def _carry_over(tasks: list[Task], previous: PageIndex | None, changed: set, later: frozenset[str], output: Path,
                staging: Path) -> tuple[dict[str, PageEntry], list[Task], list[str]]:
    """Carry over into staging each output none of whose reads changed; the rest is to render.
    An output of `later` that would be made again keeps its published file for now."""
    entries: dict[str, PageEntry] = {}
    to_render, postponed = [], []
    for task in tasks:
        entry = plan.reusable(previous, changed, output, task.path)
        if entry is None and task.path in later and _postpone(previous, output, staging, task.path):
            # Stale for now, under a file identity no file has: the next build makes it again.
            entries[task.path] = replace(previous.entries[task.path], file=(0, 0, 0))
            postponed.append(task.path)
        elif entry is None:
            to_render.append(task)
        else:
            if not carry_over(output, staging, task.path, inode=entry.file[0]):
                entry = replace(entry, file=plan.file_identity(staging / task.path))
            entries[task.path] = entry
    return entries, to_render, postponed


def _postpone(previous: PageIndex | None, output: Path, staging: Path, path: str) -> bool:
    """Keep the published file of an output for now (BuildOptions.later); False when there is none."""
    if previous is None or path not in previous.entries:
        return False
    try:
        carry_over(output, staging, path)
    except OSError:  # gone from output/: made now
        return False
    return True


@dataclass(frozen=True)
class _Job:
    """What every worker shares (inherited on fork): the outputs to render and how."""
    tasks: list[Task]
    recorder: Recorder
    kept: KeptParts
    templates_dir: Path
    staging: Path
    base_path: str  # the site's URL prefix, for the links of its pages
    files: set[str]  # files the new site will surely have (its outputs and assets)


def _render(job: _Job, jobs: int) -> list[_Shard]:
    """The outputs to render, rendered and written: in this process, or split over `jobs` workers."""
    results = [_rendered(job, 0, 1)] if jobs <= 1 else in_workers(partial(_rendered, job), jobs)
    shards = []
    for items in results:
        shards.append(made := _Shard())
        for item in items:
            _add(made, item)
    return shards


def _add(made: _Shard, item: tuple) -> None:
    if item[0] == "parts":
        made.new_parts.update(item[1])
        return
    _, path, entry, links = item
    made.entries[path] = entry
    if links is not None:
        made.links[path] = links


def _rendered(job: _Job, index: int, count: int):
    """Render and write every count-th task from index, yielding ("output", path, entry, links)
    for each and ("parts", new parts) at the end. Each HTML page is read while in memory: its
    ids, its search filters, and the links the link check must still look at."""
    strings: dict[str, str] = {}  # one object per distinct id (the ids go into the page index)
    links_to_check = LinksToCheck(job.base_path, job.files)
    for task in job.tasks[index::count]:
        try:
            output, reads = render(task, job.recorder)
        except Exception as error:  # a template mistake that shows only while rendering this page
            raise template_error(error, job.templates_dir, task.path) from error
        ids = filters = links = None
        if output.path.endswith(".html"):
            page = output.data.decode("utf-8")
            found, ids = page_links(page)
            ids = frozenset(strings.setdefault(i, i) for i in ids)
            links = (links_to_check(output.path, found, ids), ids)
            filters = page_filters(page)
        write_output(output, job.staging)
        yield "output", task.path, PageEntry(reads, plan.file_identity(job.staging / output.path), ids, filters), links
    yield "parts", {name: job.kept.parts[name] for name in job.kept.made}


def _facets(previous: PageIndex | None, entries: dict[str, PageEntry], rendered: set[str]) -> bytes:
    """The facet counts of every page's filters (a file of the build, not a page)."""
    if (previous is not None and previous.facets is not None and previous.entries.keys() == entries.keys()
            and all(entries[path].filters == previous.entries[path].filters for path in rendered)):
        return previous.facets  # no page's filters changed: the same counts
    return facet_counts(entry.filters for entry in entries.values())
