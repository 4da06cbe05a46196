"""Output: files are written atomically, and a failed render leaves the previous files alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefgen.cli import main
from briefgen.output import write_atomic, write_files


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as exc:
        main([*args])
    return int(exc.value.code or 0)


def test_write_atomic_replaces_and_leaves_no_temporary_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "brief.md"
    write_atomic(target, b"first")
    write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert os.listdir(target.parent) == ["brief.md"]


def test_write_atomic_failure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_bytes(b"good")

    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"good"
    assert os.listdir(tmp_path) == ["brief.md"]


def test_write_files_refuses_paths_outside(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="outside the output directory"):
        write_files(tmp_path, {"../escape.md": b"x"})
    assert not (tmp_path.parent / "escape.md").exists()


def test_failed_render_leaves_previous_good_files_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "out"
    base = ("build", "--out", str(out), "--date", "2031-03-04", "--format", "md,html,json")
    try:
        main(["-q", *base])
    except SystemExit as exc:
        assert not exc.code
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(before) == {"brief.md", "brief.html", "brief.json"}
    broken = tmp_path / "broken.md.j2"
    broken.write_text("# {{ brief.title }}\n{{ brief.no_such_field }}\n")
    assert run("-q", *base, "--template", str(broken)) == 5
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before
