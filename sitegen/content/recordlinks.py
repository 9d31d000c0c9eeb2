"""Links between records in Markdown bodies, written as GitHub reads them: by file.

`[Alfa-college](../organisations/alfa-college.md)` in content/initiatives/x.md opens that
file on GitHub; on the site it becomes the organisation's page. A link is resolved against
the folder of the file it stands in, as GitHub does. Validation reports a link to a file
that does not exist at its line and column; markup.py turns the others into page URLs.

This module resolves links and says what is wrong with them; it does not look for them in
the text: markup.record_link_targets finds them, with the reader that renders the body.
"""

from __future__ import annotations

import difflib
import posixpath
import re

from sitegen.model import urls
from sitegen.model.diagnostics import MAX_PER_FILE

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
CONTENT = "content"  # the content folder's name in the repository, which GitHub resolves links in


def split_target(target: str, folder: str) -> tuple[str, str, str] | None:
    """A link to a .md file -> (content folder, slug, '#fragment' or ''), else None.

    Resolved as GitHub resolves it in content/<folder>/: relative to that folder, or from the
    repository's root when it starts with '/'; '.MD' is '.md'. None for links that are not to
    a Markdown file at all (web addresses, anchors); a .md link that leaves the record folders
    gives ('', path, fragment)."""
    target = target.strip("<>")
    if _SCHEME.match(target) or target.startswith(("#", "//")):
        return None
    path, _, fragment = target.partition("#")
    path = path.split("?", 1)[0]
    if not path.lower().endswith(".md"):
        return None
    start = "" if path.startswith("/") else f"{CONTENT}/{folder}"
    resolved = posixpath.normpath(posixpath.join(start, path.lstrip("/")))
    parts = resolved.split("/")
    if len(parts) != 3 or parts[0] != CONTENT or urls.folder_section(parts[1]) is None:
        return "", resolved, fragment and f"#{fragment}"
    return parts[1], parts[2][:-3], fragment and f"#{fragment}"


def page_path(split: tuple[str, str, str]) -> str | None:
    """The site path a link to a record file stands for ('organisaties/alfa-college/'), from its
    split_target(); None when it leaves the record folders."""
    record_folder, slug, fragment = split
    if not record_folder:
        return None
    return f"{urls.folder_section(record_folder)}{slug}/{fragment}"


def _position(body: str, target: str, start: int) -> tuple[int, int, int]:
    """(line, column, offset) of a link's destination in the body, searched from `start`: the
    Markdown reader found the link, the text says where it stands."""
    offset = body.find(target, start)
    if offset < 0:
        offset = body.find(target.rsplit("/", 1)[-1], start)  # written with escapes or entities
    if offset < 0:
        return 1, 1, start
    line = body.count("\n", 0, offset) + 1
    return line, offset - (body.rfind("\n", 0, offset) + 1) + 1, offset + 1


def problems(body: str, targets: tuple[str, ...], folder: str,
             slugs: dict[str, frozenset[str]]) -> list[tuple[int, int, str]]:
    """(line within the body, column, message) for each link to a record file that does not
    exist or points into its page. `targets`: the .md link destinations the Markdown reader
    found in the body (markup.record_link_targets), in order, so that a link shown as code or
    text is never checked and one the page shows is never missed."""
    found, start = [], 0
    for target in targets:
        split = split_target(target, folder)
        if split is None:
            continue
        line, column, start = _position(body, target, start)
        record_folder, slug, fragment = split
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
        elif fragment and fragment[1:] not in urls.PAGE_ANCHORS[record_folder]:
            places = " of ".join(f"'#{anchor}'" for anchor in sorted(urls.PAGE_ANCHORS[record_folder]))
            found.append((line, column, f"link naar '{target}': die pagina heeft geen plek '{fragment}'; laat "
                                        f"'{fragment}' weg of kies {places}"))
    return found
