"""Story clustering (briefgen.stories): the linkage's rules on tiny hand-written piles.

Each pile is a few invented reports; the assertions are which articles end up together.
The quality on real collections is measured by benchmarks/stories.py, not asserted here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from briefgen import ingest
from briefgen.models import Article
from briefgen.stories import features, find_stories

DAY1 = Path(__file__).parent / "fixtures" / "edition" / "day1"

BRIDGE = [
    "Kellby council closed the Old Mill bridge on Monday after engineers found cracks in two "
    "of its steel girders. Mayor Ines Ortiz said the bridge would stay shut until repairs are "
    "done. Traffic was sent through the harbour road, and drivers faced long queues.",
    "Engineers found cracks in the girders of the Old Mill bridge, and Kellby council shut it "
    "to traffic on Monday. Mayor Ines Ortiz said that repairs to the steel could take weeks. "
    "Buses were diverted along the harbour road.",
    "The Old Mill bridge in Kellby is closed. Council engineers discovered cracked steel "
    "girders during an inspection, Mayor Ines Ortiz said on Monday. Drivers now queue on the "
    "harbour road while repairs are planned.",
    "Cracked girders have closed the Old Mill bridge. Kellby's engineers spotted the damage "
    "to the steel on Monday, and the harbour road now carries the diverted traffic, Mayor "
    "Ines Ortiz said.",
    "Drivers in Kellby queued on the harbour road on Monday after the council shut the Old "
    "Mill bridge. Inspecting engineers had found cracks in its steel girders; Mayor Ines "
    "Ortiz promised quick repairs.",
]
BUDGET = [
    "Kellby council approved its budget by nine votes to four. Mayor Ines Ortiz said the "
    "budget raises property taxes by two percent and keeps both libraries open. Councillors "
    "from the opposition said families would pay more for less.",
    "Councillors in Kellby voted nine to four to pass the budget, which lifts property taxes "
    "two percent. Mayor Ines Ortiz said the libraries and the swimming pool are saved. "
    "Opposition councillors called the tax rise unfair.",
    "Kellby's budget passed the council, nine votes to four. The property tax goes up two "
    "percent, Mayor Ines Ortiz said, and the libraries stay open. People at the meeting "
    "booed the opposition councillors.",
    "A two percent rise in property taxes is in the Kellby budget that councillors passed "
    "nine to four. The libraries will stay open, said Mayor Ines Ortiz.",
    "Opposition councillors lost the budget vote in Kellby nine to four. The budget raises "
    "property taxes two percent; Mayor Ines Ortiz said it saves the libraries and the pool.",
]
CUP = [
    "Rovers beat Athletic three goals to one in the cup final at the national stadium on "
    "Saturday, with two goals from their captain Lena Brandt.",
    "Athletic lost the cup final to Rovers on Saturday; Rovers captain Lena Brandt scored "
    "twice in front of a full national stadium.",
    "Lena Brandt's two goals won Rovers the cup, three to one against Athletic, at the "
    "national stadium.",
]
STORM = [
    "Storm Elin cut power to forty thousand homes on the east coast on Sunday, and rail "
    "services were suspended.",
    "Forty thousand homes lost power as Storm Elin hit the east coast on Sunday; trains "
    "stopped running.",
]
WIRE = (
    "Storm Elin cut power to forty thousand homes on the east coast on Sunday. Rail services "
    "between Dunmore and Kellby were suspended after trees fell on the line, and the "
    "coastguard rescued two fishermen off Carrick Point. Winds reached one hundred and "
    "twenty kilometres an hour."
)
OWN = [
    "Storm Elin left forty thousand homes without power on Sunday. At the Dunmore sports "
    "hall, which opened as a shelter, Red Cross volunteers handed out blankets and soup to "
    "families from the flooded harbour streets.",
    "Volunteers at the Dunmore sports hall shelter served soup and blankets to families who "
    "fled the flooded harbour streets as Storm Elin cut power on the coast, the Red Cross said.",
    "Families from Dunmore's flooded harbour streets spent the night in the sports hall, "
    "where Red Cross volunteers brought blankets and hot soup after Storm Elin knocked out "
    "power.",
]
FLOOD = [
    "VESBY, Norland - The river Aske burst its banks in Vesby on Tuesday, flooding two "
    "hundred homes in the old town. Firefighters rescued twelve people from rooftops, the "
    "Norland fire service said.",
    "Two hundred homes in Vesby's old town were flooded on Tuesday when the Aske broke its "
    "banks. Twelve residents were lifted from their roofs by firefighters, according to "
    "Norland's fire service.",
    "Floodwater from the river Aske filled the streets of Vesby's old town on Tuesday. The "
    "Norland fire service said crews pulled twelve people off rooftops and that two hundred "
    "homes were under water.",
]
CONCERT = (
    "VESBY, Norland - The Vesby Philharmonic opened its winter season with a new symphony by "
    "the composer Karin Holt, and the concert hall was sold out for both evenings."
)
DAM_EARLY = [
    "The Halvorsen dam above Vesby cracked on Monday, and Norland's water agency emptied the "
    "reservoir. Engineer Tove Lund said the crack ran through the spillway wall.",
    "Norland's water agency drained the Halvorsen reservoir after a crack opened in the "
    "spillway wall of the dam above Vesby on Monday, engineer Tove Lund said.",
    "A crack in the spillway wall of the Halvorsen dam forced the water agency to empty the "
    "reservoir above Vesby, engineer Tove Lund said on Monday.",
]
DAM_LATE = [
    "The Halvorsen dam above Vesby, whose spillway wall cracked last month, will be repaired, "
    "Norland's water agency said; the reservoir stays empty, engineer Tove Lund said.",
    "Norland's water agency will repair the cracked spillway wall of the Halvorsen dam above "
    "Vesby and keep the reservoir empty until then, engineer Tove Lund said.",
]


def pile(texts: Sequence[str]) -> list[Article]:
    return [
        Article(f"s{k}", f"Outlet {k}", text, published="2031-05-06")
        for k, text in enumerate(texts, start=1)
    ]


def groups(articles: Sequence[Article], **knobs: float) -> list[list[str]]:
    """The stories as lists of article ids, in the order find_stories gives them."""
    found = find_stories(articles, [features(a) for a in articles], **knobs)  # type: ignore[arg-type]
    return [list(s.articles) for s in found]


def ids(first: int, count: int) -> list[str]:
    return [f"s{k}" for k in range(first, first + count)]


def test_two_tight_stories_on_one_subject_stay_two() -> None:
    """A bridge closure and a budget vote in one town, with one mayor: two stories.

    The two share the town, the council and the mayor, enough for the group average to
    pass the threshold; each story's reports are far closer to one another than to the
    other story's, and the cohesion test keeps them apart.
    """
    articles = pile(BRIDGE + BUDGET + CUP + STORM)
    bridge, budget = ids(1, 5), ids(6, 5)
    assert groups(articles) == [bridge, budget, ids(11, 3), ids(14, 2)]
    # the same pile without the cohesion test and the split pass: the town's two stories
    # become one
    assert groups(articles, cohesion=0.0, split=0.0)[0] == bridge + budget


def test_the_split_pass_cuts_two_stories_the_average_joined() -> None:
    """Without the cohesion test the group average joins the bridge and the budget; the
    split pass cuts them apart again, because each report's nearest neighbours are its own
    story's (its few links to the other story are weak and few)."""
    articles = pile(BRIDGE + BUDGET + CUP + STORM)
    assert groups(articles, cohesion=0.0)[:2] == [ids(1, 5), ids(6, 5)]


