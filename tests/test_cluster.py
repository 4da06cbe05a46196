"""The Dask runner against a real scheduler and workers on 127.0.0.1, compared with in-process."""

from __future__ import annotations

import operator
import socket
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from conftest_dask import LocalDask, killed_mid_run, local_dask

from briefgen.cluster import chunked, connect, make_runner, start_local
from briefgen.errors import ClusterError, InputError, UsageError
from briefgen.models import Article
from briefgen.pipeline import make_brief, summarize
from briefgen.runner import InProcess

pytest.importorskip("distributed")

EVENTS = [
    "The council approved the harbour budget on Monday. The vote was 7 to 2. "
    "Mayor Ana Ruiz said the money would repair the north pier. Work starts in May.",
    "A storm closed the coastal road on Tuesday. Police said two cars were damaged. "
    "The road reopened in the evening. No one was hurt.",
    "The museum opened a new wing on Wednesday. It shows maps from the 18th century. "
    "Entry is free for students. The wing cost 3 million euros.",
]


def _items(count: int) -> list[list[str]]:
    """Small document sets, each a different mix so every result differs."""
    return [[EVENTS[i % 3], EVENTS[(i + 1) % 3], EVENTS[(i + i // 3) % 3]] for i in range(count)]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalDask]:
    with local_dask(tmp_path_factory.mktemp("dask")) as running:
        yield running


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_chunks_keep_order_and_cover_every_item() -> None:
    items = list(range(10_000))
    chunks = chunked(items, threads=2)
    assert [x for chunk in chunks for x in chunk] == items
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == sorted(sizes, reverse=True)  # large first, shrinking to the end
    assert sizes[0] == 512 and sizes[-1] <= 4  # at most MAX_CHUNK; MIN_CHUNK at the end
    assert 30 < len(chunks) < 80
    assert chunked([], threads=2) == []
    assert chunked([1], threads=8) == [[1]]
    assert chunked(items[:3], threads=2, heavy=True) == [[0], [1], [2]]  # a story a task


def test_by_address_same_results_in_input_order(cluster: LocalDask) -> None:
    items = _items(12)
    expected = InProcess().map(summarize, items)
    seen: list[tuple[str, int, int]] = []
    runner = connect(cluster.address)
    try:
        got = runner.map(summarize, items, label="summaries", progress=lambda *a: seen.append(a))
    finally:
        runner.close()
    assert got == expected
    assert runner.retried == 0
    assert seen[-1] == ("summaries", 12, 12)
    assert [done for _, done, _ in seen] == sorted(done for _, done, _ in seen)


def test_worker_error_comes_back_typed_with_its_hint(cluster: LocalDask) -> None:
    one_source = Article(id="s1", name="one", text=EVENTS[0])
    runner = connect(cluster.address)
    try:
        with pytest.raises(InputError) as caught:
            runner.map(partial(make_brief, date="2025-01-01"), [[one_source]])
    finally:
        runner.close()
    assert "usable independent source" in caught.value.message
    assert caught.value.hint and "add more articles" in caught.value.hint


def test_killed_worker_costs_a_retry_not_the_run(tmp_path: Path) -> None:
    items = _items(16)
    expected = InProcess().map(summarize, items)
    with local_dask(tmp_path) as running:
        runner = connect(running.address)
        try:
            with killed_mid_run(running, "w0") as kill:
                got = runner.map(summarize, items, label="summaries")
        finally:
            runner.close()
    assert kill["killed"]
    assert got == expected
    assert runner.retried >= 1


def test_local_workers_same_results() -> None:
    items = _items(6)
    runner = start_local(2)
    try:
        got = runner.map(summarize, items)
        # items pickle cannot send (a lambda) go as Dask would send them (cloudpickle)
        made = runner.map(operator.call, [lambda: "made here", lambda: "and here"])
    finally:
        runner.close()
    assert got == InProcess().map(summarize, items)
    assert made == ["made here", "and here"]


def _after(item: tuple[float, int]) -> int:
    import time

    time.sleep(item[0])
    return item[1]


@pytest.mark.parametrize("local", [False, True])
def test_each_result_comes_in_input_order_while_the_tasks_finish_out_of_it(
    local: bool,
) -> None:
    """The first task takes longest, so the second worker finishes the rest first: each
    result still reaches ``each`` in input order, and all of them before ``map`` returns."""
    items = [(1.0, 0)] + [(0.0, k) for k in range(1, 8)]
    runner = start_local(2) if local else InProcess()
    seen: list[int] = []
    try:
        got = runner.map(_after, items, heavy=True, each=seen.append)
    finally:
        runner.close()
    assert got == seen == list(range(8))


FORKED = """
import gc, os, signal, sys
from pathlib import Path
from briefgen.cluster import start_local
from briefgen.pipeline import summarize
from briefgen.runner import InProcess

MARK = Path(sys.argv[1])

def summary_once_killed(item):
    # the first task to run kills its worker (once in all, the mark made atomically: two
    # workers that both killed themselves would leave none): the other must run it again
    try:
        os.close(os.open(MARK, os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        return summarize(item)
    os.kill(os.getpid(), signal.SIGKILL)

items = [[e, e] for e in sys.argv[2:]] * 4
runner = start_local(2)
try:
    pids = [p.pid for p in runner.forked.processes]
    served = set(runner.client.run(os.getppid).values())
    # the workers' collector skips what they inherited; this process's walks all it holds
    inherited = min(runner.client.run(gc.get_freeze_count).values())
    frozen = inherited > 0 and gc.get_freeze_count() == 0
    got = runner.map(summary_once_killed, items, heavy=True)
finally:
    runner.close()
alive = [pid for pid in pids if Path(f"/proc/{pid}").exists()]
same = got == InProcess().map(summarize, items)
print(served == {os.getpid()}, same, frozen, runner.retried, alive)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_local_workers_are_forked_from_a_single_threaded_process(tmp_path: Path) -> None:
    """As the CLI starts them: forked (children of the process that runs briefgen), the same
    results, the objects they inherit out of their collector's way (not this process's), a
    worker killed mid-run costs a retry, and none is left running after close."""
    out = subprocess.run(
        [sys.executable, "-c", FORKED, str(tmp_path / "killed"), *EVENTS],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout
    forked, same, frozen, retried, left = out.split()
    assert (forked, same, frozen, left) == ("True", "True", "True", "[]")
    assert int(retried) >= 1  # the task it ran, and any it held waiting


DOOMED = """
import os, sys
from pathlib import Path
from briefgen.cluster import connect, start_local
from briefgen.errors import ClusterError

where, wait = sys.argv[1], float(sys.argv[2])
runner = start_local(2) if where == "local" else connect(where)
runner.no_workers_timeout = wait
pids = [p.pid for p in runner.forked.processes] if runner.forked else []
try:
    runner.map(os._exit, [3] * 6, label="doomed", heavy=True)  # each task ends its worker
except ClusterError as error:
    print(error.message, "|", error.hint)
else:
    print("no error")
finally:
    runner.close()
print([pid for pid in pids if Path(f"/proc/{pid}").exists()])
"""


def _doomed(where: str, wait: float = 30.0) -> list[str]:
    """DOOMED's lines: the run of tasks that each end their worker, in a process of its own
    that is killed if it waits too long (a regression fails here instead of hanging)."""
    done = subprocess.run(
        [sys.executable, "-c", DOOMED, where, str(wait)],
        capture_output=True,
        text=True,
        check=True,
        timeout=180,
    )
    return done.stdout.splitlines()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_tasks_that_kill_every_forked_worker_are_a_cluster_error_not_a_hang() -> None:
    message, left = _doomed("local")
    assert message.startswith("doomed: every local worker died, with ")
    assert "of 6 left to do |" in message and "--workers 0" in message
    assert left == "[]"


def test_tasks_that_kill_every_worker_of_a_cluster_are_a_cluster_error(tmp_path: Path) -> None:
    with local_dask(tmp_path) as running:  # workers without a nanny: none comes back
        message, _ = _doomed(running.address, wait=1.0)
    assert message.startswith(f"doomed: no Dask worker for 1 s at {running.address}, with ")
    assert "of 6 left to do (the workers died or left) |" in message


def test_a_task_that_kills_each_restarted_worker_fails_after_the_retry_limit(
    tmp_path: Path,
) -> None:
    """Nannies restart the workers; the scheduler gives the task up after its allowed
    failures (1 here, 3 by default) and the run ends with a ClusterError, not a loop."""
    allowed = {"DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1"}
    with local_dask(tmp_path, nanny=True, settings=allowed) as running:
        message, _ = _doomed(running.address)
    assert message.startswith("doomed: a task was lost with every worker that ran it (")
    assert "allowed-failures" in message


def test_unreachable_scheduler_is_a_cluster_error_naming_the_address() -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    with pytest.raises(ClusterError) as caught:
        connect(address, timeout=1)
    assert address in caught.value.message
    assert caught.value.exit_code == 10


def test_scheduler_without_workers_is_a_cluster_error(tmp_path: Path) -> None:
    lonely = LocalDask(tmp_path)
    try:
        with pytest.raises(ClusterError) as caught:
            connect(lonely.address, wait=1)
    finally:
        lonely.close()
    assert caught.value.message == f"the Dask scheduler at {lonely.address} has no workers"


def test_workers_and_scheduler_together_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        make_runner(workers=2, scheduler="tcp://127.0.0.1:8786")
    assert isinstance(make_runner(workers=0), InProcess)


def test_without_the_extra_the_options_say_what_to_install() -> None:
    code = (
        "import sys; sys.modules['distributed'] = None\n"
        "from briefgen.cluster import make_runner\n"
        "try:\n    make_runner(workers=2)\n"
        "except Exception as e:\n    print(type(e).__name__, e.message, '|', e.hint)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("UsageError --workers needs the optional Dask extra")
    assert "pip install 'briefgen[dask]'" in out


def test_cluster_settings_in_briefgen_toml() -> None:
    from briefgen.config import ConfigError, loads, starter_config

    config = loads('[cluster]\nscheduler = "10.0.0.5"\nworkers = 4\n', base=None)
    assert config.cluster.scheduler == "tcp://10.0.0.5:8786"
    assert config.cluster.workers == 4
    assert loads(starter_config(), base=None).cluster.scheduler is None
    with pytest.raises(ConfigError) as caught:
        loads('[cluster]\nscheduler = "http://x y"\nworkers = 0\n', base=None)
    assert caught.value.problems == [
        "cluster.scheduler: must be a Dask scheduler address like tcp://HOST:8786 "
        "(got 'http://x y')",
        "cluster.workers: must be an integer 1-1024 (got 0)",
    ]


def test_auto_stays_in_process_below_the_break_even_then_starts_workers() -> None:
    from briefgen.cluster import Auto

    runner = Auto(workers=2, min_items=3)
    try:
        assert runner.map(str.upper, ["a", "b"]) == ["A", "B"]
        assert runner.local is None
        assert runner.map(str.upper, ["a", "b", "c"]) == ["A", "B", "C"]
        assert runner.local is not None
        assert len(runner.local.client.scheduler_info()["workers"]) == 2
    finally:
        runner.close()
    one_core = Auto(workers=1, min_items=1)
    one_core.map(str.upper, ["a", "b"])
    assert one_core.local is None


def test_reading_one_source_per_task_gives_what_ingest_load_gives(tmp_path: Path) -> None:
    from briefgen import ingest
    from briefgen.edition.tasks import read_sources

    class Remote(InProcess):
        shares_files = False  # as a cluster by address: bytes read here, parsed "there"

    (tmp_path / "empty").mkdir()
    fixtures = Path(__file__).parent / "fixtures"
    specs = [
        str(fixtures / "ingest"),
        str(fixtures / "edition" / "day1" / "cup_post.md"),
        str(tmp_path / "empty"),
        str(tmp_path / "missing.md"),
        str(fixtures / "edition" / "day2" / "*.md"),
    ]
    expected = ingest.load(specs, fetch=False)
    assert len(expected.articles) > 10 and len(expected.problems) > 3
    for runner in (InProcess(), Remote()):
        assert read_sources(specs, fetch=False, runner=runner, progress=lambda *a: None) == expected
