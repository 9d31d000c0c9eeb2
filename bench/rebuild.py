"""Preview rebuild benchmark: time from saving one initiative to the rebuilt site.

    python bench/rebuild.py [--n 1000 10000] [--work /tmp/sitegen-bench]

Uses the same rebuild loop as `serve` (sitegen.serve.Preview, with its caches) on a
synthetic corpus: one cold build, then one initiative edited, three times; reports the
median. `serve` adds the watcher's polling (up to 0.8 s) and a 0.2 s debounce before a
rebuild starts, and the browser's reload after it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.corpus import generate  # noqa: E402
from sitegen.build import BuildOptions  # noqa: E402
from sitegen.serve import Preview  # noqa: E402


def measure(n: int, work: Path) -> tuple[float, float]:
    content = generate(n, work / f"content-{n}")
    preview = Preview(BuildOptions(content_dir=content, output_dir=work / f"preview-{n}",
                                   base_url="http://127.0.0.1:8000/"), log=lambda _: None)
    started = time.perf_counter()
    assert preview.rebuild()
    cold = time.perf_counter() - started
    target = content / "initiatives" / "initiatief-00001.md"
    original = target.read_text(encoding="utf-8")
    times = []
    for attempt in range(3):
        edited = original.replace("\n---\n", f"\ntheme_note: Bewerkt in ronde {attempt}\n---\n", 1)
        target.write_text(edited, encoding="utf-8")
        started = time.perf_counter()
        assert preview.rebuild()
        times.append(time.perf_counter() - started)
    target.write_text(original, encoding="utf-8")
    return cold, statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"))
    args = parser.parse_args()
    print("| initiatives | first preview build | rebuild after one edit (median of 3) |\n|---|---|---|")
    for n in args.n:
        cold, rebuild = measure(n, args.work)
        print(f"| {n:,} | {cold:.1f} s | {rebuild:.2f} s |", flush=True)


if __name__ == "__main__":
    main()
