"""Render every record's Markdown body once: from the memo when the same body was rendered
before, else in forked workers when there are many. Bodies are keyed by their text and the
folder their links start from (markup.body_key)."""

from __future__ import annotations

from sitegen.content.markup import Renderer, body_key
from sitegen.incremental.memo import Memo
from sitegen.model.urls import content_folder
from sitegen.pipeline.pool import in_workers
from sitegen.site.graph import Site

IN_WORKERS_FROM = 50  # bodies to render before forking workers pays off


def render_bodies(site: Site, memo: Memo, jobs: int) -> dict[str, str]:
    """Every body's HTML by body_key; the memo keeps those of live records only."""
    kept = memo.store.load("markdown")
    records = [*site.initiatives, *site.organisations, *site.news, *site.pages]
    keyed = {body_key(r.body, content_folder(r)): (r.body, content_folder(r)) for r in records}
    missing = sorted((key, body) for key, body in keyed.items() if key not in kept)
    bodies = [body for _, body in missing]
    if jobs > 1 and len(bodies) > IN_WORKERS_FROM:
        shards = in_workers(lambda index, count: _render_many(bodies[index::count]), jobs)
        html = [shards[i % jobs][i // jobs] for i in range(len(bodies))]
    else:
        html = _render_many(bodies)
    live = {key: kept.get(key) for key in keyed}
    live.update(zip((key for key, _ in missing), html))
    if missing or len(live) != len(kept):  # new bodies, or those of records since changed or deleted
        memo.store.store("markdown", live)
    return live


def _render_many(bodies: list[tuple[str, str]]) -> list[str]:
    renderer = Renderer()
    return [renderer.render(text, folder)[0] for text, folder in bodies]
