"""standalone.clarity: how well a sentence stands alone as a statement of fact."""

from __future__ import annotations

import pytest

from briefgen.models import Sentence
from briefgen.score.standalone import clarity
from briefgen.segment import words
from briefgen.selection import UNIQUE_MIN_CLARITY


def _clarity(text: str) -> float:
    return clarity(Sentence("x", 0, 0, text, words(text), ()))


@pytest.mark.parametrize(
    "text",
    [
        '"There\'s nothing left to do but wait," said Ana Lind, whose shop in Ostby burned.',
        "“It was the loudest noise I have ever heard,” the mayor of Halden told reporters.",
    ],
)
def test_a_quotation_given_to_its_speaker_in_the_same_sentence_stands_alone(text: str) -> None:
    assert _clarity(text) >= UNIQUE_MIN_CLARITY


@pytest.mark.parametrize(
    "text",
    [
        "It was the loudest noise anyone in Halden had heard in years, residents said.",
        '"There was nothing left of the shop after the fire in Ostby last night."',
        "But the bridge over the Halden river stayed closed to traffic until Monday.",
    ],
)
def test_a_sentence_that_leans_on_the_one_before_does_not(text: str) -> None:
    assert _clarity(text) < UNIQUE_MIN_CLARITY


def test_a_cheer_is_no_fact_but_a_quoted_one_is_a_quote() -> None:
    from briefgen.selection import CONSENSUS_MIN_CLARITY

    assert _clarity("Vesby, champions of the northern league for a third time!") < (
        CONSENSUS_MIN_CLARITY
    )
    assert _clarity('"We are champions of the north again!" said the Vesby coach Ola Brekke.') >= (
        UNIQUE_MIN_CLARITY
    )
