"""`intake`: an issue from one of the two issue forms becomes record files that `check`
accepts, or Dutch messages that name the form field to fix. Bodies are written as GitHub
writes a submitted form (support.issue_body, from the forms' own definition)."""

from __future__ import annotations

import shutil

import pytest
from support import SITES, files_of, issue_body

from sitegen.commands.intake import IntakeError, intake
from sitegen.model.forms import CORRECTION, NEW_INITIATIVE

REQUIRED = {
    "naam": "Techniek Talent Assen",
    "samenvatting": "Vmbo-scholen en het Alfa-college laten leerlingen in Assen kennismaken met techniekbedrijven.",
    "gemeenten": "Assen",
    "sectoren": "Techniek",
    "partijen": "Vmbo\nMbo",
    "beschrijving": "Leerlingen bezoeken bedrijven in de regio.",
    "bron": "https://www.voorbeeld.nl/nieuws/techniek-talent",
    "akkoord": "x",
}


@pytest.fixture
def content(tmp_path):
    shutil.copytree(SITES / "full", tmp_path / "content")
    return tmp_path / "content"


def propose(content, issue=None, newline="\n", **values):
    return intake(issue_body(NEW_INITIATIVE, {**REQUIRED, **values}, newline), content, issue)


def problems(content, **values) -> list[str]:
    before = files_of(content)
    with pytest.raises(IntakeError) as raised:
        propose(content, **values)
    assert files_of(content) == before, "a refused proposal leaves no file behind"
    return raised.value.problems


def test_a_proposal_with_every_field_becomes_the_files_check_accepts(content, run):
    result = propose(
        content, issue=12,
        gemeenten="assen\nKlazienaveen\n",  # any way the gazetteer knows: written as the official name
        partijen="Vmbo\nmbo\nBEDRIJFSLEVEN",
        organisaties="Alfa College\nrsg-noord",  # another spelling; a file name
        **{"nieuwe-organisaties": "Techniekschool Noord; Vmbo-school; Emmen"},
        startjaar="2021", website="https://techniektalent.voorbeeld.nl/",
        **{"contact-naam": "Jan Jansen", "contact-email": "jan@voorbeeld.nl"},
    )
    assert result.files == ["initiatives/techniek-talent-assen.md", "organisations/techniekschool-noord.md"]
    assert (content / "initiatives" / "techniek-talent-assen.md").read_text(encoding="utf-8") == """\
---
title: Techniek Talent Assen
summary: Vmbo-scholen en het Alfa-college laten leerlingen in Assen kennismaken met techniekbedrijven.
municipalities:
  - Assen
  - Emmen
sectors:
  - techniek
parties:
  - vmbo
  - mbo
  - bedrijfsleven
organisations:
  - alfa-college
  - rsg-noord
  - techniekschool-noord
start_year: 2021
website: https://techniektalent.voorbeeld.nl/
contact:
  name: Jan Jansen
  email: jan@voorbeeld.nl
sources:
  - https://www.voorbeeld.nl/nieuws/techniek-talent
# Voorgesteld via issue #12.
---

Leerlingen bezoeken bedrijven in de regio.
"""
    assert (content / "organisations" / "techniekschool-noord.md").read_text(encoding="utf-8") == (
        "---\nname: Techniekschool Noord\ntype: vmbo-school\nmunicipality: Emmen\n---\n")
    assert run("check", "--content", str(content))[0] == 0


def test_every_optional_field_empty_gives_only_the_required_fields(content):
    propose(content)
    text = (content / "initiatives" / "techniek-talent-assen.md").read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.split("---")[1].splitlines() if line and line[0].isalpha()]
    assert keys == ["title", "summary", "municipalities", "sectors", "parties", "sources"]


