"""The edition: stories clustered from many articles, each briefed with its own sources.

Fixtures (tests/fixtures/edition/): day1 has three invented stories of three outlets each
(a storm, a cup final with a disputed crowd figure, a council election) and two items that
one outlet alone reports; day2 continues the storm and adds an airline strike.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from datetime import UTC
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

from briefgen import ingest
from briefgen.config import parse, starter_config
from briefgen.edition import EditionOptions, build_edition
from briefgen.runner import InProcess
from briefgen.stories import features, find_stories

FIXTURES = Path(__file__).parent / "fixtures" / "edition"
DAY1, DAY2 = FIXTURES / "day1", FIXTURES / "day2"
STORIES = {
    "storm": {"storm_herald.md", "storm_times.md", "storm_wire.md"},
    "cup": {"cup_herald.md", "cup_post.md", "cup_wire.md"},
    "vote": {"vote_post.md", "vote_times.md", "vote_wire.md"},
}
SINGLES = {"bakery_post.md", "museum_herald.md"}

T = TypeVar("T")
R = TypeVar("R")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
    return subprocess.run(
        [sys.executable, "-m", "briefgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    _, head, body = path.read_text(encoding="utf-8").split("---", 2)
    return yaml.safe_load(head), body


def by_url(*folders: Path) -> dict[str, tuple[str, str]]:
    """Article URL -> (file name, body text) of the fixtures."""
    found = {}
    for folder in folders:
        for path in folder.glob("*.md"):
            meta, body = front_matter(path)
            found[meta["url"]] = (path.name, " ".join(body.split()))
    return found


def stories_by_file(record: dict[str, Any]) -> dict[frozenset[str], dict[str, Any]]:
    paths = {a["id"]: Path(a["path"]).name for a in record["articles"]}
    return {frozenset(paths[a] for a in s["articles"]): s for s in record["stories"]}


def sections(markdown: str) -> list[tuple[str, str]]:
    """(heading, body) of each level-2 section."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2], strict=True))


_CITE = re.compile(r" \[\\\[(\d+)\\\]\]\(#([\w-]+)-source-(\d+)\)")


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def check_citations(story_id: str, body: str, articles: dict[str, tuple[str, str]]) -> int:
    """Every sentence shown in a story section is verbatim in one of the sources it cites,
    and every citation points to this story's own source list; returns the citations seen."""
    listed = {}
    for number, url in re.findall(
        r"^(\d+)\. <a id=\"[\w-]+\"></a>\[[^]]+\]\(([^)]+)\)", body, re.M
    ):
        listed[int(number)] = url
    assert listed, body
    checked = 0
    for line in body.splitlines():
        cites = _CITE.findall(line)
        if not cites:
            continue
        text = line[: line.index(" [\\[")]
        text = re.sub(r"^(- |    - )", "", text)
        text = re.sub(r"^\*\*[^*]+:\*\* ", "", text)  # "**Outlet:** "
        text = text.removeprefix("**New:** ")
        text = unescape(text)
        cited = [articles[listed[int(number)]][1] for _, _, number in cites]
        for shown, anchor, number in cites:
            assert anchor == story_id and shown == number, line
            checked += 1
        if not line.startswith("    - "):  # claim lines show the value, then the sentence
            # the sentence shown is one cited source's own; the others' are its evidence
            assert any(text in source for source in cited), text
        if line.startswith("    - "):  # a disputed value's own sentence, quoted
            quoted = unescape(line.split(": “", 1)[1].rstrip("”"))
            assert quoted in articles[listed[int(cites[0][2])]][1]
    return checked


@pytest.fixture(scope="module")
def day1_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edition") / "out"
    result = run("edition", str(DAY1), "--out", str(out), "--date", "2031-05-06", cwd=out.parent)
    assert result.returncode == 0, result.stderr
    assert "stories found (5)..." in result.stderr
    assert "3 of 5 stories briefed from 11 articles" in result.stderr
    return out


