// The proposal form on /aanmelden/ (templates/propose.html). A coordinator fills it in; this script
// checks it with the rules of the site's checker, read from the published JSON Schemas, and turns
// it into three ways to send it: GitHub's issue form prefilled by field id (the `intake` command
// reads the issue GitHub makes of it, so the value formats below are a contract), GitHub's
// new-file page with the finished record files, or e-mail. Nothing is sent from this page.

const data = JSON.parse(document.getElementById("aanmelden").dataset.config);
const links = data.links;
// What the issue form requires, as record fields (sitegen/forms.py, handed over by the page): more
// than the initiative schema asks of a record (a description, places, a source).
const ALSO_REQUIRED = links.required;
const form = document.getElementById("aanmeldformulier");
const summaryBox = document.getElementById("foutoverzicht");
const result = document.getElementById("resultaat");
const status = document.getElementById("suggesties-status");

const SLUG_MAX_LENGTH = links.slugMaxLength; // sitegen/slugs.py, handed over by the page
const MAX_SUGGESTIONS = 8;
const WEB_ADDRESS = "Vul een webadres in dat begint met https://, bijvoorbeeld https://www.school.nl/";
// What to say when a value does not match its schema's pattern, by field name.
const FORMAT = {
  website: WEB_ADDRESS,
  sources: WEB_ADDRESS,
  email: "Vul een e-mailadres in, zoals naam@school.nl.",
  start_year: "Vul een jaartal in, bijvoorbeeld 2019.",
};

const schemas = {}; // initiative, organisation: the published JSON Schemas
const places = new Map(); // normalised name or alias -> official name
const placeOptions = []; // suggestions: {value, text, keys, choice}
const placeNames = []; // every name as written, for "bedoelt u ...?" after a typing mistake
const organisationOptions = [];
const organisationsByName = new Map(); // normalised name -> [{naam, slug, gemeente}]
let initiativeSlugs = [];
let rowCount = 0; // rows ever added: gives each row's fields unique ids

// -- small helpers -------------------------------------------------------------------------

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

// The same folding as search.js and sitegen/places.py normalise(): case, accents, apostrophes, separators.
function normalise(name) {
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/['`´’‘]/g, "").replace(/[\s\-–.,/]+/g, " ").trim();
}

// sitegen/slugs.py slugify(): 'Techniek in Zuidoost-Brabant!' -> 'techniek-in-zuidoost-brabant'.
function slugify(text) {
  const ascii = text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  return ascii.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX_LENGTH).replace(/-+$/, "");
}

// A slug not in `taken` (then added to it): -2, -3, ... when the plain one is used, shortened so that
// the file name stays within the maximum length, as sitegen/slugs.py unique_slug() does for `intake`.
function uniqueSlug(text, taken) {
  const base = slugify(text) || "voorstel";
  let slug = base;
  for (let number = 2; taken.has(slug); number++) {
    const suffix = `-${number}`;
    slug = base.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/, "") + suffix;
  }
  taken.add(slug);
  return slug;
}

function isEmpty(value) {
  return value === "" || (typeof value === "object" && Object.keys(value).length === 0);
}

// YAML reads NEL (U+0085) as a line break too, where JavaScript's \s does not see one.
function oneLine(text) {
  return text.split(/[\s\u0085]+/).filter(Boolean).join(" ");
}