def test_own_knowledge_as_the_source_is_kept_for_the_editors_not_published(content):
    result = propose(content, bron="Eigen kennis: ik ben betrokken als\ncoördinator techniek")
    text = (content / "initiatives" / "techniek-talent-assen.md").read_text(encoding="utf-8")
    assert "# Bron volgens de indiener: Eigen kennis: ik ben betrokken als coördinator techniek\n" in text
    assert "sources:" not in text
    assert any("eigen kennis" in note for note in result.notes)


def test_markdown_and_html_in_the_description_are_kept_as_written(content, run):
    body = "Leerlingen **bouwen** robots.\n\n<script>alert(1)</script>\n\n## Doelen\n\n- meer techniek\n"
    propose(content, beschrijving=body)
    assert (content / "initiatives" / "techniek-talent-assen.md").read_text(encoding="utf-8").endswith("\n\n" + body)
    assert run("check", "--content", str(content))[0] == 0  # the site sanitises it when it renders


def test_a_body_with_crlf_line_ends_gives_the_same_files(content, tmp_path):
    propose(content, beschrijving="Regel een.\nRegel twee.")
    unix = files_of(content)
    other = tmp_path / "other"
    shutil.copytree(SITES / "full", other)
    propose(other, newline="\r\n", beschrijving="Regel een.\nRegel twee.")
    assert files_of(other) == unix


def test_two_initiatives_with_the_same_name_get_two_files_and_a_note(content):
    propose(content)
    second = propose(content)
    assert second.files == ["initiatives/techniek-talent-assen-2.md"]
    assert any("al een initiatief met deze naam" in note for note in second.notes)
    assert propose(content, naam="Techniekpact Drenthe").files == ["initiatives/techniekpact-drenthe.md"]
    assert (content / "initiatives" / "techniek-drenthe.md").read_text(encoding="utf-8").startswith(
        "---\ntitle: Techniekpact Drenthe\n")  # the existing record is untouched


def test_a_new_partner_that_already_exists_is_not_made_twice(content):
    result = propose(content, **{"nieuwe-organisaties": "Alfa college; Mbo-instelling; Assen"})
    assert result.files == ["initiatives/techniek-talent-assen.md"]
    assert "  - alfa-college\n" in (content / "initiatives" / "techniek-talent-assen.md").read_text(encoding="utf-8")
    assert any("Alfa-college" in note for note in result.notes)


@pytest.mark.parametrize("values, expected", [
    ({"gemeenten": "Asen"},
     ["Veld 'Gemeenten': 'Asen' is geen Nederlandse gemeente; bedoelt u 'Assen' (Groningen)?"]),
    ({"sectoren": "Techniek\nBouw"},
     ["Veld 'Sectoren': 'Bouw' kennen we niet; kies uit: 'Techniek', 'Zorg en welzijn'"]),
    ({"organisaties": "Alfa Colege"},
     ["Veld 'Deelnemende organisaties': 'Alfa Colege' staat nog niet op de site; bedoelt u 'Alfa-college'?; staat ze "
      "er echt niet, zet haar dan onder 'Nieuwe organisaties' met soort en gemeente"]),
    ({"nieuwe-organisaties": "Techniekschool Noord"},
     ["Veld 'Nieuwe organisaties': 'Techniekschool Noord': schrijf naam; soort; gemeente, gescheiden door puntkomma's"]),
    ({"nieuwe-organisaties": "Techniekschool Noord; School; Assen"},
     ["Veld 'Nieuwe organisaties': 'School' is geen soort organisatie; bedoelt u 'Vmbo-school'?; kies uit: "
      "'Vmbo-school', 'Mbo-instelling', 'Bedrijf'"]),
    ({"startjaar": "sinds 2019"}, ["Veld 'Startjaar': 'sinds 2019' is geen jaartal; schrijf bijvoorbeeld 2019"]),
    ({"bron": "de krant"},
     ["Veld 'Bron': 'de krant' is geen webadres; geef een adres dat met https:// begint, of schrijf 'eigen kennis: "
      "ik ben betrokken als …'"]),
    ({"akkoord": ""},
     ["Veld 'Openbaar': vink het vakje aan: zonder uw akkoord kan de melding niet openbaar worden"]),
])
def test_a_mistake_is_named_by_its_form_field(content, values, expected):
    assert problems(content, **values) == expected


