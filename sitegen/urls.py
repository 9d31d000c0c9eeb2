"""The one place that maps a record or term to its URL path and output file.

Paths here are relative to the site root and end with '/' (or name a file);
templates turn them into links with the base path (the site may live under
a sub-path such as /repo/).
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from .models import Initiative, NewsItem, Organisation, Page, Record, SiteConfig, Term
from .schema import TAXONOMY_INFO

HOME = ""
INITIATIVES = "initiatieven/"
ORGANISATIONS = "organisaties/"
NEWS = "nieuws/"
SEARCH = "zoeken/"
MAP = "kaart/"
FIGURES = "cijfers/"
DATA = "data/"
ASSETS = "assets/"

# First path segments the generator itself uses; a fixed page may not take one.
RESERVED_SEGMENTS = frozenset(
    {"initiatieven", "organisaties", "nieuws", "zoeken", "kaart", "cijfers", "data", "assets", "pagefind", "gemeenten",
     "feed.xml", "sitemap.xml", "robots.txt", "404.html"}
    | {info["segment"] for info in TAXONOMY_INFO.values()}
)

MUNICIPALITIES = "gemeenten/"
PLACE_LOOKUP = "zoeken/gemeenten.json"  # municipality names -> region, for the search box

_RECORD_SECTIONS = {Initiative: INITIATIVES, Organisation: ORGANISATIONS, NewsItem: NEWS, Page: ""}
# Folder under content/ -> URL section of its records (links between record files).
FOLDER_SECTIONS = {"initiatives": INITIATIVES, "organisations": ORGANISATIONS, "news": NEWS, "pages": ""}


def record_path(record: Record) -> str:
    return f"{_RECORD_SECTIONS[type(record)]}{record.slug}/"


def term_path(term: Term) -> str:
    return f"{TAXONOMY_INFO[term.taxonomy]['segment']}/{term.key}/"


def output_file(path: str) -> str:
    """URL path -> file in the output folder ('a/b/' -> 'a/b/index.html')."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path


def base_path(config: SiteConfig) -> str:
    """The path part of base_url: '/' or a sub-path such as '/repo/'."""
    return urlsplit(config.base_url).path or "/"


def edit_url(config: SiteConfig, record: Record) -> str:
    """Opens the record's file in the repository's web editor (GitHub makes a pull request of it)."""
    return f"{config.repository.url}/edit/{config.repository.branch}/{_repository_path(record)}"


def correction_issue_url(config: SiteConfig, record: Record) -> str:
    """A prefilled correction form for visitors without an account."""
    query = urlencode({
        "template": "correctie.yml",
        "title": f"Correctie: {record.title}",
        "record": f"{record.title} ({_repository_path(record)})",
    })
    return f"{config.repository.url}/issues/new?{query}"


_FOLDERS = {Initiative: "initiatives", Organisation: "organisations", NewsItem: "news", Page: "pages"}


def content_folder(record: Record) -> str:
    """The folder under content/ that holds the record's file."""
    return _FOLDERS[type(record)]


def _repository_path(record: Record) -> str:
    """The file's path in the repository: content/<folder>/<slug>.md."""
    return f"content/{content_folder(record)}/{record.slug}.md"
