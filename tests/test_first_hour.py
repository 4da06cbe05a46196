"""The first hour of a new user (issue 14), through the real entry point: output locations
checked before any work, hostile sources, stale files, labels, names, citations, config,
global options, progress and SMTP retries."""

from __future__ import annotations

import io
import json
import os
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest_cli import run

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
STORY = ("harbour-gazette.md", "kellby-radio.md", "valley-post.md")


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """A folder with three articles about one story (the README's example)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in STORY:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def write_config(folder: Path, text: str) -> Path:
    path = folder / "briefgen.toml"
    path.write_text(text, encoding="utf-8")
    return path


# --- output locations are checked before any work -------------------------------------


def test_build_into_a_file_is_a_one_line_error_and_the_file_is_kept(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = here / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    code, _, err = run(["build", str(articles), "--out", str(target)], capsys)
    assert code == 9
    assert f"Error: cannot write to {target}: is a file, not a directory" in err
    assert "Hint: " in err and "Traceback" not in err
    assert "loading sources" not in err  # refused before any work
    assert target.read_text(encoding="utf-8") == "keep me"

    below = target / "out"
    code, _, err = run(["build", str(articles), "--out", str(below)], capsys)
    assert code == 9
    assert f"Error: cannot write to {below}: {target} is a file, not a directory" in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_build_into_a_read_only_folder_is_a_one_line_error(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = here / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        code, _, err = run(["build", str(articles), "--out", str(locked / "out")], capsys)
    finally:
        locked.chmod(0o755)
    assert code == 9
    assert f"Error: cannot write to {locked / 'out'}: permission denied" in err


def test_daily_into_an_unwritable_output_is_an_error_and_writes_nothing(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "output").write_text("not a folder", encoding="utf-8")
    write_config(here, f'[sources]\npaths = ["{articles}"]\n[output]\nformats = ["md"]\n')
    code, _, err = run(["daily", "--no-email"], capsys)
    assert code == 9
    assert "Error: cannot write to " in err and "Traceback" not in err
    assert (here / "output").read_text(encoding="utf-8") == "not a folder"


def test_check_reports_an_unwritable_output_with_the_same_code(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "output").write_text("not a folder", encoding="utf-8")
    write_config(here, f'[sources]\npaths = ["{articles}"]\n')
    code, out, _ = run(["check"], capsys)
    assert code in (4, 6, 9)  # the first failing check decides; the output line is there
    assert "FAIL output: cannot write to " in out


# --- hostile sources ----------------------------------------------------------------------


def test_deeply_nested_json_is_a_problem_and_the_brief_is_built(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (articles / "deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    code, _, err = run(["build", str(articles), "--format", "json"], capsys)
    assert code == 0, err
    assert "warning: " in err and "deep.json: JSON is nested too deeply to read" in err
    record = json.loads((here / "output" / "brief.json").read_text(encoding="utf-8"))
    assert any(p["source"].endswith("deep.json") for p in record["problems"])


def test_a_link_out_of_the_source_folder_is_skipped_unless_asked(
    articles: Path, here: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(
        "Kellby Water said the burst water main left 2,300 homes without water and the "
        "secret password is swordfish, according to a private note.\n",
        encoding="utf-8",
    )
    (articles / "zz-link.txt").symlink_to(secret)
    code, _, err = run(["build", str(articles), "--format", "md,json"], capsys)
    assert code == 0, err
    assert "zz-link.txt: skipped: a link to" in err and "--follow-links" in err
    assert "swordfish" not in (here / "output" / "brief.md").read_text(encoding="utf-8")
    record = json.loads((here / "output" / "brief.json").read_text(encoding="utf-8"))
    assert not any((s["path"] or "").endswith("zz-link.txt") for s in record["sources"])

    code, _, err = run(["build", str(articles), "--format", "json", "--follow-links"], capsys)
    assert code == 0, err
    record = json.loads((here / "output" / "brief.json").read_text(encoding="utf-8"))
    assert any((s["path"] or "").endswith("zz-link.txt") for s in record["sources"])


@pytest.fixture
def dribbling_server() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that sends its headers, then one byte every 50 ms."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
            )
            while not stop.wait(0.05):
                try:
                    conn.sendall(b"a")
                except OSError:
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/story"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


def test_a_dribbling_server_is_given_up_after_the_url_deadline(
    articles: Path, here: Path, dribbling_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["build", str(articles), dribbling_server, "--format", "json", "--url-deadline", "1"]
    code, _, err = run(args, capsys)
    assert code == 0, err
    assert f"warning: {dribbling_server}: gave up after 1 s (the time limit for one URL)" in err


def test_url_deadline_and_follow_links_are_settings_too(tmp_path: Path) -> None:
    from briefgen.config import loads

    config = loads("[sources]\nurl_deadline = 2.5\nfollow_links = true\n", base=tmp_path)
    assert config.sources.url_deadline == 2.5 and config.sources.follow_links is True


def test_choices_in_the_config_file_ignore_case_like_the_flags(tmp_path: Path) -> None:
    from briefgen.config import loads

    config = loads('[output]\nformats = ["MD"]\n[brief]\npaper = "A4"\n', base=tmp_path)
    assert (config.output.formats, config.brief.paper) == (("md",), "a4")


def test_leftover_temporary_files_are_removed_by_the_next_run(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = here / "output"
    out.mkdir()
    leftovers = [out / ".brief.md.k3j_x9a2.tmp", out / ".brief.pdf.abcdefgh.tmp"]
    for path in leftovers:
        path.write_bytes(b"half a brief")
    (out / ".mine.tmp").write_bytes(b"not briefgen's")
    code, _, err = run(["build", str(articles), "--format", "md"], capsys)
    assert code == 0, err
    assert not any(p.exists() for p in leftovers)
    assert (out / ".mine.tmp").read_bytes() == b"not briefgen's"

    day = out / "2031-05-06"
    day.mkdir()
    (day / ".run.json.a1b2c3d4.tmp").write_bytes(b"{")
    write_config(here, f'[sources]\npaths = ["{articles}"]\n[output]\nformats = ["md"]\n')
    code, _, err = run(["daily", "--no-email", "--date", "2031-05-06"], capsys)
    assert code == 0, err
    assert not (day / ".run.json.a1b2c3d4.tmp").exists()
    assert "removed .run.json.a1b2c3d4.tmp, left by an interrupted run" in err


def test_building_fewer_formats_removes_the_earlier_briefs_other_files(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = here / "output"
    out.mkdir()
    for name in ("brief.html", "brief.json", "brief.pdf"):
        (out / name).write_bytes(b"another story")
    (out / "notes.txt").write_bytes(b"mine")
    code, _, err = run(["build", str(articles), "--format", "md"], capsys)
    assert code == 0, err
    assert sorted(p.name for p in out.iterdir()) == ["brief.md", "notes.txt"]
    assert "removed brief.html, brief.pdf, brief.json of an earlier brief" in err


# --- labels, speakers, names, citations ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "speaker"),
    [
        ("The Hollin Fire Service said it received the first call at about 3:40 a.m.",
         "attributed", "the Hollin Fire Service"),
        ("The council said the road could stay closed", "attributed", "the council"),
        ("The road could stay closed until Friday.", "hedged", None),
        ("The council reportedly said the road could stay closed.", "hedged", None),
        ("The claim could not be independently verified.", "hedged", None),
    ],
)  # fmt: skip
def test_attributed_statements_are_not_unconfirmed(
    text: str, label: str, speaker: str | None
) -> None:
    from briefgen.analysis import attribution

    found = attribution(text)
    assert (found.label, found.speaker) == (label, speaker)


def test_templates_say_who_said_it_and_unconfirmed_only_for_hedges() -> None:
    from briefgen.compose import compose
    from briefgen.models import Article, Brief, Evidence, Fact
    from briefgen.pipeline import label

    def fact(text: str, *others: str) -> Fact:
        evidence = tuple(Evidence(f"s{i}", t) for i, t in enumerate((text, *others), start=1))
        return label(Fact(text, "s1", ("s1", "s2"), evidence, 1.0, 2))

    sources = (Article("s1", "Hollin Post", ""), Article("s2", "Radio Hollin", ""))
    flat = fact(
        "The first call came at about 3:40 a.m.",
        "The fire service said it received the first call at about 3:40 a.m.",
    )
    own = fact(
        "The council said the road could stay closed.",
        "Officials said the road could stay closed.",
    )
    hedged = fact("The fire was reportedly started by a heater.", "A heater started the fire.")
    brief = Brief("Fire", "2031-05-06", sources, consensus=(flat, own, hedged), unique=())
    text = compose(brief, "daily")
    assert "The first call came at about 3:40 a.m." in text
    assert "*(according to the fire service)*" in text
    assert "could stay closed. \\[[1](#source-1), [2](#source-2)\\]\n" in text  # says who
    assert text.count("*(unconfirmed)*") == 1
    assert "heater. \\[[1](#source-1), [2](#source-2)\\] *(unconfirmed)*" in text


def test_a_role_before_the_name_is_not_the_speaker(make_article) -> None:  # type: ignore[no-untyped-def]
    from briefgen.analysis import find_quotes
    from briefgen.segment import segment

    text = "“We will rebuild the plant this year,” said Redfern managing director Tom Ashby."
    articles = [make_article("s1", text)]
    quotes = find_quotes(segment(articles), articles)
    assert [q.speaker for q in quotes] == ["Tom Ashby"]


def test_sources_are_never_named_by_a_hash_like_file_name(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = here / "export"
    folder.mkdir()
    bodies = [(EXAMPLES / name).read_text(encoding="utf-8").split("---\n", 2)[2] for name in STORY]
    names = ["000_13b9cff4182440d9.txt", "001_a8fcbbe924dc534f.txt", "002_a697c9b57ae07172.txt"]
    for name, body in zip(names, bodies, strict=True):
        (folder / name).write_text(body.strip() + "\n", encoding="utf-8")
    (folder / "sources.toml").write_text(
        '["002_a697c9b57ae07172.txt"]\nurl = "https://www.valley-post.example/water"\n',
        encoding="utf-8",
    )
    code, _, err = run(["build", str(folder), "--format", "md,json"], capsys)
    assert code == 0, err
    record = json.loads((here / "output" / "brief.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in record["sources"]] == [
        "Source 1",
        "Source 2",
        "valley-post.example",
    ]
    markdown = (here / "output" / "brief.md").read_text(encoding="utf-8")
    assert "13b9cff4182440d9" not in markdown and "a8fcbbe9" not in markdown


def test_citations_stay_readable_at_any_count_and_every_source_is_reachable() -> None:
    from briefgen.compose import Context, compose
    from briefgen.models import Article, Brief, Evidence, Fact
    from briefgen.pipeline import numbered

    sources = numbered(  # every tenth source states no name: the brief numbers it
        [
            Article(
                f"s{i}", "" if i % 10 == 0 else f"Outlet {i % 3}", "", url=f"https://n{i}.example"
            )
            for i in range(1, 41)
        ]
    )
    cited = tuple(f"s{i}" for i in (*range(1, 5), 7, *range(9, 40)))
    evidence = tuple(Evidence(s, "Forty outlets report the bridge closed.") for s in cited)
    fact = Fact("Forty outlets report the bridge closed.", "s1", cited, evidence, 1.0, 35)
    brief = Brief("Bridge", "2031-05-06", sources, consensus=(fact,), unique=())
    context = Context(brief, {})
    assert context.cite_text(fact) == "[1–4, 7, 9–39]"
    few = Fact("x", "s1", ("s1", "s3", "s5", "s7", "s9", "s11", "s13", "s15"), (), 1.0, 8)
    assert context.cite_text(few) == "[1, 3, 5, 7, 9, 11 and 2 more]"
    text = compose(brief, "daily")
    assert (
        "\\[[1](#source-1)–[4](#source-4), [7](#source-7), [9](#source-9)–[39](#source-39)\\]"
        in (text)
    )
    for n in range(1, 41):  # every source keeps its anchor and its link in the compact list
        assert f'<a id="source-{n}"></a>[{n}](https://n{n}.example)' in text
    assert text.count("\n- **Outlet ") == 3  # one line per outlet name
    assert "\n- **Other sources** (4): " in text  # sources known only by their number


# --- commands that agree -----------------------------------------------------------------


def test_build_reads_briefgen_toml_and_flags_override_it(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(
        here,
        '[output]\ndir = "briefs"\nformats = ["md"]\n'
        '[brief]\ntitle = "From the config"\npaper = "letter"\n',
    )
    code, _, err = run(["build", str(articles), "--date", "2031-05-06"], capsys)
    assert code == 0, err
    assert sorted(p.name for p in (here / "briefs").iterdir()) == ["brief.md"]
    assert (here / "briefs" / "brief.md").read_text().startswith("# From the config\n")

    code, _, err = run(["build", str(articles), "--title", "From a flag", "--out", "x"], capsys)
    assert code == 0, err
    assert (here / "x" / "brief.md").read_text().startswith("# From a flag\n")

    other = here / "elsewhere"
    other.mkdir()
    write_config(other, '[output]\nformats = ["json"]\n')
    code, _, err = run(["build", str(articles), "--config", str(other / "briefgen.toml")], capsys)
    assert code == 0, err
    assert sorted(p.name for p in (other / "output").iterdir()) == ["brief.json"]


def test_check_applies_the_daily_filters_and_counts_todays_articles(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in STORY:  # every article dated a day other than the one checked
        path = articles / name
        path.write_text(
            path.read_text().replace("---\n", "---\npublished: 2031-05-05\n", 1), encoding="utf-8"
        )
    write_config(here, f'[sources]\npaths = ["{articles}"]\n[output]\nformats = ["md"]\n')
    code, out, _ = run(["check", "--date", "2031-05-06"], capsys)
    assert code == 4
    assert "articles/harbour-gazette.md: left out: published 2031-05-05, not 2031-05-06" in out
    assert "FAIL sources: 0 usable article(s) for 2031-05-06; a brief needs at least 2" in out
    code, out, _ = run(["check", "--date", "2031-05-05"], capsys)
    assert "ok   sources: 3 article(s) for 2031-05-05 (3 readable, 0 left out" in out


def test_daily_dry_run_without_email_settings_writes_brief_eml(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_config(here, f'[sources]\npaths = ["{articles}"]\n[output]\nformats = ["md", "pdf"]\n')
    code, _, err = run(["daily", "--dry-run", "--date", "2031-05-06"], capsys)
    assert code == 0, err
    eml = here / "output" / "2031-05-06" / "brief.eml"
    message = eml.read_text(encoding="utf-8")
    assert "To: reader@example.invalid" in message and "brief.pdf" in message
    assert "placeholder addresses" in err


def test_daily_in_an_empty_folder_points_to_init_and_leaves_nothing(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["daily"], capsys)
    assert code == 3
    assert "Error: sources.paths: no sources configured" in err
    assert "briefgen init" in err
    assert list(here.iterdir()) == []


def test_global_options_after_the_command_and_case_insensitive_choices(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["build", str(articles), "-q", "--paper", "A4", "--format", "MD", "--scorer", "LexRank"],
        capsys,
    )
    assert code == 0, err
    assert err == ""  # -q after the command: no progress, no summary
    code, out, _ = run(["build", "--help"], capsys)
    assert "[default: lexrank]" in " ".join(out.split())
    code, _, err = run(["check", "-v", "--config", str(here / "missing.toml")], capsys)
    assert "No such option" not in err


def test_the_help_lists_the_real_scorers() -> None:
    from briefgen.cli import DEFAULT_SCORER, SCORER_NAMES
    from briefgen.score import DEFAULT_SCORER as REAL_DEFAULT
    from briefgen.score import SCORERS

    assert set(SCORER_NAMES) == set(SCORERS) and DEFAULT_SCORER == REAL_DEFAULT


# --- progress -----------------------------------------------------------------------------


def test_progress_is_plain_lines_off_a_terminal_and_nothing_with_q(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["build", str(articles), "--format", "md"], capsys)
    assert code == 0, err
    lines = err.splitlines()
    assert lines[:3] == ["loading sources (3)...", "cleaning articles...", "splitting sentences..."]
    assert "scoring sentences..." in lines and "composing the brief..." in lines
    code, _, err = run(["-q", "build", str(articles), "--format", "md"], capsys)
    assert err == ""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_a_bar_with_counts() -> None:
    from briefgen.progress import display

    screen = Terminal()
    show = display(screen)
    for done in range(4):
        show("loading sources", done, 3)
    show("scoring sentences")
    show.close()
    text = screen.getvalue()
    assert "loading sources" in text and "3/3" in text and "100%" in text
    assert "scoring sentences" in text


# --- SMTP retries ---------------------------------------------------------------------------


def test_smtp_retries_say_which_attempt_failed_and_when_the_next_comes(
    articles: Path, here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:  # a port nothing listens on: connections are refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    write_config(
        here,
        f'[sources]\npaths = ["{articles}"]\n[output]\nformats = ["md", "pdf"]\n'
        f'[email]\nto = ["desk@example.org"]\nfrom = "briefs@example.org"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsecurity = "none"\nretries = 1\n',
    )
    code, _, err = run(["-q", "daily", "--date", "2031-05-06"], capsys)
    assert code == 7
    assert "email: attempt 1 of 2 failed (" in err and "trying again in 2 s" in err
    assert "gave up after 2 attempts" in err


def test_every_paper_option_ignores_case(here: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("build", "edition", "archive"):
        code, _, err = run([command, "missing-folder", "--paper", "LETTER"], capsys)
        assert "--paper" not in err, (command, err)  # the value is taken; the source is not
        code, _, err = run([command, "missing-folder", "--paper", "A5"], capsys)
        assert code == 2 and "'A5' is not one of" in err, (command, err)


def test_an_edition_of_no_readable_article_is_an_error_and_writes_nothing(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["edition", "missing-folder", "--out", "out"], capsys)
    assert code == 4
    assert "Error: no usable articles" in err
    assert not (here / "out").exists()


def test_one_outlet_in_four_hedging_does_not_make_a_fact_unconfirmed() -> None:
    from briefgen.models import Evidence, Fact
    from briefgen.pipeline import label

    def fact(*texts: str) -> Fact:
        evidence = tuple(Evidence(f"s{i}", t) for i, t in enumerate(texts, start=1))
        return label(Fact(texts[0], "s1", tuple(e.source for e in evidence), evidence, 1.0, 4))

    plain = "The Hollin bridge reopened to traffic on Monday."
    others = ("The bridge in Hollin reopened on Monday.", "Hollin's bridge reopened Monday.")
    aside = "The Hollin bridge, which may be widened next year, reopened on Monday."
    assert fact(plain, *others, aside).attribution == "asserted"
    assert fact(plain, aside, aside.replace("may", "could")).attribution == "hedged"  # most hedge
    assert fact("The bridge reportedly reopened on Monday.", *others).attribution == "hedged"
