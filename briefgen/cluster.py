"""Where tasks run: --workers / --scheduler (or [cluster]) -> a Runner, in process or on Dask.

``make_runner`` is the one place that chooses. ``--workers 0`` runs everything in this
process (``briefgen.runner.InProcess``); ``--workers N`` starts a local cluster of N worker
processes (one thread each) for this run and stops it afterwards; ``--scheduler
tcp://HOST:8786`` connects to a cluster the user already runs. With neither, ``Auto`` stays in
process below the measured break-even and starts one local worker per core above it.
``dask`` and ``distributed`` are imported inside the functions that need them, so they stay an
optional extra (``briefgen[dask]``) and ``briefgen --help`` stays fast.

What is sent to the workers: the top-level briefgen function of the stage (pickled by
reference, so a worker needs only ``pip install briefgen[dask]``) and the stage's input values
(frozen dataclasses, pickled by value). A remote cluster's workers read no files:
``shares_files`` is False for it, and callers read sources in this process then.
"""

from __future__ import annotations

import logging
import math
import os
import pickle
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from briefgen.errors import ClusterError, UsageError
from briefgen.forked import QUIET, ForkedWorkers
from briefgen.runner import InProcess, Progress, Runner, _silent

T = TypeVar("T")
R = TypeVar("R")

INSTALL_HINT = "pip install 'briefgen[dask]'  (installs dask and distributed)"
# Seconds to wait for a scheduler to answer before giving up, before any work is handed out.
CONNECT_TIMEOUT = 5.0
# The default runs in process below this many articles and on one local worker process per
# core from it on (with briefgen[dask] installed). Measured with benchmarks/edition.py on 2
# cores, as the estimated speed-up on a quiet machine of 2 workers over in process: 1.02x at
# 300 articles, 1.17x at 1,000, 1.19x at 10,000. Each worker costs ~2.5 s of imports and
# ~250 MB, so below ~1,000 articles starting them gains under a tenth and is not worth it.
AUTO_MIN_ARTICLES = 1000
# Seconds to wait for a reachable scheduler to have at least one worker.
WORKERS_TIMEOUT = 10.0
# Seconds a local cluster may take to start its worker processes.
LOCAL_START_TIMEOUT = 60.0
# A map of light items (a file each: a few ms) goes out in chunks that shrink as it goes
# (guided self-scheduling): each holds 1/(GUIDED x threads) of the items not yet handed out,
# from MIN_CHUNK to MAX_CHUNK items. The first chunks are large, so there are few tasks (each
# costs ~1.3 ms of this process's CPU and ~1 ms of a worker's, measured); the last are a few
# files, so the workers finish within milliseconds of each other (equal chunks of ~300 files
# left one worker idle for up to a chunk, ~0.6 s, at the end of the 10,000-file load).
# 10,000 files on 2 threads: ~50 tasks; a worker lost costs at most MAX_CHUNK files again.
# Heavy items (a story each) go one to a task: 100 stories cost ~0.1 s of overhead.
GUIDED = 4
MIN_CHUNK = 4
MAX_CHUNK = 512
# Seconds a map's tasks may wait with no worker in the cluster before the run stops with a
# ClusterError instead of waiting for ever. A worker that a nanny restarts (a cluster's, or
# Dask's own local ones) is back within a few seconds of its imports; this leaves a busy
# machine several times that. Forked local workers are never restarted: once none of them
# is alive, the run stops at the next look.
NO_WORKERS_TIMEOUT = 30.0
# Seconds between two looks for a live worker while a map waits for results.
WATCH_INTERVAL = 0.5
# Seconds to wait for a result before looking again (as Dask's own as_completed does).
RESULT_POLL = 0.1


def _require_dask(option: str) -> None:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError(
            f"{option} needs the optional Dask extra, which is not installed",
            hint=INSTALL_HINT,
        ) from None


def _run_chunk(fn: Callable[[T], R], items: bytes) -> list[R]:
    """One Dask task: ``fn`` over a slice of the items, pickled (runs on a worker).

    The items travel as one ``bytes`` value: the scheduler, which unpickles every task's
    arguments and pickles them again to send them on, then copies bytes instead of
    rebuilding thousands of paths or a story's articles (with local workers it runs in the
    process that runs briefgen, on the cores the workers use: 10,000 files' tasks cost
    that process 0.5 s of CPU, 0.13 s as bytes).
    """
    return [fn(item) for item in pickle.loads(items)]


