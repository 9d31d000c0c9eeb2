"""The registry declares every kind of dependency once: what a build records can be valued.

A kind that could be recorded but not valued would make the incremental build either crash or,
worse, carry over a page whose input changed. These tests build the full fixture site and check
every token its outputs recorded against the registry.
"""

from __future__ import annotations

import shutil

import pytest
from support import SITES
from support import build_options as options

from sitegen.incremental.memo import Memo
from sitegen.incremental.registry import ALL, COUNT, FIELD, RECORD, REGISTRY, SETTINGS, SLICE, Readable, Values
from sitegen.pipeline.build import build
from sitegen.site.load import load


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The full fixture site built once: its Site, and every token its outputs read."""
    tmp_path = tmp_path_factory.mktemp("registry")
    content = tmp_path / "content"
    shutil.copytree(SITES / "full", content)
    memo = Memo(None)
    report = build(options(tmp_path, content, SITES.parent.parent / "templates", "output", memo=memo))
    tokens = set().union(*(entry.reads for entry in memo.page_index().entries.values()))
    return report.site, tokens


def test_every_token_a_build_records_is_of_a_declared_kind_and_can_be_valued(built):
    site, tokens = built
    values = Values(site, SITES.parent.parent / "templates")
    for token in sorted(tokens):
        assert token[0] in REGISTRY, f"{token} was recorded, but its kind is not declared in registry.py"
        readable = REGISTRY[token[0]]
        assert len(token) == 1 + len(readable.args), f"{token} does not name {readable.args}"
        value = values.value(token)
        assert isinstance(value, bytes) and len(value) == 32


def test_every_declared_kind_is_recorded_by_some_output(built):
    """A declaration no output records is either dead or its recording was lost."""
    _, tokens = built
    assert {token[0] for token in tokens} == set(REGISTRY)


def test_a_token_of_an_undeclared_kind_cannot_be_valued(built):
    site, _ = built
    with pytest.raises(ValueError, match="registry.py"):
        Values(site, SITES.parent.parent / "templates").value(("colour", "blue"))


def test_each_declaration_is_registered_under_its_own_kind():
    import sitegen.incremental.registry as registry
    declared = {value.kind: value for value in vars(registry).values() if isinstance(value, Readable)}
    assert declared == REGISTRY


def test_a_value_follows_what_the_token_names(tmp_path):
    """Editing a record's summary changes the value of the tokens naming it, and no other."""
    content = tmp_path / "content"
    shutil.copytree(SITES / "full", content)
    before = load(content)
    path = content / "initiatives" / "zorg-twente.md"
    path.write_text(path.read_text(encoding="utf-8").replace("maken samen een doorlopende", "maken samen een nieuwe"),
                    encoding="utf-8")
    after = load(content)
    source = next(i.source for i in before.initiatives if i.slug == "zorg-twente")
    region = next(i.regions[0] for i in before.initiatives if i.slug == "zorg-twente")
    tokens = [RECORD(source), FIELD(source, "summary"), SLICE("regions", region, "0", "24"), ALL("initiatives"),
              FIELD(source, "title"), COUNT("regions", region), SETTINGS(), ALL("organisations")]
    templates = SITES.parent.parent / "templates"
    old, new = Values(before, templates), Values(after, templates)
    changed = [token for token in tokens if old.value(token) != new.value(token)]
    assert changed == tokens[:4]
