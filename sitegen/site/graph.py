"""Stage 4: link validated records into one frozen Site.

Built in one pass over the records: term indexes, backlinks from organisations
to the initiatives that name them, the menu, and a check that no two records
claim the same URL.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sitegen.content.history import FileDates
from sitegen.model import geo
from sitegen.model.diagnostics import Diagnostic
from sitegen.model.models import Initiative, NewsItem, Organisation, Page, Record, SiteConfig, Term
from sitegen.model.places import sort_key
from sitegen.model.schema import TAXONOMY_INFO
from sitegen.model.urls import RESERVED_SEGMENTS

RELATED_COUNT = 4  # initiatives in each list of related ones on an initiative page
RELATED_PER_REGION = 2  # at most this many from one other region, so "elsewhere" spreads out


def _by_title(record: Record) -> tuple:
    return (record.title.casefold(), record.slug)


@dataclass(frozen=True)
class Site:
    config: SiteConfig
    taxonomies: dict[str, dict[str, Term]]  # taxonomy -> key -> term, in file order
    initiatives: tuple[Initiative, ...]  # by title
    organisations: tuple[Organisation, ...]  # by name
    news: tuple[NewsItem, ...]  # newest first
    pages: tuple[Page, ...]  # by slug
    dates: dict[str, FileDates] = field(default_factory=dict)  # record source -> git dates
    initiatives_by_term: dict[tuple[str, str], tuple[Initiative, ...]] = field(default_factory=dict)
    initiatives_by_organisation: dict[str, tuple[Initiative, ...]] = field(default_factory=dict)
    organisation_by_slug: dict[str, Organisation] = field(default_factory=dict)
    municipalities_a_z: tuple[Term, ...] = ()  # every municipality, as in Dutch lists ("'s-Gravenhage" under G)
    municipalities_by_region: dict[str, tuple[Term, ...]] = field(default_factory=dict)  # A-Z
    related: dict[str, "Related"] = field(default_factory=dict)  # initiative slug -> related initiatives
    build_date: date = date(2000, 1, 1)
    # Record source -> what the record was made from (its file's content and the vocabulary it
    # was checked against, hashed): the same version is the same record, in any process.
    versions: dict[str, str] = field(default_factory=dict)
    dates_version: str = ""  # changes whenever any file's git dates do
    related_choice: "RelatedChoice | None" = None  # what `related` was made from, for the next build

    @property
    def menu(self) -> tuple[Page, ...]:
        return tuple(sorted((p for p in self.pages if p.menu is not None), key=lambda p: (p.menu, p.slug)))

    def term(self, taxonomy: str, key: str) -> Term:
        return self.taxonomies[taxonomy][key]

    def terms(self, taxonomy: str, keys) -> list[Term]:
        return [self.taxonomies[taxonomy][key] for key in keys]

    def organisation_groups(self, initiative: Initiative) -> list[tuple[Term, list[Organisation]]]:
        """The initiative's organisations grouped by type, in the order of organisation-types.yml."""
        groups: dict[str, list[Organisation]] = defaultdict(list)
        for slug in initiative.organisations:
            organisation = self.organisation_by_slug[slug]
            groups[organisation.type].append(organisation)
        return [
            (term, sorted(groups[key], key=_by_title))
            for key, term in self.taxonomies["organisation-types"].items() if key in groups
        ]

    def is_stale(self, initiative: Initiative) -> bool:
        return is_stale(initiative, self.build_date)

    def recently_added(self, count: int) -> tuple[list[Initiative], bool]:
        """The newest initiatives by git history; (list, True) or, without history, (by title, False)."""
        known = [i for i in self.initiatives if i.source in self.dates]
        if not known:
            return list(self.initiatives[:count]), False
        known.sort(key=lambda i: (self.dates[i.source].added, i.slug), reverse=True)
        return known[:count], True


@dataclass(frozen=True)
class Related:
    nearby: tuple[Initiative, ...]  # others in the same region(s)
    elsewhere: tuple[Initiative, ...]  # the same sector or theme in other regions, nearest first


