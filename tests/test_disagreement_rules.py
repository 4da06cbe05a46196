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
    # a statement (or post, briefing ...) on Thursday says what happened on Tuesday
    a = (
        "In a statement on Thursday, the Ostby water board said the pump failure cut "
        "water to the old town."
    )
    b = "The Ostby water board said the pump failure cut water to the old town on Tuesday."
    assert rivals(a, b, published="2031-05-09") == []
    assert rivals(a, b, same_fact=True, published="2031-05-09") == []


def test_a_day_after_the_event_is_not_its_day() -> None:
    a = "Farmers in Ostrava Dolna counted their sheep on Sunday after the hailstorm hit the valley."
    b = "The hailstorm hit the valley near Ostrava Dolna on Saturday, flattening twelve barns."
    assert rivals(a, b, same_fact=True, published="2031-05-12") == []
    # without "after the", the same sentence gives the hailstorm's day: a rival
    c = "The hailstorm hit the valley near Ostrava Dolna on Sunday, flattening twelve barns."
    assert len(rivals(c, b, same_fact=True, published="2031-05-12")) == 1


def test_a_date_in_another_clause_does_not_date_the_shared_fact() -> None:
    # the engine calls both "the blaze gutted the market", but the first's only day is the
    # searchers'
    a = (
        "A fierce blaze gutted the Lindau market, leaving 6 traders hurt, and officials feared "
        "the worst as crews searched on Thursday through the ruins."
    )
    b = "The fierce blaze gutted the Lindau market late on Wednesday night and 4 traders were hurt."
    found = rivals(a, b, same_fact=True, published="2031-03-14")
    assert all(not any("day" in v or "-" in v for v in values) for values in found), found
    # the day of the blaze itself, in two words, is compared
    c = "A fierce blaze gutted the Lindau market on Thursday, leaving 6 traders hurt."
    dates = rivals(c, b, same_fact=True, published="2031-03-14")
    assert any(any("Thursday" in v for v in values) for values in dates), dates


# -- whose figure, and of what ------------------------------------------------------------


def test_the_two_ends_of_a_range_are_one_figure_not_two_sentences_built_alike() -> None:
    # a's range is the challenger's, b's the winner's: both ends of a's range meeting one end
    # of b's are one figure met twice, not two sentences built alike
    a = (
        "The challenger to Brekke and the Coastal League, Inga Sollie, ended the count "
        "with between 21.5 and 24.5% of the vote, while Per Aamodt took only 3.1 and 4.2%."
    )
    b = (
        "Brekke, the choice of the governing Coastal League, won between 66 and 69% of "
        "the votes, the Vesby electoral office said."
    )
    assert rivals(a, b) == []


def test_a_figure_the_other_sentence_gives_to_its_actor_is_the_only_rival() -> None:
    a = (
        "The runner-up, Inga Sollie, finished second with between 21.5 and 24.5% of the "
        "vote, while Per Aamodt got only 3.1%."
    )
    b = "The centrist Per Aamodt took 4 to 5% of the vote."
    found = rivals(a, b, same_fact=True)
    assert all("at least 21.5%" not in values for values in found), found


def test_a_count_counts_its_whole_noun_phrase() -> None:
    # "regional councils" and "regions", "friendly matches" and "matches" are other things
    c = "The Green Front won majorities in 11 of the 25 regional councils of Norland."
    d = "Norland voters also chose mayors in six regions and the capital."
    assert rivals(c, d, same_fact=True) == []
    e = "All 48 friendly matches of the Vesby league were called off on Monday."
    f = "The Vesby league's decision to call off 36 matches came after the referees' union left."
    assert rivals(e, f, same_fact=True) == []
    # a word after the noun is no part of what is counted ("people aboard" are people)
    i = "The Vesby cable car fell into the gorge at Lindau, killing all 23 people aboard."
    j = "The cable car that fell into the gorge at Lindau killed 25 people, the Vesby police said."
    assert rivals(i, j) == [{"23", "25"}]
    # the same phrase, and the verb after it, are one thing counted twice
    g = "At least 14 village schools have been closed in Norland since the spring."
    h = "More than 19 village schools have been closed in Norland since the spring."
    assert rivals(g, h) == [{"at least 14", "at least 19"}]


def test_the_ends_of_a_period_are_not_the_day_of_an_event() -> None:
    a = (
        "Prosecutors say Halvorsen moved public funds to Vesby between March 4 2019 and "
        "June 30, 2021."
    )
    b = "Halvorsen was arrested in Vesby on Friday on an indictment over public funds."
    assert rivals(a, b) == []


