"""`serve` as a user runs it: a real process on a free port, files edited on disk.

No test sleeps and then asserts that nothing more happened: each waits for what it expects to
see (a page, the open data, __sitegen/status.json) up to a deadline far beyond any real wait,
and "nothing else happened" is told by a later save whose result shows that it was the only
rebuild since (the counters in status.json go up by exactly one)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from support import ROOT, initiative


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


WAIT = 60.0  # seconds: a deadline for what should happen, far beyond any real wait; only a hang reaches it


def wait_for(condition, timeout: float = WAIT):
    """Poll until condition() is true (a page not served yet counts as false); fail at the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            result = condition()
            if result:
                return result
        except OSError:
            pass
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


class Served:
    def __init__(self, root: Path, port: int):
        self.root, self.port = root, port
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)],
            cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        wait_for(lambda: "Techniek in de regio" in fetch(self.url + "/initiatieven/voorbeeld/"))

    def status(self) -> dict:
        return json.loads(fetch(self.url + "/__sitegen/status.json"))

    def edit(self, text: str) -> None:
        """Save in place, as most editors do (the watcher may see the emptied file first)."""
        (self.root / "content" / "initiatives" / "voorbeeld.md").write_text(text, encoding="utf-8")

    def save_whole(self, text: str) -> None:
        """Save as editors that write a new file and rename it over the old one do: one change,
        never a half-written file, so exactly one rebuild. (The watcher ignores hidden files.)"""
        path = self.root / "content" / "initiatives" / "voorbeeld.md"
        temporary = path.with_name(".voorbeeld.md.opslaan")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)

    def shows(self, title: str) -> bool:
        """The page and the open data (made just after the page, serve.OPEN_DATA) both show title:
        the rebuild that took the save in and what it put off are done."""
        return (title in fetch(self.url + "/initiatieven/voorbeeld/")
                and title in fetch(self.url + "/data/initiatieven.json"))

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)
        output, _ = self.process.communicate(timeout=WAIT)
        return self.process.returncode, output


@pytest.fixture
def served(make_site, tmp_path):
    make_site()
    server = Served(tmp_path, free_port())
    yield server
    if server.process.poll() is None:
        server.process.kill()
        server.process.wait()


def test_an_edit_is_served_and_an_error_shown_then_cleared(served):
    assert served.status() == {"ok": True, "problems": [], "builds": 1, "attempts": 1}
    served.edit(initiative(title="title: Nieuwe titel voor de regio"))
    wait_for(lambda: "Nieuwe titel voor de regio" in fetch(served.url + "/initiatieven/voorbeeld/"))

    served.edit(initiative(title="title: Nieuwe titel voor de regio", region="region: drent"))
    # Waited for as a whole: an in-place save can first be seen half-written, with its own problem.
    wait_for(lambda: served.status()["problems"] == [
        "content/initiatives/voorbeeld.md:4:9: onbekende sleutel 'drent' voor 'region'; bedoel je 'drenthe'?"])
    assert served.status()["ok"] is False
    # The last good site stays served underneath.
    assert "Nieuwe titel voor de regio" in fetch(served.url + "/initiatieven/voorbeeld/")

    served.edit(initiative(title="title: Hersteld in de regio"))
    wait_for(lambda: served.status()["ok"])
    assert "Hersteld in de regio" in fetch(served.url + "/initiatieven/voorbeeld/")


def test_the_open_data_follows_an_edit_just_after_its_page(served):
    # The edited page is served first; the open data it changed (serve.OPEN_DATA, 22 MB at
    # 10,000 initiatives) is made right after, and is whole in the meantime.
    served.save_whole(initiative(title="title: Open data volgt de regio"))
    wait_for(lambda: "Open data volgt de regio" in fetch(served.url + "/initiatieven/voorbeeld/"))
    wait_for(lambda: "Open data volgt de regio" in fetch(served.url + "/data/initiatieven.json"))
    rows = json.loads(fetch(served.url + "/data/initiatieven.json"))["initiatieven"]
    assert "Open data volgt de regio" in [row["titel"] for row in rows]
    assert "Open data volgt de regio" in fetch(served.url + "/data/initiatieven.csv")
    # One rebuild per save; making the open data after it is not another. Told after a second
    # save has come all the way through: any rebuild the first one caused has been counted by then.
    served.save_whole(initiative(title="title: Open data volgt opnieuw"))
    wait_for(lambda: served.shows("Open data volgt opnieuw"))
    assert served.status() == {"ok": True, "problems": [], "builds": 3, "attempts": 3}


def test_a_burst_of_saves_is_coalesced_and_the_last_one_served(served):
    # The watcher rebuilds once the system reports no further save for a moment (serve.QUIET_MS);
    # saves that arrive while a rebuild runs are taken together into one rebuild after it. The
    # burst is an editor's "save all": writes a few milliseconds apart (20 ms gaps could grow
    # past the window on a loaded machine and make this a test of the scheduler).
    # Each save is whole (save_whole), so that every rebuild succeeds and is counted alike.
    for n in range(8):
        served.save_whole(initiative(title=f"title: Snel na elkaar opgeslagen {n}"))
        time.sleep(0.005)  # the gap between two saves of the burst, not a wait for anything
    wait_for(lambda: served.shows("Snel na elkaar opgeslagen 7"))
    # Counted after one more save has come all the way through: every rebuild the burst caused
    # has been counted by then.
    served.save_whole(initiative(title="title: Na de reeks opgeslagen"))
    wait_for(lambda: served.shows("Na de reeks opgeslagen"))
    after = served.status()
    rebuilds = after["attempts"] - 2  # less the first build and the save after the burst
    assert 1 <= rebuilds <= 4, after  # 8 saves: far fewer rebuilds than saves
    assert after["builds"] == after["attempts"] and after["ok"], after
    # Quiet afterwards: nothing happens of itself. Yet another save, once its page and open data
    # are out, is the only rebuild since.
    served.save_whole(initiative(title="title: Weer later opgeslagen"))
    wait_for(lambda: served.shows("Weer later opgeslagen"))
    assert served.status() == {**after, "builds": after["builds"] + 1, "attempts": after["attempts"] + 1}


