"""What each page is given to render: the contexts worked out in Python, from the SiteView.

Every function here receives the SiteView of the build (reads.py), so what it reads is
noted for the output being made; none may reach the Site behind it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Callable

from sitegen.incremental.reads import SiteView, unwrap
from sitegen.model import urls
from sitegen.model.models import NewsItem, Organisation, Record, Term
from sitegen.model.places import normalise, sort_key
from sitegen.model.schema import TAXONOMY_INFO
from sitegen.render import opendata

PLACE_ANSWER_SIZE = 8  # initiatives a place answer in the search lists before linking to its region
HOME_NEWS_COUNT = 3
HOME_RECENT_COUNT = 6
FEED_SIZE = 50


def home(site: SiteView) -> dict:
    recent, from_history = site.recently_added(HOME_RECENT_COUNT)
    return {"news": site.news[:HOME_NEWS_COUNT], "recent": recent, "recent_from_history": from_history}


def place_lookup(site: SiteView) -> bytes:
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


def region_answer(site: SiteView, key: str) -> bytes:
    """What a place answer shows of the region a typed town lies in: how many initiatives, and
    the first ones A-Z as [title, path]. A small file, so the answer needs no search index."""
    first, count = site.listing_slice("regions", key, 0)
    shown = [[i.title, urls.record_path(i)] for i in first[:PLACE_ANSWER_SIZE]]
    return (json.dumps({"count": count, "initiatives": shown}, ensure_ascii=False, separators=(",", ":"))
            + "\n").encode("utf-8")


def municipalities_a_z(site: SiteView) -> list[tuple[str, list[tuple[str, Term]]]]:
    """(letter, [(name, municipality)]) A-Z; other names ('Den Haag') stand beside the official ones."""
    names = [(m.label, m) for m in site.municipalities_a_z]
    names += [(alias, m) for m in site.municipalities_a_z for alias in m.aliases]
    names.sort(key=lambda pair: (sort_key(pair[0]), pair[0]))
    letters: dict[str, list] = {}
    for name, municipality in names:
        letters.setdefault(sort_key(name)[:1].upper(), []).append((name, municipality))
    return list(letters.items())


def organisations_by_type(site: SiteView) -> list[tuple[Term, list[Organisation]]]:
    groups = []
    for key, term in site.taxonomies["organisation-types"].items():
        members = [o for o in site.organisations if o.type == key]
        if members:
            groups.append((term, members))
    return groups


def sitemap(site: SiteView) -> list[tuple[str, date | None]]:
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


def feed_entries(site: SiteView) -> list[FeedEntry]:
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


def charts(site: SiteView, term_url: Callable[[Term], str]) -> list[Chart]:
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


def structured_data(site: SiteView, record: Record, root: str) -> dict:
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


COLUMN_KINDS = {"text": "tekst", "integer": "geheel getal", "date": "datum", "list": "lijst"}


def data_page() -> dict:
    """The open-data page: its datasets and their columns (the code's, not the site's)."""
    return {"datasets": [
        ("initiatieven", "Initiatieven", opendata.INITIATIVE_COLUMNS),
        ("organisaties", "Organisaties", opendata.ORGANISATION_COLUMNS),
        ("gemeenten", "Gemeenten", opendata.MUNICIPALITY_COLUMNS),
    ], "column_kinds": COLUMN_KINDS, "list_separator": opendata.LIST_SEPARATOR}