def _related(initiatives: tuple[Initiative, ...], by_term: dict, regions: dict[str, Term]) -> dict[str, Related]:
    """A few related initiatives for each one, in a fixed order.

    Nearby: the next ones after it, A-Z, in its own region(s) (wrapping round; from each of
    its regions in turn), so that each initiative of a busy region points to different
    neighbours. Elsewhere: from the other
    regions by the distance of their centres on the map, those sharing a sector or theme,
    A-Z within a region. Both walk only as far as they need, however many initiatives there are."""
    centres = {key: shape.centre for key, term in regions.items()
               if (shape := geo.region_shapes().by_code().get(term.code)) is not None}
    order = {key: index for index, key in enumerate(regions)}

    def distance(a: str, b: str) -> float:
        if a not in centres or b not in centres:
            return float("inf")
        (ax, ay), (bx, by) = centres[a], centres[b]
        return (ax - bx) ** 2 + (ay - by) ** 2

    nearest: dict[frozenset[str], list[str]] = {}  # the same few combinations of regions recur

    def nearest_first(own: frozenset[str]) -> list[str]:
        if own not in nearest:
            nearest[own] = sorted((r for r in regions if r not in own),
                                  key=lambda r: (min(distance(r, o) for o in own), order[r]))
        return nearest[own]

    topics = {i.slug: frozenset(i.sectors) | {f"thema:{t}" for t in i.themes} for i in initiatives}
    position = {(key, initiative.slug): index for key in regions
                for index, initiative in enumerate(by_term.get(("regions", key), ()))}

    related = {}
    for initiative in initiatives:
        own = frozenset(initiative.regions)
        others = nearest_first(own)
        # The next ones after it in each of its regions, taken in turn.
        queues = [(by_term[("regions", r)], position[(r, initiative.slug)]) for r in initiative.regions]
        nearby: dict[str, Initiative] = {}
        for step in range(1, max(len(members) for members, _ in queues)):
            for members, start in queues:
                candidate = members[(start + step) % len(members)]
                if len(nearby) < RELATED_COUNT and candidate.slug != initiative.slug:
                    nearby.setdefault(candidate.slug, candidate)
            if len(nearby) == RELATED_COUNT:
                break

        elsewhere: list[Initiative] = []
        for region in others:
            taken = 0
            for candidate in by_term.get(("regions", region), ()):
                if taken == RELATED_PER_REGION or len(elsewhere) == RELATED_COUNT:
                    break
                if (own.isdisjoint(candidate.regions) and all(e.slug != candidate.slug for e in elsewhere)
                        and not topics[initiative.slug].isdisjoint(topics[candidate.slug])):
                    elsewhere.append(candidate)
                    taken += 1
            if len(elsewhere) == RELATED_COUNT:
                break
        related[initiative.slug] = Related(tuple(sorted(nearby.values(), key=_by_title)), tuple(elsewhere))
    return related


@dataclass(frozen=True)
class RelatedChoice:
    """The related initiatives chosen for every initiative, by slug, with what they were
    chosen by: an earlier choice is taken again while that is equal (`serve` links the site
    again on every save, and a save seldom changes a title, a region or a topic)."""
    chosen_by: tuple
    slugs: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # slug -> (nearby, elsewhere)
    versions: dict[str, str] = field(default_factory=dict)  # slug -> a digest of its choice

    @staticmethod
    def chosen_by_now(initiatives: tuple[Initiative, ...], regions: dict[str, Term]) -> tuple:
        return (tuple((i.slug, i.title, i.regions, i.sectors, i.themes) for i in initiatives),
                tuple((k, t.code) for k, t in regions.items()))


