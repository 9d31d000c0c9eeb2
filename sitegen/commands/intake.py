"""`intake`: an issue from one of the issue forms (sitegen/model/forms.py) -> the record files it proposes.

The body is read as GitHub renders a submitted form: a `### <label>` section per field, in
the form's order. A new initiative becomes an initiative file (its name made from the title,
made unique) and a file for each new partner organisation; a correction replaces the file it
names with the text the reporter edited. Then the whole content tree is checked as `check`
checks it. Problems are reported by the form field they came from, in Dutch, since the
reporter never saw a YAML line; on any problem every file written is taken back.

The body is untrusted: it is never run, only read; a body over 64 kB is refused; files are
only created inside content/ (never one that exists) or, for a correction, replaced where the
named record's file already is.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitegen.model.diagnostics import ContentError
from sitegen.model.forms import CORRECTION, NEW_INITIATIVE, OWN_KNOWLEDGE, FormField, IssueForm
from sitegen.model.kinds import BY_KIND
from sitegen.model.places import Gazetteer, normalise
from sitegen.model.slugs import SLUG_RULE, unique_slug
from sitegen.model.urls import content_folder
from sitegen.site.graph import Site
from sitegen.site.load import load

MAX_BODY_BYTES = 64 * 1024
NO_RESPONSE = "_No response_"  # GitHub's text for a field left empty
_URL = re.compile(r"^https?://\S+$")
# The file a correction names, as urls.correction_link writes it into the form's record field
# ('Titel (content/initiatives/x.md)'): read from that text, not a Markdown link.
_RECORD_PATH = re.compile(rf"content/(initiatives|organisations)/({SLUG_RULE})\.md\b", re.IGNORECASE)


MAX_PROBLEMS = 30  # a GitHub comment holds 65,536 characters: the rest is counted


class IntakeError(Exception):
    """The proposal cannot become files; `problems` are Dutch sentences naming the form field."""

    def __init__(self, problems: list[str]):
        if len(problems) > MAX_PROBLEMS:
            rest = len(problems) - MAX_PROBLEMS
            problems = problems[:MAX_PROBLEMS] + [f"En nog {rest} {'probleem' if rest == 1 else 'problemen'}; "
                                                  "los eerst de bovenstaande op."]
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Result:
    written: list[Path] = field(default_factory=list)  # files created or replaced
    files: list[str] = field(default_factory=list)  # the same, relative to the content folder
    notes: list[str] = field(default_factory=list)  # worth an editor's look, not a reason to refuse
    title: str = ""  # what the pull request is about


def field_problem(form_field: FormField, message: str) -> str:
    return f"Veld '{form_field.label}': {message}"


# -- reading the body as GitHub renders a form --------------------------------------------

def which_form(body: str) -> IssueForm:
    for form in (NEW_INITIATIVE, CORRECTION):
        if _heading(form.fields[0]).search(_lines(body)):
            return form
    raise IntakeError(["Deze melding komt niet van het formulier voor een nieuw initiatief of een correctie; "
                       "gebruik een van die formulieren."])


def read_fields(body: str, form: IssueForm) -> dict[str, str]:
    """Field id -> the text given ('' for a field left empty); a box ticked reads 'x'."""
    if len(body.encode("utf-8")) > MAX_BODY_BYTES:
        raise IntakeError([f"De melding is groter dan {MAX_BODY_BYTES // 1024} kB; maak de tekst korter."])
    text = _lines(body)
    found, position = [], 0
    for form_field in form.fields:
        match = _heading(form_field).search(text, position)
        if match:
            found.append((form_field, match))
            position = match.end()
    missing = [f.label for f in form.fields if f not in {f for f, _ in found}]
    if missing:
        raise IntakeError(["De melding is niet volledig (ingekort of bewerkt buiten het formulier): "
                           + ", ".join(f"'{label}'" for label in missing) + " ontbreekt. "
                           "Vul het formulier opnieuw in via de site."])
    values = {}
    for index, (form_field, match) in enumerate(found):
        end = found[index + 1][1].start() if index + 1 < len(found) else len(text)
        values[form_field.id] = _value(form_field, text[match.end():end])
    return values


def _lines(body: str) -> str:
    """One kind of line break: YAML would read NEL, LS and PS as line breaks where a reader sees none."""
    return re.sub(r"\r\n|[\r\x85\u2028\u2029]", "\n", body)


def _heading(form_field: FormField) -> re.Pattern:
    return re.compile(rf"^###[ \t]+{re.escape(form_field.label)}[ \t]*$", re.MULTILINE)


def _value(form_field: FormField, raw: str) -> str:
    value = raw.strip("\n")
    if value.strip() == NO_RESPONSE:
        return ""
    if form_field.type == "checkboxes":
        return "x" if re.search(r"^\s*[-*] \[[xX]\]", value, re.MULTILINE) else ""
    if form_field.render:  # GitHub fences such a field: ```markdown ... ```
        return _unfenced(value).strip("\n")
    return value.strip()


def _unfenced(value: str) -> str:
    """The text inside the fence GitHub puts around a rendered field, found line by line (a
    pattern with a back-reference takes hours on a long run of backticks)."""
    lines = value.strip("\n").split("\n")
    opening = re.fullmatch(r"\s*(`{3,})[^`]*", lines[0])
    if len(lines) >= 2 and opening and lines[-1].strip() == opening.group(1):
        return "\n".join(lines[1:-1])
    return value


def _items(value: str) -> list[str]:
    """One item per line; list markers and blank lines are ignored."""
    return [re.sub(r"^\s*(?:[-*+]\s+)?", "", line).strip() for line in value.split("\n") if line.strip()]


# -- a new initiative ---------------------------------------------------------------------

class _Matcher:
    """Finds a term or record by what people write: its key, label or name, in any case,
    with or without accents, hyphens and punctuation."""

    def __init__(self, entries: dict[str, list[str]]):  # key -> names it is known by
        self.by_name = {normalise(name): key for key, names in entries.items() for name in [key, *names]}
        self.shown = {key: names[0] if names else key for key, names in entries.items()}

    def find(self, text: str) -> str | None:
        return self.by_name.get(normalise(text))

    def suggest(self, text: str) -> list[str]:
        close = difflib.get_close_matches(normalise(text), list(self.by_name), n=3, cutoff=0.6)
        return list(dict.fromkeys(self.shown[self.by_name[c]] for c in close))


def _terms(site: Site, taxonomy: str) -> _Matcher:
    return _Matcher({key: [term.label] for key, term in site.taxonomies[taxonomy].items()})


def _one_of(matcher: _Matcher) -> str:
    return "kies uit: " + ", ".join(f"'{label}'" for label in matcher.shown.values())


def _maybe(suggestions: list[str]) -> str:
    quoted = " of ".join(f"'{s}'" for s in suggestions)
    return f"; bedoelt u {quoted}?" if suggestions else ""


class _Proposal:
    """The values of a new-initiative form turned into front matter, problem by problem."""

    def __init__(self, values: dict[str, str], site: Site, places: Gazetteer):
        self.values, self.site, self.places = values, site, places
        self.problems: list[str] = []
        self.notes: list[str] = []
        self.field_of_key: dict[str, FormField] = {}  # front matter key -> the form field it came from

    def problem(self, form_id: str, message: str) -> None:
        self.problems.append(field_problem(NEW_INITIATIVE.by_id[form_id], message))

    def put(self, data: dict, key: str, form_id: str, value) -> None:
        if value not in (None, "", [], {}):
            data[key] = value
            self.field_of_key[key] = NEW_INITIATIVE.by_id[form_id]

    def municipality(self, form_id: str, name: str) -> str | None:
        term = self.places.find(name)
        if term is None:
            close = self.places.suggest(name)
            self.problem(form_id, f"'{name}' is geen Nederlandse gemeente"
                                  + (f"; bedoelt u {' of '.join(close)}?" if close else ""))
            return None
        return term.label

    def keys(self, form_id: str, taxonomy: str) -> list[str]:
        matcher, keys = _terms(self.site, taxonomy), []
        for item in _items(self.values[form_id]):
            key = matcher.find(item)
            if key is None:
                self.problem(form_id, f"'{item}' kennen we niet{_maybe(matcher.suggest(item))}; {_one_of(matcher)}")
            elif key not in keys:
                keys.append(key)
        return keys

    def sources(self) -> tuple[list[str], str | None]:
        """Web addresses, or the proposer's own account ('eigen kennis: ...') for the editors."""
        lines = _items(self.values["bron"])
        if lines and normalise(lines[0]).startswith(normalise(OWN_KNOWLEDGE)):
            return [], " ".join(lines)
        for line in lines:
            if not _URL.match(line):
                self.problem("bron", f"'{line}' is geen webadres; geef een adres dat met https:// begint, of "
                                     f"schrijf '{OWN_KNOWLEDGE}: ik ben betrokken als …'")
        return [line for line in lines if _URL.match(line)], None


