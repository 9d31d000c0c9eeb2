"""`diff BASE`: what the content changed since a git revision, record by record and
field by field, as Markdown for a pull request's summary (Dutch labels).

Both sides are read with `check`'s own reader and limits (discover, then the front matter
composed with aliases and deep nesting refused): a side that cannot be read is named with
the reason, never shown as every field removed. Front matter is compared as written, so the
summary also works when the base used rules that have since changed. A record whose file was
renamed shows as renamed; where both sides are valid content, initiatives whose derived
arbeidsmarktregio or province changed (say, a municipality moved to another region) are listed.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path, PurePosixPath

import yaml

from sitegen.content.discover import discover
from sitegen.content.frontmatter import parse_item, parse_yaml_file
from sitegen.model.diagnostics import ContentError
from sitegen.model.kinds import BY_KIND

BODY_LABEL = "Beschrijving"


class DiffError(RuntimeError):
    pass


@dataclass
class _Side:
    records: dict[str, tuple[str, dict, str]] = field(default_factory=dict)  # 'initiatives/x.md' -> (kind, front, body)
    unreadable: dict[str, str] = field(default_factory=dict)  # 'initiatives/x.md' -> why not
    labels: dict[str, dict[str, str]] = field(default_factory=dict)  # taxonomy -> key -> label
    places: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] | None = None  # initiative file -> (regions, provinces)


def _plain(node: yaml.Node | None):
    """Composed YAML as plain values, every scalar as the text written (like yaml.BaseLoader)."""
    if isinstance(node, yaml.MappingNode):
        return {str(_plain(key)): _plain(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    return node.value if node is not None else None


def _key(path: str) -> str:
    """'content/initiatives/x.md' (as a problem names it) -> 'initiatives/x.md'."""
    return "/".join(PurePosixPath(path).parts[-2:])


def _read_side(root: Path, skipped: dict[str, str]) -> _Side:
    side = _Side(unreadable=dict(skipped))
    sources, problems = discover(root)
    for problem in problems:
        if problem.path.endswith(".md"):
            side.unreadable.setdefault(_key(problem.path), problem.message)
    for source in sources.items:
        doc, found = parse_item(source)
        if doc is None:
            side.unreadable[_key(source.display)] = found[0].message
            continue
        front = _plain(doc.root)
        side.records[_key(source.display)] = (source.kind, front if isinstance(front, dict) else {}, doc.body.strip())
    for name, source in sources.taxonomies.items():
        doc, _ = parse_yaml_file(source)
        terms = _plain(doc.root) if doc else None
        if isinstance(terms, list):
            side.labels[name] = {t["key"]: t.get("label", t["key"]) for t in terms
                                 if isinstance(t, dict) and isinstance(t.get("key"), str)}
    side.places = _derived_places(root)
    return side


def _derived_places(root: Path) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]] | None:
    """Each initiative's derived regions and provinces, when the side is valid content."""
    from sitegen.site.load import load

    try:
        site = load(root)
    except ContentError:
        return None
    return {_key(i.source): (i.regions, i.provinces) for i in site.initiatives}


def _base_tree(base: str, content_dir: Path, target: Path) -> tuple[Path, dict[str, str]]:
    """Extract content/ as it was at `base` into target: the content folder there, and the
    files left out because they lead outside it (why, by file)."""
    if base.startswith("-"):  # would reach git as an option
        raise DiffError(f"revisie '{base}' niet gevonden: een revisie begint niet met '-'")
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=content_dir, capture_output=True, text=True)
    if top.returncode != 0:
        raise DiffError("geen git-repository gevonden")
    root = Path(top.stdout.strip())
    commit = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}"], cwd=root,
                            capture_output=True, text=True)
    if commit.returncode != 0:
        raise DiffError(f"revisie '{base}' niet gevonden")
    prefix = content_dir.resolve().relative_to(root).as_posix()
    archive = subprocess.run(["git", "archive", "--format=tar", commit.stdout.strip(), "--", prefix], cwd=root,
                             capture_output=True)
    if archive.returncode != 0:
        message = archive.stderr.decode(errors="replace").strip()
        if "did not match any files" in message:
            (target / prefix).mkdir(parents=True)  # content/ did not exist yet at base
            return target / prefix, {}
        raise DiffError(f"revisie '{base}' niet te lezen: {message}")
    skipped: dict[str, str] = {}

    def only_data(member: tarfile.TarInfo, path: str) -> tarfile.TarInfo | None:
        try:
            return tarfile.data_filter(member, path)
        except tarfile.FilterError:  # a link to /dev/zero or out of the tree: not read, but named
            skipped[_key(member.name)] = "verwijst naar een bestand buiten content/; niet toegestaan"
            return None

    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter=only_data)
    return target / prefix, skipped


def _with_labels(kind: str, name: str, value, labels: dict[str, dict[str, str]]):
    """Taxonomy keys shown as 'Label (key)' so the summary reads in Dutch."""
    schema_field = BY_KIND[kind].schema.by_name.get(name)
    known = labels.get(schema_field.taxonomy, {}) if schema_field and schema_field.taxonomy else {}
    if not known:
        return value

    def one(key):
        return f"{known[key]} ({key})" if isinstance(key, str) and key in known else key
    return [one(v) for v in value] if isinstance(value, list) else one(value)


