"""Analyses hardened for the pipeline: year resolution, same-fact groups, attribution phrases,
quote selection and pronouns, who-said disagreements, unit equivalences (storm mini-corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefgen.analysis import attribution, find_disagreements, find_quotes, key_figures, timeline
from briefgen.models import Article, Disagreement
from briefgen.pipeline import make_brief
from briefgen.segment import segment

STORM = Path(__file__).parent / "fixtures" / "analysis" / "storm"


def storm() -> list[Article]:
    gold = json.loads((STORM / "gold.json").read_text(encoding="utf-8"))
    return [
        Article(a["id"], a["file"], (STORM / a["file"]).read_text(encoding="utf-8"),
                published=a["published"])
        for a in gold["articles"]
    ]  # fmt: skip


def partition(d: Disagreement) -> set[frozenset[str]]:
    return {frozenset(c.sources) for c in d.claims}


def dates_of(articles: list[Article]) -> dict[str, str | None]:
    return {e.label: e.date for e in timeline(segment(articles), articles)}


# -- year resolution --------------------------------------------------------------------


def test_year_less_date_takes_the_latest_full_date_of_an_undated_article() -> None:
    text = (
        "Relations have been strained since May 14, 2021.\n\n"
        "The two delegations met in Ostby on April 9.\n\n"
        "A second round was confirmed at a briefing on April 10, 2025."
    )
    assert dates_of([Article("a", "a", text)])["April 9"] == "2025-04-09"


def test_full_date_in_the_same_sentence_wins_over_the_article() -> None:
    text = (
        "The envoys met on December 8, a ministry note of January 3, 2024 said.\n\n"
        "The treaty will be reviewed on March 1, 2030."
    )
    assert dates_of([Article("a", "a", text)])["December 8"] == "2023-12-08"


def test_publication_date_reads_back_and_near_future_forward() -> None:
    text = (
        "The mine closed on December 8. It will reopen on September 2. Inspectors came on June 20."
    )
    found = dates_of([Article("a", "a", text, published="2026-06-10")])
    assert found["December 8"] == "2025-12-08"
    assert found["September 2"] == "2026-09-02"  # future tense looks forward
    assert found["June 20"] == "2026-06-20"  # ten days ahead: upcoming, not a year ago


def test_undated_article_without_full_dates_stays_unresolved() -> None:
    events = timeline(*(lambda a: (segment(a), a))([Article("a", "a", "They met on April 9.")]))
    assert [(e.label, e.date, e.resolved) for e in events] == [("April 9", None, False)]


def test_unresolved_weekday_is_not_compared_with_a_guessed_date() -> None:
    # b's year is only a guess from another date in b: its weekday is not compared
    a = Article("a", "a", "Trade ministers from both countries met in Lisbon on Tuesday.")
    b = Article(
        "b", "b",
        "Trade ministers from both countries met in Lisbon on April 9.\n\n"
        "The pact was first signed on May 2, 2025.",
    )  # fmt: skip
    assert find_disagreements(segment([a, b]), [a, b]) == ()
    # with a publication date Tuesday is April 8: month and day differ whatever b's year
    c = Article("c", "c", a.text, published="2025-04-11")
    (found,) = find_disagreements(segment([c, b]), [c, b])
    assert partition(found) == {frozenset({"c"}), frozenset({"b"})}


def test_stated_year_and_weekday_disagree() -> None:
    a = Article("a", "a", "Trade ministers from both countries met in Lisbon on Tuesday.",
                published="2025-04-11")  # fmt: skip
    b = Article("b", "b", "Trade ministers from both countries met in Lisbon on April 9, 2025.")
    (found,) = find_disagreements(segment([a, b]), [a, b])
    assert partition(found) == {frozenset({"a"}), frozenset({"b"})}


# -- same-fact groups ---------------------------------------------------------------------

A_TEXT = "The negotiators sat down in Geneva on Wednesday for a first round."
B_TEXT = "A first session of the peace talks opened on Thursday, the mediators confirmed on Friday."


def test_engine_groups_add_recall_for_differently_worded_reports() -> None:
    articles = [Article("a", "a", A_TEXT), Article("b", "b", B_TEXT)]
    sentences = segment(articles)
    assert find_disagreements(sentences, articles) == ()
    (found,) = find_disagreements(sentences, articles, same_fact=[(0, 1)])
    assert {c.value for c in found.claims} == {"Wednesday", "Thursday"}  # not "Friday"


def test_groups_never_pair_a_copy_with_its_original() -> None:
    articles = [Article("a", "a", A_TEXT), Article("b", "b", B_TEXT)]
    voices = {"a": "a", "b": "a"}
    assert find_disagreements(segment(articles), articles, voices, same_fact=[(0, 1)]) == ()


# -- attribution ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("Foreign Minister Ana Ruiz said Portugal has no plans to leave the pact.",
         "Foreign Minister Ana Ruiz said"),
        ("“We will work it out,” Mayor Cole told reporters.", "Mayor Cole told reporters"),
        ("“We will work it out,” Mayor Cole told Governor Hale.", "Mayor Cole told Governor Hale"),
        ("The mayor told reporters that the road was closed.", "The mayor told reporters"),
        ("Ruiz said Wednesday that talks would continue.", "Ruiz said Wednesday"),
        ("The dam held, according to the water authority.", "according to the water authority"),
    ],
)  # fmt: skip
def test_attribution_phrase_is_speaker_and_verb_verbatim(text: str, phrase: str) -> None:
    found = attribution(text)
    assert (found.label, found.phrase) == ("attributed", phrase)
    assert phrase in text
    speaker = (found.speaker or "").casefold()
    assert speaker and speaker in phrase.split(" told")[0].casefold()  # not who was told


# -- quotes -----------------------------------------------------------------------------


def test_he_after_a_closed_quote_is_the_previous_speaker() -> None:
    text = (
        "After meeting Premier Rosa Diaz, Governor Tom Hale told reporters, “We agreed on the "
        "budget for the new bridge.” He added, “Work will start in the spring.”"
    )
    articles = [Article("a", "a", text)]
    quotes = {q.text: q.speaker for q in find_quotes(segment(articles), articles)}
    assert quotes["We agreed on the budget for the new bridge."] == "Governor Tom Hale"
    assert quotes["Work will start in the spring."] == "Governor Tom Hale"


def test_ambiguous_pronoun_is_not_guessed() -> None:
    text = (
        "Governor Tom Hale and Mayor Ann Cole toured the flooded district.\n\n"
        "He said: “We will rebuild every house on this street.”"
    )
    articles = [Article("a", "a", text), Article("b", "b", "Nothing was said.")]
    assert find_quotes(segment(articles), articles) == ()  # no speaker, one outlet: dropped


def test_scare_quotes_and_unattributed_single_quotes_are_left_out() -> None:
    text = (
        "Critics called the plan “reckless”. The union described it as “a betrayal”.\n\n"
        "“Nobody asked the people who live here,” one banner read at the rally.\n\n"
        "Mayor Ann Cole said: “The bridge will be finished by the end of next year.”"
    )
    articles = [Article("a", "a", text)]
    quotes = find_quotes(segment(articles), articles)
    assert [(q.speaker, q.text) for q in quotes] == [
        ("Mayor Ann Cole", "The bridge will be finished by the end of next year.")
    ]


def test_partial_quote_merges_with_the_full_one_and_order_is_by_sources() -> None:
    a = Article("a", "a", "Mayor Ann Cole said: “The river crossed the second barrier at "
                "dawn and we had no choice but to evacuate.”\n\nCole added: “We will "
                "rebuild the school before winter.”")  # fmt: skip
    b = Article("b", "b", "Cole said the city “had no choice but to evacuate” the district.")
    c = Article("c", "c", "“We had no choice but to evacuate,” Mayor Cole said.")
    quotes = find_quotes(segment([a, b, c]), [a, b, c])
    assert [len(q.sources) for q in quotes] == [3, 1]
    assert quotes[0].sources[0] == "a" and quotes[0].text.startswith("The river crossed")
    assert quotes[0].speaker == "Mayor Ann Cole"


# -- who said it, and the storm mini-corpus -------------------------------------------------


@pytest.fixture(scope="module")
def storm_found() -> tuple[Disagreement, ...]:
    articles = storm()
    return find_disagreements(segment(articles), articles)


def test_same_quote_given_to_two_ministers_is_a_speaker_disagreement(
    storm_found: tuple[Disagreement, ...],
) -> None:
    (speaker,) = [d for d in storm_found if d.kind == "speaker"]
    assert partition(speaker) == {frozenset({"w1", "w3"}), frozenset({"w2"})}
    assert {c.value for c in speaker.claims} == {"Interior Minister Petra Lund",
                                                 "the Energy Minister"}  # fmt: skip


def test_role_and_name_that_can_be_one_person_agree() -> None:
    a = Article(
        "a", "a", "“The airport will stay closed until Friday,” the transport minister said."
    )
    b = Article(
        "b", "b", "Transport Minister Ivo Kral said: “The airport will stay closed until Friday.”"
    )
    c = Article("c", "c", "“The airport will stay closed until Friday,” Ivo Kral told reporters.")
    articles = [a, b, c]
    found = find_disagreements(segment(articles), articles)
    assert not [d for d in found if d.kind == "speaker"]


def test_storm_units_are_one_value_and_updates_are_labelled(
    storm_found: tuple[Disagreement, ...],
) -> None:
    kinds = {d.kind: partition(d) for d in storm_found}
    assert kinds["number"] == {frozenset({"w1", "w3"}), frozenset({"w2"})}
    assert kinds["update"] == {frozenset({"w1"}), frozenset({"w2"})}
    assert kinds["date"] == {frozenset({"w1", "w3"}), frozenset({"w2"})}
    assert len(storm_found) == 4  # km/h = mph, 1,500 = 1.5 thousand, GW = gigawatts agree


def test_storm_figures_merge_converted_units() -> None:
    articles = storm()
    figures = {f.value: f.sources for f in key_figures(segment(articles), articles)}
    assert figures["130 km/h"] == ("w1", "w2")  # and "80 mph"
    assert figures["1,500"] == ("w1", "w2")
    assert figures["15 GW"] == ("w1", "w2")


def test_storm_through_the_pipeline() -> None:
    brief = make_brief(storm(), date="2026-10-13")
    kinds = sorted(d.kind for d in brief.disagreements)
    assert kinds == ["date", "number", "speaker", "update"]
    events = {e.date: e.sources for e in brief.timeline if e.resolved}
    assert events["2026-10-11"] == ("w1", "w2", "w3")
    assert "2026-10-13" not in events  # "tonight" inside a quotation is not a date
    (quote,) = brief.quotes
    assert quote.speaker == "Interior Minister Petra Lund" and len(quote.sources) == 3


def test_a_four_figure_time_with_its_zone_is_a_time_not_a_quantity() -> None:
    from briefgen.analysis.values import mentions

    found = {
        m.text: m.kind
        for m in mentions("The storm reached the coast at 9:40 pm (2140 GMT) on Friday.")
    }
    assert found["2140"] == "time" and found["9:40 pm"] == "time"
    assert all(kind != "number" for kind in found.values())


# -- which figure is which ----------------------------------------------------------------


def _values(found: tuple[Disagreement, ...]) -> list[set[str]]:
    return [{c.value for c in d.claims} for d in found]


def test_a_figure_meets_the_figure_of_the_same_thing_not_its_neighbour() -> None:
    a = Article("a", "a", "The coastguard put the missing at 214 and the injured at 96.")
    b = Article(
        "b",
        "b",
        "The coastguard reported that at least 214 people were missing after the storm, and "
        "that another 130 had been injured.",
    )
    found = find_disagreements(segment([a, b]), [a, b])
    assert _values(found) == [{"130", "96"}]  # the injured, never the missing against 96


def test_shares_of_two_candidates_are_not_one_figure() -> None:
    a = Article("a", "a", "With most ballots counted, Berge had 46% of the vote in the race.")
    b = Article("b", "b", "With most ballots counted, Lind had 31% of the vote in the race.")
    assert find_disagreements(segment([a, b]), [a, b]) == ()


def test_a_sentence_that_gives_the_value_too_does_not_dispute_it() -> None:
    a = Article("a", "a", "The takeover of Oberfeld Bank, founded in 1871, was agreed on Sunday.")
    b = Article("b", "b", "Halvard Bank was founded in 1894 and Oberfeld Bank in 1871.")
    assert find_disagreements(segment([a, b]), [a, b]) == ()


def test_two_sentences_built_alike_pair_each_figure_with_its_counterpart() -> None:
    a = Article("a", "a", "With 78% of ballots counted, Berge had 47.2% of the vote.")
    b = Article("b", "b", "With 63% of ballots counted, Berge had 46.8% of the vote.")
    found = find_disagreements(segment([a, b]), [a, b])
    # how far the count had got dates the share: two readings of one tally, not a rival value
    assert sorted(map(sorted, _values(found))) == [["46.8%", "47.2%"]]
    assert [d.kind for d in found] == ["update"]


def test_a_lower_bound_and_another_figure_are_shown_as_different_figures() -> None:
    a = Article("a", "a", "At least 14 harbour pilots have lost their licences since the spring.")
    b = Article(
        "b", "b", "Researchers say 19 harbour pilots have lost their licences since the spring."
    )
    found = find_disagreements(segment([a, b]), [a, b])
    assert _values(found) == [{"at least 14", "19"}]


def test_dates_of_two_different_events_do_not_disagree() -> None:
    a = Article("a", "a", "Halvorsen on Friday rejected the union's demands for new talks.")
    b = Article("b", "b", "Halvorsen hinted Thursday that the union had gone back on its word.")
    assert find_disagreements(segment([a, b]), [a, b]) == ()
    c = Article("c", "c", "The border talks between the two premiers opened in Vesby on Thursday.")
    d = Article("d", "d", "The border talks between the two premiers opened in Vesby on Friday.")
    (found,) = find_disagreements(segment([c, d]), [c, d])
    assert {claim.value for claim in found.claims} == {"Thursday", "Friday"}


def test_a_count_after_a_day_or_month_is_still_a_figure() -> None:
    a = Article("a", "a", "On Friday 300 people were evacuated from the flooded valley near Vesby.")
    b = Article("b", "b", "On Friday 450 people were evacuated from the flooded valley near Vesby.")
    (found,) = find_disagreements(segment([a, b]), [a, b])
    assert {claim.value for claim in found.claims} == {"300", "450"}


def test_a_number_in_a_name_is_no_figure() -> None:
    a = Article("a", "a", "The faulty update crashed machines running Norsoft Desk 4.2 and later.")
    b = Article("b", "b", "The faulty update crashed 2.6 million machines running Norsoft Desk.")
    assert find_disagreements(segment([a, b]), [a, b]) == ()


def test_a_spokesperson_and_the_body_they_speak_for_agree() -> None:
    a = Article(
        "a",
        "a",
        "Ines Moe, Norsoft's head of security, spoke on Saturday. “The fault affected fewer "
        "than one in a hundred machines,” Moe said.",
    )
    quote = "“The fault affected fewer than one in a hundred machines,” Norsoft said."
    b = Article("b", "b", quote)
    found = find_disagreements(segment([a, b]), [a, b])
    assert not [d for d in found if d.kind == "speaker"]


def test_counts_of_a_part_or_of_something_else_are_not_totals() -> None:
    a = Article("a", "a", "The jury convicted Halvorsen on all 17 counts in the fraud case.")
    b = Article("b", "b", "The jury convicted Halvorsen, who faces three other fraud cases.")
    assert find_disagreements(segment([a, b]), [a, b]) == ()
    c = Article("c", "c", "Ostby drew their first three games of the league before the derby.")
    d = Article("d", "d", "Ostby won seven games of the league in a row before the derby.")
    assert find_disagreements(segment([c, d]), [c, d]) == ()


def test_the_words_beside_the_values_are_the_words_that_overlap_no_value() -> None:
    from briefgen.analysis.slots import _free_words, _read

    text = (
        "Crews in Vesby cleared 3,400 tonnes (3,750 tons) of debris by 9 p.m. on Monday, "
        "and 12 of 40 roads reopened, up from 8 on Sunday."
    )
    read = _read(text)
    assert read.mentions and read.words
    written_out = [
        w for w in read.words if all(w[1] <= o.start or w[0] >= o.end for o in read.mentions)
    ]
    assert _free_words(read.words, read.mentions) == written_out
    assert "debris" in [w[2] for w in written_out]