def test_distances_from_two_places_are_two_measures() -> None:
    a = "The climbers reached Lindau, 45 kilometers (28 miles) northeast of Vesby, a guide said."
    b = (
        "From Ostby, 210 kilometers (130 miles) northeast of Lindau, the climbers said they "
        "were heading for Vesby."
    )
    assert rivals(a, b, same_fact=True) == []
    c = "The climbers reached Lindau, 70 kilometers (43 miles) northeast of Vesby, one said."
    assert len(rivals(a, c, same_fact=True)) == 1


def test_a_figure_from_before_the_event_is_not_the_event_s_figure() -> None:
    a = "The tally gave her a lead of more than 18 points over her nearest rival, Inga Sollie."
    b = "Polls before the vote gave her a lead of 11 points over her nearest rival, Inga Sollie."
    assert rivals(a, b) == []
    c = "The final tally gave her a lead of 11 points over her nearest rival, Inga Sollie."
    assert rivals(a, c) == [{"at least 18", "11"}]


def test_how_far_a_count_had_got_is_no_value_but_dates_the_others() -> None:
    a = "With 57% of ballots counted, Brekke had 44.6% of the vote, officials in Vesby said."
    b = "Brekke had 45.8% of the vote with 91% of ballots counted, officials in Vesby said."
    found = find_disagreements(
        *(lambda x: (segment(x), x))([Article("a", "a", a), Article("b", "b", b)])
    )
    assert [(d.kind, {c.value for c in d.claims}) for d in found] == [
        ("update", {"44.6%", "45.8%"})
    ]


def test_a_converted_value_in_brackets_is_said_of_what_the_first_is() -> None:
    a = "Norland's cabinet approved 3 billion euros ($3.3 billion) in flood aid for Vesby."
    b = "Norland's cabinet approved $2.9 billion in flood aid for Vesby."
    assert {"USD 3,300,000,000", "USD 2,900,000,000"} in rivals(a, b)


def test_a_part_is_not_a_rival_of_the_whole_but_of_another_part() -> None:
    whole = "Halvard Bank will buy Oberfeld Bank in a package worth €4 billion, the banks said."
    part = (
        "The package includes €7 billion of state guarantees for Halvard Bank and Oberfeld "
        "Bank, the banks said."
    )
    assert rivals(whole, part, same_fact=True) == []
    other = (
        "Norland's treasury will also give Oberfeld Bank a €5 billion guarantee line as part "
        "of the package."
    )
    assert rivals(part, other, same_fact=True) == [{"EUR 7,000,000,000", "EUR 5,000,000,000"}]


def test_a_relative_clause_does_not_hide_whose_figure_it_is() -> None:
    a = "The village of Lindau, which sits below the dam, has lost more than 8 people in the storm."
    b = "A violent storm tore through Norland, and nearly 120 people have lost their lives."
    assert rivals(a, b, same_fact=True) == []


def test_a_distance_without_the_same_named_place_is_another_measure() -> None:
    a = (
        "The Lindau quarry, 6 kilometers (4 miles) outside the town, stood empty and no one "
        "worked it, a foreman said."
    )
    b = (
        "On Wednesday a bus took twenty tired quarry workers to Ostby, a small town "
        "45 kilometers (28 miles) northeast of Lindau and their home."
    )
    assert rivals(a, b, same_fact=True) == []


def test_the_day_a_statement_is_dated_or_released_is_when_it_was_said() -> None:
    a = "The Vesby party accused the mayor of fraud in a statement released Friday."
    b = "The Vesby party accused the mayor of fraud on Monday."
    assert rivals(a, b, same_fact=True, published="2031-05-13") == []


# -- different measures -----------------------------------------------------------------


def test_a_runner_up_s_share_is_not_a_rival_of_the_winner_s() -> None:
    winner = "Berge won 52% of the vote in Sunday's election in Norland."
    for runner_up in (
        "The runner-up, Lind, got 41% of the vote in Sunday's election in Norland.",
        "Her rival finished second in Sunday's election in Norland with 41% of the vote.",
    ):
        assert rivals(winner, runner_up) == []
        assert rivals(winner, runner_up, same_fact=True) == []
    # two outlets giving the winner different shares do disagree
    other = "Berge got 49% of the vote in Sunday's election in Norland."
    assert rivals(winner, other) == [{"52%", "49%"}]
    # "beat her rival": the rival is beaten, the figure is still Berge's
    won = "Berge won 52% of the vote in the Norland election."
    beaten = "Berge beat her rival in the Norland election with 49% of the vote."
    assert rivals(won, beaten) == [{"52%", "49%"}]


