"""Memory of a preview session through many edits: does `serve` hold its memory flat?

    python bench/serve_memory.py [--n 1000] [--edits 500] [--every 50] [--work /tmp/sitegen-bench]

Runs the preview's rebuild loop (serve.Preview, in this process, as `serve` runs it) on a
synthetic corpus (bench/corpus.py) and makes `--edits` saves one after another: each changes one
initiative's description to text never seen before (a new rendered body to keep), and every
other save also its summary. After every `--every` saves it collects the garbage (as serve does
when idle) and reports the resident set and, where the code has one, the size of the memo.
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import generate  # noqa: E402

try:
    from sitegen.pipeline.build import BuildOptions
    from sitegen.preview.serve import Preview
except ImportError:  # a checkout from before the sub-packages, to compare with
    from sitegen.build import BuildOptions
    from sitegen.serve import Preview


def resident_mib() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2 ** 20


def memo_entries(preview: Preview) -> str:
    memo = getattr(preview, "memo", None)
    if memo is None:
        return "–"
    return ", ".join(f"{kind} {len(entries)}" for kind, entries in sorted(memo.store.data.items()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--every", type=int, default=50)
    parser.add_argument("--work", type=Path, default=Path("/tmp/sitegen-bench"))
    args = parser.parse_args()
    work = args.work / f"serve-memory-{args.n}"
    shutil.rmtree(work, ignore_errors=True)
    content = work / "content"
    generate(args.n, content)
    preview = Preview(BuildOptions(content_dir=content, output_dir=work / "output", base_url="http://127.0.0.1:1/"),
                      log=lambda message: None)
    initiatives = sorted((content / "initiatives").glob("*.md"))
    print("| saves | resident set (MiB) | memo entries |\n|---|---|---|")
    for edit in range(args.edits + 1):
        if edit:
            path = initiatives[edit * 7919 % len(initiatives)]
            text = path.read_text(encoding="utf-8")
            text = text.rstrip("\n") + f"\n\nBewerking {edit}: een zin die nog niet eerder in dit bestand stond.\n"
            if edit % 2:  # the summary too: a field of the cards and open data (quoted or not)
                quote = "'" if "\nsummary: '" in text else ""
                text = text.replace(f"\nsummary: {quote}", f"\nsummary: {quote}({edit}) ", 1)
            path.write_text(text, encoding="utf-8")
            preview.known_files.report([str(path)])
        if not preview.rebuild():
            raise SystemExit(f"the rebuild after save {edit} failed")
        if edit % args.every == 0:
            gc.collect()
            print(f"| {edit} | {resident_mib():.0f} | {memo_entries(preview)} |", flush=True)


if __name__ == "__main__":
    main()
