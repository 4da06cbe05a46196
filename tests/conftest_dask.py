"""A real Dask cluster on 127.0.0.1 for the tests: `dask scheduler` + `dask worker` processes.

Started from the virtual environment's own ``dask`` command, as a user would on their hosts;
workers run without a nanny so that SIGKILL really ends a worker (a nanny would restart it),
unless a test asks for one.
Every process is stopped in ``close``, which the fixtures call in their teardown.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

START_TIMEOUT = 60.0


def dask_command() -> str:
    return str(Path(sys.executable).with_name("dask"))


class LocalDask:
    """One scheduler and named workers, each a subprocess of the test."""

    def __init__(self, folder: Path, settings: dict[str, str] | None = None) -> None:
        """``settings``: Dask settings of the scheduler, as ``DASK_...`` variables."""
        self.folder = folder
        self.settings = settings or {}
        folder.mkdir(parents=True, exist_ok=True)
        self.file = folder / "scheduler.json"
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.scheduler = self._spawn(
            "scheduler",
            [
                *(dask_command(), "scheduler", "--host", "127.0.0.1", "--port", "0"),
                *("--no-dashboard", "--dashboard-address", "127.0.0.1:0"),
                *("--scheduler-file", str(self.file)),
            ],
        )
        deadline = time.monotonic() + START_TIMEOUT
        while not self.file.exists() or not self.file.read_text().strip():
            if time.monotonic() > deadline or self.scheduler.poll() is not None:
                raise RuntimeError(f"dask scheduler did not start: {self._log('scheduler')}")
            time.sleep(0.05)
        self.address: str = json.loads(self.file.read_text())["address"]

    def _log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def _spawn(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("wb")
        env = {**os.environ, **self.settings}
        process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
        log.close()
        self.processes[name] = process
        return process

    def add_worker(self, name: str, *, nanny: bool = False) -> None:
        self._spawn(
            name,
            [
                *(dask_command(), "worker", self.address, "--host", "127.0.0.1"),
                *("--nthreads", "1", "--nanny" if nanny else "--no-nanny", "--no-dashboard"),
                *("--name", name, "--memory-limit", "0"),
            ],
        )

    def wait_for_workers(self, count: int) -> None:
        from distributed import Client

        with Client(self.address, timeout=START_TIMEOUT, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=START_TIMEOUT)

    def close(self) -> None:
        for process in reversed(list(self.processes.values())):
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=3)  # a graceful close; past that, nothing to keep
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextmanager
def local_dask(
    folder: Path, workers: int = 2, *, nanny: bool = False, settings: dict[str, str] | None = None
) -> Iterator[LocalDask]:
    """A scheduler and ``workers`` workers (named w0, w1, ...), all stopped afterwards."""
    cluster = LocalDask(folder, settings)
    try:
        for index in range(workers):
            cluster.add_worker(f"w{index}", nanny=nanny)
        cluster.wait_for_workers(workers)
        yield cluster
    finally:
        cluster.close()


def _processing_on(client: Any, worker: str, prefix: str) -> bool:
    info = client.scheduler_info(n_workers=-1)["workers"]
    address = next((a for a, w in info.items() if w.get("name") == worker), None)
    if address is None:
        return False
    keys = client.processing(workers=[address]).get(address, ())
    return any(str(key).startswith(prefix) for key in keys)


@contextmanager
def killed_mid_run(cluster: LocalDask, worker: str, prefix: str = "briefgen-") -> Iterator[dict]:
    """While the body runs: once ``worker`` is running a task, SIGKILL it.

    The worker is first stopped (SIGSTOP) and its task checked to be still assigned to it,
    so the kill always lands while a task is running there, never between two tasks.
    Yields a dict whose "killed" entry says whether the kill happened.
    """
    from distributed import Client

    state = {"killed": False}
    stop = threading.Event()
    process = cluster.processes[worker]

    def watch() -> None:
        with Client(cluster.address, timeout=START_TIMEOUT, set_as_default=False) as client:
            while not stop.is_set():
                if _processing_on(client, worker, prefix):
                    process.send_signal(signal.SIGSTOP)
                    time.sleep(0.5)  # let any "task done" message already sent arrive
                    if _processing_on(client, worker, prefix):
                        process.send_signal(signal.SIGKILL)
                        process.wait()
                        state["killed"] = True
                        return
                    process.send_signal(signal.SIGCONT)
                time.sleep(0.02)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        thread.join(timeout=30)
