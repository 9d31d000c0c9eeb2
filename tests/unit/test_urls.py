import pytest

from sitegen.model.urls import one_output_per_path


def test_one_output_per_path_gives_the_paths():
    assert one_output_per_path(iter(["index.html", "a/b/index.html"])) == {"index.html", "a/b/index.html"}


def test_a_path_given_twice_is_refused():
    with pytest.raises(RuntimeError, match="^two pages would be written to index.html$"):
        one_output_per_path(["index.html", "a/index.html", "index.html"])
