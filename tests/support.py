"""Paths and helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from sitegen.commands.cli import main
from sitegen.pipeline.build import BuildOptions

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SITES = TESTS / "sites"
INI = "content/initiatives/voorbeeld.md"  # the record file most error cases write
AXE = TESTS / "node_modules" / "axe-core" / "axe.min.js"
# The day tests that use the fixture check_day check content as on, instead of the machine's date
# (which decides the latest start_year allowed and which last_verified lies in the future).
CHECK_DAY = date(2030, 6, 15)


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write (or with None, delete) files below root."""
    for name, text in files.items():
        path = root / name
        if text is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")


def build_fixture(name: str, output: Path, *extra: str) -> Path:
    status = main(["build", "--content", str(SITES / name), "--output", str(output), *extra])
    assert status == 0, f"fixture site {name} did not build"
    return output


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def differing_files(a: Path, b: Path, skip: str = "\0") -> list[str]:
    """Paths whose bytes differ between two built sites (present in one only included)."""
    left, right = files_of(a), files_of(b)
    return sorted(p for p in left.keys() | right.keys() if left.get(p) != right.get(p) and not p.startswith(skip))


# -- record files written inline by the tests -------------------------------------------------

def item(*lines: str, body: str = "Een beschrijving.\n") -> str:
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n\n" + body


def initiative(**fields: str | list[str] | None) -> str:
    """A valid initiative whose fields can be replaced (None drops one); order stays fixed.

    Lines: 2 title, 3 summary, 4 region, 5 sectors, 6 '- techniek', 7 parties, 8 '- vmbo',
    then any extra fields in the order given.
    """
    base = {
        "title": ["title: Techniek in de regio"],
        "summary": ["summary: Scholen en bedrijven werken samen aan sterk techniekonderwijs."],
        "region": ["region: drenthe"],
        "sectors": ["sectors:", "  - techniek"],
        "parties": ["parties:", "  - vmbo"],
    }
    for name, value in fields.items():
        base[name] = None if value is None else ([value] if isinstance(value, str) else value)
    return item(*[line for lines in base.values() if lines for line in lines])


def build_options(tmp_path: Path, content: Path, templates: Path, output: str, **extra) -> BuildOptions:
    settings = {"search": False, "cache_dir": tmp_path / ".cache", "pool_from": 1, **extra}
    return BuildOptions(content_dir=content, output_dir=tmp_path / output, templates_dir=templates, **settings)


def axe_violations(page) -> list[str]:
    assert AXE.is_file(), "axe-core missing: run `npm ci --prefix tests` (tests/run.sh does)"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
            for v in result["violations"]]


def issue_body(form, values: dict[str, str], newline: str = "\n") -> str:
    """An issue body as GitHub writes it when someone submits `form` (sitegen.model.forms) with these
    values (field id -> text; a checkbox field ticked with any text): a `### label` section per
    field in the form's order, `_No response_` for one left empty, a rendered textarea fenced."""
    sections = []
    for field in form.fields:
        value = values.get(field.id, "")
        if field.type == "checkboxes":
            value = f"- [{'X' if value else ' '}] {field.option}"
        elif not value:
            value = "_No response_"
        elif field.render:
            value = f"```{field.render}\n{value}\n```"
        sections.append(f"### {field.label}\n\n{value}")
    return newline.join("\n\n".join(sections).split("\n")) + newline


def git(cwd: Path, *args: str) -> None:
    """Run git in a test's own repository, with a fixed author and no user configuration."""
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})
