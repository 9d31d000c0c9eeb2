"""The content model as data: one definition drives validation, the editors'
guide and the JSON Schema files, so they cannot drift apart.

A Field's `kind` names the check in `validate.py`; `label` is what visitors
see, `help` what editors read in the guide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.model.slugs import SLUG_HINT, SLUG_MAX_LENGTH, SLUG_RULE


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, texts, integer, date, url, urls, email, key, keys, refs, place, places, mapping
    label: str
    help: str
    required: bool = False
    min_length: int | None = None
    max_length: int | None = None
    plain: bool = False  # text that must not contain HTML
    pattern: str | None = None  # regular expression a text must match
    pattern_hint: str | None = None
    taxonomy: str | None = None  # for key / keys
    min_items: int = 0
    minimum: int | None = None  # for integers
    example: object = None
    fields: tuple["Field", ...] = ()  # for mapping


@dataclass(frozen=True)
class RecordSchema:
    kind: str
    folder: str
    label: str
    fields: tuple[Field, ...]
    body_required: bool
    body_help: str = ""
    by_name: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "by_name", {f.name: f for f in self.fields})


# How the sentences of a starting file written by `new` begin; `check` refuses a text that
# still does, so a draft cannot be published as it is.
PLACEHOLDER = "Vervang deze"

# Years before this are not plausible for the programmes this directory covers.
FIRST_YEAR = 1990

CONTACT_FIELDS = (
    Field("name", "text", "Naam", "Naam van de contactpersoon.", max_length=120, example="Jan Jansen"),
    Field("role", "text", "Functie", "Functie van de contactpersoon.", max_length=120, example="Projectleider"),
    Field("organisation", "text", "Organisatie", "Organisatie waar de contactpersoon werkt.", max_length=120,
          example="Alfa-college"),
    Field("email", "email", "E-mailadres", "E-mailadres van de contactpersoon.", example="info@voorbeeld.nl"),
    Field("phone", "text", "Telefoonnummer", "Telefoonnummer, precies zoals het getoond moet worden.",
          max_length=40, example="0528 123 456"),
)

INITIATIVE = RecordSchema(
    kind="initiative",
    folder="initiatives",
    label="Initiatief",
    body_required=True,
    body_help="De volledige beschrijving van het initiatief, in Markdown.",
    fields=(
        Field("title", "text", "Naam", "Naam van het samenwerkingsinitiatief.", required=True,
              min_length=3, max_length=120, example="Sterk Techniekonderwijs regio Hoogeveen"),
        Field("summary", "text", "Samenvatting",
              "Korte samenvatting in platte tekst (20 tot 300 tekens): voor overzichten, zoekresultaten "
              "en zoekmachines.", required=True, min_length=20, max_length=300, plain=True,
              example="Vmbo, mbo en bedrijven in de regio Hoogeveen werken samen aan sterk techniekonderwijs."),
        Field("municipalities", "places", "Gemeenten", "De gemeenten waar het initiatief werkt, zoals je ze "
              "schrijft ('Den Haag' mag ook). De arbeidsmarktregio en provincie volgen daaruit; liggen ze in meer "
              "regio's, dan hoort het initiatief bij elk daarvan.", taxonomy="municipalities",
              example=["Assen", "Tynaarlo"]),
        Field("region", "key", "Arbeidsmarktregio", "De arbeidsmarktregio: een sleutel uit regions.yml. Alleen "
              "nodig als er geen gemeenten bekend zijn; anders moet ze een van die gemeenten bevatten.",
              taxonomy="regions", example="drenthe"),
        Field("sectors", "keys", "Sectoren", "Een of meer sectoren: sleutels uit sectors.yml.",
              required=True, taxonomy="sectors", min_items=1, example=["techniek"]),
        Field("parties", "keys", "Betrokken partijen", "Een of meer soorten partijen: sleutels uit parties.yml.",
              required=True, taxonomy="parties", min_items=1, example=["vmbo", "mbo", "bedrijfsleven"]),
        Field("levels", "keys", "Niveaus van samenwerking", "Niveaus van samenwerking: sleutels uit levels.yml.",
              taxonomy="levels", example=["bestuurlijk", "uitvoerend"]),
        Field("themes", "keys", "Inhoudelijke thema's", "Inhoudelijke thema's: sleutels uit themes.yml.",
              taxonomy="themes", example=["aansluitende-onderwijsprogrammas"]),
        Field("theme_note", "text", "Toelichting inhoudelijk thema", "Toelichting op de gekozen thema's.",
              max_length=1000, plain=True, example="Nadruk op doorlopende leerlijnen in de techniek."),
        Field("start_year", "integer", "Startjaar", "Jaar waarin de samenwerking begon (weglaten als het "
              "onbekend is).", minimum=FIRST_YEAR, example=2018),
        Field("end_year", "integer", "Eindjaar", "Jaar waarin de samenwerking eindigde of eindigt (weglaten "
              "als ze doorloopt).", minimum=FIRST_YEAR, example=2023),
        Field("organisations", "refs", "Betrokken organisaties", "Organisaties die meedoen: bestandsnamen "
              "(zonder .md) uit content/organisations/.", example=["alfa-college", "rsg-wolfsbos"]),
        Field("website", "url", "Website", "Website van het initiatief (http:// of https://).",
              example="https://www.voorbeeld.nl/"),
        Field("contact", "mapping", "Contactpersoon", "Contactgegevens; elk onderdeel is optioneel.",
              fields=CONTACT_FIELDS),
        Field("last_verified", "date", "Gegevens gecontroleerd op", "Datum waarop de gegevens voor het laatst "
              "zijn gecontroleerd (JJJJ-MM-DD, niet in de toekomst).", example="2026-11-01"),
        Field("sources", "urls", "Bronnen", "Webadressen waar de gegevens vandaan komen.",
              example=["https://www.voorbeeld.nl/nieuws/samenwerking"]),
    ),
)

ORGANISATION = RecordSchema(
    kind="organisation",
    folder="organisations",
    label="Organisatie",
    body_required=False,
    body_help="Optionele beschrijving van de organisatie, in Markdown.",
    fields=(
        Field("name", "text", "Naam", "Naam van de organisatie.", required=True, min_length=2, max_length=120,
              example="Alfa-college"),
        Field("type", "key", "Soort organisatie", "Soort organisatie: een sleutel uit organisation-types.yml.",
              required=True, taxonomy="organisation-types", example="mbo-instelling"),
        Field("summary", "text", "Samenvatting", "Korte omschrijving in platte tekst (hoogstens 300 tekens).",
              max_length=300, plain=True, example="Regionaal opleidingencentrum in Noord-Nederland."),
        Field("website", "url", "Website", "Website van de organisatie (http:// of https://).",
              example="https://www.voorbeeld.nl/"),
        Field("city", "text", "Plaats", "Vestigingsplaats.", max_length=80, example="Hoogeveen"),
        Field("municipality", "place", "Gemeente", "De gemeente van de vestiging, zoals je die schrijft; de "
              "arbeidsmarktregio en provincie volgen daaruit.", taxonomy="municipalities", example="Hoogeveen"),
        Field("region", "key", "Arbeidsmarktregio", "Arbeidsmarktregio: een sleutel uit regions.yml. Niet nodig "
              "als 'municipality' er staat.", taxonomy="regions", example="drenthe"),
    ),
)

NEWS = RecordSchema(
    kind="news",
    folder="news",
    label="Nieuwsbericht",
    body_required=True,
    body_help="De tekst van het bericht, in Markdown.",
    fields=(
        Field("title", "text", "Titel", "Titel van het bericht.", required=True, min_length=3, max_length=120,
              example="Goede voorbeelden gezocht"),
        Field("date", "date", "Datum", "Publicatiedatum (JJJJ-MM-DD).", required=True, example="2018-10-04"),
        Field("summary", "text", "Samenvatting", "Korte samenvatting in platte tekst.", max_length=300,
              plain=True, example="Het programma zoekt voorbeelden van samenwerking."),
    ),
)

PAGE = RecordSchema(
    kind="page",
    folder="pages",
    label="Pagina",
    body_required=True,
    body_help="De tekst van de pagina, in Markdown.",
    fields=(
        Field("title", "text", "Titel", "Titel van de pagina.", required=True, min_length=2, max_length=120,
              example="Ontmoeten"),
        Field("summary", "text", "Samenvatting", "Korte samenvatting in platte tekst.", max_length=300,
              plain=True, example="Waar je collega's uit de regio ontmoet."),
        Field("menu", "integer", "Plaats in het menu", "Plaats in het hoofdmenu (1 = eerst); weglaten als de "
              "pagina niet in het menu hoort.", minimum=1, example=2),
    ),
)


LICENCE_FIELDS = (
    Field("name", "text", "Naam", "Naam van de licentie, bijv. CC BY 4.0.", required=True, max_length=80),
    Field("url", "url", "Adres", "Adres van de licentietekst.", required=True),
)

SITE = RecordSchema(
    kind="site",
    folder="",
    label="Instellingen van de site",
    body_required=False,
    fields=(
        Field("title", "text", "Titel", "Naam van de site.", required=True, min_length=2, max_length=80),
        Field("description", "text", "Omschrijving", "Omschrijving van de site.", required=True,
              max_length=300, plain=True),
        Field("base_url", "url", "Adres", "Volledig adres van de gepubliceerde site, eindigt op '/'.",
              required=True, pattern=r".*/$", pattern_hint="het adres moet eindigen op '/'"),
        Field("language", "text", "Taal", "Taal van de site.", required=True, pattern=r"nl$",
              pattern_hint="de site is Nederlandstalig: gebruik 'nl'"),
        Field("repository", "mapping", "Repository", "Waar de inhoud staat, voor de correctielinks.",
              required=True, fields=(
                  Field("url", "url", "Adres", "Adres van de repository, bijv. https://github.com/OWNER/REPO.",
                        required=True, pattern=r"https://[^/]+/[^/]+/[^/]+$",
                        pattern_hint="gebruik de vorm https://github.com/EIGENAAR/REPO"),
                  Field("branch", "text", "Branch", "Branch waarop de inhoud staat.", required=True,
                        pattern=r"[A-Za-z0-9._/-]+$", pattern_hint="een branchnaam zoals 'main'"),
              )),
        Field("contact_email", "email", "E-mailadres", "Algemeen e-mailadres van de redactie. Staat op de "
              "pagina's Contact en Over deze site; zonder dit adres laten die het weg."),
        Field("publisher", "text", "Uitgever", "Wie de site uitgeeft en ervoor verantwoordelijk is (een "
              "organisatie of samenwerkingsverband). Staat op Over deze site en Contact; zonder uitgever laten die "
              "het weg en waarschuwt 'check --stale' dat de site nog niet klaar is om te publiceren.",
              max_length=160),
        Field("data_licence", "mapping", "Licentie van de gegevens", "De licentie van de open data.",
              fields=LICENCE_FIELDS),
        Field("code_licence", "mapping", "Licentie van de programmatuur", "De licentie van de code van de site "
              "(de sitegenerator).", fields=LICENCE_FIELDS),
    ),
)

_TERM_KEY = Field("key", "text", "Sleutel", "Sleutel (kleine letters, cijfers, koppeltekens).", required=True,
                  max_length=SLUG_MAX_LENGTH, pattern=SLUG_RULE + "$", pattern_hint=SLUG_HINT)
_TERM_LABEL = Field("label", "text", "Naam", "Naam zoals bezoekers die zien.", required=True, max_length=120)
_TERM_DESCRIPTION = Field("description", "text", "Omschrijving", "Korte omschrijving.", max_length=500,
                          plain=True)

TAXONOMY_TERM_FIELDS = {
    "regions": (_TERM_KEY, _TERM_LABEL, _TERM_DESCRIPTION,
                Field("code", "text", "CBS-code", "CBS-code van de arbeidsmarktregio, bijv. AM03.", required=True,
                      pattern=r"AM[0-9]{2}$", pattern_hint="de CBS-code ziet eruit als 'AM03'", example="AM03")),
    "sectors": (_TERM_KEY, _TERM_LABEL, _TERM_DESCRIPTION),
    "themes": (_TERM_KEY, _TERM_LABEL, _TERM_DESCRIPTION,
               Field("number", "integer", "Nummer", "Nummer van het thema.", required=True, minimum=1,
                     example=2)),
    "parties": (_TERM_KEY, _TERM_LABEL, _TERM_DESCRIPTION),
    "levels": (_TERM_KEY, _TERM_LABEL, _TERM_DESCRIPTION),
    "organisation-types": (_TERM_KEY, _TERM_LABEL, _TERM_DESCRIPTION,
                           Field("group_label", "text", "Kop", "Kop boven de groep op een initiatiefpagina, "
                                 "bijv. 'Betrokken vmbo-scholen'.", required=True, max_length=120)),
    "provinces": (_TERM_KEY, _TERM_LABEL, _TERM_DESCRIPTION,
                  Field("code", "text", "CBS-code", "CBS-code van de provincie, bijv. PV22.", required=True,
                        pattern=r"PV[0-9]{2}$", pattern_hint="de CBS-code ziet eruit als 'PV22'", example="PV22")),
    "municipalities": (_TERM_KEY, Field("label", "text", "Naam", "Officiële naam van de gemeente (CBS).",
                                        required=True, max_length=120, example="Assen"),
                       Field("code", "text", "CBS-code", "CBS-code van de gemeente, bijv. GM0106.", required=True,
                             pattern=r"GM[0-9]{4}$", pattern_hint="de CBS-code ziet eruit als 'GM0106'",
                             example="GM0106"),
                       Field("region", "key", "Arbeidsmarktregio", "De arbeidsmarktregio waarin de gemeente ligt.",
                             required=True, taxonomy="regions", example="groningen"),
                       Field("province", "key", "Provincie", "De provincie waarin de gemeente ligt.",
                             required=True, taxonomy="provinces", example="drenthe"),
                       Field("aliases", "texts", "Andere namen", "Namen die mensen ook gebruiken: 'Den Haag' voor "
                             "'s-Gravenhage, of een plaats in de gemeente ('Drachten').", max_length=120,
                             example=["Den Haag"])),
}

# Taxonomies whose terms name others (a municipality names its region and province) are
# checked after those.
TAXONOMY_ORDER = ("regions", "provinces", "sectors", "themes", "parties", "levels", "organisation-types",
                  "municipalities")

# Fields whose values must be unique within one taxonomy file.
TAXONOMY_UNIQUE = ("key", "code", "number")

# The public path segment of each taxonomy's term pages, and its Dutch names.
TAXONOMY_INFO = {
    "provinces": {"segment": "provincie", "singular": "Provincie", "plural": "Provincies",
                  "field": "provinces", "filter": "provincie"},
    "regions": {"segment": "regio", "singular": "Arbeidsmarktregio", "plural": "Arbeidsmarktregio's",
                "field": "regions", "filter": "regio"},
    "sectors": {"segment": "sector", "singular": "Sector", "plural": "Sectoren",
                "field": "sectors", "filter": "sector"},
    "themes": {"segment": "thema", "singular": "Inhoudelijk thema", "plural": "Inhoudelijke thema's",
               "field": "themes", "filter": "thema"},
    "parties": {"segment": "partij", "singular": "Betrokken partij", "plural": "Betrokken partijen",
                "field": "parties", "filter": "partij"},
    "levels": {"segment": "niveau", "singular": "Niveau van samenwerking", "plural": "Niveaus van samenwerking",
               "field": "levels", "filter": "niveau"},
}