// A YAML double-quoted string: JSON is valid YAML once what YAML reads as a line break becomes a
// space, the control characters the checker refuses are dropped, and byte order marks are escaped.
function quote(text) {
  const clean = text.replace(/[\u0085\u2028\u2029]/g, " ").replace(/[\u007f-\u009f]/g, "");
  return JSON.stringify(clean).replace(/[\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

async function fetchJson(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

// -- the rules: the subset of JSON Schema the site's schemas use ----------------------------

function typeFits(type, value) {
  if (!type) return true;
  return [].concat(type).some((t) => ({
    string: typeof value === "string", number: typeof value === "number", boolean: typeof value === "boolean",
    integer: Number.isInteger(value), array: Array.isArray(value),
    object: typeof value === "object" && value !== null && !Array.isArray(value),
  })[t]);
}

function missingMessage(schema) {
  if (schema?.type === "array") return "Kies er minstens één.";
  return schema?.enum ? "Maak een keuze." : "Vul dit in.";
}

// value against schema -> [{path: '/contact/email', message}]; `name` is the field's name, for FORMAT.
function check(schema, value, path = "", name = "") {
  if (schema.anyOf) {
    const outcomes = schema.anyOf.map((branch) => check(branch, value, path, name));
    if (outcomes.some((errors) => errors.length === 0)) return [];
    return outcomes[Math.max(0, schema.anyOf.findIndex((branch) => typeFits(branch.type, value)))];
  }
  if (!typeFits(schema.type, value)) return [{ path, message: FORMAT[name] || "Dit heeft niet de goede vorm." }];
  const errors = [];
  const add = (message, at = path) => errors.push({ path: at, message });
  if (typeof value === "string") {
    const length = [...value].length; // characters, as Python counts them
    if (length < schema.minLength) add(`Gebruik minstens ${schema.minLength} tekens; nu zijn het er ${length}.`);
    if (length > schema.maxLength) add(`Gebruik hoogstens ${schema.maxLength} tekens; nu zijn het er ${length}.`);
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) add(FORMAT[name] || "Dit heeft niet de goede vorm.");
    if (schema.not?.pattern && new RegExp(schema.not.pattern).test(value)) {
      add("Schrijf gewone tekst, zonder HTML-code zoals <b>.");
    }
  }
  if (schema.enum && !schema.enum.includes(value)) add("Kies een van de mogelijkheden.");
  if (typeof value === "number" && value < schema.minimum) add(`Vul een jaartal in vanaf ${schema.minimum}.`);
  if (Array.isArray(value)) {
    if (value.length < schema.minItems) add("Kies er minstens één.");
    value.forEach((item, index) => {
      if (schema.uniqueItems && value.indexOf(item) < index) add("Dit staat er al eerder in.", `${path}/${index}`);
      else if (schema.items) errors.push(...check(schema.items, item, `${path}/${index}`, name));
    });
  }
  if (typeFits("object", value)) {
    for (const key of schema.required || []) {
      if (!(key in value)) add(missingMessage(schema.properties?.[key]), `${path}/${key}`);
    }
    for (const [key, item] of Object.entries(value)) {
      if (schema.properties?.[key]) errors.push(...check(schema.properties[key], item, `${path}/${key}`, key));
    }
  }
  return errors;
}

// "(verplicht)" after the label of every field the schemas (or ALSO_REQUIRED) require.
function markRequired(root) {
  for (const node of root.querySelectorAll("[data-rule]")) {
    const [kind, name] = node.dataset.rule.includes(":") ? node.dataset.rule.split(":") : ["initiative", node.dataset.rule];
    const required = schemas[kind].required.includes(name) || (kind === "initiative" && ALSO_REQUIRED.includes(name));
    if (!required) continue;
    const label = node.matches("fieldset") ? node.querySelector(":scope > legend") : node;
    label.append(element("span", { className: "required" }, " (verplicht)"));
    if (node.control) node.control.setAttribute("aria-required", "true");
  }
}

// Lengths and the first year, told in the hints as the schema has them.
function describeRules() {
  const fields = schemas.initiative.properties;
  for (const node of form.querySelectorAll("[data-lengths]")) {
    const { minLength, maxLength } = fields[node.dataset.lengths];
    node.textContent = `Minstens ${minLength} en hoogstens ${maxLength} tekens.`;
  }
  for (const node of form.querySelectorAll("[data-minimum]")) {
    const rule = fields[node.dataset.minimum];
    const minimum = (rule.anyOf || [rule]).map((branch) => branch.minimum).find((m) => m !== undefined);
    node.textContent = `Niet eerder dan ${minimum}.`;
  }
}

// -- suggestions while typing (the ARIA combobox pattern with a list box) ------------------

function matches(options, query) {
  const found = [];
  for (const option of options) {
    const key = option.keys.find((k) => k.startsWith(query)) || option.keys.find((k) => k.includes(query));
    if (key) found.push({ option, key, rank: key.startsWith(query) ? 0 : 1 });
  }
  found.sort((a, b) => a.rank - b.rank || a.option.value.localeCompare(b.option.value, "nl"));
  // Found by another name (an alias such as 'ter apel'): show that name too.
  return found.slice(0, MAX_SUGGESTIONS).map(({ option, key }) =>
    ({ ...option, text: key === option.keys[0] ? option.text : `${option.text} (${option.shown?.[key] || key})` }));
}

function suggest(input, options) {
  const list = element("ul", { id: `${input.id}-lijst`, className: "suggestions", hidden: true });
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggesties");
  for (const [name, value] of [["role", "combobox"], ["aria-autocomplete", "list"], ["aria-expanded", "false"],
    ["aria-controls", list.id]]) input.setAttribute(name, value);
  const wrap = element("div", { className: "combo" });
  input.replaceWith(wrap);
  wrap.append(input, list);
  let shown = [];
  let active = -1;

  const close = () => {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const choose = (option) => {
    input.value = option.value;
    if (option.choice) input.dataset.choice = option.choice;
    close();
  };
  const highlight = (index) => {
    active = index;
    [...list.children].forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
    input.setAttribute("aria-activedescendant", list.children[index].id);
    list.children[index].scrollIntoView({ block: "nearest" });
  };
  const open = () => {
    const query = normalise(input.value);
    shown = query ? matches(options(), query) : [];
    list.replaceChildren(...shown.map((option, index) => {
      const item = element("li", { id: `${list.id}-${index}` }, option.text);
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus in the field
      item.addEventListener("click", () => choose(option));
      return item;
    }));
    list.hidden = shown.length === 0;
    input.setAttribute("aria-expanded", String(shown.length > 0));
    input.removeAttribute("aria-activedescendant");
    active = -1;
    const count = shown.length === 1 ? "1 suggestie" : `${shown.length} suggesties`;
    status.textContent = !query ? "" : shown.length ? `${count}; kies met pijltje omlaag en Enter.` : "Geen suggesties.";
  };

  input.addEventListener("input", () => {
    delete input.dataset.choice;
    open();
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (list.hidden) open();
      if (!shown.length) return;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      highlight(active < 0 ? (step > 0 ? 0 : shown.length - 1) : (active + step + shown.length) % shown.length);
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault(); // take the suggestion, do not send the form
      choose(shown[active]);
    } else if (event.key === "Escape" && !list.hidden) {
      event.preventDefault();
      close();
    }
  });
  input.addEventListener("blur", close);
}

// -- lists of rows (municipalities, organisations, web addresses) --------------------------

function addRow(list, focus) {
  const row = document.getElementById(list.dataset.rows).content.firstElementChild.cloneNode(true);
  rowCount += 1;
  for (const field of row.querySelectorAll("input[data-field], select[data-field]")) {
    field.id = `${field.dataset.field}-${rowCount}`;
    row.querySelector(`label[data-field="${field.dataset.field}"]`).htmlFor = field.id;
  }
  list.append(row);
  for (const field of row.querySelectorAll("[data-suggest]")) {
    suggest(field, field.dataset.suggest === "places" ? () => placeOptions : () => organisationOptions);
  }
  row.querySelector("[data-remove]").addEventListener("click", () => removeRow(list, row));
  markRequired(row);
  renumber(list);
  if (focus) row.querySelector("input, select").focus();
}

function removeRow(list, row) {
  const neighbour = row.nextElementSibling || row.previousElementSibling;
  row.remove();
  renumber(list);
  (neighbour?.querySelector("input, select") || list.nextElementSibling).focus();
}

function renumber(list) {
  const rows = [...list.children];
  rows.forEach((row, index) => {
    for (const number of row.querySelectorAll("[data-number]")) number.textContent = index + 1;
    // A list that starts with one row keeps one: removing it would leave nothing to type in.
    row.querySelector("[data-remove]").hidden = rows.length === 1 && list.dataset.start === "1";
  });
}

function rows(list) {
  return [...form.querySelector(`#${list} [data-rows]`).children];
}

// The field (not its label, which carries the same data-field) of each row.
function fieldIn(row, field) {
  return row.querySelector(`input[data-field="${field}"], select[data-field="${field}"]`);
}

function rowFields(list, field) {
  return rows(list).map((row) => fieldIn(row, field));
}

// -- reading the form into a proposal --------------------------------------------------------

function checkedBoxes(name) {
  return [...form.querySelectorAll(`input[name="${name}"]:checked`)];
}

function labelOf(box) {
  return form.querySelector(`label[for="${box.id}"]`).textContent.trim();
}

function byId(id) {
  return document.getElementById(id);
}

// Each reader below takes the values of one part of the form. `fail(field, message)` notes an
// error; `targets` maps a schema path ('/municipalities/1') to the field an error there belongs to.

// The known names closest to one that is not known ('Emmer' -> 'Emmen'), as check and intake suggest them.
function closestPlaces(text) {
  const typed = normalise(text);
  const distance = (a, b) => {
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      for (let j = 1; j <= b.length; j++) {
        row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      previous = row;
    }
    return previous[b.length];
  };
  const limit = Math.max(1, Math.floor(typed.length / 4));
  return [...new Set(placeNames)].map((name) => [distance(typed, normalise(name)), name])
    .filter(([d]) => d <= limit).sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1], "nl"))
    .slice(0, 3).map(([, name]) => name);
}