def _organisations(site: Site) -> _Matcher:
    return _Matcher({o.slug: [o.name] for o in site.organisations})


def propose_initiative(values: dict[str, str], site: Site, places: Gazetteer,
                       issue: int | None) -> tuple[dict[str, str], str, list[str], dict]:
    """-> (files by path under content/, the title, notes, front matter key -> field) or IntakeError."""
    p = _Proposal(values, site, places)
    if not values["akkoord"]:
        p.problem("akkoord", "vink het vakje aan: zonder uw akkoord kan de melding niet openbaar worden")
    title = " ".join(values["naam"].split())
    data: dict = {}
    p.put(data, "title", "naam", title)
    p.put(data, "summary", "samenvatting", " ".join(values["samenvatting"].split()))
    p.put(data, "municipalities", "gemeenten",
          list(dict.fromkeys(filter(None, (p.municipality("gemeenten", n) for n in _items(values["gemeenten"]))))))
    p.put(data, "sectors", "sectoren", p.keys("sectoren", "sectors"))
    p.put(data, "parties", "partijen", p.keys("partijen", "parties"))

    known = _organisations(site)
    slugs: list[str] = []
    for name in _items(values["organisaties"]):
        slug = known.find(name)
        if slug is None:
            p.problem("organisaties", f"'{name}' staat nog niet op de site{_maybe(known.suggest(name))}; staat ze er "
                                      "echt niet, zet haar dan onder 'Nieuwe organisaties' met soort en gemeente")
        elif slug not in slugs:
            slugs.append(slug)
    files: dict[str, str] = {}
    types = _terms(site, "organisation-types")
    taken_organisations = {o.slug for o in site.organisations}
    for line in _items(values["nieuwe-organisaties"]):
        parts = [part.strip() for part in line.split(";")]
        if len(parts) not in (2, 3) or not all(parts):
            p.problem("nieuwe-organisaties", f"'{line}': schrijf naam; soort; gemeente, gescheiden door puntkomma's")
            continue
        name, kind = parts[0], types.find(parts[1])
        existing = known.find(name)
        if existing:  # already on the site under this name: use that record, make no second one
            p.notes.append(f"'{name}' stond al op de site als '{known.shown[existing]}'; die is gebruikt.")
            if existing not in slugs:
                slugs.append(existing)
            continue
        if kind is None:
            p.problem("nieuwe-organisaties", f"'{parts[1]}' is geen soort organisatie"
                                             f"{_maybe(types.suggest(parts[1]))}; {_one_of(types)}")
            continue
        organisation = {"name": name, "type": kind}
        if len(parts) == 3:
            municipality = p.municipality("nieuwe-organisaties", parts[2])
            if municipality:
                organisation["municipality"] = municipality
        slug = unique_slug(name, taken_organisations)
        taken_organisations.add(slug)
        slugs.append(slug)
        files[f"{BY_KIND['organisation'].folder}/{slug}.md"] = _record_text(organisation, [], "")
    p.put(data, "organisations", "organisaties", slugs)

    year = values["startjaar"]
    is_year = re.fullmatch(r"[0-9]{4}", year) is not None
    if year and not is_year:
        p.problem("startjaar", f"'{year}' is geen jaartal; schrijf bijvoorbeeld 2019")
    p.put(data, "start_year", "startjaar", int(year) if is_year else None)
    p.put(data, "website", "website", values["website"])
    contact = {key: values[f"contact-{dutch}"] for key, dutch in (
        ("name", "naam"), ("role", "functie"), ("organisation", "organisatie"), ("email", "email"),
        ("phone", "telefoon")) if values[f"contact-{dutch}"]}
    p.put(data, "contact", "contact-naam", contact)
    sources, own_account = p.sources()
    p.put(data, "sources", "bron", sources)
    if p.problems:
        raise IntakeError(p.problems)

    comments = [f"Voorgesteld via issue #{issue}." if issue else "Voorgesteld via het formulier."]
    if own_account:
        comments.append(f"Bron volgens de indiener: {own_account}")
        p.notes.append("De indiener noemt geen webadres als bron maar eigen kennis; controleer de gegevens.")
    same_name = [i for i in site.initiatives if normalise(i.title) == normalise(title)]
    if same_name:
        p.notes.append(f"Er staat al een initiatief met deze naam ({same_name[0].source}); is dit geen dubbele melding?")
    slug = unique_slug(title, {i.slug for i in site.initiatives})
    files = {f"{BY_KIND['initiative'].folder}/{slug}.md": _record_text(data, comments, values["beschrijving"]),
             **files}
    return files, title, p.notes, p.field_of_key


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as the content files write them."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _record_text(data: dict, comments: list[str], body: str) -> str:
    front = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000,
                      default_flow_style=False)
    notes = "".join(f"# {' '.join(comment.split())}\n" for comment in comments)
    body = _lines(body).strip("\n")
    return f"---\n{front}{notes}---\n" + (f"\n{body}\n" if body else "")


