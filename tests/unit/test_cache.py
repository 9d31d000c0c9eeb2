"""The build cache on disk: a build writes only what changed, and a later build reads back
exactly what the last one stored, whatever was left by builds that were interrupted."""

from __future__ import annotations

import shutil

import sitegen.incremental.cache
from sitegen.incremental.cache import BuildCache


def stored(folder, entries: dict) -> None:
    """One build: read the kind, store `entries` for it, save."""
    cache = BuildCache(folder)
    cache.open("key")
    cache.load("records")
    cache.store("records", entries)
    cache.save()


def read_back(folder) -> dict:
    cache = BuildCache(folder)
    cache.open("key")
    return cache.load("records")


def files(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_build_that_changed_a_few_entries_writes_only_those(tmp_path):
    entries = {f"record-{n}": f"inhoud {n}" * 100 for n in range(100)}
    stored(tmp_path, entries)
    whole = (tmp_path / "records-key.pickle").stat().st_size

    changed = {**entries, "record-7": "nieuw", "record-100": "toegevoegd"}
    del changed["record-3"]
    stored(tmp_path, changed)
    assert files(tmp_path) == ["records-key.1.delta", "records-key.pickle"]
    assert (tmp_path / "records-key.1.delta").stat().st_size < whole / 20
    assert read_back(tmp_path) == changed

    stored(tmp_path, read_back(tmp_path))  # nothing changed: nothing written
    assert files(tmp_path) == ["records-key.1.delta", "records-key.pickle"]


def test_values_worked_out_again_but_equal_are_not_written(tmp_path):
    stored(tmp_path, {f"record-{n}": f"digest {n}".encode() for n in range(100)})
    whole = (tmp_path / "records-key.pickle").stat().st_ino
    stored(tmp_path, {f"record-{n}": f"digest {n}".encode() for n in range(100)})  # equal, not the same objects
    assert files(tmp_path) == ["records-key.pickle"]
    assert (tmp_path / "records-key.pickle").stat().st_ino == whole  # not replaced either


def test_after_many_deltas_the_kind_is_written_whole_again(tmp_path, monkeypatch):
    monkeypatch.setattr(sitegen.incremental.cache, "MAX_DELTAS", 3)
    entries = {f"record-{n}": n for n in range(100)}
    stored(tmp_path, entries)
    for round_ in range(1, 4):
        entries = {**entries, "record-0": round_}
        stored(tmp_path, entries)
    assert files(tmp_path) == ["records-key.1.delta", "records-key.2.delta", "records-key.3.delta",
                               "records-key.pickle"]
    entries = {**entries, "record-0": "vierde"}
    stored(tmp_path, entries)
    assert files(tmp_path) == ["records-key.pickle"]
    assert read_back(tmp_path) == entries


def test_a_large_change_is_written_whole(tmp_path):
    stored(tmp_path, {f"record-{n}": n for n in range(100)})
    entries = {f"record-{n}": -n for n in range(100)}
    stored(tmp_path, entries)
    assert files(tmp_path) == ["records-key.pickle"]
    assert read_back(tmp_path) == entries


def test_a_delta_left_from_before_the_kind_was_written_whole_is_not_applied(tmp_path, monkeypatch):
    # A build interrupted after it wrote the whole pickle, before it removed the deltas it replaces.
    stored(tmp_path, {f"record-{n}": n for n in range(100)})
    stored(tmp_path, {**{f"record-{n}": n for n in range(100)}, "record-1": "oud"})
    left_over = tmp_path.parent / "left-over.delta"
    shutil.copy(tmp_path / "records-key.1.delta", left_over)
    entries = {f"record-{n}": n * 2 for n in range(100)}
    stored(tmp_path, entries)  # whole again
    shutil.copy(left_over, tmp_path / "records-key.1.delta")
    assert read_back(tmp_path) == entries
    # The next delta takes its number, and is read.
    entries = {**entries, "record-5": "nieuw"}
    stored(tmp_path, entries)
    assert read_back(tmp_path) == entries


def test_an_unreadable_delta_makes_the_kind_start_cold(tmp_path):
    stored(tmp_path, {f"record-{n}": n for n in range(100)})
    stored(tmp_path, {**{f"record-{n}": n for n in range(100)}, "record-1": "nieuw"})
    (tmp_path / "records-key.1.delta").write_bytes(b"\x80\x05 afgebroken")
    assert read_back(tmp_path) == {}


def test_files_of_another_environment_are_removed(tmp_path):
    stored(tmp_path, {f"record-{n}": n for n in range(100)})
    stored(tmp_path, {**{f"record-{n}": n for n in range(100)}, "record-1": "nieuw"})
    cache = BuildCache(tmp_path)
    cache.open("next")
    cache.store("records", {"a": 1})
    cache.save()
    assert files(tmp_path) == ["records-next.pickle"]
