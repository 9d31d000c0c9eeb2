"""Work split over forked processes, each inheriting the parent's memory.

A worker is forked with the work to do already in its memory (the Site, the tasks): nothing
is pickled on the way in, only what each worker yields on the way out, a batch at a time (so
the parent never holds a whole worker's result twice, pickled and not). Worker `index` of
`count` takes every count-th item from `index`, so the output is the same whatever the number
of jobs. An exception in a worker is raised again in the parent; a worker that dies is an error.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import traceback
from multiprocessing.connection import wait
from typing import Callable, Iterable, TypeVar

Item = TypeVar("Item")
BATCH = 2500  # items pickled and sent together: a batch holds its own copy of each token its items read


def in_workers(work: Callable[[int, int], Iterable[Item]], count: int) -> list[list[Item]]:
    """[list(work(0, count)), ..., list(work(count - 1, count))], each in its own forked process."""
    context = multiprocessing.get_context("fork")
    workers = []
    for index in range(count):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_run, args=(work, index, count, send), daemon=True)
        process.start()
        send.close()  # the worker holds its end: the parent sees EOF if it dies
        workers.append((process, receive))
    results: list[list[Item]] = [[] for _ in workers]
    failure = None
    open_ends = {receive: index for index, (_, receive) in enumerate(workers)}
    try:
        while open_ends and failure is None:  # read whichever worker has sent, so that none waits
            for receive in wait(list(open_ends)):
                index = open_ends[receive]
                try:
                    ok, batch = receive.recv()
                except EOFError:
                    ok, batch = False, RuntimeError(f"a worker stopped without a result "
                                                    f"(exit code {workers[index][0].exitcode})")
                if not ok:
                    failure = failure or batch
                    del open_ends[receive]
                elif batch is None:  # the worker's last
                    del open_ends[receive]
                else:
                    results[index].extend(batch)
    finally:
        for process, receive in workers:
            receive.close()
            if failure is not None:
                process.kill()
            process.join()
    if failure is not None:
        raise failure
    return results


def _run(work, index: int, count: int, send) -> None:
    try:
        items = iter(work(index, count))
        while batch := list(itertools.islice(items, BATCH)):
            send.send((True, batch))
        send.send((True, None))
    except BaseException as error:  # handed to the parent, which raises it
        try:
            send.send((False, error))
        except Exception:  # e.g. an exception that cannot be pickled
            send.send((False, RuntimeError(f"{type(error).__name__}: {error}\n{traceback.format_exc()}")))
    finally:
        send.close()
        os._exit(0)  # no atexit handlers, no flushing of the parent's inherited buffers
