"""segment: sentences, tokens and stems without any nltk data download."""

from __future__ import annotations

from briefgen.models import Article
from briefgen.segment import content_stems, segment, split_paragraphs, words


def _texts(text: str) -> list[str]:
    return [s.text for s in segment([Article("s1", "a", text)])]


def test_abbreviations_do_not_end_sentences() -> None:
    text = (
        "U.S. President Donald Trump met Gen. Mark Smith in Washington on Jan. 5. "
        "Dr. Ana Ruiz said the talks went well. They ended at 5 p.m. on Friday."
    )
    assert _texts(text) == [
        "U.S. President Donald Trump met Gen. Mark Smith in Washington on Jan. 5.",
        "Dr. Ana Ruiz said the talks went well.",
        "They ended at 5 p.m. on Friday.",
    ]


def test_sentences_are_verbatim_and_numbered_by_paragraph() -> None:
    text = "First “quoted” sentence here. Second one!\n\nA new paragraph — with a dash."
    sentences = segment([Article("s1", "a", text)])
    assert [(s.paragraph, s.index, s.text) for s in sentences] == [
        (0, 0, "First “quoted” sentence here."),
        (0, 1, "Second one!"),
        (1, 2, "A new paragraph — with a dash."),
    ]
    for s in sentences:
        assert s.text in text


def test_empty_and_whitespace_articles_have_no_sentences() -> None:
    assert segment([Article("s1", "a", ""), Article("s2", "b", " \n\n ")]) == ()
    assert segment([]) == ()


def test_words_are_lowercased_without_punctuation() -> None:
    assert words("The Mayor’s plan, finally: approved!") == (
        "the",
        "mayor",
        "'s",
        "plan",
        "finally",
        "approved",
    )


def test_content_stems_drop_stopwords_and_stem() -> None:
    assert content_stems(("the", "officials", "were", "meeting", "u.s")) == (
        "offici",
        "meet",
        "u.s",
    )


def test_split_paragraphs_collapses_whitespace() -> None:
    assert split_paragraphs("a  b\nc\n\n\n  d ") == ["a b c", "d"]