function unknownPlace(text) {
  const close = closestPlaces(text);
  const hint = close.length ? ` Bedoelt u ${close.map((name) => `'${name}'`).join(" of ")}?` : " Kies een gemeente uit de lijst.";
  return `De gemeente '${text.trim()}' kennen we niet.${hint}`;
}

function readMunicipalities(fail, targets) {
  const fields = rowFields("gemeenten", "gemeente");
  const filled = fields.filter((field) => field.value.trim());
  if (!filled.length) fail(fields[0], "Vul minstens één gemeente in.");
  targets["/municipalities"] = fields[0];
  const found = [];
  for (const input of filled) {
    const official = places.get(normalise(input.value));
    if (!official) fail(input, unknownPlace(input.value));
    else targets[`/municipalities/${found.push(official) - 1}`] = input;
  }
  return found;
}

// Organisations on the site, by name -> {slugs, names}; then the new ones get their slugs added.
function readOrganisations(fail, targets) {
  const fields = rowFields("organisaties", "organisatie");
  targets["/organisations"] = fields[0];
  const slugs = [];
  const names = [];
  for (const input of fields.filter((field) => field.value.trim())) {
    const found = organisationsByName.get(normalise(input.value)) || [];
    const chosen = found.find((o) => o.slug === input.dataset.choice) || (found.length === 1 ? found[0] : null);
    if (chosen) {
      targets[`/organisations/${slugs.push(chosen.slug) - 1}`] = input;
      names.push(chosen.naam);
    } else if (found.length) {
      fail(input, "Er zijn meer organisaties met deze naam. Kies de goede uit de lijst.");
    } else {
      fail(input, `'${input.value.trim()}' staat nog niet op de site. Kies een naam uit de lijst, of voeg de organisatie toe bij 'Organisaties die nog niet op de site staan'.`);
    }
  }
  return { slugs, names };
}

