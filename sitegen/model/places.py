"""The gazetteer: municipality names as people write them -> the municipality term.

Editors and visitors know their town, not its arbeidsmarktregio, and they write it in many
ways: 'Den Haag' for 's-Gravenhage, 'sudwest fryslan', 'Hoogezand' (a town in
Midden-Groningen). Names are compared after folding case, accents, apostrophes, hyphens and
spaces; the official name, the key and every alias in municipalities.yml are known names.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from sitegen.model.models import Term

_APOSTROPHES = re.compile(r"['`´’‘]")
_SEPARATORS = re.compile(r"[\s\-–.,/]+")


def normalise(name: str) -> str:
    """The form names are compared in: 'Súdwest-Fryslân' -> 'sudwest fryslan', "'s-Gravenhage" -> 's gravenhage'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _SEPARATORS.sub(" ", _APOSTROPHES.sub("", text)).strip()


def sort_key(name: str) -> str:
    """Alphabetical order as in Dutch lists: "'s-Gravenhage" under G."""
    return re.sub(r"^s ", "", normalise(name))


@dataclass(frozen=True)
class Gazetteer:
    by_key: dict[str, Term]  # key -> municipality
    by_name: dict[str, Term]  # normalised name -> municipality
    written: dict[str, str]  # normalised name -> the name as municipalities.yml writes it
    region_provinces: dict[str, tuple[str, ...]]  # region key -> provinces its municipalities lie in
    region_labels: dict[str, str]  # region key -> its name, for suggestions

    @classmethod
    def from_terms(cls, municipalities: list[Term], province_order: tuple[str, ...],
                   regions: list[Term] = ()) -> "Gazetteer":
        by_name: dict[str, Term] = {}
        written: dict[str, str] = {}
        provinces: dict[str, set[str]] = {}
        for term in municipalities:
            for name in (term.label, term.key, *term.aliases):
                by_name.setdefault(normalise(name), term)
                if name != term.key:
                    written.setdefault(normalise(name), name)
            provinces.setdefault(term.region, set()).add(term.province)
        order = {key: index for index, key in enumerate(province_order)}
        return cls({t.key: t for t in municipalities}, by_name, written,
                   {region: tuple(sorted(keys, key=lambda k: order.get(k, len(order))))
                    for region, keys in provinces.items()},
                   {term.key: term.label for term in regions})

    def find(self, name: str) -> Term | None:
        return self.by_name.get(normalise(name))

    def suggest(self, name: str, count: int = 3) -> list[str]:
        """The known names closest to a name that is not known ('Asen' -> 'Assen'), each with the
        region it lies in where regions are known, so that two alike names can be told apart:
        "'Bergen (L.)' (Noord-Limburg)", quoted."""
        close = difflib.get_close_matches(normalise(name), list(self.written), n=count, cutoff=0.7)
        return [self._with_region(c) for c in close]

    def _with_region(self, normalised: str) -> str:
        region = self.region_labels.get(self.by_name[normalised].region)
        return f"'{self.written[normalised]}' ({region})" if region else f"'{self.written[normalised]}'"

    def province_of_region(self, region: str) -> str | None:
        """The province a region lies in, when it lies in one only."""
        provinces = self.region_provinces.get(region, ())
        return provinces[0] if len(provinces) == 1 else None

    def fingerprint(self) -> str:
        text = repr(sorted((name, t.key, t.region, t.province) for name, t in self.by_name.items()))
        return hashlib.sha256(text.encode()).hexdigest()
