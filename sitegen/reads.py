"""What an output read while it rendered: its dependencies, recorded rather than declared.

Templates, filters and the code that prepares a page's context see the linked Site only
through `SiteView`, which notes every part it hands out as a token: ("record", source),
("listing", taxonomy, key), ("taxonomy", name), ("settings",), ("template", name), ...
`incremental.Digests` turns each token into a digest of its current value. A page is
carried over only when every token it read still has the digest it had when the page
was made (the argument of Lektor's builder): the page is a function of what it read, so
if none of that changed, rendering it again would read the same and write the same bytes.

A part of the Site without a token is not handed out at all (AttributeError), so a
template cannot come to depend on something the next build would not check.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from contextlib import contextmanager
from typing import Iterator

from .graph import Related, Site
from .listings import PAGE_SIZE
from .models import Initiative, Record
from .urls import record_path

Token = tuple[str, ...]

_recording: list[set[Token]] = []  # one set per output (or card) being made, innermost last
_interned: dict[Token, Token] = {}  # one object per token, so the page index pickles each once


def note(*token: str) -> None:
    """Record that what is being made read `token`."""
    if _recording:
        _recording[-1].add(_interned.setdefault(token, token))


def note_all(tokens) -> None:
    """Record tokens read earlier on behalf of this output (a card it reuses)."""
    if _recording:
        _recording[-1].update(tokens)


@contextmanager
def recording() -> Iterator[set[Token]]:
    """Collect the tokens read inside the block; they count for any enclosing block too."""
    reads: set[Token] = set()
    _recording.append(reads)
    try:
        yield reads
    finally:
        _recording.pop()
        note_all(reads)


class _Noted(Mapping):
    """A read-only mapping that notes token(key) for every key looked up."""

    def __init__(self, data: Mapping, token, whole: tuple[Token, ...] = ()):
        self._data, self._token, self._whole = data, token, whole

    def __getitem__(self, key):
        note(*self._token(key))
        return self._data[key]

    def __iter__(self):  # the keys themselves depend on everything listed
        for token in self._whole:
            note(*token)
        return iter(self._data)

    def __len__(self):
        for token in self._whole:
            note(*token)
        return len(self._data)


def _noted_attribute(name: str, *token: str) -> property:
    """Site.<name>, read through the view: noted as `token`."""
    def read(view: "SiteView"):
        note(*token)
        return getattr(view._site, name)
    return property(read)


class SiteView:
    """The Site as templates see it: the same names, each read noted."""

    def __init__(self, site: Site):
        self._site = site
        self._counts: dict[str, dict[str, int]] = {}  # worked out once per build
        self.taxonomies = _Noted(site.taxonomies, lambda name: ("taxonomy", name))
        self.dates = _Noted(site.dates, lambda source: ("dates", source),
                            whole=tuple(("all", kind) for kind in ("initiatives", "organisations", "news", "pages")))
        self.initiatives_by_term = _Noted(site.initiatives_by_term, lambda key: ("listing", *key),
                                          whole=(("all", "initiatives"), ("all", "taxonomies")))
        self.initiatives_by_organisation = _Noted(site.initiatives_by_organisation, lambda slug: ("naming", slug),
                                                  whole=(("all", "initiatives"),))
        self.organisation_by_slug = _Noted(site.organisation_by_slug, lambda slug: ("organisation", slug),
                                           whole=(("all", "organisations"),))
        self._related = _Noted(site.related, lambda slug: ("related", slug), whole=(("all", "initiatives"),))

    def __getattr__(self, name: str):
        raise AttributeError(f"Site.{name} is not shown to templates: give it a token in sitegen/reads.py first")

    # -- parts of the Site handed out as they are, each noted as its token -------------------------
    initiatives = _noted_attribute("initiatives", "all", "initiatives")
    organisations = _noted_attribute("organisations", "all", "organisations")
    news = _noted_attribute("news", "all", "news")
    pages = _noted_attribute("pages", "all", "pages")
    config = _noted_attribute("config", "settings")
    menu = _noted_attribute("menu", "menu")
    build_date = _noted_attribute("build_date", "build-date")
    municipalities_a_z = _noted_attribute("municipalities_a_z", "taxonomy", "municipalities")
    municipalities_by_region = _noted_attribute("municipalities_by_region", "taxonomy", "municipalities")

    # -- one record, derived lists -------------------------------------------------------------------
    def listed(self, kind: str) -> tuple[WithoutBody, ...]:
        """Every record of a kind ('initiatives', ...) in the site's order, for an output that
        lists what they are but not their text (open data): noted as which
        records there are, and each as it is without its body, so that editing a description
        does not remake them."""
        note("members", kind)
        return tuple(map(WithoutBody, getattr(self._site, kind)))

    def paths(self, kind: str) -> list[tuple[str, FieldsRead]]:
        """(page path, record) for every record of a kind (sitemap, feed), noted only as which
        records there are: a page's path follows from its file name. Each record comes as
        FieldsRead, so what else is read of it is noted field by field."""
        note("members", kind)
        return [(record_path(record), FieldsRead(record)) for record in getattr(self._site, kind)]

    def naming_slugs(self, slug: str) -> tuple[str, ...]:
        """The slugs of the initiatives naming an organisation (its open-data row), noted as which
        ones they are: editing one of them does not remake the row."""
        note("naming-members", slug)
        return tuple(i.slug for i in self._site.initiatives_by_organisation.get(slug, ()))

    def value_counts(self, kind: str, field: str) -> dict[object, int]:
        """How many records of a kind have each value of a field (the figures page's years),
        noted as the counts, not as every record counted."""
        note("value-counts", kind, field)
        return value_counts(self._site, kind, field)

    def record(self, record: Record) -> Record:
        """The record a page or card is about."""
        note("record", record.source)
        return record

    def related(self, slug: str) -> Related:
        """The initiatives shown beside one: which ones they are is noted, and of each only the
        fields read (an aside shows a title; editing another's description must not remake it)."""
        related = self._related[slug]
        return Related(tuple(map(FieldsRead, related.nearby)), tuple(map(FieldsRead, related.elsewhere)))

    def term_counts(self, taxonomy: str) -> dict[str, int]:
        """Initiatives per term of a taxonomy (maps, facet lists), without reading the initiatives."""
        note("counts", taxonomy)
        if taxonomy not in self._counts:
            self._counts[taxonomy] = term_counts(self._site, taxonomy)
        return self._counts[taxonomy]

    def naming_counts(self) -> dict[str, int]:
        """Initiatives naming each organisation, without reading the initiatives."""
        note("naming-counts")
        if "naming" not in self._counts:
            self._counts["naming"] = naming_counts(self._site)
        return self._counts["naming"]

    def listing_slice(self, taxonomy: str, key: str, start: int) -> tuple[tuple, int]:
        """One page of a listing (every initiative when taxonomy is ''), and the listing's length."""
        stop = start + PAGE_SIZE
        note("slice", taxonomy, key, str(start), str(stop))
        note("count", taxonomy, key)
        listed = listing(self._site, taxonomy, key)
        return listed[start:stop], len(listed)

    # -- Site's own helpers, reading through this view --------------------------------------------
    def term(self, taxonomy: str, key: str):
        return self.taxonomies[taxonomy][key]

    def terms(self, taxonomy: str, keys) -> list:
        return [self.taxonomies[taxonomy][key] for key in keys]

    def organisation_groups(self, initiative: Initiative):
        return Site.organisation_groups(self, initiative)  # type: ignore[arg-type]

    def is_stale(self, initiative: Initiative) -> bool:
        return Site.is_stale(self, initiative)  # type: ignore[arg-type]

    def recently_added(self, count: int):
        """The newest initiatives: noted as the result (their records), not as every date looked at."""
        note("recent", str(count))
        return self._site.recently_added(count)


class FieldsRead:
    """A record of which each field read is noted as ("field", source, name)."""

    def __init__(self, record: Record):
        self._record = record

    def __getattr__(self, name: str):
        note("field", self._record.source, name)
        return getattr(self._record, name)


class WithoutBody:
    """A record seen without its Markdown body, noted as ("record-meta", source): what it is, not
    its text. Reading the body raises, so an output that shows it cannot be kept by this token."""

    def __init__(self, record: Record):
        self._record = record

    def __getattr__(self, name: str):
        if name in ("body", "text"):
            raise AttributeError(f"the {name} is not shown through WithoutBody: read the record with view.record()")
        note("record-meta", self._record.source)
        return getattr(self._record, name)


def unwrap(record) -> Record:
    """The record itself, also when it is seen through FieldsRead or WithoutBody."""
    return record._record if isinstance(record, (FieldsRead, WithoutBody)) else record


def term_counts(site: Site, taxonomy: str) -> dict[str, int]:
    return {key: len(site.initiatives_by_term.get((taxonomy, key), ())) for key in site.taxonomies[taxonomy]}


def value_counts(site: Site, kind: str, field: str) -> dict[object, int]:
    return Counter(getattr(record, field) for record in getattr(site, kind))


def naming_counts(site: Site) -> dict[str, int]:
    return {slug: len(naming) for slug, naming in site.initiatives_by_organisation.items()}


def listing(site: Site, taxonomy: str, key: str) -> tuple:
    return site.initiatives if not taxonomy else site.initiatives_by_term.get((taxonomy, key), ())
