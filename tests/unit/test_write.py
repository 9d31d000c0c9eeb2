import os

from sitegen.publish.write import claim_staging, publish, remove_leftovers, staging_dir, write_output
from sitegen.render.tasks import Output


def write_outputs(outputs, staging):
    for output in outputs:
        write_output(output, staging)


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


def test_leftovers_of_killed_builds_are_cleared_away(tmp_path):
    output = tmp_path / "output"
    dead = tmp_path / ".output-staging-999999999"
    alive = tmp_path / f".output-staging-{os.getppid()}"
    dead.mkdir()
    alive.mkdir()
    remove_leftovers(output)
    assert not dead.exists() and alive.exists()
    assert (tmp_path / ".output-spare").is_dir()  # what it made serves as the next spare


def test_the_previous_site_is_kept_as_the_spare_for_the_next_build(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "oud.html").write_text("oud")
    staging = staging_dir(output)
    write_outputs([Output("index.html", b"nieuw")], staging)
    publish(staging, output)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output-spare", "output"]
    assert (tmp_path / ".output-spare" / "oud.html").read_text() == "oud"
    assert claim_staging(output) == staging_dir(output) and (staging_dir(output) / "oud.html").is_file()
    assert not (tmp_path / ".output-spare").exists()  # claimed: no other build can take it


def test_a_second_spare_is_deleted_in_the_background(tmp_path):
    import time

    output = tmp_path / "output"
    (tmp_path / ".output-spare" / "x").mkdir(parents=True)
    (output / "a").mkdir(parents=True)
    staging = staging_dir(output)
    write_outputs([Output("index.html", b"nieuw")], staging)
    publish(staging, output)
    deadline = time.monotonic() + 10
    while list(tmp_path.glob(".output-old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".output-spare", "output"]


def test_a_previous_site_left_behind_is_removed_by_the_next_build(tmp_path):
    output = tmp_path / "output"
    left = tmp_path / ".output-old-12345"
    (left / "a").mkdir(parents=True)
    remove_leftovers(output)
    assert not left.exists()
