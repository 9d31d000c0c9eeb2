
import pytest

from sitegen.model.slugs import slugify


@pytest.mark.parametrize("title, slug", [
    ("Techniek in Zuidoost-Brabant!", "techniek-in-zuidoost-brabant"),
    ("Coöperatie Primair Onderwijs", "cooperatie-primair-onderwijs"),
    ("  HOC Opleiding & Training ", "hoc-opleiding-training"),
])
def test_slugify(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize("kind, folder", [("initiative", "initiatives"), ("organisation", "organisations"),
                                          ("news", "news"), ("page", "pages")])
def test_new_writes_a_draft_that_check_refuses_until_the_editor_fills_it_in(make_site, run, kind, folder):
    content = make_site()
    status, out, _ = run("new", kind, "Samen Sterk: Techniek in Assen")
    assert status == 0
    assert f"content/{folder}/samen-sterk-techniek-in-assen.md" in out
    assert run("new", kind, "Samen Sterk: Techniek in Assen")[0] == 1  # never overwrites
    path = content / folder / "samen-sterk-techniek-in-assen.md"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    placeholders = [number for number, line in enumerate(lines, 1) if "Vervang deze" in line]
    status, out, _ = run("check")
    if placeholders or "municipalities:" in text:
        assert status == 1
        reported = {int(line.split(":")[1]) for line in out.splitlines()}
        assert set(placeholders) <= reported
        assert all("vervang de voorbeeldtekst" in line for line in out.splitlines()
                   if int(line.split(":")[1]) in placeholders)
    # Filled in by the editor: accepted.
    filled = "\n".join("summary: Scholen en bedrijven in Assen werken samen aan techniekonderwijs." if
                        line.startswith("summary: \"Vervang") else
                        "Een beschrijving van de samenwerking." if line.startswith("Vervang deze") else
                        line + "\n  - Assen" if line.startswith("municipalities:") else line for line in lines)
    path.write_text(filled, encoding="utf-8")
    assert run("check")[:2] == (0, "")


def test_new_leaves_the_municipality_to_the_editor(make_site, run):
    content = make_site()
    run("new", "initiative", "Techniek")
    text = (content / "initiatives" / "techniek.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("municipalities:"))
    assert line.startswith("municipalities:  # vul in: de gemeenten")
    assert "Assen" not in text.split("municipalities:", 1)[1].split("\n", 1)[0].split("#")[0]
    assert run("check")[1].splitlines() == [
        "content/initiatives/techniek.md:3:10: vervang de voorbeeldtekst in 'summary' door uw eigen tekst",
        "content/initiatives/techniek.md:4:16: veld 'municipalities' is leeg; laat het veld weg als de waarde "
        "onbekend is",
        "content/initiatives/techniek.md:14:1: vervang de voorbeeldtekst in de beschrijving door uw eigen tekst"]
