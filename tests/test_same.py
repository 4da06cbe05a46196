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
            "The Vesby takeover is worth some $36 billion, the bank said on Monday.",
            "The Vesby takeover is worth $35.8 billion, the bank said on Monday.",
        ),
        # two significant digits round a finer figure
        (
            "Shares of Norland Air fell 41 percent on Tuesday after it cut its forecast.",
            "Shares of Norland Air fell 40.7 percent on Tuesday after it cut its forecast.",
        ),
        # a figure of another kind (a distance) is no rival to a count
        (
            "Four ferries were held at the Vesby quay, 70 kilometres east of Ostby, on Sunday.",
            "Four ferries were held on Sunday at the Vesby quay east of Ostby.",
        ),
        # both negative: no denial
        (
            "A spokesman for the Vesby council gave no word on the closure of the bridge.",
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


def test_a_one_digit_reading_is_not_a_rounding_of_a_farther_one() -> None:
    a = "The river at Ostby peaked at 8 metres on Friday, the agency said."
    b = "The river at Ostby peaked at 7.6 metres on Friday, the agency said."
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
    text = "Some 7,2 million ferry tickets were sold in Vesby."
    assert [str(f.value) for f in contradiction.figures(text, words(text))] == ["7.2E+6"]
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


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "The Vesby council approved the new budget after a long debate on Tuesday.",
            "After hours of debate, the council in Vesby passed its budget for next year.",
        ),
        (  # a clause that names the source on one side, one more claim on the other
            "The Vesby council approved the harbour budget on Tuesday, the mayor said.",
            "On Tuesday the council in Vesby approved its harbour budget, and the quay reopened.",
        ),
    ],
    ids=["read", "clause measures"],
)
def test_the_read_is_symmetric(a: str, b: str) -> None:
    assert same.features(a, words(a), b, words(b), WEIGHTS) == same.features(
        b, words(b), a, words(a), WEIGHTS
    )
    assert len(same.features(a, words(a), b, words(b), WEIGHTS)) == len(same.WEIGHTS)
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
            "Ola Brekke, 47, won the sailing race at Vesby on Monday.",
            "Ola Brekke won two of the sailing races at Vesby on Monday.",
        ),
        # figures in two units are no rivals
        (
            "The Norland cable ship has sailed about 1.2 million kilometres since its launch at "
            "Vesby in 2004.",
            "The Norland cable ship has sailed about 750,000 miles since its launch at "
            "Vesby in 2004.",
        ),
        # a denial stops at the end of its clause: "not hard" denies nothing said after it
        (
            '"The new timetable was not hard to draw up," Norland planner Per Halvorsen said.',
            '"The new timetable was simple to draw up," Norland planner Per Halvorsen said.',
        ),
        # "no crew member was washed overboard" denies the washing, not that there was a crew
        (
            "The coastguard said no crew member was washed overboard, but some were hurt when "
            "the Vesby trawler capsized.",
            "The coastguard said some crew members were hurt when the Vesby trawler capsized.",
        ),
        # "unknown" negates as "not" does: both sentences are negative
        (
            "The Norsoft shops stock board games not stocked in Vesby, the company said.",
            "The Norsoft shops stock board games unknown in Vesby, the company said.",
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
            "At least 17 people were killed in the floods in Vesby, officials said on Sunday.",
            "Twelve people were killed in the floods in Vesby, officials said on Sunday.",
        ),
        (
            "Up to 30 people were hurt in the floods in Vesby, officials said on Sunday.",
            "Forty people were hurt in the floods in Vesby, officials said on Sunday.",
        ),
        # two ages
        (
            "Ola Brekke, 47, won the sailing race at Vesby on Monday.",
            "Ola Brekke, 52, won the sailing race at Vesby on Monday.",
        ),
    ],
)
def test_a_real_contradiction_is_still_not_the_same(a: str, b: str) -> None:
    assert not _same(a, b)
    assert not _same(b, a)


def test_ages_are_read() -> None:
    text = "Ola Brekke, 31, and a 43-year-old were among 40 hurt; Per Lund, 52."
    found = [(f.kind, str(f.value)) for f in contradiction.figures(text, words(text))]
    assert found == [("age", "31"), ("age", "43"), ("count", "40"), ("age", "52")]


@pytest.mark.parametrize(
    "b",
    [
        "The Norland ferry union voted to strike at the Vesby and Ostby ports from Monday, and "
        "its leader Eva Halvorsen resigned.",
        "The Norland ferry union voted to strike at the Vesby and Ostby ports from Monday, "
        "closing both for the first time since the war.",
    ],
)
def test_a_sentence_that_adds_a_whole_claim_is_not_the_same(b: str) -> None:
    # the second carries all of the first and a claim of its own in another clause
    a = "The Norland ferry union voted to strike at the Vesby and Ostby ports from Monday."
    assert not _same(a, b)
    assert not _same(b, a)


def test_a_clause_that_only_names_the_source_adds_no_claim() -> None:
    c = "The Vesby council approved the harbour budget on Tuesday, the mayor said."
    d = "The mayor said the Vesby council approved the harbour budget on Tuesday."
    assert _same(c, d)
