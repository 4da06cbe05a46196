"""The symmetric same-fact read (briefgen.score.same), fitted on MSRP train pairs."""

from __future__ import annotations

import pytest

from briefgen.score import contradiction, match, same
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
        # a hedged figure rounds a precise one
        (
            "The Vesby takeover is worth some $48 billion, the bank said on Monday.",
            "The Vesby takeover is worth $47.6 billion, the bank said on Monday.",
        ),
        # two significant digits round a finer figure
        (
            "Shares of Norland Air fell 23 percent on Tuesday after it cut its forecast.",
            "Shares of Norland Air fell 22.8 percent on Tuesday after it cut its forecast.",
        ),
        # a figure of another kind (a distance) is no rival to a count
        (
            "Three firefighters were hurt in the blaze at the Vesby mill, 60 kilometres north "
            "of Ostby, on Sunday.",
            "Three firefighters were hurt on Sunday in the blaze at the Vesby mill north of Ostby.",
        ),
        # both negative: no denial
        (
            "A spokesman for the Vesby council said nothing about the closure of the bridge.",
            "A spokesman for the Vesby council declined to discuss the closure of the bridge.",
        ),
        # an idiom that negates nothing
        (
            "Not surprisingly, the Vesby council approved the new budget on Tuesday.",
            "The Vesby council approved the new budget on Tuesday.",
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


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The Halvorsen bridge over the Vesby river was reopened to traffic on Friday.",
            "The Halvorsen bridge over the Vesby river was not reopened to traffic on Friday.",
        ),
        (
            "The Vesby council approved the new budget on Tuesday.",
            "The Vesby council declined to approve the new budget on Tuesday.",
        ),
    ],
)
def test_a_denial_is_not_the_same(a: str, b: str) -> None:
    assert not _same(a, b)
    assert not _same(b, a)


@pytest.mark.parametrize(
    "b",
    [
        # another place
        "Rescuers pulled 12 survivors from the collapsed hotel in Vesby on Sunday.",
        # a rounder figure with one significant digit is a rival reading, not a rounding
        "Rescuers pulled 10 survivors from the collapsed hotel in Ostby on Sunday.",
    ],
)
def test_another_place_or_a_one_digit_rounding_is_not_the_same(b: str) -> None:
    assert not _same(HOTEL, b)
    assert not _same(b, HOTEL)


def test_a_magnitude_of_6_is_not_a_rounding_of_5_7() -> None:
    a = "The quake that struck Ostby on Friday had a magnitude of 6, the agency said."
    b = "The quake that struck Ostby on Friday had a magnitude of 5.7, the agency said."
    assert not _same(a, b)


def test_the_figures_of_a_sentence_have_kinds() -> None:
    text = "Vesby paid $1.2 million, 15 percent more, for 3 ferries on May 4 in 2025."
    found = {(f.kind, str(f.value)) for f in contradiction.figures(text, words(text))}
    # the day of the month is a date, not a figure
    assert found == {
        ("money", "1.2E+6"),
        ("percent", "15"),
        ("count", "3"),
        ("year", "2025"),
    }
    # a decimal comma
    text = "Some 4,6 million ferry tickets were sold in Vesby."
    assert [str(f.value) for f in contradiction.figures(text, words(text))] == ["4.6E+6"]
    # a percent sign, and ranges that give their unit once
    text = "About 31% of Vesby's ferries, two to three years old, cost $3 to $4 million each."
    found = [(f.kind, str(f.value)) for f in contradiction.figures(text, words(text))]
    assert found == [
        ("percent", "31"),
        ("age", "2"),
        ("age", "3"),
        ("money", "3E+6"),
        ("money", "4E+6"),
    ]


def test_one_name_spelled_two_ways_is_one_place() -> None:
    a = "Two stones were thrown at the Vesby ferry near Ostbya on Thursday, hurting five."
    b = "Two stones were thrown at the Vesby ferry near Ostbyaa on Thursday, hurting five."
    assert _same(a, b)


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


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # an age is no rival to a count
        (
            "Ola Brekke, 31, was charged with fraud in Vesby on Monday.",
            "Ola Brekke was charged with two counts of fraud in Vesby on Monday.",
        ),
        # figures in two units are no rivals
        (
            "The Norland probe has travelled about 4.6 billion kilometres since its launch from "
            "Vesby in 1989.",
            "The Norland probe has travelled about 2.8 billion miles since its launch from "
            "Vesby in 1989.",
        ),
        # a denial stops at the end of its clause: "not difficult" denies nothing said after it
        (
            '"The decision was not difficult," Norland spokesman Per Halvorsen said.',
            '"The decision was an easy one," Norland spokesman Per Halvorsen said.',
        ),
        # "no passenger was thrown out" denies the throwing, not that there were passengers
        (
            "Rescuers said no passenger was thrown out, but some were hurt when the Vesby bus "
            "crashed.",
            "Rescuers said some passengers were hurt when the Vesby bus crashed.",
        ),
        # "unknown" negates as "not" does: both sentences are negative
        (
            "The Norland stores sell cheeses not sold in Vesby, the company said.",
            "The Norland stores sell cheeses unknown in Vesby, the company said.",
        ),
    ],
)
def test_what_only_looks_like_a_contradiction_is_the_same(a: str, b: str) -> None:
    assert _same(a, b)
    assert _same(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "No passenger was hurt when the Vesby bus crashed on Monday.",
            "A passenger was hurt when the Vesby bus crashed on Monday.",
        ),
        # another figure, given as a bound
        (
            "At least 23 people were killed in the floods in Vesby, officials said on Sunday.",
            "Twelve people were killed in the floods in Vesby, officials said on Sunday.",
        ),
        (
            "Up to 30 people were hurt in the floods in Vesby, officials said on Sunday.",
            "Forty people were hurt in the floods in Vesby, officials said on Sunday.",
        ),
        # two ages
        (
            "Ola Brekke, 31, was charged with fraud in Vesby on Monday.",
            "Ola Brekke, 35, was charged with fraud in Vesby on Monday.",
        ),
    ],
)
def test_a_real_contradiction_is_still_not_the_same(a: str, b: str) -> None:
    assert not _same(a, b)
    assert not _same(b, a)


def test_ages_are_read() -> None:
    text = "Ola Brekke, 31, and a 27-year-old were among 40 hurt; Per Lund, 52."
    found = [(f.kind, str(f.value)) for f in contradiction.figures(text, words(text))]
    assert found == [("age", "31"), ("age", "27"), ("count", "40"), ("age", "52")]
