"""match: the one same-fact decision on small hand-made pairs that must and must not match."""

from __future__ import annotations

import pytest

from briefgen.compose import Context, compose
from briefgen.models import Article, Brief, Sentence
from briefgen.pipeline import make_brief
from briefgen.score import lexical, match
from briefgen.score.similarity import terms
from briefgen.segment import words


def _sentence(text: str) -> Sentence:
    return Sentence("x", 0, 0, text, words(text), ())


def _s(text: str) -> match.Statement:
    return match.statement(_sentence(text))


WEIGHTS = match.idf_weights([])  # every term weighs the same


@pytest.mark.parametrize(
    ("claim", "text"),
    [
        ("Rescuers met the mayor in Lindholm on Sunday.", "The mayor meets rescuers in Lindholm."),
        (
            "Ostby raised its levy on fuel to 0.5% on Monday.",
            "On Monday Ostby raised the fuel levy to 0.5 per cent.",
        ),
        (
            "The fire brigade said 1,024 homes lost power in Halden.",
            "In Halden 1024 homes lost power, the fire brigade said.",
        ),
        ("A six-wicket win gave Norden the cup.", "Norden won the cup by six wickets."),
        ("Thirty-two homes lost power in Halden.", "In Halden 32 homes lost power."),
        ("Seventeen boats sank off Ostby.", "Off Ostby 17 boats sank."),
        (  # a rounding of the figure
            "Kari Berge finished second with 33% of the vote in Norland.",
            "In Norland Kari Berge finished second with 33.4% of the vote.",
        ),
    ],
)
def test_other_wordings_of_one_fact_state_it(claim: str, text: str) -> None:
    assert match.compare(_s(claim), _s(text), WEIGHTS).states


@pytest.mark.skipif(not lexical.available(), reason="WordNet (wordnet-base) not installed")
def test_near_synonyms_count_with_wordnet() -> None:
    found = match.compare(
        _s("Nobody was hurt in the warehouse fire in Halden."),
        _s("There were no injuries in the Halden warehouse fire."),
        WEIGHTS,
    )
    assert found.states


@pytest.mark.parametrize(
    ("claim", "text", "why"),
    [
        (
            "Police said 12 people were injured when a tram derailed in Lindholm.",
            "Police said 40 people were injured when a tram derailed in Lindholm.",
            "numbers",
        ),
        (
            "Germany's foreign minister arrived in Lindholm on Sunday.",
            "France's foreign minister arrived in Lindholm on Sunday.",
            "actors",
        ),
        (
            "The Halden bridge was reopened to traffic on Monday.",
            "The Halden bridge was not reopened to traffic on Monday.",
            "negation",
        ),
    ],
)
def test_a_different_number_actor_or_negation_is_no_support(
    claim: str, text: str, why: str
) -> None:
    found = match.compare(_s(claim), _s(text), WEIGHTS)
    assert not found.states and found.conflict == why


def test_a_different_place_is_missing_key_content() -> None:
    found = match.compare(
        _s("Floods closed the main road in Lindholm on Tuesday."),
        _s("Floods closed the main road in Ostby on Tuesday."),
        match.idf_weights([["lindholm"], ["ostby"], ["flood"], ["road"]] * 3),
    )
    assert not found.states


def test_without_wordnet_the_engine_still_matches_stems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFGEN_WORDNET", "off")
    lexical._wordnet.cache_clear()
    lexical._dictionary.cache_clear()
    lexical.concepts.cache_clear()
    try:
        assert not lexical.available()
        assert match.compare(
            _s("Rescuers reached the village of Ostby on Sunday."),
            _s("On Sunday rescuers reached Ostby village."),
            WEIGHTS,
        ).states
    finally:
        lexical._wordnet.cache_clear()
        lexical._dictionary.cache_clear()
        lexical.concepts.cache_clear()


FIRE = [
    "A fire destroyed the Halden paper mill on Monday night, the fire brigade said. "
    "About 60 firefighters fought the blaze. No one was hurt. "
    "The owner, Ragna Vik, said the mill would be rebuilt within a year.",
    "The paper mill in Halden was destroyed by a fire on Monday night. "
    "Some 85 firefighters fought the blaze, the fire brigade said. No one was hurt, police said. "
    "Insurers expect claims of about 40 million crowns for the mill.",
    "Fire destroyed Halden's paper mill on Monday night, according to the brigade. "
    "No one was hurt in the blaze. "
    "Smoke from the mill fire closed the E6 motorway for four hours overnight.",
]


