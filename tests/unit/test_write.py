import os

import pytest

from sitegen.render import Output
from sitegen.write import publish, remove_leftovers, staging_dir, write_outputs


def test_publish_replaces_the_old_site_whole(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "oud.html").write_text("oud")
    staging = staging_dir(output)
    write_outputs([Output("index.html", b"nieuw"), Output("a/b/index.html", b"b")], staging)
    publish(staging, output)
    assert sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file()) == [
        "a/b/index.html", "index.html"]
    assert not staging.exists()


def test_a_path_written_twice_is_refused(tmp_path):
    with pytest.raises(RuntimeError, match="two pages would be written to index.html"):
        write_outputs([Output("index.html", b"1"), Output("index.html", b"2")], tmp_path / "s")


def test_leftovers_of_killed_builds_are_removed(tmp_path):
    output = tmp_path / "output"
    dead = tmp_path / ".output-staging-999999999"
    alive = tmp_path / f".output-staging-{os.getppid()}"
    dead.mkdir()
    alive.mkdir()
    remove_leftovers(output)
    assert not dead.exists() and alive.exists()
