"""Markdown bodies to safe HTML: python-markdown renders, nh3 sanitises.

nh3 (bindings to the Rust sanitiser ammonia) is a whitelist sanitiser, so any
tag, attribute or URL scheme not listed here is dropped, whatever an editor
types: raw HTML in Markdown is allowed by the format but can never run script.
"""

from __future__ import annotations

import hashlib
import re

import markdown
import nh3
from markdown import util
from markdown.treeprocessors import InlineProcessor, Treeprocessor

from sitegen.content import recordlinks
from sitegen.content.commonmark import GitHubReading

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "a", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "del", "s", "sup", "sub", "abbr", "dl", "dt", "dd",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Content of these is dropped with the tag (not kept as text).
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}


class _DemoteHeadings(Treeprocessor):
    """The page title is the only h1; a '# Kop' in a body becomes h2."""

    def run(self, root):
        for element in root.iter("h1"):
            element.tag = "h2"


# A link to another record's file ('../organisations/x.md') becomes this address plus the
# record's site path: absolute, so the sanitiser (which drops relative links) keeps it, and
# free of the base path, so a rendered body can be cached whatever the site's address.
# site_links() puts the base path in when the page is made. (.invalid is never a real host.)
RECORD_LINK = "https://record.invalid/"


# Any link to the marker host that this renderer did not make itself (an editor's raw HTML or
# Markdown link to it) loses its address, so the marker cannot be written in content. (Read in
# the sanitised HTML of one body, for that alone; links.page_links reads finished pages.)
_MARKED = re.compile(r'\shref="(https?://record\.invalid[^"]*)"', re.IGNORECASE)


class _RecordLinks(Treeprocessor):
    """Links to record files -> RECORD_LINK + page path; `folder` is that of the file being
    rendered. `made` holds the addresses it made in the current document.

    The one finder of the links an editor wrote in Markdown: it sees the links the Markdown
    reader made, so what the page shows as a link is what `check` checks (record_link_targets)."""

    folder = ""
    made: set[str] = set()
    targets: list[str] = []  # every link to a .md file, as written, in document order (for checking)

    def run(self, root):
        self.made, self.targets = set(), []
        for element in root.iter("a"):
            href = element.get("href", "")
            split = recordlinks.split_target(href, self.folder)
            if split is None:
                continue
            self.targets.append(href)
            path = recordlinks.page_path(split)
            if path is not None:
                element.set("href", RECORD_LINK + path)
                self.made.add(RECORD_LINK + path)


# What a piece of text must contain for an inline pattern to match in it (any one of these;
# lower-cased where the pattern ignores case). Python-Markdown tries all 17 patterns on every
# piece of text; most pieces are plain words, and trying a pattern costs more than looking
# for its characters. A pattern not listed is always tried.
INLINE_TRIGGERS = {
    "backtick": ("`",), "escape": ("\\",), "backslash_break": ("\\\n",), "linebreak": ("  \n",),
    "autolink": ("<",), "html": ("<",), "entity": ("&",), "magic-mail": ("@",),
    "reference": ("[",), "link": ("[",), "short_reference": ("[",),
    "image_link": ("![",), "image_reference": ("![",), "short_image_ref": ("![",),
    "em_strong": ("*", "_"), "delimiter": ("~",),
}
INLINE_TRIGGERS_IGNORING_CASE = {"magic-link": ("://", "www.")}


class _QuickInline(InlineProcessor):
    """Python-Markdown's inline processor, not trying a pattern on text that cannot hold it
    (the same HTML in half the time)."""

    _plan: list | None = None  # (pattern, triggers, triggers ignoring case), once all are registered

    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # overrides the private method
        if isinstance(data, util.AtomicString):
            return data
        if self._plan is None:
            patterns = list(self.inlinePatterns)  # in the registry's order (sorted by priority)
            names = [item.name for item in self.inlinePatterns._priority]
            self._plan = [(pattern, INLINE_TRIGGERS.get(name), INLINE_TRIGGERS_IGNORING_CASE.get(name))
                          for pattern, name in zip(patterns, names)]
        plan = self._plan
        lowered = None
        start = 0
        while patternIndex < len(plan):
            pattern, triggers, ignoring_case = plan[patternIndex]
            if ignoring_case is not None and lowered is None:
                lowered = data.lower()
            if ((triggers is not None and not any(map(data.__contains__, triggers)))
                    or (ignoring_case is not None and not any(map(lowered.__contains__, ignoring_case)))):
                patternIndex, start = patternIndex + 1, 0  # as after a pattern that found nothing
                continue
            data, matched, start = self._InlineProcessor__applyPattern(pattern, data, patternIndex, start)
            if matched:
                lowered = None
            else:
                patternIndex += 1
        return data


