"""archive: one edition per day over a range, days already done (same digest) skipped."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from briefgen.archive import assign, days_between, digest, run_archive
from briefgen.errors import InputError, UsageError
from briefgen.models import Article
from briefgen.output import write_files


def _article(n: int, day: str | None, text: str = "") -> Article:
    return Article(id=f"s{n}", name=f"outlet{n}", text=text or f"Text {n}.", published=day)


class Builder:
    """A stand-in edition that records which days it built and writes one file per day."""

    def __init__(self) -> None:
        self.built: list[str] = []

    def __call__(self, articles: Sequence[Article], day: str, folder: Path) -> list[Path]:
        self.built.append(day)
        if any("unusable" in a.text for a in articles):
            raise InputError("not enough usable sources")
        body = "\n".join(f"{a.id} {a.name} {a.text}" for a in articles)
        return write_files(folder, {"edition.md": body.encode()})


DAYS = ("2025-03-01", "2025-03-02", "2025-03-03")


def _corpus() -> list[Article]:
    return [_article(n, DAYS[n % 3]) for n in range(1, 10)] + [_article(10, None)]


def test_days_between_inclusive_and_checked() -> None:
    assert days_between("2025-02-27", "2025-03-01") == ["2025-02-27", "2025-02-28", "2025-03-01"]
    with pytest.raises(UsageError):
        days_between("2025-03-02", "2025-03-01")


def test_assign_by_publication_day_renumbers_per_day() -> None:
    articles = [*_corpus(), _article(11, "2025-04-01"), _article(12, "2025-03-02T23:10:00")]
    by_day, undated, outside = assign(articles, DAYS)
    assert (undated, outside) == (1, 1)
    assert [a.name for a in by_day["2025-03-02"]] == ["outlet1", "outlet4", "outlet7", "outlet12"]
    assert [a.id for a in by_day["2025-03-02"]] == ["s1", "s2", "s3", "s4"]


def test_digest_changes_with_inputs_settings_and_templates(tmp_path: Path) -> None:
    articles = _corpus()[:3]
    base = digest(articles, {"template": "edition"})
    assert base == digest(list(articles), {"template": "edition"})
    assert base != digest([replace(articles[0], text="Changed."), *articles[1:]], {})
    assert base != digest(articles, {"template": "other"})
    (tmp_path / "edition.md.j2").write_text("one")
    with_dir = digest(articles, {"template": "edition"}, [tmp_path])
    (tmp_path / "edition.md.j2").write_text("two")
    assert with_dir != digest(articles, {"template": "edition"}, [tmp_path])


def test_second_run_skips_everything_and_a_changed_day_alone_is_rebuilt(tmp_path: Path) -> None:
    builder = Builder()
    settings = {"template": "edition"}
    first = run_archive(
        _corpus(), start=DAYS[0], end=DAYS[-1], out=tmp_path, settings=settings, build_day=builder
    )
    assert builder.built == list(DAYS)
    assert [d.status for d in first.days] == ["built"] * 3
    assert (first.undated, first.outside) == (1, 0)
    record = json.loads((tmp_path / DAYS[1] / "run.json").read_text())
    assert record["files"] == ["edition.md"] and record["articles"] == 3
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}

    builder.built.clear()
    second = run_archive(
        _corpus(), start=DAYS[0], end=DAYS[-1], out=tmp_path, settings=settings, build_day=builder
    )
    assert builder.built == []
    assert [d.status for d in second.days] == ["skipped"] * 3
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before

    changed = [replace(a, text="A new text.") if a.id == "s4" else a for a in _corpus()]
    third = run_archive(
        changed, start=DAYS[0], end=DAYS[-1], out=tmp_path, settings=settings, build_day=builder
    )
    assert builder.built == ["2025-03-02"]  # s4 was published on the second day
    assert [d.status for d in third.days] == ["skipped", "built", "skipped"]
    assert b"A new text." in (tmp_path / "2025-03-02" / "edition.md").read_bytes()


def test_missing_output_file_or_new_settings_rebuild(tmp_path: Path) -> None:
    builder = Builder()
    kwargs = {"start": DAYS[0], "end": DAYS[-1], "out": tmp_path, "build_day": builder}
    run_archive(_corpus(), settings={}, **kwargs)  # type: ignore[arg-type]
    (tmp_path / DAYS[2] / "edition.md").unlink()
    builder.built.clear()
    run_archive(_corpus(), settings={}, **kwargs)  # type: ignore[arg-type]
    assert builder.built == [DAYS[2]]
    builder.built.clear()
    run_archive(_corpus(), settings={"max_stories": 3}, **kwargs)  # type: ignore[arg-type]
    assert builder.built == list(DAYS)


def test_a_failed_day_is_reported_and_redone_next_time(tmp_path: Path) -> None:
    builder = Builder()
    articles = [*_corpus(), _article(20, DAYS[0], "unusable")]
    result = run_archive(
        articles, start=DAYS[0], end=DAYS[-1], out=tmp_path, settings={}, build_day=builder
    )
    assert [d.status for d in result.days] == ["failed", "built", "built"]
    assert result.days[0].message == "not enough usable sources"
    assert not (tmp_path / DAYS[0] / "run.json").exists()
    builder.built.clear()
    run_archive(
        _corpus(), start=DAYS[0], end=DAYS[-1], out=tmp_path, settings={}, build_day=builder
    )
    assert builder.built == [DAYS[0]]


def test_empty_days_write_nothing(tmp_path: Path) -> None:
    builder = Builder()
    result = run_archive(
        _corpus(), start="2025-02-28", end=DAYS[0], out=tmp_path, settings={}, build_day=builder
    )
    assert [d.status for d in result.days] == ["empty", "built"]
    assert not (tmp_path / "2025-02-28").exists()


# --- through the CLI, with the real edition ---------------------------------------------

EDITION_FIXTURES = Path(__file__).parent / "fixtures" / "edition"


def three_days(folder: Path) -> Path:
    """The edition fixtures as three days: day1 copied to the day before, day1, day2."""
    sources = folder / "sources"
    sources.mkdir()
    for path in sorted((EDITION_FIXTURES / "day1").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        (sources / path.name).write_text(text, encoding="utf-8")
        early = text.replace("published: 2031-05-06", "published: 2031-05-05")
        (sources / f"early_{path.name}").write_text(early, encoding="utf-8")
    for path in sorted((EDITION_FIXTURES / "day2").glob("*.md")):
        (sources / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    return sources


def archive(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "briefgen", "archive", "sources", "--out", "arc"]
    argv += ["--from", "2031-05-05", "--to", "2031-05-07", "--format", "md,json", *args]
    result = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every day's file with its bytes and modification time (not the run's lock file)."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".briefgen.lock"
    }


def test_archive_cli_twice_does_nothing_then_rebuilds_only_the_changed_day(
    tmp_path: Path,
) -> None:
    sources = three_days(tmp_path)
    first = archive(cwd=tmp_path)
    assert "2031-05-05: building the edition of 11 articles" in first.stderr
    assert "2031-05-07: building the edition of 6 articles" in first.stderr
    assert "3 days: 3 built, 0 skipped, 0 empty, 0 failed" in first.stderr
    for day in ("2031-05-05", "2031-05-06", "2031-05-07"):
        record = json.loads((tmp_path / "arc" / day / "run.json").read_text())
        assert record["day"] == day and "edition.json" in record["files"]
        edition = json.loads((tmp_path / "arc" / day / "edition.json").read_text())
        assert edition["date"] == day
    before = snapshot(tmp_path / "arc")

    second = archive(cwd=tmp_path)
    assert "3 days: 0 built, 3 skipped, 0 empty, 0 failed" in second.stderr
    assert "building" not in second.stderr
    assert snapshot(tmp_path / "arc") == before  # not one file rewritten

    storm = sources / "storm_wire.md"  # published on 2031-05-06
    storm.write_text(storm.read_text() + "\nThe river fell back below its banks by noon.\n")
    third = archive(cwd=tmp_path)
    assert [line for line in third.stderr.splitlines() if "building" in line] == [
        "2031-05-06: building the edition of 11 articles"
    ]
    after = snapshot(tmp_path / "arc")
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed and all(name.startswith("2031-05-06/") for name in changed)
    digests = [json.loads(s["2031-05-06/run.json"][0])["digest"] for s in (before, after)]
    assert digests[0] != digests[1]
