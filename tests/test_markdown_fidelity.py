"""What an editor sees in GitHub's preview is what the site shows.

The oracle is GitHub's own renderer, cmark-gfm (the `cmarkgfm` package), run through the
site's sanitiser. Differences the site makes on purpose are applied to the oracle's output
first, and documented in CONTRIBUTING.md: a `# heading` becomes h2 (the page title is the
only h1), and task list items show ☐/☑ instead of disabled checkboxes. Whitespace between
block elements does not count (it renders the same)."""

from __future__ import annotations

import collections
import math
import re

import cmarkgfm
import nh3
import pytest
from cmarkgfm.cmark import Options
from support import TESTS

from sitegen.content import markup
from sitegen.content.markup import render_markdown

SPEC = TESTS / "node_modules" / "commonmark-spec" / "spec.txt"
TASK = re.compile(r'<input type="checkbox"( checked="")? disabled="" ?/?>\s?')
BLOCK = r"(?:ul|ol|li|p|table|thead|tbody|tr|th|td|h[1-6]|blockquote|pre|hr|br|dl|dt|dd)"


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=markup.ALLOWED_TAGS, clean_content_tags=markup.DROPPED_WITH_CONTENT,
                     attributes=markup.ALLOWED_ATTRIBUTES, url_schemes=markup.ALLOWED_SCHEMES,
                     link_rel="noopener noreferrer", url_relative="deny", strip_comments=True)


def github(text: str) -> str:
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    html = TASK.sub(lambda m: "☑ " if m.group(1) else "☐ ", html)
    return sanitise(re.sub(r"<(/?)h1\b", r"<\1h2", html))


def normal(html: str) -> str:
    html = re.sub(rf"\s+(<{BLOCK}\b|</{BLOCK}>)", r"\1", html)
    return re.sub(rf"(<{BLOCK}\b[^>]*>|</{BLOCK}>)\s+", r"\1", html).strip()


EVERYDAY = {
    "paragraphs": "Eerste alinea.\n\nTweede alinea.\n",
    "emphasis": "Dit is *schuin*, **vet** en ***beide***.\n",
    "underscores": "Dit is _schuin_ en __vet__.\n",
    "link": "Zie [de site](https://www.voorbeeld.nl/).\n",
    "link with title": 'Zie [de site](https://www.voorbeeld.nl/ "Voorbeeld").\n',
    "mailto link": "Mail [ons](mailto:info@voorbeeld.nl).\n",
    "bare url": "Zie https://www.voorbeeld.nl/pagina voor meer.\n",
    "www link": "Zie www.voorbeeld.nl voor meer.\n",
    "e-mail address": "Mail info@voorbeeld.nl voor meer.\n",
    "atx heading": "## Doelen\n\nTekst.\n",
    "atx heading level 3": "### Aanpak\n\nTekst.\n",
    "setext heading": "Doelen\n------\n\nTekst.\n",
    "heading h1": "# Titel\n\nTekst.\n",
    "setext h1": "Titel\n=====\n\nTekst.\n",
    "bullets": "- een\n- twee\n- drie\n",
    "bullets with stars": "* een\n* twee\n",
    "list right after a paragraph": "Wat we doen:\n- stages\n- gastlessen\n",
    "nested by two spaces": "- een\n  - een a\n  - een b\n- twee\n",
    "nested by four spaces": "- een\n    - een a\n    - een b\n- twee\n",
    "ordered, nested by three": "1. een\n   1. een a\n2. twee\n",
    "three levels": "- a\n  - b\n    - c\n",
    "ordered": "1. een\n2. twee\n3. drie\n",
    "ordered from 3": "3. drie\n4. vier\n",
    "a year at the start of a line": "2019. Het jaar waarin het begon.\n",
    "task list": "- [ ] open\n- [x] klaar\n",
    "table": "| Regio | Aantal |\n|---|---|\n| Drenthe | 3 |\n",
    "table aligned left and right": "| Regio | Aantal |\n|:---|---:|\n| Drenthe | 3 |\n",
    "table centred": "| a | b |\n|:-:|:-:|\n| 1 | 2 |\n",
    "hard break by two spaces": "Regel een  \nRegel twee\n",
    "hard break by a backslash": "Regel een\\\nRegel twee\n",
    "soft break": "Regel een\nRegel twee\n",
    "blockquote": "> Een citaat.\n",
    "fenced code": "```\ncode hier\n```\n",
    "inline code": "Gebruik `check` om te controleren.\n",
    "strikethrough": "Dit is ~~oud~~ nieuw.\n",
    "horizontal rule": "Boven\n\n---\n\nOnder\n",
    "escaped stars": "Een \\*ster\\*.\n",
    "ampersand": "Vmbo & mbo.\n",
    "loose list": "- een\n\n- twee\n\n- drie\n",
    "a paragraph inside a list item": "- een\n\n  Meer over een.\n\n- twee\n",
    "a hashtag at the start of a line": "#vmbo en #mbo werken samen.\n",
    "a heading with closing hashes": "## Doelen ##\n",
    "a heading over two lines": "Samen werken\nin de regio\n============\n",
    "indented lines of a paragraph": "Eerste regel\n   tweede regel\n",
    "code span with backticks inside": "Typ `` `check` `` in de terminal.\n",
    "fenced code with a language": "```sh\npython build.py check\n```\n",
    "fenced code with tildes": "~~~\ncode\n~~~\n",
    "fenced code in a list item": "1. Installeer:\n\n   ```sh\n   pip install -e .\n   ```\n\n2. Bouw de site.\n",
    "fenced code right after a paragraph": "Zo:\n```\ncode\n```\n",
    "escaped punctuation": "Een \\<tag\\> en 100\\%.\n",
    "ordered with a parenthesis": "Stappen:\n1) aanmelden\n2) meedoen\n",
    "stars next to punctuation": "Een prijs van 5*3* euro en *\"citaat\"* hier.\n",
    "bold inside bold": "**Let op: **echt** belangrijk**\n",
    "a list loose after its first items": "- een\n- twee\n\n- drie\n",
    "a number that only looks like a list": "Het aantal scholen is\n14. Dat zijn er veel.\n",
    "an item's indented second line": "1.  Een stap\n    over twee regels.\n",
    "two quotes": "> Eerste citaat.\n\n> Tweede citaat.\n",
    "an escaped ampersand": "Schrijf \\&amp; voor een ampersand.\n",
    "a fence left open": "```\ncode tot het einde\n",
}


