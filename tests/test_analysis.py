"""Analyses on hand-written mini-corpora: disagreements, updates, quotes, figures, timeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.analysis import attribution, find_disagreements, find_quotes, key_figures, timeline
from briefgen.analysis.values import mentions, parse_iso, resolve
from briefgen.models import Article, Disagreement
from briefgen.segment import segment

FIXTURES = Path(__file__).parent / "fixtures" / "analysis"


def load(name: str) -> list[Article]:
    gold = json.loads((FIXTURES / name / "gold.json").read_text(encoding="utf-8"))
    return [
        Article(
            a["id"],
            a["file"],
            (FIXTURES / name / a["file"]).read_text(encoding="utf-8"),
            published=a["published"],
        )
        for a in gold["articles"]
    ]


def partition(d: Disagreement) -> set[frozenset[str]]:
    return {frozenset(c.sources) for c in d.claims}


@pytest.fixture(scope="module")
def fire() -> tuple[list[Article], tuple[Disagreement, ...]]:
    articles = load("fire")
    return articles, find_disagreements(segment(articles), articles)


def test_no_sentences_give_nothing() -> None:
    assert find_disagreements((), ()) == ()
    assert find_quotes((), ()) == ()
    assert key_figures((), ()) == ()
    assert timeline((), ()) == ()


def test_same_number_written_differently_is_one_value() -> None:
    a = mentions("Damage could reach $4.5 million, or 1.5 thousand jobs and 15 GW.")
    b = mentions("Damage could reach $4,500,000, or 1,500 jobs and 15 gigawatts.")
    assert [(m.value, m.unit) for m in a] == [(m.value, m.unit) for m in b]


def test_weekday_resolves_against_publication_only() -> None:
    (wednesday,) = mentions("They met on Wednesday.")
    assert resolve(wednesday, parse_iso("2026-03-05")).isoformat() == "2026-03-04"  # type: ignore[union-attr]
    assert resolve(wednesday, None) is None


def test_weekday_conflict_is_found_with_resolved_dates(fire: tuple) -> None:
    _, found = fire
    dates = [d for d in found if d.kind == "date" and "night" in d.about]
    assert len(dates) == 1
    assert partition(dates[0]) == {frozenset({"s1", "s3"}), frozenset({"s2"})}
    assert dates[0].claims[0].value.startswith("2026-03-03")


def test_count_conflict_lists_every_version_with_its_sentence(fire: tuple) -> None:
    _, found = fire
    (numbers,) = [d for d in found if d.kind == "number"]
    assert {c.value for c in numbers.claims} == {"140", "160"}
    assert all(c.value in c.text for c in numbers.claims)


def test_amount_in_three_spellings_is_not_a_disagreement(fire: tuple) -> None:
    _, found = fire
    assert not any("damage" in c.text for d in found for c in d.claims)


def test_speaker_disagreement(fire: tuple) -> None:
    _, found = fire
    (speaker,) = [d for d in found if d.kind == "speaker"]
    assert partition(speaker) == {frozenset({"s1", "s2"}), frozenset({"s3"})}


def test_update_over_time_is_labelled_not_a_conflict() -> None:
    articles = load("election")
    found = find_disagreements(segment(articles), articles)
    kinds = {d.kind: partition(d) for d in found}
    assert kinds["update"] == {frozenset({"e1"}), frozenset({"e2"})}
    assert kinds["number"] == {frozenset({"e1", "e3"}), frozenset({"e2"})}
    assert len(found) == 2  # "Tuesday" = "November 3" and "61%" = "61 percent" agree


def test_copies_never_disagree_with_their_original() -> None:
    articles = load("election")
    found = find_disagreements(segment(articles), articles, {"e1": "e1", "e2": "e1", "e3": "e3"})
    assert not any(d.kind == "update" for d in found)


def test_quote_merged_across_sources_with_variant() -> None:
    articles = load("election")
    (quote,) = find_quotes(segment(articles), articles)
    assert quote.speaker == "Santos"
    assert quote.sources == ("e1", "e2", "e3")
    assert [v.source for v in quote.variants] == ["e3"]


def test_quote_speaker_forms_and_pronoun() -> None:
    text = (
        "Mayor Ann Cole visited the site.\n\n"
        "She said: “We will rebuild the school.” “Every family will get help,” she added.\n\n"
        "According to the fire service, “the roof collapsed within minutes.”"
    )
    articles = [Article("a", "a", text)]
    quotes = {q.text: q.speaker for q in find_quotes(segment(articles), articles)}
    assert quotes["We will rebuild the school."] == "Ann Cole"
    assert quotes["Every family will get help"] == "Ann Cole"
    assert quotes["the roof collapsed within minutes."] == "the fire service"


def test_figures_merge_sources_and_skip_trivia() -> None:
    articles = load("fire")
    figures = {f.normalized: f.sources for f in key_figures(segment(articles), articles)}
    assert figures["USD 4,500,000"] == ("s1", "s2", "s3")
    assert figures["12"] == ("s1", "s3")
    assert "9" not in figures  # "nine hours" is written in words


def test_timeline_orders_resolved_first_and_marks_unresolved() -> None:
    articles = load("fire")
    events = timeline(segment(articles), articles)
    dates = [e.date for e in events]
    resolved = [d for d in dates if d]
    assert resolved == sorted(resolved) == ["2026-03-03", "2026-03-04", "2026-03-16"]
    assert dates[len(resolved) :] == [None, None]
    assert [e.label for e in events if not e.resolved] == ["March 3", "March 18"]


@pytest.mark.parametrize(
    ("text", "label", "phrase"),
    [
        ("The fire started after midnight, the fire chief said on Tuesday.", "attributed",
         "the fire chief said on Tuesday"),
        ("According to police, 12 workers were injured.", "attributed", "According to police"),
        ("Officials said the plant had passed inspection.", "attributed", "Officials said"),
        ("The fire may have started in the paint shop.", "hedged", "may"),
        ("The plant is expected to reopen next month.", "hedged", "is expected to"),
        ("The storm reportedly flattened 40 homes.", "hedged", "reportedly"),
        ("Firefighters battled the blaze for six hours.", "asserted", None),
    ],
)  # fmt: skip
def test_attribution(text: str, label: str, phrase: str | None) -> None:
    found = attribution(text)
    assert (found.label, found.phrase) == (label, phrase)


def test_currency_words_are_units() -> None:
    from briefgen.analysis.values import mentions

    found = mentions("The bank paid 4 billion Swiss francs ($4.4 billion) and 500 million yen.")
    assert [(m.value, m.unit) for m in found] == [(4e9, "CHF"), (4.4e9, "USD"), (5e8, "JPY")]


def test_a_range_is_two_bounds_in_one_unit_and_an_ordinal_is_no_count() -> None:
    low, high = mentions("Polls gave her between 47% and 52% of the vote.")
    assert (low.value, low.unit, low.qualifier) == (47.0, "%", "min")
    assert (high.value, high.unit, high.qualifier) == (52.0, "%", "max")
    low, high = mentions("She has 47 to 49% of the vote.")
    assert (low.unit, low.qualifier, high.qualifier) == ("%", "min", "max")
    assert [m.text for m in mentions("Rain stopped play in the 31st over.")] == []
