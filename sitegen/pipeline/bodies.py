"""Render every record's Markdown body once: from the memo when the same body was rendered
before, else in forked workers when there are many. Bodies are kept by their text and the
folder their links start from (markup.body_key), so a renamed record is not rendered again."""

from __future__ import annotations

from sitegen.content.markup import Renderer, body_key
from sitegen.incremental.memo import Memo
from sitegen.model.urls import content_folder
from sitegen.pipeline.pool import in_workers
from sitegen.site.graph import Site

IN_WORKERS_FROM = 50  # bodies to render before forking workers pays off


def render_bodies(site: Site, memo: Memo, jobs: int) -> dict[str, str]:
    """Every record's body as HTML, by the record's source. The memo keeps the rendered bodies
    of live records only, and each record's body key while its version is the same."""
    kept = memo.store.load("markdown")
    records = [*site.initiatives, *site.organisations, *site.news, *site.pages]
    keys = {r.source: _body_key(r, site.versions[r.source], memo.body_keys) for r in records}
    memo.body_keys = {source: (site.versions[source], key) for source, key in keys.items()}
    bodies = {key: (r.body, content_folder(r)) for r in records if (key := keys[r.source]) not in kept}
    missing = sorted(bodies)
    texts = [bodies[key] for key in missing]
    if jobs > 1 and len(texts) > IN_WORKERS_FROM:
        shards = in_workers(lambda index, count: _render_many(texts[index::count]), jobs)
        html = [shards[i % jobs][i // jobs] for i in range(len(texts))]
    else:
        html = _render_many(texts)
    if missing or len(kept) != len(set(keys.values())):  # new bodies, or those of records since changed or deleted
        kept = {key: kept.get(key) for key in keys.values()}
        kept.update(zip(missing, html))
        memo.store.store("markdown", kept)
    return {source: kept[key] for source, key in keys.items()}


def _body_key(record, version: str, earlier: dict[str, tuple[str, str]]) -> str:
    """markup.body_key of the record's body; the same as before while its version is."""
    known = earlier.get(record.source)
    return known[1] if known is not None and known[0] == version else body_key(record.body, content_folder(record))


def _render_many(bodies: list[tuple[str, str]]) -> list[str]:
    renderer = Renderer()
    return [renderer.render(text, folder)[0] for text, folder in bodies]