def test_an_invented_event_gives_the_obvious_consensus_unique_and_disagreement() -> None:
    articles = [Article(f"s{k}", f"Outlet {k}", t) for k, t in enumerate(FIRE, 1)]
    brief = make_brief(articles, date="2026-01-01")
    top = brief.consensus[0]
    assert "mill" in top.text and set(top.sources) == {"s1", "s2", "s3"}
    for fact in brief.consensus:
        assert "60" not in fact.text and "85" not in fact.text  # rivals are not consensus
    assert any(
        "No one was hurt" in f.text and set(f.sources) == {"s1", "s2", "s3"}
        for f in brief.consensus
    ), brief.consensus  # a short denial every outlet makes is consensus, never "unique"
    assert not any("hurt" in f.text for f in brief.unique)
    unique: dict[str, str] = {}
    for fact in brief.unique:  # each outlet's most distinctive fact comes first
        unique.setdefault(fact.source, fact.text)
    assert "Ragna Vik" in unique.get("s1", "")
    assert "40 million" in unique.get("s2", "")
    assert "E6" in unique.get("s3", "")
    assert all(f.support == 1 and len(f.sources) == 1 for f in brief.unique)
    figures = [
        d for d in brief.disagreements if {c.value.split()[-1] for c in d.claims} == {"60", "85"}
    ]
    assert figures, brief.disagreements


def test_min_sources_never_shows_a_two_outlet_fact_as_unique() -> None:
    articles = [Article(f"s{k}", f"Outlet {k}", t) for k, t in enumerate(FIRE, 1)]
    brief = make_brief(articles, date="2026-01-01", min_sources=4)
    assert brief.consensus == ()  # three outlets cannot make a fact of four
    assert all(f.support == 1 for f in brief.unique)
    partial = {f.text: f.support for f in brief.partial}
    assert partial and all(2 <= n < 4 for n in partial.values())
    assert any("mill" in text and n == 3 for text, n in partial.items())


@pytest.mark.skipif(not lexical.available(), reason="WordNet (wordnet-base) not installed")
def test_the_lazy_wordnet_index_finds_what_nltk_finds() -> None:
    wn = lexical._wordnet()
    for word, pos, first in [("killed", "v", "kill.v.01"), ("quake", "n", "earthquake.n.01")]:
        assert wn.synsets(word, pos)[0].name() == first
    assert wn.synsets("fast", "s")  # satellite adjectives, read on demand
    assert wn.synsets("qwertyuiop", "n") == []


def test_who_is_quoted_for_a_fact_is_not_part_of_the_fact() -> None:
    quoted = _sentence(
        "According to the Norland Weather Office, the storm had gusts of 140 km/h when it "
        "reached the coast, and the rain lasted several hours."
    )
    bare = [text for text, _ in match.unattributed(quoted)]
    assert bare and not any("Institute" in text for text in bare)
    assert any(text.startswith("the storm had gusts of 140 km/h") for text in bare)
    plain = _sentence("The bridge will reopen on Monday.")
    assert match.unattributed(plain) == []
    # who says it, and where or when they said it
    stated = _sentence("Vesby's council will close the bridge, the mayor said in a statement.")
    assert [t for t, _ in match.unattributed(stated)] == ["Vesby's council will close the bridge"]


FILLER = (
    "Turnout was high in the northern provinces. Queues formed outside schools used as "
    "polling stations. Observers reported no serious irregularities.",
    "The capital celebrated late into the night. Fireworks lit the harbour after midnight. "
    "Markets rose on Monday morning.",
    "Her campaign focused on housing and rail links. She promised a new tunnel under the "
    "fjord. Opponents called the plan too costly.",
    "Rain fell across the west on election day. Postal votes were counted separately. "
    "The electoral board will certify the result on Friday.",
)


def _brief_of(leads: tuple[str, ...]) -> Brief:
    """Four outlets: each lead, then a filler paragraph of its own."""
    articles = [
        Article(f"s{k}", f"Outlet {k}", f"{lead} {filler}")
        for k, (lead, filler) in enumerate(zip(leads, FILLER, strict=True), 1)
    ]
    return make_brief(articles, date="2026-01-01")


