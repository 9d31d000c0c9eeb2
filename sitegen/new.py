"""`new`: write a valid starting file for a record, its slug made from the title."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import yaml

from .places import sort_key

from .discover import SLUG_MAX_LENGTH
from .kinds import BY_KIND


def slugify(title: str) -> str:
    """'Techniek in Zuidoost-Brabant!' -> 'techniek-in-zuidoost-brabant'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX_LENGTH].rstrip("-")


def _quote(text: str) -> str:
    """A YAML scalar that reads back as exactly this text."""
    return yaml.safe_dump(text, allow_unicode=True, default_style='"', width=10_000).strip()


def _taxonomy_keys(content_dir: Path, name: str) -> list[str]:
    path = content_dir / "taxonomies" / f"{name}.yml"
    try:
        return [term["key"] for term in yaml.safe_load(path.read_text(encoding="utf-8"))]
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        return []


def _first_label(content_dir: Path, name: str) -> str:
    path = content_dir / "taxonomies" / f"{name}.yml"
    try:
        return sorted((term["label"] for term in yaml.safe_load(path.read_text(encoding="utf-8"))), key=sort_key)[0]
    except (OSError, yaml.YAMLError, TypeError, KeyError, IndexError):
        return "VUL-IN"


def template_text(kind: str, title: str, content_dir: Path, today: date) -> str:
    """Front matter with the required fields filled in and hints as comments."""
    def choice(taxonomy: str) -> tuple[str, str]:
        keys = _taxonomy_keys(content_dir, taxonomy)
        return (keys[0] if keys else "VUL-IN"), f"  # kies uit content/taxonomies/{taxonomy}.yml"

    lines = ["---"]
    if kind == "initiative":
        municipality = _first_label(content_dir, "municipalities")
        sector, sector_hint = choice("sectors")
        party, party_hint = choice("parties")
        lines += [
            f"title: {_quote(title)}",
            'summary: "Vervang deze zin door een korte samenvatting van het initiatief."',
            "municipalities:  # de gemeenten waar het initiatief werkt; de arbeidsmarktregio volgt daaruit",
            f"  - {_quote(municipality)}",
            f"sectors:{sector_hint}", f"  - {sector}",
            f"parties:{party_hint}", f"  - {party}",
            "# Optioneel: region (alleen als de gemeenten onbekend zijn), levels, themes, theme_note,",
            "# start_year, end_year, organisations, website,",
            "# contact, last_verified, sources. Zie CONTRIBUTING.md voor elk veld.",
            f"last_verified: {today.isoformat()}",
        ]
        body = "Beschrijf hier het initiatief: wie werken samen, wat is het doel en wat doen ze?"
    elif kind == "organisation":
        org_type, type_hint = choice("organisation-types")
        lines += [f"name: {_quote(title)}", f"type: {org_type}{type_hint}",
                  "# Optioneel: summary, website, city, municipality (de gemeente; de regio volgt daaruit)."]
        body = ""
    elif kind == "news":
        lines += [f"title: {_quote(title)}", f"date: {today.isoformat()}"]
        body = "Schrijf hier het bericht."
    else:
        lines += [f"title: {_quote(title)}", "# Optioneel: summary, menu (plaats in het hoofdmenu)."]
        body = "Schrijf hier de tekst van de pagina."
    lines.append("---")
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
