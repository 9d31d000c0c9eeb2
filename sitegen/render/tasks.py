"""The outputs of a site, as tasks: each one file, made on demand with what it read recorded.

`site_tasks` lists every output of the Site in a fixed order (which outputs exist follows
from the site alone); `render` makes one and returns the tokens it read (registry.py).
What a page shows comes from contexts.py and its template; shared pieces (cards, open-data
rows) come through parts.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Callable, Iterator

import jinja2
from markupsafe import Markup

from sitegen.content import docs
from sitegen.incremental.parts import KeptParts, PartName
from sitegen.incremental.reads import Recorder, SiteView
from sitegen.incremental.registry import Token
from sitegen.model import urls
from sitegen.model.listings import page_count, page_path, paginate
from sitegen.model.schema import TAXONOMY_INFO
from sitegen.render import contexts, opendata
from sitegen.render.environment import CONTENT_SECURITY_POLICY, make_environment
from sitegen.site.graph import Site


@dataclass(frozen=True)
class Output:
    path: str  # relative to the output folder, POSIX
    data: bytes


@dataclass(frozen=True)
class Task:
    """One output file, made on demand (the contexts are cheap to describe; rendering is not)."""
    path: str
    make: Callable[[], Output]


def render(task: Task, recorder: Recorder) -> tuple[Output, frozenset[Token]]:
    """Make one output, recording what it read (a set: an open-data file reads a token per record,
    and which were read, not in what order, decides whether it is made again)."""
    with recorder.recording() as reads:
        output = task.make()
    return output, frozenset(reads)


def site_tasks(site: Site, templates_dir: Path, recorder: Recorder, kept: KeptParts | None = None,
               preview: bool = False, markdown_html: dict | None = None,
               compiled: jinja2.BytecodeCache | None = None) -> list[Task]:
    """Every output of the site, in a fixed order.

    kept: cards and open-data rows of earlier builds (parts.py), reused while what they read is
    unchanged (None: each made anew); markdown_html: rendered bodies by record source; compiled:
    templates compiled by earlier builds."""
    view = SiteView(site, recorder)
    env = make_environment(templates_dir, view, compiled, markdown_html)
    env.globals["preview"] = preview
    if preview:  # livereload injects an inline script into served pages; previews are local only
        env.globals["content_security_policy"] = CONTENT_SECURITY_POLICY.replace(
            "script-src 'self'", "script-src 'self' 'unsafe-inline'")

    def part(name: PartName, make: Callable[[], object]):
        return make() if kept is None else kept.get(name, make)

    card_template = "partials/initiative_card.html"
    env.globals["card"] = lambda initiative: Markup(part(
        PartName("card", initiative.source),
        lambda: env.get_template(card_template).render(initiative=view.record(initiative))))

    def page(path: str, template: str, context: Callable[[], dict]) -> Output:
        html = env.get_template(template).render(page_path=path, **context())
        return Output(urls.output_file(path), html.encode("utf-8"))

    return list(_tasks(site, view, env, page, part))


def _tasks(site: Site, view: SiteView, env: jinja2.Environment, page, part) -> Iterator[Task]:
    """One deferred job per output file, in a fixed order. Which outputs exist follows from
    the site; what each shows is read through the view when it is made."""

    def html(path: str, template: str, context: Callable[[], dict] = dict) -> Task:
        return Task(urls.output_file(path), partial(page, path, template, context))

    def data(path: str, make: Callable[[], bytes]) -> Task:
        return Task(path, lambda: Output(path, make()))

    def listing_pages(first: str, taxonomy: str, key: str, length: int, template: str, context=dict):
        """Every page of a listing (all initiatives when taxonomy is ''), each with its slice."""
        for number in range(1, page_count(length) + 1):
            yield html(page_path(first, number), template, lambda n=number: {
                **context(), "listing": paginate(partial(view.listing_slice, taxonomy, key), first, n)})

    yield html(urls.HOME, "home.html", partial(contexts.home, view))
    yield from listing_pages(urls.INITIATIVES, "", "", len(site.initiatives), "initiatives.html")
    for initiative in site.initiatives:
        yield html(urls.record_path(initiative), "initiative.html", lambda i=initiative: {
            "record": view.record(i), "related": view.related(i.slug)})
    yield html(urls.ORGANISATIONS, "organisations.html", lambda: {"groups": contexts.organisations_by_type(view)})
    for organisation in site.organisations:
        yield html(urls.record_path(organisation), "organisation.html", lambda o=organisation: {
            "record": view.record(o), "initiatives": view.initiatives_by_organisation.get(o.slug, ())})
    for taxonomy in TAXONOMY_INFO:
        for key, term in site.taxonomies[taxonomy].items():
            listed = site.initiatives_by_term.get((taxonomy, key), ())
            yield from listing_pages(urls.term_path(term), taxonomy, key, len(listed), "term.html",
                                     lambda t=taxonomy, k=key: {"term": view.term(t, k)})
    yield html(urls.NEWS, "news_list.html")
    for item in site.news:
        yield html(urls.record_path(item), "news_item.html", lambda n=item: {"record": view.record(n)})
    for fixed in site.pages:
        yield html(urls.record_path(fixed), "page.html", lambda p=fixed: {"record": view.record(p)})
    yield html(urls.SEARCH, "search.html")
    yield data(urls.PLACE_LOOKUP, partial(contexts.place_lookup, view))
    for key, region in site.taxonomies["regions"].items():
        yield data(urls.term_path(region) + urls.REGION_ANSWER, partial(contexts.region_answer, view, key))
    yield html(urls.MUNICIPALITIES, "municipalities.html", lambda: {"letters": contexts.municipalities_a_z(view)})
    yield html(urls.MAP, "map.html")
    yield html(urls.PROPOSE, "propose.html")
    for path, template in ((urls.ABOUT, "about.html"), (urls.CONTACT, "contact.html"), (urls.PRIVACY, "privacy.html"),
                           (urls.ACCESSIBILITY, "accessibility.html")):
        yield html(path, template)
    yield html(urls.FIGURES, "figures.html", lambda: {"charts": contexts.charts(view, env.globals["term_url"])})
    yield html(urls.DATA, "data.html", contexts.data_page)
    for name in opendata.DATASETS:
        # A dataset's rows are made once for JSON and CSV, and read (noted) by both; each
        # record's row is kept across builds while what it read is unchanged.
        def lines(name=name):
            return [part(PartName("row", key, name), partial(opendata.row_lines, view, name, record))
                    for key, record in opendata.records(view, name)]
        table = _Once(view.recorder, lines)
        yield data(f"{urls.DATA}{name}.json", lambda name=name, table=table: opendata.as_json(view, name, table()))
        yield data(f"{urls.DATA}{name}.csv", lambda name=name, table=table: opendata.as_csv(name, table()))
        yield data(f"{urls.DATA}{name}.schema.json", partial(opendata.json_schema, view, name))
    schemas = _Once(view.recorder, lambda: docs.json_schemas({name: list(terms) for name, terms in view.taxonomies.items()},
                                              view.config.base_url))
    for file in docs.json_schema_files():
        yield data(f"schemas/{file}", lambda file=file: schemas()[file])

    def feed() -> bytes:
        entries = contexts.feed_entries(view)
        updated = max((e.date for e in entries), default=date(2000, 1, 1))
        return env.get_template("feed.xml").render(entries=entries, updated=updated).encode("utf-8")

    yield data("feed.xml", feed)
    yield html("404.html", "404.html")
    yield data("sitemap.xml", lambda: env.get_template("sitemap.xml").render(entries=contexts.sitemap(view)).encode("utf-8"))
    yield data("robots.txt", lambda: env.get_template("robots.txt").render().encode("utf-8"))
    # For hosts that read a _headers file (Netlify, Cloudflare Pages); GitHub Pages uses the meta tag.
    yield data("_headers", lambda: (f"/*\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}; frame-ancestors 'none'\n"
                                    "  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n"
                                    ).encode("utf-8"))


class _Once:
    """A value made on first use; later uses note what the first one read."""

    def __init__(self, recorder: Recorder, make: Callable):
        self._recorder, self._make, self._value, self._reads = recorder, make, None, None

    def __call__(self):
        if self._reads is None:
            with self._recorder.recording() as reads:
                self._value = self._make()
            self._reads = frozenset(reads)
        else:
            self._recorder.note_all(self._reads)
        return self._value


