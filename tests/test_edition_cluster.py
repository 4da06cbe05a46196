"""`briefgen edition` on Dask: the same bytes in process, on local workers and on a cluster.

The cluster is real: a `dask scheduler` and two `dask worker` processes on 127.0.0.1, started
by the test (``conftest_dask``). The CLI runs as a subprocess through its real entry point.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest_dask import LocalDask, killed_mid_run, local_dask

from briefgen.edition.tasks import StoryTask, brief_story, template_files
from briefgen.models import Article

pytest.importorskip("distributed")

FIXTURES = Path(__file__).parent / "fixtures" / "edition" / "day1"
DATE = "2031-05-06"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def edition(out: str, *extra: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = run("edition", str(FIXTURES), "--out", out, "--date", DATE, *extra, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalDask]:
    with local_dask(tmp_path_factory.mktemp("dask")) as running:
        yield running


@pytest.fixture(scope="module")
def in_process(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The edition built in this process: what every other way of running must equal."""
    folder = tmp_path_factory.mktemp("in-process")
    edition("out", cwd=folder)
    files = tree(folder / "out")
    assert "edition.pdf" in files and "edition.json" in files
    assert sum(name.startswith("stories/") for name in files) >= 8  # 3 stories, 4 files each
    return files


def test_same_bytes_on_a_cluster_by_address(
    cluster: LocalDask, in_process: dict[str, bytes], tmp_path: Path
) -> None:
    result = edition("out", "--scheduler", cluster.address, cwd=tmp_path)
    assert tree(tmp_path / "out") == in_process
    assert "retried" not in result.stderr


def test_same_bytes_on_local_workers(in_process: dict[str, bytes], tmp_path: Path) -> None:
    edition("out", "--workers", "2", cwd=tmp_path)
    assert tree(tmp_path / "out") == in_process


def test_scheduler_from_briefgen_toml(
    cluster: LocalDask, in_process: dict[str, bytes], tmp_path: Path
) -> None:
    (tmp_path / "briefgen.toml").write_text(f'[cluster]\nscheduler = "{cluster.address}"\n')
    edition("out", cwd=tmp_path)
    assert tree(tmp_path / "out") == in_process


def test_a_worker_killed_mid_run_costs_a_retry_not_the_edition(
    in_process: dict[str, bytes], tmp_path: Path
) -> None:
    with local_dask(tmp_path / "dask") as running, killed_mid_run(running, "w0") as kill:
        result = edition("out", "--scheduler", running.address, cwd=tmp_path)
    assert kill["killed"]
    assert tree(tmp_path / "out") == in_process
    retried = [line for line in result.stderr.splitlines() if "retried" in line]
    assert len(retried) == 1 and retried[0].endswith("task(s) retried after a worker was lost")
    assert int(retried[0].split()[0]) >= 1


def test_unreachable_scheduler_fails_before_any_work(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    result = run("edition", str(FIXTURES), "--out", "out", "--scheduler", address, cwd=tmp_path)
    assert result.returncode == 10
    assert result.stderr.startswith(f"Error: cannot reach the Dask scheduler at {address} (")
    assert "Hint: start it with `dask scheduler`" in result.stderr
    assert not (tmp_path / "out").exists()


def test_bad_scheduler_address_is_a_usage_error(tmp_path: Path) -> None:
    result = run("edition", str(FIXTURES), "--scheduler", "http://a b", cwd=tmp_path)
    assert result.returncode == 2
    assert "must be a Dask scheduler address like tcp://HOST:8786" in result.stderr


def test_without_dask_installed_the_options_say_what_to_install(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.modules['dask'] = sys.modules['distributed'] = None  # as if not installed\n"
        "from briefgen.cli import main\n"
        f"main(['edition', {str(FIXTURES)!r}, '--out', 'out', '--workers', '2'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "Error: --workers needs the optional Dask extra, which is not installed",
        "Hint: pip install 'briefgen[dask]'  (installs dask and distributed)",
    ]
    assert not (tmp_path / "out").exists()


def test_story_templates_travel_with_the_task(tmp_path: Path) -> None:
    """A worker on another host has no --template-dir: the task carries the files."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "mine.md.j2").write_text("# {{ brief.title }}\n\nMine: {{ brief.date }}\n")
    texts = sorted(FIXTURES.glob("cup_*.md"))
    articles = tuple(
        Article(id=f"s{n}", name=p.stem, text=p.read_text().split("---", 2)[2])
        for n, p in enumerate(texts, 1)
    )
    task = StoryTask(
        story="st-1",
        articles=articles,
        date=DATE,
        formats=("md",),
        template="mine",
        template_dir=templates,
        template_files=template_files("mine", templates),
    )
    here = brief_story(task)
    elsewhere = brief_story(
        StoryTask(**{**task.__dict__, "template_dir": tmp_path / "not-on-this-host"})
    )
    assert here.files["brief.md"].startswith(b"# ")
    assert b"Mine: 2031-05-06" in here.files["brief.md"]
    assert elsewhere.files == here.files


def test_archive_same_bytes_on_a_cluster(cluster: LocalDask, tmp_path: Path) -> None:
    from test_archive import three_days

    three_days(tmp_path)
    common = ("--from", "2031-05-05", "--to", "2031-05-07", "--format", "md,json")
    for out, extra in (("here", ()), ("there", ("--scheduler", cluster.address))):
        result = run("archive", "sources", "--out", out, *common, *extra, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "3 days: 3 built" in result.stderr
    assert tree(tmp_path / "here") == tree(tmp_path / "there")
