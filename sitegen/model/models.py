"""Validated records: plain frozen data, the only shapes later stages see."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Term:
    taxonomy: str
    key: str
    label: str
    description: str | None = None
    code: str | None = None  # regions, provinces, municipalities: CBS statcode
    number: int | None = None  # themes
    group_label: str | None = None  # organisation types
    region: str | None = None  # municipalities: the region it lies in
    province: str | None = None  # municipalities: the province it lies in
    aliases: tuple[str, ...] = ()  # municipalities: other names people use


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    role: str | None = None
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Repository:
    url: str
    branch: str


@dataclass(frozen=True)
class Licence:
    name: str
    url: str


@dataclass(frozen=True)
class SiteConfig:
    title: str
    description: str
    base_url: str
    language: str
    repository: Repository
    contact_email: str | None = None
    publisher: str | None = None
    data_licence: Licence | None = None
    code_licence: Licence | None = None


@dataclass(frozen=True)
class Record:
    slug: str
    source: str  # path of the file, relative to the project, e.g. content/initiatives/x.md
    body: str
    # The file as written up to its body: with the body, the whole file (`text`, for the
    # correction form) without holding the body twice. Left out of repr, which digests what a
    # record shows without its body; a page that shows the file reads the whole record.
    head: str = field(default="", kw_only=True, repr=False)

    @property
    def text(self) -> str:
        """The whole file as written (decoded, with Unix line ends)."""
        return self.head + self.body


@dataclass(frozen=True)
class Initiative(Record):
    title: str
    summary: str
    sectors: tuple[str, ...]
    parties: tuple[str, ...]
    municipalities: tuple[str, ...] = ()  # municipality keys, resolved from the names written
    regions: tuple[str, ...] = ()  # derived from the municipalities, else the region written (regions.yml order)
    provinces: tuple[str, ...] = ()  # derived likewise; empty when unknown
    levels: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    theme_note: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    organisations: tuple[str, ...] = ()
    website: str | None = None
    contact: Contact | None = None
    last_verified: date | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Organisation(Record):
    name: str
    type: str
    summary: str | None = None
    website: str | None = None
    city: str | None = None
    municipality: str | None = None  # a municipality key
    region: str | None = None  # derived from the municipality, else as written
    province: str | None = None  # derived; None when unknown

    @property
    def title(self) -> str:
        return self.name


@dataclass(frozen=True)
class NewsItem(Record):
    title: str
    date: date
    summary: str | None = None


@dataclass(frozen=True)
class Page(Record):
    title: str
    summary: str | None = None
    menu: int | None = None