@pytest.mark.parametrize("text", EVERYDAY.values(), ids=EVERYDAY.keys())
def test_everyday_markdown_looks_as_in_githubs_preview(text):
    assert normal(render_markdown(text)) == normal(github(text))


def spec_examples() -> list[tuple[str, str]]:
    """(section, Markdown) of every example in the CommonMark spec (the npm package commonmark-spec)."""
    assert SPEC.is_file(), "commonmark-spec missing: run `npm ci --prefix tests` (tests/run.sh does)"
    examples, section = [], ""
    lines = SPEC.read_text(encoding="utf-8").split("\n")
    fence = "`" * 32
    i = 0
    while i < len(lines):
        if lines[i].startswith("#") and not lines[i].startswith(fence):
            section = lines[i].lstrip("#").strip()
        if lines[i] == f"{fence} example":
            end = lines.index(".", i)
            examples.append((section, "\n".join(lines[i + 1:end]).replace("→", "\t") + "\n"))
            i = lines.index(fence, end)
        i += 1
    return examples


# Where the site still differs from cmark-gfm on the spec's own examples, by section: at most
# how many, and why. Most are Python-Markdown's block model in constructions an editor hardly
# writes (it cuts the text at blank lines first and nests by fixed indentation); one is on purpose.
KNOWN_DIFFERENCES = {
    "Tabs": (4, "a tab in indented code becomes spaces: Python-Markdown expands tabs before anything else"),
    "Backslash escapes": (1, "the same: a tab after a backslash becomes spaces"),
    "Indented code blocks": (3, "indented code ends at a blank line before a list item; trailing spaces on its lines go"),
    "Fenced code blocks": (2, "a fence inside a quote; a line of spaces in a fence loses them"),
    "HTML blocks": (8, "on purpose: GitHub shows <script>, <style> and <textarea> as text, the site drops them "
                       "with their content; also an HTML block inside a quote or with a fence on its next line"),
    "Link reference definitions": (5, "a definition over several lines, with escaped brackets in its label, "
                                      "or right after a paragraph line"),
    "Block quotes": (4, "lazy continuation: a line without '>' after one with it"),
    "List items": (11, "content that starts 5 or more spaces after the marker, on the line after an empty marker, "
                       "or a heading underlined inside an item"),
    "Lists": (8, "a new bullet character or delimiter starts a new list; items indented 1-3 spaces more than "
                 "their siblings; fences spanning an item"),
    "Code spans": (2, "a backtick inside an HTML tag or autolink: Python-Markdown reads code spans first"),
    "Links": (13, "a link inside link text (in CommonMark the inner one wins), escaped brackets or nothing in "
                  "a label"),
    "Autolinks": (2, "an address in <> that is no autolink: GitHub links the bare URL inside it"),
}


def test_nine_in_ten_commonmark_spec_examples_agree_and_every_other_is_explained():
    examples = spec_examples()
    assert len(examples) == 652
    differing = collections.Counter(section for section, text in examples
                                    if normal(render_markdown(text)) != normal(github(text)))
    agreeing = len(examples) - sum(differing.values())
    assert agreeing >= math.ceil(0.9 * len(examples)), f"{agreeing} agree; differing by section: {dict(differing)}"
    unexplained = {section: count for section, count in differing.items()
                   if count > KNOWN_DIFFERENCES.get(section, (0, ""))[0]}
    assert not unexplained, f"more differences than KNOWN_DIFFERENCES explains: {unexplained}"


@pytest.mark.parametrize("text", [
    "- een\n\nEen alinea.\n\n```\n- geen lijst\n    - ook niet\n```\n",
    "Tekst.\n\n```\n1. stap\n   1. substap\n```\n",
])
def test_code_is_shown_exactly_as_written_even_when_it_looks_like_a_list(text):
    code = re.search(r"<code>(.*?)</code>", render_markdown(text), re.S).group(1)
    expected = text.split("```\n")[1]
    assert code.strip("\n") == expected.strip("\n")


def test_skipping_patterns_that_cannot_match_changes_no_output():
    # markup._QuickInline does not try an inline pattern on text lacking its characters
    # (INLINE_TRIGGERS); Python-Markdown's own inline processor, which tries every pattern on
    # every piece of text, is the oracle. A pattern added without its trigger is always tried.
    from markdown.treeprocessors import InlineProcessor

    quick, stock = markup._converter(), markup._converter()
    stock.treeprocessors.register(InlineProcessor(stock), "inline", 20)
    assert type(quick.treeprocessors["inline"]) is markup._QuickInline
    texts = [text for _, text in spec_examples()] + list(EVERYDAY.values()) + [
        "WWW.Voorbeeld.nl en HTTPS://x.nl", "a  \nb\\\nc", "![beeld](x.png) &amp; ~~weg~~ _ja_ *ja* `c`",
        "<b>vet</b> <https://x.nl> mail@voorbeeld.nl"]
    for text in texts:
        assert quick.reset().convert(text) == stock.reset().convert(text), text