def choose_related(initiatives: tuple[Initiative, ...], by_term: dict, regions: dict[str, Term],
                   earlier: RelatedChoice | None) -> tuple[RelatedChoice, dict[str, Related]]:
    """The related initiatives of each one, and the choice to hand the next build: the earlier
    one, when what it was chosen by is equal."""
    chosen_by = RelatedChoice.chosen_by_now(initiatives, regions)
    if earlier is not None and earlier.chosen_by == chosen_by:
        by_slug = {i.slug: i for i in initiatives}
        return earlier, {slug: Related(tuple(by_slug[s] for s in nearby), tuple(by_slug[s] for s in elsewhere))
                         for slug, (nearby, elsewhere) in earlier.slugs.items()}
    related = _related(initiatives, by_term, regions)
    slugs = {slug: (tuple(i.slug for i in r.nearby), tuple(i.slug for i in r.elsewhere)) for slug, r in related.items()}
    versions = {slug: hashlib.sha256(repr(chosen).encode()).hexdigest() for slug, chosen in slugs.items()}
    return RelatedChoice(chosen_by, slugs, versions), related


STALE_AFTER_YEARS = 2


def is_stale(initiative: Initiative, today: date) -> bool:
    """True when the record was last verified more than two years before `today`."""
    if initiative.last_verified is None:
        return False
    try:
        limit = today.replace(year=today.year - STALE_AFTER_YEARS)
    except ValueError:  # 29 February
        limit = today.replace(year=today.year - STALE_AFTER_YEARS, day=28)
    return initiative.last_verified < limit


def link(config: SiteConfig, taxonomies: dict[str, list[Term]], records: list[Record],
         dates: dict[str, FileDates], build_date: date, related_before: RelatedChoice | None = None,
         dates_version: str = "") -> tuple[Site | None, list[Diagnostic]]:
    """The records linked into one Site. dates: git dates by record source; related_before:
    an earlier build's related choice, taken again while what it was chosen by is equal."""
    problems = [
        Diagnostic(page.source, 1, 1, f"de bestandsnaam '{page.slug}' is al in gebruik door de site "
                                      f"(/{page.slug}/); kies een andere naam voor deze pagina")
        for page in records if isinstance(page, Page) and page.slug in RESERVED_SEGMENTS
    ]
    if problems:
        return None, problems

    initiatives = sorted((r for r in records if isinstance(r, Initiative)), key=_by_title)
    organisations = sorted((r for r in records if isinstance(r, Organisation)), key=_by_title)
    news = sorted((r for r in records if isinstance(r, NewsItem)), key=lambda n: (n.date, n.slug), reverse=True)
    pages = sorted((r for r in records if isinstance(r, Page)), key=lambda p: p.slug)

    by_term: dict[tuple[str, str], list[Initiative]] = defaultdict(list)
    by_organisation: dict[str, list[Initiative]] = defaultdict(list)
    for initiative in initiatives:
        for taxonomy, info in TAXONOMY_INFO.items():
            value = getattr(initiative, info["field"])
            for key in (value,) if isinstance(value, str) else value:
                by_term[(taxonomy, key)].append(initiative)
        for slug in initiative.organisations:
            by_organisation[slug].append(initiative)

    municipalities_a_z = tuple(sorted(taxonomies.get("municipalities", ()), key=lambda t: sort_key(t.label)))
    municipalities_by_region: dict[str, list[Term]] = defaultdict(list)
    for municipality in municipalities_a_z:
        municipalities_by_region[municipality.region].append(municipality)
    by_term_tuples = {k: tuple(v) for k, v in by_term.items()}
    region_terms = {t.key: t for t in taxonomies.get("regions", ())}
    choice, related = choose_related(tuple(initiatives), by_term_tuples, region_terms, related_before)

    site = Site(
        config=config,
        taxonomies={name: {t.key: t for t in terms} for name, terms in taxonomies.items()},
        initiatives=tuple(initiatives),
        organisations=tuple(organisations),
        news=tuple(news),
        pages=tuple(pages),
        dates=dates,
        dates_version=dates_version,
        initiatives_by_term=by_term_tuples,
        initiatives_by_organisation={k: tuple(v) for k, v in by_organisation.items()},
        organisation_by_slug={o.slug: o for o in organisations},
        municipalities_a_z=municipalities_a_z,
        municipalities_by_region={k: tuple(v) for k, v in municipalities_by_region.items()},
        related_choice=choice,
        related=related,
        build_date=build_date,
    )
    return site, []
