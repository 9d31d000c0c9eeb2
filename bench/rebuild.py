"""Preview latency: from saving one file to the server answering with the new bytes, through HTTP.

    python bench/rebuild.py [--n 0 1000 10000] [--work /tmp/sitegen-bench] [--edits 7]

Starts the real `serve` (--no-search, so indexing cannot compete) on a free port, on the
project's content/ (n = 0) or a synthetic corpus of n initiatives, waits for the first page,
then saves one initiative several times, a few seconds apart, changing in turn a field of
its front matter (theme_note) and its description. For each save it asks for that
initiative's page every 5 ms until the new text is served, and reports the median and the
worst of each kind. The time includes the watcher noticing the save, the rebuild, the
publishing swap and the HTTP request: what an editor waits for.
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at url contains text (polling every 5 ms)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if text in _fetch(url):
            return time.perf_counter() - started
        time.sleep(0.005)
    raise TimeoutError(f"'{text}' not served at {url} within {timeout} s")


def _set_field(text: str, marker: str) -> str:
    """theme_note set to the marker: added to the front matter, or its value replaced."""
    if "\ntheme_note: " in text:
        return re.sub(r"\ntheme_note: [^\n]*", f"\ntheme_note: {marker}", text, count=1)
    return text.replace("\n---\n", f"\ntheme_note: {marker}\n---\n", 1)


# The two edits an editor makes most, each applied to the file as the previous save left it
# (so that a save changes only that): a field of the front matter, and the description.
EDITS = {
    "field": _set_field,
    "description": lambda text, marker: text.rstrip("\n") + f"\n\n{marker}.\n",
}


def measure(content: Path, target: Path, work: Path, edits: int) -> tuple[float, dict[str, list[float]]]:
    port = _free_port()
    output = work / f"serve-{port}"
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--no-search", "--port", str(port),
                                "--content", str(content), "--output", str(output)],
                               cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/initiatieven/{target.stem}/"
    original = target.read_text(encoding="utf-8")
    try:
        first = _wait_for(url, "</html>", timeout=1800)
        times: dict[str, list[float]] = {kind: [] for kind in EDITS}
        text = original
        for attempt in range(edits):
            for kind, edit in EDITS.items():
                time.sleep(2.0)  # let the previous rebuild settle, as between an editor's saves
                marker = f"Bewerkt ({kind}) in ronde {attempt}"
                text = edit(text, marker)
                target.write_text(text, encoding="utf-8")
                times[kind].append(_wait_for(url, marker, timeout=600))
        return first, times
    finally:
        target.write_text(original, encoding="utf-8")
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(output, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[0, 1000, 10_000],
                        help="0 means the project's own content/")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"))
    parser.add_argument("--edits", type=int, default=7)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print("| content | first preview build | a field saved to served: median | worst "
          "| the description: median | worst |\n|---|---|---|---|---|---|")
    for n in args.n:
        if n == 0:
            content = args.work / "content-real"
            shutil.rmtree(content, ignore_errors=True)
            shutil.copytree(ROOT / "content", content)
            target, label = content / "initiatives" / "sto-twente.md", "content/ (72 initiatives)"
        else:
            content = generate(n, args.work / f"content-{n}")
            target, label = content / "initiatives" / "initiatief-00001.md", f"{n:,} initiatives"
        first, times = measure(content, target, args.work, args.edits)
        figures = " | ".join(f"{statistics.median(t) * 1000:.0f} ms | {max(t) * 1000:.0f} ms" for t in times.values())
        print(f"| {label} | {first:.1f} s | {figures} |", flush=True)


if __name__ == "__main__":
    main()
