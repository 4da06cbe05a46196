"""Articles -> cleaned articles (body text only) plus a record of everything removed and why.

The stages, in order (numbers match the code):

1. normalise Unicode (NFC) and whitespace, and find paragraphs;
2. cut the body at a trailer heading ("Comments", "Related stories", "Popular posts"):
   what follows is boilerplate or other stories (off_topic), unless, after a list of links
   to other stories, running text resumes (``_resumes``): the story goes on there, as a
   block of its own that the off-topic test judges;
3. drop page furniture paragraph by paragraph, repeated headlines and the title, and an
   opening dateline ("ISTANBUL (AP) —");
4. mark syndicated copies (duplicate_of = the first article of the group), then split
   every paragraph into tokenized sentences (briefgen.segment, Punkt trained once);
5. drop passages far from the topic the *other* sources share (off_topic), never the
   first paragraphs of a body; skipped when there is no other source;
6. drop a paragraph's final sentence when it is cut off (fragment).

Every article comes back, in input order; one whose text was all dropped has empty text.
The split paragraphs of what is kept come back too, so segmentation reuses them and every
text is tokenized once per build.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate, chain

from briefgen import overlap
from briefgen.clean import furniture, topic
from briefgen.clean.normalize import normalize, paragraphs
from briefgen.models import Article, Dropped, Paragraph

__all__ = ["Cleaned", "clean"]

# The first paragraphs of a body are the lede; the off-topic test never removes them, so
# a source whose own angle differs from the others still keeps its opening.
PROTECTED_PARAGRAPHS = 2
# Cosine (TF-IDF over content stems, sublinear tf) of a paragraph to the centroid of the
# other sources. On the embedded corpus the event's own paragraphs score 0.044-0.37 (a
# short quote or a side remark scores lowest), so a single paragraph is only dropped when
# it shares next to nothing with the other sources; appended stories about unrelated
# events in tests/fixtures/clean score 0.00-0.02, the event's own paragraphs >= 0.10.
PARAGRAPH_MIN_COSINE = 0.03
# A block (body text between two dropped headings or furniture lines) other than the
# first is off topic when it scores below this share of the article's best block. With
# its "Popular posts" heading removed, the embedded corpus's appended posts score 0.21
# and 0.25 of their article's main block; a later block of the event's own story scores
# 1.0 (it is the best block) or, on the fixtures, 0.68 and more; the appended stories
# in the fixtures score 0.00-0.02 of theirs. On the real clusters of benchmarks/
# faithfulness.py, later blocks of the event's own story (a coach's reaction after a
# "Related" line, a governor's statement, the outage in another country) score 0.33-0.50
# of their article's best block, an author's bio 0.05: 0.5 dropped the former, 0.3 keeps them.
BLOCK_MIN_RATIO = 0.3
DUPLICATE_EXCERPT_CHARS = 200
# Less text than this is split into sentences in one process: a child process costs a few
# milliseconds to start and read back, more than it saves on a handful of articles.
OVERLAP_CHARS = 100_000
_AFTER_ALL = 1 << 62  # sort position of the duplicate record: after the article's own drops


@dataclass(frozen=True)
class Cleaned:
    """What cleaning returns: the articles (same order and ids) and what was removed."""

    articles: tuple[Article, ...]
    dropped: tuple[Dropped, ...]
    # article id -> its kept paragraphs, split and tokenized: ``segment``'s ``split``
    split: Mapping[str, tuple[Paragraph, ...]] = field(default_factory=dict)


@dataclass
class _Paragraph:
    text: str
    position: int  # paragraph number in the normalised source text
    block: int  # runs of body text between dropped headings or furniture
    sentences: Paragraph = ()  # set by _split


@dataclass
class _Draft:
    article: Article
    body: list[_Paragraph] = field(default_factory=list)
    dropped: list[tuple[int, Dropped]] = field(default_factory=list)

    def drop(self, position: int, reason: str, text: str) -> None:
        self.dropped.append((position, Dropped(self.article.id, reason, text)))

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.body)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _strip_furniture(article: Article) -> _Draft:
    """Stages 1-3 for one article."""
    draft = _Draft(article)
    seen = {_key(article.title)} if article.title else set()
    trailer: str | None = None
    block = 0
    found = paragraphs(normalize(article.text))
    for position, text in enumerate(found):
        key = _key(text)
        if trailer is not None and not (
            trailer == "off_topic" and _resumes(found[position : position + RESUME_RUN])
        ):
            reason = "boilerplate" if furniture.is_furniture(text) else trailer
            draft.drop(position, reason, text)
            continue
        if trailer is not None:
            trailer = None  # the story goes on after a list of links to others
            block += 1  # judged as a block of its own by the off-topic test
        if draft.body and (ending := furniture.trailer_reason(text)) is not None:
            trailer = ending
            draft.drop(position, "boilerplate", text)
            continue
        if key in seen or furniture.is_furniture(text):
            if furniture.is_byline(text) and _is_deck(draft.body):
                for paragraph in draft.body:  # a headline's deck, above the byline
                    draft.drop(paragraph.position, "boilerplate", paragraph.text)
                draft.body.clear()
            draft.drop(position, "boilerplate", text)
            block += 1 if draft.body else 0
            continue
        seen.add(key)
        if not draft.body and article.title:
            heading, text = furniture.split_title(text, article.title)
            if heading:
                draft.drop(position, "boilerplate", heading)
        lead_in, text = furniture.split_lead_in(text)
        if lead_in:
            draft.drop(position, "boilerplate", lead_in)
        if not draft.body:
            dateline, text = furniture.split_dateline(text)
            if dateline:
                draft.drop(position, "boilerplate", dateline)
        elif _ASIDE.match(text):
            block += 1  # "In a related development, ...": another story starts here
        draft.body.append(_Paragraph(text, position, block))
    return draft


DECK_PARAGRAPHS = 2  # the most paragraphs a headline's deck (standfirst) runs to
DECK_MAX_WORDS = 35  # and the most words of each: one sentence, a headline's length


def _is_deck(body: Sequence[_Paragraph]) -> bool:
    """Whether what was kept so far, above a byline or date line, is a headline's deck:
    one or two paragraphs of one short sentence each (the story starts after the byline)."""
    return 0 < len(body) <= DECK_PARAGRAPHS and all(
        furniture.words_in(p.text) <= DECK_MAX_WORDS and len(_SENTENCE_END.findall(p.text)) <= 1
        for p in body
    )


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?=\s+[A-Z“\"]|\s*$)")
RESUME_WORDS = 15  # running text: a paragraph this long that ends a sentence
RESUME_RUN = 2  # paragraphs of running text in a row that resume a story after its links


def _resumes(following: Sequence[str]) -> bool:
    """Whether the paragraphs from here on, after a "More from ..." heading and its links,
    are the story going on: ``RESUME_RUN`` paragraphs of running text in a row, not another
    link, nor a teaser line under each link ("headline / one-sentence teaser" lists)."""
    run = following[:RESUME_RUN]
    return len(run) == RESUME_RUN and all(
        furniture.words_in(text) >= RESUME_WORDS
        and furniture.is_terminated(text)
        and not furniture.is_furniture(text)
        for text in run
    )


# A paragraph that turns to another story: "In a related development", "In other news",
# "Separately". What follows is judged as a block of its own by the off-topic test.
_ASIDE = re.compile(rf"(?:{furniture.ASIDE_OPENING})\b", re.IGNORECASE)


def _mark_copies(drafts: list[_Draft]) -> list[int]:
    """Stage 4: set duplicate_of on copies; return each article's group (its original)."""
    sources = topic.copy_of([d.text for d in drafts])
    groups: list[int] = []
    for index, (draft, original) in enumerate(zip(drafts, sources, strict=True)):
        groups.append(index if original is None else original)
        if original is not None:
            draft.article = replace(draft.article, duplicate_of=drafts[original].article.id)
            excerpt = draft.text[:DUPLICATE_EXCERPT_CHARS]
            draft.drop(_AFTER_ALL, "duplicate", excerpt)
    return groups