def test_a_name_only_some_outlets_give_is_not_stated_by_the_others() -> None:
    leads = (
        "Lena Brandt on Sunday won the race for mayor of Norland's capital.",
        "Lena Brandt will become mayor of Norland's capital and the first Sami to hold the "
        "office in its history.",
        "Lena Brandt on Sunday won the race for mayor of Norland's capital and became its "
        "first Sami mayor.",
        "On Sunday Lena Brandt was elected mayor of Norland's capital.",
    )
    brief = _brief_of(leads)
    for fact in (*brief.consensus, *brief.partial, *brief.unique):
        if "Sami" in fact.text:
            assert set(fact.sources) == {"s2", "s3"}, fact  # never s1 or s4
    assert any("Sami" in f.text for f in brief.consensus)  # and told, beside the shared fact
    assert any(set(f.sources) == {"s1", "s2", "s3", "s4"} for f in brief.consensus)


def test_a_sentence_that_opens_by_naming_its_source_is_stated_without_it() -> None:
    bare = match.unattributed(
        _sentence("Officials said the bridge at Ostby will reopen on Monday.")
    )
    assert [text for text, _ in bare] == ["the bridge at Ostby will reopen on Monday."]


def test_a_weekday_in_the_possessive_is_no_date_to_contradict() -> None:
    # "Friday's close" dates the price, not the takeover that was agreed on Sunday
    claim = _s("Norsoft agreed to buy Vesby Data for 5 billion crowns, 25% above Friday's close.")
    text = _s("Norsoft said on Sunday it would buy Vesby Data for 5 billion crowns.")
    assert match.compare(claim, text, WEIGHTS).conflict is None
    day = match.compare(
        _s("The storm struck the Halden coast on Tuesday night."),
        _s("The storm struck the Halden coast on Thursday night."),
        WEIGHTS,
    )
    assert day.conflict == "days"


def test_a_fact_that_adds_its_own_figure_to_a_chosen_one_is_shown_too() -> None:
    leads = (
        "Norsoft will buy its rival Vesby Data, the market regulator said.",
        "Norsoft has agreed to buy Vesby Data for 5 billion crowns, a third more than its "
        "market value.",
        "Norsoft will buy Vesby Data for 5 billion crowns, the company said on Sunday.",
        "Norsoft is to buy its smaller rival Vesby Data, the market regulator said.",
    )
    brief = _brief_of(leads)
    priced = [f for f in brief.consensus if "5 billion" in f.text]
    assert priced and set(priced[0].sources) == {"s2", "s3"}
    assert any(set(f.sources) >= {"s1", "s4"} for f in brief.consensus)


def test_a_clause_about_part_of_what_came_before_is_no_claim_of_its_own() -> None:
    text = "Nine residents of Ostby sat on the panel, two of them retired judges."
    found = match.clauses(_sentence(text))
    assert [t for t, _ in found] == [text]


def test_a_relative_clause_is_said_of_the_noun_before_it() -> None:
    text = "She belongs to the Harbour Party, which the former mayor Ola Brekke founded."
    found = match.clauses(_sentence(text))
    assert not any(t.startswith("which") for t, _ in found)


def test_another_rank_is_no_support_and_a_rank_in_digits_is_the_same() -> None:
    claim = _s("Ola Brekke is the fifth mayor of Vesby to win a third term in office.")
    other = _s("Ola Brekke is the seventh mayor of Vesby, and the third from Ostby, to win a term.")
    found = match.compare(claim, other, WEIGHTS)
    assert found.missing == "ordinal" and not found.states
    fifth = _s("Ola Brekke is the 5th mayor of Vesby to win a third term in office.")
    assert match.compare(claim, fifth, WEIGHTS).states
    # a text that gives no rank at all is judged on its words, as before
    plain = match.compare(
        _s("Norden won a sixth cup on Sunday."), _s("On Sunday Norden won the cup."), WEIGHTS
    )
    assert plain.missing != "ordinal"


def test_two_figures_and_every_name_state_a_claim_worded_with_other_verbs() -> None:
    found = match.compare(
        _s("Ola Lind's marathon 140 stand with Kari Berge, who ended unbeaten on 51, decided it."),
        _s("Ola Lind and Kari Berge (51 from 60 balls) then put on 140 together."),
        WEIGHTS,
    )
    assert found.states


