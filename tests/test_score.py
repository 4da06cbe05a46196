"""score: same-fact grouping across outlets, support, and determinism on tiny corpora."""

from __future__ import annotations

from briefgen.models import Article, Scored
from briefgen.score import score
from briefgen.segment import segment

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


def test_every_sentence_is_in_exactly_one_group() -> None:
    scored = _score(FIRE_A, FIRE_B, FIRE_C)
    members = sorted(m for g in scored.groups for m in g.members)
    assert members == list(range(len(scored.sentences)))


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
    assert len(scored.groups) == 1 and scored.groups[0].support == 2


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
