"""Broken input -> the exact `path:line:col: message` an editor sees, exit 1, nothing written.

Each case writes whole files inline, so the expected line can be counted by eye:
in an item file, line 1 is the opening '---' and the n-th front matter line is line n+1.
"""

from __future__ import annotations

import pytest
from support import INI, initiative, item

ORG = "content/organisations/alfa-college.md"
# The cases are checked as on 15 June 2030 (support.CHECK_DAY, the fixture check_day), not on the
# machine's date: the latest start_year allowed is then 2031 and 2030-06-16 lies in the future,
# on every day the tests run.


CASES = [
    # -- whole-file problems point at 1:1 ---------------------------------------
    ("bad file name", {"initiatives/Voorbeeld.md": initiative()},
     ["content/initiatives/Voorbeeld.md:1:1: ongeldige bestandsnaam 'Voorbeeld': gebruik alleen kleine letters "
      "a-z, cijfers en losse koppeltekens (bijvoorbeeld 'techniek-regio-assen.md')"]),
    ("file name too long", {f"initiatives/{'a' * 81}.md": initiative()},
     [f"content/initiatives/{'a' * 81}.md:1:1: bestandsnaam is te lang (81 tekens, hoogstens 80)"]),
    ("not markdown", {"initiatives/notitie.txt": "x"},
     ["content/initiatives/notitie.txt:1:1: onverwacht bestand in initiatives/: alleen .md-bestanden horen hier"]),
    ("empty file", {"initiatives/voorbeeld.md": ""}, [f"{INI}:1:1: leeg bestand"]),
    ("no front matter", {"initiatives/voorbeeld.md": "title: x\n"},
     [f"{INI}:1:1: geen front matter: de eerste regel van het bestand moet '---' zijn"]),
    ("front matter not closed", {"initiatives/voorbeeld.md": "---\ntitle: Techniek\n"},
     [f"{INI}:1:1: front matter wordt niet afgesloten: zet een regel '---' na de velden"]),
    ("empty front matter", {"initiatives/voorbeeld.md": "---\n---\n\nTekst.\n"}, [f"{INI}:1:1: front matter is leeg"]),
    ("not utf-8", {"initiatives/voorbeeld.md": initiative().replace("Techniek", "Caf\xe9").encode("latin-1")},
     [f"{INI}:1:1: bestand is geen UTF-8; sla het op als UTF-8"]),
    # -- YAML itself ---------------------------------------------------------------
    ("tab indentation", {"initiatives/voorbeeld.md": initiative(sectors=["sectors:", "\t- techniek"])},
     [f"{INI}:6:1: ongeldige YAML: tab gevonden; gebruik spaties om in te springen"]),
    ("unclosed quote", {"initiatives/voorbeeld.md": initiative(title='title: "Techniek in de regio')},
     [f"{INI}:2:8: ongeldige YAML: tekst tussen aanhalingstekens wordt niet afgesloten"]),
    ("escape character in a text", {"initiatives/voorbeeld.md": initiative(title='title: "Techniek\\e[31m rood"')},
     [f"{INI}:2:8: 'title' bevat een stuurteken (U+001B); haal het weg"]),
    ("NUL in a text", {"initiatives/voorbeeld.md": initiative(summary='summary: "Scholen werken samen aan\\0 techniek."')},
     [f"{INI}:3:10: 'summary' bevat een stuurteken (U+0000); haal het weg"]),
    ("C1 control character in a text", {"initiatives/voorbeeld.md": initiative(title='title: "Techniek\\x85 nu"')},
     [f"{INI}:2:8: 'title' bevat een stuurteken (U+0085); haal het weg"]),
    ("a key hidden behind a comment by NEL", {"initiatives/voorbeeld.md": initiative(
        parties=["parties:", "  - vmbo", "# Bron: x\x85start_year: 1999"])},
     [f"{INI}:9:10: onzichtbaar regeleinde of stuurteken (U+0085); haal het weg"]),
    ("a line separator in a value", {"initiatives/voorbeeld.md": initiative(title="title: Techniek\u2028regio")},
     [f"{INI}:2:16: onzichtbaar regeleinde of stuurteken (U+2028); haal het weg"]),
    ("colon in plain text", {"initiatives/voorbeeld.md": initiative(title="title: Techniek: de regio: nu")},
     [f"{INI}:2:16: ongeldige YAML: dubbele punt op een onverwachte plek; zet tekst met ': ' tussen "
      "aanhalingstekens"]),
    ("duplicate key", {"initiatives/voorbeeld.md": initiative(region=["region: drenthe", "region: twente"])},
     [f"{INI}:5:1: veld 'region' staat er twee keer (ook op regel 4)"]),
    ("alias", {"initiatives/voorbeeld.md": initiative(title="title: &t Techniek in de regio",
                                                      theme_note="theme_note: *t")},
     [f"{INI}:9:13: ongeldige YAML: aliassen (*naam) worden niet ondersteund; schrijf de waarde voluit"]),
    ("front matter is a list", {"initiatives/voorbeeld.md": item("- title: x")},
     [f"{INI}:2:1: verwacht velden in de vorm 'naam: waarde'"]),
    # -- fields ------------------------------------------------------------------------
    ("unknown field with suggestion", {"initiatives/voorbeeld.md": initiative(sectors=["sector:", "  - techniek"])},
     [f"{INI}:2:1: verplicht veld 'sectors' ontbreekt",
      f"{INI}:5:1: onbekend veld 'sector'; bedoel je 'sectors'?"]),
    ("unknown field without suggestion", {"initiatives/voorbeeld.md": initiative(extra="kleur: blauw")},
     [f"{INI}:9:1: onbekend veld 'kleur'; toegestaan zijn: title, summary, municipalities, region, sectors, parties, levels, themes, "
      "theme_note, start_year, end_year, organisations, website, contact, last_verified, sources"]),
    ("missing title", {"initiatives/voorbeeld.md": initiative(title=None)},
     [f"{INI}:2:1: verplicht veld 'title' ontbreekt"]),
    ("empty required field", {"initiatives/voorbeeld.md": initiative(title="title:")},
     [f"{INI}:2:7: verplicht veld 'title' is leeg"]),
    ("empty optional field", {"initiatives/voorbeeld.md": initiative(website="website: ''")},
     [f"{INI}:9:10: veld 'website' is leeg; laat het veld weg als de waarde onbekend is"]),
    ("title too short", {"initiatives/voorbeeld.md": initiative(title="title: AB")},
     [f"{INI}:2:8: 'title' is te kort (2 tekens, minstens 3)"]),
    ("title too long", {"initiatives/voorbeeld.md": initiative(title="title: " + "x" * 121)},
     [f"{INI}:2:8: 'title' is te lang (121 tekens, hoogstens 120)"]),
    ("title is a list", {"initiatives/voorbeeld.md": initiative(title=["title:", "  - a"])},
     [f"{INI}:3:3: 'title' moet tekst zijn, geen lijst"]),
    ("summary too short", {"initiatives/voorbeeld.md": initiative(summary="summary: Te kort.")},
     [f"{INI}:3:10: 'summary' is te kort (8 tekens, minstens 20)"]),
    ("summary too long", {"initiatives/voorbeeld.md": initiative(summary="summary: " + "x" * 301)},
     [f"{INI}:3:10: 'summary' is te lang (301 tekens, hoogstens 300)"]),
    ("summary with html", {"initiatives/voorbeeld.md": initiative(summary="summary: Samen <b>sterk</b> in techniek.")},
     [f"{INI}:3:10: 'summary' is platte tekst: HTML is hier niet toegestaan"]),
    ("unknown region with hint", {"initiatives/voorbeeld.md": initiative(region="region: drent")},
     [f"{INI}:4:9: onbekende sleutel 'drent' voor 'region'; bedoel je 'drenthe'?"]),
    ("unknown region without hint", {"initiatives/voorbeeld.md": initiative(region="region: xyz")},
     [f"{INI}:4:9: onbekende sleutel 'xyz' voor 'region'; kies een sleutel uit content/taxonomies/regions.yml"]),
    ("region is a list", {"initiatives/voorbeeld.md": initiative(region=["region:", "  - drenthe"])},
     [f"{INI}:5:3: 'region' moet één sleutel zijn, geen lijst"]),
    ("sectors not a list", {"initiatives/voorbeeld.md": initiative(sectors="sectors: techniek")},
     [f"{INI}:5:10: 'sectors' moet een lijst zijn: zet elke waarde op een eigen regel, beginnend met '- '"]),
    ("sectors empty", {"initiatives/voorbeeld.md": initiative(sectors="sectors: []")},
     [f"{INI}:5:10: 'sectors' moet minstens 1 waarde bevatten"]),
    ("duplicate sector", {"initiatives/voorbeeld.md": initiative(sectors=["sectors:", "  - techniek", "  - techniek"])},
     [f"{INI}:7:5: 'techniek' staat twee keer in 'sectors'"]),
    ("unknown sector", {"initiatives/voorbeeld.md": initiative(sectors=["sectors:", "  - zorg"])},
     [f"{INI}:6:5: onbekende sleutel 'zorg' voor 'sectors'; bedoel je 'zorg-en-welzijn'?"]),
    ("unknown party", {"initiatives/voorbeeld.md": initiative(parties=["parties:", "  - vbmo"])},
     [f"{INI}:8:5: onbekende sleutel 'vbmo' voor 'parties'; bedoel je 'vmbo'?"]),
    ("unknown level", {"initiatives/voorbeeld.md": initiative(levels=["levels:", "  - bestuur"])},
     [f"{INI}:10:5: onbekende sleutel 'bestuur' voor 'levels'; bedoel je 'bestuurlijk'?"]),
    ("unknown theme", {"initiatives/voorbeeld.md": initiative(themes=["themes:", "  - aansluit"])},
     [f"{INI}:10:5: onbekende sleutel 'aansluit' voor 'themes'; bedoel je 'aansluiting'?"]),
    ("empty optional list", {"initiatives/voorbeeld.md": initiative(themes="themes: []")},
     [f"{INI}:9:9: veld 'themes' is leeg; laat het veld weg als de waarde onbekend is"]),
    ("start year not a number", {"initiatives/voorbeeld.md": initiative(start_year="start_year: tweeduizend")},
     [f"{INI}:9:13: 'start_year' moet een geheel getal zijn, bijvoorbeeld 2018; niet 'tweeduizend'"]),
    ("start year too early", {"initiatives/voorbeeld.md": initiative(start_year="start_year: 1989")},
     [f"{INI}:9:13: 'start_year' moet tussen 1990 en 2031 liggen, niet 1989"]),
    ("start year too late", {"initiatives/voorbeeld.md": initiative(start_year="start_year: 2032")},
     [f"{INI}:9:13: 'start_year' moet tussen 1990 en 2031 liggen, niet 2032"]),
    ("end before start", {"initiatives/voorbeeld.md": initiative(start_year="start_year: 2020",
                                                                 end_year="end_year: 2019")},
     [f"{INI}:10:11: 'end_year' (2019) ligt voor 'start_year' (2020)"]),
    ("unknown organisation", {"initiatives/voorbeeld.md": initiative(organisations=["organisations:",
                                                                                   "  - alfa-colege"])},
     [f"{INI}:10:5: onbekende organisatie: er is geen bestand content/organisations/alfa-colege.md; "
      "bedoel je 'alfa-college'?"]),
    ("javascript website", {"initiatives/voorbeeld.md": initiative(website="website: javascript:alert(1)")},
     [f"{INI}:9:10: 'javascript:alert(1)' is geen geldig webadres voor 'website': alleen volledige adressen die "
      "beginnen met http:// of https:// zijn toegestaan"]),
    ("website without scheme", {"initiatives/voorbeeld.md": initiative(website="website: www.voorbeeld.nl")},
     [f"{INI}:9:10: 'www.voorbeeld.nl' is geen geldig webadres voor 'website': alleen volledige adressen die "
      "beginnen met http:// of https:// zijn toegestaan"]),
    ("ftp source", {"initiatives/voorbeeld.md": initiative(sources=["sources:", "  - ftp://voorbeeld.nl/x"])},
     [f"{INI}:10:5: 'ftp://voorbeeld.nl/x' is geen geldig webadres voor 'sources': alleen volledige adressen die "
      "beginnen met http:// of https:// zijn toegestaan"]),
    ("unknown contact key", {"initiatives/voorbeeld.md": initiative(contact=["contact:", "  mail: a@b.nl"])},
     [f"{INI}:10:3: onbekend veld 'mail' in 'contact'; bedoel je 'email'?"]),
    ("bad contact email", {"initiatives/voorbeeld.md": initiative(contact=["contact:", "  email: anna(at)school"])},
     [f"{INI}:10:10: 'anna(at)school' is geen geldig e-mailadres"]),
    ("contact not a mapping", {"initiatives/voorbeeld.md": initiative(contact="contact: Anna")},
     [f"{INI}:9:10: verwacht velden in de vorm 'naam: waarde' in 'contact'"]),
    ("impossible date", {"initiatives/voorbeeld.md": initiative(last_verified="last_verified: 2025-02-30")},
     [f"{INI}:9:16: ongeldige datum '2025-02-30' voor 'last_verified': gebruik JJJJ-MM-DD met een bestaande datum, "
      "bijvoorbeeld 2026-03-01"]),
    ("date in the future", {"initiatives/voorbeeld.md": initiative(last_verified="last_verified: 2030-06-16")},
     [f"{INI}:9:16: 'last_verified' ligt in de toekomst (2030-06-16)"]),
    ("value with a line break", {"initiatives/voorbeeld.md": initiative(sectors=["sectors:", '  - "tech\\nniek"'])},
     [f"{INI}:6:5: onbekende sleutel 'tech\\nniek' voor 'sectors'; bedoel je 'techniek'?"]),
    ("missing body", {"initiatives/voorbeeld.md": initiative().replace("Een beschrijving.\n", "")},
     [f"{INI}:10:1: de tekst onder de front matter ontbreekt; schrijf een beschrijving"]),
    # -- places: municipalities and regions ------------------------------------------------
    ("unknown municipality", {"initiatives/voorbeeld.md": initiative(region=None,
                                                                     municipalities=["municipalities:", "  - Asen"])},
     [f"{INI}:9:5: onbekende gemeente 'Asen' in 'municipalities'; bedoel je 'Assen' (Groningen)?"]),
    ("region without any of the municipalities", {"initiatives/voorbeeld.md": initiative(
        municipalities=["municipalities:", "  - Assen"])},
     [f"{INI}:4:9: arbeidsmarktregio 'drenthe' bevat geen van de genoemde gemeenten: Assen ligt in 'groningen'; "
      "pas 'region' aan of laat het veld weg (de regio volgt uit de gemeenten)"]),
    ("one municipality named twice", {"initiatives/voorbeeld.md": initiative(
        region=None, municipalities=["municipalities:", "  - Emmen", "  - klazienaveen"])},
     [f"{INI}:10:5: 'klazienaveen' is dezelfde gemeente als 'Emmen' in 'municipalities'"]),
    ("neither municipalities nor region", {"initiatives/voorbeeld.md": initiative(region=None)},
     [f"{INI}:2:1: vul 'municipalities' in (de gemeenten waar het initiatief werkt) of, als die onbekend zijn, "
      "'region'"]),
    ("organisation region against its municipality", {"organisations/alfa-college.md": item(
        "name: Alfa-college", "type: mbo-instelling", "municipality: Emmen", "region: groningen", body="")},
     [f"{ORG}:5:9: arbeidsmarktregio 'groningen' bevat geen van de genoemde gemeenten: Emmen ligt in 'drenthe'; "
      "pas 'region' aan of laat het veld weg (de regio volgt uit de gemeenten)"]),
    ("municipality in an unknown region", {"taxonomies/municipalities.yml": (
        "- key: emmen\n  label: Emmen\n  code: GM0114\n  region: drent\n  province: drenthe\n")},
     ["content/taxonomies/municipalities.yml:4:11: onbekende sleutel 'drent' voor 'region'; bedoel je 'drenthe'?"]),
    ("one name for two municipalities", {"taxonomies/municipalities.yml": (
        "- key: emmen\n  label: Emmen\n  code: GM0114\n  region: drenthe\n  province: drenthe\n"
        "- key: hoogeveen\n  label: Hoogeveen\n  code: GM0118\n  region: drenthe\n  province: drenthe\n"
        "  aliases:\n    - emmen\n")},
     ["content/taxonomies/municipalities.yml:12:7: de naam 'emmen' hoort al bij gemeente 'Emmen'; elke naam mag "
      "maar bij één gemeente horen"]),
    ("two municipalities renamed to one name", {"taxonomies/municipalities.yml": (
        "- key: emmen\n  label: Emmen\n  code: GM0114\n  region: drenthe\n  province: drenthe\n"
        "- key: hoogeveen\n  label: EMMEN\n  code: GM0118\n  region: drenthe\n  province: drenthe\n")},
     ["content/taxonomies/municipalities.yml:7:10: de naam 'EMMEN' hoort al bij gemeente 'Emmen'; elke naam mag "
      "maar bij één gemeente horen"]),
    ("an alias that is another municipality's key", {"taxonomies/municipalities.yml": (
        "- key: emmen\n  label: Emmen\n  code: GM0114\n  region: drenthe\n  province: drenthe\n"
        "  aliases:\n    - Hoogeveen-Stad\n"
        "- key: hoogeveen-stad\n  label: Hoogeveen\n  code: GM0118\n  region: drenthe\n  province: drenthe\n")},
     ["content/taxonomies/municipalities.yml:8:8: de naam 'hoogeveen-stad' hoort al bij gemeente 'Emmen'; elke naam "
      "mag maar bij één gemeente horen"]),
    # -- links between records in a body ---------------------------------------------------
    ("link to a record file that does not exist", {"initiatives/voorbeeld.md": initiative().replace(
        "Een beschrijving.\n", "Zie ook [STO Twente](sto-twente.md) en\n[Alfa](../organisations/alfa-colege.md#start).\n")},
     [f"{INI}:11:22: link naar 'sto-twente.md': het bestand content/initiatives/sto-twente.md bestaat niet",
      f"{INI}:12:8: link naar '../organisations/alfa-colege.md#start': het bestand "
      "content/organisations/alfa-colege.md bestaat niet; bedoel je 'alfa-college.md'?"]),
    ("record link: destination on the next line", {"initiatives/voorbeeld.md": initiative().replace(
        "Een beschrijving.\n", "Zie [Alfa](\n../organisations/alfa-colege.md).\n")},
     [f"{INI}:12:1: link naar '../organisations/alfa-colege.md': het bestand content/organisations/alfa-colege.md "
      "bestaat niet; bedoel je 'alfa-college.md'?"]),
    ("record link: parentheses in the file name", {"initiatives/voorbeeld.md": initiative().replace(
        "Een beschrijving.\n", "Zie [Alfa](../organisations/alfa(college).md).\n")},
     [f"{INI}:11:12: link naar '../organisations/alfa(college).md': het bestand "
      "content/organisations/alfa(college).md bestaat niet; bedoel je 'alfa-college.md'?"]),
    ("record link: reference definition in a block quote", {"initiatives/voorbeeld.md": initiative().replace(
        "Een beschrijving.\n", "Zie [Alfa].\n\n> [Alfa]: ../organisations/geen.md\n")},
     [f"{INI}:13:11: link naar '../organisations/geen.md': het bestand content/organisations/geen.md bestaat niet"]),
    ("record link: reference target on the next line", {"initiatives/voorbeeld.md": initiative().replace(
        "Een beschrijving.\n", "Zie [Alfa].\n\n[Alfa]:\n  ../organisations/geen.md\n")},
     [f"{INI}:14:3: link naar '../organisations/geen.md': het bestand content/organisations/geen.md bestaat niet"]),
    ("record link: a place the page does not have", {"initiatives/voorbeeld.md": initiative().replace(
        "Een beschrijving.\n", "Bel [Alfa](../organisations/alfa-college.md#contact).\n")},
     [f"{INI}:11:12: link naar '../organisations/alfa-college.md#contact': die pagina heeft geen plek '#contact'; "
      "laat '#contact' weg of kies '#correctie-kop' of '#inhoud'"]),
    ("link to a file outside the records", {"pages/over.md": item(
        "title: Over", body="Lees [de handleiding](../../CONTRIBUTING.md).\n\n```\n[niet](nergens.md)\n```\n")},
     ["content/pages/over.md:5:23: link naar '../../CONTRIBUTING.md' leidt niet naar een initiatief, organisatie, "
      "nieuwsbericht of pagina in content/"]),
    # -- other record types ------------------------------------------------------------
    ("organisation without name", {"organisations/alfa-college.md": item("type: mbo-instelling", body="")},
     [f"{ORG}:2:1: verplicht veld 'name' ontbreekt"]),
    ("organisation of unknown type", {"organisations/alfa-college.md": item("name: Alfa-college", "type: mbo",
                                                                            body="")},
     [f"{ORG}:3:7: onbekende sleutel 'mbo' voor 'type'; bedoel je 'mbo-instelling'?"]),
    ("news without date", {"news/bericht.md": item("title: Een bericht")},
     ["content/news/bericht.md:2:1: verplicht veld 'date' ontbreekt"]),
    ("page menu not a number", {"pages/over.md": item("title: Over", "menu: eerst")},
     ["content/pages/over.md:3:7: 'menu' moet een geheel getal zijn, bijvoorbeeld 2; niet 'eerst'"]),
    ("page takes a reserved address", {"pages/zoeken.md": item("title: Zoeken")},
     ["content/pages/zoeken.md:1:1: de bestandsnaam 'zoeken' is al in gebruik door de site (/zoeken/); kies een "
      "andere naam voor deze pagina"]),
    # -- taxonomies and settings --------------------------------------------------------
    ("region code malformed", {"taxonomies/regions.yml": "- key: drenthe\n  label: Drenthe\n  code: A3\n"},
     ["content/taxonomies/regions.yml:3:9: ongeldige waarde 'A3' voor 'code': de CBS-code ziet eruit als 'AM03'"]),
    ("duplicate taxonomy key", {"taxonomies/levels.yml": "- key: a\n  label: A\n- key: a\n  label: B\n"},
     ["content/taxonomies/levels.yml:3:8: key 'a' komt al voor op regel 1"]),
    ("theme number not a number", {"taxonomies/themes.yml": "- key: a\n  label: A\n  number: twee\n"},
     ["content/taxonomies/themes.yml:3:11: 'number' moet een geheel getal zijn, bijvoorbeeld 2; niet 'twee'"]),
    ("taxonomy missing", {"taxonomies/levels.yml": None},
     ["content/taxonomies/levels.yml:1:1: bestand ontbreekt: taxonomie 'levels'"]),
    ("taxonomy not a list", {"taxonomies/levels.yml": "key: a\n"},
     ["content/taxonomies/levels.yml:1:1: een taxonomie is een lijst van termen, elk beginnend met '- key: ...'"]),
    ("base url without slash", {"site.yml": "title: Titel\ndescription: D\nbase_url: https://a.nl/x\nlanguage: nl\n"
                                            "repository:\n  url: https://github.com/a/b\n  branch: main\n"},
     ["content/site.yml:3:11: ongeldige waarde 'https://a.nl/x' voor 'base_url': het adres moet eindigen op '/'"]),
]