def _pickled(items: Sequence[Any]) -> bytes:
    """The items for ``_run_chunk``: pickled, or, what pickle cannot take (a function
    defined in a script, say), as Dask itself would send it (cloudpickle)."""
    try:
        return pickle.dumps(list(items), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError):
        import cloudpickle

        return cloudpickle.dumps(list(items), protocol=pickle.HIGHEST_PROTOCOL)


def chunked(items: Sequence[T], threads: int, *, heavy: bool = False) -> list[Sequence[T]]:
    """Consecutive slices of ``items``, order kept: shrinking chunks (see ``GUIDED``), or
    one item each when they are ``heavy``."""
    if heavy:
        return [items[k : k + 1] for k in range(len(items))]
    chunks = []
    start = 0
    while start < len(items):
        share = math.ceil((len(items) - start) / (max(1, threads) * GUIDED))
        size = min(MAX_CHUNK, max(MIN_CHUNK, share))
        chunks.append(items[start : start + size])
        start += size
    return chunks


@dataclass
class DaskRunner:
    """A Runner on a ``distributed.Client``; closes the local cluster it started, if any.

    Results come back in input order whatever order the tasks finished in. A worker that
    dies takes its running tasks with it; the scheduler runs them again elsewhere (up to
    ``distributed.scheduler.allowed-failures`` times, 3 by default) and ``retried`` counts
    them. A task that *raises* is not re-run: every stage is deterministic, so a second try
    would fail the same way, and the error is raised here with its message and exit code.

    Nothing waits for ever: a task that kills every worker it runs on is a ClusterError
    once the scheduler gives up on it (``KilledWorker``), and so are tasks left with no
    worker at all, for ``no_workers_timeout`` seconds or, with forked local workers (which
    nothing restarts), as soon as none of them is alive.
    """

    client: Any  # distributed.Client
    cluster: Any = None  # distributed.LocalCluster we started, or None for a remote one
    forked: ForkedWorkers | None = None  # its workers, when forked from this process
    address: str = ""
    shares_files: bool = False  # True for local workers: they can read the sources' paths
    retried: int = 0
    tasks: int = 0  # Dask tasks submitted so far (chunks of items)
    no_workers_timeout: float = NO_WORKERS_TIMEOUT  # see NO_WORKERS_TIMEOUT
    _run: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    _warming: list[Any] = field(default_factory=list)  # futures of ``warm``, held till a map

    @property
    def threads(self) -> int:
        info = self.client.scheduler_info(n_workers=-1)
        return sum(w.get("nthreads", 1) for w in info.get("workers", {}).values()) or 1

    @property
    def waiting_cores(self) -> int:
        """A local cluster's worker threads, less the core this process runs on; none for
        a cluster elsewhere, whose cores are not this machine's."""
        if self.cluster is None:
            return 0
        return max(0, min(self.threads, len(os.sched_getaffinity(0)) - 1))

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        *,
        label: str = "tasks",
        progress: Progress = _silent,
        heavy: bool = False,
        each: Callable[[R], object] | None = None,
    ) -> list[R]:
        from distributed import KilledWorker

        if not items:
            return []
        # Submitted in order, so the scheduler (which queues tasks without dependencies and
        # hands them out first come, first served) starts heavy items largest first.
        chunks = chunked(items, self.threads, heavy=heavy)
        start = self.tasks
        self.tasks += len(chunks)
        keys = [f"briefgen-{label}-{self._run}-{start + i}" for i in range(len(chunks))]
        futures = [
            self.client.submit(_run_chunk, fn, _pickled(chunk), key=key, pure=False)
            for key, chunk in zip(keys, chunks, strict=True)
        ]
        try:
            results = self._collect(futures, chunks, label, progress, each)
            self.retried += self._lost(set(keys))
        except KilledWorker as error:
            raise ClusterError(
                f"{label}: a task was lost with every worker that ran it ({error})",
                hint="see the workers' logs (out of memory?); "
                "distributed.scheduler.allowed-failures sets how many losses a task survives",
            ) from None
        finally:
            for future in [*futures, *self._warming]:
                future.release()
            self._warming = []
        return [item for chunk in results for item in chunk]

    def _collect(
        self,
        futures: list[Any],
        chunks: list[Sequence[Any]],
        label: str,
        progress: Progress,
        each: Callable[[Any], object] | None = None,
    ) -> list[list[Any]]:
        """Each future's result, in the futures' order, taken as they complete; ``each`` of
        every item's result in input order, once its chunk and all before it are in. While
        none comes, ``_check_workers`` looks for a live worker every ``WATCH_INTERVAL`` s."""
        from distributed import as_completed

        where = {future.key: index for index, future in enumerate(futures)}
        results: list[list[Any]] = [[] for _ in futures]
        arrived = [False] * len(futures)
        handed = 0  # chunks whose results went to ``each``
        total = sum(len(chunk) for chunk in chunks)
        done = 0
        pending = as_completed(futures, with_results=True, loop=self.client.loop)
        alone_since: float | None = None
        looked = time.monotonic()
        while not pending.is_empty():
            if pending.has_ready():  # next() then returns at once (or raises a task's error)
                future, value = next(pending)
                index = where[future.key]
                results[index], arrived[index] = value, True
                while each is not None and handed < len(futures) and arrived[handed]:
                    for result in results[handed]:
                        each(result)
                    handed += 1
                done += len(chunks[index])
                progress(label, done, total)
                alone_since = None
                continue
            with pending.thread_condition:
                pending.thread_condition.wait(timeout=RESULT_POLL)
            now = time.monotonic()
            if now - looked >= WATCH_INTERVAL:
                looked = now
                alone_since = None if self._workers_alive() else (alone_since or now)
                if alone_since is not None:
                    self._check_workers(now - alone_since, label, total - done, total)
        return results

    def _workers_alive(self) -> bool:
        """Whether a worker is there to run tasks: for forked workers, whether one of the
        processes lives; otherwise whether the scheduler lists one."""
        if self.forked is not None:
            return any(process.is_alive() for process in self.forked.processes)
        try:
            info = self.client.scheduler_info(n_workers=1)
        except (OSError, TimeoutError):
            return False  # a scheduler that does not answer runs nothing either
        return bool(info.get("workers"))

    def _check_workers(self, alone: float, label: str, left: int, total: int) -> None:
        """ClusterError when the tasks have had no worker for too long (``alone`` s)."""
        if self.forked is not None:  # never restarted: none will come
            raise ClusterError(
                f"{label}: every local worker died, with {left} of {total} left to do",
                hint="see above for why (killed for memory?); "
                "--workers 0 runs in this process, with no workers to lose",
            )
        if alone >= self.no_workers_timeout:
            raise ClusterError(
                f"{label}: no Dask worker for {alone:.0f} s at {self.address or 'the scheduler'}"
                f", with {left} of {total} left to do (the workers died or left)",
                hint="see the workers' logs (killed for memory?), or start workers with "
                f"`dask worker {self.address or 'SCHEDULER-ADDRESS'}`",
            )

    def warm(self, fn: Callable[[], object]) -> None:
        """``fn`` once on each worker there is now, without waiting for it. Its keys do not
        start with ``briefgen-`` (they are not an edition's work: a worker lost while it
        runs one costs nothing to retry), and it never moves to another worker."""
        workers = sorted(self.client.scheduler_info(n_workers=-1).get("workers", {}))
        self._warming += [
            self.client.submit(
                fn,
                key=f"warm-briefgen-{self._run}-{k}",
                workers=[worker],
                allow_other_workers=False,
                pure=False,
            )
            for k, worker in enumerate(workers, start=len(self._warming))
        ]

    def _lost(self, keys: set[str]) -> int:
        """How many of ``keys`` were running on, or held by, a worker that left unexpectedly."""
        lost: set[str] = set()
        for _, event in self.client.get_events("all"):
            if isinstance(event, dict) and event.get("action") == "remove-worker":
                lost.update(event.get("processing-tasks", ()))
                lost.update(event.get("lost-computed-tasks", ()))
        return len(lost & keys)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()  # tells its workers to close, forked ones included
        if self.forked is not None:
            self.forked.stop()


