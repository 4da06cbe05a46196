"""The CLI through its real entry point: exit codes, error lines, help and defaults."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from briefgen import __version__


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


def test_no_arguments_builds_the_embedded_corpus_into_output(tmp_path: Path) -> None:
    result = run("-q", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "output").iterdir())
    assert names == ["brief.html", "brief.json", "brief.md", "brief.pdf"]
    record = json.loads((tmp_path / "output" / "brief.json").read_text(encoding="utf-8"))
    assert len(record["sources"]) == 5


def test_build_with_options_writes_only_the_asked_formats(tmp_path: Path) -> None:
    result = run(
        "build", "--out", "b", "--format", "md,json", "--title", "Morning brief",
        "--date", "2025-04-14", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["brief.json", "brief.md"]
    markdown = (tmp_path / "b" / "brief.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Morning brief\n")
    assert "2025-04-14" in markdown


def test_version_and_help() -> None:
    here = Path.cwd()
    assert run("--version", cwd=here).stdout.strip() == f"briefgen, version {__version__}"
    for command in ([], ["build"], ["templates"], ["templates", "show"]):
        result = run(*command, "--help", cwd=here)
        assert result.returncode == 0
        assert "Usage:" in result.stdout


def test_templates_lists_the_default(tmp_path: Path) -> None:
    result = run("templates", cwd=tmp_path)
    assert result.returncode == 0
    assert any(line.split()[0] == "daily" for line in result.stdout.splitlines())


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["build", "--format", "docx"], 2, "unknown format docx"),
        (["build", "--date", "14/04/2025"], 2, "is not a date in the form YYYY-MM-DD"),
        (["build", "--set", "novalue"], 2, "is not of the form key=value"),
        (["build", "--template", "nosuch"], 5, "Error: unknown template 'nosuch'"),
        (
            ["build", "--scorer", "nosuch"],
            2,
            "Error: Invalid value for '--scorer': 'nosuch' is not one of",
        ),
        (["build", "missing-dir", "missing.txt"], 4, "Error: only 0 usable independent source"),
        (["frobnicate"], 2, "No such command 'frobnicate'"),
    ],
)
def test_bad_arguments_exit_with_documented_codes(
    tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    result = run(*args, cwd=tmp_path)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "output").exists() or not any((tmp_path / "output").iterdir())


def test_bad_sources_are_warnings_and_the_brief_is_built_from_the_rest(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parent.parent / "briefgen" / "corpus"
    result = run("build", str(corpus), "no-such-file.txt", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "warning: no-such-file.txt: no such file or directory" in result.stderr
    record = json.loads((tmp_path / "output" / "brief.json").read_text(encoding="utf-8"))
    assert record["problems"] == [
        {"source": "no-such-file.txt", "message": "no such file or directory"}
    ]


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run("--debug", "build", "--template", "nosuch", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" in result.stderr
