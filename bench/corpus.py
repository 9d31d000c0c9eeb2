"""Deterministic synthetic content tree for benchmarks: any number of initiatives.

    python bench/corpus.py 10000 /tmp/corpus-10000

N initiatives, N/4 organisations, N/20 news items, the real taxonomies and site
settings; every field filled the way real records fill it; Markdown bodies of
250-400 words with headings, lists and links. Same N, same bytes.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

PLACES = ["Assen", "Emmen", "Zwolle", "Deventer", "Almelo", "Hengelo", "Enschede", "Apeldoorn", "Arnhem", "Nijmegen",
          "Tiel", "Lelystad", "Almere", "Hilversum", "Utrecht", "Amersfoort", "Alkmaar", "Zaandam", "Amsterdam",
          "Haarlem", "Leiden", "Gouda", "Den Haag", "Rotterdam", "Dordrecht", "Middelburg", "Breda", "Tilburg",
          "Oss", "Eindhoven", "Venlo", "Heerlen", "Helmond", "Roermond", "Gorinchem", "Ede", "Veendam", "Drachten"]
TOPICS = ["techniek", "zorg", "bouw", "ict", "logistiek", "installatietechniek", "voeding", "groen", "mobiliteit",
          "maritiem", "procestechniek", "welzijn", "handel", "horeca", "energietransitie", "metaal", "elektro"]
KINDS = ["Techniekroute", "Leerlijn", "Samen Sterk", "Vakmanschap", "Praktijkcampus", "Talentpact", "Doorstroom",
         "Werkplaats", "Loopbaanhuis", "Opleidingsnetwerk"]
SENTENCES = [
    "Leerlingen uit het vmbo lopen stage bij bedrijven in de regio en krijgen begeleiding van docenten uit het mbo.",
    "De scholen stemmen hun onderwijsprogramma's af, zodat leerlingen zonder overlap doorstromen naar het mbo.",
    "Bedrijven geven gastlessen en stellen hun werkplaatsen open voor praktijkopdrachten.",
    "Hybride docenten werken deels in het onderwijs en deels bij een bedrijf uit de omgeving.",
    "Het doel is dat meer jongeren kiezen voor een opleiding waar de arbeidsmarkt om vraagt.",
    "Een stuurgroep met bestuurders van de scholen en vertegenwoordigers van werkgevers bewaakt de voortgang.",
    "Docenten volgen samen scholing en ontwikkelen nieuwe modules rond duurzaamheid en digitalisering.",
    "Ouders en leerlingen uit groep acht maken kennis met de beroepen tijdens open dagen in de regio.",
    "De gemeente ondersteunt het initiatief met een bijdrage voor vervoer en gedeelde voorzieningen.",
    "Elk jaar meten de partners hoeveel leerlingen doorstromen en hoeveel van hen een diploma halen.",
    "Leerlingen werken aan echte opdrachten van opdrachtgevers uit het bedrijfsleven.",
    "Praktijkonderwijs en voortgezet speciaal onderwijs doen mee, zodat ook deze leerlingen een route vinden.",
]
BULLETS = ["stages en snuffelstages", "gastlessen van vakmensen", "gedeelde praktijklokalen", "loopbaanbegeleiding",
           "een doorlopende leerlijn", "scholing van docenten", "bedrijfsbezoeken", "een gezamenlijke open dag"]


def _terms(name: str) -> list[dict]:
    return yaml.safe_load((ROOT / "content" / "taxonomies" / f"{name}.yml").read_text(encoding="utf-8"))


def _body(rng: random.Random, title: str) -> str:
    words_wanted = rng.randint(250, 400)
    parts: list[str] = []
    count = 0

    def paragraph():
        nonlocal count
        text = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 4)))
        count += len(text.split())
        parts.append(text)

    paragraph()
    parts.append("## Doelen")
    items = rng.sample(BULLETS, rng.randint(3, 5))
    parts.append("\n".join(f"- {item}" for item in items))
    count += sum(len(i.split()) for i in items)
    parts.append("## Aanpak")
    while count < words_wanted:
        paragraph()
    parts.append(f"Meer over {title} staat op [de website van het initiatief](https://www.voorbeeld.nl/"
                 f"{rng.randint(1000, 9999)}) en in [het regionale plan](https://plannen.voorbeeld.nl/{rng.randint(1, 999)}).")
    return "\n\n".join(parts) + "\n"


def _dump(front: dict, body: str) -> str:
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n" + body


def generate(n: int, target: Path, seed: int = 2026) -> Path:
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    (target / "taxonomies").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "site.yml", target / "site.yml")
    for path in (ROOT / "content" / "taxonomies").glob("*.yml"):
        shutil.copy(path, target / "taxonomies" / path.name)
    regions = [t["key"] for t in _terms("regions")]
    by_region: dict[str, list[str]] = {}
    for term in _terms("municipalities"):
        by_region.setdefault(term["region"], []).append(term["label"])
    municipalities = [name for names in by_region.values() for name in names]

    def places() -> list[str]:
        """1-3 municipalities of one region; one in eight records also works in a second region (as in content/)."""
        home = by_region[rng.choice(regions)]
        names = rng.sample(home, min(len(home), rng.randint(1, 3)))
        if rng.random() < 0.125:
            names.append(rng.choice(by_region[rng.choice(regions)]))
        return list(dict.fromkeys(names))
    keys = {name: [t["key"] for t in _terms(name)] for name in ("sectors", "parties", "levels", "themes")}
    types = [t["key"] for t in _terms("organisation-types")]

    organisations = []
    (target / "organisations").mkdir()
    for i in range(max(1, n // 4)):
        slug = f"organisatie-{i:05d}"
        front = {"name": f"{rng.choice(['Het', 'De', 'RSG', 'ROC', 'College'])} {rng.choice(PLACES)} {i}",
                 "type": rng.choice(types), "summary": rng.choice(SENTENCES), "city": rng.choice(PLACES),
                 "municipality": rng.choice(municipalities), "website": f"https://organisatie-{i}.voorbeeld.nl/"}
        (target / "organisations" / f"{slug}.md").write_text(_dump(front, ""), encoding="utf-8")
        organisations.append(slug)

    (target / "initiatives").mkdir()
    for i in range(n):
        place, topic = rng.choice(PLACES), rng.choice(TOPICS)
        title = f"{rng.choice(KINDS)} {topic} {place} {i}"
        front: dict = {
            "title": title,
            "summary": f"Vmbo, mbo en bedrijven in {place} werken samen aan {topic}: {rng.choice(SENTENCES).lower()}"[:300],
            # As in the real content: most records name their municipalities, some only a region.
            **({"municipalities": places()} if rng.random() < 0.8
               else {"region": rng.choice(regions)}),
            "sectors": rng.sample(keys["sectors"], rng.randint(1, 2)),
            "parties": rng.sample(keys["parties"], rng.randint(2, 4)),
            "levels": rng.sample(keys["levels"], rng.randint(1, 2)),
            "themes": rng.sample(keys["themes"], rng.randint(1, 2)),
        }
        if rng.random() < 0.3:
            front["theme_note"] = rng.choice(SENTENCES)
        if rng.random() < 0.8:
            front["start_year"] = rng.randint(2005, 2025)
            if rng.random() < 0.3:
                front["end_year"] = front["start_year"] + rng.randint(1, 4)
        front["organisations"] = rng.sample(organisations, min(len(organisations), rng.randint(2, 6)))
        front["website"] = f"https://initiatief-{i}.voorbeeld.nl/"
        front["contact"] = {"name": f"Contact {i}", "role": "Projectleider", "organisation": f"{place} College",
                            "email": f"contact{i}@voorbeeld.nl", "phone": f"0{rng.randint(100000000, 999999999)}"}
        front["last_verified"] = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        front["sources"] = [f"https://nieuws.voorbeeld.nl/{i}"]
        (target / "initiatives" / f"initiatief-{i:05d}.md").write_text(_dump(front, _body(rng, title)), encoding="utf-8")

    (target / "news").mkdir()
    for i in range(max(1, n // 20)):
        front = {"title": f"Nieuws over samenwerking {i}", "date": f"20{rng.randint(18, 25)}-{rng.randint(1, 12):02d}-"
                 f"{rng.randint(1, 28):02d}", "summary": rng.choice(SENTENCES)}
        (target / "news" / f"bericht-{i:05d}.md").write_text(_dump(front, _body(rng, front["title"])), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of initiatives")
    parser.add_argument("target", type=Path, help="folder to write (replaced)")
    args = parser.parse_args()
    generate(args.n, args.target)
    print(f"wrote {args.n} initiatives to {args.target}")


if __name__ == "__main__":
    main()
