"""This process -> N Dask worker processes forked from it, which serve a scheduler started after.

A local worker that Dask starts itself (a nanny spawning a new interpreter) first imports
Python, Dask and then briefgen's stages (nltk, scikit-learn ...): about 3 s of each core
before it reads its first file, on the critical path of every ``--workers`` run. A process
forked from this one starts with all of that already imported, in a few milliseconds.

Forking is safe only while this process runs a single thread: a lock that another thread
holds at that instant (the import system's, a logger's, an executor's) would stay held in
the child forever. So the workers are forked *before* the scheduler and its threads start,
and each waits on a pipe for the scheduler's address. ``fork_workers`` returns None where
that cannot be done (not Linux, where fork is the reliable default; or a second thread is
already running); the caller then lets Dask start its workers as usual.

A forked worker runs without a nanny: a worker that dies is not restarted (forking a new
one is no longer safe once the scheduler's threads run), and the scheduler runs its tasks
again on the others; when none is left alive, ``DaskRunner`` stops the run with a
ClusterError instead of waiting for a worker that cannot come. It ends when the scheduler
closes, when ``ForkedWorkers.stop`` closes its pipe, or when this process dies (the pipe's
other end closes with it), whichever comes first.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
import threading
from dataclasses import dataclass
from typing import Any

# Seconds ``stop`` waits for each worker to end before it is killed.
STOP_TIMEOUT = 5.0
# Dask settings of a local cluster's scheduler and workers: less of the diagnostics that only
# a dashboard reads (there is none) or that log what briefgen silences, each of which costs
# CPU, and the GIL, while the tasks run: the statistical profile of the tasks (their stacks
# sampled 100 times a second), the event loop's check that it answers (50 times a second) and
# the host's metrics (CPU, network, disks: twice a second). The memory limits stay watched
# as often as Dask's default. Measured on 2 idle local workers: the event loop's check and the
# host's metrics every 1 s and 2 s take each worker's CPU from 10-14 to 4-6 ms a second, and
# the scheduler's (in briefgen's process) from 9-12 to 4 ms: over a 20 s edition, 0.4 s of
# CPU less on cores that the tasks need.
QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
}


@dataclass
class ForkedWorkers:
    """The forked processes and this process's end of each one's pipe."""

    processes: list[Any]  # multiprocessing.Process
    pipes: list[Any]  # multiprocessing.connection.Connection, write ends

    def serve(self, address: str) -> None:
        """Send every worker the scheduler's address: each connects to it."""
        for pipe in self.pipes:
            pipe.send(address)

    def stop(self) -> None:
        """Close the pipes (each worker exits on reading their end) and reap the processes."""
        for pipe in self.pipes:
            pipe.close()
        for process in self.processes:
            process.join(STOP_TIMEOUT)
            if process.is_alive():
                process.kill()
                process.join()


def fork_workers(count: int) -> ForkedWorkers | None:
    """``count`` worker processes forked from this one, each waiting for an address; None
    where forking is not safe (see the module docstring)."""
    import multiprocessing

    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return None
    context = multiprocessing.get_context("fork")
    # What this process holds now (its imports, mostly) goes to the collector's permanent
    # generation for the children: a worker's full collections then skip those objects
    # instead of walking them all (about 0.1 s each, several per worker and run) and
    # writing to every page it shares with this process. This process takes them back.
    gc.freeze()
    try:
        return _fork(context, count)
    finally:
        gc.unfreeze()


def _fork(context: Any, count: int) -> ForkedWorkers:
    processes, pipes = [], []
    for index in range(count):
        receive, send = context.Pipe(duplex=False)
        pipes.append(send)
        # daemon: ended by this process's exit handler if it stops without closing them
        process = context.Process(
            target=_serve,
            args=(receive, list(pipes), f"forked-{index}"),
            name=f"briefgen-worker-{index}",
            daemon=True,
        )
        process.start()
        receive.close()
        processes.append(process)
    return ForkedWorkers(processes, pipes)


def _serve(receive: Any, inherited: list[Any], name: str) -> None:
    """A forked worker: wait for the scheduler's address, then serve it until the scheduler
    closes or the pipe does (runs in the child)."""
    import signal

    for pipe in inherited:  # the write ends this child got by forking: only the parent's count
        pipe.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        address = receive.recv()
    except EOFError:  # the parent gave up before a scheduler started
        return
    threading.Thread(target=_exit_when_closed, args=(receive,), daemon=True).start()
    import asyncio

    asyncio.run(_worker(address, name))


def _exit_when_closed(receive: Any) -> None:
    with contextlib.suppress(EOFError):
        receive.recv()  # nothing more is ever sent: this returns when the pipe closes
    os._exit(0)


async def _worker(address: str, name: str) -> None:
    import logging

    import dask
    from distributed import Worker

    logging.getLogger("distributed").setLevel(logging.ERROR)
    with dask.config.set(QUIET):
        async with Worker(
            address,
            nthreads=1,
            host="127.0.0.1",
            name=name,
            dashboard=False,
            memory_limit="auto",
        ) as worker:
            await worker.finished()
