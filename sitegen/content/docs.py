"""Documentation generated from the one schema definition: the field reference in
the editors' guide (CONTRIBUTING.md) and JSON Schema files for editors' tools.

    python -m sitegen.content.docs        rewrite the generated part of CONTRIBUTING.md

A test fails when CONTRIBUTING.md and the schema disagree, so the guide cannot drift.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sitegen.content.validate import EMAIL
from sitegen.model import schema as S
from sitegen.model.kinds import BY_KIND, RECORD_KINDS
from sitegen.model.slugs import SLUG_PATTERN

GUIDE = Path(__file__).resolve().parents[2] / "CONTRIBUTING.md"
BEGIN, END = "<!-- veldenlijst: begin (gegenereerd door python -m sitegen.content.docs) -->", "<!-- veldenlijst: einde -->"

KIND_NAMES = {
    "text": "tekst", "integer": "geheel getal", "date": "datum (JJJJ-MM-DD)", "url": "webadres (https://...)",
    "urls": "lijst van webadressen", "email": "e-mailadres", "key": "één sleutel", "keys": "lijst van sleutels",
    "refs": "lijst van organisaties (bestandsnamen)", "mapping": "groep van velden",
    "texts": "lijst van teksten", "place": "naam van een gemeente", "places": "lijst van namen van gemeenten",
}


def _rule(f: S.Field) -> str:
    parts = [KIND_NAMES[f.kind]]
    if f.taxonomy:
        parts.append(f"uit `content/taxonomies/{f.taxonomy}.yml`")
    if f.min_length and f.max_length:
        parts.append(f"{f.min_length} tot {f.max_length} tekens")
    elif f.max_length:
        parts.append(f"hoogstens {f.max_length} tekens")
    if f.plain:
        parts.append("platte tekst, geen HTML")
    if f.min_items:
        parts.append(f"minstens {f.min_items}")
    if f.minimum is not None:
        parts.append(f"vanaf {f.minimum}")
    return ", ".join(parts)


def _example(f: S.Field) -> str:
    if f.example is None:
        return ""
    if isinstance(f.example, list):
        return "`[" + ", ".join(str(e) for e in f.example) + "]`"
    return f"`{f.example}`"


def _table(fields: tuple[S.Field, ...], prefix: str = "") -> list[str]:
    lines = ["| veld | verplicht | soort | betekenis | voorbeeld |", "|---|---|---|---|---|"]
    for f in fields:
        lines.append(f"| `{prefix}{f.name}` | {'ja' if f.required else 'nee'} | {_rule(f)} | "
                     f"{f.help} | {_example(f)} |")
        for sub in f.fields:
            lines.append(f"| `{f.name}.{sub.name}` | {'ja' if sub.required else 'nee'} | {_rule(sub)} | "
                         f"{sub.help} | {_example(sub)} |")
    return lines


def field_reference() -> str:
    out = []
    for record in (S.INITIATIVE, S.ORGANISATION, S.NEWS, S.PAGE):
        out += [f"### {record.label} (`content/{record.folder}/<naam>.md`)", ""]
        out += _table(record.fields)
        body = "verplicht" if record.body_required else "optioneel"
        out += ["", f"Tekst onder de front matter ({body}): {record.body_help}", ""]
    out += ["### Instellingen (`content/site.yml`)", ""] + _table(S.SITE.fields) + [""]
    for name, fields in S.TAXONOMY_TERM_FIELDS.items():
        out += [f"### Taxonomie `content/taxonomies/{name}.yml` (lijst van termen)", ""] + _table(fields) + [""]
    return "\n".join(out).rstrip() + "\n"


ADDRESSES = ("<!-- adressen: begin (gegenereerd door python -m sitegen.content.docs) -->", "<!-- adressen: einde -->")


def addresses(site_file: Path) -> str:
    """The guide's opening list of where things are, from site.yml: no address is typed twice."""
    import yaml

    site = yaml.safe_load(site_file.read_text(encoding="utf-8"))
    base, repository = site["base_url"], site["repository"]["url"]
    lines = [f"- Initiatief aanmelden: <{base}aanmelden/>",
             f"- De site: <{base}>",
             f"- De gegevens en de meldingen op GitHub: <{repository}>"]
    if site.get("contact_email"):
        lines.append(f"- De redactie: <{site['contact_email']}>")
    return "\n".join(lines)


