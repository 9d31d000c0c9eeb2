"""Stage 5: render the linked Site into output files with Jinja2. Pure: no writes.

Each page is one (output path, bytes) pair; `urls.py` decides the paths.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterator

import jinja2
from markupsafe import Markup

from . import urls
from .graph import Site
from .markup import render_markdown
from .models import Initiative, NewsItem, Organisation, Page, Record, Term
from .schema import INITIATIVE, ORGANISATION, TAXONOMY_INFO

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")
HOME_NEWS_COUNT = 3
HOME_RECENT_COUNT = 6


@dataclass(frozen=True)
class Output:
    path: str  # relative to the output folder, POSIX
    data: bytes


def dutch_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def make_environment(templates_dir: Path, site: Site) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
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
    env.filters["markdown"] = lambda text: Markup(render_markdown(text))
    env.filters["dutch_date"] = dutch_date
    env.filters["json_script"] = _json_for_script
    return env


def _json_for_script(value) -> Markup:
    """JSON safe inside <script>: '<', '>' and '&' escaped so nothing can close the tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def render_site(site: Site, templates_dir: Path) -> Iterator[Output]:
    env = make_environment(templates_dir, site)

    # An initiative's card appears in many listings; render it once.
    card_template = env.get_template("partials/initiative_card.html")
    cards = {i.slug: Markup(card_template.render(initiative=i)) for i in site.initiatives}
    env.globals["card"] = lambda initiative: cards[initiative.slug]

    def page(path: str, template: str, **context) -> Output:
        html = env.get_template(template).render(page_path=path, **context)
        return Output(urls.output_file(path), html.encode("utf-8"))

    recent, recent_from_history = site.recently_added(HOME_RECENT_COUNT)
    yield page(urls.HOME, "home.html", news=site.news[:HOME_NEWS_COUNT], recent=recent,
               recent_from_history=recent_from_history)
    yield page(urls.INITIATIVES, "initiatives.html")
    for initiative in site.initiatives:
        yield page(urls.record_path(initiative), "initiative.html", record=initiative)
    yield page(urls.ORGANISATIONS, "organisations.html", groups=_organisations_by_type(site))
    for organisation in site.organisations:
        yield page(urls.record_path(organisation), "organisation.html", record=organisation,
                   initiatives=site.initiatives_by_organisation.get(organisation.slug, ()))
    for taxonomy in TAXONOMY_INFO:
        for term in site.taxonomies[taxonomy].values():
            yield page(urls.term_path(term), "term.html", term=term,
                       initiatives=site.initiatives_by_term.get((taxonomy, term.key), ()))
    yield page(urls.NEWS, "news_list.html")
    for item in site.news:
        yield page(urls.record_path(item), "news_item.html", record=item)
    for fixed in site.pages:
        yield page(urls.record_path(fixed), "page.html", record=fixed)
    yield page(urls.SEARCH, "search.html")
    yield page("404.html", "404.html")
    yield Output("sitemap.xml", env.get_template("sitemap.xml").render(entries=_sitemap(site)).encode("utf-8"))
    yield Output("robots.txt", env.get_template("robots.txt").render().encode("utf-8"))


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
        (path, None) for path in (urls.HOME, urls.INITIATIVES, urls.ORGANISATIONS, urls.NEWS, urls.SEARCH)
    ]
    records: list[Record] = [*site.initiatives, *site.organisations, *site.news, *site.pages]
    for record in records:
        dates = site.dates.get(record.source)
        entries.append((urls.record_path(record), dates.modified if dates else None))
    for taxonomy in TAXONOMY_INFO:
        entries.extend((urls.term_path(t), None) for t in site.taxonomies[taxonomy].values())
    return sorted(entries)