def test_what_check_finds_in_a_written_file_is_named_by_the_field_it_came_from(content):
    found = problems(content, samenvatting="Te kort.", website="ftp://voorbeeld.nl/",
                     **{"contact-email": "jan-at-voorbeeld"})
    assert len(found) == 3
    assert found[0].startswith("Veld 'Samenvatting in één zin': ")
    assert found[1].startswith("Veld 'Website': ")
    assert found[2].startswith("Veld 'Contactpersoon: naam': ")  # the contact block's first field
    assert "e-mailadres" in found[2]


def test_a_body_cut_short_says_which_fields_are_missing(content):
    body = issue_body(NEW_INITIATIVE, REQUIRED)
    cut = body[:body.index("### Startjaar")]
    with pytest.raises(IntakeError) as raised:
        intake(cut, content)
    [message] = raised.value.problems
    assert message.startswith("De melding is niet volledig")
    assert "'Startjaar'" in message and "'Openbaar'" in message and "'Beschrijving'" not in message


def test_a_body_over_64_kb_or_from_no_form_is_refused(content):
    with pytest.raises(IntakeError, match="groter dan 64 kB"):
        propose(content, beschrijving="x" * 70_000)
    with pytest.raises(IntakeError, match="niet van het formulier"):
        intake("### Iets anders\n\nTekst\n", content)


# -- corrections -------------------------------------------------------------------------

def correction(content, record_file: str, record="Alfa-college (content/organisations/alfa-college.md)"):
    return intake(issue_body(CORRECTION, {"record": record, "wat-klopt-niet": "De plaats ontbreekt.",
                                          "record_file": record_file}), content, 3)


def test_a_correction_replaces_the_file_with_the_text_the_reporter_edited(content, run):
    path = content / "organisations" / "alfa-college.md"
    edited = path.read_text(encoding="utf-8").replace("type: mbo-instelling\n", "type: mbo-instelling\ncity: Assen\n")
    result = correction(content, edited)
    assert result.files == ["organisations/alfa-college.md"]
    assert result.title == "Correctie: Alfa-college"
    assert path.read_text(encoding="utf-8") == edited
    assert run("check", "--content", str(content))[0] == 0


def test_a_broken_correction_names_the_line_and_the_file_is_left_as_it_was(content):
    path = content / "organisations" / "alfa-college.md"
    before = path.read_text(encoding="utf-8")
    with pytest.raises(IntakeError) as raised:
        correction(content, before.replace("type: mbo-instelling", "type: universiteit"))
    [message] = raised.value.problems
    assert message.startswith("Veld 'Het bestand, met uw verbeteringen': regel 3: ")
    assert "universiteit" in message
    assert path.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("record, record_file, expected", [
    ("Alfa-college (content/organisations/alfa-college.md)", "",
     "Veld 'Het bestand, met uw verbeteringen': het vak is leeg."),
    ("Alfa-college (content/organisations/alfa-college.md)", "---\nname: Alfa-college\ntype: mbo-instelling\n---\n",
     "Veld 'Het bestand, met uw verbeteringen': de tekst is niet veranderd"),
    ("Een school die niet bestaat", "---\nname: X\n---\n",
     "Veld 'Over welk initiatief of welke organisatie gaat het?': we weten niet welk"),
    ("(content/organisations/../../etc/passwd.md)", "---\nname: X\n---\n",
     "Veld 'Over welk initiatief of welke organisatie gaat het?': we weten niet welk"),
])
def test_a_correction_that_cannot_be_made_says_why(content, record, record_file, expected):
    before = files_of(content)
    with pytest.raises(IntakeError) as raised:
        correction(content, record_file, record)
    assert raised.value.problems[0].startswith(expected)
    assert files_of(content) == before


