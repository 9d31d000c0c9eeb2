import subprocess

from sitegen.content.history import read_history


def git(cwd, *args, date_=None):
    env = {"GIT_AUTHOR_DATE": date_, "GIT_COMMITTER_DATE": date_} if date_ else {}
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"PATH": "/usr/bin:/bin", "HOME": str(cwd), "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t", **env})


def test_added_and_modified_dates_come_from_one_git_log(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    git(tmp_path, "init", "-q")
    (content / "a.md").write_text("1")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "a", date_="2020-01-02T12:00:00Z")
    (content / "a.md").write_text("2")
    (content / "b.md").write_text("1")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "b", date_="2021-03-04T12:00:00Z")
    dates = read_history(content)[0]
    a = dates[(content / "a.md").resolve().as_posix()]
    b = dates[(content / "b.md").resolve().as_posix()]
    assert (a.added.isoformat(), a.modified.isoformat()) == ("2020-01-02", "2021-03-04")
    assert (b.added.isoformat(), b.modified.isoformat()) == ("2021-03-04", "2021-03-04")


def test_without_git_there_are_no_dates(tmp_path):
    assert read_history(tmp_path) == ({}, "")
