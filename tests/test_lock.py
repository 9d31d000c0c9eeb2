"""The lock: every machine installs the same packages, and the lock follows pyproject.toml.

After changing a dependency in pyproject.toml, `bash tests/update-lock.sh` brings the lock in
step; these tests fail until it has.
"""
from __future__ import annotations

import tomllib
from importlib import metadata

from lockfile import changes, disagreements, pins
from packaging.utils import canonicalize_name
from support import ROOT

RUNTIME = ROOT / "requirements.txt"
TEST = ROOT / "requirements-test.txt"
UPDATE = "; run bash tests/update-lock.sh"


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_the_runtime_lock_follows_pyproject():
    assert disagreements(pyproject(), RUNTIME.read_text(encoding="utf-8")) == [], UPDATE


def test_the_test_lock_follows_pyproject_with_its_test_extra():
    assert disagreements(pyproject(), TEST.read_text(encoding="utf-8"), extras=("test",)) == [], UPDATE


def test_a_dependency_in_only_one_of_them_is_caught():
    project = pyproject()
    lock = RUNTIME.read_text(encoding="utf-8")
    project["project"]["dependencies"].append("requests>=2")
    assert disagreements(project, lock) == ["requests: in pyproject.toml, not in the lock"]

    project = pyproject()
    project["project"]["dependencies"] = [r for r in project["project"]["dependencies"] if not r.startswith("nh3")]
    assert disagreements(project, lock) == ["nh3: locked for pyproject.toml, which no longer names it"]

    project = pyproject()
    project["project"]["dependencies"] = [r.replace("markdown>=3.11.3", "markdown>=3.12") if r.startswith("markdown")
                                          else r for r in project["project"]["dependencies"]]
    [problem] = disagreements(project, lock)
    assert problem.startswith(f"markdown: the lock has {pins(lock)['markdown']}, pyproject.toml asks")


def test_both_locks_name_the_same_versions_and_every_file_has_a_hash():
    runtime, test = pins(RUNTIME.read_text(encoding="utf-8")), pins(TEST.read_text(encoding="utf-8"))
    assert runtime.keys() <= test.keys()
    assert {name: test[name] for name in runtime} == runtime
    for lock in (RUNTIME, TEST):
        entries = lock.read_text(encoding="utf-8").split("==")[1:]
        assert entries and all("--hash=sha256:" in entry for entry in entries), f"{lock.name}: a pin without hashes"


def test_this_environment_is_the_locked_one():
    """What `pip freeze` shows equals the lock: every installed package is locked, at its
    version, and every locked package is installed (pip itself and the project aside)."""
    locked = pins(TEST.read_text(encoding="utf-8"))
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed.pop("pip", None)
    installed.pop("sitegen", None)
    assert installed == locked, "install from the lock: bash tests/run.sh sets up .venv from requirements-test.txt"


def test_the_change_summary_of_an_update():
    assert changes({"markdown": "3.11.3", "nh3": "0.3.8"}, {"markdown": "3.11.4", "nh3": "0.3.8", "anyio": "4.16.0"}) == (
        "| pakket | was | wordt |\n|---|---|---|\n| anyio | — | 4.16.0 |\n| markdown | 3.11.3 | 3.11.4 |\n")
    assert changes({"nh3": "0.3.8"}, {"nh3": "0.3.8"}) == "Geen versies gewijzigd.\n"
