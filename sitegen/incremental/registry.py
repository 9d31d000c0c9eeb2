"""The registry of what an output can read: every kind of dependency, declared once.

An output (a page, a data file, a card kept for many pages) is made by reading the linked
Site through `reads.SiteView`, and templates through the Jinja environment. Each read is
recorded as a *token*: a kind declared here and its arguments, e.g. ("record",
"content/initiatives/x.md") or ("template", "partials/initiative_card.html"). The page index
(plan.py) keeps each output's tokens and the *value* each token had then: a digest worked
out by the declaration's `work_out`. The next build works out the current value of those
tokens; an output none of whose tokens changed is carried over, the rest is rendered again.

So, "if I change a template, which pages rebuild, and why?": every output that loaded it.
Loading a template (the page's own, one it extends, includes or imports) records
("template", name), whose value is the file's bytes; edit the file and exactly the outputs
that loaded it are made again, with every card (parts.py) that loaded it. A change to a
record remakes the outputs that read that record (its page), the fields of it they read
(an aside naming it), or a collection it is in (a listing page it is on, the counts on a
map); nothing else.

Adding a kind: declare it here with how its value is worked out, and note it from SiteView.
A token whose kind is not declared cannot be valued (Values.value raises), and
tests/test_registry.py fails when a declared kind cannot be valued.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from operator import attrgetter
from pathlib import Path
from typing import Callable

from sitegen.model.models import Record
from sitegen.site.graph import Site

Token = tuple[str, ...]
_SOURCE = attrgetter("source")


@dataclass(frozen=True)
class Readable:
    """One kind of dependency: what it names, and how its current value is worked out."""
    kind: str  # the token's first element
    args: tuple[str, ...]  # what the rest of the token names, in order
    work_out: Callable[..., bytes]  # (Values, *args) -> its current value, as bytes
    doc: str
    # The value follows from one record (named by the first argument, its source) and the
    # files' dates alone: unchanged while that record has the same version (Site.versions).
    of_one_record: bool = False

    def __call__(self, *args: str) -> Token:
        return (self.kind, *args)


def listing(site: Site, taxonomy: str, key: str) -> tuple:
    """The initiatives of a term A-Z, or every initiative when taxonomy is ''."""
    return site.initiatives if not taxonomy else site.initiatives_by_term.get((taxonomy, key), ())


def term_counts(site: Site, taxonomy: str) -> dict[str, int]:
    return {key: len(site.initiatives_by_term.get((taxonomy, key), ())) for key in site.taxonomies[taxonomy]}


def value_counts(site: Site, kind: str, field: str) -> dict[object, int]:
    return Counter(getattr(record, field) for record in getattr(site, kind))


def naming_counts(site: Site) -> dict[str, int]:
    return {slug: len(naming) for slug, naming in site.initiatives_by_organisation.items()}


# -- one record ------------------------------------------------------------------------------------
RECORD = Readable("record", ("source",), lambda v, source: v.record(v.by_source.get(source)),
                  "a whole record as linked, with its git dates (its own page)", of_one_record=True)
RECORD_META = Readable("record-meta", ("source",), lambda v, source: v.field(v.by_source.get(source), None),
                       "a record without its body (an open-data row)", of_one_record=True)
FIELD = Readable("field", ("source", "name"), lambda v, source, name: v.field(v.by_source.get(source), name),
                 "one field of a record (an aside shows another initiative's title)", of_one_record=True)
DATES = Readable("dates", ("source",), lambda v, source: v.digest(repr(v.site.dates.get(source))),
                 "a record's git dates (the sitemap, the feed)", of_one_record=True)
ORGANISATION = Readable("organisation", ("slug",), lambda v, slug: v.record(v.site.organisation_by_slug.get(slug)),
                        "an organisation looked up by slug (a partner list)")
RELATED = Readable("related", ("slug",), lambda v, slug: v.related(slug),
                   "which initiatives are shown beside one (their fields are tokens of their own)")

# -- collections of records ------------------------------------------------------------------------
ALL = Readable("all", ("kind",), lambda v, kind: v.records(getattr(v.site, kind)),
               "every record of a kind, each whole ('initiatives', 'organisations', 'news', 'pages')")
MEMBERS = Readable("members", ("kind",), lambda v, kind: v.sources(getattr(v.site, kind)),
                   "which records of a kind there are, not what they hold (the sitemap)")
SLICE = Readable("slice", ("taxonomy", "key", "start", "stop"),
                 lambda v, taxonomy, key, start, stop: v.records(listing(v.site, taxonomy, key)[int(start):int(stop)]),
                 "one page of a listing: the initiatives on it ('' for every initiative)")
COUNT = Readable("count", ("taxonomy", "key"),
                 lambda v, taxonomy, key: v.digest(str(len(listing(v.site, taxonomy, key)))),
                 "how many initiatives a listing has (its page numbers)")
NAMING = Readable("naming", ("slug",), lambda v, slug: v.records(v.site.initiatives_by_organisation.get(slug, ())),
                  "the initiatives naming an organisation, each whole")
NAMING_MEMBERS = Readable("naming-members", ("slug",),
                          lambda v, slug: v.sources(v.site.initiatives_by_organisation.get(slug, ())),
                          "which initiatives name an organisation (its open-data row)")
RECENT = Readable("recent", ("count",), lambda v, count: v.recent(int(count)),
                  "the newest initiatives by git history (the home page)")

# -- figures worked out from the records -----------------------------------------------------------
COUNTS = Readable("counts", ("taxonomy",), lambda v, taxonomy: v.digest(repr(term_counts(v.site, taxonomy))),
                  "initiatives per term of a taxonomy (maps, facet lists)")
VALUE_COUNTS = Readable("value-counts", ("kind", "field"),
                        lambda v, kind, field: v.digest(repr(sorted(value_counts(v.site, kind, field).items(),
                                                                    key=repr))),
                        "records per value of a field (the figures page's years)")
NAMING_COUNTS = Readable("naming-counts", (), lambda v: v.digest(repr(sorted(naming_counts(v.site).items()))),
                         "initiatives naming each organisation")

# -- the rest of the site and the templates --------------------------------------------------------
TAXONOMY = Readable("taxonomy", ("name",), lambda v, name: v.digest(repr(v.site.taxonomies.get(name))),
                    "every term of one taxonomy (labels, descriptions, order)")
SETTINGS = Readable("settings", (), lambda v: v.digest(repr(v.site.config)), "site.yml (title, base URL, ...)")
MENU = Readable("menu", (), lambda v: v.digest(repr(v.site.menu)), "the pages in the menu, in order")
BUILD_DATE = Readable("build-date", (), lambda v: v.digest(v.site.build_date.isoformat()),
                      "the date a build speaks of ('verouderd' notes)")
TEMPLATE = Readable("template", ("name",), lambda v, name: v.template(name),
                    "a template file, loaded by an output (extended, included and imported ones too)")

REGISTRY: dict[str, Readable] = {r.kind: r for r in (
    RECORD, RECORD_META, FIELD, DATES, ORGANISATION, RELATED, ALL, MEMBERS, SLICE, COUNT, NAMING,
    NAMING_MEMBERS, RECENT, COUNTS, VALUE_COUNTS, NAMING_COUNTS, TAXONOMY, SETTINGS, MENU, BUILD_DATE,
    TEMPLATE)}


def digest(*parts) -> bytes:
    encoded = [part if isinstance(part, bytes) else part.encode("utf-8") for part in parts]
    # Each part after its length, so ("ab", "c") != ("a", "bc"); hashed in one call (the hot path).
    return hashlib.sha256(b"".join([len(data).to_bytes(8, "little") + data for data in encoded])).digest()


class Values:
    """The current value of every token for one build, each worked out at most once.

    A value is compared only with the same token's value in another build; every value is 32
    bytes, so the values of a part's reads joined (its key) are unambiguous."""

    def __init__(self, site: Site, templates_dir: Path):
        self.site = site
        self.templates_dir = templates_dir
        self.by_source: dict[str, Record] = {r.source: r for r in
                                             (*site.initiatives, *site.organisations, *site.news, *site.pages)}
        self._known: dict[Token, bytes] = {}
        # Each record's digest: its version (Site.versions, what it was made from) and its git dates.
        dates = site.dates
        self._records: dict[str, bytes] = {
            source: hashlib.sha256(f"{version}\0{dates.get(source)!r}".encode()).digest()
            for source, version in site.versions.items()}
        # Sources whose record has the version it had in an earlier build, with that build's
        # values (carry_values_of): their tokens keep those values without being worked out.
        self.unchanged_sources: frozenset[str] = frozenset()
        self._earlier: dict[Token, bytes] = {}

    def value(self, token: Token) -> bytes:
        value = self._known.get(token)
        if value is None:
            readable = REGISTRY.get(token[0])
            if readable is None:
                raise ValueError(f"the token {token!r} is of no kind declared in registry.py")
            if readable.of_one_record and token[1] in self.unchanged_sources:
                value = self._earlier.get(token)
            if value is None:
                value = readable.work_out(self, *token[1:])
                if len(value) != 32:  # b"none", b"empty": every value one length, so joined ones are unambiguous
                    value = hashlib.sha256(value).digest()
            self._known[token] = value
        return value

    def carry_values_of(self, versions: dict[str, str], values: dict[Token, bytes], dates_version: str) -> None:
        """Take the values of an earlier build for the tokens of one record whose version is the
        same as then, when the files' dates are the same too: most tokens, after a small edit."""
        if dates_version == self.site.dates_version:
            self.unchanged_sources = frozenset(source for source, version in self.site.versions.items()
                                   if versions.get(source) == version)
            self._earlier = values

    # -- what the declarations work values out with --------------------------------------------------
    digest = staticmethod(digest)

    def record(self, record: Record | None) -> bytes:
        """A record as linked (fields derived from taxonomies included) with its git dates."""
        return b"none" if record is None else self._records[record.source]

    def records(self, records) -> bytes:
        if not records:
            return b"empty"
        # Record digests all have the same length: joined, they hash unambiguously. (map, not a
        # loop: a small rebuild values thousands of listings.)
        return hashlib.sha256(b"".join(map(self._records.__getitem__, map(_SOURCE, records)))).digest()

    @staticmethod
    def sources(records) -> bytes:
        """Which records, in order (file paths hold no NUL)."""
        return hashlib.sha256("\0".join(map(_SOURCE, records)).encode()).digest()

    def field(self, record: Record | None, name: str | None) -> bytes:
        """One field of a record, or (name None) the record without its body."""
        if record is None:
            return b"none"
        value = replace(record, body="") if name is None else getattr(record, name)
        return digest(repr(value))

    def related(self, slug: str) -> bytes:
        """Which ones (their fields are tokens of their own): the choice's version, made when chosen."""
        choice = self.site.related_choice
        version = choice.versions.get(slug) if choice is not None else None
        return b"none" if version is None else bytes.fromhex(version)

    def recent(self, count: int) -> bytes:
        recent, from_history = self.site.recently_added(count)
        return digest(self.records(recent), str(from_history))

    def template(self, name: str) -> bytes:
        try:
            return hashlib.sha256((self.templates_dir / name).read_bytes()).digest()
        except OSError:
            return b"missing"
