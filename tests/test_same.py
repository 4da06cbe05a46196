"""The symmetric same-fact read (briefgen.score.same), fitted on MSRP train pairs."""

from __future__ import annotations

import pytest

from briefgen.score import match, same
from briefgen.segment import words

WEIGHTS = match.idf_weights([])  # every term weighs the same

HOTEL = "Rescuers pulled 12 survivors from the collapsed hotel in Ostby on Sunday."


def _same(a: str, b: str) -> bool:
    return same.same(a, words(a), b, words(b), WEIGHTS)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (HOTEL, "On Sunday rescuers pulled 12 survivors from the hotel that collapsed in Ostby."),
        # the same count in words and in digits
        (
            HOTEL,
            "On Sunday rescuers pulled twelve survivors from the hotel that collapsed in Ostby.",
        ),
        # thousands with and without a separator
        (
            "The Vesby plant will cut 1,024 jobs by the end of the year, the company said.",
            "The company said the Vesby plant will cut 1024 jobs by the end of the year.",
        ),
        # a percentage written two ways
        (
            "Norland's central bank raised its main interest rate by 0.5% on Thursday.",
            "On Thursday Norland's central bank raised its main interest rate by 0.5 per cent.",
        ),
    ],
)
def test_a_sentence_reworded_says_the_same(a: str, b: str) -> None:
    assert _same(a, b)
    assert _same(b, a)


@pytest.mark.parametrize(
    "b",
    [
        # another figure: a rival version, never the same fact
        "Rescuers pulled 40 survivors from the collapsed hotel in Ostby on Sunday.",
        # another story
        "The central bank left its main interest rate unchanged at 4 percent.",
    ],
)
def test_another_figure_or_another_story_is_not_the_same(b: str) -> None:
    assert not _same(HOTEL, b)
    assert not _same(b, HOTEL)


@pytest.mark.xfail(
    strict=True,
    reason="known limit: MSRP's judges call most pairs with one name swapped in a role the same "
    "(46 of the 64 train pairs with such a conflict), so the fitted read does not punish it; "
    "a veto on it costs 0.9 points of train cross-validated accuracy",
)
def test_another_actor_is_not_the_same() -> None:
    a = "Norland's foreign minister Eva Halvorsen met the Vesby delegation in Ostby on Monday."
    b = "Vesby's foreign minister Lars Tromsdal met the Norland delegation in Ostby on Monday."
    assert not _same(a, b)


def test_a_denial_is_not_the_same() -> None:
    a = "The Halvorsen bridge over the Vesby river was reopened to traffic on Friday."
    b = "The Halvorsen bridge over the Vesby river was not reopened to traffic on Friday."
    assert not _same(a, b)


def test_the_read_is_symmetric() -> None:
    a = "The Vesby council approved the new budget after a long debate on Tuesday."
    b = "After hours of debate, the council in Vesby passed its budget for next year."
    assert same.features(a, words(a), b, words(b), WEIGHTS) == same.features(
        b, words(b), a, words(a), WEIGHTS
    )
    assert _same(a, b) == _same(b, a)


def test_the_weights_match_the_features() -> None:
    assert len(same.WEIGHTS) == len(same.FEATURES)
    a = "The mill burned down."
    assert len(same.features(a, words(a), a, words(a), WEIGHTS)) == len(same.FEATURES)
    assert _same(a, a)
