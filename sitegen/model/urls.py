"""The one place that maps a record or term to its URL path and output file.

Paths here are relative to the site root and end with '/' (or name a file);
templates turn them into links with the base path (the site may live under
a sub-path such as /repo/).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlencode, urlsplit

from sitegen.model.forms import CORRECTION, NEW_INITIATIVE, OWN_KNOWLEDGE
from sitegen.model.kinds import BY_FOLDER, BY_KIND, BY_MODEL, RECORD_KINDS
from sitegen.model.models import Record, SiteConfig, Term
from sitegen.model.schema import TAXONOMY_INFO
from sitegen.model.slugs import SLUG_MAX_LENGTH

HOME = ""
INITIATIVES = BY_KIND["initiative"].section
ORGANISATIONS = BY_KIND["organisation"].section
NEWS = BY_KIND["news"].section
SEARCH = "zoeken/"
MAP = "kaart/"
FIGURES = "cijfers/"
DATA = "data/"
ASSETS = "assets/"

# First path segments the generator itself uses; a fixed page may not take one.
MUNICIPALITIES = "gemeenten/"
PROPOSE = "aanmelden/"  # the form for proposing a new initiative
# The pages a Dutch public site owes its visitors, linked from every page's footer.
ABOUT = "colofon/"
CONTACT = "contact/"
PRIVACY = "privacy/"
ACCESSIBILITY = "toegankelijkheid/"
PLACE_LOOKUP = "zoeken/gemeenten.json"  # municipality names -> region, for the search box
REGION_ANSWER = "initiatieven.json"  # beside a region's page: what a place answer shows of it
FACET_COUNTS = "zoeken/facetten.json"  # the search facets' values and counts before a search (search.py)

RESERVED_SEGMENTS = frozenset(
    {k.section.rstrip("/") for k in RECORD_KINDS if k.section}
    | {path.rstrip("/") for path in (SEARCH, MAP, FIGURES, DATA, ASSETS, MUNICIPALITIES, PROPOSE, ABOUT, CONTACT,
                                          PRIVACY, ACCESSIBILITY)}
    | {"pagefind", "schemas", "feed.xml", "sitemap.xml", "robots.txt", "404.html", "_headers"}
    | {info["segment"] for info in TAXONOMY_INFO.values()}
)


# The places (#id) on a record's page that a link into it may name: the ids every page of its
# kind has, whatever it shows (a body's headings get none). tests/test_site.py checks the built
# pages against them, so `check` can refuse any other anchor at the link's own line.
PAGE_ANCHORS = {
    "initiatives": frozenset({"inhoud", "correctie-kop"}),
    "organisations": frozenset({"inhoud", "correctie-kop"}),
    "news": frozenset({"inhoud"}),
    "pages": frozenset({"inhoud"}),
}


def folder_section(folder: str) -> str | None:
    """The URL section of the records in a folder under content/ (links between record files)."""
    kind = BY_FOLDER.get(folder)
    return kind.section if kind else None


def record_path(record: Record) -> str:
    return f"{BY_MODEL[type(record)].section}{record.slug}/"


def term_path(term: Term) -> str:
    return f"{TAXONOMY_INFO[term.taxonomy]['segment']}/{term.key}/"


def output_file(path: str) -> str:
    """URL path -> file in the output folder ('a/b/' -> 'a/b/index.html')."""
    return f"{path}index.html" if path == "" or path.endswith("/") else path


def one_output_per_path(paths: Iterable[str]) -> set[str]:
    """The paths of a site's outputs, as a set. Two outputs at one path would be a bug of the
    generator, not of the content (graph.link already refuses a page named like a path the site
    uses itself, in Dutch for the editor), so this is a RuntimeError naming the first path given twice."""
    seen: set[str] = set()
    for path in paths:
        if path in seen:
            raise RuntimeError(f"two pages would be written to {path}")
        seen.add(path)
    return seen


def base_path(config: SiteConfig) -> str:
    """The path part of base_url: '/' or a sub-path such as '/repo/'."""
    return urlsplit(config.base_url).path or "/"


def edit_url(config: SiteConfig, record: Record) -> str:
    """Opens the record's file in the repository's web editor (GitHub makes a pull request of it)."""
    return f"{config.repository.url}/edit/{config.repository.branch}/{_repository_path(record)}"


# Longer addresses are refused by some browsers and servers along the way; a file that does not
# fit is left out of the link and the reporter pastes it (the form says how).
MAX_PREFILLED_URL = 7000


@dataclass(frozen=True)
class CorrectionLink:
    url: str
    with_file: bool  # False: the file did not fit, and the page says how to paste it


def correction_link(config: SiteConfig, record: Record) -> CorrectionLink:
    """The correction form, prefilled with the record and, when it fits, its whole file."""
    fields = {
        "template": CORRECTION.file,
        "title": f"{CORRECTION.title}{record.title}",
        "record": f"{record.title} ({_repository_path(record)})",
    }
    with_file = f"{config.repository.url}/issues/new?{urlencode({**fields, 'record_file': record.text})}"
    if len(with_file) <= MAX_PREFILLED_URL:
        return CorrectionLink(with_file, True)
    return CorrectionLink(f"{config.repository.url}/issues/new?{urlencode(fields)}", False)


def file_url(config: SiteConfig, record: Record) -> str:
    """The record's file as GitHub shows it (to read or copy)."""
    return f"{config.repository.url}/blob/{config.repository.branch}/{_repository_path(record)}"


def proposal_links(config: SiteConfig) -> dict:
    """Where the proposal page (/aanmelden/) sends a finished proposal: GitHub's issue form
    (prefilled by field id), GitHub's new-file page, or e-mail when site.yml gives an address."""
    repository = config.repository
    new_file = f"{repository.url}/new/{repository.branch}/content"
    return {
        "issueUrl": f"{repository.url}/issues/new",
        "template": NEW_INITIATIVE.file,
        "title": NEW_INITIATIVE.title,
        "fields": [f.id for f in NEW_INITIATIVE.fields],
        # What the issue form requires, as record fields: more than the schema asks of a record
        # (a proposal needs its places, a description and a source).
        "required": [f.record_field for f in NEW_INITIATIVE.fields if f.required and f.record_field],
        # A link longer than this leaves the description (or the file) out, for the visitor to paste.
        "maxUrl": MAX_PREFILLED_URL,
        "slugMaxLength": SLUG_MAX_LENGTH,  # the file names the page makes stay within the slug rule
        "bodyField": next(f.id for f in NEW_INITIATIVE.fields if f.record_field == "body"),
        "newInitiativeUrl": f"{new_file}/{BY_KIND['initiative'].folder}",
        "newOrganisationUrl": f"{new_file}/{BY_KIND['organisation'].folder}",
        "email": config.contact_email,
        "ownKnowledge": OWN_KNOWLEDGE,
    }


def empty_issue_form_url(config: SiteConfig) -> str:
    return f"{config.repository.url}/issues/new?{urlencode({'template': NEW_INITIATIVE.file})}"


def content_folder(record: Record) -> str:
    """The folder under content/ that holds the record's file."""
    return BY_MODEL[type(record)].folder


def _repository_path(record: Record) -> str:
    """The file's path in the repository: content/<folder>/<slug>.md."""
    return f"content/{content_folder(record)}/{record.slug}.md"