# -- the command --------------------------------------------------------------------------

def intake(body: str, content_dir: Path, issue: int | None = None) -> Result:
    """Write the files the issue proposes and check the content; raise IntakeError (nothing left
    written) when anything is wrong."""
    form = which_form(body)
    values = read_fields(body, form)
    try:
        site = load(content_dir)
    except ContentError as error:  # not the reporter's doing: say so, and what
        raise IntakeError(["De inhoud in de repository heeft al fouten; een redacteur moet die eerst "
                           "herstellen:"] + [d.as_text() for d in error.diagnostics[:10]]) from None
    places = Gazetteer.from_terms(list(site.taxonomies["municipalities"].values()),
                                  tuple(site.taxonomies["provinces"]), list(site.taxonomies["regions"].values()))
    if form is NEW_INITIATIVE:
        files, title, notes, field_of_key = propose_initiative(values, site, places, issue)
        return _write_checked(content_dir, files, {}, title, notes,
                              lambda path, line: _new_file_field(files[path], line, field_of_key))
    path, text = _correction(values, site, content_dir)
    old = (content_dir / path).read_text(encoding="utf-8")
    title = next(r.title for r in (*site.initiatives, *site.organisations) if r.source.endswith(path))
    return _write_checked(content_dir, {path: text}, {path: old}, f"Correctie: {title}", [],
                          lambda _path, line: f"{field_problem(CORRECTION.by_id['record_file'], f'regel {line}')}")