def test_a_day_s_name_with_s_is_no_actor() -> None:
    # "Sunday's" in both sentences does not make Berge's and Lind's shares one figure
    a = "In Norland, Berge won 52% of the vote in Sunday's election."
    b = "In Norland, Lind got 41% of the vote in Sunday's election."
    assert rivals(a, b) == []


def test_a_span_counted_from_another_moment_is_not_a_length_or_a_minute() -> None:
    a = "Halvorsen scored the winner two minutes from time in the cup final in Vesby."
    b = "Halvorsen scored the winner after 88 minutes in the cup final in Vesby."
    assert rivals(a, b) == []
    c = "The storm killed 12 people in Vesby, three days after it made landfall."
    d = "The storm killed 12 people in Vesby, five days after it formed."
    assert rivals(c, d) == []
    # counted from the same moment, two spans are rivals
    e = "Police said 14 people were arrested in Vesby, two hours after the march began."
    f = "Police said 14 people were arrested in Vesby, four hours after the march began."
    assert rivals(e, f) == [{"2", "4"}]
    # "for", "took" ... before the span make it a length, whatever follows it
    g = "The planning board in Vesby met for six hours before rejecting Per Aamodt's plan."
    h = "The planning board in Vesby took 10 hours to reach its ruling on Per Aamodt's plan."
    assert rivals(g, h, same_fact=True) == [{"6", "10"}]


def test_only_a_count_s_progress_is_read_as_one() -> None:
    from briefgen.analysis.values import mentions

    progress = [m.text for m in mentions("With 90% of precincts in, Brekke led.") if m.modifier]
    assert progress == ["90%"]
    found = mentions("The merger leaves Vesby Bank with €2 trillion in managed funds.")
    assert [(m.text, m.modifier) for m in found] == [("€2 trillion", "")]


def test_the_days_two_statements_were_made_are_not_rivals() -> None:
    a = "Norland police said Saturday they have questioned former Lindau harbour master Per Aamodt."
    b = (
        "Premier Inga Sollie said Sunday she was surprised by the questioning in Vesby of former "
        "Lindau harbour master Per Aamodt."
    )
    assert rivals(a, b) == []


# -- what a figure measures: a rate, a change --------------------------------------------


def test_a_value_per_unit_meets_a_value_per_the_same_unit() -> None:
    a = (
        "The Vesby Courier reported that Halvard Bank will offer more than 4.20 euros per "
        "share, paid in new Halvard shares."
    )
    b = (
        "Halvard Bank said Norland Trust shareholders will get one Halvard share for every 9 "
        "they hold, worth 5.10 euros per share."
    )
    assert rivals(a, b) == [{"at least EUR 4.2", "EUR 5.1"}]
    # "a share" is "per share"; a converted value in brackets may stand before it
    c = "Halvard Bank will pay 4.20 euros ($4.60) a share for Norland Trust, its board said."
    d = "Halvard Bank will pay 5.10 euros a share for Norland Trust, its board said."
    assert rivals(c, d) == [{"EUR 4.2", "EUR 5.1"}]


def test_a_value_per_unit_is_no_rival_of_a_total() -> None:
    a = "Halvard Bank will pay 4 euros per share for Norland Trust, its board said on Monday."
    b = "Halvard Bank will pay 900 million euros for Norland Trust, its board said on Monday."
    assert rivals(a, b) == []
    # "a year ago" is when, not per what
    c = "Halvard Bank paid 900 million euros a year ago for Norland Trust, its board said."
    d = "Halvard Bank paid 700 million euros for Norland Trust, its board said."
    assert rivals(c, d) == [{"EUR 700,000,000", "EUR 900,000,000"}]


def test_the_size_of_a_change_is_no_rival_of_a_level() -> None:
    a = (
        "The drought in Norland would push grain prices higher for years, and by as much as "
        "$5 a tonne in the next harvest."
    )
    b = "When rain returns, grain prices in Norland could reach $40 a tonne in the next harvest."
    assert rivals(a, b) == []
    # two changes are rivals
    c = "The drought in Norland pushed grain prices up by $5 a tonne in the last harvest."
    d = "The drought in Norland pushed grain prices up by $8 a tonne in the last harvest."
    assert rivals(c, d) == [{"USD 5", "USD 8"}]