def update_guide(path: Path = GUIDE, site_file: Path | None = None) -> bool:
    """Rewrite the generated blocks; True when the file changed."""
    site_file = site_file or path.parent / "content" / "site.yml"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.S)
    new = pattern.sub(lambda _: f"{BEGIN}\n\n{field_reference()}\n{END}", text)
    pattern = re.compile(re.escape(ADDRESSES[0]) + r".*?" + re.escape(ADDRESSES[1]), re.S)
    new = pattern.sub(lambda _: f"{ADDRESSES[0]}\n{addresses(site_file)}\n{ADDRESSES[1]}", new)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


# -- JSON Schema -------------------------------------------------------------------------


def _json_type(f: S.Field, vocabulary: dict[str, list[str]]) -> dict:
    kind = f.kind
    if kind == "text":
        # A text field takes the value as written, so `phone: 0201234567` or `title: 2018` is text for us
        # even where a YAML tool sees a number.
        node: dict = {"type": ["string", "number", "boolean"]}
        if f.min_length:
            node["minLength"] = f.min_length
        if f.max_length:
            node["maxLength"] = f.max_length
        if f.pattern:
            node["pattern"] = "^" + f.pattern  # the schema's patterns are anchored at the start (re.match)
        if f.plain:
            node["not"] = {"pattern": "<\\s*[a-zA-Z/!?]"}
    elif kind == "integer":
        # The field's type decides, not the quotes: `start_year: "2018"` is the year 2018 for `check`.
        number: dict = {"type": "integer"}
        written: dict = {"type": "string", "pattern": _at_least(f.minimum) if f.minimum is not None else r"^-?[0-9]+$"}
        if f.minimum is not None:
            number["minimum"] = f.minimum
        node = {"anyOf": [number, written]}
    elif kind == "date":
        node = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
    elif kind == "url":
        node = {"type": "string", "pattern": r"^https?://[^\s/]+"}
        if f.pattern:
            node["allOf"] = [{"pattern": "^" + f.pattern}]
    elif kind == "email":
        node = {"type": "string", "pattern": EMAIL.pattern}  # the very rule `check` applies
    elif kind == "key":
        node = {"type": "string", "enum": vocabulary.get(f.taxonomy, [])}
    elif kind == "keys":
        node = {"type": "array", "items": {"type": "string", "enum": vocabulary.get(f.taxonomy, [])},
                "uniqueItems": True, "minItems": max(f.min_items, 1)}
    elif kind == "refs":
        node = {"type": "array", "items": {"type": "string", "pattern": SLUG_PATTERN.pattern}, "uniqueItems": True,
                "minItems": 1}
    elif kind == "place":
        # Any way of writing a municipality that the gazetteer knows ('Den Haag', 'den haag'): `check` decides.
        node = {"type": "string"}
    elif kind in ("places", "texts"):
        node = {"type": "array", "items": {"type": "string", "minLength": 1}, "uniqueItems": True, "minItems": 1}
    elif kind == "urls":
        node = {"type": "array", "items": {"type": "string", "pattern": r"^https?://[^\s/]+"}, "uniqueItems": True,
                "minItems": 1}
    else:  # mapping
        node = _object(f.fields, vocabulary)
    node["description"] = f.help
    if f.kind not in ("integer", "keys", "refs", "urls", "mapping", "places", "texts"):
        node.setdefault("minLength", 1)
    return node


def _at_least(minimum: int) -> str:
    """A pattern for whole numbers written as text that are at least `minimum` (minimum >= 0)."""
    digits = str(minimum)
    options = [digits, f"[1-9][0-9]{{{len(digits)},}}"]
    for i, digit in enumerate(digits):
        if digit != "9":
            rest = len(digits) - i - 1
            options.append(digits[:i] + f"[{int(digit) + 1}-9]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return "^0*(" + "|".join(options) + ")$"


def _object(fields: tuple[S.Field, ...], vocabulary: dict[str, list[str]]) -> dict:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: _json_type(f, vocabulary) for f in fields},
    }


