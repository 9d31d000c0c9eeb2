"""A mistake in a template -> `templates/x.html:LINE: message (bij het maken van ...)`, exit 1, output untouched.

Each case changes one line of a copy of the real templates; the expected line is found by
looking for the changed text, so the table stays right when the templates change."""

from __future__ import annotations

import shutil

import pytest
from support import ROOT

from sitegen.pipeline.build import BuildOptions
from sitegen.preview.serve import Preview

# (case, template, text to replace, replacement, expected message)
CASES = [
    ("syntax error", "initiative.html", "{% if record.website %}", "{% if record.website %%}",
     "sjabloonfout: unexpected 'end of statement block'"),
    ("unknown filter", "initiative.html", "{{ record.end_year }}", "{{ record.end_year|jaartal }}",
     "sjabloonfout: No filter named 'jaartal'"),
    ("unknown tag", "term.html", "{% if listing.count %}", "{% als listing.count %}",
     "sjabloonfout: Encountered unknown tag 'als'."),
    ("undefined variable", "news_item.html", "{{ record.title }}", "{{ bericht.title }}",
     "sjabloonfout: onbekende variabele of eigenschap: 'bericht' is undefined"),
    ("undefined attribute", "organisation.html", "{{ record.name }}</h1>", "{{ record.naam }}</h1>",
     "sjabloonfout: onbekende variabele of eigenschap: 'sitegen.model.models.Organisation object' has no attribute 'naam'"),
    ("error while rendering", "page.html", "{{ record.title }}</h1>", "{{ record.title }}{{ 1 // (record.title|length - record.title|length) }}</h1>",
     "sjabloonfout: ZeroDivisionError: integer division or modulo by zero"),
    ("missing include", "term.html", '{% include "partials/region_map.html" %}', '{% include "partials/kaartje.html" %}',
     "sjabloonfout: het sjabloon 'partials/kaartje.html' bestaat niet"),
    ("mistake in a partial", "partials/initiative_card.html", "{{ initiative.summary }}", "{{ initiative.samenvatting }}",
     "sjabloonfout: onbekende variabele of eigenschap: 'sitegen.model.models.Initiative object' has no attribute 'samenvatting'"),
]


@pytest.fixture
def templates(tmp_path):
    copy = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", copy)
    return copy


def break_template(templates, name: str, old: str, new: str) -> int:
    """Replace the first `old` in templates/name; return its line number."""
    path = templates / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text[:text.index(new)].count("\n") + 1


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("name, old, new, message", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_template_mistake_is_reported_at_its_line(make_site, run, tmp_path, templates, jobs, name, old, new, message,
                                                    monkeypatch):
    monkeypatch.setenv("SITEGEN_POOL_FROM", "1")  # two jobs: made in a worker, however few pages
    make_site(base="full")
    assert run("build", "--no-search", "--templates", str(templates))[0] == 0
    before = {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    line = break_template(templates, name, old, new)
    status, _, err = run("build", "--no-search", "--no-cache", "--jobs", jobs, "--templates", str(templates))
    assert status == 1
    first = err.splitlines()[0]
    assert first.startswith(f"templates/{name}:{line}: {message}"), first
    assert first.endswith("/)") and "(bij het maken van " in first  # the page being made
    assert "Traceback" not in err
    assert err.splitlines()[-1] == "1 fout in de sjablonen; er is niets geschreven."
    after = {p: p.read_bytes() for p in (tmp_path / "output").rglob("*") if p.is_file()}
    assert after == before


def test_the_preview_shows_a_template_mistake_and_keeps_the_last_good_site(make_site, tmp_path, templates):
    content = make_site(base="full")
    preview = Preview(BuildOptions(content_dir=content, output_dir=tmp_path / "output", templates_dir=templates),
                      log=lambda *_: None)
    assert preview.rebuild()
    good = (tmp_path / "output" / "nieuws" / "eerste-bericht" / "index.html").read_bytes()
    line = break_template(templates, "news_item.html", "{{ record.title }}", "{{ bericht.title }}")
    assert not preview.rebuild()
    status = (tmp_path / "output" / "__sitegen" / "status.json").read_text(encoding="utf-8")
    assert f"templates/news_item.html:{line}: sjabloonfout: onbekende variabele" in status
    assert (tmp_path / "output" / "nieuws" / "eerste-bericht" / "index.html").read_bytes() == good
    break_template(templates, "news_item.html", "{{ bericht.title }}", "{{ record.title }}")
    assert preview.rebuild()


def test_a_file_that_cannot_be_written_is_a_message_not_a_traceback(make_site, run, tmp_path):
    make_site()
    (tmp_path / "bestand").write_text("geen map")
    status, _, err = run("build", "--no-search", "--output", str(tmp_path / "bestand" / "output"))
    assert status == 1
    assert err.startswith("fout: bestand of map '") and "Traceback" not in err
    assert "--debug" in err
    with pytest.raises(OSError):
        run("--debug", "build", "--no-search", "--output", str(tmp_path / "bestand" / "output"))