function readContact(targets) {
  const contact = {};
  for (const [key, id] of [["name", "contact-naam"], ["role", "contact-functie"], ["organisation", "contact-organisatie"],
    ["email", "contact-email"], ["phone", "contact-telefoon"]]) {
    targets[`/contact/${key}`] = byId(id);
    const value = oneLine(byId(id).value);
    if (value) contact[key] = value;
  }
  return contact;
}

// Web addresses, or the proposer's own involvement -> {sources, ownKnowledge}.
function readSource(fail, targets) {
  const choice = form.querySelector('input[name="bron"]:checked')?.value;
  if (!choice) fail(byId("bron"), "Kies waar de informatie vandaan komt.");
  if (choice === "eigen") {
    const role = oneLine(byId("betrokken-als").value);
    if (!role) fail(byId("betrokken-als"), "Vul in hoe u bij het initiatief betrokken bent.");
    return { sources: [], ownKnowledge: `${links.ownKnowledge}: ik ben betrokken als ${role}` };
  }
  const fields = rowFields("bron", "webadres");
  const filled = choice === "web" ? fields.filter((field) => field.value.trim()) : [];
  if (choice === "web" && !filled.length) fail(fields[0], "Vul minstens één webadres in.");
  targets["/sources"] = fields[0];
  filled.forEach((input, index) => { targets[`/sources/${index}`] = input; });
  return { sources: filled.map((input) => input.value.trim()), ownKnowledge: null };
}

