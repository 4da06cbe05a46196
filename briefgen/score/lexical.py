"""Words -> base forms and meaning classes, from WordNet 3.0 when it is installed.

WordNet comes from the operating system (Debian's ``wordnet-base``: ``/usr/share/wordnet``),
with no download; its index and data lines are read directly, giving the names nltk's
``WordNetCorpusReader`` gives (``_wordnet()``, nltk's reader over the same files, is kept for
callers that want synset objects and for the tests that hold the two together). It gives two
things:

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
import re
import warnings
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from briefgen import overlap

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
    """nltk's reader over the installed WordNet folder (lazy index, lexnames supplied)."""
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
    return _dictionary() is not None


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


@overlap.memo(1 << 16)
def concepts(word: str) -> frozenset[str]:
    """Meaning classes of a lower-case base form: synset names of its frequent senses, of
    their derivationally related forms and of the verbs they cause. Empty without WordNet.

    The names are those of nltk's reader (``wn.synsets(word, pos)[:SENSES]``, each one's
    ``lemma.derivationally_related_forms()`` and ``causes()``), read from the data lines
    directly: nltk builds every synset with its lemmas, sense keys and gloss, most of the
    cost of a brief's first lookup of each word (tests/test_lexical.py compares the two).
    """
    found_dictionary = _dictionary()
    if found_dictionary is None or word in _GENERAL or not word.isalpha() or len(word) < 3:
        return frozenset()
    dictionary: _Dictionary = found_dictionary
    found: set[str] = set()
    for pos in ("v", "n", "a"):
        try:
            for offset in dictionary.first_synsets(word, pos):
                found.update(dictionary.related(pos, offset, word))
        except (LookupError, OSError, ValueError):
            continue
    return frozenset(found)


# nltk's WordNetCorpusReader.MORPHOLOGICAL_SUBSTITUTIONS (its ``_morphy`` rules)
_SUBSTITUTIONS = {
    "n": (
        ("s", ""),
        ("ses", "s"),
        ("ves", "f"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ),
    "v": (
        ("s", ""),
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}
_DATA_FILES = {"n": "noun", "v": "verb", "a": "adj", "s": "adj", "r": "adv"}


class _Synset:
    """The parts of a synset's data line that meaning classes use."""

    __slots__ = ("causes", "derived", "lemmas", "pos")

    def __init__(self, line: str) -> None:
        fields = line.split("|", 1)[0].split()
        self.pos = fields[2]
        count = int(fields[3], 16)
        # a lemma's syntactic marker ("big(a)") is not part of its name
        self.lemmas = [_unmarked(fields[4 + 2 * k]) for k in range(count)]
        at = 4 + 2 * count
        derived: dict[str, list[tuple[str, int]]] = {}
        causes: list[tuple[str, int]] = []
        for _ in range(int(fields[at])):
            symbol, offset, pos, ends = fields[at + 1 : at + 5]
            at += 4
            if ends == "0000":
                if symbol == ">":
                    causes.append((pos, int(offset)))
            elif symbol == "+":
                source = self.lemmas[int(ends[:2], 16) - 1]
                derived.setdefault(source, []).append((pos, int(offset)))
        self.derived = derived
        self.causes = causes


_MARKER = re.compile(r"(.*?)(\([^()]*\))?$")  # nltk's pattern for a lemma's marker


def _unmarked(lemma: str) -> str:
    if not lemma.endswith(")"):
        return lemma
    found = _MARKER.match(lemma)
    return found.group(1) if found else lemma


class _Dictionary:
    """WordNet's index, exception and data files, read as nltk's reader reads them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.index = _LazyIndex(folder)
        self.exceptions: dict[str, dict[str, list[str]]] = {}
        for pos, name in (("n", "noun"), ("v", "verb"), ("a", "adj"), ("r", "adv")):
            table: dict[str, list[str]] = {}
            text = (folder / f"{name}.exc").read_text(encoding="utf-8")
            for line in text.splitlines():
                terms = line.split()
                if terms:
                    table[terms[0]] = terms[1:]
            self.exceptions[pos] = table
        self.data: dict[str, bytes] = {}
        self.synsets: dict[tuple[str, int], _Synset] = {}
        self.names: dict[tuple[str, int], str] = {}

    def _morphy(self, form: str, pos: str) -> list[str]:
        """nltk's ``_morphy(form, pos, check_exceptions=True)``: base forms in WordNet."""
        if form in self.exceptions[pos]:
            forms = self.exceptions[pos][form]
        else:
            rules = _SUBSTITUTIONS[pos]
            forms = [form[: -len(old)] + new for old, new in rules if form.endswith(old)]
        result: list[str] = []
        for candidate in [form, *forms]:
            if candidate not in result and pos in self.index[candidate]:
                result.append(candidate)
        return result

    def first_synsets(self, word: str, pos: str) -> list[int]:
        """Offsets of ``wn.synsets(word, pos)[:SENSES]``, reading only those."""
        found: list[int] = []
        for form in self._morphy(word.lower(), pos):
            for offset in self.index[form].get(pos, []):
                if len(found) == SENSES:
                    return found
                found.append(offset)
        return found

    def synset(self, pos: str, offset: int) -> _Synset:
        name = _DATA_FILES[pos]
        key = (name, offset)
        if key not in self.synsets:
            if name not in self.data:
                self.data[name] = (self.folder / f"data.{name}").read_bytes()
            data = self.data[name]
            end = data.find(b"\n", offset)
            line = data[offset : len(data) if end < 0 else end].decode("utf-8")
            if not line.startswith(f"{offset:08d} "):
                raise LookupError(f"no WordNet synset at {name} offset {offset}")
            self.synsets[key] = _Synset(line)
        return self.synsets[key]

    def name(self, pos: str, offset: int) -> str:
        """nltk's synset name: its first lemma, part of speech and sense number."""
        key = (_DATA_FILES[pos], offset)
        if key not in self.names:
            synset = self.synset(pos, offset)
            lemma = synset.lemmas[0].lower()
            sense = self.index[lemma][synset.pos].index(offset) + 1
            self.names[key] = f"{lemma}.{synset.pos}.{sense:02d}"
        return self.names[key]

    def related(self, pos: str, offset: int, word: str) -> list[str]:
        """A sense's own name, those of ``word``'s derivationally related forms in it and
        those of the verbs it causes."""
        synset = self.synset(pos, offset)
        names = [self.name(pos, offset)]
        if word in synset.lemmas:
            names.extend(self.name(p, o) for p, o in synset.derived.get(word, ()))
        names.extend(self.name(p, o) for p, o in synset.causes)
        return names


@cache
def _dictionary() -> _Dictionary | None:
    found = wordnet_dir()
    if found is None:
        return None
    try:
        return _Dictionary(found)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
