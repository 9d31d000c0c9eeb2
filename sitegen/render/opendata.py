"""Open data: initiatives and organisations as JSON and CSV, from one column list.

The same columns drive the JSON, the CSV, the JSON Schema and the /data/ page
that documents them, so they cannot disagree. CSV is for Dutch spreadsheet
software: UTF-8 with BOM, ';' between fields, list values joined with ' | '.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Callable

from sitegen.incremental.reads import unwrap
from sitegen.model import urls
from sitegen.site.graph import Site

LIST_SEPARATOR = " | "


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, integer, list, date
    description: str  # Dutch, shown on /data/
    value: Callable[[Site, object], object]
    required: bool = False


def _labels(taxonomy: str, field: str, part: str = "label"):
    """The label (or code) of each term a record names in a list field."""
    return lambda site, record: [getattr(site.term(taxonomy, key), part) for key in getattr(record, field)]


def _term(taxonomy: str, field: str, part: str):
    """One term's label or code, or None when the record has no such term."""
    def value(site, record):
        key = getattr(record, field)
        return getattr(site.term(taxonomy, key), part) if key else None
    return value


def _contact(part: str):
    return lambda site, record: getattr(record.contact, part) if record.contact else None


INITIATIVE_COLUMNS = (
    Column("slug", "text", "Vaste sleutel van het initiatief (de bestandsnaam).", lambda s, r: r.slug, True),
    Column("url", "text", "Adres van de pagina op deze site.",
           lambda s, r: s.config.base_url + urls.record_path(unwrap(r)), True),
    Column("titel", "text", "Naam van het initiatief.", lambda s, r: r.title, True),
    Column("samenvatting", "text", "Korte samenvatting.", lambda s, r: r.summary, True),
    Column("gemeenten", "list", "Gemeenten waar het initiatief werkt (officiële namen); leeg als ze onbekend "
           "zijn.", _labels("municipalities", "municipalities"), True),
    Column("gemeente_codes", "list", "CBS-codes van die gemeenten (GMxxxx).", _labels("municipalities", "municipalities", "code"),
           True),
    Column("regios", "list", "Arbeidsmarktregio's: die van de gemeenten, of de opgegeven regio. Een initiatief in "
           "gemeenten van twee regio's hoort bij beide.", _labels("regions", "regions"), True),
    Column("regio_codes", "list", "CBS-codes van de arbeidsmarktregio's (AMxx).", _labels("regions", "regions", "code"), True),
    Column("provincies", "list", "Provincies; leeg als ze niet uit de gemeenten of de regio volgen.",
           _labels("provinces", "provinces"), True),
    Column("provincie_codes", "list", "CBS-codes van de provincies (PVxx).", _labels("provinces", "provinces", "code"), True),
    Column("sectoren", "list", "Sectoren.", _labels("sectors", "sectors"), True),
    Column("partijen", "list", "Betrokken partijen.", _labels("parties", "parties"), True),
    Column("niveaus", "list", "Niveaus van samenwerking.", _labels("levels", "levels"), True),
    Column("themas", "list", "Inhoudelijke thema's.", _labels("themes", "themes"), True),
    Column("toelichting_thema", "text", "Toelichting op de thema's.", lambda s, r: r.theme_note),
    Column("startjaar", "integer", "Jaar waarin de samenwerking begon; leeg als het onbekend is.",
           lambda s, r: r.start_year),
    Column("eindjaar", "integer", "Jaar waarin de samenwerking eindigde; leeg als ze doorloopt.",
           lambda s, r: r.end_year),
    Column("organisaties", "list", "Namen van de betrokken organisaties.",
           lambda s, r: [s.organisation_by_slug[o].name for o in r.organisations], True),
    Column("organisatie_slugs", "list", "Sleutels van de betrokken organisaties (zie organisaties.csv).",
           lambda s, r: list(r.organisations), True),
    Column("website", "text", "Website van het initiatief.", lambda s, r: r.website),
    Column("contact_naam", "text", "Naam van de contactpersoon.", _contact("name")),
    Column("contact_functie", "text", "Functie van de contactpersoon.", _contact("role")),
    Column("contact_organisatie", "text", "Organisatie van de contactpersoon.", _contact("organisation")),
    Column("contact_email", "text", "E-mailadres van de contactpersoon.", _contact("email")),
    Column("contact_telefoon", "text", "Telefoonnummer van de contactpersoon.", _contact("phone")),
    Column("gecontroleerd_op", "date", "Datum van de laatste controle (JJJJ-MM-DD).",
           lambda s, r: r.last_verified.isoformat() if r.last_verified else None),
    Column("bronnen", "list", "Webadressen van de bronnen.", lambda s, r: list(r.sources), True),
)

ORGANISATION_COLUMNS = (
    Column("slug", "text", "Vaste sleutel van de organisatie (de bestandsnaam).", lambda s, r: r.slug, True),
    Column("url", "text", "Adres van de pagina op deze site.",
           lambda s, r: s.config.base_url + urls.record_path(unwrap(r)), True),
    Column("naam", "text", "Naam van de organisatie.", lambda s, r: r.name, True),
    Column("soort", "text", "Soort organisatie.", lambda s, r: s.term("organisation-types", r.type).label, True),
    Column("samenvatting", "text", "Korte omschrijving.", lambda s, r: r.summary),
    Column("website", "text", "Website van de organisatie.", lambda s, r: r.website),
    Column("plaats", "text", "Vestigingsplaats.", lambda s, r: r.city),
    Column("gemeente", "text", "Gemeente van de vestiging (officiële naam).", _term("municipalities", "municipality", "label")),
    Column("gemeente_code", "text", "CBS-code van de gemeente.", _term("municipalities", "municipality", "code")),
    Column("regio", "text", "Arbeidsmarktregio.", _term("regions", "region", "label")),
    Column("regio_code", "text", "CBS-code van de arbeidsmarktregio.", _term("regions", "region", "code")),
    Column("provincie", "text", "Provincie.", _term("provinces", "province", "label")),
    Column("provincie_code", "text", "CBS-code van de provincie.", _term("provinces", "province", "code")),
    Column("initiatieven", "list", "Sleutels van de initiatieven waarin de organisatie meedoet.",
           lambda s, r: list(s.naming_slugs(r.slug)), True),
)