def test_one_figure_and_a_name_do_not_state_what_happened() -> None:
    found = match.compare(
        _s("Kari Berge finished unbeaten on 51 to decide the final in Vesby."),
        _s("Kari Berge, 51, was named head coach in Vesby."),
        WEIGHTS,
    )
    assert not found.states and found.missing == "predicate"


def test_a_verb_that_only_says_a_figure_was_reached_is_told_by_that_figure() -> None:
    claim = _s("Kari Berge scored 41 to lead Vesby home.")
    found = match.compare(
        claim, _s("A brilliant 41 from Kari Berge settled it for Vesby."), WEIGHTS
    )
    assert found.states
    # the same figure as an age says nothing of what she scored
    age = match.compare(claim, _s("Kari Berge, 41, settled it for Vesby."), WEIGHTS)
    assert not age.states and age.missing == "predicate"
    # a verb with content of its own is still asked for
    won = _s("Kari Berge won 41 caps before she led Vesby home.")
    assert match.compare(won, _s("A brilliant 41 from Kari Berge settled it."), WEIGHTS).missing


def test_figures_of_another_kind_are_no_rival_and_a_currency_after_its_country_is_money() -> None:
    offer = _s("Vesby Bank agreed to buy Ostby Bank for more than $5 billion.")
    price = _s("Vesby Bank will pay 6 billion Norland francs ($6.6 billion) for Ostby Bank.")
    shares = _s("Vesby Bank shares fell 12% after it agreed to buy Ostby Bank.")
    assert match.conflicts(offer, price)  # two amounts of money
    assert not match.conflicts(offer, shares)  # a share price move is no price
    francs = _s("Vesby Bank will pay 4 billion Norland francs for Ostby Bank.")
    assert [f.kind for f in francs.figures] == ["money"]


def test_a_name_set_off_by_commas_is_the_subject_of_the_clause_after_it() -> None:
    text = "The opposition candidate, Kari Berge, finished second with 33%, while Ola Lind got 6%."
    assert [t for t, _ in match.clauses(_sentence(text))] == [
        "The opposition candidate, Kari Berge, finished second with 33%",
        "while Ola Lind got 6%.",
    ]
    claim = match.clauses(_sentence(text))[0][1]
    lind = _s("Ola Lind finished second with 33% of the vote in Vesby.")
    assert not match.compare(claim, lind, WEIGHTS).states  # Lind's second place is not hers


def test_a_description_between_a_name_and_its_clause_is_a_claim_of_its_own() -> None:
    text = "Officials said that Berge, the two-term mayor of Vesby, won 46% of the vote on Sunday."
    claims = dict(match.unattributed(_sentence(text)))
    assert list(claims) == [
        "the two-term mayor of Vesby",
        "Berge won 46% of the vote on Sunday.",
    ]
    # the result is stated by an outlet that gives it without the description...
    result = _s("On Sunday Berge won 46% of the vote, the count showed.")
    assert match.compare(claims["Berge won 46% of the vote on Sunday."], result, WEIGHTS).states
    # ...and the description alone is not the result
    other = _s("Berge, the two-term mayor of Vesby, opened a school on Sunday.")
    assert not match.compare(claims["Berge won 46% of the vote on Sunday."], other, WEIGHTS).states
    # a sentence that opens with its subject described the same way
    text = "The two-term mayor of Vesby, a lawyer by training, won 46% of the vote on Sunday."
    assert [t for t, _ in match.clauses(_sentence(text))] == [
        "a lawyer by training",
        "The two-term mayor of Vesby won 46% of the vote on Sunday.",
    ]


def test_a_time_of_day_is_no_quantity_and_a_time_zone_no_name() -> None:
    found = _s("The storm struck Vesby at 9 pm (2100 GMT) on Tuesday, killing 12 people.")
    assert found.numbers == frozenset({"12"})
    assert all("gmt" not in name for name in found.names)


def test_an_adjective_in_ful_is_not_its_noun() -> None:
    from briefgen.score.similarity import stem

    assert stem("powerful") != stem("power")
    assert stem("powers") == stem("power")


