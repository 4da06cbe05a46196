"""The symmetric same-fact read (briefgen.score.same), fitted on MSRP train pairs."""

from __future__ import annotations

from briefgen.score import match, same
from briefgen.segment import words

WEIGHTS = match.idf_weights([])  # every term weighs the same


def _same(a: str, b: str) -> bool:
    return same.same(a, words(a), b, words(b), WEIGHTS)


def test_a_sentence_reworded_says_the_same() -> None:
    assert _same(
        "Rescuers pulled 12 survivors from the collapsed hotel in Ostby on Sunday.",
        "On Sunday rescuers pulled 12 survivors from the hotel that collapsed in Ostby.",
    )


def test_another_figure_or_another_story_is_not_the_same() -> None:
    a = "Rescuers pulled 12 survivors from the collapsed hotel in Ostby on Sunday."
    assert not _same(a, "Rescuers pulled 40 survivors from the collapsed hotel in Ostby on Sunday.")
    assert not _same(a, "The central bank left its main interest rate unchanged at 4 percent.")


def test_the_weights_match_the_features() -> None:
    assert len(same.WEIGHTS) == len(same.FEATURES)
    a = "The mill burned down."
    assert len(same.features(a, words(a), a, words(a), WEIGHTS)) == len(same.FEATURES)
