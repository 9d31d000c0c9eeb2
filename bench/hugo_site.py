"""Turn a content tree into the equivalent Hugo site (bench/hugo/ holds its config and layouts)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

HUGO_DIR = Path(__file__).resolve().parent / "hugo"
TAXONOMIES = {"region": "regio", "provinces": "provincie", "sectors": "sector", "themes": "thema", "parties": "partij",
              "levels": "niveau"}


def _places(content: Path) -> dict[str, dict]:
    """Municipality name -> its term: Hugo has no gazetteer, so the Hugo site is given the regions and
    provinces our generator derives (the same term pages on both sides)."""
    terms = yaml.safe_load((content / "taxonomies" / "municipalities.yml").read_text(encoding="utf-8"))
    return {t["label"]: t for t in terms}


def _split(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _write(path: Path, front: dict, body: str) -> None:
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body,
                    encoding="utf-8")


def to_hugo(content: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(HUGO_DIR, target)
    for section in ("initiatieven", "organisaties"):
        (target / "content" / section).mkdir(parents=True)
        (target / "content" / section / "_index.md").write_text(f"---\ntitle: {section.capitalize()}\n---\n")
    places = _places(content)
    for path in sorted((content / "initiatives").glob("*.md")):
        front, body = _split(path.read_text(encoding="utf-8"))
        named = [places[name] for name in front.pop("municipalities", [])]
        if named:
            front["region"] = sorted({t["region"] for t in named})
            front["provinces"] = sorted({t["province"] for t in named})
        for field, taxonomy in TAXONOMIES.items():
            value = front.pop(field, None)
            if value:
                front[taxonomy] = [value] if isinstance(value, str) else value
        _write(target / "content" / "initiatieven" / path.name, front, body)
    for path in sorted((content / "organisations").glob("*.md")):
        front, body = _split(path.read_text(encoding="utf-8"))
        front["title"] = front.pop("name")
        front["soort"] = front.pop("type")  # "type" chooses layouts in Hugo
        _write(target / "content" / "organisaties" / path.name, front, body)
    return target
