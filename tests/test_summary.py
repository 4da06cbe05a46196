"""summary: the summary mode's concept coverage (word pairs that many outlets use)."""

from __future__ import annotations

from briefgen.models import Article
from briefgen.segment import segment
from briefgen.summary import concepts, shared_concepts, summary


def _sentences(texts: list[str]) -> list:
    return segment([Article(f"s{k}", f"o{k}", t) for k, t in enumerate(texts, 1)])


def test_a_concept_is_a_word_pair_that_enough_independent_outlets_use() -> None:
    sentences = _sentences(
        [
            "The grain terminal in Vesby burned on Monday.",
            "Fire crews saved the grain terminal.",
            "The grain terminal will reopen, fire crews said.",
            "Ola Brekke runs the grain terminal.",
        ]
    )
    found = shared_concepts(sentences, [s.source for s in sentences], share=0.5)
    assert found == {
        ("the", "grain"): 1.0,  # one stop word: a pair all the same
        ("grain", "terminal"): 1.0,
        ("fire", "crews"): 0.5,
    }
    # outlet 3 copies outlet 2: its words count once, so "fire crews" is one outlet's of three
    voice = ["s1", "s2", "s2", "s4"]
    assert ("fire", "crews") not in shared_concepts(sentences, voice, share=0.5)


def test_pairs_of_stop_words_are_no_concepts() -> None:
    (sentence,) = _sentences(["It was in the harbour of Vesby."])
    assert ("in", "the") not in concepts(sentence, frozenset({"it", "was", "in", "the", "of"}))
    assert ("harbour", "of") in concepts(sentence, frozenset({"it", "was", "in", "the", "of"}))


def test_the_summary_spreads_over_what_the_outlets_agree_on() -> None:
    from briefgen.models import Group, Scored

    texts = [
        "Storm Elin closed the Vesby bridge on Saturday. "
        "Storm Elin closed the Vesby bridge early in the morning. "
        "The ferry to Ostby was cancelled for the weekend.",
        "Storm Elin closed the Vesby bridge, police in Ostby said on Saturday night. "
        "The ferry to Ostby did not sail.",
        "Storm Elin closed the Vesby bridge, the county's roads office said on Saturday. "
        "The ferry to Ostby stayed in port.",
    ]
    sentences = _sentences(texts)
    rated = [1.0, 0.9, 0.8, 0.1, 0.1, 0.1, 0.1]  # the first outlet's sentences rate best
    scored = Scored(
        sentences=tuple(sentences),
        groups=tuple(
            Group((k,), (s.source,), 1, r)
            for k, (s, r) in enumerate(zip(sentences, rated, strict=True))
        ),
        salience=tuple(rated),
        topicality=tuple(rated),
        similar=(),
    )
    # the bridge told again rates next, but the ferry is what the outlets agree on besides
    assert summary(scored, words=12) == [
        "Storm Elin closed the Vesby bridge on Saturday.",
        "The ferry to Ostby was cancelled for the weekend.",
    ]
