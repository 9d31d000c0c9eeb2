"""Property-based tests: whatever a file holds, loading and validating end in positioned
messages, never a traceback; whatever Markdown holds, the HTML carries no script.

Budget: 400 examples per property (about 1,600 inputs a run), no deadline.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitegen.content.discover import SourceFile
from sitegen.content.frontmatter import parse_item
from sitegen.content.markup import render_markdown
from sitegen.content.validate import Vocabulary, validate_record
from sitegen.model.schema import INITIATIVE

pytestmark = pytest.mark.slow  # hypothesis, hundreds of examples per property

BUDGET = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
VOCABULARY = Vocabulary(
    terms={"regions": ("drenthe", "twente"), "sectors": ("techniek",), "parties": ("vmbo", "mbo"),
           "levels": ("uitvoerend",), "themes": ("aansluiting",), "organisation-types": ("vmbo-school",)},
    organisations=frozenset({"alfa-college"}),
    today=date(2026, 11, 23),
)
FIELD_NAMES = [f.name for f in INITIATIVE.fields] + ["sector", "titel", "contact.name", "1"]
DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.I)


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def assert_safe(html: str) -> None:
    """No script-capable element, no event handler, no dangerous URL: text may say anything."""
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        assert tag not in ("script", "iframe", "object", "embed", "svg", "math", "style", "base", "form"), html
        for name, value in attrs:
            assert not name.startswith("on"), html
            if name in ("href", "src", "action") and value is not None:
                assert not DANGEROUS_SCHEME.match(value), html


def check_file(data: bytes) -> None:
    source = SourceFile(Path("/x.md"), "content/initiatives/x.md", "initiative", "x", data)
    doc, problems = parse_item(source)
    if doc is not None:
        record, found = validate_record(doc, VOCABULARY)
        problems = problems + found
        assert record is not None or found
    lines = data.decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for problem in problems:
        assert problem.path == "content/initiatives/x.md"
        assert problem.line >= 1 and problem.column >= 1
        assert problem.line <= len(lines) + 1, problem
        assert problem.message and "\n" not in problem.message


@BUDGET
@given(st.binary(max_size=400))
def test_any_bytes_end_in_messages_not_tracebacks(data):
    check_file(b"---\n" + data)
    check_file(data)


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False) | st.text(max_size=40)
    | st.dates().map(str) | st.sampled_from(["drenthe", "techniek", "vmbo", "alfa-college", "2018", "0201234567"]),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.sampled_from(FIELD_NAMES), children, max_size=4),
    max_leaves=12,
)


@BUDGET
@given(st.dictionaries(st.sampled_from(FIELD_NAMES), yaml_values, max_size=12), st.text(max_size=200))
def test_any_front_matter_ends_in_messages_not_tracebacks(front, body):
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body
    check_file(text.encode("utf-8"))


@BUDGET
@given(st.text(alphabet=st.sampled_from(list("<>[]()!`*_-#|:/\"'= \n\tajsvscriptonerloadhref&;x1")), max_size=300))
def test_any_markdown_renders_without_script(text):
    assert_safe(render_markdown(text))


@BUDGET
@given(st.lists(st.sampled_from([
    "<script>", "</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))", "<a href='",
    "java\tscript:", "&#106;avascript:", "<svg onload=", "](", ")", "\n\n", "- ", "  - ", "`", "```\n", "~~",
    "https://a.nl/", "<iframe>", "\"", "'", ">", "<", " onclick=alert(1) ", "**", "| a |\n|---|\n",
]), max_size=25).map("".join))
def test_hostile_markdown_fragments_render_without_script(text):
    assert_safe(render_markdown(text))


# -- intake: whatever an issue body holds ---------------------------------------------------

from support import SITES, files_of, issue_body  # noqa: E402

from sitegen.commands.intake import IntakeError, intake  # noqa: E402
from sitegen.model.forms import CORRECTION, NEW_INITIATIVE  # noqa: E402

_FIELD_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60) | st.sampled_from(
    ["Assen", "Techniek", "Vmbo", "Alfa-college", "https://x.nl/", "eigen kennis: ik", "---\nname: x\n---", "_No response_",
     "### Naam van het initiatief", "../../../etc/passwd", "content/organisations/alfa-college.md", "x; Bedrijf; Emmen"])


@pytest.fixture(scope="module")
def intake_content(tmp_path_factory):
    import shutil

    content = tmp_path_factory.mktemp("intake") / "content"
    shutil.copytree(SITES / "full", content)
    return content


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(form=st.sampled_from([NEW_INITIATIVE, CORRECTION]), values=st.dictionaries(
    st.sampled_from([f.id for f in NEW_INITIATIVE.fields + CORRECTION.fields]), _FIELD_TEXT),
       cut=st.integers(min_value=0, max_value=4000))
def test_intake_ends_in_files_check_accepts_or_field_messages(intake_content, form, values, cut):
    """Any body: either files inside content/ that load, or IntakeError; never another error.
    What a successful run wrote is removed again, so every example starts from the same tree."""
    from sitegen.pipeline.build import load

    before = files_of(intake_content)
    body = issue_body(form, values)
    try:
        result = intake(body[:cut] if cut < len(body) else body, intake_content, 1)
    except IntakeError as error:
        assert error.problems and all(isinstance(p, str) and p for p in error.problems)
        assert files_of(intake_content) == before
        return
    for path in result.written:
        assert intake_content.resolve() in path.resolve().parents
    load(intake_content)  # what was written is valid content
    for relative in result.files:
        path = intake_content / relative
        if relative in before:
            path.write_bytes(before[relative])
        else:
            path.unlink()
    assert files_of(intake_content) == before


# -- diff: whatever the two sides hold -----------------------------------------------------

@pytest.fixture(scope="module")
def diff_repo(tmp_path_factory):
    import shutil

    from support import git

    root = tmp_path_factory.mktemp("diff")
    shutil.copytree(SITES / "full", root / "content")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-qm", "base")
    return root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=600) | st.text(max_size=600).map(lambda t: ("---\n" + t).encode("utf-8", "surrogatepass")))
def test_diff_summarises_any_file_without_a_traceback(diff_repo, data):
    """A changed record holding anything: a Markdown summary that names it, never an exception."""
    from sitegen.commands.diff import summary

    path = diff_repo / "content" / "initiatives" / "zorg-twente.md"
    before = path.read_bytes()
    path.write_bytes(data)
    try:
        text = summary("HEAD", diff_repo / "content")
    finally:
        path.write_bytes(before)
    assert text.startswith("## Wijzigingen in de gegevens")
    assert "content/initiatives/zorg-twente.md" in text or data == before
