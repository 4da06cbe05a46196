"""selection: consensus vs unique facts, redundancy, budgets and verbatim text."""

from __future__ import annotations

from briefgen.models import Article
from briefgen.score import score
from briefgen.segment import segment
from briefgen.selection import detail, select
from briefgen.summary import summary

STORM = [
    "Storm Elin brought winds of 140 km/h to the northern coast on Saturday, "
    "the weather office said. "
    "Ferries between the islands were cancelled for the weekend. "
    "A lighthouse keeper on Vardø island recorded the strongest gust in twenty years.",
    "The weather office said Storm Elin hit the northern coast with winds of 140 km/h on Saturday. "
    "All island ferries were cancelled for the weekend because of the storm. "
    "Two fishing boats broke loose in the harbour of Kjøllefjord and sank overnight.",
    "Winds of 140 km/h struck the northern coast on Saturday as Storm Elin arrived, "
    "according to the weather office. "
    "Power company Nordlys said 12,000 homes lost electricity during the night.",
]


def _scored() -> object:
    articles = [Article(f"s{i}", f"o{i}", t) for i, t in enumerate(STORM, 1)]
    return score(segment(articles))


def test_consensus_facts_need_two_sources_and_cite_them_all() -> None:
    chosen = select(_scored())
    assert chosen.consensus
    top = chosen.consensus[0]
    assert top.support == 3 and set(top.sources) == {"s1", "s2", "s3"}
    assert {e.source for e in top.evidence} == set(top.sources)
    assert all(f.support >= 2 for f in chosen.consensus)


def test_unique_facts_come_from_one_source_each() -> None:
    chosen = select(_scored())
    assert len(chosen.unique) >= 2
    assert all(len(f.sources) == 1 and f.support == 1 for f in chosen.unique)


def test_selected_text_is_verbatim_from_its_source() -> None:
    chosen = select(_scored())
    for fact in (*chosen.consensus, *chosen.unique):
        assert fact.text in STORM[int(fact.source[1:]) - 1]
        for evidence in fact.evidence:
            assert evidence.text in STORM[int(evidence.source[1:]) - 1]


def test_no_two_selected_facts_repeat_each_other() -> None:
    chosen = select(_scored(), min_sources=1)
    texts = [f.text for f in (*chosen.consensus, *chosen.unique)]
    winds = [t for t in texts if "140 km/h" in t]
    assert len(winds) == 1


def test_budgets_are_respected() -> None:
    chosen = select(_scored(), max_facts=2)
    assert len(chosen.consensus) + len(chosen.unique) <= 2
    chosen = select(_scored(), words=25)
    assert sum(len(f.text.split()) for f in (*chosen.consensus, *chosen.unique)) <= 25


def test_min_sources_above_support_leaves_no_consensus() -> None:
    assert select(_scored(), min_sources=4).consensus == ()


def test_summary_puts_the_shared_fact_first_and_stops_near_the_limit() -> None:
    sentences = summary(_scored(), words=30)
    assert "140 km/h" in sentences[0]
    assert sum(len(s.split()) for s in sentences[:-1]) < 30


def test_selection_is_deterministic() -> None:
    assert select(_scored()) == select(_scored())


def test_detail_rewards_figures_new_names_and_dates() -> None:
    vague, detailed = segment(
        [
            Article("s1", "o1", "Residents described the night as long and frightening."),
            Article("s2", "o2", "Harbour chief Ola Nordmann said 14 boats sank on Saturday."),
        ]
    )
    assert detail(vague) == 0.0
    assert detail(detailed) == 1.0
    assert detail(detailed, known=frozenset({"ola", "nordmann"})) < 1.0


