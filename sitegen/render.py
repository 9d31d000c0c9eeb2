"""Stage 5: render the linked Site into output files with Jinja2. Pure: no writes.

Each page is one (output path, bytes) pair; `urls.py` decides the paths.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from functools import partial
from typing import Callable, Iterator

import jinja2
from markupsafe import Markup

from . import urls
from . import docs, geo, kinds, opendata, sitefacts
from .graph import Site
from .incremental import Digests
from .markup import body_key, render_markdown, site_links
from .models import NewsItem, Organisation, Record, Term
from .places import normalise, sort_key
from .listings import page_count, page_path, paginate
from .reads import SiteView, Token, note, note_all, recording, unwrap
from .schema import INITIATIVE, ORGANISATION, TAXONOMY_INFO

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
# Only the site's own scripts run. Pagefind needs WebAssembly ('wasm-unsafe-eval') and
# starts its search worker from a blob: URL. JSON-LD is a data block, not a script.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; "
                           "style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
                           "base-uri 'self'; form-action 'self'")
HOME_NEWS_COUNT = 3
FEED_SIZE = 50
COLUMN_KINDS = {"text": "tekst", "integer": "geheel getal", "date": "datum", "list": "lijst"}
HOME_RECENT_COUNT = 6
PLACE_ANSWER_SIZE = 8  # initiatives a place answer in the search lists before linking to its region


@dataclass(frozen=True)
class Output:
    path: str  # relative to the output folder, POSIX
    data: bytes


def dutch_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept for the next build in this process (serve rebuilds): compiling
    them took a quarter of a rebuild. Jinja checks each against its source's checksum, so an
    edited template is compiled again."""

    def __init__(self):
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._compiled:
            bucket.bytecode_from_string(self._compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED_TEMPLATES = _CompiledTemplates()


class _NotingEnvironment(jinja2.Environment):
    """Notes every template an output loads: itself, what it extends, includes or imports
    (compiled templates load those through get_template)."""

    def get_template(self, name, parent=None, globals=None):
        template = super().get_template(name, parent, globals)
        note("template", template.name)
        return template

    def select_template(self, names, parent=None, globals=None):  # {% include ["a.html", "b.html"] %}
        template = super().select_template(names, parent, globals)
        note("template", template.name)
        # The ones before it were looked for and not found: if one appears, the choice changes.
        for name in names:
            if name == template.name:
                break
            note("template", self.join_path(name, parent) if parent else name)
        return template


class _Settings:
    """site.yml as templates see it (`config.title`), each read noted."""

    def __init__(self, view: SiteView):
        self._view = view

    def __getattr__(self, name: str):
        return getattr(self._view.config, name)


def make_environment(templates_dir: Path, view: SiteView, markdown_html: dict | None = None) -> jinja2.Environment:
    """markdown_html: bodies already rendered, by body_key (others are rendered when shown)."""
    env = _NotingEnvironment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=_COMPILED_TEMPLATES,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # one environment per build: no need to look at the files again
    )
    config = view._site.config  # read here only for the URL prefix; each helper notes "settings" when used
    prefix = urls.base_path(config)
    root = config.base_url

    def settings(make: Callable) -> Callable:
        def noted(*args):
            note("settings")
            return make(*args)
        return noted

    env.globals.update(
        content_security_policy=CONTENT_SECURITY_POLICY,
        site=view,
        config=_Settings(view),
        taxonomy_info=TAXONOMY_INFO,
        kinds=kinds.BY_KIND,
        facets=kinds.BY_TAXONOMY,
        start_year_facet=kinds.START_YEAR,
        search_facets=kinds.SEARCH_FACETS,
        initiative_facets=kinds.INITIATIVE_FACETS,
        search_config=kinds.search_config,
        initiative_fields=INITIATIVE.by_name,
        organisation_fields=ORGANISATION.by_name,
        url=settings(lambda path="": prefix + path),
        absolute_url=settings(lambda path="": root + path),
        record_url=settings(lambda record: prefix + urls.record_path(unwrap(record))),
        term_url=settings(lambda term: prefix + urls.term_path(term)),
        edit_url=settings(lambda record: urls.edit_url(config, record)),
        correction_link=settings(lambda record: urls.correction_link(config, record)),
        file_url=settings(lambda record: urls.file_url(config, record)),
        proposal_links=settings(lambda: urls.proposal_links(config)),
        test_tools=sitefacts.test_tools,  # part of the cache's key: no token needed
        empty_issue_form_url=settings(lambda: urls.empty_issue_form_url(config)),
        paths=urls,
        region_map=geo.region_shapes(),
        province_map=geo.province_shapes(),
        term_counts=view.term_counts,
        naming_counts=view.naming_counts,
        region_counts=lambda key: view.term_counts("regions")[key],
        shade=lambda count: geo.shade_class(count, max(view.term_counts("regions").values(), default=0)),
        map_legend=lambda: geo.legend(max(view.term_counts("regions").values(), default=0)),
        structured_data=lambda record: _structured_data(view, record, root),
    )
    env.filters["markdown"] = settings(lambda record: _body_html(record, prefix, markdown_html))
    env.filters["dutch_date"] = dutch_date
    env.filters["json_script"] = _json_for_script
    return env


