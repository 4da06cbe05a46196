"""score: who states each sentence's claim across outlets, rivals, determinism on tiny corpora."""

from __future__ import annotations

from sumy.summarizers.lex_rank import LexRankSummarizer

from briefgen.models import Article, Scored
from briefgen.score import score
from briefgen.score.checks import conflict, features
from briefgen.score.salience import FastLexRank, rate_with
from briefgen.segment import segment
from briefgen.selection import select

FIRE_A = (
    "A fire destroyed the Halden paper mill on Monday night, the fire brigade said. "
    "The mayor ordered nearby schools to close for two days."
)
FIRE_B = (
    "Fire brigade officials said a blaze on Monday night destroyed the paper mill in Halden. "
    "Local farmers reported ash falling on their fields."
)
FIRE_C = (
    "The Halden paper mill was destroyed by a fire on Monday night, according to the fire brigade. "
    "Insurance experts expect the damage to exceed several million euros."
)


def _score(*texts: str, voices: dict[str, str] | None = None) -> Scored:
    articles = [Article(f"s{i}", f"outlet{i}", t) for i, t in enumerate(texts, 1)]
    return score(segment(articles), voices)


def _group_texts(scored: Scored) -> list[set[str]]:
    return [{scored.sentences[m].text for m in g.members} for g in scored.groups]


def test_paraphrases_from_three_outlets_form_one_group() -> None:
    scored = _score(FIRE_A, FIRE_B, FIRE_C)
    biggest = max(scored.groups, key=lambda g: len(g.members))
    assert biggest.support == 3
    assert set(biggest.sources) == {"s1", "s2", "s3"}
    assert {scored.sentences[m].index for m in biggest.members} == {0}


def test_distinct_facts_stay_apart() -> None:
    scored = _score(FIRE_A, FIRE_B, FIRE_C)
    for texts in _group_texts(scored):
        joined = " ".join(texts)
        assert not ("schools" in joined and "farmers" in joined)
        assert not ("farmers" in joined and "Insurance" in joined)


def test_every_sentence_is_a_candidate_fact_with_the_sources_that_state_it() -> None:
    scored = _score(FIRE_A, FIRE_B, FIRE_C)
    assert [g.members[0] for g in scored.groups] == list(range(len(scored.sentences)))
    for k, group in enumerate(scored.groups):
        assert group.sources[0] == scored.sentences[k].source
        assert group.support == len(scored.stated[k].voices)
        assert scored.sentences[k].source not in group.sources[1:]


def test_a_group_holds_at_most_one_sentence_per_outlet() -> None:
    repeated = FIRE_A + " A fire destroyed the paper mill in Halden on Monday night."
    scored = _score(repeated, FIRE_B)
    for group in scored.groups:
        assert len(group.sources) == len(set(group.sources))


def test_copies_of_one_wire_story_count_as_one_voice() -> None:
    scored = _score(FIRE_A, FIRE_B, FIRE_C, voices={"s1": "s1", "s2": "s1", "s3": "s3"})
    biggest = max(scored.groups, key=lambda g: len(g.members))
    assert biggest.support == 2


def test_name_variants_match_across_outlets() -> None:
    scored = _score(
        "Türkiye and Greece signed a fisheries agreement in Athens on Tuesday.",
        "Turkey and Greece signed a fisheries deal in Athens on Tuesday.",
    )
    assert [g.support for g in scored.groups] == [2, 2]


def test_support_raises_the_score_of_a_fact() -> None:
    scored = _score(FIRE_A, FIRE_B, FIRE_C)
    supported = max(scored.groups, key=lambda g: g.support)
    single = [g for g in scored.groups if g.support == 1]
    assert all(supported.score > g.score for g in single)


def test_scoring_is_deterministic() -> None:
    assert _score(FIRE_A, FIRE_B, FIRE_C) == _score(FIRE_A, FIRE_B, FIRE_C)


def test_no_sentences_gives_no_groups() -> None:
    scored = score(())
    assert scored.groups == () and scored.sentences == ()