@pytest.mark.parametrize("files, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_broken_input_is_reported_at_its_position(make_site, run, check_day, files, expected):
    make_site(files)
    status, out, err = run("check")
    assert status == 1
    assert out.splitlines() == expected


def test_every_problem_is_reported_in_one_run(make_site, run):
    make_site({
        "initiatives/voorbeeld.md": initiative(region="region: drent", sectors=["sector:", "  - techniek"]),
        "organisations/alfa-college.md": item("name: Alfa-college", "type: mbo", body=""),
    })
    status, out, _ = run("check")
    assert status == 1
    assert len(out.splitlines()) == 4
    assert out.splitlines() == sorted(out.splitlines(), key=lambda l: (l.split(":")[0], int(l.split(":")[1])))


def test_github_format_annotates_the_line(make_site, run):
    make_site({"initiatives/voorbeeld.md": initiative(region="region: drent")})
    status, out, _ = run("check", "--format", "github")
    assert status == 1
    assert out.strip() == (f"::error file={INI},line=4,col=9::onbekende sleutel 'drent' voor 'region'; "
                           "bedoel je 'drenthe'?")


def test_build_with_errors_leaves_output_untouched(make_site, run, tmp_path):
    make_site()
    assert run("build", "--no-search")[0] == 0
    before = {p: p.read_bytes() for p in sorted((tmp_path / "output").rglob("*")) if p.is_file()}
    make_site({"initiatives/voorbeeld.md": initiative(region="region: drent")})
    status, _, err = run("build", "--no-search")
    assert status == 1
    assert f"{INI}:4:9: onbekende sleutel 'drent'" in err
    assert "er is niets geschreven" in err
    after = {p: p.read_bytes() for p in sorted((tmp_path / "output").rglob("*")) if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".output-staging-*"))


def test_failed_first_build_creates_no_output(make_site, run, tmp_path):
    make_site({"initiatives/voorbeeld.md": ""})
    assert run("build", "--no-search")[0] == 1
    assert not (tmp_path / "output").exists()


def test_a_date_far_in_the_future_is_refused_on_the_machines_date(make_site, run):
    # Without check_day: check compares with the machine's date (any day before the year 2999).
    make_site({"initiatives/voorbeeld.md": initiative(last_verified="last_verified: 2999-01-01")})
    status, out, _ = run("check")
    assert status == 1
    assert out.splitlines() == [f"{INI}:9:16: 'last_verified' ligt in de toekomst (2999-01-01)"]
