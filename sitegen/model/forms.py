"""The two GitHub issue forms through which people without git propose a record or a correction.

One definition serves three readers: `python -m sitegen.content.docs` writes the forms to
`.github/ISSUE_TEMPLATE/` from it, `intake` reads an issue body by its labels, and the site's
proposal page (`/aanmelden/`) prefills the form through the URL by its field ids. A label or
id changed here changes all three.

GitHub renders a submitted form as one `### <label>` section per field, in this order, with
`_No response_` for a field left empty and `- [X] <option>` for a ticked checkbox.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class FormField:
    id: str
    type: str  # input, textarea or checkboxes (GitHub's element types)
    label: str
    description: str = ""
    required: bool = False
    render: str | None = None  # a textarea GitHub shows as code of this language
    option: str | None = None  # checkboxes: the one box to tick
    record_field: str | None = None  # what it becomes in the record file ('body' for the description)


@dataclass(frozen=True)
class IssueForm:
    file: str  # its name in .github/ISSUE_TEMPLATE/
    name: str
    description: str
    title: str
    labels: tuple[str, ...]
    intro: str
    fields: tuple[FormField, ...]

    @property
    def by_id(self) -> dict[str, FormField]:
        return {f.id: f for f in self.fields}

    def yaml(self) -> str:
        body = [{"type": "markdown", "attributes": {"value": self.intro}}]
        for f in self.fields:
            attributes = {"label": f.label}
            if f.description:
                attributes["description"] = f.description
            if f.render:
                attributes["render"] = f.render
            if f.option:
                attributes["options"] = [{"label": f.option, "required": f.required}]
            element = {"type": f.type, "id": f.id, "attributes": attributes}
            if f.required and f.type != "checkboxes":
                element["validations"] = {"required": True}
            body.append(element)
        form = {"name": self.name, "description": self.description, "title": self.title,
                "labels": list(self.labels), "body": body}
        header = "# Generated from sitegen/model/forms.py by `python -m sitegen.content.docs`; edit it there.\n"
        return header + yaml.safe_dump(form, allow_unicode=True, sort_keys=False, width=100)


ONE_PER_LINE = "Eén per regel."
OWN_KNOWLEDGE = "eigen kennis"  # a source line starting so is the proposer's own account, not a web address

NEW_INITIATIVE = IssueForm(
    file="nieuw-initiatief.yml",
    name="Nieuw initiatief aanmelden",
    description="Stel een samenwerking voor die nog niet in het overzicht staat.",
    title="Nieuw initiatief: ",
    labels=("nieuw-initiatief",),
    intro=("Bedankt dat u een initiatief aanmeldt. Na het versturen maakt een controle er een voorstel van; "
           "een redacteur kijkt het na voordat het op de site komt. Staat er iets niet goed in, dan leest u "
           "hier onder uw melding welk veld u moet aanpassen. Alles wat u hier invult is openbaar."),
    fields=(
        FormField("naam", "input", "Naam van het initiatief", "Zoals de samenwerking zichzelf noemt.", True,
                  record_field="title"),
        FormField("samenvatting", "textarea", "Samenvatting in één zin",
                  "Wat doet de samenwerking, en met wie? 20 tot 300 tekens, zonder opmaak.", True,
                  record_field="summary"),
        FormField("gemeenten", "textarea", "Gemeenten",
                  f"De gemeenten waar het initiatief werkt. {ONE_PER_LINE} De arbeidsmarktregio volgt daaruit.", True,
                  record_field="municipalities"),
        FormField("sectoren", "textarea", "Sectoren",
                  f"Bijvoorbeeld 'Techniek en gebouwde omgeving' of 'Zorg en welzijn'. {ONE_PER_LINE}", True,
                  record_field="sectors"),
        FormField("partijen", "textarea", "Soorten partijen",
                  f"Wie doen er mee, bijvoorbeeld 'vmbo', 'mbo', 'Bedrijfsleven'. {ONE_PER_LINE}", True,
                  record_field="parties"),
        FormField("organisaties", "textarea", "Deelnemende organisaties",
                  f"Scholen, instellingen en bedrijven die al op de site staan, met hun naam. {ONE_PER_LINE}"),
        FormField("nieuwe-organisaties", "textarea", "Nieuwe organisaties",
                  "Organisaties die nog niet op de site staan: naam; soort; gemeente. Bijvoorbeeld: "
                  f"'Techniekschool Noord; Vmbo-school; Assen'. {ONE_PER_LINE}"),
        FormField("beschrijving", "textarea", "Beschrijving",
                  "Wat doet de samenwerking, sinds wanneer, wat levert ze op? Opmaak met Markdown mag.", True,
                  record_field="body"),
        FormField("startjaar", "input", "Startjaar", "Het jaar waarin de samenwerking begon, als u dat weet."),
        FormField("website", "input", "Website", "Het webadres van het initiatief (begint met https://)."),
        FormField("contact-naam", "input", "Contactpersoon: naam"),
        FormField("contact-functie", "input", "Contactpersoon: functie"),
        FormField("contact-organisatie", "input", "Contactpersoon: organisatie"),
        FormField("contact-email", "input", "Contactpersoon: e-mailadres",
                  "Wordt op de site getoond; alleen invullen met toestemming van de contactpersoon."),
        FormField("contact-telefoon", "input", "Contactpersoon: telefoonnummer"),
        FormField("bron", "textarea", "Bron",
                  "Waar staat dit? Een webadres per regel. Weet u het uit eigen ervaring, schrijf dan: "
                  f"'{OWN_KNOWLEDGE}: ik ben betrokken als …'.", True, record_field="sources"),
        FormField("akkoord", "checkboxes", "Openbaar",
                  option="Ik begrijp dat deze gegevens openbaar worden, op GitHub en op de site.", required=True),
    ),
)

CORRECTION = IssueForm(
    file="correctie.yml",
    name="Correctie van gegevens",
    description="Meld dat gegevens over een initiatief of organisatie niet kloppen of ontbreken.",
    title="Correctie: ",
    labels=("correctie",),
    intro=("Bedankt dat u helpt het overzicht actueel te houden. Pas de tekst van het bestand hieronder aan "
           "waar iets niet klopt; na het versturen wordt er een voorstel van gemaakt dat een redacteur nakijkt. "
           "Meldingen zijn openbaar: zet er geen gegevens in die niet op de site horen."),
    fields=(
        FormField("record", "input", "Over welk initiatief of welke organisatie gaat het?",
                  "Wordt ingevuld als u via de site komt.", True),
        FormField("wat-klopt-niet", "textarea", "Wat klopt er niet of ontbreekt?", required=True),
        FormField("record_file", "textarea", "Het bestand, met uw verbeteringen",
                  "De tekst van de pagina zoals die nu in het overzicht staat. Verander wat niet klopt en laat de "
                  "rest staan. Is dit vak leeg, dan was het bestand te lang voor de link: open het via de link "
                  "'Bekijk het bestand' op de pagina, kopieer de tekst en plak die hier.", render="markdown"),
        FormField("correctie", "textarea", "Wat moet het zijn?",
                  "Alleen nodig als u het bestand hierboven niet hebt aangepast."),
        FormField("bron", "input", "Bron",
                  "Een webadres of document waar dit staat, zodat de redactie het kan nakijken."),
        FormField("email", "input", "Uw e-mailadres (optioneel)",
                  "Alleen als de redactie u mag benaderen met een vraag."),
    ),
)

FORMS = (NEW_INITIATIVE, CORRECTION)
