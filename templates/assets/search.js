// Search page: reads ?q= from the address, queries the Pagefind index, lists results.
const form = document.querySelector(".search-form");
const input = document.getElementById("zoekterm");
const status = document.getElementById("zoek-status");
const list = document.getElementById("zoek-resultaten");
const base = new URL("../pagefind/", import.meta.url);

const TYPE_LABELS = { initiatief: "Initiatief", organisatie: "Organisatie", nieuws: "Nieuws", pagina: "Pagina" };

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "Typ een zoekterm, bijvoorbeeld 'techniek' of de naam van een school.";
    return;
  }
  status.textContent = "Bezig met zoeken…";
  const pagefind = await import(new URL("pagefind.js", base).href);
  const search = await pagefind.search(query);
  const results = await Promise.all(search.results.slice(0, 30).map((r) => r.data()));
  status.textContent = results.length === 0
    ? `Geen resultaten voor '${query}'. Probeer een ander woord of bekijk alle initiatieven.`
    : `${search.results.length} ${search.results.length === 1 ? "resultaat" : "resultaten"} voor '${query}'.`;
  for (const data of results) {
    const item = element("li", "card");
    const heading = element("h2", "card-title");
    const link = element("a", null, data.meta.title);
    link.href = data.url;
    heading.append(link);
    const type = (data.filters.type || [])[0];
    const meta = [TYPE_LABELS[type] || "", data.meta.regio || ""].filter(Boolean).join(" · ");
    item.append(heading, element("p", "card-meta", meta), element("p", null, data.meta.samenvatting || ""));
    list.append(item);
  }
}

const query = new URLSearchParams(location.search).get("q") || "";
input.value = query;
run(query);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(location.href);
  url.searchParams.set("q", input.value);
  history.pushState(null, "", url);
  run(input.value);
});
window.addEventListener("popstate", () => {
  input.value = new URLSearchParams(location.search).get("q") || "";
  run(input.value);
});
