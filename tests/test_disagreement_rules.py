"""The disagreement finder's rules of news language, each on invented pairs of reports that
must and must not be rivals: what makes two figures or days figures of the same thing."""

from __future__ import annotations

from briefgen.analysis import find_disagreements
from briefgen.models import Article
from briefgen.segment import segment


def rivals(*texts: str, same_fact: bool = False, published: str | None = None) -> list[set[str]]:
    """The values of each disagreement found between one-article outlets."""
    articles = [
        Article(f"o{n}", f"o{n}", text, published=published) for n, text in enumerate(texts)
    ]
    sentences = segment(articles)
    pairs = [(i, j) for i in range(len(sentences)) for j in range(i + 1, len(sentences))]
    found = find_disagreements(sentences, articles, same_fact=pairs if same_fact else ())
    return [{c.value for c in d.claims} for d in found if d.kind != "speaker"]


# -- clock times ------------------------------------------------------------------------


def test_an_approximate_time_is_not_a_rival_of_a_minute_within_it() -> None:
    a = "The storm surge reached the harbour of Vesby at around 9 p.m. on Tuesday, officials said."
    b = "The storm surge reached the harbour of Vesby at 9:12 p.m. on Tuesday, officials said."
    c = "The storm surge reached the harbour of Vesby just after 9 p.m. on Tuesday, officials said."
    assert rivals(a, b) == []
    assert rivals(c, b) == []


def test_times_an_hour_apart_are_rivals_however_they_are_qualified() -> None:
    a = "The storm surge reached the harbour of Vesby at around 9 p.m. on Tuesday, officials said."
    b = "The storm surge reached the harbour of Vesby at 10:15 p.m. on Tuesday, officials said."
    c = "The storm surge reached the harbour of Vesby at 9:40 p.m. on Tuesday, officials said."
    assert rivals(a, b) == [{"21:00", "22:15"}]
    assert rivals(b, c) == [{"21:40", "22:15"}]  # exact times: any difference


# -- days -------------------------------------------------------------------------------


def test_the_day_of_a_statement_is_not_the_day_of_the_event() -> None:
    # a blog post (or statement, briefing ...) on Thursday says what happened on Tuesday
    a = (
        "In a blog post on Thursday, Halvorsen Systems said the faulty patch reached "
        "its customers' servers."
    )
    b = "Halvorsen Systems said the faulty patch reached its customers' servers on Tuesday."
    assert rivals(a, b, published="2031-05-09") == []
    assert rivals(a, b, same_fact=True, published="2031-05-09") == []


def test_a_day_after_the_event_is_not_its_day() -> None:
    a = "Villagers in Ostrava Dolna slept outside on Sunday after the landslide hit the valley."
    b = "The landslide hit the valley near Ostrava Dolna on Saturday, burying twelve houses."
    assert rivals(a, b, same_fact=True, published="2031-05-12") == []
    # without "after the", the same sentence gives the landslide's day: a rival
    c = "The landslide hit the valley near Ostrava Dolna on Sunday, burying twelve houses."
    assert len(rivals(c, b, same_fact=True, published="2031-05-12")) == 1


def test_a_date_in_another_clause_does_not_date_the_shared_fact() -> None:
    # the engine calls both "the flood hit Lindau", but the first's only day is the rescuers'
    a = (
        "A severe flood hit Lindau, killing 14 people, and the toll was expected to rise "
        "as rescuers searched on Thursday through collapsed cellars."
    )
    b = "Late on Wednesday night a severe flood hit Lindau, and 9 people have died."
    found = rivals(a, b, same_fact=True, published="2031-03-14")
    assert all(not any("day" in v or "-" in v for v in values) for values in found), found
    # the day of the flood itself, in two words, is compared
    c = "A severe flood hit Lindau on Thursday, killing 14 people."
    dates = rivals(c, b, same_fact=True, published="2031-03-14")
    assert any(any("Thursday" in v for v in values) for values in dates), dates
