"""Incremental builds, tried on random sequences of edits: after each one the site written
incrementally must be byte for byte the site a cold build writes from the same tree.

Hypothesis draws the edits (add, change any field, delete or rename an initiative; change an
organisation; change a taxonomy label; a news item; a template that starts to read something
it did not read before; an initiative back to its text at the start, as after a revert), so
combinations no hand-written list foresaw are tried. The runs are derandomised: the same
examples on every machine, so CI cannot turn red by chance."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from unittest.mock import patch

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT, SITES, differing_files
from support import build_options as options

import sitegen.incremental.cache
from sitegen.pipeline.build import build
from sitegen.preview.serve import Preview

REGIONS = ("groningen", "drenthe", "twente")
MUNICIPALITIES = ("Assen", "Emmen", "Enschede", "Hoogeveen", "Ter Apel")
SECTORS = ("techniek", "zorg-en-welzijn")
THEMES = ("aansluiting", "opleidingsaanbod")
PARTIES = ("vmbo", "mbo", "bedrijfsleven")
ORGANISATIONS = ("alfa-college", "bouwbedrijf-noord", "rsg-noord", "stichting-zonder-initiatief")
ORGANISATION_TYPES = ("vmbo-school", "mbo-instelling", "bedrijf")
WORDS = ("Techniek", "Zorg", "Route", "Leerlijn", "Campus", "Noord", "Samen", "Praktijk")
LINKED_FROM_A_PAGE = "techniek-drenthe.md"
SLUGS = ("proef-a", "proef-b", "proef-c", "proef-d")
# A template made to show something it did not show before: (template, what to add).
NEW_READS = (
    ("news_item.html", "<ul>{% for i in site.initiatives[:2] %}<li>{{ i.title }}</li>{% endfor %}</ul>"),
    ("organisation.html", "<p>{{ site.news[0].title }}</p>"),
    ("page.html", "<p>{{ site.taxonomies['sectors'].values()|map(attribute='label')|join(', ') }}</p>"),
    ("term.html", "<p>{{ site.organisation_by_slug['alfa-college'].name }}</p>"),
    ("news_list.html", "<p>{{ site.listing_slice('regions', 'twente', 0)[1] }}</p>"),
)

text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)


@st.composite
def initiatives(draw) -> str:
    front = {"title": draw(text), "summary": draw(text) + " werken samen aan een doorlopende leerroute."}
    if draw(st.booleans()):
        front["region"] = draw(st.sampled_from(REGIONS))
    else:
        front["municipalities"] = draw(st.lists(st.sampled_from(MUNICIPALITIES), min_size=1, max_size=2, unique=True))
    front["sectors"] = draw(st.lists(st.sampled_from(SECTORS), min_size=1, max_size=2, unique=True))
    front["parties"] = draw(st.lists(st.sampled_from(PARTIES), min_size=1, max_size=3, unique=True))
    themes = draw(st.lists(st.sampled_from(THEMES), max_size=2, unique=True))
    if themes:
        front["themes"] = themes
    organisations = draw(st.lists(st.sampled_from(ORGANISATIONS), max_size=3, unique=True))
    if organisations:
        front["organisations"] = organisations
    if draw(st.booleans()):
        front["start_year"] = draw(st.integers(2000, 2024))
    return record_text(front, draw(text) + ".")


def record_text(front: dict, body: str) -> str:
    return f"---\n{yaml.safe_dump(front, allow_unicode=True, sort_keys=False)}---\n\n{body}\n"


def initiative_files(content: Path) -> list[Path]:
    return sorted((content / "initiatives").glob("*.md"))


@st.composite
def edits(draw):
    """One edit as (description, function of (content, templates))."""
    kind = draw(st.sampled_from(("add", "change", "delete", "rename", "organisation", "label", "news", "template",
                                 "revert")))
    if kind == "add" or kind == "rename":
        slug = draw(st.sampled_from(SLUGS))
    if kind in ("add", "change"):
        new_text = draw(initiatives())
    pick = draw(st.integers(0, 99))  # which existing file, modulo how many there are then

    def apply(content: Path, templates: Path) -> None:
        files = initiative_files(content)
        if kind in ("delete", "rename"):  # a page links to this one: it must stay
            files = [f for f in files if f.name != LINKED_FROM_A_PAGE]
        target = files[pick % len(files)] if files else None
        if kind == "add":
            (content / "initiatives" / f"{slug}.md").write_text(new_text, encoding="utf-8")
        elif kind == "change" and target:
            target.write_text(new_text, encoding="utf-8")
        elif kind == "delete" and target:
            target.unlink()
        elif kind == "rename" and target and not (content / "initiatives" / f"{slug}.md").exists():
            target.rename(content / "initiatives" / f"{slug}.md")
        elif kind == "organisation":
            slug_ = ORGANISATIONS[pick % len(ORGANISATIONS)]
            front = {"name": WORDS[pick % len(WORDS)] + " " + slug_, "type": ORGANISATION_TYPES[pick % 3],
                     "region": REGIONS[pick % 3]}
            (content / "organisations" / f"{slug_}.md").write_text(record_text(front, "Een organisatie."))
        elif kind == "label":
            name = ("sectors", "themes", "regions", "parties")[pick % 4]
            path = content / "taxonomies" / f"{name}.yml"
            terms = yaml.safe_load(path.read_text(encoding="utf-8"))
            terms[pick % len(terms)]["label"] = f"{WORDS[pick % len(WORDS)]} {pick}"
            path.write_text(yaml.safe_dump(terms, allow_unicode=True, sort_keys=False), encoding="utf-8")
        elif kind == "news":
            path = content / "news" / ("eerste-bericht.md", "tweede-bericht.md")[pick % 2]
            front = {"title": f"Bericht {pick}", "date": f"2019-0{1 + pick % 9}-10", "summary": "Kort."}
            path.write_text(record_text(front, "Tekst."), encoding="utf-8")
        elif kind == "revert" and target:  # back to the text it had at the start (git revert)
            original = SITES / "full" / "initiatives" / target.name
            if original.exists():
                target.write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
        elif kind == "template":
            name, snippet = NEW_READS[pick % len(NEW_READS)]
            path = templates / name
            path.write_text(path.read_text().replace("{% block content %}", "{% block content %}" + snippet, 1))

    return f"{kind} {pick}", apply


def check_sequence(sequence, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        content, templates = root / "content", root / "templates"
        shutil.copytree(SITES / "full", content)
        shutil.copytree(ROOT / "templates", templates)
        build(options(root, content, templates, "output", jobs=jobs))
        for number, (what, apply) in enumerate(sequence):
            apply(content, templates)
            build(options(root, content, templates, "output", jobs=jobs))
            build(options(root, content, templates, f"cold-{number}", cache_dir=None))
            done = [w for w, _ in sequence[:number + 1]]
            assert differing_files(root / "output", root / f"cold-{number}") == [], done


def check_sequence_in_preview(sequence) -> None:
    """The same through `serve`'s rebuilds, in one process: there unchanged records stay the very
    same objects, and what was worked out for them is kept (incremental.py's memos)."""
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        content, templates = root / "content", root / "templates"
        shutil.copytree(SITES / "full", content)
        shutil.copytree(ROOT / "templates", templates)
        preview = Preview(options(root, content, templates, "output"), log=lambda _: None)
        assert preview.rebuild()
        for number, (what, apply) in enumerate(sequence):
            apply(content, templates)
            assert preview.rebuild()
            build(options(root, content, templates, f"cold-{number}", cache_dir=None, preview=True))
            done = [w for w, _ in sequence[:number + 1]]
            assert differing_files(root / "output", root / f"cold-{number}", skip="__sitegen/") == [], done


def explore(examples: int):
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


SEQUENCES = st.lists(edits(), min_size=1, max_size=6)


@explore(8)  # the fast tier's share; the slow tier explores further
@given(SEQUENCES)
def test_a_few_sequences_of_edits_build_incrementally_as_a_cold_build_would(sequence):
    check_sequence(sequence, jobs=1)


@pytest.mark.slow
@explore(50)
@given(SEQUENCES)
def test_many_sequences_of_edits_build_incrementally_as_a_cold_build_would(sequence):
    check_sequence(sequence, jobs=1)


@pytest.mark.slow
@explore(12)
@given(SEQUENCES)
def test_sequences_of_edits_build_incrementally_as_a_cold_build_would_with_two_jobs(sequence):
    check_sequence(sequence, jobs=2)


@explore(8)
@given(SEQUENCES)
def test_sequences_of_edits_build_as_a_cold_build_would_from_a_cache_of_deltas_alone(sequence):
    # Every build after the first appends a delta (cache.py), however much it changed: the
    # cache each build reads back is the first whole pickle plus all the deltas since.
    with patch.multiple(sitegen.incremental.cache, MAX_DELTAS=1_000, DELTA_SHARE=1_000.0):
        check_sequence(sequence, jobs=1)


@explore(8)
@given(SEQUENCES)
def test_a_few_sequences_of_edits_in_the_preview_give_what_a_cold_preview_build_gives(sequence):
    check_sequence_in_preview(sequence)


@pytest.mark.slow
@explore(40)
@given(SEQUENCES)
def test_many_sequences_of_edits_in_the_preview_give_what_a_cold_preview_build_gives(sequence):
    check_sequence_in_preview(sequence)