def test_names_before_the_same_time_word_are_not_rival_actors() -> None:
    found = match.compare(
        _s("A strong storm hit Norland late on Tuesday, the agency said."),
        _s("Striking Vesby late on Tuesday, the storm damaged homes across the region."),
        WEIGHTS,
    )
    assert found.conflict is None


def test_a_name_that_shares_a_word_with_another_is_still_another_actor() -> None:
    found = match.compare(
        _s("The militant group Vesby Front claimed responsibility for the attack, police said."),
        _s("The radical group Ostby Front claimed responsibility for the attack."),
        WEIGHTS,
    )
    assert not found.states and found.conflict == "actors"
    short = match.compare(  # a short form of the same name is no other actor
        _s("Police chief Ola Brekke said the attack in Vesby was planned."),
        _s("Brekke said the Vesby attack was planned, police reported."),
        WEIGHTS,
    )
    assert short.conflict is None
    # the claim's actor named short, beside another holder of the same title, is no rival
    window = match.join(
        [
            _s("Voters in Vesby on Sunday re-elected Berge for a third term."),
            _s("On Monday Berge thanked Mayor Ola Brekke of Ostby."),
        ]
    )
    claim = _s("Voters in Vesby on Sunday re-elected Mayor Kari Berge for a third term.")
    assert match.compare(claim, window, WEIGHTS).conflict is None


def test_a_canonical_term_and_its_variants_are_one_term() -> None:
    assert _s("The defence ministries met.").terms == _s("The defense ministry met.").terms
    assert _s("Hospitals around the world shut.").terms == _s("Hospitals worldwide shut.").terms


def test_a_clock_time_says_the_part_of_the_day() -> None:
    claim = _s("Late on Monday night a powerful storm flooded Vesby harbour.")
    # "11:40 pm on Monday" is late on Monday night: the same fact
    for text in (
        "The storm flooded Vesby harbour at 11:40 pm on Monday.",
        "At 23:40 on Monday the storm flooded Vesby harbour.",
    ):
        assert match.compare(claim, _s(text), WEIGHTS).states, text
    parts = {"night", "late", "earli", "morn", "afternoon", "even"}
    said = {
        "at 9:40 am on Monday": {"morn"},
        "at 4.30 p.m. on Monday": {"afternoon"},
        "at 00:15 on Monday": {"night", "earli"},
        "at 2340 GMT on Monday": set(),  # another zone's clock
        "at 23:40 GMT on Monday": set(),
        "before the 1:30 deadline": set(),  # which half of the day is not said
        "won 3-1 in 11 days": set(),
    }
    for text, expected in said.items():
        assert set(terms(_sentence(text))) & parts == expected, text


STORM = [
    "Late on Monday night a storm flooded Vesby harbour, and 40 homes lost power in Ostby. "
    "The harbour master, Ola Brekke, said three boats sank at their moorings. "
    "Repairs to the quay will take until spring, the council said.",
    "A storm flooded Vesby harbour late on Monday night, while the ferry to Norland was cancelled. "
    "Kari Berge, who runs the ferry line, said crossings were cancelled until Wednesday. "
    "The storm was the worst on the coast since 1998.",
    "Vesby harbour was flooded by the storm late on Monday night, as gusts reached 120 km/h. "
    "Fishermen spent Tuesday pumping water out of the fish market. "
    "The regional weather office had warned of the storm for days.",
]


def test_sources_that_state_part_of_a_fact_are_cited_in_part() -> None:
    articles = [Article(f"s{k}", f"Outlet {k}", t) for k, t in enumerate(STORM, 1)]
    brief = make_brief(articles, date="2026-01-01")
    flood = next(f for f in brief.consensus if "flooded" in f.text)
    assert set(flood.sources) == {"s1", "s2", "s3"}
    # each outlet adds a clause of its own: the others are cited for the flood alone
    assert flood.claim is not None and "flooded" in flood.claim and flood.claim in flood.text
    assert "," not in flood.claim
    context = Context(brief, {})
    shown = context.number(flood.source)
    assert context.in_part(flood) == sorted({1, 2, 3} - {shown})
    assert f"[{shown}; in part " in context.cite_text(flood)
    assert "; in part [" in compose(brief, "daily")
    assert f"only “{flood.claim}”" in compose(brief, "full")