def _split(drafts: list[_Draft], warmed: Callable[[], None] = lambda: None) -> None:
    """Stage 4, second half: every paragraph split into sentences and tokenized, once
    (``warmed``, called first, waits for the stems worked out ahead)."""
    from briefgen.segment import sentence_tokenizer, split_paragraph

    # trained on the originals, as segmentation used to be: copies would only repeat them
    originals = [d.text for d in drafts if d.article.duplicate_of is None]
    tokenizer = sentence_tokenizer("\n\n".join(originals))
    warmed()
    # copies and repeated paragraphs are split once; the later half of the text in a child
    # process where one can run (briefgen.overlap): each paragraph is split on its own
    texts = list(dict.fromkeys(p.text for draft in drafts for p in draft.body))
    sizes = list(accumulate(len(text) for text in texts))
    half = bisect_left(sizes, sizes[-1] / 2) if texts else 0

    def split(part: list[str]) -> list[Paragraph]:
        return [split_paragraph(text, tokenizer) for text in part]

    worth = bool(sizes) and sizes[-1] >= OVERLAP_CHARS
    with overlap.started(split, texts[half:], worth=worth) as later:
        done = dict(zip(texts[:half], split(texts[:half]), strict=True))
        done.update(zip(texts[half:], later.result(), strict=True))
    for draft in drafts:
        draft.body = [replace(p, sentences=done[p.text]) for p in draft.body]