class _SiteExtension(markdown.Extension):
    """What the site does on purpose: h1 becomes h2, links to record files become page links."""

    def extendMarkdown(self, md):
        md.treeprocessors.register(_QuickInline(md), "inline", 20)
        md.treeprocessors.register(_DemoteHeadings(md), "demote_headings", 5)
        md.treeprocessors.register(_RecordLinks(md), "record_links", 4)


def _converter() -> markdown.Markdown:
    """Python-Markdown configured to render what GitHub's preview renders, so an editor's
    pull request preview matches the site: a list right after a paragraph (breakless
    lists), lists nested by two spaces (truly sane lists), bare URLs (magiclink),
    ~~strikethrough~~ (tilde), tables; and everything else read as CommonMark reads it
    (commonmark.GitHubReading, registered after the extensions it adjusts)."""
    return markdown.Markdown(
        extensions=["tables", "abbr", "def_list", "mdx_breakless_lists", "mdx_truly_sane_lists",
                    "pymdownx.tilde", "pymdownx.magiclink", GitHubReading(), _SiteExtension()],
        extension_configs={
            "mdx_truly_sane_lists": {"nested_indent": 2, "truly_sane": False},
            "pymdownx.tilde": {"subscript": False},
            "tables": {"use_align_attribute": True},  # the sanitiser keeps align, not style
            "pymdownx.magiclink": {"hide_protocol": False},
        },
        output_format="html",
    )


def body_key(text: str, folder: str = "") -> str:
    """What the rendered-Markdown cache is keyed by: the text, and the folder its links start from."""
    return hashlib.sha256(f"{folder}\0{text}".encode("utf-8")).hexdigest()


def site_links(html: str, base_path: str) -> str:
    """A rendered body's links to records, made into links on this site."""
    return html.replace(f'href="{RECORD_LINK}', f'href="{base_path}')


class Renderer:
    """Markdown to sanitised HTML with one converter, reset between documents (making a
    converter costs more than rendering a short body)."""

    def __init__(self):
        self._converter = _converter()

    def render(self, text: str, folder: str = "") -> tuple[str, tuple[str, ...]]:
        """(HTML, the destinations of its links to .md files). `folder`: the content folder of
        the text's file (initiatives, pages, ...), which links to record files are relative to."""
        converter = self._converter
        record_links = converter.treeprocessors["record_links"]
        record_links.folder = folder
        # Ended by a line break as cmark-gfm ends its output, so that the sanitiser closes tags an
        # editor left open as it does on GitHub; the break itself is not kept.
        html = converter.reset().convert(text) + "\n"
        made = record_links.made
        clean = nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            clean_content_tags=DROPPED_WITH_CONTENT,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_SCHEMES,
            link_rel="noopener noreferrer",
            url_relative="deny",  # relative links would break under a sub-path; and only http(s)/mailto may pass
            strip_comments=True,
        ).rstrip("\n")
        targets = tuple(record_links.targets)
        if "record.invalid" not in clean.lower():
            return clean, targets
        return _MARKED.sub(lambda m: m.group(0) if m.group(1) in made else "", clean), targets


def render_markdown(text: str, folder: str = "") -> str:
    """Markdown text from an editor -> sanitised HTML fragment. `folder`: the content folder of
    its file (initiatives, pages, ...), which links to other record files are relative to."""
    return Renderer().render(text, folder)[0]


def record_link_targets(text: str, folder: str = "") -> tuple[str, ...]:
    """The destinations of the links to .md files that the page will show, in order: the
    same reading of the Markdown decides what is checked (recordlinks.problems) and rendered.

    The one finder of the links between records an editor wrote in a body (recordlinks resolves
    them; links.page_links reads the links of a finished HTML page, for the link check). A body
    without '.md' has none, and is not rendered for it."""
    if ".md" not in text.lower():
        return ()
    return Renderer().render(text, folder)[1]
