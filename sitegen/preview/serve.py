"""`serve`: build, serve output/ on localhost, rebuild and reload on every change.

- Changes in content/ and templates/ are debounced: a burst of saves leads to one rebuild.
- A rebuild publishes atomically (as every build), so a half-written site is never served.
- When a rebuild fails, the last good site stays and every open page shows the problems
  in an overlay (assets/preview.js reads __sitegen/status.json); fixing the file clears it.
- The search index follows the content, re-indexed after a quiet period and swapped in whole;
  the open data is made just after the pages a rebuild changed are served.
"""

from __future__ import annotations

import errno
import gc
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

from sitegen.content.discover import KnownFiles, display_path
from sitegen.incremental.memo import Memo
from sitegen.model.diagnostics import ContentError, file_problem
from sitegen.model.urls import DATA
from sitegen.pipeline.build import BuildOptions, build
from sitegen.publish.write import _exchange
from sitegen.render.opendata import DATASETS

QUIET_MS = 20  # a burst of saves (an editor writing several files) is one change: this much quiet ends it
INDEX_DELAY = 2.0  # seconds of quiet before re-indexing search
# Made right after the pages an edit changed are served (a field is a column of all of them,
# large on a large site), as the search index is made after them too.
OPEN_DATA = frozenset(f"{DATA}{name}.{kind}" for name in DATASETS for kind in ("json", "csv"))
FINISH_DELAY = 0.3  # seconds after a rebuild before what it put off is made (the reloads come first)
WATCH_STARTED_MS = 100  # how soon the watcher shows it has started (see watch_sources)
WATCH_START_TIMEOUT = 10.0  # seconds serve waits for the watcher before it builds anyway
COLLECT_DELAY = 1.0  # seconds after a rebuild before its garbage is collected (build() runs without the collector)


class PortBusy(Exception):
    pass


def check_port(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise PortBusy(port) from error
            raise


def _problem_lines(error: Exception) -> list[str]:
    if isinstance(error, ContentError):  # content and templates, positioned
        return [d.as_text() for d in error.diagnostics]
    if isinstance(error, OSError):
        return [file_problem(error)]
    return [f"fout bij het bouwen: {type(error).__name__}: {error}"]


class Preview:
    """The rebuild loop, independent of the web server so that it can be tested and timed."""

    def __init__(self, options: BuildOptions, log=print):
        # One process: forking a process that runs the web server's threads is not safe. The
        # cache stays in memory between rebuilds: only what an edit touches is made again.
        self.known_files = KnownFiles()  # the watcher reports changed paths to it
        self.memo = Memo(None, files=self.known_files)  # what each rebuild hands the next, in memory
        self.options = replace(options, search=False, preview=True, memo=self.memo, jobs=1, cache_dir=None)
        self.log = log
        self.builds = 0  # successful builds
        self.attempts = 0
        self.report = None  # of the last successful build

    def rebuild(self, finish: bool = True) -> bool:
        """Build once; write the status for the overlay. True when the site was updated.

        The open data is put off (OPEN_DATA) and, unless `finish` is False, made right after;
        `serve` makes it with finish() once the changed pages are served."""
        self.attempts += 1
        return self._build(OPEN_DATA) and (not finish or self.finish())

    def finish(self) -> bool:
        """Make what the last rebuild put off; True when there was nothing to do or it was made."""
        if self.report is None or not self.report.postponed:
            return True
        return self._build(frozenset())

    def _build(self, later: frozenset[str]) -> bool:
        started = time.perf_counter()
        # build() runs without garbage collection (a full pass over everything kept between
        # rebuilds walks the whole memo); serve collects when idle.
        try:
            self.report = build(replace(self.options, later=later), keep=("pagefind",))
        except Exception as error:  # any failure: keep the last good site, show why
            problems = _problem_lines(error)
            self._write_status(False, problems)
            self.log(f"Niet bijgewerkt ({len(problems)} {'fout' if len(problems) == 1 else 'fouten'}):")
            for line in problems:
                self.log(f"  {line}")
            return False
        if later:  # a rebuild, not the open data made after it
            self.builds += 1
            self.log(f"Bijgewerkt in {time.perf_counter() - started:.2f} s.")
        self._write_status(True, [])
        return True

    def _write_status(self, ok: bool, problems: list[str]) -> None:
        folder = self.options.output_dir / "__sitegen"
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".status-{os.getpid()}.json"
        status = {"ok": ok, "problems": problems, "builds": self.builds, "attempts": self.attempts}
        temporary.write_text(json.dumps(status, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, folder / "status.json")

    def reindex(self) -> None:
        """Index the served site into a folder beside it, then swap it in whole."""
        output = self.options.output_dir
        fresh = output.parent / f".{output.name}-pagefind-{os.getpid()}"
        shutil.rmtree(fresh, ignore_errors=True)
        result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(output), "--output-path",
                                 str(fresh), "--silent"], capture_output=True, text=True)
        if result.returncode != 0:
            self.log(f"Zoekindex mislukt: {result.stderr.strip()}")
            shutil.rmtree(fresh, ignore_errors=True)
            return
        target = output / "pagefind"
        if target.exists() and _exchange(fresh, target):
            shutil.rmtree(fresh, ignore_errors=True)
        else:
            shutil.rmtree(target, ignore_errors=True)
            os.rename(fresh, target)
        self.log("Zoekindex bijgewerkt.")