def _stems(paragraph: _Paragraph) -> tuple[str, ...]:
    return tuple(chain.from_iterable(s.stems for s in paragraph.sentences))


def _blocks(body: list[_Paragraph]) -> dict[int, tuple[int, ...]]:
    """Block number -> the numbers of its paragraphs in ``body``, in reading order."""
    members: dict[int, list[int]] = {}
    for number, p in enumerate(body):
        members.setdefault(p.block, []).append(number)
    return {block: tuple(numbers) for block, numbers in members.items()}


def _drop_off_topic(drafts: list[_Draft], groups: list[int]) -> None:
    """Stage 5: remove paragraphs and blocks far from what the other sources report."""
    block_spans = [_blocks(d.body) for d in drafts]
    spans = [
        [(number,) for number in range(len(d.body))] + list(blocks.values())
        for d, blocks in zip(drafts, block_spans, strict=True)
    ]
    stems = [[_stems(p) for p in d.body] for d in drafts]
    scores = topic.similarity_to_others(stems, groups, spans)
    for draft, blocks, score in zip(drafts, block_spans, scores, strict=True):
        if score is None:
            continue
        size = len(draft.body)
        by_block = dict(zip(blocks, score[size:], strict=True))
        first_block = draft.body[0].block if draft.body else 0
        best = max(by_block.values(), default=0.0)
        kept: list[_Paragraph] = []
        for number, (paragraph, own) in enumerate(zip(draft.body, score[:size], strict=True)):
            far_block = (
                paragraph.block != first_block
                and by_block[paragraph.block] < BLOCK_MIN_RATIO * best
            )
            far_paragraph = own < PARAGRAPH_MIN_COSINE and not _quoted_speech(paragraph.text)
            if number >= PROTECTED_PARAGRAPHS and (far_block or far_paragraph):
                draft.drop(paragraph.position, "off_topic", paragraph.text)
            else:
                kept.append(paragraph)
        draft.body = kept


# A direct quotation given to someone ("'We can only wait and hope,' said a resident")
# shares few words with other outlets' reports yet belongs to the story it sits in.
_QUOTED_SPEECH = re.compile(
    r"[\"“”].{8,}[\"“”].{0,80}\b(?:said|says|told|added|wrote|asked)\b"
    r"|\b(?:said|says|told|added)\b[^\"“”]{0,40}[:,]?\s*[\"“]",
    re.IGNORECASE | re.DOTALL,
)


def _quoted_speech(text: str) -> bool:
    return bool(_QUOTED_SPEECH.search(text))


def _drop_fragments(drafts: list[_Draft]) -> None:
    """Stage 6: a paragraph whose last sentence is cut off loses that sentence."""
    for draft in drafts:
        kept: list[_Paragraph] = []
        for paragraph in draft.body:
            if furniture.is_terminated(paragraph.text):
                kept.append(paragraph)
                continue
            sentences = paragraph.sentences
            last = sentences[-1].text if sentences else paragraph.text
            cut = paragraph.text.rfind(last)
            head = paragraph.text[:cut].rstrip() if cut > 0 else ""
            draft.drop(paragraph.position, "fragment", paragraph.text[len(head) :].strip())
            if head:
                kept.append(replace(paragraph, text=head, sentences=sentences[:-1]))
        draft.body = kept


def clean(articles: Sequence[Article]) -> Cleaned:
    """Clean every article; see the module docstring for the stages."""
    from briefgen.score.similarity import warm

    # the words' stems and meaning classes worked out ahead in a child process where one
    # can run (briefgen.overlap): what the split and the engine will ask for, no decision
    worth = sum(len(a.text) for a in articles) >= OVERLAP_CHARS
    with overlap.ahead(warm, [a.text for a in articles], worth=worth) as warmed:
        drafts = [_strip_furniture(article) for article in articles]  # stages 1-3
        groups = _mark_copies(drafts)  # stage 4
        _split(drafts, warmed)
    _drop_off_topic(drafts, groups)  # stage 5
    _drop_fragments(drafts)  # stage 6
    cleaned = tuple(replace(d.article, text=d.text) for d in drafts)
    dropped = tuple(item for d in drafts for _, item in sorted(d.dropped, key=lambda pair: pair[0]))
    split = {d.article.id: tuple(p.sentences for p in d.body) for d in drafts}
    return Cleaned(cleaned, dropped, split)