def json_schema_files() -> list[str]:
    """The names json_schemas gives its files, sorted."""
    return sorted([*(f"{kind}.schema.json" for kind in BY_KIND), "site.schema.json",
                   *(f"taxonomy-{name}.schema.json" for name in S.TAXONOMY_TERM_FIELDS)])


def json_schemas(vocabulary: dict[str, list[str]], base_url: str) -> dict[str, bytes]:
    """File name -> JSON Schema, for every record type's front matter, site.yml and each taxonomy."""
    documents = {f"{kind}.schema.json": (record.label, _object(record.fields, vocabulary))
                 for kind, record in ((k.kind, k.schema) for k in RECORD_KINDS)}
    documents["site.schema.json"] = (S.SITE.label, _object(S.SITE.fields, vocabulary))
    for name, fields in S.TAXONOMY_TERM_FIELDS.items():
        documents[f"taxonomy-{name}.schema.json"] = (f"Taxonomie {name}", {"type": "array",
                                                                          "items": _object(fields, vocabulary)})
    return {
        file: (json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema",
                           "$id": f"{base_url}schemas/{file}", "title": title, **body},
                          ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
        for file, (title, body) in sorted(documents.items())
    }


# -- the schemas in the repository, for editors' tools before anything is deployed --------------

SCHEMAS_DIR = GUIDE.parent / "schemas"
VSCODE_SETTINGS = GUIDE.parent / ".vscode" / "settings.json"
ISSUE_FORMS_DIR = GUIDE.parent / ".github" / "ISSUE_TEMPLATE"
CONTENT_DIR = GUIDE.parent / "content"


def repository_files(content_dir: Path = CONTENT_DIR) -> dict[Path, bytes]:
    """What `python -m sitegen.content.docs` writes besides the guide: schemas/*.json with the current taxonomy
    keys, the VS Code settings that point the YAML extension at them, and the issue forms."""
    import yaml

    from sitegen.model.forms import FORMS

    vocabulary = {}
    for name in S.TAXONOMY_ORDER:
        terms = yaml.safe_load((content_dir / "taxonomies" / f"{name}.yml").read_text(encoding="utf-8")) or []
        vocabulary[name] = [term["key"] for term in terms if isinstance(term, dict) and "key" in term]
    base_url = yaml.safe_load((content_dir / "site.yml").read_text(encoding="utf-8"))["base_url"]
    files = {SCHEMAS_DIR / name: data for name, data in json_schemas(vocabulary, base_url).items()}
    mapping = {"./schemas/site.schema.json": "content/site.yml"}
    for name in S.TAXONOMY_ORDER:
        mapping[f"./schemas/taxonomy-{name}.schema.json"] = f"content/taxonomies/{name}.yml"
    files[VSCODE_SETTINGS] = (json.dumps({"yaml.schemas": mapping}, indent=2) + "\n").encode("utf-8")
    for form in FORMS:
        files[ISSUE_FORMS_DIR / form.file] = form.yaml().encode("utf-8")
    return files


def update_repository_files() -> list[Path]:
    """Write the files that changed; the paths written."""
    written = []
    files = repository_files()
    for path, data in files.items():
        if not path.exists() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written.append(path)
    for old in SCHEMAS_DIR.glob("*.json"):  # a schema for a file kind that no longer exists
        if old not in files:
            old.unlink()
            written.append(old)
    return written


if __name__ == "__main__":
    print("CONTRIBUTING.md bijgewerkt." if update_guide() else "CONTRIBUTING.md was al actueel.")
    changed = update_repository_files()
    print(f"{len(changed)} bestanden in schemas/, .vscode/ en .github/ISSUE_TEMPLATE/ bijgewerkt." if changed
          else "schemas/, .vscode/settings.json en de issueformulieren waren al actueel.")