def test_unique_facts_skip_quote_tails_and_sentences_that_lean_on_others() -> None:
    texts = [
        *STORM[:2],
        STORM[2] + " The decision came one day after ferries were stopped on Friday. "
        "It is not safe to sail before Monday,” harbour chief Ola Nordmann told reporters.",
    ]
    articles = [Article(f"s{i}", f"o{i}", t) for i, t in enumerate(texts, 1)]
    chosen = select(score(segment(articles)), max_facts=12)
    texts_out = [f.text for f in chosen.unique]
    assert not any(t.startswith(("The decision came", "It is not safe")) for t in texts_out)


def test_the_default_cap_leaves_room_for_two_distinctive_facts_of_every_outlet() -> None:
    from briefgen.selection import MAX_FACTS, default_max_facts

    assert default_max_facts(5) == MAX_FACTS == 24
    assert default_max_facts(9) == 28
    assert default_max_facts(12) == 34
    assert default_max_facts(40) == 40  # a brief, not a digest of every outlet


def test_what_only_an_outlet_and_its_copy_tell_is_new_for_the_outlet() -> None:
    from briefgen.selection import _novelty

    original = (
        "Fire crews contained a blaze at the grain terminal in Vesby on Wednesday. "
        "The harbour master Ola Brekke said the terminal's silos held 4,000 tonnes of barley."
    )
    copy = (
        "Fire crews contained the blaze at the grain terminal in Vesby on Wednesday. "
        "The harbour master Ola Brekke said the terminal's silos held 4,000 tonnes of barley."
    )
    other = "A fire at the grain terminal in Vesby was contained by crews on Wednesday."
    articles = [
        Article("s1", "s1", original),
        Article("s2", "s2", copy),
        Article("s3", "s3", other),
    ]
    sentences = segment(articles)
    scored = score(sentences, voices={"s2": "s1"})
    k = next(i for i, s in enumerate(sentences) if s.source == "s1" and "Brekke" in s.text)
    assert _novelty(scored, [k])[k] > 0.5


def test_a_named_speakers_words_are_on_topic_however_few_story_words_they_share() -> None:
    from briefgen.pipeline import make_brief

    lead = "Fire crews contained a blaze at the grain terminal in Vesby on Wednesday."
    texts = [
        f"{lead} About 300 residents were evacuated from streets around the terminal.",
        f"{lead} Two firefighters were treated for smoke inhalation at the scene.",
        f"{lead} The terminal's owner said the silos would be inspected on Thursday.",
        f'{lead} "I have never seen anything like it in thirty years," said Ola Brekke.',
    ]
    articles = [Article(f"s{k}", f"Outlet {k}", t) for k, t in enumerate(texts, 1)]
    brief = make_brief(articles, date="2026-01-01")
    assert any("Ola Brekke" in f.text and f.sources == ("s4",) for f in brief.unique)


def test_an_outlets_distinctive_fact_is_not_a_retelling_of_a_fact_it_is_cited_for() -> None:
    from briefgen.pipeline import make_brief

    lead = "Fire crews contained a blaze at the grain terminal in Vesby on Wednesday."
    retold = (
        "On Thursday harbour master Ola Brekke addressed residents at a packed meeting in Ostby "
        'town hall, stating firmly: "Fire crews contained the blaze at the grain terminal in '
        'Vesby on Wednesday."'
    )
    texts = [
        f"{lead} {retold} Residents were asked to keep their windows closed.",
        f"{lead} Two firefighters were treated for smoke inhalation at the scene.",
        f"{lead} The terminal's owner said the silos would be inspected on Thursday.",
    ]
    articles = [Article(f"s{k}", f"Outlet {k}", t) for k, t in enumerate(texts, 1)]
    brief = make_brief(articles, date="2026-01-01", max_facts=4)
    assert [(f.text, set(f.sources)) for f in brief.consensus] == [(lead, {"s1", "s2", "s3"})]
    # one distinctive fact per outlet fits: outlet 1's is what only it tells
    assert [f.text for f in brief.unique if f.sources == ("s1",)] == [
        "Residents were asked to keep their windows closed."
    ]
