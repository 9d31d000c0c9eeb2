"""Paths and helpers shared by the tests (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

from sitegen.cli import main

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SITES = TESTS / "sites"


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