def _correction(values: dict[str, str], site: Site, content_dir: Path) -> tuple[str, str]:
    """The file the correction names (under content/) and its new text."""
    record_field, file_field = CORRECTION.by_id["record"], CORRECTION.by_id["record_file"]
    match = _RECORD_PATH.search(values["record"])
    path = f"{match.group(1).lower()}/{match.group(2).lower()}.md" if match else None
    if path is not None and (content_dir / path).is_symlink():  # it would replace the file it leads to
        raise IntakeError([field_problem(record_field, "dit bestand verwijst naar een ander bestand; een redacteur "
                                         "verwerkt deze correctie")])
    if path is None or not (content_dir / path).is_file():
        by_title = [r for r in (*site.initiatives, *site.organisations)
                    if normalise(r.title) == normalise(values["record"])]
        if len(by_title) != 1:
            raise IntakeError([field_problem(record_field, "we weten niet welk initiatief of welke organisatie u "
                                             "bedoelt; open het formulier via de link op de pagina ervan")])
        path = f"{content_folder(by_title[0])}/{by_title[0].slug}.md"
    text = values["record_file"]
    if not text.strip():
        raise IntakeError([field_problem(file_field, "het vak is leeg. Kopieer de tekst van het bestand (via 'Bekijk "
                                         "het bestand' op de pagina), plak die hier en pas hem aan; of laat het vak "
                                         "leeg en wacht tot een redacteur uw toelichting verwerkt")])
    text = _lines(text).strip("\n") + "\n"
    if text == _lines((content_dir / path).read_text(encoding="utf-8")):
        raise IntakeError([field_problem(file_field, "de tekst is niet veranderd; pas aan wat niet klopt")])
    return path, text