def test_a_wire_report_reprinted_many_times_joins_the_other_reports() -> None:
    """Eight outlets print one wire report word for word, three write their own: one story.

    The eight copies are one neighbour in the smoothing: with ten neighbours and a strict
    cohesion test, copies that filled eight places split two own reports off."""
    articles = pile([WIRE] * 8 + OWN + CUP)
    assert groups(articles) == [ids(1, 11), ids(12, 3)]
    assert groups(articles, smoothing=10, cohesion=0.5) == [ids(1, 11), ids(12, 3)]


WIRE_A = [
    "Storm Elin cut power to forty thousand homes on the east coast on Sunday.",
    "Rail services between Dunmore and Kellby were suspended after trees fell on the line.",
    "The coastguard rescued two fishermen off Carrick Point.",
    "Winds reached one hundred and twenty kilometres an hour.",
]
WIRE_B = [
    "Forty thousand households on the east coast lost electricity on Sunday as Storm Elin struck.",
    "Fallen trees blocked the railway between Dunmore and Kellby, and trains stopped.",
    "Two fishermen were plucked from the sea near Carrick Point by the coastguard.",
    "Gusts of one hundred and twenty kilometres an hour were recorded.",
]


def reprints(sentences: Sequence[str], count: int) -> list[str]:
    """``count`` copies of a report, each but every fifth with one sentence cut (as outlets
    trim a wire story): five different texts, each printed several times."""
    cut = len(sentences) + 1
    return [" ".join(s for i, s in enumerate(sentences) if i != k % cut) for k in range(count)]


