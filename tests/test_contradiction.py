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
    assert _kinds("Ticket sales at the Ostby theatre rose 6.3 per cent in March.") == [
        ("percent", "6.3")
    ]
    assert _conflict(
        "Ticket sales at the Ostby theatre rose 6.3 per cent in March.",
        "Ticket sales at the Ostby theatre rose 5.4 percent in March.",
    )


def test_a_currency_sign_makes_an_amount_whatever_follows() -> None:
    # "a year" is a rate: the figure is money, not a span of time
    assert _kinds("Kari Berge will earn $4 million a year.") == [("money", "4E+6")]
    assert not _conflict(
        "Kari Berge will earn $4 million at Norsoft, about $11,000 a day.",
        "Kari Berge will earn $80,000 a month and $4 million a year at Norsoft.",
    )


def test_cents_are_an_amount_of_money() -> None:
    assert _kinds("Shares of Norsoft fell 64 cents.") == [("money", "0.64")]
    assert not _conflict(
        "Shares of Norsoft fell 64 cents to $21.30.", "Shares of Norsoft fell $0.64."
    )
    assert _conflict("Shares of Norsoft fell 64 cents.", "Shares of Norsoft fell $1.10.")


def test_the_unit_after_or_more() -> None:
    assert _kinds("The Ostby barge carries 40 or more tons of timber.") == [("tons", "40")]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a figure within a range
        (
            "Norsoft expects a profit of 20 to 25 cents a share.",
            "Norsoft expects a profit of 22 cents a share.",
        ),
        # two ranges that overlap, one opened by a verb of range
        (
            "Forecasts of the Ostby harvest ranged from 2.5 to 4.6 million tons.",
            "The Ostby harvest is forecast at three to four million tons.",
        ),
        # each end with its unit, and "between ... and"
        (
            "Rail freight makes up 4 percent to 7 percent of Norland's trade.",
            "Rail freight makes up 5.5 percent of Norland's trade.",
        ),
        (
            "The Ostby port is worth between $2 billion and $3 billion.",
            "The Ostby port is worth about $2.5 billion.",
        ),
        (
            "Analysts value the Ostby port at $4 billion-$6 billion.",
            "Analysts say the Ostby port could sell for $4.5 billion-$5.5 billion.",
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
            "Norsoft expects a profit of 20 to 25 cents a share.",
            "Norsoft earned a profit of 9 cents a share.",
        ),
        # a change is not a range: "from 60 to 85", "rose 12 to 618"
        (
            "Bookings at the Ostby hotel rose from 60 to 85 in a month.",
            "Bookings at the Ostby hotel rose to 70 in a month.",
        ),
        (
            "The Ostby share index rose 12 to 618 on Tuesday.",
            "The Ostby share index rose 14 to 623 on Tuesday.",
        ),
        # ranges that do not overlap
        (
            "Norsoft expects sales of between $3.2 billion and $3.5 billion.",
            "Norsoft expects sales of between $3.7 billion and $4.1 billion.",
        ),
    ],
)
def test_a_figure_outside_a_range_still_contradicts_it(a: str, b: str) -> None:
    assert _conflict(a, b)
    assert _conflict(b, a)


def test_a_measure_with_one_digit_rounds_a_close_finer_one() -> None:
    a = "Unemployment in Norland stands at seven percent, the Ostby office said."
    assert not _conflict(a, "Unemployment in Norland stands at 6.9 percent, the Ostby office said.")
    # not a farther one, nor a count
    assert _conflict(a, "Unemployment in Norland stands at 6.6 percent, the Ostby office said.")
    assert _conflict(
        "The Ostby ferry carried 70 passengers on Sunday.",
        "The Ostby ferry carried 69 passengers on Sunday.",
    )


def test_declined_before_a_figure_is_a_fall_not_a_refusal() -> None:
    assert contradiction.denied("Shares of Norsoft declined 3 percent on Tuesday.") is None
    assert contradiction.denied("Shares of Norsoft declined steeply on Tuesday.") is None
    assert contradiction.denied("Norsoft declined to comment on Tuesday.")
    assert contradiction.denied("Norsoft declined comment on Tuesday.")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a negation inside what someone wanted: "wanted to sail" is not claimed to be so
        (
            "The Ostby skipper left the harbour early because he wanted to sail with the fleet.",
            "The Ostby skipper left the harbour early after he was told he could not sail with "
            "the fleet.",
        ),
        (
            "Police in Ostby asked drivers not to enter the old town on Friday.",
            "Drivers in Ostby entered the old town on Friday.",
        ),
        (
            "The Ostby rowing crew was watched closely as it tried to reach the harbour by noon.",
            "The Ostby rowing crew was watched closely as it failed to reach the harbour by noon.",
        ),
        # a negation inside a comparison's standard
        (
            "Ostby commuters who cycle to work had fewer colds than those who never cycled.",
            "Ostby commuters who cycle to work had fewer colds, the Norsoft survey found.",
        ),
        # a negation coordinated with "or" gives an alternative or an amount
        (
            "The Ostby board will decide on Friday whether or not to sell the ferry.",
            "The Ostby board will decide on Friday whether to sell the ferry.",
        ),
        # ... and against another negative sentence, it is still a negative one
        (
            "Norsoft sold its software against few or no rivals.",
            "Norsoft sold its software without many rivals.",
        ),
        # the word denied is not one the other states: "did not shorten" / "shorter trips"
        (
            "Apart from the night ferry, the timetable did not shorten trips, the board found.",
            "The night ferry was the only route with shorter trips, the board found.",
        ),
        (
            "The Ostby bakery was fined for skipping fire drills at its new plant.",
            "The Ostby bakery was fined for failing to hold fire drills at its new plant.",
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
            "The Ostby tunnel under the Norland fjord was reopened to lorries on Monday.",
            "The Ostby tunnel under the Norland fjord was not reopened to lorries on Monday.",
        ),
        (
            "The Ostby board said no buyer had been found for the ferry.",
            "The Ostby board said a buyer had been found for the ferry.",
        ),
        (
            "The Ostby board refused to approve the harbour plan on Thursday.",
            "The Ostby board approved the harbour plan on Thursday.",
        ),
    ],
)
def test_a_denial_of_what_the_other_states_is_vetoed(a: str, b: str) -> None:
    assert _vetoed(a, b)
    assert _vetoed(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # "no" after a figure or an article names the votes against: no negation
        (
            "Halvorsen's ferry plan was sunk by four no votes in the Vesby council.",
            "Halvorsen's ferry plan was sunk by four votes in the Vesby council.",
        ),
        # what is needed or called for is wanted, not stated: "the need for a ferry link"
        (
            "The Vesby council rejected the bridge plan, pointing to the need for a ferry link.",
            "The Vesby council rejected the bridge plan over the lack of a ferry link.",
        ),
        # the one urged may be a longer name before the "to"
        (
            "The Ostby port authority was unable to find a berth for the Halvorsen ferry.",
            "The minister urged the harbour board of Ostby to find a berth for the Halvorsen "
            "ferry.",
        ),
    ],
)
def test_a_denial_of_what_the_other_only_asks_for_is_no_veto(a: str, b: str) -> None:
    assert not _vetoed(a, b)
    assert not _vetoed(b, a)


def test_no_after_a_complementizer_or_a_year_still_negates() -> None:
    assert contradiction.denied("The Vesby board said that no buyer had been found.")
    assert contradiction.denied("In 2024 no ferry sailed from Ostby in winter.")
    assert contradiction.denied("Four no votes in the Vesby council sank the plan.") is None