def test_edition_clusters_the_fixture_stories_exactly(day1_edition: Path) -> None:
    record = json.loads((day1_edition / "edition.json").read_text(encoding="utf-8"))
    assert record["schema"] == 1 and record["kind"] == "edition"
    assert record["date"] == "2031-05-06" and record["title"] == "News edition"
    found = stories_by_file(record)
    assert set(found) == {frozenset(v) for v in STORIES.values()} | {
        frozenset({s}) for s in SINGLES
    }
    assert [s["briefed"] for s in record["stories"]] == [True, True, True, False, False]
    assert [s["rank"] for s in record["stories"]] == [1, 2, 3, 4, 5]
    for story in record["stories"]:
        assert re.fullmatch(r"st-[0-9a-f]{10}", story["id"]) and story["continuing"] is False
        expected = f"stories/{story['id']}" if story["briefed"] else None
        assert story["folder"] == expected
    for files in STORIES.values():
        story = found[frozenset(files)]
        assert story["outlets"] == sorted(front_matter(DAY1 / f)[0]["outlet"] for f in files)
        assert sorted((day1_edition / story["folder"]).iterdir()) == [
            day1_edition / story["folder"] / f"brief.{ext}" for ext in ("html", "json", "md", "pdf")
        ]
    assert {Path(a["path"]).name for a in record["articles"]} == set().union(
        *STORIES.values(), SINGLES
    )
    assert all(a["url"] and a["story"] for a in record["articles"])


def test_edition_contents_sections_and_citations(day1_edition: Path) -> None:
    markdown = (day1_edition / "edition.md").read_text(encoding="utf-8")
    record = json.loads((day1_edition / "edition.json").read_text(encoding="utf-8"))
    briefed = [s for s in record["stories"] if s["briefed"]]
    cup = stories_by_file(record)[frozenset(STORIES["cup"])]
    contents = [
        f"{n}. [{unescape_title(s['title'])}](#story-{s['id']}) — {', '.join(s['outlets'])} · "
        f"3 articles" + (" · sources differ on 1 point" if s is cup else "")
        for n, s in enumerate(briefed, start=1)
    ]
    contents.append("4. [Also reported](#also-reported) — 2 stories from one outlet")
    found = sections(markdown)
    assert found[0][0] == "Contents"
    assert [unescape(line) for line in found[0][1].strip().splitlines()] == contents
    headings = [h for h, _ in found[1:]]
    assert headings == [
        f'<a id="story-{s["id"]}"></a>{n}. {s["title"]}' for n, s in enumerate(briefed, start=1)
    ] + ['<a id="also-reported"></a>Also reported']
    articles = by_url(DAY1)
    for story, (_, body) in zip(briefed, found[1:4], strict=True):
        subsections = re.findall(r"^### (.+)$", body, flags=re.MULTILINE)
        assert subsections[-1] == "Sources" and "Only one outlet reports" in subsections
        assert check_citations(story["id"], body, articles) >= 5
        lead = body.split("\n\n")[2]
        assert _CITE.search(lead), "a story section opens with its cited lead"
        brief = json.loads(
            (day1_edition / story["folder"] / "brief.json").read_text(encoding="utf-8")
        )
        texts = {s["id"]: articles[s["url"]][1] for s in brief["sources"]}
        assert set(texts) == set(story["articles"]), "a story's brief uses its articles only"
        for fact in brief["consensus"]:  # every cited outlet's own sentence, verbatim
            assert len(fact["evidence"]) == len(fact["sources"]) >= 2
            for evidence in fact["evidence"]:
                assert evidence["text"] in texts[evidence["source"]]
    cup_body = found[1 + briefed.index(cup)][1]
    assert "### Where sources differ" in cup_body
    assert re.search(r"- 9,400 .*\n    - 9,600 ", cup_body)
    also = found[-1][1].strip().splitlines()
    assert also == [
        "- Lissenby museum reopens after repairs — "
        "[Calder Herald](https://herald.example/lissenby-museum) (2031-05-06)",
        "- Fenwick bakery wins national bread award — "
        "[Valley Post](https://post.example/fenwick-bakery) (2031-05-06)",
    ]


def unescape_title(title: str) -> str:
    return title