def test_two_wire_reports_of_one_event_reprinted_many_times_are_one_story() -> None:
    """Two agencies' reports of one storm, each reprinted (and trimmed) by 25 outlets.

    Every copy's closest partners are copies of its own report, enough to fill all of
    its candidate places; the candidates are searched again with each group of copies
    as one row, so the two reports meet and are one story."""
    articles = pile(reprints(WIRE_A, 25) + reprints(WIRE_B, 25) + CUP)
    assert groups(articles) == [ids(1, 50), ids(51, 3)]


def test_an_article_that_shares_a_word_with_a_story_stays_alone() -> None:
    """Smoothing adds a report's neighbours to it, weighted by their cosine and normalised
    as a whole article: a museum piece with one faint neighbour in the election story keeps
    its own words and is not pulled into that story."""
    articles = ingest.load([str(DAY1)]).articles
    name = {a.id: Path(a.path or "").stem for a in articles}
    found = [sorted(name[x] for x in story) for story in groups(articles)]
    assert ["museum_herald"] in found
    assert ["vote_post", "vote_times", "vote_wire"] in found
    assert len(found) == 5


def test_a_lone_article_that_shares_only_the_town_stays_alone() -> None:
    """On a small day every article names the town: a concert review that shares only
    "Vesby" and "Norland" with three flood reports is not part of the flood story (a term
    found in every article weighs nothing), with three reports or two."""
    assert groups(pile([*FLOOD, CONCERT])) == [ids(1, 3), ["s4"]]
    assert groups(pile([*FLOOD[:2], CONCERT])) == [ids(1, 2), ["s3"]]


FERRY = [
    "The Norland ferry Aurora struck the harbour wall at Vesby on Friday night with 212 "
    "passengers aboard. Captain Erik Halvorsen said the steering failed as the ship turned "
    "into the port, and coastguard boats took 14 injured people to Vesby hospital.",
    "Fourteen people were hurt when the Aurora, a ferry of the Norland Line, hit the harbour "
    "wall at Vesby late on Friday. Passengers described a loud bang and broken glass in the "
    "lounge; the coastguard said all 212 people on board were accounted for.",
    "Norland's maritime investigators opened an inquiry on Saturday into why the Aurora "
    "lost its steering off Vesby. Chief investigator Sofie Lund said the ferry's data "
    "recorder had been recovered and the Norland Line was cooperating.",
    "The Norland Line cancelled all its crossings from Vesby for the weekend after the "
    "Aurora accident, and its chief executive Jonas Berg apologised to passengers. Captain "
    "Halvorsen had thirty years at sea, the company said.",
    "Vesby harbour stayed closed on Saturday while divers checked the damaged wall where the "
    "Aurora struck. The harbour master said ferries to Norland's islands would resume on "
    "Monday; the Norland Line's ship was towed to a repair yard.",
]


def test_a_pile_of_one_event_is_one_story() -> None:
    """Five reports of one ferry accident, each from its own angle (the injured, the
    inquiry, the company, the closed harbour), all naming the ship, the town and the line:
    one story. Read on this pile alone, a name in every report would weigh nothing and the
    angles would split it (three stories before); a name's rarity is read against a
    background of articles that do not have it. With other stories beside it, still one."""
    assert groups(pile(FERRY)) == [ids(1, 5)]
    assert groups(pile([*FERRY, *CUP, *STORM])) == [ids(1, 5), ids(6, 3), ids(9, 2)]


def test_build_briefs_a_pile_of_one_event_whole_without_a_warning() -> None:
    """``build``'s check for unrelated stories finds one story in the ferry pile."""
    from briefgen.pipeline import one_story

    warnings: list[str] = []
    kept, left_out = one_story(pile(FERRY), warnings.append)
    assert [a.id for a in kept] == ids(1, 5)
    assert left_out == () and warnings == []


def test_a_story_reported_again_four_weeks_later_is_one_story() -> None:
    """Three reports of a cracked dam, and four weeks later two reports of its repair that
    retell it: the time damping keeps the two bursts apart, the relink phase joins them
    (each is the other's closest cluster, as close across as inside). The cup final on
    the first day and the storm on the last stay their own stories."""
    first = [(t, "2031-05-05") for t in DAM_EARLY + CUP]
    later = [(t, "2031-06-02") for t in DAM_LATE + STORM]
    articles = [
        Article(f"s{k}", f"Outlet {k}", text, published=day)
        for k, (text, day) in enumerate(first + later, start=1)
    ]
    dam, cup, storm = [*ids(1, 3), *ids(7, 2)], ids(4, 3), ids(9, 2)
    assert groups(articles) == [dam, cup, storm]
    assert groups(articles, relink=False) == [ids(1, 3), cup, ids(7, 2), storm]