def _quiet_livereload_watcher():
    """livereload wants a watcher; ours (watch_sources) tells it when to reload, so this one watches nothing."""
    from livereload.watcher import get_watcher_class

    class NoWatcher(get_watcher_class()):
        def examine(self):
            return None, None

    return NoWatcher()


def watch_sources(folders: list[Path], on_change, stop: threading.Event, ready: threading.Event) -> None:
    """Call on_change(paths changed) once per burst of changes in the folders, until `stop` is set.

    watchfiles (Rust's notify: inotify on Linux) is told by the operating system when a file
    is saved, instead of looking every so often; it groups the events of one burst, yielding
    once QUIET_MS pass without a new one. Editor swap and hidden files are ignored.

    `ready` is set once the folders are watched: every save after that is seen. (The watch
    starts when the generator first runs and yields nothing until a change or a timeout, so
    a short timeout that yields is how the start shows.)"""
    import watchfiles

    usual = watchfiles.DefaultFilter()  # version control, caches, editor swap files

    def relevant(change, path: str) -> bool:
        return not Path(path).name.startswith(".") and usual(change, path)

    watched = [folder for folder in folders if folder.is_dir()]
    for folder in folders:
        if folder not in watched:  # the build says what is wrong; the other folders are watched
            print(f"Wijzigingen in '{display_path(folder)}' worden niet gevolgd: die map bestaat niet.", flush=True)
    try:
        if watched:
            for changes in watchfiles.watch(*watched, watch_filter=relevant, step=QUIET_MS, debounce=QUIET_MS * 20,
                                            stop_event=stop, raise_interrupt=False,
                                            rust_timeout=WATCH_STARTED_MS, yield_on_timeout=True):
                ready.set()
                if changes:
                    on_change({path for _, path in changes})
    except OSError as error:  # e.g. a folder that cannot be read
        print(f"Wijzigingen worden niet gevolgd: {error}", flush=True)
    finally:
        ready.set()  # serve waits for this: never leave it waiting for a watch that cannot start


def serve(options: BuildOptions, port: int) -> int:
    """Run until Ctrl-C. Returns the exit status."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado import ioloop

    check_port(port)
    search = options.search
    options = replace(options, base_url=f"http://127.0.0.1:{port}/")
    preview = Preview(options)
    loop_holder: dict = {}
    pending = {"index": None, "collect": None, "finish": None}
    dirty = threading.Event()  # set by the watcher thread, cleared by the rebuild that handles it

    def do_rebuild() -> None:
        if not dirty.is_set():
            return  # a rebuild already took this change in
        dirty.clear()
        updated = preview.rebuild(finish=False)
        LiveReloadHandler.reload_waiters(path="*")  # reload also after a failure: the overlay appears
        if updated and preview.report.postponed:  # the open data, once the reloaded pages are served
            schedule("finish", FINISH_DELAY, do_finish)
        schedule("collect", COLLECT_DELAY, collect)  # after the reloaded pages are served
        if updated and search:
            schedule("index", INDEX_DELAY, do_index)

    def schedule(name: str, delay: float, run) -> None:
        """Run `run` after `delay` seconds, instead of when it was due before (pending[name])."""
        loop = loop_holder["loop"]
        if pending[name] is not None:
            loop.remove_timeout(pending[name])
        pending[name] = loop.call_later(delay, run)

    def do_finish() -> None:
        pending["finish"] = None
        if not dirty.is_set():  # else the next rebuild comes first and puts it off again
            preview.finish()

    def collect() -> None:
        pending["collect"] = None
        gc.collect()

    def do_index() -> None:
        pending["index"] = None
        loop_holder["loop"].run_in_executor(None, preview.reindex)

    def changed(paths: set[str]) -> None:  # on the watcher's thread
        preview.known_files.report(paths)
        dirty.set()
        loop = loop_holder.get("loop")
        if loop is not None:  # else start() takes the change in
            loop.add_callback(do_rebuild)

    def start() -> None:
        loop_holder["loop"] = ioloop.IOLoop.current()
        LiveReloadHandler.start_tasks()
        do_rebuild()  # a save made during the first build

    # The watch starts before the first build, so that no save is missed: not one made while
    # it runs, nor one made as soon as the site is first served.
    stop, watching = threading.Event(), threading.Event()
    threading.Thread(target=watch_sources, args=([options.content_dir, options.templates_dir], changed, stop,
                                                 watching), daemon=True).start()
    if not watching.wait(WATCH_START_TIMEOUT):
        print("Let op: wijzigingen worden nog niet gevolgd; sla een bestand zo nodig opnieuw op.", flush=True)
    preview.rebuild()
    if search:
        preview.reindex()

    server = Server(watcher=_quiet_livereload_watcher())
    # livereload turns its own logging up to INFO when it starts; keep the terminal for our messages.
    server._setup_logging = lambda: logging.getLogger("livereload").setLevel(logging.WARNING)
    print(f"Voorbeeld op http://127.0.0.1:{port}/ ; wijzigingen worden direct verwerkt. Stoppen: Ctrl-C.")
    ioloop.IOLoop.current().add_callback(start)
    try:
        server.serve(port=port, host="127.0.0.1", root=str(options.output_dir), restart_delay=0)
    except KeyboardInterrupt:  # livereload usually catches Ctrl-C itself and returns
        pass
    stop.set()
    print("\nGestopt.", flush=True)
    return 0
