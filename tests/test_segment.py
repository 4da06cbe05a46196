"""segment: sentences, tokens and stems without any nltk data download."""

from __future__ import annotations

from pathlib import Path

from briefgen.models import Article
from briefgen.segment import content_stems, segment, split_paragraphs, words


def _texts(text: str) -> list[str]:
    return [s.text for s in segment([Article("s1", "a", text)])]


def test_abbreviations_do_not_end_sentences() -> None:
    text = (
        "U.S. Senator Ola Brekke met Gen. Mark Smith in Washington on Jan. 5. "
        "Dr. Ana Ruiz said the talks went well. They ended at 5 p.m. on Friday."
    )
    assert _texts(text) == [
        "U.S. Senator Ola Brekke met Gen. Mark Smith in Washington on Jan. 5.",
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


def test_a_given_split_is_used_only_when_it_covers_the_text() -> None:
    from briefgen.models import Tokenized

    text = "Ships left the port. Cranes stood still.\n\nThe strike went on."
    split = {
        "s1": (
            (Tokenized("Ships left the port.", ("given",), ("given",)),
             Tokenized("Cranes stood still.", ("given",), ("given",))),
            (Tokenized("The strike went on.", ("given",), ("given",)),),
        )
    }  # fmt: skip
    reused = segment([Article("s1", "a", text)], split)
    assert [(s.paragraph, s.text, s.words) for s in reused] == [
        (0, "Ships left the port.", ("given",)),
        (0, "Cranes stood still.", ("given",)),
        (1, "The strike went on.", ("given",)),
    ]
    stale = segment([Article("s1", "a", text.replace("went on", "ended"))], split)
    assert [s.words for s in stale][-1] == ("the", "strike", "ended")
    assert stale == segment([Article("s1", "a", text.replace("went on", "ended"))])


def test_sentences_a_page_glued_together_are_split_verbatim() -> None:

    text = (
        "“We will rebuild the old pier in Vesby”She then thanked her supporters. "
        "The U.S. Army left the base. Visit the museum at noon."
    )
    found = [s.text for s in segment([Article("a", "a", text)])]
    assert found == [
        "“We will rebuild the old pier in Vesby”",
        "She then thanked her supporters.",
        "The U.S. Army left the base.",
        "Visit the museum at noon.",
    ]


TRICKY = (
    '"Hello," she said. «Oui» -- it\'s 5:30... He cannot go; gimme that!',
    "'Tis the (end) [of] {it} <now> -- really? Wanna go? More'n that, GONNA gotta LEMME.",
    "x\"y ''z'' It's 3 o'clock * 2 & #5 @ $4.50 % a\u2013b c\u2014d: e, 1,500 dogs' bones",
    "They'll say we've done what they'd do; I'm sure 'twas fine.",
    'He said: "No."',
)


def test_the_word_tokenizer_gives_nltks_tokens() -> None:
    from nltk.tokenize import NLTKWordTokenizer

    from briefgen import ingest
    from briefgen.segment import _sentences, _word_tokenizer, sentence_tokenizer, split_paragraphs

    text = "\n\n".join(a.text for a in ingest.load([str(ingest.embedded_corpus())]).articles)
    punkt = sentence_tokenizer(text)
    found = [s for p in split_paragraphs(text) for s in _sentences(p, punkt)] + list(TRICKY)
    stock, ours = NLTKWordTokenizer(), _word_tokenizer()
    assert [ours.tokenize(s) for s in found] == [stock.tokenize(s) for s in found]


def test_nltk_is_asked_for_its_punkt_model_only_where_a_data_folder_could_hold_it(
    tmp_path: Path,
) -> None:
    from briefgen.segment import _may_hold_tokenizers

    assert not _may_hold_tokenizers(str(tmp_path))  # asking would only raise LookupError
    (tmp_path / "tokenizers").mkdir()
    assert _may_hold_tokenizers(str(tmp_path))
    packed = tmp_path / "nltk_data.zip"
    packed.write_bytes(b"")
    assert _may_hold_tokenizers(str(packed))
