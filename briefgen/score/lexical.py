"""Words -> base forms and meaning classes, from WordNet 3.0 when it is installed.

WordNet comes from the operating system (Debian's ``wordnet-base``: ``/usr/share/wordnet``),
read by nltk's ``WordNetCorpusReader`` with no download. It gives two things:

1. irregular forms (its exception lists: "met" -> "meet", "held" -> "hold", "struck" ->
   "strike"), so reports in other tenses share a term;
2. meaning classes: the synsets of a word's most frequent senses, with their derivationally
   related forms and the verbs they cause ("killed" ~ "died", "hurt" ~ "injuries", "raised" ~
   "lifted" ~ "hiked"), so that near-synonyms count as a (weaker) match.

Without WordNet both fall back to the identity: words still match on their Snowball stems,
and the engine is a little weaker on paraphrase. ``BRIEFGEN_WORDNET`` names another
dictionary folder (``off`` disables it, as the tests of the fallback do).
"""

from __future__ import annotations

import bisect
import io
import os
import warnings
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

WORDNET_DIRS = ("/usr/share/wordnet", "/usr/local/share/wordnet", "/opt/homebrew/share/wordnet")
# Senses per part of speech that make a word's meaning class: WordNet orders senses by
# frequency, and the rare ones join unrelated words ("beat" ~ "exhaust"). Calibrated on the
# MSRP train pairs (benchmarks/paraphrase.py): 1 / 2 / 3 senses -> see the benchmark README.
SENSES = 2
# Words so general that a shared meaning class says nothing ("make" ~ "do", "say" ~ "tell").
_GENERAL = frozenset(
    "be have do make get go take give come put set say tell see know take let seem become "
    "keep hold find use show try call ask need feel leave mean".split()
)

# WordNet 3.0's lexicographer file list (the ``lexnames`` file, which Debian's package leaves
# out): number, name and part of speech of each of the 45 files, as the format defines them.
_LEXNAMES = (
    "adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute "
    "noun.body noun.cognition noun.communication noun.event noun.feeling noun.food noun.group "
    "noun.location noun.motive noun.object noun.person noun.phenomenon noun.plant "
    "noun.possession noun.process noun.quantity noun.relation noun.shape noun.state "
    "noun.substance noun.time verb.body verb.change verb.cognition verb.communication "
    "verb.competition verb.consumption verb.contact verb.creation verb.emotion verb.motion "
    "verb.perception verb.possession verb.social verb.stative verb.weather adj.ppl"
).split()
_POS_NUMBER = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}


def _lexnames() -> str:
    return "".join(
        f"{k:02d}\t{name}\t{_POS_NUMBER[name.split('.')[0]]}\n" for k, name in enumerate(_LEXNAMES)
    )


def wordnet_dir() -> Path | None:
    """The installed WordNet dictionary folder, or None."""
    chosen = os.environ.get("BRIEFGEN_WORDNET")
    if chosen is not None:
        if chosen.lower() in ("", "off", "none", "0"):
            return None
        candidates: tuple[str, ...] = (chosen,)
    else:
        candidates = WORDNET_DIRS
    for folder in candidates:
        if (Path(folder) / "data.verb").is_file() and (Path(folder) / "verb.exc").is_file():
            return Path(folder)
    return None


@cache
def _wordnet() -> Any | None:
    found = wordnet_dir()
    if found is None:
        return None
    folder: Path = found
    import nltk.data
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    class _Reader(WordNetCorpusReader):
        def open(self, fileid: str) -> Any:
            if fileid == "lexnames" and not (folder / "lexnames").is_file():
                return io.StringIO(_lexnames())
            return super().open(fileid)

        def map_wn(self, version: str = "wordnet") -> None:
            return None  # maps other WordNet versions for multilingual data: not used

        # nltk reads the whole index at start-up through its seekable stream reader (about a
        # second); the lazy index reads an entry when one is asked for
        def _scan_satellites(self) -> None:
            self.satellite_offsets: set[int] = set()  # the lazy index reads them when needed

        def _load_lemma_pos_offset_map(self) -> None:
            self._lemma_pos_offset_map = _LazyIndex(folder)

        # nltk reads a synset's line through its seekable unicode stream reader, which
        # decodes in Python (a third of a concept lookup); the data file in memory is read
        # line by line the same way
        def _data_file(self, pos: str) -> Any:
            name = self._FILEMAP["a" if pos == "s" else pos]
            if name not in self._data_file_map:
                self._data_file_map[name] = _DataFile(folder / f"data.{name}")
            return self._data_file_map[name]

    # nltk reads corpora only below its data paths: name the system folder as one
    if str(folder) not in map(str, nltk.data.path):
        nltk.data.path.append(str(folder))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "multilingual functions are not available"
        try:
            return _Reader(str(folder), None)
        except (OSError, ValueError, LookupError):
            return None