def _body_html(record: Record, prefix: str, rendered: dict | None) -> Markup:
    """A record's body as safe HTML, from the rendered bodies when there, its record links on this site."""
    folder = urls.content_folder(record)
    html = (rendered or {}).get(body_key(record.body, folder)) or render_markdown(record.body, folder)
    return Markup(site_links(html, prefix))


def _json_for_script(value) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' escaped so nothing can close the tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


@dataclass(frozen=True)
class Task:
    """One output file, made on demand (the contexts are cheap to describe; rendering is not)."""
    path: str
    make: Callable[[], Output]


@dataclass(frozen=True)
class Part:
    """A part of many outputs (an initiative's card, a record's open-data row), kept across
    builds with what it read, and reused while none of that changes."""
    key: bytes
    reads: tuple[Token, ...]
    value: object


class KeptParts:
    """Parts by name ('card:<source>'), checked once per build, made again when stale."""

    def __init__(self, digests: Digests, parts: dict[str, Part]):
        self.digests, self.parts = digests, parts
        self._checked: set[str] = set()

    def get(self, name: str, make: Callable[[], object]):
        kept = self.parts.get(name)
        if kept is not None and (name in self._checked or self.digests.still_current(name, kept)
                                 or kept.key == self.digests.key(name, kept.reads)):
            self._checked.add(name)
            self.digests.found_current(name, kept)
            note_all(kept.reads)  # what the part read, the output using it read
            return kept.value
        with recording() as reads:
            value = make()
        reads = tuple(sorted(reads))
        self.parts[name] = Part(self.digests.key(name, reads), reads, value)
        self._checked.add(name)
        self.digests.found_current(name, self.parts[name])
        return value


def render(task: Task) -> tuple[Output, frozenset[Token]]:
    """Make one output, recording what it read (a set: an open-data file reads 100,000 tokens,
    and which were read, not in what order, decides whether it is made again)."""
    with recording() as reads:
        output = task.make()
    return output, frozenset(reads)


def site_tasks(site: Site, templates_dir: Path, digests: Digests, preview: bool = False,
               markdown_html: dict | None = None, parts: dict[str, Part] | None = None) -> list[Task]:
    """Every output of the site, in a fixed order.

    markdown_html: rendered bodies by body_key. parts: cards and open-data rows of earlier
    builds (see Part), reused while what they read is unchanged, filled as parts are made."""
    view = SiteView(site)
    env = make_environment(templates_dir, view, markdown_html)
    env.globals["preview"] = preview
    if preview:  # livereload injects an inline script into served pages; previews are local only
        env.globals["content_security_policy"] = CONTENT_SECURITY_POLICY.replace(
            "script-src 'self'", "script-src 'self' 'unsafe-inline'")
    kept = KeptParts(digests, {} if parts is None else parts)
    card_template = "partials/initiative_card.html"
    env.globals["card"] = lambda initiative: Markup(kept.get(
        f"card:{initiative.source}",
        lambda: env.get_template(card_template).render(initiative=view.record(initiative))))

    def page(path: str, template: str, context: Callable[[], dict]) -> Output:
        html = env.get_template(template).render(page_path=path, **context())
        return Output(urls.output_file(path), html.encode("utf-8"))

    return list(_tasks(site, view, env, page, kept))