MUNICIPALITY_COLUMNS = (
    Column("naam", "text", "Officiële naam van de gemeente (CBS).", lambda s, m: m.label, True),
    Column("code", "text", "CBS-code van de gemeente (GMxxxx).", lambda s, m: m.code, True),
    Column("andere_namen", "list", "Namen die ook gebruikt worden, zoals 'Den Haag' of een plaats in de gemeente.",
           lambda s, m: list(m.aliases), True),
    Column("regio", "text", "Arbeidsmarktregio waarin de gemeente ligt.", _term("regions", "region", "label"), True),
    Column("regio_code", "text", "CBS-code van de arbeidsmarktregio.", _term("regions", "region", "code"), True),
    Column("regio_url", "text", "Pagina van de arbeidsmarktregio op deze site.",
           lambda s, m: s.config.base_url + urls.term_path(s.term("regions", m.region)), True),
    Column("provincie", "text", "Provincie waarin de gemeente ligt.", _term("provinces", "province", "label"), True),
    Column("provincie_code", "text", "CBS-code van de provincie.", _term("provinces", "province", "code"), True),
)

DATASETS = {
    "initiatieven": (INITIATIVE_COLUMNS, lambda site: site.listed("initiatives")),  # no body in open data
    "organisaties": (ORGANISATION_COLUMNS, lambda site: site.listed("organisations")),
    "gemeenten": (MUNICIPALITY_COLUMNS, lambda site: site.municipalities_a_z),
}


def records(site, name: str) -> list[tuple[str, object]]:
    """(a stable key, the record or term) for each row of the dataset, in order."""
    return [(getattr(item, "source", None) or item.key, item) for item in DATASETS[name][1](site)]


def row_lines(view, name: str, item) -> tuple[str, str]:
    """One row as its JSON line and its CSV line (what as_json and as_csv write)."""
    # What the row is about is read through the view, so that the row follows it: a record as
    # view.listed() hands it out (without its body), a term (a municipality) as a term.
    if not hasattr(item, "source"):
        item = view.term(item.taxonomy, item.key)
    columns, _ = DATASETS[name]
    row = {c.name: c.value(view, item) for c in columns}
    return json.dumps(row, ensure_ascii=False, sort_keys=True), _csv_line([_cell(row[c.name]) for c in columns])


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def as_json(site: Site, name: str, table: list[tuple[str, str]]) -> bytes:
    """The dataset as JSON, from its rows' lines (row_lines)."""
    licence = site.config.data_licence
    about = json.dumps({
        "bron": site.config.base_url,
        "licentie": {"naam": licence.name, "url": licence.url} if licence else None,
        "schema": site.config.base_url + f"data/{name}.schema.json",
    }, ensure_ascii=False, sort_keys=True)
    # One record per line: readable, diffable, and written by json's fast C encoder (which
    # an indented dump cannot use: far slower for many records).
    lines = ",\n".join(line for line, _ in table)
    return f'{about[:-1]}, "{name}": [\n{lines}\n]}}\n'.encode("utf-8")


def as_csv(name: str, table: list[tuple[str, str]]) -> bytes:
    """The dataset as CSV, from its rows' lines (row_lines)."""
    columns, _ = DATASETS[name]
    header = _csv_line([c.name for c in columns])
    return (header + "".join(line for _, line in table)).encode("utf-8-sig")


# A cell a spreadsheet would read as a formula (OWASP, "CSV Injection"): Excel opens the CSV
# directly, so such text gets a leading apostrophe, which it shows as text. The JSON keeps it as written.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = LIST_SEPARATOR.join(value) if isinstance(value, list) else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


_JSON_TYPES = {
    "text": {"type": "string"},
    "integer": {"type": "integer"},
    "date": {"type": "string", "format": "date"},
    "list": {"type": "array", "items": {"type": "string"}},
}


def json_schema(site: Site, name: str) -> bytes:
    columns, _ = DATASETS[name]
    record = {
        "type": "object",
        "additionalProperties": False,
        "required": [c.name for c in columns],
        "properties": {
            c.name: ({**_JSON_TYPES[c.kind], "description": c.description} if c.required else
                     {"anyOf": [_JSON_TYPES[c.kind], {"type": "null"}], "description": c.description})
            for c in columns
        },
    }
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": site.config.base_url + f"data/{name}.schema.json",
        "title": f"{name} ({site.config.title})",
        "type": "object",
        "required": ["bron", "licentie", "schema", name],
        "additionalProperties": False,
        "properties": {
            "bron": {"type": "string"},
            "licentie": {"anyOf": [{"type": "null"}, {"type": "object", "required": ["naam", "url"],
                                                      "properties": {"naam": {"type": "string"},
                                                                     "url": {"type": "string"}}}]},
            "schema": {"type": "string"},
            name: {"type": "array", "items": record},
        },
    }
    return (json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