class _DataFile:
    """A WordNet data file as nltk's reader uses one: seek to a byte offset, read a line."""

    def __init__(self, path: Path) -> None:
        self.data = path.read_bytes()
        self.at = 0

    def seek(self, offset: int) -> None:
        self.at = offset

    def readline(self) -> str:
        end = self.data.find(b"\n", self.at)
        end = len(self.data) if end < 0 else end + 1
        line, self.at = self.data[self.at : end], end
        return line.decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        while self.at < len(self.data):
            yield self.readline()


def _satellites(folder: Path) -> set[int]:
    """Offsets of the adjective satellite synsets (type "s" in data.adj)."""
    found = set()
    with open(folder / "data.adj", encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if line[:1].isdigit():
                fields = line.split(" ", 3)
                if len(fields) > 2 and fields[2] == "s":
                    found.add(int(fields[0]))
    return found


class _LazyIndex(dict[str, dict[str, list[int]]]):
    """lemma -> part of speech -> synset offsets, as nltk's reader builds it at start-up
    from the four index files (about a second), but looked up on demand: the files are
    sorted by lemma, so one binary search over their lines finds an entry."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.lines: dict[str, list[bytes]] = {}
        self.satellites: set[int] | None = None

    def _lines(self, suffix: str) -> list[bytes]:
        if suffix not in self.lines:
            data = (self.folder / f"index.{suffix}").read_bytes()
            self.lines[suffix] = [x for x in data.split(b"\n") if x and not x.startswith(b" ")]
        return self.lines[suffix]

    def __missing__(self, lemma: str) -> dict[str, list[int]]:
        entry: dict[str, list[int]] = {}
        key = lemma.encode("utf-8") + b" "
        for suffix in ("adj", "adv", "noun", "verb"):
            lines = self._lines(suffix)
            k = bisect.bisect_left(lines, key)
            if k < len(lines) and lines[k].startswith(key):
                fields = lines[k].decode("utf-8", errors="replace").split()
                pos, synsets, pointers = fields[1], int(fields[2]), int(fields[3])
                start = 4 + pointers + 2
                entry[pos] = [int(x) for x in fields[start : start + synsets]]
                if pos == "a":
                    if self.satellites is None:
                        self.satellites = _satellites(self.folder)
                    entry["s"] = [o for o in entry[pos] if o in self.satellites]
        self[lemma] = entry
        return entry

    def __contains__(self, lemma: object) -> bool:
        return isinstance(lemma, str) and bool(self[lemma])


def available() -> bool:
    return _wordnet() is not None


@cache
def _exceptions() -> dict[str, str]:
    """Irregular form -> base form, from WordNet's verb and noun exception lists."""
    folder = wordnet_dir()
    table: dict[str, str] = {}
    if folder is None:
        return table
    for name in ("noun.exc", "verb.exc"):
        path = folder / name
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[0].isalpha() and parts[1].isalpha():
                table.setdefault(parts[0], parts[1])
    return table


def base_form(word: str) -> str:
    """The base form of an irregular inflection ("met" -> "meet"); the word itself otherwise."""
    return _exceptions().get(word, word)


@lru_cache(maxsize=1 << 16)
def concepts(word: str) -> frozenset[str]:
    """Meaning classes of a lower-case base form: synset names of its frequent senses, of
    their derivationally related forms and of the verbs they cause. Empty without WordNet."""
    wn = _wordnet()
    if wn is None or word in _GENERAL or not word.isalpha() or len(word) < 3:
        return frozenset()
    found: set[str] = set()
    for pos in ("v", "n", "a"):
        try:
            synsets = _first_synsets(wn, word, pos)
        except (LookupError, OSError, ValueError):
            continue
        for synset in synsets:
            found.add(synset.name())
            for lemma in synset.lemmas():
                if lemma.name() != word:
                    continue
                found.update(r.synset().name() for r in lemma.derivationally_related_forms())
            found.update(s.name() for s in synset.causes())
    return frozenset(found)


def _first_synsets(wn: Any, word: str, pos: str) -> list[Any]:
    """``wn.synsets(word, pos)[:SENSES]``, reading only those synsets (nltk's reads every
    sense of the word first: 41 verb senses of "run")."""
    found: list[Any] = []
    for form in wn._morphy(word.lower(), pos, True):
        for offset in wn._lemma_pos_offset_map[form].get(pos, []):
            if len(found) == SENSES:
                return found
            found.append(wn.synset_from_pos_and_offset(pos, offset))
    return found