# --- lookalikes and paraphrases (invented events) ------------------------------------------


LOOKALIKE = 0.32  # cosine of sentences that share nearly all their words


def _pair(a: str, b: str) -> tuple[Scored, bool, float]:
    """Score two one-sentence outlets: (scored, grouped together?, their cosine)."""
    scored = _score(a, b)
    together = any(len(g.members) == 2 for g in scored.groups)
    cosine = max((v for i, j, v in scored.similar if (i, j) == (0, 1)), default=0.0)
    return scored, together, cosine


def test_same_claim_with_different_numbers_is_a_rival_not_support() -> None:
    scored, together, cosine = _pair(
        "Police said 12 people were injured when a tram derailed in Lindholm on Sunday.",
        "Police said 40 people were injured when a tram derailed in Lindholm on Sunday.",
    )
    assert cosine >= LOOKALIKE  # only the conflict keeps them apart
    assert not together
    assert scored.rivals == ((0, 1),)


def test_one_number_written_two_ways_still_groups() -> None:
    _, together, _ = _pair(
        "Officials said 1,500 residents were evacuated from Ostby after the dam breach.",
        "About 1500 residents of Ostby were evacuated after the dam breach, officials said.",
    )
    assert together


def test_spelled_and_written_numbers_and_a_dateline_still_group() -> None:
    _, together, _ = _pair(
        "ROSTOCK (Reuters) - Two ferries collided outside the port of Rostock in fog on Friday.",
        "2 ferries collided in thick fog outside Rostock's port on Friday, the coast guard said.",
    )
    assert together


def test_same_claim_about_a_different_actor_does_not_group() -> None:
    _, together, cosine = _pair(
        "Germany's foreign minister visited Kyiv on Monday to discuss grain exports.",
        "France's foreign minister visited Kyiv on Monday to discuss grain exports.",
    )
    assert cosine >= LOOKALIKE
    assert not together


def test_sentences_sharing_only_a_long_name_do_not_group() -> None:
    _, together, cosine = _pair(
        "Ingrid Solvang Berge confirmed the closure of the Nordvik ferry terminal.",
        "Ingrid Solvang Berge won a sailing race near Nordvik.",
    )
    assert cosine >= LOOKALIKE
    assert not together


def test_conflict_names_the_reason() -> None:
    def reason(a: str, b: str) -> str | None:
        sa, sb = segment([Article("a", "a", a), Article("b", "b", b)])
        return conflict(features(sa), features(sb))

    assert reason("Floods cut 3 roads.", "Floods cut 5 roads.") == "numbers"
    assert reason("Floods cut 3 roads.", "Floods cut three roads.") is None
    assert reason("The dam was built in 1961.", "The dam was built in 1971.") == "numbers"
    assert reason("Mayor Lund visited the site.", "Mayor Berg visited the site.") == "actors"
    assert reason("Mayor Lund visited the site.", "Mayor Lund visited the flooded site.") is None


def test_representative_is_a_complete_statement_not_a_quote_tail() -> None:
    scored = _score(
        "We will rebuild every bridge before winter,” Mayor Hilde Lund told reporters in Ostby.",
        "Mayor Hilde Lund told reporters in Ostby that every bridge would be rebuilt before "
        "winter.",
    )
    assert select(scored).consensus[0].source == "s2"


def test_representative_is_not_a_sentence_leaning_on_the_previous_one() -> None:
    scored = _score(
        "The closure came one day after engineers found cracks in the Ostby dam wall.",
        "Engineers found cracks in the wall of the Ostby dam, officials said on Tuesday.",
    )
    assert select(scored).consensus[0].source == "s2"


def test_fast_lexrank_rates_exactly_like_sumy() -> None:
    article = Article("s1", "o1", FIRE_A + " " + FIRE_B + " " + FIRE_C)
    sentences = segment([article])
    assert rate_with(FastLexRank, sentences) == rate_with(LexRankSummarizer, sentences)
