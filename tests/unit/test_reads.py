"""What a template reads is recorded: the templates it loads, in every way Jinja loads them."""

import jinja2

from sitegen.incremental import reads
from sitegen.incremental.registry import RECORD, SETTINGS
from sitegen.render.environment import _NotingEnvironment


def test_every_template_loaded_is_recorded_also_those_looked_for_first(tmp_path):
    (tmp_path / "base.html").write_text("[{% block body %}{% endblock %}]")
    (tmp_path / "b.html").write_text("B")
    (tmp_path / "macros.html").write_text("{% macro m() %}M{% endmacro %}")
    (tmp_path / "page.html").write_text('{% extends "base.html" %}{% import "macros.html" as x %}'
                                        '{% block body %}{% include ["a.html", "b.html"] %}{{ x.m() }}{% endblock %}')
    env = _NotingEnvironment(loader=jinja2.FileSystemLoader(tmp_path))
    env.recorder = reads.Recorder()
    with env.recorder.recording() as read:
        assert env.get_template("page.html").render() == "[BM]"
    # a.html does not exist: were it added, the include would choose it, so it counts as read.
    assert sorted(name for kind, name in read if kind == "template") == [
        "a.html", "b.html", "base.html", "macros.html", "page.html"]


def test_reads_inside_a_part_count_for_the_output_using_it():
    recorder = reads.Recorder()
    with recorder.recording() as page:
        recorder.note(SETTINGS())
        with recorder.recording() as card:
            recorder.note(RECORD("content/initiatives/x.md"))
    assert card == {("record", "content/initiatives/x.md")}
    assert page == {("settings",), ("record", "content/initiatives/x.md")}


def test_a_record_without_its_body_is_noted_as_such_and_cannot_show_the_body():
    from sitegen.model.models import Page
    page = Page(source="content/pages/x.md", slug="x", title="X", body="Tekst.", summary=None, menu=None)
    recorder = reads.Recorder()
    seen = reads.WithoutBody(page, recorder)
    with recorder.recording() as read:
        assert seen.title == "X"
    assert read == {("record-meta", "content/pages/x.md")}
    try:
        seen.body
    except AttributeError as error:
        assert "view.record()" in str(error)
    else:
        raise AssertionError("the body was shown")