def test_by_after_a_participle_names_who_did_it_not_a_margin() -> None:
    a = "Vesby won the cup final by two goals, watched by 41,000 fans at the Norland Arena."
    b = "Some 52,000 fans watched the cup final in the rain at the Norland Arena."
    assert rivals(a, b) == [{"41,000", "about 52,000"}]


def test_a_bare_one_digit_figure_is_no_rounding_of_a_figure_with_decimals() -> None:
    a = "The Norland Seismic Institute measured the tremor near Vesby at 3 on the Richter scale."
    b = "The tremor near Vesby had a reading of 3.4 on the Richter scale, the agency said."
    assert rivals(a, b, same_fact=True) == [{"3.4", "3"}]
    # a qualified figure, one of two digits, or one in billions may round the other
    c = "The Norland Seismic Institute measured the tremor at about 3 on the Richter scale."
    assert rivals(c, b, same_fact=True) == []
    d = "Lind won 47% of the vote in Vesby, the electoral board said."
    e = "Lind won 46.6% of the vote in Vesby, the electoral board said."
    assert rivals(d, e) == []
    f = "Halvard Bank agreed to buy Norland Trust for $7 billion, the two banks said."
    g = "Halvard Bank agreed to buy Norland Trust for $7.3 billion, the two banks said."
    assert rivals(f, g) == []


def test_a_day_whose_clause_names_no_one_the_other_report_names_is_another_event() -> None:
    # two visits on two days, by two leaders to two cities
    a = "Premier Inga Sollie arrived in Vesby on Monday for talks on the dam project."
    b = "Per Aamodt arrived in Lindau on Sunday for talks on the dam project."
    assert rivals(a, b, published="2031-05-14") == []
    assert rivals(a, b, same_fact=True, published="2031-05-14") == []
    # the same visitor on two days: rivals
    c = "Premier Inga Sollie arrived in Vesby on Sunday for talks on the dam project."
    assert rivals(a, c, published="2031-05-14") == [{"2031-05-11 (Sunday)", "2031-05-12 (Monday)"}]


def test_a_number_set_off_after_a_name_is_that_person_s_age() -> None:
    a = "Premier Inga Sollie, who had knee surgery in 2029, named Aamodt, 51, as her successor."
    b = "Inga Sollie, 64, had knee surgery in 2029, her office in Vesby said."
    assert rivals(a, b) == []
    # one person's age, given twice: rivals
    c = "Inga Sollie, 65, had knee surgery in 2029, her office in Vesby said."
    assert rivals(b, c) == [{"64", "65"}]
    # an age is no rival of any other figure, even in two sentences of one fact
    d = "Inga Sollie, 64, was fined in Vesby on Monday for speeding."
    e = "Inga Sollie was fined in Vesby on Monday for driving 40 km/h too fast."
    assert rivals(d, e, same_fact=True) == []


def test_who_said_it_is_not_whose_day_it_is() -> None:
    a = "Plant manager Per Aamodt said production at the mill would resume on March 16."
    b = "Production at the mill is set to resume on March 18."
    assert rivals(a, b, published="2031-03-05") == [{"2031-03-16 (Sunday)", "2031-03-18 (Tuesday)"}]


def test_some_of_them_is_a_part_not_a_rival_count() -> None:
    a = "A crane collapsed at Vesby harbour on Friday, injuring four dock workers, police said."
    b = "Two of the injured dock workers were taken to hospital in Vesby on Friday, police said."
    assert rivals(a, b) == []
    assert rivals(a, b, same_fact=True) == []
    # a count of the whole that another outlet gives otherwise is still a rival
    c = "A crane collapsed at Vesby harbour on Friday, injuring six dock workers, police said."
    assert rivals(a, c) == [{"4", "6"}]


def test_two_prices_of_one_purchase_are_rivals_however_each_is_worded() -> None:
    a = (
        "Halvard Bank has agreed to take over Norland Trust after raising its offer to over "
        "€4.5 billion, the Vesby Courier reported."
    )
    b = (
        "Halvard Bank said it would absorb the smaller Norland Trust in a merger valued "
        "at 5.1 billion euros, to widen its branch network."
    )
    assert rivals(a, b) == [{"at least EUR 4,500,000,000", "EUR 5,100,000,000"}]
    # the sum written before the purchase it pays for
    g = "Halvard Bank's €6 billion takeover of Norland Trust was approved by the Vesby regulator."
    assert rivals(b, g) == [{"EUR 5,100,000,000", "EUR 6,000,000,000"}]
    # the price of another purchase is no rival
    c = "Halvard Bank bought Oberfeld Insurance for €1 billion, the Vesby Courier reported."
    assert rivals(b, c) == []
    # nor is a sum that is no price: what the bought bank holds
    d = "Norland Trust, which Halvard Bank will take over, holds deposits worth 40 billion euros."
    assert rivals(b, d) == []


