"""Cleaning: furniture, trailers, off-topic appendices, copies, fragments, normalisation.

The fixtures in tests/fixtures/clean are an invented event (a fire at a grain terminal in
an invented port town) as four invented outlets and one wire copy would publish it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

import briefgen.ingest
from briefgen.clean import Cleaned, clean
from briefgen.clean.furniture import is_furniture
from briefgen.clean.normalize import normalize, paragraphs
from briefgen.models import Article

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
NAMES = ("harbour_ledger", "valley_post", "coastal_wire", "coastal_wire_copy", "evening_courier")


def article(id: str, text: str, **meta: str) -> Article:
    return Article(id=id, name=id, text=text, **meta)


def load_fixtures(*names: str) -> list[Article]:
    chosen = names or NAMES
    return [
        article(f"s{i}", (FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))
        for i, name in enumerate(chosen, start=1)
    ]


@pytest.fixture(scope="module")
def cleaned() -> Cleaned:
    return clean(load_fixtures())


def by_id(result: Cleaned, id: str) -> Article:
    return next(a for a in result.articles if a.id == id)


def dropped(result: Cleaned, id: str, reason: str | None = None) -> list[str]:
    return [d.text for d in result.dropped if d.source == id and reason in (None, d.reason)]


def kept_paragraphs(result: Cleaned, id: str) -> list[str]:
    text = by_id(result, id).text
    return text.split("\n\n") if text else []


# -- edge cases -----------------------------------------------------------------------


def test_no_articles() -> None:
    assert clean([]) == Cleaned((), ())


def test_one_article_keeps_its_body_and_skips_the_off_topic_step() -> None:
    text = (
        "A fire at a grain terminal forced 300 people from their homes, officials said.\n\n"
        "Two firefighters were treated for smoke inhalation.\n\n"
        "School choir wins regional contest\n\n"
        "The school choir took first prize at the regional music festival on Sunday."
    )
    result = clean([article("s1", text)])
    assert kept_paragraphs(result, "s1") == [
        "A fire at a grain terminal forced 300 people from their homes, officials said.",
        "Two firefighters were treated for smoke inhalation.",
        "The school choir took first prize at the regional music festival on Sunday.",
    ]
    assert [(d.reason, d.text) for d in result.dropped] == [
        ("boilerplate", "School choir wins regional contest")
    ]


def test_identical_articles_are_copies_of_the_first() -> None:
    text = "Crews contained the fire at the grain terminal on Wednesday, the fire chief said."
    result = clean([article("s1", text), article("s2", text), article("s3", text)])
    assert [a.duplicate_of for a in result.articles] == [None, "s1", "s1"]
    assert [(d.source, d.reason) for d in result.dropped] == [
        ("s2", "duplicate"),
        ("s3", "duplicate"),
    ]
    assert all(a.text == text for a in result.articles)  # copies keep their text


def test_an_article_of_only_furniture_stays_with_empty_text() -> None:
    text = (
        "Skip to main content\n\nHome | World | Business | Sport\n\nListen to this article\n\n"
        "Follow us on Facebook and X for the latest news.\n\n© 2025 Example Media Group"
    )
    good = article("s2", "Crews contained the fire at the terminal on Wednesday, officials said.")
    result = clean([article("s1", text), good])
    assert [a.id for a in result.articles] == ["s1", "s2"]
    assert by_id(result, "s1").text == ""
    assert by_id(result, "s1").duplicate_of is None
    assert len(dropped(result, "s1", "boilerplate")) == 5
    assert by_id(result, "s2").text == good.text


def test_order_ids_and_metadata_are_kept_and_input_is_not_changed() -> None:
    articles = load_fixtures()
    before = list(articles)
    result = clean(articles)
    assert articles == before
    assert [a.id for a in result.articles] == [a.id for a in articles]
    assert all(
        replace(new, text=old.text, duplicate_of=None) == old
        for new, old in zip(result.articles, articles, strict=True)
    )


def test_cleaning_is_deterministic(cleaned: Cleaned) -> None:
    assert clean(load_fixtures()) == cleaned


def test_every_word_removed_is_accounted_for(cleaned: Cleaned) -> None:
    for source in load_fixtures():
        kept = by_id(cleaned, source.id).text
        removed = " ".join(
            d.text for d in cleaned.dropped if d.source == source.id and d.reason != "duplicate"
        )
        assert set(normalize(source.text).split()) == set(f"{kept} {removed}".split())


# -- page furniture ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id", "furniture"),
    [
        ("s1", "Skip to main content"),  # skip link
        ("s1", "Home › News › Local"),  # breadcrumb navigation
        ("s1", "Fire at Kessling grain terminal forces 300 residents from their homes"),  # headline
        ("s1", "Harbour Ledger Staff March 4, 2025"),  # byline and date only
        ("s1", "Listen to this article"),  # UI string
        ("s1", "Photo: Harbour Ledger / J. Brandt"),  # photo credit
        ("s1", "Share this article: Facebook | X | WhatsApp | Email"),  # share bar
        ("s1", "Related stories"),  # trailer heading
        ("s2", "KESSLING (AP) —"),  # dateline with agency code
        ("s2", "READ MORE: Port towns brace for storm season as insurers raise premiums"),
        ("s2", "Support independent journalism. Become a member today and get unlimited"),
        ("s2", "Comments"),
        ("s2", "Comments are moderated and will be posted if they are on-topic"),  # policy
        ("s2", "Be the first to comment"),
        ("s3", "By Lena Fischer"),  # byline
        ("s3", "KESSLING, March 5 -"),  # dateline
        ("s3", "(Reporting by Lena Fischer; Editing by Paul Ward)"),  # agency sign-off
        ("s3", "© 2025 Coastal Wire. All rights reserved."),  # copyright footer
        ("s4", "- Coastal Wire"),  # wire sign-off
        ("s5", "EVENING COURIER | LOCAL NEWS"),  # ALL-CAPS label
        ("s5", "Sign up for our free morning newsletter"),  # subscribe appeal
    ],
)
def test_furniture_is_dropped_as_boilerplate(cleaned: Cleaned, id: str, furniture: str) -> None:
    assert any(text.startswith(furniture) for text in dropped(cleaned, id, "boilerplate"))
    assert furniture not in by_id(cleaned, id).text


def test_body_paragraphs_are_kept_whole(cleaned: Cleaned) -> None:
    assert kept_paragraphs(cleaned, "s1") == [
        "A fire that broke out at the Dunmore grain terminal in the port of Kessling on Tuesday "
        "night forced about 300 residents from their homes, the town's fire service said.",
        "Fire chief Marta Olsen said crews were called at 11:40 p.m. after workers reported smoke "
        "rising from a conveyor housing beside the main silo. The blaze spread to two storage "
        "sheds before it was brought under control at dawn.",
        "Two firefighters were treated in hospital for smoke inhalation and released on Wednesday "
        "morning, Olsen said. No residents were hurt.",
        "Mayor Tomas Reyes said the evacuation order for the streets around the terminal would "
        "stay in place until engineers had checked the silo for structural damage. Residents were "
        "housed overnight in the Kessling sports hall.",
        "The cause of the fire is under investigation. The terminal's operator, Dunmore Agri, said "
        "it was cooperating fully with the fire service and that grain shipments would be "
        "suspended for at least a week.",
    ]
    valley = kept_paragraphs(cleaned, "s2")
    assert len(valley) == 5
    assert valley[0].startswith("About 300 people were evacuated")  # dateline cut, text kept
    assert valley[3].endswith('"Nobody goes home until we know the silo is safe," Reyes said.')


def test_after_a_related_heading_everything_is_dropped(cleaned: Cleaned) -> None:
    assert dropped(cleaned, "s1")[-4:] == [
        "Related stories",
        "Kessling council approves new harbour budget",
        "Councillors voted 7-2 on Monday to approve a harbour budget that raises mooring fees by "
        "four percent and funds a new pedestrian ferry.",
        "Kessling Rovers beat Alden Town 3-1 in league opener",
    ]
    assert dropped(cleaned, "s1", "off_topic") == [dropped(cleaned, "s1")[-2]]


def test_a_trailer_heading_needs_a_body_before_it() -> None:
    text = "Comments\n\nThe terminal reopened on Friday after inspectors cleared the silo."
    result = clean([article("s1", text)])
    assert (
        by_id(result, "s1").text
        == "The terminal reopened on Friday after inspectors cleared the silo."
    )


def test_standfirst_sentence_is_kept_and_repeated_title_dropped() -> None:
    title = "Grain terminal fire forces evacuation"
    text = (
        f"{title}\n\nThree hundred residents spent the night in a sports hall.\n\n"
        "Crews fought the fire at the terminal for six hours, the fire chief said.\n\n"
        f"{title}"
    )
    result = clean([article("s1", text, title=title)])
    assert kept_paragraphs(result, "s1") == [
        "Three hundred residents spent the night in a sports hall.",
        "Crews fought the fire at the terminal for six hours, the fire chief said.",
    ]
    assert dropped(result, "s1", "boilerplate") == [title, title]


def test_a_deck_above_the_byline_is_headline_matter_and_the_story_starts_below_it() -> None:
    text = (
        "Grain terminal fire forces evacuation\n\n"
        "Vesby fears the blaze will spread, Ostby sends crews.\n\n"
        "News Desk March 3, 2026\n\n"
        "Three hundred residents spent the night in a sports hall.\n\n"
        "Crews fought the fire at the terminal for six hours, the fire chief said."
    )
    result = clean([article("s1", text)])
    assert kept_paragraphs(result, "s1") == [
        "Three hundred residents spent the night in a sports hall.",
        "Crews fought the fire at the terminal for six hours, the fire chief said.",
    ]
    lede = "Three hundred residents spent the night in a sports hall. Crews went home at dawn."
    later = clean([article("s1", f"{lede}\n\nNews Desk March 3, 2026\n\nMore text follows here.")])
    assert kept_paragraphs(later, "s1")[0] == lede  # two sentences: a lede, not a deck


@pytest.mark.parametrize(
    "opening",
    [
        "Grain Terminal Fire Forces Evacuation Three hundred residents spent the night in a hall.",
        "Grain Terminal Fire Forces Evacuation | Vesby Times Three hundred residents spent the "
        "night in a hall.",
    ],
)
def test_a_title_run_into_the_first_sentence_is_cut_off(opening: str) -> None:
    title = "Grain Terminal Fire Forces Evacuation"
    result = clean([article("s1", f"{opening}\n\nCrews worked all night.", title=title)])
    assert kept_paragraphs(result, "s1")[0] == "Three hundred residents spent the night in a hall."
    same_words = "Grain terminal fire forces evacuation of three hundred residents in Vesby."
    kept = clean([article("s1", f"{same_words}\n\nCrews worked all night.", title=title)])
    assert kept_paragraphs(kept, "s1")[0] == same_words  # a sentence that starts alike


def test_a_repeated_paragraph_is_kept_once() -> None:
    line = "The mayor said the evacuation order would stay in place until Friday."
    result = clean([article("s1", f"{line}\n\nCrews worked through the night.\n\n{line}")])
    assert kept_paragraphs(result, "s1") == [line, "Crews worked through the night."]


@pytest.mark.parametrize(
    "line",
    [
        "Follow us on Facebook, Instagram and X.",
        "Subscribe now to read the full story.",
        "Already a subscriber? Log in to continue reading.",
        "Home / World / Europe",
        "Image credit: City fire service",
        "Firefighters at the terminal on Wednesday. (Photo: City fire service)",
        "AFP/Jan Novak",
        "— Reuters",
        "Copyright 2025 Example Media. This material may not be published or broadcast.",
        "RELATED: Insurers raise premiums for port towns",
        "5 min read",
        "Comments are closed.",
        "Advertisement",
        "OSTBY, NORLAND - MARCH 3: Firefighters hose down the grain terminal as smoke rises "
        "over the harbour. Crews worked through the night to contain the blaze at the port.",
        "Firefighters at the grain terminal in Ostby, Tuesday, March 3, 2026.",
        "This story has been updated with the mayor's statement.",
        "The Vesby Post contributed to this report.",
        "Ana Lind is a reporter for The Ostby Times covering the port.",
        "Contact the author at ana.lind@example.com.",
        "Have a news tip? Email us at tips@example.com.",
        "We use cookies to improve your experience on our site.",
        "Enable JavaScript to view this content.",
        "Image caption, Crews fought the fire at the terminal for six hours.",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "The council voted on Monday to subscribe to a regional water scheme, officials said.",
        "Reuters reported that the plant had closed on Monday.",
        "The report was updated by the ministry on Monday to include 12 more deaths.",
        "Police contributed to the report on the crash, officials said.",
        "The statement was relayed by AFP.",
        "Police said they would follow up on the reports from residents.",
        "Residents shared photos of the smoke on social media, the mayor said.",
        "Comments made by the mayor on Tuesday drew criticism from the opposition.",
        "The fire at the grain terminal in Ostby was contained on Tuesday, March 3, 2026.",
        "March 3: crews contained the fire at the grain terminal in Ostby, officials said.",
        "It rained.",
    ],
)
def test_news_sentences_are_not_furniture(line: str) -> None:
    assert not is_furniture(line)


# -- off-topic passages ---------------------------------------------------------------


def test_appended_unrelated_stories_are_dropped_as_off_topic(cleaned: Cleaned) -> None:
    off = dropped(cleaned, "s5", "off_topic")
    assert [text.split(",")[0][:30] for text in off] == [
        "A family bakery on Mill Lane m",
        "Owner Agnes Porter",
        "The St Brendan's school choir ",
    ]
    kept = kept_paragraphs(cleaned, "s5")
    assert len(kept) == 4
    assert all("terminal" in p or "Firefighters" in p or "evacuat" in p for p in kept)


def test_no_event_paragraph_is_dropped_as_off_topic(cleaned: Cleaned) -> None:
    for source in ("s2", "s3", "s4"):
        assert dropped(cleaned, source, "off_topic") == []


def test_the_first_paragraphs_are_never_off_topic() -> None:
    event = [
        "Fire crews contained a blaze at the grain terminal in the port on Wednesday, the fire "
        "chief said.\n\nAbout 300 residents were evacuated from streets around the terminal.",
        "The grain terminal fire forced about 300 residents to leave their homes.\n\nThe fire "
        "chief said crews contained the blaze on Wednesday.",
    ]
    lede = (
        "For forty years the old lighthouse keeper has painted boats at the quay.\n\n"
        "His watercolours hang in the harbour museum.\n\n"
        "The grain terminal fire forced about 300 residents from their homes on Wednesday, the "
        "fire chief said.\n\n"
        "His watercolours of sailing boats hang in the museum gallery."
    )
    result = clean([article("s1", event[0]), article("s2", event[1]), article("s3", lede)])
    kept = kept_paragraphs(result, "s3")
    assert kept[:3] == lede.split("\n\n")[:3]
    assert dropped(result, "s3", "off_topic") == [
        "His watercolours of sailing boats hang in the museum gallery."
    ]


def test_a_copy_does_not_vouch_for_its_originals_appendix() -> None:
    story = (
        "Fire crews contained a blaze at the grain terminal on Wednesday, the fire chief said.\n\n"
        "About 300 residents were evacuated from the streets around the terminal.\n\n"
        "Two firefighters were treated for smoke inhalation and released.\n\n"
        "The bakery on Mill Lane celebrated fifty years with free cinnamon buns for customers."
    )
    other = (
        "A fire at the grain terminal forced 300 residents from their homes, officials said.\n\n"
        "Crews contained the blaze on Wednesday and two firefighters were treated in hospital."
    )
    result = clean([article("s1", story), article("s2", story), article("s3", other)])
    assert by_id(result, "s2").duplicate_of == "s1"
    assert dropped(result, "s1", "off_topic") == [
        "The bakery on Mill Lane celebrated fifty years with free cinnamon buns for customers."
    ]


# -- copies ---------------------------------------------------------------------------


def test_near_duplicate_wire_copy_is_marked(cleaned: Cleaned) -> None:
    assert [a.duplicate_of for a in cleaned.articles] == [None, None, None, "s3", None]
    (excerpt,) = dropped(cleaned, "s4", "duplicate")
    assert excerpt.startswith("Investigators began examining the Dunmore grain terminal")
    assert len(excerpt) <= 200
    assert by_id(cleaned, "s4").text.startswith(excerpt)


def test_copy_points_at_the_first_article_even_when_listed_later() -> None:
    wire, copy = load_fixtures("coastal_wire", "coastal_wire_copy")
    result = clean([article("s1", copy.text), article("s2", wire.text)])
    assert [a.duplicate_of for a in result.articles] == [None, "s1"]


# -- fragments ------------------------------------------------------------------------


def test_cut_off_final_sentence_is_a_fragment(cleaned: Cleaned) -> None:
    assert dropped(cleaned, "s3", "fragment") == [
        "The company said the terminal handled about 400,000 tonnes of wheat and barley last "
        "year, most of it bound for"
    ]
    assert kept_paragraphs(cleaned, "s3")[-1] == (
        "Dunmore Agri said it had suspended grain shipments for at least a week and would "
        "cooperate with the investigation."
    )


@pytest.mark.parametrize("ending", ["...", "…", ""])
def test_ellipsis_or_unterminated_ending_is_a_fragment(ending: str) -> None:
    whole = "Crews fought the fire at the grain terminal for six hours on Tuesday night."
    cut = (
        "The mayor said that the residents of the streets near the terminal would be allowed "
        "to return once engineers had inspected the silo and the surrounding sheds, and w" + ending
    )
    result = clean([article("s1", f"{whole} {cut}")])
    assert kept_paragraphs(result, "s1") == [whole]
    assert dropped(result, "s1", "fragment") == [cut]


def test_a_paragraph_that_is_only_a_fragment_goes_whole() -> None:
    first = "Crews fought the fire at the grain terminal for six hours on Tuesday night."
    cut = (
        "In a statement issued late on Wednesday the operator of the terminal said that it would "
        "review its procedures for cleaning dust from the conveyors and that the review would…"
    )
    result = clean([article("s1", f"{first}\n\n{cut}")])
    assert kept_paragraphs(result, "s1") == [first]
    assert dropped(result, "s1", "fragment") == [cut]


# -- normalisation ----------------------------------------------------------------------


def test_text_is_nfc_with_quotes_and_dashes_as_written() -> None:
    text = (
        "Cafe\u0301 owner Zoe\u0308 Ba\u0301nki said: "
        "\u201cWe saw the smoke\u00a0\u2014  twice.\u201d"
    )
    result = clean([article("s1", text)])
    out = by_id(result, "s1").text
    assert unicodedata.is_normalized("NFC", out)
    assert out == "Café owner Zoë Bánki said: “We saw the smoke — twice.”"


def test_hard_wrapped_lines_are_joined_and_paragraph_lines_split() -> None:
    wrapped = (
        "Fire crews from three towns were called to the grain terminal late on\n"
        "Tuesday, and the fire was brought under control shortly after dawn on\n"
        "Wednesday, the chief said.\n"
        "Residents were allowed home on Friday.\n"
        "\n"
        "Engineers inspected the silo on Thursday."
    )
    assert paragraphs(normalize(wrapped)) == [
        "Fire crews from three towns were called to the grain terminal late on Tuesday, and the "
        "fire was brought under control shortly after dawn on Wednesday, the chief said.",
        "Residents were allowed home on Friday.",
        "Engineers inspected the silo on Thursday.",
    ]
    lines = (
        "The fire at the grain terminal forced three hundred residents to leave their homes on "
        "Tuesday night, the fire service said in a statement.\n"
        "Two firefighters were treated for smoke inhalation.\r\n"
        "The operator said it would suspend shipments for a week."
    )
    assert paragraphs(normalize(lines)) == [
        "The fire at the grain terminal forced three hundred residents to leave their homes on "
        "Tuesday night, the fire service said in a statement.",
        "Two firefighters were treated for smoke inhalation.",
        "The operator said it would suspend shipments for a week.",
    ]


def test_cleaned_text_separates_paragraphs_with_one_blank_line(cleaned: Cleaned) -> None:
    for a in cleaned.articles:
        assert "\n\n\n" not in a.text
        assert all(p and p == " ".join(p.split()) for p in a.text.split("\n\n"))


# -- the embedded corpus ---------------------------------------------------------------


def test_embedded_corpus_structure() -> None:
    loaded = briefgen.ingest.load([str(briefgen.ingest.embedded_corpus())]).articles
    result = clean(loaded)
    assert [a.id for a in result.articles] == [a.id for a in loaded]
    assert all(a.duplicate_of is None for a in result.articles)  # five independent reports
    for source, out in zip(loaded, result.articles, strict=True):
        raw = paragraphs(normalize(source.text))
        body = [p for p in raw if not is_furniture(p)]
        kept = out.text.split("\n\n")
        # The first body paragraph survives (a dateline may be cut from its start), or the
        # one after a headline's deck (the one-sentence standfirst above the byline).
        decks = dropped(result, source.id, "boilerplate")
        body = [p for p in body if p not in decks]
        assert body[0].endswith(kept[0])
        assert len(kept) >= 8
        # Whatever was dropped as off-topic comes after a trailer heading or far down the
        # article, never from the body's opening.
        positions = {p: i for i, p in enumerate(raw)}
        for text in dropped(result, source.id, "off_topic"):
            assert positions[text] > positions[body[0]] + 2
    reasons = {d.reason for d in result.dropped}
    assert reasons <= {"boilerplate", "off_topic", "fragment"}
    # Comment sections (policy paragraphs below a comments heading) go as boilerplate.
    policies = [
        d for d in result.dropped if re.search(r"\bcomments?\b", d.text, re.I) and len(d.text) > 60
    ]
    assert len(policies) >= 3
    assert all(d.reason == "boilerplate" for d in policies)
    # One article carries unrelated posts below its body; they are dropped as off topic.
    assert sum(d.reason == "off_topic" for d in result.dropped) >= 3


def test_cleaning_hands_on_its_split_so_segmentation_tokenizes_nothing_again(
    cleaned: Cleaned,
) -> None:
    from briefgen.segment import segment

    usable = [a for a in cleaned.articles if a.duplicate_of is None and a.text]
    assert set(cleaned.split) == {a.id for a in cleaned.articles}
    for a in usable:  # the kept paragraphs, sentence by sentence, are the cleaned text
        joined = "\n\n".join(" ".join(s.text for s in p) for p in cleaned.split[a.id])
        assert joined.split() == a.text.split()
    assert segment(usable, cleaned.split) == segment(usable)


def test_a_cut_off_last_sentence_leaves_the_split_too() -> None:
    text = (
        "Fire crews fought the blaze at the grain terminal for six hours on Monday. "
        "The port authority said no one was hurt. Officials said the cause was"
    )
    other = "Fire crews fought a blaze at the grain terminal on Monday. No one was hurt."
    result = clean([article("s1", text), article("s2", other)])
    (kept,) = result.split["s1"]
    assert [s.text for s in kept] == [
        "Fire crews fought the blaze at the grain terminal for six hours on Monday.",
        "The port authority said no one was hurt.",
    ]
    assert kept[-1].words[-1] == "hurt"


def test_a_promotion_addressed_to_the_reader_is_furniture() -> None:
    from briefgen.clean.furniture import is_furniture

    assert is_furniture("Check the fares on our TravelRadar picks.")
    assert is_furniture("Discover your free market report today.")
    assert not is_furniture("Check-in desks at the airport stayed closed until noon.")
    assert not is_furniture("Get your flu shot before winter, health officials urged.")
    assert not is_furniture("Rescuers searched the ruins of our village, a resident said.")


def test_a_quotation_from_the_story_is_kept_though_no_other_outlet_has_its_words() -> None:
    from briefgen.clean import clean
    from briefgen.models import Article

    story = (
        "A flood swept through the river town of Almvik on Monday, forcing hundreds of "
        "residents from their homes.\n\nEmergency crews evacuated the old quarter as the river "
        "rose two metres above its normal level.\n\nThe mayor said the town hall would serve "
        "as a shelter for evacuated families.\n\n"
        '"Nobody expected this," said Ingrid Sollie, whose bakery stood empty.'
    )
    others = [
        "The river in Almvik rose two metres above its normal level on Monday and flooded "
        "the old quarter, where emergency crews evacuated hundreds of residents.",
        "Hundreds of residents of Almvik left their homes on Monday as the flooded river "
        "rose; the mayor opened the town hall as a shelter for evacuated families.",
    ]
    articles = [Article("a", "a", story)] + [
        Article(f"o{k}", f"o{k}", text) for k, text in enumerate(others)
    ]
    cleaned = clean(articles)
    assert "Ingrid Sollie" in cleaned.articles[0].text


def test_a_related_development_appended_to_the_story_is_off_topic() -> None:
    story = (
        "Fire crews contained a blaze at the grain terminal in Vesby on Wednesday, the fire "
        "chief said.\n\nAbout 300 residents were evacuated from streets around the terminal.\n\n"
        "Two firefighters were treated for smoke inhalation, the fire chief said.\n\n"
        "In a related development, the Vesby council voted to sell the old ferry pier to a "
        "shipping company, the mayor said on Wednesday.\n\n"
        "The pier has been closed to ferries since a storm damaged its deck in March."
    )
    others = [
        "A fire at the grain terminal in Vesby forced 300 residents from their homes on "
        "Wednesday.\n\nCrews contained the blaze and two firefighters were treated for smoke.",
        "The Vesby grain terminal fire was contained on Wednesday after 300 residents left "
        "nearby streets, the fire chief said.",
    ]
    result = clean([article("s1", story), article("s2", others[0]), article("s3", others[1])])
    assert dropped(result, "s1", "off_topic") == story.split("\n\n")[3:]
    assert kept_paragraphs(result, "s1") == story.split("\n\n")[:3]


@pytest.mark.parametrize(
    ("paragraph", "lead", "rest"),
    [
        ("(Reuters) - The port of Ostby reopened on Monday.", "(Reuters) -", "The port"),
        ("(AP) —Crews worked through the night.", "(AP) —", "Crews worked"),
        ("3-3-2026 (VESBY) Responding to the strike, the bank said.", "3-3-2026 (VESBY)", "Resp"),
        ("Reuters reported that the port reopened.", "", "Reuters reported"),
        ("(AP Photo/Ola Brekke) Crews worked on.", "(AP Photo/Ola Brekke)", "Crews worked"),
        ("(Photo: Ana Lind/Reuters) Crews worked on.", "(Photo: Ana Lind/Reuters)", "Crews"),
        ("Ola Brekke/Reuters Crews worked on.", "Ola Brekke/Reuters", "Crews worked"),
        ("Ana Lind/Reuters said the port reopened.", "", "Ana Lind/Reuters said"),
    ],
)
def test_a_wire_lead_in_left_on_the_first_sentence_is_cut_off(
    paragraph: str, lead: str, rest: str
) -> None:
    from briefgen.clean.furniture import split_lead_in

    found, left = split_lead_in(paragraph)
    assert found == lead and left.startswith(rest)


def test_the_story_goes_on_after_a_list_of_links_in_its_middle() -> None:
    running = [
        "Crews fought the fire at the grain terminal for six hours before the fire chief "
        "declared it contained on Tuesday night.",
        "The harbour master said the terminal's two silos held about 4,000 tonnes of barley "
        "when the fire started in the conveyor belt.",
    ]
    text = "\n\n".join(
        [
            "Fire crews contained a blaze at the grain terminal in Vesby on Tuesday.",
            "About 300 residents were evacuated from the streets around the terminal.",
            "MORE FROM VESBY",
            "Harbour budget approved after long debate",
            "Rovers sign new goalkeeper",
            *running,
        ]
    )
    result = clean([article("s1", text)])
    assert kept_paragraphs(result, "s1")[-2:] == running
    assert "Rovers sign new goalkeeper" in dropped(result, "s1")


def test_teasers_under_each_link_do_not_resume_the_story() -> None:
    teasers = [
        "Harbour budget approved",
        "Councillors in Vesby voted on Monday to approve a harbour budget that raises the "
        "mooring fees by four percent.",
        "Rovers sign new goalkeeper",
        "Vesby Rovers have signed the goalkeeper Ola Brekke from Ostby on a two-year deal, "
        "the club said on Friday.",
    ]
    text = "\n\n".join(
        [
            "Fire crews contained a blaze at the grain terminal in Vesby on Tuesday.",
            "About 300 residents were evacuated from the streets around the terminal.",
            "Related stories",
            *teasers,
        ]
    )
    result = clean([article("s1", text)])
    assert len(kept_paragraphs(result, "s1")) == 2
    assert dropped(result, "s1")[-4:] == teasers


def test_two_short_reports_in_stock_phrases_are_not_copies_but_a_short_copy_is() -> None:
    first = (
        "A container crane collapsed at Vesby harbour on Friday, injuring four dock workers, "
        "the fire service said. Police have opened an investigation into the cause of the "
        "collapse."
    )
    second = (
        "Four dock workers were injured when a container crane collapsed at Vesby harbour on "
        "Friday, the fire service said. Police have opened an investigation into the collapse."
    )
    result = clean([article("s1", first), article("s2", second), article("s3", first)])
    assert by_id(result, "s2").duplicate_of is None
    assert by_id(result, "s3").duplicate_of == "s1"
