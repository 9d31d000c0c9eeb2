"""Work split over forked processes, each inheriting the parent's memory.

A worker is forked with the work to do already in its memory (the Site, the tasks): nothing
is pickled on the way in, only each worker's result on the way out. Worker `index` of `count`
takes every count-th item from `index`, so the output is the same whatever the number of
jobs. An exception in a worker is raised again in the parent; a worker that dies is an error.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from typing import Callable, TypeVar

Result = TypeVar("Result")


def in_workers(work: Callable[[int, int], Result], count: int) -> list[Result]:
    """[work(0, count), ..., work(count - 1, count)], each in its own forked process."""
    context = multiprocessing.get_context("fork")
    workers = []
    for index in range(count):
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_run, args=(work, index, count, send), daemon=True)
        process.start()
        send.close()  # the worker holds its end: the parent sees EOF if it dies
        workers.append((process, receive))
    results, failure = [], None
    try:
        for process, receive in workers:
            try:
                ok, value = receive.recv()
            except EOFError:
                ok, value = False, RuntimeError(f"a worker stopped without a result (exit code {process.exitcode})")
            if not ok and failure is None:
                failure = value
            results.append(value)
    finally:
        for process, receive in workers:
            receive.close()
            process.join()
    if failure is not None:
        raise failure
    return results


def _run(work, index: int, count: int, send) -> None:
    try:
        result = (True, work(index, count))
    except BaseException as error:  # handed to the parent, which raises it
        result = (False, error)
    try:
        send.send(result)
    except Exception as error:  # e.g. an exception that cannot be pickled
        send.send((False, RuntimeError(f"{type(result[1]).__name__}: {result[1]}\n{traceback.format_exc()}")))
    finally:
        send.close()
        os._exit(0)  # no atexit handlers, no flushing of the parent's inherited buffers