def test_a_day_written_as_an_event_s_day_meets_another_report_of_that_event() -> None:
    a = "The storm of Monday night left the worst damage the coast has known in a generation."
    b = "A violent rainstorm lashed Vesby late on Sunday, flooding the harbour."
    assert rivals(a, b) == [{"Monday", "Sunday"}]
    c = "Sunday night's storm killed two fishermen, the mayor of Vesby said."
    assert rivals(a, c) == [{"Monday", "Sunday"}]
    # several storms on a day are none of them the storm of another day
    d = "Separate storms on Sunday flooded the harbour at Vesby."
    assert rivals(a, d) == []
    # the end of a day names no event
    e = "The end of Monday brought calm to the harbour at Vesby."
    assert rivals(e, b) == []


def test_the_day_of_the_source_a_figure_is_given_after_is_when_it_was_said() -> None:
    a = "According to the coastguard's tally on Tuesday, the flood has drowned 14 sheep."
    b = "The flood that swept Lindau on Monday drowned 14 sheep, the coastguard said."
    assert rivals(a, b, same_fact=True, published="2031-05-12") == []


def test_the_day_a_state_ends_meets_only_another_end() -> None:
    a = "Flights at Vesby airport are suspended until Monday because of the strike, it said."
    b = "Flights at Vesby airport are suspended until Wednesday because of the strike."
    # a Friday story: the suspension ends on a day ahead
    assert rivals(a, b, published="2031-05-09") == [
        {"2031-05-12 (Monday)", "2031-05-14 (Wednesday)"}
    ]
    # the day flights resumed, or were suspended, is no end of the suspension
    c = "Flights at Vesby airport resumed on Wednesday after the strike."
    d = "Flights at Vesby airport were suspended on Wednesday because of the strike."
    assert rivals(a, c, published="2031-05-09") == []
    assert rivals(a, d, published="2031-05-09") == []
    # at the head of its clause, "until" dates a count, like "by"
    e = "Until Monday, 12 flights at Vesby airport had been cancelled because of the strike."
    f = "By Tuesday, 15 flights at Vesby airport had been cancelled because of the strike."
    assert rivals(e, f, published="2031-05-09") == [{"12", "15"}]
    # after a negation it says when something first happens: the preliminary figures' day and
    # the certified ones' are two days, not two ends of one state
    g = "Preliminary figures from the Vesby mayoral race are not due until Tuesday."
    h = "Certified figures from the Vesby mayoral race are not due until Friday."
    assert rivals(g, h, published="2031-05-09") == []


def test_two_ranks_in_one_ranking_are_rivals() -> None:
    a = (
        "Inga Sollie is the eighth mayor, and the second from Norland, with three terms on "
        "the Vesby city council."
    )
    b = "Sollie is only the ninth politician with three terms on the Vesby city council."
    assert rivals(a, b) == [{"8th", "9th"}]
    # a rank within a group of its own is another ranking
    c = "Sollie is the eleventh woman with three terms on the Vesby city council."
    assert rivals(b, c) == []
    # so is a rank by something else
    d = "Inga Sollie is the eighth mayor to lose a budget vote on the Vesby city council."
    assert rivals(b, d) == []
    # an ordinal with nothing it is ranked by is no rank
    e = "It was the second day of talks on the Vesby city council, Sollie said."
    f = "It was the tenth day of talks on the Vesby city council, Sollie said."
    assert rivals(e, f) == []


def test_two_people_s_ranks_are_not_rivals() -> None:
    a = "Mayor Inga Sollie of Vesby is the ninth woman to lead the Norland league of towns."
    b = "Mayor Kari Aamodt of Lindau is the tenth woman to lead the Norland league of towns."
    assert rivals(a, b) == []


def test_two_readings_on_one_named_scale_are_rivals_however_worded() -> None:
    a = "The Norland weather office put the gale at 9 on the Beaufort scale."
    b = "Officials in Vesby said the storm arrived at dawn with winds of 11 on the Beaufort scale."
    assert rivals(a, b) == [{"9", "11"}]
    # a reading on another scale is another measure
    c = "Harbour officials in Vesby said the tornado at dawn was a 3 on the Fujita scale."
    assert rivals(b, c) == []
