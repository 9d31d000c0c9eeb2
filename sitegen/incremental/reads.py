"""What an output read while it rendered: its dependencies, recorded rather than declared.

Templates, filters and the code that prepares a page's context see the linked Site only
through `SiteView`, which notes every part it hands out as a token: ("record", source),
("listing", taxonomy, key), ("taxonomy", name), ("settings",), ("template", name), ...
`registry.py` declares every kind of token and how its current value is worked out. A page is
carried over only when every token it read still has the digest it had when the page
was made (the argument of Lektor's builder): the page is a function of what it read, so
if none of that changed, rendering it again would read the same and write the same bytes.

A part of the Site without a token is not handed out at all (AttributeError), so a
template cannot come to depend on something the next build would not check.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager
from typing import Iterator

from sitegen.incremental.registry import (
    ALL,
    BUILD_DATE,
    COUNT,
    COUNTS,
    DATES,
    FIELD,
    MEMBERS,
    MENU,
    NAMING,
    NAMING_COUNTS,
    NAMING_MEMBERS,
    ORGANISATION,
    RECENT,
    RECORD,
    RECORD_META,
    RELATED,
    SETTINGS,
    SLICE,
    TAXONOMY,
    VALUE_COUNTS,
    Token,
    listing,
    naming_counts,
    term_counts,
    value_counts,
)
from sitegen.model.listings import PAGE_SIZE
from sitegen.model.models import Initiative, Record
from sitegen.model.urls import record_path
from sitegen.site.graph import Related, Site


class Recorder:
    """Collects the tokens read while outputs are made: one open set per output (or part of
    one) being made, innermost last. One per build, owned by the tasks that use it."""

    def __init__(self):
        self._open: list[set[Token]] = []
        self._tokens: dict[Token, Token] = {}  # one object per token: the page index holds each once

    def note(self, token: Token) -> None:
        """Record that what is being made read `token` (made by a registry declaration)."""
        if self._open:
            self._open[-1].add(self._tokens.setdefault(token, token))

    def note_all(self, tokens) -> None:
        """Record tokens read earlier on behalf of this output (a part it reuses)."""
        if self._open:
            self._open[-1].update(tokens)

    @contextmanager
    def recording(self) -> Iterator[set[Token]]:
        """Collect the tokens read inside the block; they count for any enclosing block too."""
        reads: set[Token] = set()
        self._open.append(reads)
        try:
            yield reads
        finally:
            self._open.pop()
            self.note_all(reads)


class _Noted(Mapping):
    """A read-only mapping that notes token(key) for every key looked up."""

    def __init__(self, recorder: Recorder, data: Mapping, token, whole: tuple[Token, ...] = ()):
        self._recorder, self._data, self._token, self._whole = recorder, data, token, whole

    def __getitem__(self, key):
        self._recorder.note(self._token(key))
        return self._data[key]

    def __iter__(self):  # the keys themselves depend on everything listed
        for token in self._whole:
            self._recorder.note(token)
        return iter(self._data)

    def __len__(self):
        for token in self._whole:
            self._recorder.note(token)
        return len(self._data)


def _noted_attribute(name: str, token: Token) -> property:
    """Site.<name>, read through the view: noted as `token`."""
    def read(view: "SiteView"):
        view.recorder.note(token)
        return getattr(view._site, name)
    return property(read)


class SiteView:
    """The Site as templates see it: the same names, each read noted."""

    def __init__(self, site: Site, recorder: Recorder):
        self._site = site
        self.recorder = recorder
        self._counts: dict[str, dict[str, int]] = {}  # worked out once per build
        every_record = tuple(ALL(kind) for kind in ("initiatives", "organisations", "news", "pages"))
        self.taxonomies = _Noted(recorder, site.taxonomies, TAXONOMY)
        self.dates = _Noted(recorder, site.dates, DATES, whole=every_record)
        self.initiatives_by_organisation = _Noted(recorder, site.initiatives_by_organisation, NAMING,
                                                  whole=(ALL("initiatives"),))
        self.organisation_by_slug = _Noted(recorder, site.organisation_by_slug, ORGANISATION,
                                           whole=(ALL("organisations"),))
        self._related = _Noted(recorder, site.related, RELATED, whole=(ALL("initiatives"),))

    def __getattr__(self, name: str):
        raise AttributeError(f"Site.{name} is not shown to templates: declare what it is in "
                             "sitegen/incremental/registry.py and hand it out here")

    # -- parts of the Site handed out as they are, each noted as its token -------------------------
    initiatives = _noted_attribute("initiatives", ALL("initiatives"))
    organisations = _noted_attribute("organisations", ALL("organisations"))
    news = _noted_attribute("news", ALL("news"))
    pages = _noted_attribute("pages", ALL("pages"))
    config = _noted_attribute("config", SETTINGS())
    menu = _noted_attribute("menu", MENU())
    build_date = _noted_attribute("build_date", BUILD_DATE())
    municipalities_a_z = _noted_attribute("municipalities_a_z", TAXONOMY("municipalities"))
    municipalities_by_region = _noted_attribute("municipalities_by_region", TAXONOMY("municipalities"))

    # -- one record, derived lists -------------------------------------------------------------------
    def listed(self, kind: str) -> tuple[WithoutBody, ...]:
        """Every record of a kind ('initiatives', ...) in the site's order, for an output that
        lists what they are but not their text (open data): noted as which
        records there are, and each as it is without its body, so that editing a description
        does not remake them."""
        self.recorder.note(MEMBERS(kind))
        return tuple(WithoutBody(record, self.recorder) for record in getattr(self._site, kind))

    def paths(self, kind: str) -> list[tuple[str, FieldsRead]]:
        """(page path, record) for every record of a kind (sitemap, feed), noted only as which
        records there are: a page's path follows from its file name. Each record comes as
        FieldsRead, so what else is read of it is noted field by field."""
        self.recorder.note(MEMBERS(kind))
        return [(record_path(record), FieldsRead(record, self.recorder)) for record in getattr(self._site, kind)]

    def naming_slugs(self, slug: str) -> tuple[str, ...]:
        """The slugs of the initiatives naming an organisation (its open-data row), noted as which
        ones they are: editing one of them does not remake the row."""
        self.recorder.note(NAMING_MEMBERS(slug))
        return tuple(i.slug for i in self._site.initiatives_by_organisation.get(slug, ()))

    def value_counts(self, kind: str, field: str) -> dict[object, int]:
        """How many records of a kind have each value of a field (the figures page's years),
        noted as the counts, not as every record counted."""
        self.recorder.note(VALUE_COUNTS(kind, field))
        return value_counts(self._site, kind, field)

    def record(self, record: Record) -> Record:
        """The record a page or card is about."""
        self.recorder.note(RECORD(record.source))
        return record

    def related(self, slug: str) -> Related:
        """The initiatives shown beside one: which ones they are is noted, and of each only the
        fields read (an aside shows a title; editing another's description must not remake it)."""
        related = self._related[slug]
        return Related(tuple(FieldsRead(r, self.recorder) for r in related.nearby),
                       tuple(FieldsRead(r, self.recorder) for r in related.elsewhere))

    def term_counts(self, taxonomy: str) -> dict[str, int]:
        """Initiatives per term of a taxonomy (maps, facet lists), without reading the initiatives."""
        self.recorder.note(COUNTS(taxonomy))
        if taxonomy not in self._counts:
            self._counts[taxonomy] = term_counts(self._site, taxonomy)
        return self._counts[taxonomy]

    def naming_counts(self) -> dict[str, int]:
        """Initiatives naming each organisation, without reading the initiatives."""
        self.recorder.note(NAMING_COUNTS())
        if "naming" not in self._counts:
            self._counts["naming"] = naming_counts(self._site)
        return self._counts["naming"]

    def listing_slice(self, taxonomy: str, key: str, start: int) -> tuple[tuple, int]:
        """One page of a listing (every initiative when taxonomy is ''), and the listing's length."""
        stop = start + PAGE_SIZE
        self.recorder.note(SLICE(taxonomy, key, str(start), str(stop)))
        self.recorder.note(COUNT(taxonomy, key))
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
        self.recorder.note(RECENT(str(count)))
        return self._site.recently_added(count)


class FieldsRead:
    """A record of which each field read is noted as ("field", source, name)."""

    def __init__(self, record: Record, recorder: Recorder):
        self._record, self._recorder = record, recorder

    def __getattr__(self, name: str):
        self._recorder.note(FIELD(self._record.source, name))
        return getattr(self._record, name)


class WithoutBody:
    """A record seen without its Markdown body, noted as ("record-meta", source): what it is, not
    its text. Reading the body raises, so an output that shows it cannot be kept by this token."""

    def __init__(self, record: Record, recorder: Recorder):
        self._record, self._recorder = record, recorder

    def __getattr__(self, name: str):
        if name in ("body", "text"):
            raise AttributeError(f"the {name} is not shown through WithoutBody: read the record with view.record()")
        self._recorder.note(RECORD_META(self._record.source))
        return getattr(self._record, name)


def unwrap(record) -> Record:
    """The record itself, also when it is seen through FieldsRead or WithoutBody."""
    return record._record if isinstance(record, (FieldsRead, WithoutBody)) else record
