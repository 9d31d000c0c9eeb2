// Only in `serve` previews: shows content and template errors over the page.
// The last good site stays underneath; fixing the file clears the overlay.
(async () => {
  const base = new URL("..", document.currentScript ? document.currentScript.src : location.href);
  let status;
  try {
    const response = await fetch(new URL("__sitegen/status.json", base), { cache: "no-store" });
    status = await response.json();
  } catch {
    return;
  }
  if (status.ok) return;
  const overlay = document.createElement("div");
  overlay.id = "sitegen-fouten";
  overlay.setAttribute("role", "alert");
  overlay.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:1000;" +
    "background:#fff4f4;color:#5c0a0a;border-top:4px solid #b91c1c;padding:1rem 1.5rem;font:15px/1.5 monospace";
  const title = document.createElement("strong");
  title.textContent = `De site is niet bijgewerkt: ${status.problems.length} ${status.problems.length === 1 ? "fout" : "fouten"}. ` +
    "U ziet de laatste goede versie.";
  const list = document.createElement("ul");
  for (const problem of status.problems) {
    const item = document.createElement("li");
    item.textContent = problem;
    list.append(item);
  }
  overlay.append(title, list);
  document.body.append(overlay);
})();