def test_saves_made_while_serve_starts_are_all_taken_in(make_site, tmp_path):
    # Saves before and during the first build, and the moment the site is first served (CI
    # once lost that one): the last save is what is served.
    make_site()
    port = free_port()
    page = f"http://127.0.0.1:{port}/initiatieven/voorbeeld/"
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port), "--no-search"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def save(n: int) -> None:
        (tmp_path / "content/initiatives/voorbeeld.md").write_text(
            initiative(title=f"title: Opgeslagen tijdens het starten {n}"), encoding="utf-8")

    try:
        saves = 0
        deadline = time.monotonic() + WAIT
        while True:
            assert time.monotonic() < deadline, "serve did not start"
            save(saves)
            saves += 1
            try:
                fetch(page)
                break  # first served: one more save, straight away
            except OSError:
                time.sleep(0.05)
        save(saves)
        wait_for(lambda: f"Opgeslagen tijdens het starten {saves}<" in fetch(page))
    finally:
        process.kill()
        process.wait()


def test_a_save_made_as_soon_as_the_watch_has_started_is_seen(tmp_path):
    # serve builds and answers only once the watch has started (CI once lost a save made the
    # moment the site was first served: the watcher was still starting).
    import threading

    from sitegen.preview.serve import watch_sources

    seen, stop, ready = [], threading.Event(), threading.Event()
    watcher = threading.Thread(target=watch_sources, args=([tmp_path], seen.append, stop, ready), daemon=True)
    watcher.start()
    assert ready.wait(WAIT)
    (tmp_path / "nieuw.md").write_text("x", encoding="utf-8")
    (tmp_path / ".verborgen.swp").write_text("x", encoding="utf-8")  # an editor's swap file
    (tmp_path / ".verborgen.md").write_text("x", encoding="utf-8")  # any hidden file
    wait_for(lambda: seen)
    # A later save as a barrier: the system reports changes in the order they were made, so
    # once this one is reported, a report of the hidden files, were they not ignored, has come too.
    (tmp_path / "daarna.md").write_text("x", encoding="utf-8")
    wait_for(lambda: str(tmp_path / "daarna.md") in set().union(*seen))
    stop.set()
    watcher.join(WAIT)
    assert not watcher.is_alive()
    assert set().union(*seen) == {str(tmp_path / "nieuw.md"), str(tmp_path / "daarna.md")}


def test_a_missing_folder_is_named_instead_of_watched(tmp_path, capsys, monkeypatch):
    import threading

    from sitegen.preview.serve import watch_sources

    monkeypatch.chdir(tmp_path)
    ready = threading.Event()
    watch_sources([tmp_path / "ontbreekt"], print, threading.Event(), ready)
    assert ready.is_set()  # serve does not wait for a watch that cannot start
    assert capsys.readouterr().out == "Wijzigingen in 'ontbreekt' worden niet gevolgd: die map bestaat niet.\n"


def test_a_template_error_is_reported_with_its_line(make_site, tmp_path):
    from sitegen.pipeline.build import BuildOptions
    from sitegen.preview.serve import Preview

    make_site()
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    messages = []
    preview = Preview(BuildOptions(content_dir=tmp_path / "content", output_dir=tmp_path / "output",
                                   templates_dir=templates), log=messages.append)
    assert preview.rebuild()
    (templates / "term.html").write_text("{% extends 'base.html' %}\n{% block content %}\n{% if %}\n{% endblock %}\n")
    assert not preview.rebuild()
    status = json.loads((tmp_path / "output" / "__sitegen" / "status.json").read_text())
    assert status["ok"] is False
    assert status["problems"][0].startswith("templates/term.html:3: sjabloonfout:")
    assert (tmp_path / "output" / "initiatieven" / "voorbeeld" / "index.html").is_file()  # last good site stays


def test_ctrl_c_stops_cleanly_and_a_busy_port_is_explained(served, tmp_path):
    busy = subprocess.run([sys.executable, str(ROOT / "build.py"), "serve", "--port", str(served.port)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=WAIT)
    assert busy.returncode == 2
    assert f"poort {served.port} is al in gebruik" in busy.stderr
    assert f"--port {served.port + 1}" in busy.stderr
    code, output = served.stop()
    assert code == 0, output
    assert "Gestopt." in output


def test_open_pages_reload_and_show_the_error_overlay(served, browser):
    from playwright.sync_api import expect

    page = browser.new_page()
    page.goto(served.url + "/initiatieven/voorbeeld/")
    # livereload.js has connected and greeted the server (it then says which page it shows, in
    # the same step): from then on the server reloads this page after a rebuild.
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol >= 7",
                           timeout=WAIT * 1000)
    served.edit(initiative(region="region: drent"))
    # No reload by hand: livereload reloads the open page after the rebuild.
    overlay = page.locator("#sitegen-fouten")
    expect(overlay).to_contain_text("content/initiatives/voorbeeld.md:4:9: onbekende sleutel 'drent'",
                                    timeout=WAIT * 1000)
    assert page.locator("h1").inner_text() == "Techniek in de regio Voorbeeld"  # the last good site
    served.edit(initiative())
    expect(page.locator("h1")).to_have_text("Techniek in de regio", timeout=WAIT * 1000)
    expect(overlay).to_have_count(0, timeout=WAIT * 1000)
    page.close()
