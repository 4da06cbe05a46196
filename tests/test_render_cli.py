"""Templates and rendering through the real entry point, on the embedded corpus."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        main(list(args))
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_templates_lists_all_five(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "templates")
    assert code == 0
    names = [line.split()[0] for line in out.splitlines()]
    assert names == ["daily", "edition", "email", "executive", "full"]


def test_templates_show_prints_sources(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "templates", "show", "executive")
    assert code == 0 and out.startswith("{#\ndescription: Executive summary")
    code, out, _ = run(capsys, "templates", "show", "email")
    assert code == 0 and "---- email.txt.j2 ----" in out and "---- email.html.j2 ----" in out
    code, _, err = run(capsys, "templates", "show", "nope")
    assert code == 5 and err.startswith("Error: unknown template 'nope'")


def test_build_executive_pdf_is_one_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    for paper in ("a4", "letter"):
        out = tmp_path / paper
        args = ("-q", "build", "--out", str(out), "--date", "2031-03-04", "--format", "md,pdf")
        code, _, err = run(capsys, *args, "--template", "executive", "--paper", paper)
        assert code == 0, err
        reader = PdfReader(io.BytesIO((out / "brief.pdf").read_bytes()))
        assert len(reader.pages) == 1
        assert "Executive summary" in (out / "brief.md").read_text()


def test_build_full_and_own_template_with_set(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = ("-q", "build", "--date", "2031-03-04", "--format", "md,html")
    code, _, err = run(capsys, *args, "--out", str(tmp_path / "full"), "--template", "full")
    assert code == 0, err
    full = (tmp_path / "full" / "brief.md").read_text()
    assert "## Reported by several sources" in full and "## Sources" in full
    mine = tmp_path / "mine.md.j2"
    mine.write_text(
        "# {{ brief.title }}\n\nDesk: {{ vars.desk }}; {{ brief.consensus | length }}\n"
    )
    code, _, err = run(
        capsys, *args, "--out", str(tmp_path / "mine"), "--template", str(mine), "--set", "desk=A_B"
    )
    assert code == 0, err
    text = (tmp_path / "mine" / "brief.md").read_text()
    assert "Desk: A\\_B; " in text
    code, _, err = run(capsys, *args, "--out", str(tmp_path / "x"), "--template", str(mine))
    assert code == 5 and "mine.md.j2, line 3" in err and "desk" in err
    assert not (tmp_path / "x" / "brief.md").exists()
