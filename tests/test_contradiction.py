"""The exact contradiction read (briefgen.score.contradiction) and the veto ``same`` takes
from it: figures with their kinds, ranges and roundings, and denials of what the other
sentence states."""

from __future__ import annotations

import pytest

from briefgen.score import contradiction, match, same
from briefgen.segment import words

WEIGHTS = match.idf_weights([])  # every term weighs the same


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, str(f.value)) for f in contradiction.figures(text, words(text))]


def _conflict(a: str, b: str) -> bool:
    fa = contradiction.figures(a, words(a))
    fb = contradiction.figures(b, words(b))
    return contradiction.figures_conflict(fa, fb)


def _vetoed(a: str, b: str) -> bool:
    """``same`` says "not the same" whatever its model says: one contradicts the other."""
    return same.read(a, words(a), b, words(b), WEIGHTS)[1]


def test_per_cent_in_two_words_is_a_share() -> None:
    assert _kinds("Exports from Vesby rose 4.2 per cent in May.") == [("percent", "4.2")]
    assert _conflict(
        "Exports from Vesby rose 4.2 per cent in May.",
        "Exports from Vesby rose 3.1 percent in May.",
    )


def test_a_currency_sign_makes_an_amount_whatever_follows() -> None:
    # "a year" is a rate: the figure is money, not a span of time
    assert _kinds("Halvorsen will earn $3 million a year.") == [("money", "3E+6")]
    assert not _conflict(
        "Halvorsen will earn $3 million at Vesby, about $70,000 a match.",
        "Halvorsen will earn $60,000 a week and $3 million a year at Vesby.",
    )


def test_cents_are_an_amount_of_money() -> None:
    assert _kinds("Shares of Vesby Mills fell 87 cents.") == [("money", "0.87")]
    assert not _conflict(
        "Shares of Vesby Mills fell 87 cents to $15.52.", "Shares of Vesby Mills fell $0.87."
    )
    assert _conflict("Shares of Vesby Mills fell 87 cents.", "Shares of Vesby Mills fell $1.20.")


def test_the_unit_after_or_more() -> None:
    assert _kinds("The Vesby ferry carries 30 or more tons of grain.") == [("tons", "30")]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a figure within a range
        (
            "Norland Air expects a profit of 11 to 15 cents a share.",
            "Norland Air expects a profit of 13 cents a share.",
        ),
        # two ranges that overlap, one opened by a verb of range
        (
            "The margin of error of the Vesby poll ranged from 1.8 to 4.4 percentage points.",
            "The Vesby poll has a margin of error of three to four percentage points.",
        ),
        # each end with its unit, and "between ... and"
        (
            "Fat makes up 2 percent to 5 percent of what Norlanders eat.",
            "Fat makes up 3.5 percent of what Norlanders eat.",
        ),
        (
            "The Vesby mill is worth between $6 billion and $8 billion.",
            "The Vesby mill is worth about $7 billion.",
        ),
        (
            "Analysts value the Vesby mill at $6 billion-$9 billion.",
            "Analysts say the Vesby mill could fetch $7 billion-$8 billion.",
        ),
    ],
)
def test_a_figure_within_a_range_does_not_contradict_it(a: str, b: str) -> None:
    assert not _conflict(a, b)
    assert not _conflict(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # outside the range
        (
            "Norland Air expects a profit of 11 to 15 cents a share.",
            "Norland Air earned a profit of 6 cents a share.",
        ),
        # a change is not a range: "from 40 to 25", "rose 10 to 943"
        (
            "Cases in Vesby fell from 40 to 25 in a week.",
            "Cases in Vesby fell to 30 in a week.",
        ),
        (
            "The Vesby index rose 10 to 943 on Monday.",
            "The Vesby index rose 12 to 945 on Monday.",
        ),
        # ranges that do not overlap
        (
            "Vesby Mills expects sales of between $6.1 billion and $6.5 billion.",
            "Vesby Mills expects sales of between $6.6 billion and $6.9 billion.",
        ),
    ],
)
def test_a_figure_outside_a_range_still_contradicts_it(a: str, b: str) -> None:
    assert _conflict(a, b)
    assert _conflict(b, a)


def test_a_measure_with_one_digit_rounds_a_close_finer_one() -> None:
    a = "The Vesby poll has a margin of error of five percentage points."
    assert not _conflict(a, "The Vesby poll has a margin of error of 4.9 percentage points.")
    # not a farther one, nor a count
    assert _conflict(a, "The Vesby poll has a margin of error of 4.6 percentage points.")
    assert _conflict(
        "Rescuers pulled 50 survivors from the hotel in Ostby.",
        "Rescuers pulled 49 survivors from the hotel in Ostby.",
    )


def test_declined_before_a_figure_is_a_fall_not_a_refusal() -> None:
    assert contradiction.denied("Shares of Vesby Mills declined 2 percent on Monday.") is None
    assert contradiction.denied("Shares of Vesby Mills declined sharply on Monday.") is None
    assert contradiction.denied("Vesby Mills declined to comment on Monday.")
    assert contradiction.denied("Vesby Mills declined comment on Monday.")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a negation inside what someone wanted: "wanted to march" is not claimed to be so
        (
            "The Vesby mayor skipped the parade because he wanted to march with the strikers.",
            "The Vesby mayor skipped the parade after he was told he could not march with "
            "the strikers.",
        ),
        (
            "Police in Vesby asked residents not to return to their homes on Sunday.",
            "Residents of Vesby returned to their homes on Sunday.",
        ),
        (
            "The Norland krone was in focus as it tried to stay above 9 to the euro.",
            "The Norland krone was in focus as it failed to stay above 9 to the euro.",
        ),
        # a negation inside a comparison's standard
        (
            "Norlanders who eat fish weekly had a lower risk than those who never ate fish.",
            "Norlanders who eat fish weekly had a lower risk, the Vesby study found.",
        ),
        # a negation coordinated with "or" gives an alternative or an amount
        (
            "The Vesby council will decide on Monday whether or not to reopen the bridge.",
            "The Vesby council will decide on Monday whether to reopen the bridge.",
        ),
        # ... and against another negative sentence, it is still a negative one
        (
            "Vesby Mills sold its flour against little or no competition.",
            "Vesby Mills sold its flour without much competition.",
        ),
        # the word denied is not one the other states: "did not cut" / "a lower risk"
        (
            "Apart from swimming, exercise did not cut the risk, the Vesby study found.",
            "Swimming was the only exercise linked to a lower risk, the Vesby study found.",
        ),
        (
            "Vesby Mills paid $2 million in fines for missing the hiring targets.",
            "Vesby Mills paid $2 million in fines for failing to meet hiring targets.",
        ),
    ],
)
def test_a_negation_of_no_claim_the_other_makes_is_no_veto(a: str, b: str) -> None:
    assert not _vetoed(a, b)
    assert not _vetoed(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The Halvorsen bridge over the Vesby river was reopened to traffic on Friday.",
            "The Halvorsen bridge over the Vesby river was not reopened to traffic on Friday.",
        ),
        (
            "The Vesby council said no decision had been made about the bridge.",
            "The Vesby council said a decision had been made about the bridge.",
        ),
        (
            "The Vesby council refused to approve the new budget on Tuesday.",
            "The Vesby council approved the new budget on Tuesday.",
        ),
    ],
)
def test_a_denial_of_what_the_other_states_is_vetoed(a: str, b: str) -> None:
    assert _vetoed(a, b)
    assert _vetoed(b, a)