def test_edition_pdf_and_html_carry_every_story(day1_edition: Path) -> None:
    from pypdf import PdfReader

    record = json.loads((day1_edition / "edition.json").read_text(encoding="utf-8"))
    reader = PdfReader(BytesIO((day1_edition / "edition.pdf").read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    html = (day1_edition / "edition.html").read_text(encoding="utf-8")
    assert "contents" in text.lower() and "also reported" in text.lower()  # CSS capitals
    for story in record["stories"]:
        assert story["title"] in text
        assert story["title"] in html
    assert '<a id="also-reported"></a>' in html


def _ids(articles: Sequence[Any]) -> dict[frozenset[str], str]:
    found = find_stories(articles, [features(a) for a in articles])
    names = {a.id: Path(a.path).name for a in articles}
    return {frozenset(names[x] for x in s.articles): s.id for s in found}


def test_clustering_is_deterministic_whatever_the_input_order() -> None:
    from dataclasses import replace

    articles = ingest.load([str(DAY1)]).articles
    reordered = [replace(a, id=f"s{k}") for k, a in enumerate(reversed(articles), start=1)]
    first = _ids(articles)
    assert first == _ids(articles) == _ids(reordered)
    assert len(first) == 5


class ReversedRunner:
    """A Runner that does the work last to first (as a pool might finish it), results in
    input order as the protocol requires; its clustering takes a second thread."""

    retried = 0
    waiting_cores = 1

    def map(
        self,
        fn: Callable[[T], R],
        items: Sequence[T],
        *,
        label: str = "tasks",
        progress: Callable[[str, int, int], None] = lambda *_: None,
        heavy: bool = False,
        each: Callable[[R], object] | None = None,
    ) -> list[R]:
        results = {k: fn(items[k]) for k in reversed(range(len(items)))}
        progress(label, len(items), len(items))
        for k in range(len(items)):  # the first is in only once all are
            if each is not None:
                each(results[k])
        return [results[k] for k in range(len(items))]

    def warm(self, fn: Callable[[], object]) -> None:
        fn()

    def close(self) -> None:
        return None


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_edition_output_is_the_same_whatever_the_runner(tmp_path: Path) -> None:
    trees = []
    for runner, name in ((InProcess(), "a"), (ReversedRunner(), "b")):
        options = EditionOptions(
            sources=(str(DAY1),), out=tmp_path / name, formats=("md", "json"), date="2031-05-06"
        )
        build_edition(options, today="2031-05-06", runner=runner)
        trees.append(_tree(tmp_path / name))
    assert trees[0] == trees[1]
    assert len(trees[0]) == 2 + 3 * 2


def test_max_stories_briefs_the_top_stories_as_a_full_edition_does(tmp_path: Path) -> None:
    """With --max-stories the briefs come from a second pass (the cut needs every story's
    outlets): the same briefs, byte for byte, as the full edition's top stories."""

    def build(name: str, runner: Any, max_stories: int | None) -> dict[str, bytes]:
        options = EditionOptions(
            sources=(str(DAY1),),
            out=tmp_path / name,
            formats=("md", "json"),
            date="2031-05-06",
            max_stories=max_stories,
        )
        build_edition(options, today="2031-05-06", runner=runner)
        return _tree(tmp_path / name)

    full = build("full", InProcess(), None)
    two = build("two", InProcess(), 2)
    assert two == build("two-reversed", ReversedRunner(), 2)
    briefed = [json.loads(full["edition.json"])["stories"][k]["id"] for k in range(2)]
    story_files = {name for name in two if name.startswith("stories/")}
    assert story_files == {f"stories/{i}/brief.{f}" for i in briefed for f in ("md", "json")}
    assert all(two[name] == full[name] for name in story_files)
    record = json.loads(two["edition.json"])
    assert [s["briefed"] for s in record["stories"]] == [True, True, False, False, False]
    assert [s["outlets"] for s in record["stories"]] == [
        s["outlets"] for s in json.loads(full["edition.json"])["stories"]
    ]


def test_continuing_story_keeps_its_id_and_marks_new_facts(tmp_path: Path) -> None:
    first = build_edition(
        EditionOptions(sources=(str(DAY1),), out=tmp_path / "d1", formats=("md", "json")),
        today="2031-05-06",
    ).edition
    second = build_edition(
        EditionOptions(
            sources=(str(DAY2),),
            out=tmp_path / "d2",
            formats=("md", "json"),
            previous=tmp_path / "d1",
        ),
        today="2031-05-07",
    ).edition
    storm1 = next(s for s in first.stories if s.title.startswith("Storm Elin cuts"))
    names = {s.story.id: {Path(a.path or "").name for a in s.articles} for s in second.stories}
    storm2 = next(s for s in second.stories if "storm_herald_2.md" in names[s.story.id])
    strike = next(s for s in second.stories if "strike_wire_2.md" in names[s.story.id])
    assert storm2.story.id == storm1.story.id and storm2.story.continuing
    assert strike.story.id not in {s.story.id for s in first.stories}
    assert not strike.story.continuing
    assert storm2.brief is not None and strike.brief is not None
    old = "Storm Elin cut power to 12,000 homes in Port Calder on Tuesday night"
    facts = (*storm2.brief.consensus, *storm2.brief.unique)
    assert {f.new for f in facts if f.text.startswith(old)} == {False}
    assert any(f.new for f in facts) and all(f.new is not None for f in facts)
    assert all(f.new is None for f in (*strike.brief.consensus, *strike.brief.unique))
    markdown = (tmp_path / "d2" / "edition.md").read_text(encoding="utf-8")
    assert "· 3 articles · continuing" in markdown and "**New:**" in markdown


def test_build_warns_about_several_stories_and_briefs_the_largest(tmp_path: Path) -> None:
    result = run("build", str(DAY1), "--out", "b", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warning = next(line for line in result.stderr.splitlines() if "different stories" in line)
    assert warning.startswith("warning: these articles report 3 different stories: ")
    assert "briefgen edition" in warning
    for files in STORIES.values():
        title = front_matter(DAY1 / sorted(files)[0])[0]["title"]
        assert repr(title) in warning
    record = json.loads((tmp_path / "b" / "brief.json").read_text(encoding="utf-8"))
    used = {Path(s["path"]).name for s in record["sources"]}
    assert used in [set(v) for v in STORIES.values()]
    left = {Path(p["source"]).name for p in record["problems"]}
    assert left == set().union(*STORIES.values(), SINGLES) - used
    cited = {s for f in record["consensus"] + record["unique"] for s in f["sources"]}
    assert cited <= {s["id"] for s in record["sources"]}


def test_edition_needs_sources_and_accepts_a_single_outlet_day(tmp_path: Path) -> None:
    result = run("edition", "--out", "e", cwd=tmp_path)
    assert result.returncode == 2 and "Error: give the sources" in result.stderr
    result = run(
        "-q",
        "edition",
        str(DAY1 / "bakery_post.md"),
        "--out",
        "e",
        "--format",
        "md,json",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads((tmp_path / "e" / "edition.json").read_text(encoding="utf-8"))
    assert [s["briefed"] for s in record["stories"]] == [False]
    markdown = (tmp_path / "e" / "edition.md").read_text(encoding="utf-8")
    assert "No story was reported by enough independent outlets" in markdown


def test_edition_config_section_and_init_offer_it(tmp_path: Path) -> None:
    import tomllib

    enabled = tomllib.loads(starter_config(edition=True))
    assert enabled["edition"]["enabled"] is True
    assert tomllib.loads(starter_config())["edition"]["enabled"] is False
    config = parse({"edition": {"enabled": True, "max_stories": 5}}, base=tmp_path)
    assert config.edition.enabled and config.edition.max_stories == 5
    from briefgen.errors import ConfigError

    with pytest.raises(ConfigError) as error:
        parse({"edition": {"min_outlet": 3}}, base=tmp_path)
    assert "edition.min_outlet: unknown key (did you mean edition.min_outlets?)" in str(
        error.value.problems
    )
    result = run("init", "--edition", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\nenabled = true\n" in (tmp_path / "briefgen.toml").read_text(encoding="utf-8")


def test_daily_edition_mode_end_to_end(tmp_path: Path, mailbox: tuple[Any, int]) -> None:
    """Two days of `briefgen daily` in edition mode through a real SMTP server."""
    import shutil
    from datetime import datetime

    from conftest_smtp import parse_message
    from pypdf import PdfReader

    from briefgen.daily import DailyRequest, run_daily

    handler, port = mailbox
    articles = tmp_path / "articles"
    shutil.copytree(DAY1, articles)
    for path in DAY2.iterdir():
        shutil.copy(path, articles / path.name)
    config = parse(
        {
            "sources": {"paths": ["articles"]},
            "output": {"dir": "out", "formats": ["pdf", "json"]},
            "edition": {"enabled": True, "title": "Morning edition"},
            "email": {
                "to": ["desk@example.org"],
                "from": "briefgen@example.org",
                "smtp_host": "127.0.0.1",
                "smtp_port": port,
                "security": "none",
                "retries": 0,
                "subject": "{title} — {date} ({sources} articles)",
            },
        },
        base=tmp_path,
    )
    now = datetime(2031, 5, 6, 6, 30, tzinfo=UTC)
    first = run_daily(DailyRequest(config=config, date="2031-05-06", now=now))
    assert (first.built, first.sent) == (True, True)
    assert sorted(p.name for p in first.day.iterdir()) == [
        "edition.html",
        "edition.json",
        "edition.md",
        "edition.pdf",
        "run.json",
        "stories",
    ]
    message = parse_message(handler.messages[0].content)
    assert message["Subject"] == "Morning edition — 2031-05-06 (11 articles)"
    text = message.get_body(("plain",)).get_content()
    assert text.replace("\r\n", "\n") == (first.day / "edition.md").read_text(encoding="utf-8")
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == ["edition.pdf"]
    pdf = PdfReader(BytesIO(attachments[0].get_content()))
    assert "Morning edition" in pdf.pages[0].extract_text()
    record = json.loads((first.day / "run.json").read_text(encoding="utf-8"))
    assert record["status"] == "ok" and record["email"]["attachments"] == ["edition.pdf"]
    assert [s["briefed"] for s in record["stories"]] == [True, True, True, False, False]
    assert record["options"]["edition"]["enabled"] is True
    storm = next(s for s in record["stories"] if s["title"].startswith("Storm Elin"))

    again = run_daily(DailyRequest(config=config, date="2031-05-06", now=now))
    assert (again.built, again.sent) == (False, False) and len(handler.messages) == 1

    second = run_daily(DailyRequest(config=config, date="2031-05-07", now=now))
    assert (second.built, second.sent) == (True, True) and len(handler.messages) == 2
    record = json.loads((second.day / "run.json").read_text(encoding="utf-8"))
    assert record["previous"] == "2031-05-06"
    continuing = [s for s in record["stories"] if s["continuing"]]
    assert [s["id"] for s in continuing] == [storm["id"]]
    assert continuing[0]["new_facts"] >= 1
    edition = json.loads((second.day / "edition.json").read_text(encoding="utf-8"))
    assert {s["id"]: s["continuing"] for s in edition["stories"]}[storm["id"]] is True

    (tmp_path / "briefgen.toml").write_text(
        f'[email]\nto = ["desk@example.org"]\nfrom = "briefgen@example.org"\n'
        f'smtp_host = "127.0.0.1"\nsmtp_port = {port}\nsecurity = "none"\n',
        encoding="utf-8",
    )
    sent = run("send", str(second.day), "--dry-run", cwd=tmp_path)
    assert sent.returncode == 0, sent.stderr
    eml = parse_message((second.day / "brief.eml").read_bytes())
    assert [a.get_filename() for a in eml.iter_attachments()] == ["edition.pdf"]
    assert len(handler.messages) == 2


def test_stories_rank_by_outlets_then_latest_date_then_size(tmp_path: Path) -> None:
    from dataclasses import replace

    from briefgen.edition import make_edition

    loaded = ingest.load([str(DAY1)]).articles
    name = {a.id: Path(a.path or "").name for a in loaded}
    articles = [  # the vote loses an outlet; the cup is a day newer than the storm
        replace(a, published="2031-05-07") if name[a.id].startswith("cup") else a
        for a in loaded
        if name[a.id] != "vote_wire.md"
    ]
    options = EditionOptions(sources=(str(DAY1),), out=tmp_path, formats=("json",))
    edition = make_edition(articles, options, date="2031-05-07")
    ranked = [sorted(name[a.id] for a in s.articles)[0] for s in edition.stories]
    assert ranked[:3] == ["cup_herald.md", "storm_herald.md", "vote_post.md"]
    assert set(ranked[3:]) == SINGLES
    assert [s.rank for s in edition.stories] == [1, 2, 3, 4, 5]
    assert [s.brief is not None for s in edition.stories] == [True, True, True, False, False]


def test_a_malformed_previous_edition_seeds_nothing_harmful(tmp_path: Path) -> None:
    from briefgen.edition import seeds_of

    record = {
        "stories": [
            {"id": "../../outside", "terms": {"storm": 1.0}},
            {"id": "st-0123456789", "terms": ["not", "a", "table"], "latest": "yesterday"},
            {"id": "st-abcdefabcd", "terms": {"elin": 0.9, "bad": "x"}, "latest": "2031-05-06"},
            "not a story",
        ]
    }
    seeds = seeds_of(record)
    assert [(s.id, dict(s.terms)) for s in seeds] == [
        ("st-0123456789", {}),
        ("st-abcdefabcd", {"elin": 0.9}),
    ]
    (tmp_path / "prev").mkdir()
    (tmp_path / "prev" / "edition.json").write_text(json.dumps(record), encoding="utf-8")
    result = build_edition(
        EditionOptions(
            sources=(str(DAY1),),
            out=tmp_path / "out",
            formats=("json",),
            previous=tmp_path / "prev",
        ),
        today="2031-05-07",
    )
    assert len(result.edition.stories) == 5
    story_files = [p for p in result.files if "stories" in p.parts]
    assert story_files and all(p.parent.parent.parent == tmp_path / "out" for p in story_files)


def test_runner_tasks_and_results_are_picklable(tmp_path: Path) -> None:
    """What a distributed runner ships to workers and back: top-level functions, values."""
    import pickle

    from briefgen import ingest
    from briefgen.edition.tasks import (
        ReadTask,
        StoryTask,
        brief_story,
        read_source,
        read_sources,
        story_features,
    )
    from briefgen.runner import InProcess

    first = ReadTask(ingest.plan([str(DAY1)])[0][0], fetch=False)
    parsed = read_source(first)
    loaded = read_sources([str(DAY1)], fetch=False, runner=InProcess(), progress=lambda *a: None)
    found = story_features(loaded.articles[0])
    task = StoryTask(
        story="st-0000000000",
        articles=loaded.articles[1:4],
        date="2031-05-06",
        formats=("md", "json"),
        variables={"desk": "Night"},
    )
    outcome = brief_story(task)
    values = (read_source, story_features, brief_story, first, parsed, loaded, found, task)
    for value in (*values, outcome):
        assert pickle.loads(pickle.dumps(value)) == value
    assert outcome.brief is not None and set(outcome.files) == {"brief.md", "brief.json"}


def test_check_renders_the_edition_template_in_edition_mode(tmp_path: Path) -> None:
    from briefgen.daily import preflight

    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "edition.md.j2").write_text("# {{ edition.title }}\n{{ nope }}\n")
    good = parse({"edition": {"enabled": True}}, base=tmp_path)
    bad = parse({"edition": {"enabled": True}, "brief": {"template_dir": "mine"}}, base=tmp_path)
    ok = next(c for c in preflight(good, {}) if c.name == "templates")
    assert ok.ok and ok.detail == "daily, edition render"
    failed = next(c for c in preflight(bad, {}) if c.name == "templates")
    assert failed.exit_code == 5 and "edition.md.j2, line 2" in failed.problems[0]
