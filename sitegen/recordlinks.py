"""Links between records in Markdown bodies, written as GitHub reads them: by file.

`[Alfa-college](../organisations/alfa-college.md)` in content/initiatives/x.md opens that
file on GitHub; on the site it becomes the organisation's page. A link is resolved against
the folder of the file it stands in, as GitHub does. Validation reports a link to a file
that does not exist at its line and column; markup.py turns the others into page URLs.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from typing import Iterator

from . import urls
from .diagnostics import MAX_PER_FILE

_INLINE = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s()<>]+)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)[^`].*?\1|(`+)`")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def split_target(target: str, folder: str) -> tuple[str, str, str] | None:
    """A relative link to a .md file -> (content folder, slug, '#fragment' or ''), else None.

    None for links that are not to a Markdown file at all (web addresses, anchors); a .md
    link that leaves the record folders gives ('', path, fragment)."""
    target = target.strip("<>")
    if _SCHEME.match(target) or target.startswith(("/", "#")):
        return None
    path, _, fragment = target.partition("#")
    path = path.split("?", 1)[0]
    if not path.endswith(".md"):
        return None
    resolved = posixpath.normpath(posixpath.join(folder, path))
    parts = resolved.split("/")
    if len(parts) != 2 or urls.folder_section(parts[0]) is None:
        return "", resolved, fragment and f"#{fragment}"
    return parts[0], parts[1][:-3], fragment and f"#{fragment}"


def page_path(target: str, folder: str) -> str | None:
    """The site path a link to a record file stands for ('organisaties/alfa-college/'), else None."""
    split = split_target(target, folder)
    if split is None or not split[0]:
        return None
    record_folder, slug, fragment = split
    return f"{urls.folder_section(record_folder)}{slug}/{fragment}"


def _targets(body: str) -> Iterator[tuple[int, int, str]]:
    """(line, column, destination) of every link outside code, 1-based, within the body."""
    in_fence = None
    for number, line in enumerate(body.split("\n"), start=1):
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)[0]
            in_fence = None if in_fence == marker else (in_fence or marker)
            continue
        if in_fence:
            continue
        visible = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
        for pattern in (_INLINE, _REFERENCE):
            for match in pattern.finditer(visible):
                yield number, match.start(1) + 1, match.group(1)


def problems(body: str, folder: str, slugs: dict[str, frozenset[str]]) -> list[tuple[int, int, str]]:
    """(line within the body, column, message) for each link to a record file that does not exist."""
    if ".md" not in body:
        return []  # most bodies link no record file: skip the line-by-line scan
    found = []
    for line, column, target in _targets(body):
        split = split_target(target, folder)
        if split is None:
            continue
        record_folder, slug, _ = split
        if not record_folder:
            found.append((line, column, f"link naar '{target}' leidt niet naar een initiatief, organisatie, "
                                        "nieuwsbericht of pagina in content/"))
        elif slug not in slugs.get(record_folder, ()):
            # Past the number of problems shown per file, a suggestion would never be read.
            close = difflib.get_close_matches(slug, sorted(slugs.get(record_folder, ())), n=1, cutoff=0.6) \
                if len(found) < MAX_PER_FILE else []
            hint = f"; bedoel je '{close[0]}.md'?" if close else ""
            found.append((line, column, f"link naar '{target}': het bestand content/{record_folder}/{slug}.md "
                                        f"bestaat niet{hint}"))
    return found