def connect(
    address: str, *, timeout: float = CONNECT_TIMEOUT, wait: float = WORKERS_TIMEOUT
) -> DaskRunner:
    """A DaskRunner on the scheduler at ``address``; ClusterError if it does not answer."""
    _require_dask("--scheduler")
    from distributed import Client

    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address} ({_reason(error)})",
            hint="start it with `dask scheduler` (port 8786), or check the address and firewall",
        ) from None
    try:
        client.wait_for_workers(1, timeout=wait)
    except (OSError, TimeoutError):
        client.close()
        raise ClusterError(
            f"the Dask scheduler at {address} has no workers",
            hint="start some with `dask worker " + address + "` on the worker hosts",
        ) from None
    return DaskRunner(client, address=address)


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def start_local(workers: int) -> DaskRunner:
    """A DaskRunner on a new local cluster of ``workers`` processes, one thread each.

    The workers are forked from this process where that is safe (``briefgen.forked``), so
    they start with what it has imported; elsewhere Dask's nannies start them.
    """
    _require_dask("--workers")
    import dask
    from distributed import Client, LocalCluster

    from briefgen.forked import fork_workers

    forked = fork_workers(workers)  # before the scheduler's threads start
    try:
        with dask.config.set(QUIET):  # no dashboard: less of what only it reads
            cluster = LocalCluster(
                n_workers=0 if forked else workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                # The scheduler always serves HTTP (health, metrics); a free loopback port,
                # not 8787, so that a dashboard someone already runs does not collide.
                dashboard_address="127.0.0.1:0",
                scheduler_kwargs={"dashboard": False},
                silence_logs=logging.ERROR,
                timeout=LOCAL_START_TIMEOUT,
            )
        # Results come straight from the worker that holds them, not relayed by the
        # scheduler (which would read and write every result once more in this process).
        client = Client(cluster, set_as_default=False, direct_to_workers=True)
        if forked is not None:
            forked.serve(cluster.scheduler_address)
            client.wait_for_workers(workers, timeout=LOCAL_START_TIMEOUT)
    except BaseException:
        if forked is not None:
            forked.stop()
        raise
    return DaskRunner(
        client,
        cluster=cluster,
        address=cluster.scheduler_address,
        shares_files=True,
        forked=forked,
    )