def _tasks(site: Site, view: SiteView, env: jinja2.Environment, page, kept: KeptParts) -> Iterator[Task]:
    """One deferred job per output file, in a fixed order. Which outputs exist follows from
    the site; what each shows is read through the view when it is made."""

    def html(path: str, template: str, context: Callable[[], dict] = dict) -> Task:
        return Task(urls.output_file(path), partial(page, path, template, context))

    def data(path: str, make: Callable[[], bytes]) -> Task:
        return Task(path, lambda: Output(path, make()))

    def home() -> dict:
        recent, from_history = view.recently_added(HOME_RECENT_COUNT)
        return {"news": view.news[:HOME_NEWS_COUNT], "recent": recent, "recent_from_history": from_history}

    def listing_pages(first: str, taxonomy: str, key: str, length: int, template: str, context=dict):
        """Every page of a listing (all initiatives when taxonomy is ''), each with its slice."""
        for number in range(1, page_count(length) + 1):
            yield html(page_path(first, number), template, lambda n=number: {
                **context(), "listing": paginate(partial(view.listing_slice, taxonomy, key), first, n)})

    yield html(urls.HOME, "home.html", home)
    yield from listing_pages(urls.INITIATIVES, "", "", len(site.initiatives), "initiatives.html")
    for initiative in site.initiatives:
        yield html(urls.record_path(initiative), "initiative.html", lambda i=initiative: {
            "record": view.record(i), "related": view.related(i.slug)})
    yield html(urls.ORGANISATIONS, "organisations.html", lambda: {"groups": _organisations_by_type(view)})
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
    yield data(urls.PLACE_LOOKUP, partial(_place_lookup, view))
    for key, region in site.taxonomies["regions"].items():
        yield data(urls.term_path(region) + urls.REGION_ANSWER, partial(_region_answer, view, key))
    yield html(urls.MUNICIPALITIES, "municipalities.html", lambda: {"letters": _municipalities_a_z(view)})
    yield html(urls.MAP, "map.html")
    yield html(urls.PROPOSE, "propose.html")
    for path, template in ((urls.ABOUT, "about.html"), (urls.CONTACT, "contact.html"), (urls.PRIVACY, "privacy.html"),
                           (urls.ACCESSIBILITY, "accessibility.html")):
        yield html(path, template)
    yield html(urls.FIGURES, "figures.html", lambda: {"charts": _charts(view, env.globals["term_url"])})
    yield html(urls.DATA, "data.html", lambda: {"datasets": [
        ("initiatieven", "Initiatieven", opendata.INITIATIVE_COLUMNS),
        ("organisaties", "Organisaties", opendata.ORGANISATION_COLUMNS),
        ("gemeenten", "Gemeenten", opendata.MUNICIPALITY_COLUMNS),
    ], "column_kinds": COLUMN_KINDS, "list_separator": opendata.LIST_SEPARATOR})
    for name in opendata.DATASETS:
        # A dataset's rows are made once for JSON and CSV, and read (noted) by both; each
        # record's row is kept across builds while what it read is unchanged.
        def lines(name=name):
            return [kept.get(f"row:{name}:{key}", partial(opendata.row_lines, view, name, record))
                    for key, record in opendata.records(view, name)]
        table = _Once(lines)
        yield data(f"{urls.DATA}{name}.json", lambda name=name, table=table: opendata.as_json(view, name, table()))
        yield data(f"{urls.DATA}{name}.csv", lambda name=name, table=table: opendata.as_csv(name, table()))
        yield data(f"{urls.DATA}{name}.schema.json", partial(opendata.json_schema, view, name))
    schemas = _Once(lambda: docs.json_schemas({name: list(terms) for name, terms in view.taxonomies.items()},
                                              view.config.base_url))
    for file in docs.json_schema_files():
        yield data(f"schemas/{file}", lambda file=file: schemas()[file])

    def feed() -> bytes:
        entries = _feed_entries(view)
        updated = max((e.date for e in entries), default=date(2000, 1, 1))
        return env.get_template("feed.xml").render(entries=entries, updated=updated).encode("utf-8")

    yield data("feed.xml", feed)
    yield html("404.html", "404.html")
    yield data("sitemap.xml", lambda: env.get_template("sitemap.xml").render(entries=_sitemap(view)).encode("utf-8"))
    yield data("robots.txt", lambda: env.get_template("robots.txt").render().encode("utf-8"))
    # For hosts that read a _headers file (Netlify, Cloudflare Pages); GitHub Pages uses the meta tag.
    yield data("_headers", lambda: (f"/*\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}; frame-ancestors 'none'\n"
                                    "  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n"
                                    ).encode("utf-8"))


