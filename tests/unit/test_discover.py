"""discover() with the files `serve` kept: what did not change is not read again, and a change
is seen whether the watcher reported it or only the file's stamp shows it."""

from __future__ import annotations

import os
import shutil

from support import SITES

from sitegen.content.discover import KnownFiles, discover


def item(sources, slug):
    return next(s for s in sources.items if s.slug == slug)


def test_an_unchanged_file_is_not_read_again(tmp_path):
    content = shutil.copytree(SITES / "minimal", tmp_path / "content")
    known = KnownFiles()
    first, _ = discover(content, known)
    again, _ = discover(content, known)
    for source in first.items:
        assert item(again, source.slug) is source


def test_a_save_is_seen_by_its_stamp_without_a_report(tmp_path):
    content = shutil.copytree(SITES / "minimal", tmp_path / "content")
    known = KnownFiles()
    first, _ = discover(content, known)
    path = first.items[0].path
    path.write_bytes(path.read_bytes() + b"\nNog een zin.\n")
    again, _ = discover(content, known)
    assert item(again, first.items[0].slug).data.endswith(b"Nog een zin.\n")


def test_a_reported_save_is_read_again_even_when_its_stamp_looks_the_same(tmp_path):
    # Same size, and the modification time put back: only the watcher's report tells.
    content = shutil.copytree(SITES / "minimal", tmp_path / "content")
    known = KnownFiles()
    first, _ = discover(content, known)
    path = first.items[0].path
    before = os.stat(path)
    data = path.read_bytes()
    changed = data.replace(b"a", b"e", 1)
    assert changed != data and len(changed) == len(data)
    with open(path, "r+b") as handle:  # in place: the same inode
        handle.write(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    unreported, _ = discover(content, known)
    assert item(unreported, first.items[0].slug).data == data  # (why the watcher's report is needed)
    known.report({str(path)})
    reported, _ = discover(content, known)
    assert item(reported, first.items[0].slug).data == changed


def test_a_new_and_a_deleted_file_are_seen(tmp_path):
    content = shutil.copytree(SITES / "minimal", tmp_path / "content")
    known = KnownFiles()
    first, _ = discover(content, known)
    gone = first.items[0]
    new = gone.path.with_name("nieuw-bestand.md")
    new.write_bytes(gone.data)
    gone.path.unlink()
    again, _ = discover(content, known)
    slugs = {s.slug for s in again.items}
    assert "nieuw-bestand" in slugs and gone.slug not in slugs
