"""The slug rule, in one place: what a record's file name (without .md) and a taxonomy term's key
may be, and how one is made from a title.

Imports nothing from sitegen, so that every module can take the rule from here rather than
restate it: discover (file names), schema (term keys), docs (the JSON Schemas, which
templates/assets/propose.js checks with), intake (a correction naming its file, new file names)
and new. propose.js makes slugs in the browser as slugify() and unique_slug() do here; its
maximum length comes with the page (urls.proposal_links).
"""

from __future__ import annotations

import re
import unicodedata

# The rule as pattern text, unanchored, to build on: a schema Field adds '$' (it is matched
# with re.match), the JSON Schemas '^' and '$', intake embeds it in a file path.
SLUG_RULE = r"[a-z0-9]+(-[a-z0-9]+)*"
SLUG_PATTERN = re.compile(rf"^{SLUG_RULE}$")  # its .pattern is the JSON Schema's pattern
SLUG_MAX_LENGTH = 80
# What an editor reads when a slug breaks the rule (after a colon, in Dutch).
SLUG_HINT = "gebruik alleen kleine letters a-z, cijfers en losse koppeltekens"


def slugify(title: str) -> str:
    """'Techniek in Zuidoost-Brabant!' -> 'techniek-in-zuidoost-brabant'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_MAX_LENGTH].rstrip("-")


def unique_slug(title: str, taken: set[str]) -> str:
    """The file name made from the title, with -2, -3 ... while it is taken (shortened to fit)."""
    base = slugify(title) or "voorstel"
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug, number = base[:SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix, number + 1
    return slug
