"""Ingest from local files: formats, metadata, manifests and every kind of bad input."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from briefgen.ingest import embedded_corpus, load
from briefgen.ingest.meta import iso_date, title_from_text
from briefgen.models import Article, Problem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"

BODY = (
    "The city council voted on Monday to close the old river bridge to all traffic after "
    "engineers found cracks in two of its supports.\n\n"
    "The mayor said a temporary footbridge would open within a month and that repairs to the "
    "main structure could take until the end of the year."
)


def write(path: Path, text: str, encoding: str = "utf-8") -> str:
    path.write_text(text, encoding=encoding)
    return str(path)


def only(specs: list[str]) -> Article:
    result = load(specs)
    assert result.problems == ()
    (article,) = result.articles
    return article


def test_txt_title_from_headline_first_line_and_text_kept_intact(tmp_path: Path) -> None:
    text = "River bridge closed after cracks found\n\n" + BODY + "\n"
    article = load([write(tmp_path / "bridge.txt", text)]).articles[0]
    assert article.title == "River bridge closed after cracks found"
    assert article.text == text
    assert article.name == "River bridge closed after cracks found"  # never the file name
    assert (article.outlet, article.url, article.published, article.author) == (None,) * 4


@pytest.mark.parametrize(
    "first",
    [
        "The city council voted on Monday to close the old river bridge.",  # a sentence
        "Bridge",  # too short
        "By Anna Berg",  # a byline
    ],
)
def test_txt_first_line_that_is_no_headline_gives_no_title(tmp_path: Path, first: str) -> None:
    article = load([write(tmp_path / "a.txt", first + "\n\n" + BODY)]).articles[0]
    assert article.title is None


def test_txt_stated_dateline_outlet_source_line_and_byline_date() -> None:
    article = load([str(FIXTURES / "wire.txt")]).articles[0]
    assert article.title == "Coastguard says fog and radar failure under investigation"
    assert article.outlet == article.name == "Harbour Wire"
    assert article.published == "2026-03-04"
    assert article.author == "Daniel Osei"


def test_source_line_names_the_outlet_and_body_dates_are_not_publication_dates(
    tmp_path: Path,
) -> None:
    text = (
        "The bridge will reopen on June 2, 2026, once repairs to the supports are finished "
        "and inspected by engineers.\n\n" + BODY + "\n\nSOURCE: Valley Tribune | Follow us"
    )
    article = load([write(tmp_path / "b.txt", text)]).articles[0]
    assert article.outlet == "Valley Tribune"
    assert article.published is None


def test_markdown_front_matter_and_syntax_stripped() -> None:
    article = only([str(FIXTURES / "story.md")])
    assert article.title == "Divers inspect damaged ferry in Port Alden"
    assert article.outlet == "Alden Gazette"
    assert article.url == "https://aldengazette.example/divers-inspect-ferry"
    assert article.published == "2026-03-04"
    assert article.author == "Chris Moreau"
    assert "**" not in article.text and "](" not in article.text and "> " not in article.text
    assert "struck by the Island Star on Tuesday." in article.text
    assert "\n\nthe shuttle is stable and moored at the east quay;\n\n" in article.text
    assert "title:" not in article.text


def test_markdown_without_front_matter_takes_title_from_first_heading(tmp_path: Path) -> None:
    article = only([write(tmp_path / "n.md", "# Bridge shut\n\n" + BODY)])
    assert article.title == "Bridge shut"
    assert article.outlet is None and article.name == "Bridge shut"  # its first heading


def test_markdown_with_broken_front_matter_is_a_problem(tmp_path: Path) -> None:
    spec = write(tmp_path / "bad.md", "---\ntitle: [unclosed\n---\n\n" + BODY)
    result = load([spec])
    assert result.articles == ()
    assert result.problems[0].message.startswith("front matter is not valid YAML")


def test_html_file_keeps_the_story_and_drops_page_chrome() -> None:
    article = only([str(FIXTURES / "site" / "ferry-collision.html")])
    assert article.outlet == "Harbour Herald"
    assert article.author == "Maria Okafor"
    paragraphs = article.text.split("\n\n")
    assert "Two passenger ferries collided in dense fog" in paragraphs[1]
    assert paragraphs[-1].startswith("The Maritime Accident Board said")
    for chrome in ("Subscribe", "cookies", "Related stories", "harbourfan22", "Privacy", "©"):
        assert chrome not in article.text


def test_json_array_records(tmp_path: Path) -> None:
    result = load([str(FIXTURES / "records.json")])
    first, second = result.articles
    assert result.problems == ()
    assert (first.title, first.outlet, first.published) == (
        "Fog blamed as ferries collide",
        "North Shore Post",
        "2026-03-03",
    )
    assert first.text.count("\n\n") == 1
    assert second.url is None and second.published is None


def test_jsonl_records_fields_and_bad_records() -> None:
    result = load([str(FIXTURES / "export.jsonl")])
    first, second = result.articles
    assert first.outlet == "Tide Times"  # {"source": {"name": ...}}
    assert first.author == "Ana Lima, Joe Park"
    assert first.published == "2026-03-03"
    assert second.title == "Ferry operator apologises to passengers"
    assert second.published == "2026-03-04"  # "March 4, 2026"
    assert "<p>" not in second.text and second.text.count("\n\n") == 1
    assert [p.message for p in result.problems] == [
        "line 3 has no text (text, content, body)",
        "line 4: not valid JSON: Expecting value",
    ]


def test_json_record_without_url_outlet_or_title_is_named_by_its_number(
    tmp_path: Path,
) -> None:
    spec = write(
        tmp_path / "dump.json",
        json.dumps({"items": [{"text": "x"}, {"body": BODY}]}),
    )
    result = load([spec])
    assert [a.name for a in result.articles] == ["", ""]  # a brief numbers them


def test_manifest_overrides_and_fills_metadata(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "River bridge closed after cracks found\n\n" + BODY)
    write(tmp_path / "b.md", "---\noutlet: Wrong Name\n---\n\n" + BODY)
    write(
        tmp_path / "sources.toml",
        '["a.txt"]\ntitle = "Bridge closed"\noutlet = "Valley Tribune"\npublished = 2026-05-04\n'
        '["b.md"]\noutlet = "Right Name"\nurl = "https://right.example/b"\n',
    )
    a, b = load([str(tmp_path)]).articles
    assert (a.title, a.outlet, a.name, a.published) == (
        "Bridge closed",
        "Valley Tribune",
        "Valley Tribune",
        "2026-05-04",
    )
    assert (b.outlet, b.url) == ("Right Name", "https://right.example/b")


def test_broken_manifest_is_reported_and_files_still_load(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "sources.toml", '["a.txt"\noutlet = ')
    result = load([str(tmp_path)])
    assert len(result.articles) == 1
    assert result.problems[0].message.startswith("manifest ignored:")


def test_glob_and_directory_order_and_ids(tmp_path: Path) -> None:
    for name in ("c.txt", "a.txt", "b.md", "notes.csv"):
        write(tmp_path / name, BODY)
    result = load([str(tmp_path / "*.txt"), str(tmp_path)])
    assert [(a.id, Path(a.path or "").name) for a in result.articles] == [
        ("s1", "a.txt"),
        ("s2", "c.txt"),
        ("s3", "b.md"),  # the folder's a.txt and c.txt were read already, by the glob
    ]


def test_folder_listing_names_links_and_what_is_not_an_article(tmp_path: Path) -> None:
    """A folder gives its files with a known suffix in name order (any case of the suffix);
    a link to a file of the folder is that file, read once; a link that leads outside is a
    Problem; a hidden ".md", a name ending in a dot, a sub-folder and a broken link are
    not articles."""
    folder = tmp_path / "feeds"
    folder.mkdir()
    for name in ("b.md", "A.TXT", ".md", "c.", "notes.csv"):
        write(folder / name, BODY)
    (folder / "sub.md").mkdir()
    (folder / "a-link.md").symlink_to(folder / "b.md")
    (folder / "broken.md").symlink_to(tmp_path / "gone.md")
    (folder / "z-out.txt").symlink_to(write(tmp_path / "secret.txt", BODY))
    write(folder / "sources.toml", '["b.md"]\noutlet = "Vesby Post"\n')
    result = load([str(folder / "b.md"), str(folder)])
    assert [(a.id, Path(a.path or "").name, a.outlet) for a in result.articles] == [
        ("s1", "b.md", "Vesby Post"),
        ("s2", "A.TXT", None),  # the link a-link.md is b.md, read already
    ]
    assert [(Path(p.source).name, p.message.split(",")[0]) for p in result.problems] == [
        ("z-out.txt", f"skipped: a link to {(tmp_path / 'secret.txt').resolve()}")
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \t\n", "empty file"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
            "binary file, not text",
        ),
        ("huge.txt", BODY.encode() * 10, "file is larger than the 1,000-byte limit"),
        (
            "page.html",
            b"<html><body><nav>Home | News</nav></body></html>",
            "HTML page has no main text",
        ),
        (
            "bad.json",
            b'{"text": "unterminated',
            "not valid JSON: Unterminated string starting at at line 1",
        ),
        ("list.json", b'[1, "two"]', "no usable records"),
    ],
)
def test_bad_files_are_problems_and_the_rest_still_loads(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = write(tmp_path / "good.txt", BODY)
    result = load([str(bad), good], max_bytes=1000)
    assert result.problems == (Problem(str(bad), message),)
    assert [Path(a.path or "").name for a in result.articles] == ["good.txt"]


def test_missing_path_empty_directory_and_unmatched_glob(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "junk").mkdir()
    write(tmp_path / "junk" / "blank.txt", "\n")
    specs = [
        str(tmp_path / "nope.txt"),
        str(tmp_path / "empty"),
        str(tmp_path / "junk"),
        str(tmp_path / "*.md"),
    ]
    result = load(specs)
    assert result.articles == ()
    assert [(p.source, p.message) for p in result.problems] == [
        (specs[0], "no such file or directory"),
        (specs[1], "directory holds no usable articles"),
        (str(tmp_path / "junk" / "blank.txt"), "empty file"),
        (specs[2], "directory holds no usable articles"),
        (specs[3], "no files match this pattern"),
    ]


def test_non_english_text_is_a_problem() -> None:
    result = load([str(FIXTURES / "french.txt"), str(FIXTURES / "wire.txt")])
    assert [a.outlet for a in result.articles] == ["Harbour Wire"]
    (problem,) = result.problems
    assert problem.message.startswith("text does not look like English")


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "latin-1"])
def test_non_utf8_text_is_decoded(tmp_path: Path, encoding: str) -> None:
    text = "Café owners near the bridge said trade had fallen by half.\n\n" + BODY
    article = only([write(tmp_path / "enc.txt", text, encoding=encoding)])
    assert article.text.startswith("Café owners")


def test_text_and_metadata_are_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë Müller reported from the café.\n\n" + BODY)
    write(
        tmp_path / "sources.toml",
        f'["n.txt"]\nauthor = "{unicodedata.normalize("NFD", "Zoë Müller")}"\n',
    )
    article = only([write(tmp_path / "n.txt", decomposed)])
    assert article.text.startswith("Zoë Müller reported from the café.")
    assert unicodedata.is_normalized("NFC", article.text)
    assert article.author == "Zoë Müller" and unicodedata.is_normalized("NFC", article.author)


def test_embedded_corpus_loads_with_manifest_metadata() -> None:
    result = load([str(embedded_corpus())])
    assert result.problems == ()
    assert [a.id for a in result.articles] == ["s1", "s2", "s3", "s4", "s5"]
    assert all(a.text.strip() for a in result.articles)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-03T18:40:00+00:00", "2026-03-03"),
        ("2026-03-03T18:40:00Z", "2026-03-03"),
        ("Tue, 03 Mar 2026 20:15:00 +0000", "2026-03-03"),
        ("March 4, 2026", "2026-03-04"),
        ("Updated 4 Sept. 2026 at 10:00", "2026-09-04"),
        ("Sept. 31, 2026", None),
        ("March 4", None),
        ("", None),
    ],
)
def test_iso_date(value: str, expected: str | None) -> None:
    assert iso_date(value) == expected


def test_title_skips_leading_page_chrome() -> None:
    assert title_from_text("Skip to main content\n\nBridge shut after cracks found\n\nBody.") == (
        "Bridge shut after cracks found"
    )
    assert title_from_text("Bridge shut after cracks found") is None  # nothing follows


def test_source_caption_in_the_middle_of_a_story_is_not_an_outlet(tmp_path: Path) -> None:
    filler = [f"Paragraph {i} of the council's statement on the bridge." for i in range(10)]
    middle = ["Source: regional statistics office"]
    text = "\n\n".join([*filler, *middle, *filler, BODY])
    article = only([write(tmp_path / "long.txt", text)])
    assert article.outlet is None and article.name == ""
