// Faceted search on Pagefind's JS API, for /zoeken/ and /initiatieven/.
// Values within one facet combine as OR, facets combine as AND. The count next to a
// value is what ticking it would give: computed with every other facet applied, not
// its own. Query, filters and sort live in the address, so a search can be shared
// and the back button works. The facets, their labels and the record types come from the
// panel's data-config, written by the generator from its one table (sitegen/kinds.py).

const PAGE_SIZE = 10;
const VALUES_SHOWN = 6; // a facet's first values; the rest behind "Toon alle N"
const WIDE = "(min-width: 52.01rem)"; // the filters beside the results (site.css .with-sidebar)

// The same folding as sitegen/places.py normalise(): case, accents, apostrophes, separators.
function normalisePlace(name) {
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/['`´’‘]/g, "").replace(/[\s\-–.,/]+/g, " ").trim();
}

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

class FacetSearch {
  constructor(root) {
    this.root = root;
    this.config = JSON.parse(root.dataset.config);
    this.facets = this.config.facets.map((facet) => facet.name);
    this.labels = Object.fromEntries(this.config.facets.map((facet) => [facet.name, facet.label]));
    this.fixedType = this.config.fixedType;
    this.input = root.querySelector("input[type=search]");
    this.form = root.querySelector("form");
    this.filtersBox = root.querySelector("[data-filters]");
    this.status = root.querySelector("[data-status]");
    this.results = root.querySelector("[data-results]");
    this.more = root.querySelector("[data-more]");
    this.empty = root.querySelector("[data-empty]");
    this.sortSelect = root.querySelector("[data-sort]");
    this.clear = root.querySelector("[data-clear]");
    this.placeBox = root.querySelector("[data-place]");
    this.filtersPanel = root.querySelector("[data-filters-panel]");
    this.activeCount = root.querySelector("[data-active]");
    this.sortChosen = false; // until the visitor picks an order, it follows the query
    this.places = null; // folded name -> {written, official, path, region, province}, loaded on first use
    this.generation = 0;
  }

  async start() {
    const bundle = new URL("pagefind/pagefind.js", new URL(this.root.dataset.base, location.href));
    const [pagefind, byType] = await Promise.all([import(bundle.href),
      fetch(new URL(this.root.dataset.facets, location.href)).then((response) => response.json())]);
    this.pagefind = pagefind;
    await this.pagefind.options({ baseUrl: this.root.dataset.base });
    // The values and counts before any search come with the site (zoeken/facetten.json): Pagefind's
    // filter index is fetched only once a filter is ticked or the panel is used with a query.
    this.startCounts = this.countsBefore(byType);
    this.values = {};
    for (const facet of this.facets) {
      const values = Object.keys(this.startCounts[facet] || {});
      values.sort(facet === this.config.yearFacet ? (a, b) => b.localeCompare(a) : (a, b) => a.localeCompare(b, "nl"));
      this.values[facet] = values;
    }
    this.buildFilters();
    // Open beside the results; on a phone folded into one control above them, so results come first.
    const wide = window.matchMedia(WIDE);
    const fit = () => { this.filtersPanel.open = wide.matches; };
    fit();
    wide.addEventListener("change", fit);
    const staticContent = this.root.dataset.static && document.getElementById(this.root.dataset.static);
    if (staticContent) staticContent.hidden = true;
    this.root.hidden = false;

    this.form.addEventListener("submit", (event) => { event.preventDefault(); this.changed(); });
    this.filtersBox.addEventListener("change", () => this.changed());
    const panel = this.filtersBox.parentElement;
    for (const event of ["focusin", "pointerenter"]) panel.addEventListener(event, () => this.panelUsed(), { once: true });
    this.sortSelect.addEventListener("change", () => { this.sortChosen = true; this.changed(); });
    this.clear.addEventListener("click", () => {
      for (const box of this.filtersBox.querySelectorAll("input:checked")) box.checked = false;
      this.changed();
    });
    this.more.addEventListener("click", () => this.showMore());
    window.addEventListener("popstate", () => this.readAddress());
    this.readAddress();
  }

  // {type: {facet: {value: pages}}} -> {facet: {value: pages}} for the records this panel searches.
  countsBefore(byType) {
    const counts = {};
    for (const [type, facets] of Object.entries(byType)) {
      if (this.fixedType && type !== this.fixedType) continue;
      for (const [facet, values] of Object.entries(facets)) {
        const into = (counts[facet] ||= {});
        for (const [value, count] of Object.entries(values)) into[value] = (into[value] || 0) + count;
      }
    }
    return counts;
  }

  panelUsed() {
    if (this.countsWanted) return;
    this.countsWanted = true;
    const { query, selected } = this.state();
    this.updateCounts(this.generation, query || null, selected);
  }

  buildFilters() {
    for (const facet of this.facets) {
      if (this.values[facet].length === 0) continue;
      const list = element("ul");
      this.values[facet].forEach((value, index) => {
        const id = `filter-${facet}-${index}`;
        const box = element("input", { type: "checkbox", id, name: facet, value });
        const label = element("label", { htmlFor: id }, facet === "type" ? this.config.types[value] || value : value, " ",
          element("span", { className: "count" }));
        list.append(element("li", {}, box, label));
      });
      const legend = element("legend", {}, this.labels[facet]);
      const fieldset = element("fieldset", { className: "facet" }, legend, list);
      if (this.values[facet].length > VALUES_SHOWN) fieldset.append(this.showAll(list, this.values[facet].length));
      this.filtersBox.append(fieldset);
    }
  }

  // A long list shows its first values and a button for the rest (no scroll box cut mid-line).
  showAll(list, count) {
    const button = element("button", { type: "button", className: "link-button show-all" }, `Toon alle ${count}`);
    button.setAttribute("aria-expanded", "false");
    button.addEventListener("click", () => {
      const open = button.getAttribute("aria-expanded") === "false";
      button.setAttribute("aria-expanded", String(open));
      button.textContent = open ? "Toon minder" : `Toon alle ${count}`;
      this.foldValues(list, !open);
    });
    this.foldValues(list, true);
    return button;
  }

  foldValues(list, folded) {
    [...list.children].forEach((item, index) => {
      item.hidden = folded && index >= VALUES_SHOWN && !item.querySelector("input").checked;
    });
  }

  // -- state <-> address ---------------------------------------------------------

  state() {
    const selected = {};
    for (const box of this.filtersBox.querySelectorAll("input:checked")) {
      (selected[box.name] ||= []).push(box.value);
    }
    return { query: this.input.value.trim(), selected, sort: this.sortSelect.value };
  }

  changed() {
    const { query, selected, sort } = this.state();
    const params = new URLSearchParams();
    if (query) params.set("q", query);
    for (const facet of this.facets) for (const value of selected[facet] || []) params.append(facet, value);
    if (sort && this.sortChosen) params.set("sort", sort);
    const search = params.toString();
    if (search !== location.search.slice(1)) history.pushState(null, "", search ? `?${search}` : location.pathname);
    this.run();
  }

  readAddress() {
    const params = new URLSearchParams(location.search);
    this.input.value = params.get("q") || "";
    for (const box of this.filtersBox.querySelectorAll("input")) {
      box.checked = params.getAll(box.name).includes(box.value);
    }
    const sort = params.get("sort") || "";
    this.sortChosen = [...this.sortSelect.options].some((o) => o.value === sort && sort);
    this.sortSelect.value = this.sortChosen ? sort : "";
    for (const button of this.filtersBox.querySelectorAll(".show-all[aria-expanded='false']")) {
      this.foldValues(button.parentElement.querySelector("ul"), true); // a value ticked in the address shows
    }
    this.run();
  }

  // -- searching ------------------------------------------------------------------

  filtersFor(selected, except = null) {
    const filters = {};
    if (this.fixedType) filters.type = this.fixedType;
    for (const [facet, values] of Object.entries(selected)) {
      if (facet !== except && values.length) filters[facet] = { any: values };
    }
    return filters;
  }

  async run() {
    const generation = ++this.generation;
    const { query, selected, sort } = this.state();
    const active = Boolean(query) || Object.keys(selected).length > 0 || Boolean(this.fixedType);
    const ticked = Object.values(selected).reduce((sum, values) => sum + values.length, 0);
    this.clear.hidden = ticked === 0;
    this.activeCount.textContent = ticked ? `(${ticked} actief)` : "";
    this.fitSortTo(query);
    if (!active) {
      this.showPlace(generation, null);
      this.showResults(generation, null, query);
      await this.updateCounts(generation, null, selected);
      return;
    }
    const options = { filters: this.filtersFor(selected) };
    const [key, direction] = sort ? sort.split("-") : [];
    if (key) options.sort = { [key]: direction };
    else if (!query) options.sort = { titel: "asc" };
    const [search, place] = await Promise.all([this.pagefind.search(query || null, options), this.findPlace(query)]);
    if (generation !== this.generation) return; // a newer search has started
    await this.showPlace(generation, place);
    await this.showResults(generation, search, query, key, place);
    await this.updateCounts(generation, query || null, selected);
  }

  // Relevance is an order only when there is a search term; without one the results are A-Z.
  fitSortTo(query) {
    const relevance = this.sortSelect.querySelector("[data-relevance]");
    relevance.hidden = relevance.disabled = !query;
    if (!this.sortChosen || (!query && this.sortSelect.value === "")) this.sortSelect.value = query ? "" : "titel-asc";
  }

  async updateCounts(generation, query, selected) {
    const anySelected = Object.keys(selected).length > 0;
    let counts;
    if (!query && !anySelected) {
      counts = this.facets.map((facet) => this.startCounts[facet] || {});
    } else if (!anySelected && !this.countsWanted) {
      counts = this.facets.map(() => null); // not worked out until the panel is used
    } else {
      // For each facet: the counts with every other facet's selection applied.
      this.filterIndex ||= this.pagefind.filters(); // fetches every filter's index, once
      await this.filterIndex;
      counts = await Promise.all(this.facets.map(async (facet) => {
        const search = await this.pagefind.search(query, { filters: this.filtersFor(selected, facet) });
        return search.filters[facet] || {};
      }));
    }
    if (generation !== this.generation) return;
    this.facets.forEach((facet, index) => {
      for (const box of this.filtersBox.querySelectorAll(`input[name="${facet}"]`)) {
        const shown = counts[index] === null ? "" : `(${counts[index][box.value] || 0})`;
        box.nextElementSibling.querySelector(".count").textContent = shown;
      }
    });
  }

  // -- a town typed in the search box: its region and what happens there ----------

  async findPlace(query) {
    if (!query || !this.placeBox) return null;
    if (!this.places) {
      try {
        const response = await fetch(new URL(this.root.dataset.places, location.href));
        const entries = await response.json();
        this.places = new Map();
        for (const [names, official, path, region, province, written] of entries) {
          names.forEach((name, index) => this.places.set(name,
            { written: written ? written[index] : official, official, path, region, province }));
        }
      } catch (error) {
        this.places = new Map(); // without the list the ordinary search still works
      }
    }
    const place = this.places.get(normalisePlace(query));
    return place ? { ...place, typed: query } : null;
  }

  async showPlace(generation, place) {
    if (!this.placeBox) return;
    if (!place) {
      this.placeBox.hidden = true;
      this.placeBox.replaceChildren();
      return;
    }
    const base = new URL(this.root.dataset.base, location.href);
    const regionUrl = new URL(place.path, base);
    let answer = { count: 0, initiatives: [] };
    try { // the region's first initiatives, written beside its page (no search index needed)
      answer = await (await fetch(new URL(this.root.dataset.regionAnswer, regionUrl))).json();
    } catch (error) {
      console.warn("Geen initiatieven van de regio:", error);
    }
    if (generation !== this.generation) return;
    // The name as the municipality list writes it: "den haag" answers "Den Haag (gemeente 's-Gravenhage)".
    const same = place.written === place.official;
    const where = same ? `Gemeente ${place.official}` : `${place.written} (gemeente ${place.official})`;
    const count = answer.count;
    const items = answer.initiatives.map(([title, path]) => ({ title, url: new URL(path, base).pathname }));
    const list = element("ul", {}, ...items.map((item) => element("li", {}, element("a", { href: item.url }, item.title))));
    this.placeBox.replaceChildren(
      element("h2", { id: "plaats-kop" }, `${place.written}: arbeidsmarktregio ${place.region}`),
      element("p", {}, `${where} ligt in arbeidsmarktregio `, element("a", { href: regionUrl.pathname }, place.region),
        ` (provincie ${place.province}). `,
        count ? `Daar ${count === 1 ? "staat" : "staan"} ${plural(count, "initiatief", "initiatieven")} in het overzicht:`
              : "Daar staan nog geen initiatieven in het overzicht."),
      ...(count ? [list] : []),
      ...(count > items.length ? [element("p", {}, element("a", { href: regionUrl.pathname },
        `Alle ${count} initiatieven in ${place.region}`))] : []));
    this.placeBox.hidden = false;
  }

  // The status is announced after the first results are on the page, so what a screen
  // reader says and what the page shows agree.
  async showResults(generation, search, query, sortKey, place = null) {
    this.results.replaceChildren();
    this.pending = search ? search.results : [];
    this.more.hidden = true;
    this.empty.hidden = true;
    if (!search) {
      this.status.textContent = "Typ een zoekterm of kies een filter.";
      return;
    }
    const count = search.results.length;
    const noun = this.fixedType === this.config.initiativeType ? ["initiatief", "initiatieven"] : ["resultaat", "resultaten"];
    let text = plural(count, ...noun);
    // Under a town's answer (its region's initiatives) the results are those of the word typed,
    // and say so: "Daar staat 1 initiatief" above "Verder: 0 resultaten voor de zoekterm" agree.
    if (place) text = `Verder: ${text} voor de zoekterm '${query}'`;
    else if (query) text += ` voor '${query}'`;
    if (sortKey === this.config.yearFacet) text += ", met een bekend startjaar";
    await this.showMore(generation);
    if (generation !== this.generation) return;
    // The place answer above the results is announced with them; on screen it is already there.
    const answer = this.placeBox && !this.placeBox.hidden ? `${this.placeBox.firstChild.textContent}. ` : "";
    this.status.replaceChildren(element("span", { className: "visually-hidden" }, answer), `${text}.`);
    this.empty.hidden = count > 0 || Boolean(place); // the answer above is what was found
  }

  async showMore(generation = this.generation) {
    const batch = this.pending.splice(0, PAGE_SIZE);
    const data = await Promise.all(batch.map((result) => result.data()));
    if (generation !== this.generation) return;
    for (const item of data) this.results.append(this.card(item));
    this.more.hidden = this.pending.length === 0;
  }

  card(data) {
    const link = element("a", { href: data.url }, data.meta.title || data.url);
    const type = (data.filters.type || [])[0];
    const meta = [this.fixedType ? "" : this.config.types[type], data.meta.regio,
      ...(data.filters[this.config.sectorFacet] || [])]
      .filter(Boolean).join(" · ");
    // A record without a summary (many organisations) gets a compact card, not an empty line.
    const summary = data.meta.samenvatting ? [element("p", {}, data.meta.samenvatting)] : [];
    return element("li", { className: summary.length ? "card" : "card compact" },
      element("h2", { className: "card-title" }, link),
      element("p", { className: "card-meta" }, meta), ...summary);
  }
}

for (const root of document.querySelectorAll("[data-search]")) {
  new FacetSearch(root).start().catch((error) => {
    // Without an index (e.g. a build with --no-search) the static content stays.
    console.warn("Zoeken is niet beschikbaar:", error);
  });
}