def _show(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(_show(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_show(v)}" for k, v in value.items())
    return str(value).replace("|", "\\|").replace("\n", " ")


def _label(kind: str, name: str) -> str:
    schema_field = BY_KIND[kind].schema.by_name.get(name)
    return f"{schema_field.label} (`{name}`)" if schema_field else f"`{name}`"


def _title(kind: str, front: dict, path: str) -> str:
    name = front.get("title") or front.get("name") or path
    return f"{BY_KIND[kind].schema.label}: {_show(name)}"


def _renames(before: dict, after: dict, removed: list[str], added: list[str]) -> list[tuple[str, str]]:
    """(old, new) file pairs of one record under a new name: the same text, else the same kind and title."""
    pairs = []
    for match in (lambda old, new: before[old] == after[new],
                  lambda old, new: before[old][0] == after[new][0] and _title(*before[old][:2], old) == _title(
                      *after[new][:2], new)):
        for old in list(removed):
            new = next((n for n in added if match(old, n)), None)
            if new:
                pairs.append((old, new))
                removed.remove(old)
                added.remove(new)
    return sorted(pairs)


def _field_rows(kind: str, old: tuple, new: tuple, labels: dict) -> list[str]:
    (_, old_front, old_body), (_, new_front, new_body) = old, new
    rows = []
    names = list(new_front) + [n for n in old_front if n not in new_front]
    for name in names:
        if old_front.get(name) != new_front.get(name):
            was, becomes = (_show(_with_labels(kind, name, side.get(name), labels)) for side in (old_front, new_front))
            rows.append(f"| {_label(kind, name)} | {was} | {becomes} |")
    if old_body != new_body:
        rows.append(f"| {BODY_LABEL} | (tekst) | (tekst gewijzigd) |")
    return rows


def summary(base: str, content_dir: Path) -> str:
    with tempfile.TemporaryDirectory() as temp:
        base_root, skipped = _base_tree(base, content_dir, Path(temp))
        old = _read_side(base_root, skipped)
    new = _read_side(content_dir, {})
    labels = {**old.labels, **new.labels}
    before, after = old.records, new.records
    unreadable = sorted(set(old.unreadable) | set(new.unreadable))
    added = sorted(set(after) - set(before) - set(unreadable))
    removed = sorted(set(before) - set(after) - set(unreadable))
    renamed = _renames(before, after, removed, added)
    changed = sorted(p for p in set(before) & set(after) if before[p] != after[p])
    moved = _moved(old, new, dict(renamed), labels)

    lines = ["## Wijzigingen in de gegevens", "",
             f"{len(added)} toegevoegd, {len(changed)} gewijzigd, {len(removed)} verwijderd"
             + (f", {len(renamed)} hernoemd" if renamed else "") + f" (ten opzichte van `{base}`).", ""]
    if unreadable:
        lines += ["### Niet te lezen", ""]
        for path in unreadable:
            for when, side in (("nu", new), (base, old)):
                if path in side.unreadable:
                    lines.append(f"- `content/{path}` ({when}): {_show(side.unreadable[path])}")
        lines.append("")
    if added:
        lines += ["### Toegevoegd", ""]
        lines += [f"- {_title(after[p][0], after[p][1], p)} (`content/{p}`)" for p in added] + [""]
    if removed:
        lines += ["### Verwijderd", ""]
        lines += [f"- {_title(before[p][0], before[p][1], p)} (`content/{p}`)" for p in removed] + [""]
    if renamed:
        lines += ["### Hernoemd", ""]
        for was, becomes in renamed:
            lines.append(f"- {_title(after[becomes][0], after[becomes][1], becomes)}: `content/{was}` → "
                         f"`content/{becomes}`")
            rows = _field_rows(after[becomes][0], before[was], after[becomes], labels)
            if rows:
                lines += ["", "  | veld | was | wordt |", "  |---|---|---|", *(f"  {row}" for row in rows)]
        lines.append("")
    if changed:
        lines += ["### Gewijzigd", ""]
        for path in changed:
            kind = after[path][0]
            lines += [f"#### {_title(kind, after[path][1], path)} (`content/{path}`)", "", "| veld | was | wordt |",
                      "|---|---|---|", *_field_rows(kind, before[path], after[path], labels), ""]
    if moved:
        lines += ["### Andere regio of provincie", "",
                  "Deze initiatieven horen nu bij een andere arbeidsmarktregio of provincie, omdat hun gemeenten "
                  "of de indeling van de gemeenten veranderden.", "", "| initiatief | was | wordt |", "|---|---|---|",
                  *moved, ""]
    if not (added or removed or renamed or changed or moved or unreadable):
        lines += ["Geen wijzigingen in initiatieven, organisaties, nieuws of pagina's.", ""]
    return "\n".join(lines)


def _moved(old: _Side, new: _Side, renamed: dict[str, str], labels: dict) -> list[str]:
    """Rows for initiatives whose derived regions or provinces differ between the two sides."""
    if old.places is None or new.places is None:
        return []
    rows = []
    for path, (regions, provinces) in sorted(old.places.items()):
        now = new.places.get(renamed.get(path, path))
        if now is None or now == (regions, provinces):
            continue
        title = _show(new.records[renamed.get(path, path)][1].get("title", path))
        rows.append(f"| {title} | {_places(regions, provinces, labels)} | {_places(*now, labels)} |")
    return rows


def _places(regions: tuple[str, ...], provinces: tuple[str, ...], labels: dict) -> str:
    """'Drenthe (regio); Drenthe (provincie)'."""
    named = [f"{labels.get('regions', {}).get(k, k)} (regio)" for k in regions]
    named += [f"{labels.get('provinces', {}).get(k, k)} (provincie)" for k in provinces]
    return _show(named)
