"""Search benchmark: Pagefind index time, size and bytes fetched per query.

    python bench/search.py [--n 10000] [--work /tmp/sitegen-bench]

Builds a synthetic corpus of N initiatives (bench/corpus.py) without search,
indexes it with Pagefind on its own (timed, peak memory), then serves the site
on 127.0.0.1 (text compressed, as a static host serves it) and loads /zoeken/ and
/initiatieven/ in headless Chromium: the bytes fetched for each step a visitor takes
(page, scripts, index), see measure_queries. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import resource
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate  # noqa: E402
from sitegen.commands.cli import main as sitegen  # noqa: E402

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]


class _Quiet(SimpleHTTPRequestHandler):
    """Serves the site as a static host such as GitHub Pages does: text compressed with gzip
    when the browser accepts it (Pagefind's own index files are compressed already)."""

    COMPRESSED = ("text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                  "text/xml", "application/xml")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if (not path.is_file() or kind not in self.COMPRESSED
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def index(site: Path) -> tuple[float, float]:
    """Seconds and peak MiB of one Pagefind run over the site."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--silent"], check=True)
    seconds = time.perf_counter() - started
    return seconds, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def _kind(url: str) -> str:
    """Which part of the download a URL is, for the breakdown."""
    name = url.rsplit("/", 1)[-1]
    if "/pagefind/" not in url:
        return "page, CSS, our JS"
    for marker, kind in ((".pf_fragment", "fragments"), (".pf_filter", "filter index"), (".pf_index", "word index"),
                         (".pf_meta", "metadata"), ("wasm", "wasm"), (".js", "Pagefind JS")):
        if marker in name:
            return kind
    return "other"


def measure_queries(site: Path, first: str, follow_up: str) -> dict[str, dict[str, int]]:
    """Bytes on the wire (encoded body and headers) per part, for each step a visitor takes, each
    visit in a fresh browser context (nothing cached): on /zoeken/ a first and a follow-up query;
    on /initiatieven/ the first view (every initiative, the facet counts shown), a first query
    there, and then using the filter panel (the counts for that query).

    Playwright's context-level events also see what Pagefind fetches from its web worker."""
    from playwright.sync_api import sync_playwright

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    fetched: dict[str, int] = {}
    steps: dict[str, dict[str, int]] = {}

    def finished(request):
        sizes = request.sizes()
        kind = _kind(request.url)
        fetched[kind] = fetched.get(kind, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]

    def step(name: str, page, status: str | None = None, count=None) -> None:
        if status:
            page.locator("[data-status]", has_text=status).wait_for(timeout=120_000)
        if count:
            page.locator(f"{count} + label .count", has_text="(").first.wait_for(timeout=120_000)
        page.locator("[data-results] .card").first.wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        steps[name] = dict(fetched)
        fetched.clear()

    def search(page, query: str) -> None:
        page.fill("#zoekterm", query)
        page.press("#zoekterm", "Enter")

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
            for visit in ("zoeken", "initiatieven"):
                context = browser.new_context()
                context.on("requestfinished", finished)
                page = context.new_page()
                if visit == "zoeken":
                    page.goto(f"{base}/zoeken/?q={first}")
                    step("first", page, f"voor '{first}'")
                    search(page, follow_up)
                    step("follow_up", page, f"voor '{follow_up}'")
                else:
                    box = "input[name='regio']"
                    page.goto(f"{base}/initiatieven/")
                    step("overview", page, "initiatieven.", count=box)
                    search(page, first)
                    step("overview_query", page, f"voor '{first}'")
                    page.focus(box)
                    step("overview_filters", page, count=box)
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"))
    parser.add_argument("--first", default="Assen")
    parser.add_argument("--follow-up", default="Emmen")
    args = parser.parse_args()

    content = generate(args.n, args.work / f"content-{args.n}")
    output = args.work / f"output-{args.n}"
    started = time.perf_counter()
    # Served at the root of a local port, so the site must think it lives at "/".
    assert sitegen(["build", "--content", str(content), "--output", str(output), "--no-search",
                    "--base-url", "http://127.0.0.1/"]) == 0
    build_seconds = time.perf_counter() - started
    seconds, peak = index(output)
    size, files = folder_size(output / "pagefind")
    queries = measure_queries(output, args.first, args.follow_up)
    kb = lambda b: f"{b / 1000:.0f} kB"  # noqa: E731

    def parts(bytes_by_kind: dict[str, int]) -> str:
        return ", ".join(f"{kind} {kb(size)}" for kind, size in sorted(bytes_by_kind.items(), key=lambda x: -x[1]))
    print(f"\n| N = {args.n:,} initiatives | figure |\n|---|---|")
    print(f"| build without search | {build_seconds:.1f} s |")
    print(f"| Pagefind index time | {seconds:.1f} s (peak {peak:.0f} MiB) |")
    print(f"| index size | {size / 1e6:.1f} MB in {files:,} files |")
    for name, label in (("first", f"/zoeken/: first query '{args.first}'"),
                        ("follow_up", f"/zoeken/: follow-up query '{args.follow_up}'"),
                        ("overview", "/initiatieven/: first view, facet counts shown"),
                        ("overview_query", f"/initiatieven/: then a query '{args.first}'"),
                        ("overview_filters", "/initiatieven/: then the filter panel used (counts for the query)")):
        step = queries[name]
        print(f"| {label} | {kb(sum(step.values()))} ({parts(step)}) |")


if __name__ == "__main__":
    main()