def dask_installed() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class Auto:
    """The default: in process, until a map is large enough to pay for starting workers.

    The first ``map`` of at least ``min_items`` items (the measured break-even, see
    ``AUTO_MIN_ARTICLES``) starts ``workers`` local worker processes, when the extra is
    installed and there is more than one core; that map and every later one run there.
    Smaller maps before it run in process. In an edition the first large map is the one
    over its articles, so the choice follows the number of articles.
    """

    workers: int
    min_items: int
    local: DaskRunner | None = None
    here: InProcess = field(default_factory=InProcess)
    shares_files: bool = True

    @property
    def retried(self) -> int:
        return self.local.retried if self.local is not None else 0

    @property
    def waiting_cores(self) -> int:
        return self.local.waiting_cores if self.local is not None else 0

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        *,
        label: str = "tasks",
        progress: Progress = _silent,
        heavy: bool = False,
        each: Callable[[R], object] | None = None,
    ) -> list[R]:
        large = len(items) >= self.min_items and self.workers > 1
        if self.local is None and large and dask_installed():
            self.local = start_local(self.workers)
        runner: Runner = self.local if self.local is not None else self.here
        return runner.map(fn, items, label=label, progress=progress, heavy=heavy, each=each)

    def warm(self, fn: Callable[[], object]) -> None:
        if self.local is not None:
            self.local.warm(fn)

    def close(self) -> None:
        if self.local is not None:
            self.local.close()


def make_runner(
    *, workers: int | None = None, scheduler: str | None = None, cores: int = 1
) -> Runner:
    """The runner the options ask for: a scheduler by address, N local workers, or the default.

    ``workers=0`` is in process; ``workers=None`` and no scheduler is ``Auto`` with one worker
    per core (``cores``, passed in by the CLI). Giving a scheduler and workers both is a usage
    error, so that nobody thinks their ``--workers`` took effect on a remote cluster.
    """
    if scheduler and workers:
        raise UsageError(
            "give --workers or --scheduler, not both",
            hint="a cluster at --scheduler brings its own workers",
        )
    if scheduler:
        return connect(scheduler)
    if workers is None:
        return Auto(workers=cores, min_items=AUTO_MIN_ARTICLES)
    if workers:
        return start_local(workers)
    return InProcess()
