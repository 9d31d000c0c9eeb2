"""Stage 5: render the linked Site into output files with Jinja2. Pure: no writes.

Each page is one (output path, bytes) pair; `urls.py` decides the paths.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from functools import cache, partial
from typing import Callable, Iterator

import jinja2
from markupsafe import Markup

from . import urls
from . import docs, geo, opendata
from .graph import Site
from .incremental import ALL
from .markup import body_key, render_markdown, site_links
from .models import Initiative, NewsItem, Organisation, Page, Record, Term
from .places import normalise, sort_key
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


def make_environment(templates_dir: Path, site: Site) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=_COMPILED_TEMPLATES,
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    prefix = urls.base_path(site.config)
    root = site.config.base_url

    def record_url(record: Record) -> str:
        return prefix + urls.record_path(record)

    env.globals.update(
        content_security_policy=CONTENT_SECURITY_POLICY,
        site=site,
        config=site.config,
        taxonomy_info=TAXONOMY_INFO,
        initiative_fields=INITIATIVE.by_name,
        organisation_fields=ORGANISATION.by_name,
        url=lambda path="": prefix + path,
        absolute_url=lambda path="": root + path,
        record_url=record_url,
        term_url=lambda term: prefix + urls.term_path(term),
        edit_url=lambda record: urls.edit_url(site.config, record),
        correction_url=lambda record: urls.correction_issue_url(site.config, record),
        paths=urls,
    )
    region_counts = {key: len(site.initiatives_by_term.get(("regions", key), ())) for key in site.taxonomies["regions"]}
    most = max(region_counts.values(), default=0)
    env.globals.update(
        region_map=geo.region_shapes(),
        province_map=geo.province_shapes(),
        region_counts=region_counts,
        shade=lambda count: geo.shade_class(count, most),
        map_legend=geo.legend(most),
    )
    env.globals["structured_data"] = lambda record: _structured_data(site, record, root)
    env.filters["markdown"] = lambda record: _body_html(record, prefix, None)
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
    """One output file, rendered on demand. `inputs` names what it shows beyond what every
    page shows (settings, taxonomies, menu): the records, or ALL (see incremental.py)."""
    path: str
    inputs: tuple[Record, ...] | str
    make: Callable[[], Output]


def site_tasks(site: Site, templates_dir: Path, preview: bool = False, markdown_html: dict | None = None,
               cards: dict | None = None, card_key: Callable[[Initiative], object] | None = None) -> list[Task]:
    """Every output of the site, in a fixed order.

    markdown_html: rendered bodies by body_key. cards: rendered initiative cards by
    card_key(initiative) (default: its slug), filled as cards are rendered."""
    env = make_environment(templates_dir, site)
    if markdown_html is not None:
        prefix = urls.base_path(site.config)
        env.filters["markdown"] = lambda record: _body_html(record, prefix, markdown_html)
    env.globals["preview"] = preview
    if preview:  # livereload injects an inline script into served pages; previews are local only
        env.globals["content_security_policy"] = CONTENT_SECURITY_POLICY.replace(
            "script-src 'self'", "script-src 'self' 'unsafe-inline'")

    # An initiative's card appears in many listings; render it once.
    card_template = env.get_template("partials/initiative_card.html")
    cards = {} if cards is None else cards
    card_key = card_key or (lambda initiative: initiative.slug)

    def card(initiative: Initiative) -> Markup:
        key = card_key(initiative)
        html = cards.get(key)
        if html is None:
            html = cards[key] = card_template.render(initiative=initiative)
        return Markup(html)

    env.globals["card"] = card

    def page(path: str, template: str, **context) -> Output:
        html = env.get_template(template).render(page_path=path, **context)
        return Output(urls.output_file(path), html.encode("utf-8"))

    return list(_tasks(site, env, page))


def _tasks(site: Site, env: jinja2.Environment, page) -> Iterator[Task]:
    """One deferred job per output file, in a fixed order (the contexts are cheap; rendering is not)."""

    def html(path: str, inputs, template: str, **context) -> Task:
        return Task(urls.output_file(path), inputs, partial(page, path, template, **context))

    def data(path: str, make: Callable[[], bytes], inputs=ALL) -> Task:
        return Task(path, inputs, lambda: Output(path, make()))

    nothing_more = ()  # shows only what every page shows (settings, taxonomies, menu)

    recent, recent_from_history = site.recently_added(HOME_RECENT_COUNT)
    yield html(urls.HOME, ALL, "home.html", news=site.news[:HOME_NEWS_COUNT], recent=recent,
               recent_from_history=recent_from_history)
    yield html(urls.INITIATIVES, ALL, "initiatives.html")
    for initiative in site.initiatives:
        named = tuple(site.organisation_by_slug[slug] for slug in initiative.organisations)
        related = site.related[initiative.slug]
        yield html(urls.record_path(initiative), (initiative, *named, *related.nearby, *related.elsewhere),
                   "initiative.html", record=initiative, related=related)
    yield html(urls.ORGANISATIONS, ALL, "organisations.html", groups=_organisations_by_type(site))
    for organisation in site.organisations:
        naming = site.initiatives_by_organisation.get(organisation.slug, ())
        yield html(urls.record_path(organisation), (organisation, *naming), "organisation.html",
                   record=organisation, initiatives=naming)
    for taxonomy in TAXONOMY_INFO:
        for term in site.taxonomies[taxonomy].values():
            listed = site.initiatives_by_term.get((taxonomy, term.key), ())
            yield html(urls.term_path(term), listed, "term.html", term=term, initiatives=listed)
    yield html(urls.NEWS, ALL, "news_list.html")
    for item in site.news:
        yield html(urls.record_path(item), (item,), "news_item.html", record=item)
    for fixed in site.pages:
        yield html(urls.record_path(fixed), (fixed,), "page.html", record=fixed)
    yield html(urls.SEARCH, nothing_more, "search.html")
    yield data(urls.PLACE_LOOKUP, partial(_place_lookup, site), nothing_more)
    # Sorting 400 names costs more than carrying the page over: made only when the page is.
    yield html(urls.MUNICIPALITIES, nothing_more, "municipalities.html", letters=partial(_municipalities_a_z, site))
    yield html(urls.MAP, ALL, "map.html")
    yield html(urls.FIGURES, ALL, "figures.html", charts=_charts(site, env.globals["term_url"]))
    yield html(urls.DATA, nothing_more, "data.html", datasets=[
        ("initiatieven", "Initiatieven", opendata.INITIATIVE_COLUMNS),
        ("organisaties", "Organisaties", opendata.ORGANISATION_COLUMNS),
        ("gemeenten", "Gemeenten", opendata.MUNICIPALITY_COLUMNS),
    ], column_kinds=COLUMN_KINDS, list_separator=opendata.LIST_SEPARATOR)
    table = cache(partial(opendata.rows, site))  # a dataset's rows, made once for JSON and CSV
    for name in opendata.DATASETS:
        inputs = nothing_more if name == "gemeenten" else ALL  # municipalities come from a taxonomy
        yield data(f"{urls.DATA}{name}.json", lambda name=name: opendata.as_json(site, name, table(name)), inputs)
        yield data(f"{urls.DATA}{name}.csv", lambda name=name: opendata.as_csv(site, name, table(name)), inputs)
        yield data(f"{urls.DATA}{name}.schema.json", partial(opendata.json_schema, site, name), nothing_more)
    vocabulary = {name: list(terms) for name, terms in site.taxonomies.items()}
    for file, schema in docs.json_schemas(vocabulary, site.config.base_url).items():
        yield data(f"schemas/{file}", lambda schema=schema: schema, nothing_more)
    entries = _feed_entries(site)
    yield data("feed.xml", lambda: env.get_template("feed.xml").render(
        entries=entries, updated=max((e.date for e in entries), default=date(2000, 1, 1))).encode("utf-8"))
    yield html("404.html", nothing_more, "404.html")
    yield data("sitemap.xml", lambda: env.get_template("sitemap.xml").render(entries=_sitemap(site)).encode("utf-8"))
    yield data("robots.txt", lambda: env.get_template("robots.txt").render().encode("utf-8"), nothing_more)
    # For hosts that read a _headers file (Netlify, Cloudflare Pages); GitHub Pages uses the meta tag.
    yield data("_headers", lambda: (f"/*\n  Content-Security-Policy: {CONTENT_SECURITY_POLICY}; frame-ancestors 'none'\n"
                                    "  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n"
                                    ).encode("utf-8"), nothing_more)


def _place_lookup(site: Site) -> bytes:
    """Every name of every municipality, with its region and province, for the search box:
    [[names, official name, region path, region label, province label]], names folded as places.normalise folds."""
    entries = []
    for municipality in site.municipalities_a_z:
        region = site.term("regions", municipality.region)
        names = sorted({normalise(n) for n in (municipality.label, *municipality.aliases)})
        entries.append([names, municipality.label, urls.term_path(region), region.label,
                        site.term("provinces", municipality.province).label])
    return (json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


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
    records: list[Record] = [*site.initiatives, *site.organisations, *site.news, *site.pages]
    for record in records:
        dates = site.dates.get(record.source)
        entries.append((urls.record_path(record), dates.modified if dates else None))
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
    entries = [FeedEntry(n.title, urls.record_path(n), n.date, "nieuws", "Nieuws", n.summary or n.title)
               for n in site.news]
    for initiative in site.initiatives:
        dates = site.dates.get(initiative.source)
        if dates:
            entries.append(FeedEntry(initiative.title, urls.record_path(initiative), dates.added, "initiatief",
                                     "Nieuw initiatief", initiative.summary))
    entries.sort(key=lambda e: (e.date, e.path), reverse=True)
    return entries[:FEED_SIZE]


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
        rows = [(f"{t.number}. {t.label}" if t.number else t.label, term_url(t),
                 len(site.initiatives_by_term.get((taxonomy, t.key), ())))
                for t in site.taxonomies[taxonomy].values()]
        return Chart(chart_id, title, column, rows)

    years: dict[object, int] = {}
    for initiative in site.initiatives:
        years[initiative.start_year] = years.get(initiative.start_year, 0) + 1
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