class _Once:
    """A value made on first use; later uses note what the first one read."""

    def __init__(self, make: Callable):
        self._make, self._value, self._reads = make, None, None

    def __call__(self):
        if self._reads is None:
            with recording() as reads:
                self._value = self._make()
            self._reads = frozenset(reads)
        else:
            note_all(self._reads)
        return self._value


def _place_lookup(site: Site) -> bytes:
    """Every name of every municipality, with its region and province, for the search box:
    [[names, official name, region path, region label, province label, names as written]], names
    folded as places.normalise folds, and the same names as municipalities.yml writes them."""
    entries = []
    for municipality in site.municipalities_a_z:
        region = site.term("regions", municipality.region)
        written: dict[str, str] = {}
        for name in (municipality.label, *municipality.aliases):
            written.setdefault(normalise(name), name)
        names = sorted(written)
        entries.append([names, municipality.label, urls.term_path(region), region.label,
                        site.term("provinces", municipality.province).label, [written[n] for n in names]])
    return (json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _region_answer(site: Site, key: str) -> bytes:
    """What a place answer shows of the region a typed town lies in: how many initiatives, and
    the first ones A-Z as [title, path]. A small file, so the answer needs no search index."""
    first, count = site.listing_slice("regions", key, 0)
    shown = [[i.title, urls.record_path(i)] for i in first[:PLACE_ANSWER_SIZE]]
    return (json.dumps({"count": count, "initiatives": shown}, ensure_ascii=False, separators=(",", ":"))
            + "\n").encode("utf-8")


def _municipalities_a_z(site: Site) -> list[tuple[str, list[tuple[str, Term]]]]:
    """(letter, [(name, municipality)]) A-Z; other names ('Den Haag') stand beside the official ones."""
    names = [(m.label, m) for m in site.municipalities_a_z]
    names += [(alias, m) for m in site.municipalities_a_z for alias in m.aliases]
    names.sort(key=lambda pair: (sort_key(pair[0]), pair[0]))
    letters: dict[str, list] = {}
    for name, municipality in names:
        letters.setdefault(sort_key(name)[:1].upper(), []).append((name, municipality))
    return list(letters.items())


def _organisations_by_type(site: Site) -> list[tuple[Term, list[Organisation]]]:
    groups = []
    for key, term in site.taxonomies["organisation-types"].items():
        members = [o for o in site.organisations if o.type == key]
        if members:
            groups.append((term, members))
    return groups


def _sitemap(site: Site) -> list[tuple[str, date | None]]:
    """(path, last modified) for every page a search engine should know, sorted by path."""
    entries: list[tuple[str, date | None]] = [
        (path, None) for path in (urls.HOME, urls.INITIATIVES, urls.ORGANISATIONS, urls.NEWS, urls.SEARCH, urls.MAP,
                                  urls.FIGURES, urls.DATA, urls.MUNICIPALITIES)
    ]
    for kind in ("initiatives", "organisations", "news", "pages"):
        for path, record in site.paths(kind):
            dates = site.dates.get(unwrap(record).source)
            entries.append((path, dates.modified if dates else None))
    for taxonomy in TAXONOMY_INFO:
        entries.extend((urls.term_path(t), None) for t in site.taxonomies[taxonomy].values())
    return sorted(entries)


@dataclass(frozen=True)
class FeedEntry:
    title: str
    path: str
    date: date
    kind: str
    label: str
    summary: str


def _feed_entries(site: Site) -> list[FeedEntry]:
    """News items by date, and initiatives by the date git first saw them; newest first."""
    # The newest first by date and path alone; only the entries shown are read further, so an
    # edit to an initiative outside the feed does not remake it.
    dated = [(n.date, path, n) for path, n in site.paths("news")]
    for path, initiative in site.paths("initiatives"):
        dates = site.dates.get(unwrap(initiative).source)
        if dates:
            dated.append((dates.added, path, initiative))
    dated.sort(key=lambda entry: entry[:2], reverse=True)
    return [FeedEntry(r.title, path, when, "nieuws", "Nieuws", r.summary or r.title) if isinstance(unwrap(r), NewsItem)
            else FeedEntry(r.title, path, when, "initiatief", "Nieuw initiatief", r.summary)
            for when, path, r in dated[:FEED_SIZE]]


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    column: str
    rows: list  # (label, href or None, count)

    @property
    def maximum(self) -> int:
        return max((count for _, _, count in self.rows), default=0)


def _charts(site: Site, term_url: Callable[[Term], str]) -> list[Chart]:
    def per_term(taxonomy: str, chart_id: str, title: str, column: str) -> Chart:
        counts = site.term_counts(taxonomy)  # the numbers, not the initiatives counted
        rows = [(f"{t.number}. {t.label}" if t.number else t.label, term_url(t), counts[t.key])
                for t in site.taxonomies[taxonomy].values()]
        return Chart(chart_id, title, column, rows)

    years = site.value_counts("initiatives", "start_year")
    year_rows = [(str(y), None, years[y]) for y in sorted(y for y in years if y is not None)]
    if None in years:
        year_rows.append(("onbekend", None, years[None]))
    regions = per_term("regions", "per-regio", "Per arbeidsmarktregio", "Arbeidsmarktregio")
    regions = Chart(regions.id, regions.title, regions.column, sorted(regions.rows, key=lambda r: r[0]))
    return [
        per_term("provinces", "per-provincie", "Per provincie", "Provincie"),
        regions,
        per_term("sectors", "per-sector", "Per sector", "Sector"),
        per_term("themes", "per-thema", "Per inhoudelijk thema", "Thema"),
        Chart("per-startjaar", "Per startjaar", "Startjaar", year_rows),
    ]


def _structured_data(site: Site, record: Record, root: str) -> dict:
    """schema.org JSON-LD: Organization for organisations, Project for initiatives."""
    def organisation(o: Organisation) -> dict:
        data = {"@type": "Organization", "name": o.name, "url": root + urls.record_path(o)}
        if o.website:
            data["sameAs"] = o.website
        if o.city:
            data["address"] = {"@type": "PostalAddress", "addressLocality": o.city, "addressCountry": "NL"}
        return data

    if isinstance(record, Organisation):
        data = organisation(record)
        if record.summary:
            data["description"] = record.summary
    else:
        data = {"@type": "Project", "name": record.title, "description": record.summary,
                "url": root + urls.record_path(record),
                "areaServed": [{"@type": "AdministrativeArea", "name": term.label}
                               for term in site.terms("regions", record.regions)],
                "member": [organisation(site.organisation_by_slug[s]) for s in record.organisations]}
        if record.start_year:
            data["foundingDate"] = str(record.start_year)
        if record.website:
            data["sameAs"] = record.website
    return {"@context": "https://schema.org", **data}
