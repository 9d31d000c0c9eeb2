from pathlib import Path

from sitegen.content.discover import SourceFile
from sitegen.content.frontmatter import parse_item, parse_yaml_file


def source(text: str, kind: str = "initiative") -> SourceFile:
    return SourceFile(Path("/x.md"), "content/initiatives/x.md", kind, "x", text.encode("utf-8"))


def test_positions_are_file_lines_including_the_opening_fence():
    doc, problems = parse_item(source("---\ntitle: Hallo\nregion: drenthe\n---\n\nTekst\n"))
    assert problems == []
    (title_key, title_value), (region_key, region_value) = doc.root.value
    assert doc.position(title_value) == (2, 8)
    assert doc.position(region_key) == (3, 1)
    assert doc.body == "\nTekst\n" and doc.body_line == 5


def test_values_keep_the_text_as_written():
    doc, _ = parse_item(source("---\nphone: 0201234567\ntitle: 2018\nsector: no\n---\nx\n"))
    values = {k.value: v.value for k, v in doc.root.value}
    assert values == {"phone": "0201234567", "title": "2018", "sector": "no"}


def test_windows_line_endings_and_bom_are_accepted():
    doc, problems = parse_item(source("\ufeff---\r\ntitle: Hallo\r\n---\r\nTekst\r\n"))
    assert problems == [] and doc.position(doc.root.value[0][1]) == (2, 8)


def test_aliases_are_refused_so_alias_bombs_cannot_expand():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    doc, problems = parse_yaml_file(SourceFile(Path("/s.yml"), "content/site.yml", "site", "site", bomb.encode()))
    assert doc is None
    assert problems[0].as_text().startswith("content/site.yml:2:8: ongeldige YAML: aliassen")


def test_deep_nesting_is_refused():
    deep = "a: " + "[" * 50 + "]" * 50 + "\n"
    doc, problems = parse_yaml_file(SourceFile(Path("/s.yml"), "content/site.yml", "site", "site", deep.encode()))
    assert doc is None and "te diep genest" in problems[0].message


def test_python_tags_are_never_executed(tmp_path):
    marker = tmp_path / "ran"
    doc, problems = parse_item(source(f"---\ntitle: !!python/object/apply:os.system ['touch {marker}']\n---\nx\n"))
    assert problems == []
    assert doc.root.value[0][1].tag == "tag:yaml.org,2002:python/object/apply:os.system"
    assert not marker.exists()
