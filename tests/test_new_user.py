"""A new user's mistakes (issue: QA round 4), through the real entry point: each is a clear
``Error:`` with a hint and an exit code, found before any work, and nothing is written."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from conftest_cli import run

STORY = {
    "post.md": (
        "---\ntitle: Crane falls at Vesby harbour\noutlet: Norland Post\n---\n"
        "A container crane collapsed at Vesby harbour on Friday, injuring four dock workers, "
        "the fire service said.\n\nPolice have opened an investigation into the collapse.\n\n"
        "Harbour director Lena Marstrand said the eastern terminal was closed until Monday.\n"
    ),
    "times.md": (
        "---\ntitle: Four hurt as Vesby crane collapses\noutlet: Kellby Times\n---\n"
        "Four dock workers were injured on Friday when a container crane collapsed at Vesby "
        "harbour, the fire service said.\n\nPolice have opened an investigation into the "
        "collapse.\n\nThe dockworkers union said it had warned about crane maintenance.\n"
    ),
}


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in STORY.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ["edition", "email", "nonesuch"])
def test_a_template_a_brief_cannot_use_is_an_error_before_any_work(
    name: str, articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, _, err = run(["build", str(articles), "--out", str(out), "--template", name], capsys)
    assert code == 5
    assert "Error: " in err and "Hint: " in err and "Traceback" not in err
    assert "loading sources" not in err  # refused before the sources are read
    assert not out.exists() or not any(out.iterdir())
    if name == "edition":
        assert "briefgen edition" in err
        assert "'edition' is undefined" not in err
    if name != "nonesuch":  # the hint offers only templates a brief can use
        hint = err.split("Hint: ", 1)[1]
        assert "daily" in hint and "edition," not in hint and "edition\n" not in hint


def test_a_template_variable_left_unset_says_how_to_set_it(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "mine.md.j2"
    mine.write_text("# {{ brief.title }}\n\nFor the {{ vars.desk }} desk.\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run(["-q", "build", str(articles), "--out", str(out), "--template", str(mine)],
                       capsys)  # fmt: skip
    assert code == 5
    assert "Error: mine.md.j2, line 3: 'dict object' has no attribute 'desk'" in err
    assert "Hint: " in err and "--set NAME=VALUE" in err
    assert not out.exists() or not any(out.iterdir())

    broken = tmp_path / "broken.md.j2"
    broken.write_text("# {{ brief.title }\n", encoding="utf-8")
    code, _, err = run(["-q", "build", str(articles), "--out", str(out), "--template", str(broken)],
                       capsys)  # fmt: skip
    assert code == 5
    assert "Error: broken.md.j2, line 1: " in err and "Hint: " in err


def test_options_that_empty_the_brief_are_warned_and_the_brief_does_not_lie(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, _, err = run(["-q", "build", str(articles), "--out", str(out), "--words", "3"], capsys)
    assert code == 0
    assert "warning: --words 3 leaves room for no fact" in err

    code, _, err = run(["-q", "build", str(articles), "--out", str(out), "--min-sources", "3",
                        "--format", "md,json"], capsys)  # fmt: skip
    assert code == 0
    assert "warning: --min-sources 3 asks more than the 2 independent sources give" in err
    markdown = (out / "brief.md").read_text(encoding="utf-8")
    # both outlets report the collapse: the brief must not say no fact had a second source
    assert "No fact was reported by more than one independent source." not in markdown
    assert "No fact was reported by as many independent sources as this brief requires." in (
        markdown
    )

    code, _, err = run(["-q", "build", str(articles), "--out", str(out)], capsys)
    assert code == 0 and "warning" not in err


def test_a_latin1_article_keeps_its_accented_names(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sentence = "Harbour director Søren Ærø said the pier café at Vesby would reopen on Monday."
    post = articles / "post.md"
    post.write_text(post.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    times = STORY["times.md"].split("---\n", 2)[2]  # a plain-text copy, saved as Latin-1
    (articles / "times.md").unlink()
    (articles / "times.txt").write_bytes(
        f"Source: Kellby Times\n\n{times}\n{sentence}\n".encode("latin-1")
    )
    out = tmp_path / "out"
    code, _, err = run(["-q", "build", str(articles), "--out", str(out), "--format", "json"],
                       capsys)  # fmt: skip
    assert code == 0, err
    record = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    names = {s["id"]: s["name"] for s in record["sources"]}
    evidence = [
        e["text"] for f in record["consensus"] for e in f["evidence"]
        if names[e["source"]] == "Kellby Times"
    ]  # fmt: skip
    assert any("Søren Ærø" in text and "café" in text for text in evidence), evidence


def test_a_file_named_twice_is_read_once(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    post = articles / "post.md"
    code, _, err = run(["-q", "build", str(post), str(articles), f"{articles}/../articles/post.md",
                        "--out", str(out), "--format", "json"], capsys)  # fmt: skip
    assert code == 0, err
    record = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert sorted(s["name"] for s in record["sources"]) == ["Kellby Times", "Norland Post"]
    assert all(s["duplicate_of"] is None for s in record["sources"])


def test_two_copies_of_one_article_say_why_they_are_not_enough(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (articles / "times.md").unlink()
    (articles / "again.md").write_text(STORY["post.md"], encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run(["-q", "build", str(articles), "--out", str(out)], capsys)
    assert code == 4
    assert "Error: only 1 usable independent source(s) (1 more read but a copy of another)" in err
    assert "Hint: " in err and "copies of one article count once" in err
    assert not out.exists()


def test_a_daily_run_that_cannot_send_says_the_brief_is_kept_and_sent_next_time(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port on 127.0.0.1 that nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "briefgen.toml"
    config.write_text(
        f'[sources]\npaths = ["{articles}"]\n[output]\ndir = "{tmp_path / "out"}"\n'
        'formats = ["md"]\n[email]\nto = ["desk@example.org"]\nfrom = "b@example.org"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsecurity = "none"\nretries = 0\n',
        encoding="utf-8",
    )
    args = ["-q", "daily", "--config", str(config), "--date", "2031-05-06"]
    code, _, err = run(args, capsys)
    assert code == 7
    assert f"Error: cannot connect to 127.0.0.1:{port}" in err
    day = tmp_path / "out" / "2031-05-06"
    assert f"Hint: the brief is kept in {day}" in err
    assert (day / "brief.md").is_file()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--template", "daily"], "Error: 'daily' writes one story's brief, not an edition"),
        (["--story-template", "edition"], "Error: 'edition' writes the edition of every story"),
        (["--template", "nonesuch"], "Error: unknown template 'nonesuch'"),
    ],
)
def test_an_edition_with_the_wrong_template_stops_before_any_work(
    flags: list[str], message: str, articles: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "edition"
    code, _, err = run(["edition", str(articles), "--out", str(out), *flags], capsys)
    assert code == 5
    assert message in err and "Hint: " in err
    assert "sources read" not in err and "is undefined" not in err
    assert not out.exists()


def test_an_edition_of_no_usable_source_says_why_in_the_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = tmp_path / "missing.md"
    out = tmp_path / "edition"
    code, _, err = run(["-q", "edition", str(empty), str(missing), "--out", str(out)], capsys)
    assert code == 4
    assert f"{empty}: directory holds no usable articles" in err.split("Hint:")[0]
    assert f"{missing}: no such file or directory" in err.split("Hint:")[0]
    assert not out.exists()


def test_a_settings_file_with_broken_toml_says_where_and_how(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "briefgen.toml"
    config.write_text("[brief\nmin_sources = 2\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run(["build", str(articles), "--config", str(config), "--out", str(out)],
                       capsys)  # fmt: skip
    assert code == 3
    assert f"Error: {config}: invalid TOML: " in err and "(at line 1, column 7)" in err
    assert "Hint: " in err and "briefgen init" in err
    assert not out.exists()


def test_daily_edition_mode_with_a_brief_template_as_edition_template_stops_early(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "briefgen.toml"
    config.write_text(
        f'[sources]\npaths = ["{articles}"]\n[output]\ndir = "{tmp_path / "out"}"\n'
        '[edition]\nenabled = true\ntemplate = "daily"\n',
        encoding="utf-8",
    )
    code, out, _ = run(["check", "--config", str(config), "--date", "2031-05-06"], capsys)
    assert code == 5
    assert "FAIL templates: 'daily' writes one story's brief, not an edition" in out
    args = ["daily", "--config", str(config), "--date", "2031-05-06", "--no-email"]
    code, _, err = run(args, capsys)
    assert code == 5
    assert "Error: 'daily' writes one story's brief, not an edition" in err
    assert "loading sources" not in err and "is undefined" not in err
    assert not list((tmp_path / "out" / "2031-05-06").glob("edition.*"))


def test_a_brief_written_into_its_source_folder_is_not_read_back_as_an_article(
    articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["-q", "build", str(articles), "--out", str(articles), "--format", "md,html,json"]
    for _ in range(2):  # the second run finds the first run's brief.* in the folder
        code, _, err = run(args, capsys)
        assert code == 0, err
        assert "brief.json" not in err
    record = json.loads((articles / "brief.json").read_text(encoding="utf-8"))
    assert sorted(s["name"] for s in record["sources"]) == ["Kellby Times", "Norland Post"]
    assert max(f["support"] for f in record["consensus"]) == 2


def test_an_edition_written_into_its_source_folder_is_not_read_back(
    articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["-q", "edition", str(articles), "--out", str(articles), "--format", "md,html,json"]
    for _ in range(2):
        code, _, err = run(args, capsys)
        assert code == 0, err
        assert "edition.json" not in err
    record = json.loads((articles / "edition.json").read_text(encoding="utf-8"))
    assert len(record["articles"]) == 2