// -> {record (front matter), body, ownKnowledge, organisations (new ones), issue (by field id), errors}
function readForm() {
  const errors = [];
  const fail = (target, message) => errors.push({ target, message });
  const targets = { "": byId("naam"), "/title": byId("naam"), "/summary": byId("samenvatting"),
    "/sectors": byId("sectoren"), "/parties": byId("partijen"), "/start_year": byId("startjaar"), "/website": byId("website") };
  const sectors = checkedBoxes("sectoren");
  const parties = checkedBoxes("partijen");
  const municipalities = readMunicipalities(fail, targets);
  const { slugs, names } = readOrganisations(fail, targets);
  const organisations = readNewOrganisations(fail);
  for (const o of organisations) targets[`/organisations/${slugs.push(o.slug) - 1}`] = o.field;
  const year = byId("startjaar").value.trim();
  const contact = readContact(targets);
  const { sources, ownKnowledge } = readSource(fail, targets);
  const body = byId("beschrijving").value.replace(/\s+$/, "");
  if (!body.trim()) fail(byId("beschrijving"), "Vul dit in.");

  // In the order the editors' guide writes them; what is empty is left out.
  const record = Object.fromEntries(Object.entries({
    title: oneLine(byId("naam").value), summary: oneLine(byId("samenvatting").value), municipalities,
    sectors: sectors.map((box) => box.value), parties: parties.map((box) => box.value), organisations: slugs,
    start_year: /^\d+$/.test(year) ? Number(year) : year, website: byId("website").value.trim(), contact, sources,
  }).filter(([, value]) => !isEmpty(value)));
  for (const { path, message } of check(schemas.initiative, record)) {
    let at = path;
    while (!(at in targets)) at = at.replace(/\/[^/]*$/, ""); // '/sectors/0' -> '/sectors'
    fail(targets[at], message);
  }

  const lines = (values) => values.join("\n");
  const issue = {
    naam: record.title, samenvatting: record.summary, gemeenten: lines(municipalities),
    sectoren: lines(sectors.map(labelOf)), partijen: lines(parties.map(labelOf)), organisaties: lines(names),
    "nieuwe-organisaties": lines(organisations.map((o) => [o.name, o.typeLabel, o.municipality].filter(Boolean).join("; "))),
    beschrijving: body, startjaar: year, website: record.website,
    "contact-naam": contact.name, "contact-functie": contact.role, "contact-organisatie": contact.organisation,
    "contact-email": contact.email, "contact-telefoon": contact.phone,
    bron: ownKnowledge || lines(sources),
  };
  return { record, body, ownKnowledge, organisations, issue, errors };
}

// The partners not yet on the site, each checked against the organisation schema.
function readNewOrganisations(fail) {
  const taken = new Set(organisationOptions.map((option) => option.choice));
  const found = [];
  for (const row of rows("nieuwe-organisaties")) {
    const [nameField, typeField, placeField] = ["org-naam", "org-soort", "org-gemeente"]
      .map((field) => fieldIn(row, field));
    const name = oneLine(nameField.value);
    if (!name && !typeField.value && !placeField.value.trim()) continue; // an empty row is no organisation
    const values = {};
    if (name) values.name = name;
    if (typeField.value) values.type = typeField.value;
    if (placeField.value.trim()) {
      const official = places.get(normalise(placeField.value));
      if (official) values.municipality = official;
      else fail(placeField, unknownPlace(placeField.value));
    }
    if (organisationsByName.has(normalise(name))) {
      fail(nameField, "Deze organisatie staat al op de site. Kies haar bij 'Deelnemende organisaties'.");
    }
    const fields = { "/name": nameField, "/type": typeField, "/municipality": placeField };
    for (const { path, message } of check(schemas.organisation, values)) fail(fields[path] || nameField, message);
    found.push({ ...values, slug: uniqueSlug(name, taken), typeLabel: typeField.selectedOptions[0].text.trim(), field: nameField });
  }
  return found;
}

// -- the files and links ---------------------------------------------------------------------

function recordFile(values, comments = [], body = "") {
  const lines = ["---"];
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) lines.push(`${key}:`, ...value.map((item) => `  - ${quote(item)}`));
    else if (typeof value === "object") lines.push(`${key}:`, ...Object.entries(value).map(([k, v]) => `  ${k}: ${quote(v)}`));
    else lines.push(`${key}: ${typeof value === "number" ? value : quote(value)}`);
  }
  lines.push(...comments.map((comment) => `# ${oneLine(comment)}`), "---", "");
  return lines.join("\n") + (body ? `\n${body}\n` : "");
}