def test_a_correction_found_by_the_title_alone(content):
    path = content / "organisations" / "alfa-college.md"
    edited = path.read_text(encoding="utf-8").replace("---\n\n", "---\n") + "Een mbo-instelling.\n"
    assert correction(content, edited, record="alfa-college").files == ["organisations/alfa-college.md"]


# -- the command -------------------------------------------------------------------------

def test_the_command_lists_the_files_or_the_problems_and_writes_a_summary(content, tmp_path, run):
    body = tmp_path / "issue.md"
    body.write_text(issue_body(NEW_INITIATIVE, REQUIRED), encoding="utf-8")
    summary = tmp_path / "summary.md"
    status, out, _ = run("intake", str(body), "--issue", "4", "--content", str(content), "--summary", str(summary))
    assert status == 0
    assert out.strip().endswith("initiatives/techniek-talent-assen.md")
    assert "- `content/initiatives/techniek-talent-assen.md`" in summary.read_text(encoding="utf-8")

    body.write_text(issue_body(NEW_INITIATIVE, {**REQUIRED, "gemeenten": "Atlantis"}), encoding="utf-8")
    status, out, err = run("intake", str(body), "--content", str(content), "--summary", str(summary))
    assert (status, out) == (1, "")
    assert "Veld 'Gemeenten': 'Atlantis' is geen Nederlandse gemeente" in err
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Uw melding kon nog niet worden verwerkt.")
    assert "- Veld 'Gemeenten': 'Atlantis'" in text


# -- hostile bodies (an outside review) ------------------------------------------------------

def test_a_long_run_of_backticks_in_the_file_box_is_read_at_once(content):
    """The fence GitHub puts around the file is taken off line by line (no back-tracking pattern)."""
    with pytest.raises(IntakeError):
        correction(content, "`" * 20000 + "\n" + "`" * 20000 + "x")


@pytest.mark.parametrize("year", ["²", "٢٠١٩", "1" * 5000, "20190"])
def test_a_start_year_is_four_digits_or_a_field_message(content, year):
    assert problems(content, startjaar=year) == [f"Veld 'Startjaar': '{year}' is geen jaartal; schrijf bijvoorbeeld 2019"]


def test_a_name_at_the_file_name_limit_can_be_proposed_twice(content):
    name = "Samenwerkingsverband techniekonderwijs voortgezet en middelbaar beroepsonderwijs Assen"
    first = propose(content, naam=name).files[0]
    second = propose(content, naam=name).files[0]
    assert len(first) - len("initiatives/.md") == 80
    assert second.endswith("-2.md") and len(second) - len("initiatives/.md") == 80


def test_a_correction_of_a_link_does_not_replace_the_file_it_leads_to(content):
    (content / "organisations" / "alfa-link.md").symlink_to("alfa-college.md")
    before = (content / "organisations" / "alfa-college.md").read_text(encoding="utf-8")
    with pytest.raises(IntakeError) as raised:
        correction(content, "---\nname: Iets anders\ntype: bedrijf\n---\n",
                   record="Alfa (content/organisations/alfa-link.md)")
    assert "verwijst naar een ander bestand" in raised.value.problems[0]
    assert (content / "organisations" / "alfa-college.md").read_text(encoding="utf-8") == before


def test_thousands_of_mistakes_give_thirty_messages_and_a_count(content):
    lines = "\n".join(f"A{n}; x; y" for n in range(2000))
    found = problems(content, **{"nieuwe-organisaties": lines})
    assert len(found) == 31 and found[-1] == "En nog 1970 problemen; los eerst de bovenstaande op."


def test_a_hidden_line_break_cannot_add_a_key_behind_a_comment(content):
    propose(content, bron="eigen kennis: ik ben betrokken\u0085start_year: 1999")
    text = (content / "initiatives" / "techniek-talent-assen.md").read_text(encoding="utf-8")
    assert "start_year" not in text.split("# Bron volgens de indiener:", 1)[0]
    assert "# Bron volgens de indiener: eigen kennis: ik ben betrokken start_year: 1999\n" in text
