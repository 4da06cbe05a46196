"""End to end on the embedded corpus: the four files, the JSON contract, the PDF's text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from briefgen import ingest
from briefgen.compose import md_escape
from briefgen.errors import InputError
from briefgen.models import Article
from briefgen.pipeline import BuildOptions, build, make_brief

DATE = "2025-04-14"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    build(BuildOptions(out=out, date=DATE), today="2000-01-01")
    return out


@pytest.fixture(scope="module")
def record(built: Path) -> dict:
    return json.loads((built / "brief.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus() -> dict[str, str]:
    texts = {}
    for article in ingest.load([str(ingest.embedded_corpus())]).articles:
        texts[article.id] = article.text
    return texts


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_build_writes_the_four_files(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == [
        "brief.html",
        "brief.json",
        "brief.md",
        "brief.pdf",
    ]
    assert all(p.stat().st_size > 0 for p in built.iterdir())


def test_json_has_the_documented_shape(record: dict) -> None:
    assert record["date"] == DATE
    assert record["generator"]["name"] == "briefgen"
    assert {s["id"] for s in record["sources"]} == {f"s{i}" for i in range(1, 6)}
    for source in record["sources"]:
        assert set(source) >= {"id", "name", "title", "url", "published", "path"}
        assert not Path(source["path"]).is_absolute()
    assert record["consensus"] and record["unique"]
    assert isinstance(record["disagreements"], list)


def test_consensus_facts_cite_two_or_more_sources_with_their_own_words(
    record: dict, corpus: dict[str, str]
) -> None:
    for fact in record["consensus"]:
        assert len(set(fact["sources"])) >= 2
        assert {e["source"] for e in fact["evidence"]} == set(fact["sources"])
        for evidence in fact["evidence"]:
            assert _flat(evidence["text"]) in _flat(corpus[evidence["source"]])


def test_every_fact_is_verbatim_from_a_cited_source(record: dict, corpus: dict[str, str]) -> None:
    for fact in record["consensus"] + record["unique"]:
        assert any(_flat(fact["text"]) in _flat(corpus[s]) for s in fact["sources"])


def test_unique_facts_cite_exactly_one_source(record: dict) -> None:
    assert all(len(f["sources"]) == 1 for f in record["unique"])


def test_markdown_lists_every_fact_with_numbered_citations(built: Path, record: dict) -> None:
    markdown = (built / "brief.md").read_text(encoding="utf-8")
    assert markdown.startswith(f"# {record['title'][:20]}")
    numbers = {s["id"]: n for n, s in enumerate(record["sources"], start=1)}
    for fact in record["consensus"]:
        head = md_escape(fact["text"])[:30]
        line = next(ln for ln in markdown.splitlines() if head in ln)
        cited: set[int] = set()  # "[1](#source-1)–[3](#source-3)" is the range 1-3
        for first, last in re.findall(r"\(#source-(\d+)\)(?:–\[\d+\]\(#source-(\d+)\))?", line):
            cited.update(range(int(first), int(last or first) + 1))
        assert cited == {numbers[s] for s in fact["sources"]}


def test_pdf_text_contains_title_and_every_consensus_sentence(built: Path, record: dict) -> None:
    reader = PdfReader(built / "brief.pdf")
    text = _flat(" ".join(page.extract_text() for page in reader.pages))
    squeeze = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", record["title"]) in squeeze
    for fact in record["consensus"]:
        assert re.sub(r"\s+", "", fact["text"]) in squeeze


def test_two_builds_are_byte_identical(tmp_path: Path, built: Path) -> None:
    build(BuildOptions(out=tmp_path, date=DATE, formats=("md", "json")), today="1999-01-01")
    for name in ("brief.md", "brief.json"):
        assert (tmp_path / name).read_bytes() == (built / name).read_bytes()


def test_fewer_than_two_usable_sources_is_an_input_error() -> None:
    lone = Article("s1", "one", "A single outlet reported that the bridge reopened on Monday.")
    with pytest.raises(InputError):
        make_brief([lone], date=DATE)


def test_identical_articles_count_as_one_voice() -> None:
    text = (
        "The city council approved the new tram line on Tuesday after a long debate. "
        "Construction is due to start in the spring and last three years."
    )
    copies = [Article(f"s{i}", f"o{i}", text) for i in (1, 2)]
    with pytest.raises(InputError):
        make_brief(copies, date=DATE)


def test_html_escapes_markup_from_articles(tmp_path: Path) -> None:
    hostile = "The mayor said <script>alert(1)</script> was found in [a link](http://x.test) today."
    base = "Officials confirmed the water plant in Norvik will reopen on Friday after repairs."
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{base}\n\n{hostile}\n", encoding="utf-8")
    (folder / "b.txt").write_text(
        "Repairs are finished and Norvik's water plant reopens Friday, according to officials. "
        "Residents were asked to boil tap water until then.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build(
        BuildOptions(sources=(str(folder),), out=out, date=DATE, formats=("md", "html")),
        today=DATE,
    )
    html = (out / "brief.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert 'href="http://x.test"' not in html


def test_text_that_was_never_split_is_no_fact_no_evidence_and_no_value() -> None:
    from briefgen.segment import LONGEST_SENTENCE

    lead = "A crane collapsed at Vesby harbour on Friday, injuring four dock workers."
    run = "Vesby harbour " + " ".join(
        ["the crane collapse injured four dock workers and police opened an inquiry"] * 60
    )
    texts = [
        f"{lead} Police opened an inquiry into the collapse on Friday.",
        f"{lead} Two cranes of the same model were taken out of service.",
        f"{lead} The harbour reopened to ships on Saturday.",
        run + ".",
    ]
    articles = [Article(f"s{k}", f"Outlet {k}", t) for k, t in enumerate(texts, 1)]
    brief = make_brief(articles, date="2026-01-01")
    assert len(run) > LONGEST_SENTENCE
    shown = [*brief.consensus, *brief.unique, *brief.partial]
    assert shown and all(len(f.text) <= LONGEST_SENTENCE for f in shown)
    assert all(len(e.text) <= LONGEST_SENTENCE for f in shown for e in f.evidence)
    assert all("s4" not in c.sources for d in brief.disagreements for c in d.claims)


def test_the_brief_title_is_a_plain_headline_before_a_shouting_one() -> None:
    from briefgen.models import Article
    from briefgen.pipeline import choose_title

    articles = [
        Article("a", "A", "x", title="CHAMPIONS! Vesby win SIXTH cup as Lind seals final"),
        Article("b", "B", "x", title="Vesby beat Ostby to win a sixth cup"),
    ]
    assert choose_title(articles, ()) == "Vesby beat Ostby to win a sixth cup"


def test_one_subject_told_in_parts_days_apart_is_briefed_whole() -> None:
    from briefgen.models import Article
    from briefgen.pipeline import one_story

    deal = [
        "Norsoft agreed on Sunday to buy Vesby Bank for 5 billion crowns, ending weeks of talks. "
        "The board of Vesby Bank backed the offer, chairman Ola Brekke said. Shares of Vesby "
        "Bank rose 12% in Ostby trading.",
        "Vesby Bank will be taken over by Norsoft in a 5 billion crown deal agreed on Sunday. "
        "Chairman Ola Brekke said the board backed the bid. Regulators in Ostby must still "
        "approve the takeover.",
        "Norsoft is buying Vesby Bank. The 5 billion crown deal was announced on Sunday after "
        "talks in Ostby. Vesby Bank chairman Ola Brekke welcomed the offer.",
    ]
    cuts = [
        "Norsoft will cut 2,000 jobs at Vesby Bank over two years, its chief executive Kari "
        "Berge said on Tuesday. The cuts follow the takeover agreed at the weekend. Unions in "
        "Ostby called the plan a betrayal.",
        "Two thousand jobs will go at Vesby Bank after its purchase by Norsoft, Kari Berge told "
        "staff on Tuesday. Union leaders in Ostby said they would fight the cuts. Berge said "
        "branches would close in the north.",
        "Kari Berge, head of Norsoft, said on Tuesday that Vesby Bank would shed 2,000 jobs. "
        "Staff were told in Ostby. The unions promised strikes against the cuts.",
    ]
    articles = [
        Article(f"d{k}", f"Deal {k}", t, published="2031-03-02") for k, t in enumerate(deal)
    ]
    articles += [
        Article(f"c{k}", f"Cuts {k}", t, published="2031-03-04") for k, t in enumerate(cuts)
    ]
    warnings: list[str] = []
    kept, left_out = one_story(articles, warnings.append)
    assert len(kept) == 6 and not left_out and not warnings  # the takeover and its job cuts
