"""`diff BASE`: what the content changed since a git revision, record by record and
field by field, as Markdown for a pull request's summary (Dutch labels).

Both sides are read as written (front matter as text, not validated), so the
summary also works when the base used rules that have since changed.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

import yaml

from .discover import ITEM_FOLDERS
from .kinds import BY_KIND

BODY_LABEL = "Beschrijving"


class DiffError(RuntimeError):
    pass


def _records(root: Path) -> dict[str, tuple[str, dict, str]]:
    """'initiatives/x.md' -> (kind, front matter as written, body), for every record file under root."""
    records = {}
    for folder, kind in ITEM_FOLDERS.items():
        for path in sorted((root / folder).glob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            front, body = {}, text
            parts = text.split("\n---", 1) if text.startswith("---") else None
            if parts:
                try:
                    front = yaml.load(parts[0][3:], Loader=yaml.BaseLoader) or {}
                except yaml.YAMLError:
                    front = {}
                body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
            records[f"{folder}/{path.name}"] = (kind, front if isinstance(front, dict) else {}, body.strip())
    return records


def _base_tree(base: str, content_dir: Path, target: Path) -> Path:
    """Extract content/ as it was at `base` into target; returns the content folder there."""
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=content_dir, capture_output=True, text=True)
    if top.returncode != 0:
        raise DiffError("geen git-repository gevonden")
    root = Path(top.stdout.strip())
    prefix = content_dir.resolve().relative_to(root).as_posix()
    archive = subprocess.run(["git", "archive", "--format=tar", base, "--", prefix], cwd=root, capture_output=True)
    if archive.returncode != 0:
        message = archive.stderr.decode(errors="replace").strip()
        if "did not match any files" in message:
            (target / prefix).mkdir(parents=True)  # content/ did not exist yet at base
            return target / prefix
        raise DiffError(f"revisie '{base}' niet gevonden: {message}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target / prefix


def _term_labels(root: Path) -> dict[str, dict[str, str]]:
    """taxonomy -> key -> Dutch label, as far as the taxonomy files can be read."""
    labels = {}
    for path in sorted((root / "taxonomies").glob("*.yml")):
        try:
            terms = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or []
            labels[path.stem] = {t["key"]: t["label"] for t in terms if isinstance(t, dict) and "key" in t}
        except (yaml.YAMLError, KeyError, TypeError):
            continue
    return labels


def _with_labels(kind: str, name: str, value, labels: dict[str, dict[str, str]]):
    """Taxonomy keys shown as 'Label (key)' so the summary reads in Dutch."""
    field = BY_KIND[kind].schema.by_name.get(name)
    known = labels.get(field.taxonomy, {}) if field and field.taxonomy else {}
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
    schema = BY_KIND[kind].schema.by_name.get(name)
    return f"{schema.label} (`{name}`)" if schema else f"`{name}`"


def _title(kind: str, front: dict, path: str) -> str:
    name = front.get("title") or front.get("name") or path
    return f"{BY_KIND[kind].schema.label}: {_show(name)}"


def summary(base: str, content_dir: Path) -> str:
    with tempfile.TemporaryDirectory() as temp:
        base_root = _base_tree(base, content_dir, Path(temp))
        before = _records(base_root)
        labels = {**_term_labels(base_root), **_term_labels(content_dir)}
    after = _records(content_dir)
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(p for p in set(before) & set(after) if before[p] != after[p])

    lines = ["## Wijzigingen in de gegevens", "",
             f"{len(added)} toegevoegd, {len(changed)} gewijzigd, {len(removed)} verwijderd "
             f"(ten opzichte van `{base}`).", ""]
    if added:
        lines += ["### Toegevoegd", ""]
        lines += [f"- {_title(after[p][0], after[p][1], p)} (`content/{p}`)" for p in added] + [""]
    if removed:
        lines += ["### Verwijderd", ""]
        lines += [f"- {_title(before[p][0], before[p][1], p)} (`content/{p}`)" for p in removed] + [""]
    if changed:
        lines += ["### Gewijzigd", ""]
        for path in changed:
            kind, old, old_body = before[path]
            _, new, new_body = after[path]
            lines += [f"#### {_title(kind, new, path)} (`content/{path}`)", "", "| veld | was | wordt |",
                      "|---|---|---|"]
            for name in sorted(set(old) | set(new), key=lambda n: (list(new) + list(old)).index(n)):
                if old.get(name) != new.get(name):
                    was, becomes = (_show(_with_labels(kind, name, side.get(name), labels)) for side in (old, new))
                    lines.append(f"| {_label(kind, name)} | {was} | {becomes} |")
            if old_body != new_body:
                lines.append(f"| {BODY_LABEL} | (tekst) | (tekst gewijzigd) |")
            lines.append("")
    if not (added or removed or changed):
        lines += ["Geen wijzigingen in initiatieven, organisaties, nieuws of pagina's.", ""]
    return "\n".join(lines)
