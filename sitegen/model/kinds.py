"""The one table of record kinds, and the one table of search facets.

Everything that differs between initiatives, organisations, news and pages (content folder,
URL section, model class, schema, the value of the search's `type` filter and its Dutch
label) is a row of RECORD_KINDS; discovery, validation, URLs and reserved segments, the
search, and `new` (whose starting file is derived from the schema) read it from here. The
facets of the search (Pagefind filter names, Dutch labels, order) are derived from the
taxonomies' own table (schema.TAXONOMY_INFO) plus type and start year; the templates mark
pages with them and the search script is handed them (search_config), so a facet is named
in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model import schema as S
from sitegen.model.models import Initiative, NewsItem, Organisation, Page


@dataclass(frozen=True)
class RecordKind:
    schema: S.RecordSchema
    model: type
    section: str  # first part of its pages' URLs ('initiatieven/'; '' for fixed pages)
    search_type: str  # its value of the search's type filter
    type_label: str  # that value in Dutch, as the search shows it

    @property
    def kind(self) -> str:
        return self.schema.kind

    @property
    def folder(self) -> str:  # under content/
        return self.schema.folder


RECORD_KINDS = (
    RecordKind(S.INITIATIVE, Initiative, "initiatieven/", "initiatief", "Initiatief"),
    RecordKind(S.ORGANISATION, Organisation, "organisaties/", "organisatie", "Organisatie"),
    RecordKind(S.NEWS, NewsItem, "nieuws/", "nieuws", "Nieuws"),
    RecordKind(S.PAGE, Page, "", "pagina", "Pagina"),
)
BY_KIND = {k.kind: k for k in RECORD_KINDS}
BY_FOLDER = {k.folder: k for k in RECORD_KINDS}
BY_MODEL = {k.model: k for k in RECORD_KINDS}


@dataclass(frozen=True)
class Facet:
    name: str  # Pagefind's filter name, also the search page's URL parameter
    label: str


TYPE = Facet("type", "Soort")
START_YEAR = Facet("startjaar", "Startjaar")
BY_TAXONOMY = {taxonomy: Facet(info["filter"], info["singular"]) for taxonomy, info in S.TAXONOMY_INFO.items()}
INITIATIVE_FACETS = (*BY_TAXONOMY.values(), START_YEAR)  # the initiatives overview
SEARCH_FACETS = (TYPE, *INITIATIVE_FACETS)  # the search page: every kind of record


def search_config(facets: tuple[Facet, ...], fixed_type: str | None) -> dict:
    """What assets/search.js needs to know of the facets, as JSON on the search panel."""
    return {
        "facets": [{"name": f.name, "label": f.label} for f in facets],
        "fixedType": fixed_type,
        "types": {k.search_type: k.type_label for k in RECORD_KINDS},
        "initiativeType": BY_KIND["initiative"].search_type,
        "sectorFacet": BY_TAXONOMY["sectors"].name,
        "yearFacet": START_YEAR.name,
    }
