"""Stage 3: check parsed files against the schema and turn them into records.

Every check reports at the position of the offending key or value, in Dutch,
and validation goes on after a problem so that one run reports everything.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import yaml

from sitegen.content import markup, recordlinks
from sitegen.content.frontmatter import RawDoc, decode
from sitegen.model import schema as S
from sitegen.model.diagnostics import Diagnostic
from sitegen.model.kinds import BY_KIND
from sitegen.model.models import Contact, Licence, Record, Repository, SiteConfig, Term
from sitegen.model.places import Gazetteer, normalise

NULL_TAG = "tag:yaml.org,2002:null"
MAPPING_MODELS = {"contact": Contact, "repository": Repository, "data_licence": Licence, "code_licence": Licence}
HTML_TAG = re.compile(r"<\s*[a-zA-Z/!?]")
EMAIL = re.compile(r"^[^@\s<>\"'(),;:]+@[^@\s<>\"'(),;:]+\.[^@\s<>\"'(),;:]+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# C0 and C1 control characters and DEL, but for the tab and the line break a text may hold: they
# make the feed ill-formed XML and put raw control bytes in pages.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
INTEGER = re.compile(r"^-?\d+$")
LAST_YEAR = 2100  # sanity bound for years without a natural limit
MAX_LIST_ITEMS = 200  # no record names more; a longer list would only flood the report


@dataclass(frozen=True)
class Vocabulary:
    """What references may point at, and the date 'the future' starts after."""

    terms: dict[str, tuple[str, ...]]  # taxonomy name -> keys, in file order
    organisations: frozenset[str]
    today: date
    places: Gazetteer | None = None  # municipality names; None while municipalities.yml is broken
    slugs: dict[str, frozenset[str]] | None = None  # content folder -> record slugs, for links in bodies


class _Checker:
    """Collects problems for one file while converting its nodes to values."""

    def __init__(self, doc: RawDoc, vocabulary: Vocabulary | None):
        self.doc = doc
        self.vocabulary = vocabulary
        self.problems: list[Diagnostic] = []

    def report(self, node: yaml.Node | None, message: str) -> None:
        self.problems.append(self.doc.problem(node, message))

    # -- mappings -------------------------------------------------------------

    def mapping(self, node: yaml.Node, fields: tuple[S.Field, ...], context: str = "") -> tuple[dict, dict]:
        """Check a mapping against fields -> (values, value nodes by name)."""
        values: dict[str, object] = {}
        nodes: dict[str, yaml.Node] = {}
        if not isinstance(node, yaml.MappingNode):
            self.report(node, f"verwacht velden in de vorm 'naam: waarde'{context}")
            return values, nodes
        by_name = {f.name: f for f in fields}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if name is None or name not in by_name:
                self.report(key_node, _unknown_field(name, by_name, context))
                continue
            if name in nodes:
                continue  # the duplicate is reported by the parser
            nodes[name] = value_node
            value = self.value(value_node, by_name[name])
            if value is not None:
                values[name] = value
        for f in fields:
            if f.required and f.name not in nodes:
                self.report(node, f"verplicht veld '{f.name}' ontbreekt{context}")
        return values, nodes

    # -- single values ----------------------------------------------------------

    def value(self, node: yaml.Node, f: S.Field):
        if _is_empty(node):
            if f.required:
                self.report(node, f"verplicht veld '{f.name}' is leeg")
            else:
                self.report(node, f"veld '{f.name}' is leeg; laat het veld weg als de waarde onbekend is")
            return None
        check = getattr(self, f"check_{f.kind}")
        return check(node, f)

    def scalar(self, node: yaml.Node, f: S.Field, expected: str) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            self.report(node, f"'{f.name}' moet {expected} zijn, geen {_shape(node)}")
            return None
        control = _CONTROL.search(node.value)
        if control:  # only through an escape such as "\e" or "\x00": YAML refuses them written raw
            self.report(node, f"'{f.name}' bevat een stuurteken (U+{ord(control.group()):04X}); haal het weg")
            return None
        return node.value.strip()

    def check_text(self, node, f: S.Field):
        text = self.scalar(node, f, "tekst")
        if text is None:
            return None
        if f.min_length is not None and len(text) < f.min_length:
            self.report(node, f"'{f.name}' is te kort ({len(text)} tekens, minstens {f.min_length})")
        elif f.max_length is not None and len(text) > f.max_length:
            self.report(node, f"'{f.name}' is te lang ({len(text)} tekens, hoogstens {f.max_length})")
        elif text.startswith(S.PLACEHOLDER):
            self.report(node, f"vervang de voorbeeldtekst in '{f.name}' door uw eigen tekst")
        elif f.plain and HTML_TAG.search(text):
            self.report(node, f"'{f.name}' is platte tekst: HTML is hier niet toegestaan")
        elif f.pattern and not re.match(f.pattern, text):
            self.report(node, f"ongeldige waarde '{text}' voor '{f.name}': {f.pattern_hint}")
        else:
            return text
        return None

    def check_integer(self, node, f: S.Field):
        text = self.scalar(node, f, "een geheel getal")
        if text is None:
            return None
        if not INTEGER.match(text):
            self.report(node, f"'{f.name}' moet een geheel getal zijn, bijvoorbeeld {f.example}; niet '{text}'")
            return None
        number = int(text)
        maximum = self.maximum(f)
        if f.minimum is not None and number < f.minimum or maximum is not None and number > maximum:
            bounds = f"tussen {f.minimum} en {maximum}" if maximum is not None else f"{f.minimum} of hoger"
            self.report(node, f"'{f.name}' moet {bounds} liggen, niet {number}")
            return None
        return number

    def maximum(self, f: S.Field) -> int | None:
        if f.name == "start_year":
            return self.vocabulary.today.year + 1 if self.vocabulary else None
        if f.name == "end_year":
            return LAST_YEAR
        return None

    def check_date(self, node, f: S.Field):
        text = self.scalar(node, f, "een datum")
        if text is None:
            return None
        try:
            if not ISO_DATE.match(text):
                raise ValueError
            value = date.fromisoformat(text)
        except ValueError:
            self.report(node, f"ongeldige datum '{text}' voor '{f.name}': gebruik JJJJ-MM-DD met een bestaande "
                              "datum, bijvoorbeeld 2026-03-01")
            return None
        if f.name == "last_verified" and self.vocabulary and value > self.vocabulary.today:
            self.report(node, f"'{f.name}' ligt in de toekomst ({text})")
            return None
        return value

    def check_url(self, node, f: S.Field):
        text = self.scalar(node, f, "een webadres")
        if text is None:
            return None
        if not _is_web_url(text):
            self.report(node, f"'{text}' is geen geldig webadres voor '{f.name}': alleen volledige adressen die "
                              "beginnen met http:// of https:// zijn toegestaan")
            return None
        if f.pattern and not re.match(f.pattern, text):
            self.report(node, f"ongeldige waarde '{text}' voor '{f.name}': {f.pattern_hint}")
            return None
        return text

    def check_email(self, node, f: S.Field):
        text = self.scalar(node, f, "een e-mailadres")
        if text is None:
            return None
        if not EMAIL.match(text):
            self.report(node, f"'{text}' is geen geldig e-mailadres")
            return None
        return text

    def check_key(self, node, f: S.Field):
        text = self.scalar(node, f, "één sleutel")
        if text is None or self.vocabulary is None:
            return text
        keys = self.vocabulary.terms.get(f.taxonomy)
        if keys is None:
            return text  # that taxonomy file is broken itself; its own problems are reported
        if text not in keys:
            hint = _nearest(text, keys, f"kies een sleutel uit content/taxonomies/{f.taxonomy}.yml")
            self.report(node, f"onbekende sleutel '{text}' voor '{f.name}'; {hint}")
            return None
        return text

    def items(self, node, f: S.Field) -> list[tuple[yaml.Node, str]]:
        """The scalar items of a list field, reporting wrong shapes and duplicates."""
        if not isinstance(node, yaml.SequenceNode):
            self.report(node, f"'{f.name}' moet een lijst zijn: zet elke waarde op een eigen regel, "
                              "beginnend met '- '")
            return []
        if len(node.value) > MAX_LIST_ITEMS:
            self.report(node, f"'{f.name}' heeft te veel waarden ({len(node.value)}; hoogstens {MAX_LIST_ITEMS})")
            return []
        if len(node.value) < max(f.min_items, 1):
            if f.min_items:
                self.report(node, f"'{f.name}' moet minstens {f.min_items} waarde bevatten")
            else:
                self.report(node, f"veld '{f.name}' is leeg; laat het veld weg als de waarde onbekend is")
            return []
        seen = set()
        result = []
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode) or _is_empty(item):
                self.report(item, f"elk item van '{f.name}' moet een enkele waarde zijn")
                continue
            text = item.value.strip()
            if text in seen:
                self.report(item, f"'{text}' staat twee keer in '{f.name}'")
                continue
            seen.add(text)
            result.append((item, text))
        return result

    def check_keys(self, node, f: S.Field):
        single = S.Field(f.name, "key", f.label, f.help, taxonomy=f.taxonomy)
        values = [self.check_key(item, single) for item, _ in self.items(node, f)]
        return tuple(v for v in values if v is not None)

    def check_refs(self, node, f: S.Field):
        result = []
        for item, slug in self.items(node, f):
            if self.vocabulary is not None and slug not in self.vocabulary.organisations:
                hint = _nearest(slug, sorted(self.vocabulary.organisations),
                                "maak het bestand aan of kies een bestaande organisatie")
                self.report(item, f"onbekende organisatie: er is geen bestand content/organisations/{slug}.md; {hint}")
            else:
                result.append(slug)
        return tuple(result)

    def check_urls(self, node, f: S.Field):
        single = S.Field(f.name, "url", f.label, f.help)
        values = [self.check_url(item, single) for item, _ in self.items(node, f)]
        return tuple(v for v in values if v is not None)

    def check_texts(self, node, f: S.Field):
        single = S.Field(f.name, "text", f.label, f.help, max_length=f.max_length)
        values = [self.check_text(item, single) for item, _ in self.items(node, f)]
        return tuple(v for v in values if v is not None)

    def check_place(self, node, f: S.Field):
        """A municipality as an editor writes it -> its key."""
        text = self.scalar(node, f, "de naam van één gemeente")
        if text is None or self.vocabulary is None or self.vocabulary.places is None:
            return None
        found = self.vocabulary.places.find(text)
        if found is None:
            close = self.vocabulary.places.suggest(text)
            hint = ("bedoel je " + " of ".join(close) + "?" if close else
                    "gebruik de naam uit content/taxonomies/municipalities.yml (zie /gemeenten/ op de site)")
            self.report(node, f"onbekende gemeente '{text}' in '{f.name}'; {hint}")
            return None
        return found.key

    def check_places(self, node, f: S.Field):
        single = S.Field(f.name, "place", f.label, f.help, taxonomy=f.taxonomy)
        keys: dict[str, str] = {}
        for item, text in self.items(node, f):
            key = self.check_place(item, single)
            if key is not None and key in keys:
                self.report(item, f"'{text}' is dezelfde gemeente als '{keys[key]}' in '{f.name}'")
            elif key is not None:
                keys[key] = text
        return tuple(keys)

    def check_mapping(self, node, f: S.Field):
        values, _ = self.mapping(node, f.fields, context=f" in '{f.name}'")
        if any(sub.required and sub.name not in values for sub in f.fields):
            return None  # reported already
        return MAPPING_MODELS[f.name](**values)


def _is_empty(node: yaml.Node) -> bool:
    if isinstance(node, yaml.ScalarNode):
        return node.tag == NULL_TAG and node.style is None or node.value.strip() == ""
    return False


def _shape(node: yaml.Node) -> str:
    return "lijst" if isinstance(node, yaml.SequenceNode) else "groep van velden"


def _is_web_url(text: str) -> bool:
    if any(c.isspace() for c in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _unknown_field(name: str | None, by_name: dict, context: str) -> str:
    if name is None:
        return f"een veldnaam moet gewone tekst zijn{context}"
    close = difflib.get_close_matches(name, list(by_name), n=1, cutoff=0.6)
    message = f"onbekend veld '{name}'{context}"
    if close:
        return f"{message}; bedoel je '{close[0]}'?"
    return f"{message}; toegestaan zijn: {', '.join(by_name)}"


def _nearest(value: str, valid, fallback: str) -> str:
    """'bedoel je ...?' with the closest valid values, or the fallback advice.

    Close spellings come first; then keys that contain the value as one of
    their hyphenated parts ('mbo' -> 'mbo-instelling').
    """
    valid = list(valid)
    close = difflib.get_close_matches(value, valid, n=3, cutoff=0.6)
    close += [key for key in valid if value in key.split("-") and key not in close]
    if not close:
        return fallback
    return "bedoel je " + " of ".join(f"'{c}'" for c in close[:3]) + "?"


# -- entry points -----------------------------------------------------------------


def validate_site(doc: RawDoc) -> tuple[SiteConfig | None, list[Diagnostic]]:
    checker = _Checker(doc, None)
    values, _ = checker.mapping(doc.root, S.SITE.fields)
    if checker.problems:
        return None, checker.problems
    return SiteConfig(**values), []


def validate_taxonomy(doc: RawDoc, name: str, vocabulary: Vocabulary | None = None
                      ) -> tuple[list[Term], list[Diagnostic]]:
    """`vocabulary`: the taxonomies checked before this one, which its terms may name."""
    checker = _Checker(doc, vocabulary)
    fields = S.TAXONOMY_TERM_FIELDS[name]
    if not isinstance(doc.root, yaml.SequenceNode):
        checker.report(doc.root, "een taxonomie is een lijst van termen, elk beginnend met '- key: ...'")
        return [], checker.problems
    terms = []
    names: dict[str, tuple[str, str]] = {}  # municipalities: normalised key, name or alias -> (key, label)
    seen: dict[str, dict[object, int]] = {unique: {} for unique in S.TAXONOMY_UNIQUE}
    for item in doc.root.value:
        values, nodes = checker.mapping(item, fields)
        for unique in S.TAXONOMY_UNIQUE:
            if unique in values:
                if values[unique] in seen[unique]:
                    line = seen[unique][values[unique]]
                    checker.report(nodes[unique], f"{unique} '{values[unique]}' komt al voor op regel {line}")
                else:
                    seen[unique][values[unique]] = doc.position(nodes[unique])[0]
        if name == "municipalities":
            _check_names_unique(checker, values, nodes, names)
        if all(f.name in values for f in fields if f.required):
            terms.append(Term(taxonomy=name, **values))
    return terms, checker.problems


def _check_names_unique(checker: _Checker, values: dict, nodes: dict, names: dict[str, tuple[str, str]]) -> None:
    """A municipality's key, name and aliases must each lead to it alone: `names` maps every
    name seen so far (normalised) to the key and name of its municipality."""
    key, label = values.get("key"), values.get("label", "")
    written = [(key, nodes.get("key")), (label, nodes.get("label"))]
    if "aliases" in nodes and isinstance(nodes["aliases"], yaml.SequenceNode):
        written += [(item.value.strip(), item) for item in nodes["aliases"].value if isinstance(item, yaml.ScalarNode)]
    for text, node in written:
        if not text or not key:
            continue
        other_key, other_label = names.setdefault(normalise(text), (key, label))
        if other_key != key:
            checker.report(node, f"de naam '{text}' hoort al bij gemeente '{other_label}'; elke naam mag maar bij "
                                 "één gemeente horen")


def validate_record(doc: RawDoc, vocabulary: Vocabulary) -> tuple[Record | None, list[Diagnostic]]:
    source = doc.source
    record_schema = BY_KIND[source.kind].schema
    checker = _Checker(doc, vocabulary)
    values, nodes = checker.mapping(doc.root, record_schema.fields)
    _check_years(checker, values, nodes)
    if source.kind == "initiative":
        _place_initiative(checker, values, nodes)
    elif source.kind == "organisation":
        _place_organisation(checker, values, nodes)
    if vocabulary.slugs is not None:
        targets = markup.record_link_targets(doc.body, record_schema.folder)
        for line, column, message in recordlinks.problems(doc.body, targets, record_schema.folder,
                                                           vocabulary.slugs):
            checker.problems.append(Diagnostic(source.display, doc.body_line + line - 1, column, message))
    placeholder = doc.body.find(S.PLACEHOLDER)
    if placeholder >= 0:
        line = doc.body.count("\n", 0, placeholder)
        checker.problems.append(Diagnostic(source.display, doc.body_line + line, 1,
                                           "vervang de voorbeeldtekst in de beschrijving door uw eigen tekst"))
    if record_schema.body_required and not doc.body.strip():
        checker.problems.append(Diagnostic(
            source.display, doc.body_line, 1, "de tekst onder de front matter ontbreekt; schrijf een beschrijving"
        ))
    if checker.problems:
        return None, checker.problems
    cls = BY_KIND[source.kind].model
    text = decode(source)[0]
    head = text[:len(text) - len(doc.body)]  # the body is the end of the file (frontmatter.parse_item)
    return cls(slug=source.slug, source=source.display, body=doc.body, head=head, **values), []


def _in_file_order(keys, taxonomy: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    order = vocabulary.terms.get(taxonomy, ())
    return tuple(sorted(set(keys), key=lambda k: order.index(k) if k in order else len(order)))


def _place_initiative(checker: _Checker, values: dict, nodes: dict) -> None:
    """municipalities and region -> the regions and provinces the initiative belongs to."""
    vocabulary, places = checker.vocabulary, checker.vocabulary.places
    written = values.pop("region", None)
    if not isinstance(checker.doc.root, yaml.MappingNode):
        return  # reported already
    municipalities = values.get("municipalities", ())
    if "municipalities" not in nodes and "region" not in nodes:
        checker.report(checker.doc.root, "vul 'municipalities' in (de gemeenten waar het initiatief werkt) of, "
                                         "als die onbekend zijn, 'region'")
        return
    if places is None:
        return  # municipalities.yml has problems of its own, reported there
    terms = [places.by_key[key] for key in municipalities]
    if municipalities:
        regions = {t.region for t in terms}
        if written is not None and written not in regions:
            checker.report(nodes["region"], _mismatch(written, terms))
        values["regions"] = _in_file_order(regions, "regions", vocabulary)
        values["provinces"] = _in_file_order({t.province for t in terms}, "provinces", vocabulary)
    elif written is not None:
        values["regions"] = (written,)
        province = places.province_of_region(written)
        values["provinces"] = (province,) if province else ()


def _place_organisation(checker: _Checker, values: dict, nodes: dict) -> None:
    places = checker.vocabulary.places
    if places is None or "municipality" not in values:
        if places is not None and values.get("region"):
            values["province"] = places.province_of_region(values["region"])
        return
    term = places.by_key[values["municipality"]]
    if values.get("region") not in (None, term.region):
        checker.report(nodes["region"], _mismatch(values["region"], [term]))
    values["region"], values["province"] = term.region, term.province


def _mismatch(region: str, municipalities: list[Term]) -> str:
    where = ", ".join(f"{t.label} ligt in '{t.region}'" for t in municipalities[:3])
    return (f"arbeidsmarktregio '{region}' bevat geen van de genoemde gemeenten: {where}; "
            "pas 'region' aan of laat het veld weg (de regio volgt uit de gemeenten)")


def _check_years(checker: _Checker, values: dict, nodes: dict) -> None:
    start, end = values.get("start_year"), values.get("end_year")
    if start is not None and end is not None and end < start:
        checker.report(nodes["end_year"], f"'end_year' ({end}) ligt voor 'start_year' ({start})")
        del values["end_year"]