function organisationFile({ name, type, municipality }) {
  return recordFile(municipality ? { name, type, municipality } : { name, type });
}

// A link too long for a browser or GitHub leaves the description (issue) or the text (file) out;
// the page then shows it to copy. -> [link, what was left out or ""].
function issueLink(values) {
  const query = new URLSearchParams({ template: links.template, title: links.title + values.naam });
  for (const id of links.fields) if (values[id]) query.set(id, values[id]);
  const full = `${links.issueUrl}?${query}`;
  if (full.length <= links.maxUrl) return [full, ""];
  query.delete(links.bodyField);
  return [`${links.issueUrl}?${query}`, values[links.bodyField]];
}

function newFileLink(folderUrl, slug, text) {
  const full = `${folderUrl}?${new URLSearchParams({ filename: `${slug}.md`, value: text })}`;
  if (full.length <= links.maxUrl) return [full, ""];
  return [`${folderUrl}?${new URLSearchParams({ filename: `${slug}.md` })}`, text];
}

function offerToPaste(way, text) {
  const box = result.querySelector(`[data-paste="${way}"]`);
  box.hidden = !text;
  box.querySelector("textarea").value = text;
}

function mailLink(subject, body) {
  const encode = (text) => encodeURIComponent(text.replace(/\n/g, "\r\n"));
  return `mailto:${links.email}?subject=${encode(subject)}&body=${encode(body)}`;
}

function showResult(proposal) {
  const { record, organisations } = proposal;
  const comments = proposal.ownKnowledge ? [`Bron volgens de indiener: ${proposal.ownKnowledge}`] : [];
  const file = recordFile(record, comments, proposal.body);
  const slug = uniqueSlug(record.title, new Set(initiativeSlugs));
  const [issue, leftOut] = issueLink(proposal.issue);
  result.querySelector('[data-link="issue"]').href = issue;
  offerToPaste("issue", leftOut);
  const [fileLink, fileLeftOut] = newFileLink(links.newInitiativeUrl, slug, file);
  result.querySelector('[data-link="file"]').href = fileLink;
  offerToPaste("file", fileLeftOut);
  result.querySelector("[data-new-organisations]").hidden = organisations.length === 0;
  result.querySelector("[data-organisation-links]").replaceChildren(...organisations.map((o) => element("li", {},
    element("a", { href: newFileLink(links.newOrganisationUrl, o.slug, organisationFile(o))[0], rel: "noopener" },
      `Stel het bestand van ${o.name} voor op GitHub`))));
  const mail = result.querySelector('[data-link="mail"]');
  if (mail) {
    const extra = organisations.map((o) => `Nieuwe organisatie (${o.slug}.md):\n\n${organisationFile(o)}`);
    mail.href = mailLink(links.title + record.title, [file, ...extra].join("\n\n"));
  }
  summaryBox.hidden = true;
  form.hidden = true;
  result.hidden = false;
  result.focus();
  result.scrollIntoView({ block: "start" }); // on a phone too, its heading and "nothing sent yet" first
}

// -- errors ------------------------------------------------------------------------------------