def test_term_counts_are_scikit_learns_to_the_bit() -> None:
    """The counting done in numpy gives TfidfVectorizer's matrix: values, layout, vocabulary."""
    from dataclasses import replace

    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    from briefgen.stories.vectors import term_counts

    found = [features(Article(f"s{k}", "o", text)) for k, text in enumerate(BRIDGE)]
    found += [replace(found[0], terms=(), names=()), replace(found[1], terms=found[1].terms * 3)]
    counts, vocabulary = term_counts(found)
    vectorizer = TfidfVectorizer(
        analyzer=lambda items: items, sublinear_tf=True, use_idf=False, norm=None
    )
    expected = sparse.csr_matrix(vectorizer.fit_transform([[*f.terms, *f.names] for f in found]))
    assert vocabulary == list(vectorizer.get_feature_names_out())
    for part in ("indptr", "indices", "data"):
        mine, theirs = getattr(counts, part), getattr(expected, part)
        assert (mine.dtype, mine.tobytes()) == (theirs.dtype, theirs.tobytes())
    empty = replace(found[0], terms=(), names=())
    assert term_counts([empty, empty])[0].shape == (2, 0)


def test_terms_counted_as_they_come_are_the_terms_counted_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Articles added in pieces of any size, across batch ends, give term_counts' matrix to
    the bit, and the clustering the same stories; counts that are not the features' are
    refused rather than clustered."""
    from briefgen.stories.vectors import TermCounts, term_counts

    articles = [Article(f"s{k}", "o", t) for k, t in enumerate(BRIDGE + BUDGET + BRIDGE[:2])]
    found = [features(a) for a in articles]
    monkeypatch.setattr(TermCounts, "BATCH", 4)  # batch ends inside and between pieces
    expected, vocabulary = term_counts(found)
    for sizes in ((1,) * len(found), (3, 1, 5, 2, 1), (len(found),)):
        counts, start = TermCounts(), 0
        for size in sizes:
            counts.add(found[start : start + size])
            start += size
        counts.add(found[start:])
        matrix, words = counts.result()
        assert words == vocabulary
        for part in ("indptr", "indices", "data"):
            mine, theirs = getattr(matrix, part), getattr(expected, part)
            assert (mine.dtype, mine.tobytes()) == (theirs.dtype, theirs.tobytes())
    counts = TermCounts()
    counts.add(found)
    assert find_stories(articles, found, counts=counts) == find_stories(articles, found)
    short = TermCounts()
    short.add(found[:-1])
    with pytest.raises(ValueError, match="term counts of 11 articles for 12"):
        find_stories(articles, found, counts=short)


def test_row_dots_in_threads_are_one_products_to_the_bit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pairs of rows dotted in slices on threads give the bits of one product over them
    all, whether every row is sorted (scipy's sorted path) or some are not (its general
    path, which adds in another order): a slice of sorted rows from a matrix that has
    unsorted ones must still add as the whole does."""
    import numpy as np
    from scipy import sparse

    from briefgen.stories import linkage

    monkeypatch.setattr(linkage, "ROW_DOTS_IN_THREADS", 1)
    rng = np.random.default_rng(7)
    matrix = sparse.csr_matrix(rng.random((40, 30)) * (rng.random((40, 30)) < 0.4))
    for row in range(1, 40, 4):  # every fourth row unsorted (reversed)
        span = slice(matrix.indptr[row], matrix.indptr[row + 1])
        matrix.indices[span], matrix.data[span] = (
            matrix.indices[span][::-1],
            matrix.data[span][::-1],
        )
    matrix.has_sorted_indices = False
    even = np.arange(0, 40, 2)  # sorted rows only
    a, b = np.repeat(even, 10), rng.choice(even, even.size * 10)
    with_unsorted = (np.append(a, 1), np.append(b, 5))
    for left, right in [(a, b), with_unsorted]:
        whole = np.asarray(matrix[left].multiply(matrix[right]).sum(axis=1)).ravel()
        for threads in (1, 2, 3, 8):
            assert linkage._row_dots(matrix, left, right, threads).tobytes() == whole.tobytes()
    # in chunks (as _pair_cosines bounds memory): each chunk adds as its own product does,
    # the first (sorted rows only) on the sorted path, the last on the general one
    left, right = with_unsorted
    chunks = [
        np.asarray(matrix[left[k : k + 150]].multiply(matrix[right[k : k + 150]]).sum(axis=1))
        for k in range(0, left.size, 150)
    ]
    expected = np.concatenate(chunks).ravel()
    for threads in (1, 2, 5):
        found = linkage._row_dots(matrix, left, right, threads, chunk=150)
        assert found.tobytes() == expected.tobytes()
        squares = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()  # each row with itself
        assert linkage._row_dots(matrix, None, None, threads).tobytes() == squares.tobytes()