def _new_file_field(text: str, line: int, field_of_key: dict[str, FormField]) -> str:
    """The form field behind a line of a file intake wrote (1-based, '---' is line 1)."""
    lines = text.split("\n")
    closing = lines.index("---", 1) + 1
    if line > closing:
        return f"Veld '{NEW_INITIATIVE.by_id['beschrijving'].label}'"
    for number in range(min(line, closing), 0, -1):
        key = re.match(r"^([a-z_]+):", lines[number - 1])
        if key and key.group(1) in field_of_key:
            return f"Veld '{field_of_key[key.group(1)].label}'"
    return "Het voorstel"


def _write_checked(content_dir: Path, files: dict[str, str], old: dict[str, str], title: str,
                   notes: list[str], field_at) -> Result:
    """Write `files` (new ones, or replacing those in `old`), check the tree, take all back on a problem."""
    root = content_dir.resolve()
    result = Result(notes=notes, title=title)
    try:
        for relative, text in files.items():
            path = (content_dir / relative)
            if root not in path.resolve().parents:
                raise IntakeError([f"{relative}: buiten content/"])
            if relative in old:
                path.write_text(text, encoding="utf-8")
            else:
                with path.open("x", encoding="utf-8") as handle:  # never overwrite another record
                    handle.write(text)
            result.written.append(path)
            result.files.append(relative)
        load(content_dir)
    except ContentError as error:
        _take_back(result.written, content_dir, old)
        problems = []
        for d in error.diagnostics:
            written = next((r for r in files if d.path.endswith(r)), None)
            where = field_at(written, d.line) if written else d.path
            problems.append(f"{where}: {d.message}")
        raise IntakeError(problems) from None
    except BaseException:
        _take_back(result.written, content_dir, old)
        raise
    return result


def _take_back(written: list[Path], content_dir: Path, old: dict[str, str]) -> None:
    for path in written:
        relative = path.relative_to(content_dir).as_posix()
        if relative in old:
            path.write_text(old[relative], encoding="utf-8")
        else:
            path.unlink(missing_ok=True)


def summary(result: Result | None, problems: list[str]) -> str:
    """Markdown for the issue or the pull request: the files written and the notes, or the problems."""
    if result is None:
        return ("Uw melding kon nog niet worden verwerkt. Pas het issue aan (via ··· → Edit); daarna wordt het "
                "opnieuw geprobeerd.\n\n" + "".join(f"- {p}\n" for p in problems))
    lines = [f"**{result.title}**", "", "Bestanden:"]
    lines += [f"- `content/{relative}`" for relative in result.files]
    if result.notes:
        lines += ["", "Let op:"] + [f"- {note}" for note in result.notes]
    return "\n".join(lines) + "\n"