function clearErrors() {
  for (const note of form.querySelectorAll(".field-error")) note.remove();
  for (const node of form.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
  for (const node of form.querySelectorAll("[aria-describedby]")) {
    const ids = node.getAttribute("aria-describedby").split(" ").filter((id) => !id.endsWith("-fout"));
    if (ids.length) node.setAttribute("aria-describedby", ids.join(" "));
    else node.removeAttribute("aria-describedby");
  }
}

// A field's name as the error summary says it; a field in a group of fields gets the group's name too.
function nameOf(target) {
  const label = (target.matches("fieldset") ? target.querySelector(":scope > legend") : target.labels[0]).cloneNode(true);
  label.querySelector(".required")?.remove();
  const group = target.closest(".field")?.parentElement.closest("fieldset");
  return group ? `${nameOf(group)}, ${label.textContent.trim()}` : label.textContent.trim();
}

function showErrors(errors) {
  const list = summaryBox.querySelector("[data-errors]");
  list.replaceChildren();
  const done = new Set();
  errors.sort((a, b) => (a.target === b.target ? 0
    : a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
  for (const { target, message } of errors) {
    if (done.has(target)) continue; // one message per field: the first
    done.add(target);
    const group = target.matches("fieldset");
    const note = element("p", { className: "field-error", id: `${target.id}-fout` },
      element("span", { className: "visually-hidden" }, "Fout: "), message);
    if (group) (target.querySelector(":scope > .hint") || target.querySelector(":scope > legend")).after(note);
    else (target.closest(".row-control") || target.closest(".combo") || target).before(note);
    target.setAttribute("aria-describedby", [note.id, target.getAttribute("aria-describedby")].filter(Boolean).join(" "));
    const fields = group ? [...target.querySelectorAll(":scope > ul input")] : [target];
    for (const field of fields) field.setAttribute("aria-invalid", "true");
    const link = element("a", { href: `#${fields[0].id}` }, `${nameOf(target)}: ${message}`);
    link.addEventListener("click", (event) => {
      event.preventDefault();
      fields[0].focus();
      (group ? target : target.labels[0]).scrollIntoView({ block: "start" });
    });
    list.append(element("li", {}, link));
  }
  summaryBox.hidden = false;
  summaryBox.focus();
}

// -- start ---------------------------------------------------------------------------------------

async function start() {
  const [initiative, organisation, placeList, organisationList, initiativeList] = await Promise.all(
    [data.initiativeSchema, data.organisationSchema, data.places, data.organisations, data.initiatives].map(fetchJson));
  Object.assign(schemas, { initiative, organisation });
  for (const [names, official, , , , written = names] of placeList) {
    for (const name of [normalise(official), ...names]) places.set(name, official);
    placeNames.push(...written);
    // Other names are shown as the municipality list writes them ("Emmen (Klazienaveen)").
    const others = names.map((name, index) => [name, written[index]]).filter(([name]) => name !== normalise(official));
    placeOptions.push({ value: official, text: official, keys: [normalise(official), ...others.map(([name]) => name)],
      shown: Object.fromEntries(others) });
  }
  for (const o of organisationList.organisaties) {
    const key = normalise(o.naam);
    organisationsByName.set(key, [...(organisationsByName.get(key) || []), o]);
    organisationOptions.push({ value: o.naam, text: o.gemeente ? `${o.naam}, ${o.gemeente}` : o.naam, keys: [key], choice: o.slug });
  }
  initiativeSlugs = initiativeList.initiatieven.map((i) => i.slug);

  markRequired(form);
  describeRules();
  for (const list of form.querySelectorAll("[data-rows]")) {
    list.nextElementSibling.addEventListener("click", () => addRow(list, true));
    for (let i = 0; i < Number(list.dataset.start); i++) addRow(list, false);
  }
  for (const radio of form.querySelectorAll('input[name="bron"]')) {
    radio.addEventListener("change", () => {
      for (const panel of form.querySelectorAll("[data-source]")) panel.hidden = panel.dataset.source !== radio.value;
    });
  }
  // A message beside a field goes as soon as the field is changed; the summary stays until the next check.
  form.addEventListener("input", (event) => {
    const field = event.target.closest("[aria-invalid]");
    if (!field) return;
    const target = field.closest("fieldset[aria-describedby]") || field;
    document.getElementById(`${target.id}-fout`)?.remove();
    const ids = (target.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== `${target.id}-fout`);
    if (ids.length) target.setAttribute("aria-describedby", ids.join(" "));
    else target.removeAttribute("aria-describedby");
    for (const node of (target.matches("fieldset") ? target.querySelectorAll("[aria-invalid]") : [field])) {
      node.removeAttribute("aria-invalid");
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors();
    const proposal = readForm();
    if (proposal.errors.length) showErrors(proposal.errors);
    else showResult(proposal);
  });
  result.querySelector("[data-edit]").addEventListener("click", () => {
    result.hidden = true;
    form.hidden = false;
    byId("naam").focus();
  });
  byId("aanmelden-zonder-js").hidden = true;
  form.hidden = false;
}

start().catch((error) => {
  // Without its rules and lists the form cannot check anything: the explanation and the
  // link to the empty form on GitHub stay.
  console.warn("Het aanmeldformulier kon niet laden:", error);
});
