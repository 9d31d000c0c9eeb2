"""Python-Markdown made to read Markdown as CommonMark, and GitHub's preview, read it.

Each class replaces or adjusts one part of Python-Markdown (or of the list extensions the site
uses) that reads a construction otherwise than the CommonMark spec; `GitHubReading` puts them
in place. tests/test_markdown_fidelity.py holds the result against cmark-gfm, GitHub's own
renderer: 59 everyday snippets exactly, and 90 % of the spec's examples, the rest explained.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata
import xml.etree.ElementTree as etree
from urllib.parse import quote

import markdown
from markdown import util
from markdown.blockprocessors import (
    BlockProcessor,
    BlockQuoteProcessor,
    HashHeaderProcessor,
    HRProcessor,
    ReferenceProcessor,
)
from markdown.inlinepatterns import (
    BACKTICK_RE,
    IMAGE_LINK_RE,
    LINK_RE,
    BacktickInlineProcessor,
    EscapeInlineProcessor,
    HtmlInlineProcessor,
    ImageInlineProcessor,
    InlineProcessor,
    LinkInlineProcessor,
)
from markdown.postprocessors import RawHtmlPostprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

_LIST_ITEM = re.compile(r"^( *)([-*+]|[0-9]{1,9}[.)])( +|$)")
_FENCE = re.compile(r"^ *(`{3,}|~{3,})")
NESTED_INDENT = 2  # what mdx_truly_sane_lists reads as one level of nesting


class _ListIndents(Preprocessor):
    """Nest lists as GitHub does, whatever the editor's indentation.

    In CommonMark an item is nested when its marker stands at or past the column where its
    parent's text starts ('- a' -> 2, '1. a' -> 3, '-   a' -> 4): so two, three or four spaces
    all nest. Python-Markdown wants a fixed step; this rewrites the indentation of list lines
    (and of the lines that continue an item) to that step. Lines outside lists are left exactly
    as written, and so is every line of a code fence, wherever it stands (shifted whole when its
    fence is)."""

    def run(self, lines):
        out = []
        items: list[tuple[int, int]] = []  # open list items: (text column as written, depth)
        fence: tuple[str, int] | None = None  # inside a code fence: (its marker, the shift applied)
        blank_before = True
        for line in lines:
            if fence is not None:  # code: as written, moved with its fence
                out.append(self._shift(line, fence[1]))
                if self._fence_marker(line) == fence[0]:
                    fence = None
                continue
            if not line.strip():
                out.append(line)
                blank_before = True
                continue
            indent = len(line) - len(line.lstrip(" "))
            item = _LIST_ITEM.match(line)
            if item:
                while items and indent < items[-1][0]:
                    items.pop()
                depth = len(items)
                spaces = len(item.group(3))
                items.append((item.end(2) + (spaces if 0 < spaces <= 4 else 1), depth))
                new_indent = NESTED_INDENT * depth
            else:
                lazy = not blank_before and not line.lstrip().startswith(("#", ">", "|", "```", "~~~"))
                while items and indent < items[-1][0] and not lazy:
                    items.pop()
                if items and indent >= items[-1][0]:
                    column, depth = items[-1]
                    new_indent = NESTED_INDENT * (depth + 1) + indent - column
                else:
                    new_indent = indent  # outside any list, or a lazy continuation line
            out.append(" " * new_indent + line[indent:])
            marker = self._fence_marker(line)
            if marker:
                fence = (marker, new_indent - indent)
            blank_before = False
        return out

    @staticmethod
    def _fence_marker(line: str) -> str | None:
        match = _FENCE.match(line)
        return match.group(1)[0] * 3 if match else None

    @staticmethod
    def _shift(line: str, shift: int) -> str:
        if shift >= 0:
            return " " * shift + line if line.strip() else line
        removable = min(-shift, len(line) - len(line.lstrip(" ")))
        return line[removable:]


def _in_list_item(lines_before: list[str]) -> bool:
    """Whether an indented line that follows these lines continues a list item: the last line
    with text is an item's or indented too (blank lines would end the item; a block of its own
    there would split the list)."""
    before = next((line for line in reversed(lines_before) if line.strip()), "")
    return bool(_LIST_ITEM.match(before)) or before.startswith(" ")


class _FencedCode(Preprocessor):
    """Fenced code as CommonMark reads it: up to three spaces before a fence of three or more
    backticks or tildes, closed by a fence of the same kind at least as long (or the end of the
    text), the content moved left by the opening fence's indentation. Shown as GitHub shows it:
    <pre lang="first word of the info string"><code>. Stored whole, so nothing in it is read as
    Markdown."""

    OPENING = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")

    def run(self, lines):
        out: list[str] = []
        index = 0
        while index < len(lines):
            opening = self.OPENING.match(lines[index])
            if not opening or (opening.group("fence")[0] == "`" and "`" in opening.group("info")):
                out.append(lines[index])
                index += 1
                continue
            fence, indent = opening.group("fence"), opening.group("indent")
            closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            code = []
            index += 1
            while index < len(lines) and not closing.match(lines[index].rstrip("\r")):
                line = lines[index].rstrip("\r")
                code.append(line[min(len(indent), len(line) - len(line.lstrip(" "))):])
                index += 1
            if index < len(lines):
                index += 1  # past the closing fence
            else:  # never closed: it runs to the end of the text, less the blank lines there
                while code and not code[-1].strip():
                    code.pop()
                    index -= 1
            placeholder = indent + self.md.htmlStash.store(self._html(opening.group("info"), code))
            # A block of its own, so it cannot end up inside a paragraph; but within a list item
            # (indented, after an item's line) blank lines would split the list.
            out += [placeholder] if indent and _in_list_item(out) else ["", placeholder, ""]
        return out

    @staticmethod
    def _html(info: str, code: list[str]) -> str:
        words = info.split()
        language = _unescaped(words[0]) if words else ""
        attribute = f' lang="{html.escape(language)}"' if language else ""
        text = "".join(html.escape(line, quote=False) + "\n" for line in code)
        return f"<pre{attribute}><code>{text}</code></pre>"


_HTML_ATTRIBUTE = r"""\s+[A-Za-z_:][A-Za-z0-9_.:\-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?"""  # CommonMark's
_BLOCK_TAGS = ("address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|"
               "dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|"
               "iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|"
               "summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul")


class _HtmlBlocks(Preprocessor):
    """Raw HTML blocks where CommonMark sees them (its seven kinds, each with its own end: a
    closing tag, '-->', '?>', '>', ']]>' or a blank line), kept whole and unread as Markdown.
    The sanitiser then decides what of them may stay."""

    KINDS = (  # (start, end on the same or a later line; None: a blank line ends it, paragraph may be interrupted)
        (re.compile(r"^ {0,3}<(?:pre|script|style|textarea)(?:\s|>|$)", re.I),
         re.compile(r"</(?:pre|script|style|textarea)>", re.I), True),
        (re.compile(r"^ {0,3}<!--"), re.compile(r"-->"), True),
        (re.compile(r"^ {0,3}<\?"), re.compile(r"\?>"), True),
        (re.compile(r"^ {0,3}<![A-Za-z]"), re.compile(r">"), True),
        (re.compile(r"^ {0,3}<!\[CDATA\["), re.compile(r"\]\]>"), True),
        (re.compile(rf"^ {{0,3}}</?(?:{_BLOCK_TAGS})(?:\s|/?>|$)", re.I), None, True),
        (re.compile(rf"^ {{0,3}}(?:<(?!(?:pre|script|style|textarea)\b)[A-Za-z][A-Za-z0-9\-]*(?:{_HTML_ATTRIBUTE})*\s*/?>"
                    r"|</[A-Za-z][A-Za-z0-9\-]*\s*>)\s*$", re.I), None, False),
    )

    def __init__(self, md):
        super().__init__(md)
        self.blocks: set[str] = set()  # what was stored, so that it is not wrapped in <p> again

    def run(self, lines):
        self.blocks.clear()  # of the previous document
        out: list[str] = []
        index, paragraph = 0, False
        while index < len(lines):
            line = lines[index]
            kind = self._kind(line, paragraph, out)
            if kind is None:
                out.append(line)
                paragraph = bool(line.strip()) and not line.startswith("    ")
                index += 1
                continue
            _, end, _ = kind
            block = []
            while index < len(lines):
                if end is None and not lines[index].strip():
                    break
                block.append(lines[index])
                index += 1
                if end is not None and end.search(block[-1]):
                    break
            html = "\n".join(block)
            self.blocks.add(html)
            out += ["", self.md.htmlStash.store(html), ""]
            paragraph = False
        return out

    def _kind(self, line, paragraph: bool, out: list[str]):
        if not line.startswith("<") and not line.startswith(" "):
            return None
        if line.startswith(" ") and _in_list_item(out):
            return None
        for kind in self.KINDS:
            if kind[0].match(line) and (kind[2] or not paragraph):
                return kind
        return None


class _HtmlBlockPlaceholders(RawHtmlPostprocessor):
    """An HTML block takes the place of its placeholder without a <p> around it, whatever its tag."""

    def isblocklevel(self, html: str) -> bool:
        return html in self.md.preprocessors["html_block"].blocks or super().isblocklevel(html)


class _TaskItems(Treeprocessor):
    """'- [ ] open' and '- [x] klaar' as GitHub's task lists, shown as ☐ and ☑ (no form controls)."""

    MARK = re.compile(r"^\[([ xX])\]\s+")

    def run(self, root):
        for item in root.iter("li"):
            holder = item if (item.text or "").strip() or len(item) == 0 else item[0]
            if holder is not item and holder.tag != "p":
                continue
            match = self.MARK.match(holder.text or "")
            if match:
                holder.text = ("☐ " if match.group(1) == " " else "☑ ") + holder.text[match.end():]


class _EmphasisOrder(Treeprocessor):
    """'***both***' as GitHub nests it: <em><strong>, not <strong><em> (the same look, the same HTML)."""

    def run(self, root):
        for strong in root.iter("strong"):
            if len(strong) == 1 and strong[0].tag == "em" and not (strong.text or "").strip() \
                    and not (strong[0].tail or "").strip():
                em = strong[0]
                strong.tag, em.tag = "em", "strong"


class _ListsAndLines(Treeprocessor):
    """What CommonMark decides over a whole list or paragraph, after Python-Markdown built it:
    a list with one loose item (a paragraph in it) is loose throughout; an ordered list's start
    is a number ('003.' starts at 3); lines joined by a soft break lose their indentation."""

    INDENT_AFTER_BREAK = re.compile(r" ?\n[ \t]*")  # (two spaces before it made a <br> already)
    INLINE = {"a", "em", "strong", "del", "s", "sup", "sub", "abbr", "b", "i", "br"}

    def run(self, root):
        for element in root.iter():
            if element.tag in ("ul", "ol") and any(self._loose(item) for item in element):
                for item in element:
                    self._loosen(item)
            if element.tag == "ol" and "start" in element.attrib:
                number = int(element.get("start"))
                if number == 1:
                    del element.attrib["start"]
                else:
                    element.set("start", str(number))
        self._soft_breaks(root)

    def _loose(self, item) -> bool:
        """A paragraph in it, or text followed by indented code (which needs a blank line before it)."""
        if item.find("p") is not None:
            return True
        has_text = bool((item.text or "").strip()) or (len(item) and item[0].tag in self.INLINE)
        return bool(has_text and item.find("pre") is not None)

    def _loosen(self, item) -> None:
        """Put the item's leading text and inline elements in a paragraph of their own."""
        inline = []
        for child in item:
            if child.tag not in self.INLINE:
                break
            inline.append(child)
        if not (item.text or "").strip() and not inline:
            return
        paragraph = etree.Element("p")
        paragraph.text, item.text = item.text, None
        for child in inline:
            item.remove(child)
            paragraph.append(child)
        if inline and inline[-1].tail and not inline[-1].tail.strip():
            inline[-1].tail = None
        item.insert(0, paragraph)

    def _soft_breaks(self, element) -> None:
        if element.tag in ("pre", "code"):
            return
        if element.text and not isinstance(element.text, util.AtomicString):
            element.text = self.INDENT_AFTER_BREAK.sub("\n", element.text)
        for child in element:
            self._soft_breaks(child)
            if child.tail:
                child.tail = self.INDENT_AFTER_BREAK.sub("\n", child.tail)


class _NoStrongInStrong(Treeprocessor):
    """'****vet****' and '**vet **ook** vet**' once bold, as GitHub shows them: cmark-gfm writes no
    strong element directly inside another."""

    def run(self, root):
        while True:
            pair = next(((strong, inner) for strong in root.iter("strong") for inner in strong if inner.tag == "strong"),
                        None)
            if pair is None:
                return
            _unwrap(*pair)


def _unwrap(parent, child) -> None:
    """Put child's text and children in its place in parent."""
    index = list(parent).index(child)
    before = parent[index - 1] if index else None
    text = (child.text or "")
    if before is None:
        parent.text = (parent.text or "") + text
    else:
        before.tail = (before.tail or "") + text
    parent.remove(child)
    for offset, grandchild in enumerate(list(child)):
        parent.insert(index + offset, grandchild)
    last = parent[index + len(child) - 1] if len(child) else (parent[index - 1] if index else None)
    if last is None:
        parent.text = (parent.text or "") + (child.tail or "")
    else:
        last.tail = (last.tail or "") + (child.tail or "")


# CommonMark's punctuation: ASCII punctuation and Unicode's P categories, as a character class.
_PUNCTUATION = re.escape(string.punctuation) + "".join(
    re.escape(chr(c)) for c in range(0xA1, 0x10000) if unicodedata.category(chr(c)).startswith("P"))


def _flanking_runs(token: str) -> re.Pattern:
    """Runs of * or _ sorted as CommonMark sorts them by what stands on either side (its
    left- and right-flanking rules): one that can open ('start'), close ('end') or both."""
    t, p = re.escape(token), _PUNCTUATION
    whole = f"{t}++"  # the whole run (possessive): what follows it is what follows all of it
    left = rf"(?={whole}(?!\s|$))(?:(?={whole}(?![{p}]))|(?<![^\s{p}]))"
    right = rf"(?<=[^\s])(?:(?<![{p}])|(?={whole}(?:[\s{p}]|$)))"
    if token == "_":  # within a word '_' neither opens nor closes
        opens, closes = rf"{left}(?<![^\s{p}])", rf"{right}(?={whole}(?:[\s{p}]|$))"
    else:
        opens, closes = left, right
    run = rf"(?<!{t}){t}+"
    return re.compile(rf"(?P<ambiguous>{opens}{closes}{run})|(?P<end>{closes}{run})|(?P<start>{opens}{run})")


class _BackslashBreak(InlineProcessor):
    """A backslash at the end of a line is a hard line break, as in CommonMark."""

    def handleMatch(self, m, data):
        return etree.Element("br"), m.start(0), m.end(0)  # the serialiser writes the line break after it


class _CodeSpan(BacktickInlineProcessor):
    """Code spans as CommonMark reads them: closed only by a run of exactly as many backticks
    (else the backticks are text), line endings become spaces, and one space is taken off each
    side only when both sides have one (so `` ` a` `` keeps its space)."""

    def handleMatch(self, m, data):
        if m.group(1):  # escaped backslashes before a backtick
            return super().handleMatch(m, data)
        begin = m.start(0)
        ticks = len(data) - len(data[begin:].lstrip("`")) - begin
        closing = re.compile(rf"(?<!`)`{{{ticks}}}(?!`)").search(data, begin + ticks)
        if closing is None:
            return util.AtomicString("`" * ticks), begin, begin + ticks
        text = data[begin + ticks:closing.start()].replace("\n", " ")
        if len(text) > 1 and text[0] == " " and text[-1] == " " and text.strip(" "):
            text = text[1:-1]
        element = etree.Element("code")
        element.text = util.AtomicString(util.code_escape(text))
        return element, begin, closing.end()


class _Autolink(InlineProcessor):
    """'<https://...>' and '<naam@voorbeeld.nl>' as CommonMark reads them: any scheme (the
    sanitiser then keeps only http(s) and mailto), no spaces, and no backslash escapes inside.
    The address is percent-encoded as cmark-gfm encodes it."""

    PATTERN = (r"<(?:(?P<uri>[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>\x00-\x1f]*)|(?P<email>[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+"
               r"@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*))>")
    SAFE = "-_.+!*'(),%#@?=;:/&$~"

    def handleMatch(self, m, data):
        address = m.group("uri") or m.group("email")
        link = etree.Element("a")
        link.set("href", quote(address if m.group("uri") else f"mailto:{address}", safe=self.SAFE))
        link.text = util.AtomicString(address)
        return link, m.start(0), m.end(0)


class _RawHtml(HtmlInlineProcessor):
    """Inline HTML only where CommonMark sees a tag, comment, declaration, processing instruction
    or CDATA section; anything else in angle brackets is text ('<m:abc>', '<a h*#ref="hi">')."""

    PATTERN = (rf"(?<!\\)(<[A-Za-z][A-Za-z0-9\-]*(?:{_HTML_ATTRIBUTE})*\s*/?>|</[A-Za-z][A-Za-z0-9\-]*\s*>"
               r"|<!-->|<!--->|<!--.*?-->|<\?.*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[.*?\]\]>)")


class _Labels(dict):
    """Link reference labels matched as CommonMark matches them: case folded ('ẞ' is 'SS'),
    runs of white space as one space."""

    @staticmethod
    def _label(key: str) -> str:
        return " ".join(key.split()).casefold()

    def __setitem__(self, key, value):
        super().__setitem__(self._label(key), value)

    def __getitem__(self, key):
        return super().__getitem__(self._label(key))

    def __contains__(self, key):
        return super().__contains__(self._label(key))


class _Destination:
    """The '(address "title")' after a link's text as CommonMark reads it: an address in <...>
    or without spaces (parentheses balanced), then, after white space, a title in "...", '...'
    or (...); else it is no inline link (and may still be a reference, '[text]')."""

    def getLink(self, data: str, index: int):
        failed = "", None, index, False
        if not data.startswith("(", index):
            return failed
        position = self._space(data, index + 1)
        if data.startswith("<", position):
            end = position + 1
            while end < len(data) and data[end] not in "<>\n":
                end += 1
            if not data.startswith(">", end):
                return failed
            href, position = data[position + 1:end], end + 1
        else:
            start, depth = position, 0
            while position < len(data):
                c = data[position]
                if c == "(":
                    depth += 1
                elif c == ")":
                    if depth == 0:
                        break
                    depth -= 1
                elif c in " \t\n" or (ord(c) < 0x20 and c not in (util.STX, util.ETX)):
                    break
                position += 1
            if depth:
                return failed
            href = data[start:position]
        title = None
        after = self._space(data, position)
        if after > position and after < len(data) and data[after] in "\"'(":
            closer = ")" if data[after] == "(" else data[after]
            end = after + 1
            while end < len(data) and data[end] != closer:
                if closer == ")" and data[end] == "(":
                    return failed
                end += 1
            if end >= len(data):
                return failed
            title, after = data[after + 1:end], self._space(data, end + 1)
        if not data.startswith(")", after):
            return failed
        return self.unescape(href), (self.unescape(title) if title is not None else None), after + 1, True

    @staticmethod
    def _space(data: str, index: int) -> int:
        """Past spaces and tabs, with at most one line ending among them."""
        while index < len(data) and data[index] in " \t":
            index += 1
        if index < len(data) and data[index] == "\n":
            index += 1
            while index < len(data) and data[index] in " \t":
                index += 1
        return index


class _Link(_Destination, LinkInlineProcessor):
    pass


class _Image(_Destination, ImageInlineProcessor):
    pass


class _Escape(EscapeInlineProcessor):
    """'\\&ouml;' is the text '&ouml;', not 'ö': an escaped ampersand starts no entity."""

    def handleMatch(self, m, data):
        if m.group(1) == "&":
            return util.AtomicString("&amp;"), m.start(0), m.end(0)
        return super().handleMatch(m, data)


def _unescaped(text: str | None) -> str | None:
    """Backslash escapes and entities of a link definition's address or title, resolved."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)) if text else text


class _References(ReferenceProcessor):
    """Link reference definitions whose address and title take escapes and entities, as CommonMark's do."""

    def run(self, parent, blocks):
        references = self.parser.md.references
        known = set(references)
        found = super().run(parent, blocks)
        for name in references.keys() - known:
            link, title = references[name]
            references[name] = (_unescaped(link), _unescaped(title))
        return found


class _BlockQuote(BlockQuoteProcessor):
    """A blank line ends a quote: '> een\n\n> twee' is two quotes, as in CommonMark."""

    def lastChild(self, parent):
        child = super().lastChild(parent)
        return None if child is not None and child.tag == "blockquote" else child


class _Rule(HRProcessor):
    """A thematic break as CommonMark reads it: three or more -, _ or *, spaces anywhere between."""

    RE = r"^[ ]{0,3}(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$"
    SEARCH_RE = re.compile(RE, re.MULTILINE)


class _AtxHeading(HashHeaderProcessor):
    """'# Kop' as CommonMark reads it: up to three spaces before, a space after the hashes (so
    '#hashtag' and '#5' stay text), and a closing run of hashes only after a space."""

    RE = re.compile(r"(?:^|\n)[ ]{0,3}(?P<level>#{1,6})(?P<header>(?:[ \t]+[^\n]*?)??)(?:[ \t]+#+)?[ \t]*(?:\n|$)")

    def test(self, parent, block):
        # Python-Markdown's own test (3.11.4) looks for '#' at the start of a line only, which
        # would pass over the indented headings this pattern allows.
        return "#" in block and bool(self.RE.search(block))


class _SetextHeading(BlockProcessor):
    """An underlined heading as CommonMark reads it: every line of a paragraph above a line of
    '=' or '-' (up to three spaces before it), not a list item, quote or rule above it."""

    UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
    INTERRUPTS = re.compile(r"^ {0,3}(?:[-+*](?:[ \t]|$)|[0-9]{1,9}[.)](?:[ \t]|$)|>|#{1,6}(?:[ \t]|$)|`{3}|~{3}"
                            r"|\[[^\]]+\]:)")  # ... or a link reference definition
    RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$")

    def _underline(self, lines: list[str], parent) -> int | None:
        """The index of the underline of the paragraph the block starts with, if it has one. In a
        quote only the second line: a later one may have been a lazy line outside the quote."""
        for index, line in enumerate(lines[:2] if parent.tag == "blockquote" else lines):
            if index > 0 and self.UNDERLINE.match(line):
                return index
            if self.INTERRUPTS.match(line) or self.RULE.match(line) or not line.strip():
                return None
        return None

    def test(self, parent, block):
        return self._underline(block.split("\n"), parent) is not None

    def run(self, parent, blocks):
        lines = blocks.pop(0).split("\n")
        underline = self._underline(lines, parent)
        heading = etree.SubElement(parent, "h1" if lines[underline].strip().startswith("=") else "h2")
        heading.text = "\n".join(line.strip() for line in lines[:underline])
        if underline + 1 < len(lines):
            blocks.insert(0, "\n".join(lines[underline + 1:]))


class GitHubReading(markdown.Extension):
    """Python-Markdown, with the extensions named before it, made to read what an editor writes
    as cmark-gfm (GitHub's preview) reads it."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(_TaskItems(md), "task_items", 3)
        md.treeprocessors.register(_EmphasisOrder(md), "emphasis_order", 2)
        md.treeprocessors.register(_NoStrongInStrong(md), "no_strong_in_strong", 1)
        md.treeprocessors.register(_ListsAndLines(md), "lists_and_lines", 0.5)
        for token, delimiter in md.inlinePatterns["em_strong"].delimiters.items():
            delimiter.boundary = _flanking_runs(token)
        md.preprocessors.register(_ListIndents(md), "list_indents", 40)
        # After normalize_whitespace, which would remove the placeholders it stores.
        md.preprocessors.register(_FencedCode(md), "fenced_code", 28)
        md.preprocessors.register(_HtmlBlocks(md), "html_block", 20)
        md.postprocessors.register(_HtmlBlockPlaceholders(md), "raw_html", 30)
        md.inlinePatterns.register(_BackslashBreak(r"\\\n", md), "backslash_break", 185)
        md.parser.blockprocessors["olist"].LAZY_OL = False  # an ordered list starts at its written number
        # List items as CommonMark reads them, wherever the list extensions look for one: '1)' as
        # '1.', at most nine digits, an item may be empty ('-' alone); and only a list that starts
        # at 1 may interrupt a paragraph ('... is\n14. ...' is one paragraph).
        for processor, attributes in ((md.parser.blockprocessors["olist"], ("RE", "CHILD_RE", "INDENT_RE")),
                                      (md.parser.blockprocessors["ulist"], ("RE", "CHILD_RE", "INDENT_RE"))):
            for attribute in attributes:
                pattern = getattr(processor, attribute).pattern.replace(r"\d+\.", r"\d{1,9}[.)]")
                setattr(processor, attribute, re.compile(pattern.replace("[ ]+(.*)", "(?:[ ]+|$)(.*)")))
        breakless = md.preprocessors["breakless_lists"]
        breakless.LI_RE = re.compile(breakless.LI_RE.pattern.replace(r"\d+\.", "1[.)]"))
        md.ESCAPED_CHARS = list(string.punctuation)  # CommonMark: a backslash escapes any ASCII punctuation
        md.inlinePatterns.register(_CodeSpan(BACKTICK_RE), "backtick", 190)
        md.parser.blockprocessors.register(_AtxHeading(md.parser), "hashheader", 70)
        md.parser.blockprocessors.register(_SetextHeading(md.parser), "setextheader", 60)
        md.parser.blockprocessors.register(_Rule(md.parser), "hr", 50)
        md.inlinePatterns.deregister("automail")
        md.inlinePatterns.register(_Autolink(_Autolink.PATTERN, md), "autolink", 187)  # before escapes
        md.inlinePatterns.register(_RawHtml(_RawHtml.PATTERN, md), "html", 182)  # no escapes within a tag
        md.inlinePatterns.register(_Escape(r"\\(.)", md), "escape", 180)
        md.parser.blockprocessors.register(_BlockQuote(md.parser), "quote", 20)
        md.parser.blockprocessors.register(_References(md.parser), "reference", 15)
        md.references = _Labels()
        md.inlinePatterns.register(_Link(LINK_RE, md), "link", 160)
        md.inlinePatterns.register(_Image(IMAGE_LINK_RE, md), "image_link", 150)
        for name in ("reference", "image_reference"):  # '[tekst] [label]' is no reference: no space between
            md.inlinePatterns[name].RE_LINK = re.compile(r"\[([^\]]*)\]", re.DOTALL)
