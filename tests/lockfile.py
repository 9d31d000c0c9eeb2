"""Reads the pip-compile lock files (requirements.txt, requirements-test.txt).

`python tests/lockfile.py changes OLD NEW` prints, as a Markdown table, which packages a
new lock changed: the update workflow puts it in its pull request.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")
_VIA_PROJECT = "sitegen (pyproject.toml)"


def pins(text: str) -> dict[str, str]:
    """Package name (normalised) -> the exact version the lock names."""
    found = {}
    for line in text.splitlines():
        match = _PIN.match(line)
        if match:
            found[canonicalize_name(match[1])] = match[2]
    return found


def asked_for_by_project(text: str) -> set[str]:
    """The packages pip-compile pinned because pyproject.toml names them (its `# via` notes)."""
    direct, current = set(), None
    for line in text.splitlines():
        match = _PIN.match(line)
        if match:
            current = canonicalize_name(match[1])
        elif current and line.strip().lstrip("#").strip() in (f"via {_VIA_PROJECT}", _VIA_PROJECT):
            direct.add(current)
    return direct


def disagreements(pyproject: dict, lock_text: str, extras: tuple[str, ...] = ()) -> list[str]:
    """Where pyproject.toml (parsed) and a lock made from it with these extras disagree."""
    project = pyproject["project"]
    asked = [Requirement(r) for r in project["dependencies"]]
    asked += [Requirement(r) for extra in extras for r in project["optional-dependencies"][extra]]
    build = [Requirement(r) for r in pyproject["build-system"]["requires"]]
    locked, problems = pins(lock_text), []
    for requirement in asked + build:
        version = locked.get(canonicalize_name(requirement.name))
        if version is None:
            problems.append(f"{requirement.name}: in pyproject.toml, not in the lock")
        elif not requirement.specifier.contains(version, prereleases=True):
            problems.append(f"{requirement.name}: the lock has {version}, pyproject.toml asks {requirement.specifier}")
    named = {canonicalize_name(r.name) for r in asked}
    for name in sorted(asked_for_by_project(lock_text) - named):
        problems.append(f"{name}: locked for pyproject.toml, which no longer names it")
    return problems


def changes(old: dict[str, str], new: dict[str, str]) -> str:
    rows = [f"| {name} | {old.get(name, '—')} | {new.get(name, '—')} |"
            for name in sorted(old.keys() | new.keys()) if old.get(name) != new.get(name)]
    if not rows:
        return "Geen versies gewijzigd.\n"
    return "| pakket | was | wordt |\n|---|---|---|\n" + "\n".join(rows) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "changes":
        sys.exit("usage: python tests/lockfile.py changes OLD NEW")
    old_text = Path(sys.argv[2]).read_text(encoding="utf-8") if Path(sys.argv[2]).exists() else ""
    sys.stdout.write(changes(pins(old_text), pins(Path(sys.argv[3]).read_text(encoding="utf-8"))))
