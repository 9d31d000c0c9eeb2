"""`new`: write a valid starting file for a record, its slug made from the title."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import yaml

from sitegen.model.kinds import BY_KIND
from sitegen.model.schema import PLACEHOLDER
from sitegen.model.slugs import slugify


def _quote(text: str) -> str:
    """A YAML scalar that reads back as exactly this text."""
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=10_000).strip()


def _taxonomy_keys(content_dir: Path, name: str) -> list[str]:
    path = content_dir / "taxonomies" / f"{name}.yml"
    try:
        return [term["key"] for term in yaml.safe_load(path.read_text(encoding="utf-8"))]
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        return []


def template_text(kind: str, title: str, content_dir: Path, today: date) -> str:
    """A starting file derived from the kind's schema: the title, every required field filled
    in (the first choice of a taxonomy, with a hint where to find the others), the places,
    today's date where a date is asked, the optional fields named in a comment."""
    schema = BY_KIND[kind].schema
    lines, optional = ["---"], []
    for f in schema.fields:
        if f.name in ("title", "name"):
            lines.append(f"{f.name}: {_quote(title)}")
        elif f.kind == "places":  # where an initiative works: only the editor knows, so left empty
            lines.append(f"{f.name}:  # vul in: de gemeenten, elk op een regel als '  - Assen'; de "
                         "arbeidsmarktregio volgt daaruit (zie /gemeenten/ op de site)")
        elif f.kind == "date" and (f.required or f.name == "last_verified"):
            lines.append(f"{f.name}: {today.isoformat()}")
        elif f.required and f.taxonomy:
            keys = _taxonomy_keys(content_dir, f.taxonomy)
            hint = f"  # kies uit content/taxonomies/{f.taxonomy}.yml"
            first = keys[0] if keys else "VUL-IN"
            lines += [f"{f.name}:{hint}", f"  - {first}"] if f.kind == "keys" else [f"{f.name}: {first}{hint}"]
        elif f.required:
            lines.append(f'{f.name}: "{PLACEHOLDER} zin: {f.help[0].lower()}{f.help[1:]}"')
        else:
            optional.append(f.name)
    if optional:
        lines += textwrap.wrap("Optioneel: " + ", ".join(optional) + ". Zie CONTRIBUTING.md voor elk veld.",
                               width=100, initial_indent="# ", subsequent_indent="# ")
    lines.append("---")
    body = f"{PLACEHOLDER} regel door {schema.body_help[0].lower()}{schema.body_help[1:]}" if schema.body_required else ""
    return "\n".join(lines) + "\n\n" + (body + "\n" if body else "")


def new_record(kind: str, title: str, content_dir: Path, today: date | None = None) -> Path:
    """Create the file; raise FileExistsError or ValueError with a message for the editor."""
    slug = slugify(title)
    if not slug:
        raise ValueError("de titel bevat geen letters of cijfers om een bestandsnaam van te maken")
    folder = content_dir / BY_KIND[kind].folder
    path = folder / f"{slug}.md"
    if path.exists():
        raise FileExistsError(f"{path} bestaat al; kies een andere titel of pas dat bestand aan")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(template_text(kind, title, content_dir, today or date.today()), encoding="utf-8")
    return path
