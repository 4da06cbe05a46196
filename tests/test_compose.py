"""Compose: Brief -> Markdown and email bodies through the built-in and user templates."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefgen.compose import (
    Context,
    available_templates,
    compose,
    compose_email,
    md_escape,
    resolve_template,
    template_files,
)
from briefgen.errors import TemplateError
from briefgen.models import (
    Article,
    Brief,
    Claim,
    Disagreement,
    Dropped,
    Evidence,
    Fact,
    Figure,
    Problem,
    Quote,
    TimelineEvent,
)
from briefgen.render import markdown_to_html

BRIEF_TEMPLATES = ("daily", "executive", "full")

# An invented event: a ferry pier closes after a storm. Names cover Turkish, Greek, Cyrillic.
HOSTILE = (
    'Residents posted <script>alert("x")</script> and <img src="http://127.0.0.1:9/x.png"> '
    "with [a link](http://127.0.0.1:9/a) and ![pic](file:///etc/hostname), "
    '<link rel="stylesheet" href="file:///etc/hostname"> and a style url(file:///etc/hostname) '
    "*stars* and _under_ | pipes."
)


def _fact(text: str, sources: tuple[str, ...], score: float, **extra: object) -> Fact:
    evidence = tuple(
        Evidence(s, text if i == 0 else f"{s} wrote: {text}") for i, s in enumerate(sources)
    )
    return Fact(text, sources[0], sources, evidence, score, len(sources), **extra)  # type: ignore[arg-type]


def sample_brief(*, hostile: bool = False, sources: int = 3) -> Brief:
    """A small brief with every section filled, as the analysis stages would produce it."""
    names = ["Harbour Gazette", "Kuzey Haber Ağı", "Εφημερίδα Λιμάνι", "Вечерний порт"]
    articles = tuple(
        Article(
            id=f"s{i}",
            name=names[(i - 1) % len(names)],
            text="",
            title=f"Pier {i} closed after storm" if i != 2 else None,
            url=f"https://news{i}.example/pier?id={i}&x=1" if i != 3 else "javascript:alert(1)",
            published="2031-03-04",
            author="Zoë Çelik" if i == 1 else None,
        )
        for i in range(1, sources + 1)
    )
    ids = tuple(a.id for a in articles)
    consensus = (
        _fact(
            "The North Pier closed on Tuesday after the storm damaged its pilings.", ids[:3], 0.9
        ),
        _fact("Ferries to Ostrava Island now leave from the South Quay.", ids[:2], 0.8, new=True),
        _fact(
            "Engineers reportedly expect repairs to take six weeks.",
            (ids[1], ids[0]),
            0.7,
            attribution="hedged",
            attributed_to="reportedly",
        ),
        _fact("The harbour master said 1,200 passengers were affected.", (ids[2], ids[0]), 0.6),
    )
    unique_text = HOSTILE if hostile else "Ömer Şahin, a ferry captain, waited four hours."
    unique = (
        _fact(unique_text, (ids[1],), 0.5),
        _fact(
            "Γιώργος Παπαδόπουλος and Пётр Иванов were among the stranded travellers.",
            (ids[2],),
            0.4,
        ),
    )
    return Brief(
        title="North Pier closed after storm" + (" <b>bold</b>" if hostile else ""),
        date="2031-03-04",
        sources=articles,
        consensus=consensus,
        unique=unique,
        disagreements=(
            Disagreement(
                "passengers affected",
                (
                    Claim(
                        "1,200",
                        (ids[2],),
                        "The harbour master said 1,200 passengers were affected.",
                    ),
                    Claim("900", (ids[0],), "About 900 passengers were affected, the port said."),
                ),
                kind="number",
            ),
        ),
        dropped=(
            Dropped(ids[0], "boilerplate", "Subscribe now"),
            Dropped(ids[1], "off_topic", "x"),
        ),
        problems=(Problem("feed.xml", "could not be parsed"),),
        quotes=(
            Quote(
                "the harbour master",
                "We will reopen as soon as it is safe",
                (ids[2], ids[0]),
                (Evidence(ids[0], "We will reopen when it is safe"),),
            ),
        ),
        figures=(
            Figure(
                "1,200",
                "1200",
                "count",
                "The harbour master said 1,200 passengers were affected.",
                (ids[2],),
            ),
        ),
        timeline=(
            TimelineEvent(
                "2031-03-03", "on Tuesday", "The North Pier closed on Tuesday.", (ids[0],), True
            ),
            TimelineEvent(None, "next month", "Repairs may finish next month.", (ids[1],), False),
        ),
    )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if values.get("id"):
            self.ids.add(values["id"] or "")


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


# --- listing and resolving ------------------------------------------------------------


def test_lists_all_builtins_with_descriptions() -> None:
    infos = {i.name: i for i in available_templates()}
    assert set(infos) == {"daily", "edition", "email", "executive", "full"}
    assert all(i.description for i in infos.values())
    assert [p.name for p in infos["email"].paths] == ["email.txt.j2", "email.html.j2"]
    assert len(template_files("email")) == 2


def test_template_dir_overrides_and_extends(tmp_path: Path) -> None:
    (tmp_path / "daily.md.j2").write_text("{# description: mine #}\n# {{ brief.title }} (mine)\n")
    (tmp_path / "desk.md.j2").write_text("{# description: desk #}\n{{ vars.desk }}\n")
    infos = {i.name: i for i in available_templates(tmp_path)}
    assert infos["daily"].description == "mine" and "desk" in infos
    assert compose(sample_brief(), "daily", template_dir=tmp_path).startswith("# North Pier")
    assert "(mine)" in compose(sample_brief(), "daily", template_dir=tmp_path)
    assert compose(sample_brief(), "desk", template_dir=tmp_path, variables={"desk": "Ports"}) == (
        "Ports\n"
    )


def test_unknown_template_and_email_as_brief_are_errors() -> None:
    with pytest.raises(TemplateError, match="unknown template 'nope'") as err:
        resolve_template("nope")
    assert "daily" in (err.value.hint or "")
    with pytest.raises(TemplateError, match="email bodies"):
        compose(sample_brief(), "email")
    with pytest.raises(TemplateError, match="not found"):
        resolve_template("missing/file.md.j2")


def test_default_alias_is_daily() -> None:
    assert resolve_template("default") == resolve_template("daily")


# --- the built-in templates -----------------------------------------------------------


def cited_numbers(markdown: str) -> list[int]:
    """The source numbers a citation names: "[1](#source-1)–[3](#source-3)" is 1, 2, 3."""
    numbers: list[int] = []
    for first, last in re.findall(
        r"\[(\d+)\]\(#source-\d+\)(?:–\[(\d+)\]\(#source-\d+\))?", markdown
    ):
        numbers.extend(range(int(first), int(last or first) + 1))
    return sorted(numbers)


@pytest.mark.parametrize("name", BRIEF_TEMPLATES)
def test_builtin_templates_cite_every_fact_with_working_links(name: str) -> None:
    brief = sample_brief()
    text = compose(brief, name)
    html = markdown_to_html(text)
    links = parse(html)
    assert text.startswith("# North Pier closed after storm\n")
    assert "2031-03-04" in text
    for n in range(1, len(brief.sources) + 1):
        assert f"source-{n}" in links.ids
    for href in links.hrefs:
        if href.startswith("#"):
            assert href[1:] in links.ids, href
    shown = [f for f in (*brief.consensus, *brief.unique) if f.text in text]
    assert len(shown) >= 3
    for fact in shown:  # the citation right after a fact names exactly its sources
        cites = re.search(re.escape(md_escape(fact.text)) + r" \\\[(.*?)\\\]", text)
        assert cites, fact.text
        assert cited_numbers(cites.group(1)) == sorted(int(s[1:]) for s in fact.sources)
    assert "<script" not in html


def test_daily_has_lead_sections_and_markers() -> None:
    text = compose(sample_brief(), "daily", variables={"audience": "the port desk"})
    lead = text.split("\n\n")[2]
    assert lead.startswith("The North Pier closed on Tuesday")
    assert "Ferries to Ostrava Island" in lead
    for heading in ("## Reported by one source", "## Where sources differ", "## Sources"):
        assert heading in text
    assert "for the port desk" in text
    assert "(unconfirmed)" in text
    assert "**Kuzey Haber Ağı**" in text
    assert "[Harbour Gazette](https://news1.example/pier?id=1&x=1)" in text
    assert "javascript:" not in text  # not an http(s) link: the name is shown without a link


def test_full_shows_every_section_and_each_sources_wording() -> None:
    text = compose(sample_brief(), "full")
    for heading in (
        "## Reported by several sources",
        "## Reported by one source",
        "## Where sources differ",
        "## Quotes",
        "## Timeline",
        "## Key figures",
        "## What was left out",
        "## Sources",
    ):
        assert heading in text
    assert "s2 wrote: The North Pier closed" in text  # another source's own wording
    assert "*(unconfirmed: reportedly)*" in text
    assert "**New:** Ferries" in text
    assert "Date unclear" in text and "2031-03-03" in text
    assert "1 boilerplate, 1 off-topic" in text
    assert "feed.xml: could not be parsed" in text
    assert "by Zoë Çelik" in text
    assert "<https://news1.example/pier?id=1&x=1>" in text


def test_full_leaves_out_empty_optional_sections() -> None:
    brief = sample_brief()
    bare = Brief(brief.title, brief.date, brief.sources, brief.consensus, brief.unique)
    text = compose(bare, "full")
    for heading in ("## Quotes", "## Timeline", "## Key figures", "## Where sources differ"):
        assert heading not in text


def test_executive_has_at_most_five_facts_and_the_dispute() -> None:
    text = compose(sample_brief(), "executive")
    facts = re.findall(r"^\d+\. (?!<a id)", text, re.MULTILINE)
    assert 3 <= len(facts) <= 5
    assert "**passengers affected**: 1,200" in text and "vs. 900" in text


def test_brief_without_consensus_says_so() -> None:
    brief = sample_brief()
    text = compose(Brief(brief.title, brief.date, brief.sources, (), brief.unique), "daily")
    assert "No fact was reported by more than one independent source." in text
    assert "Γιώργος Παπαδόπουλος" in text


# --- safety -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", BRIEF_TEMPLATES)
def test_source_text_is_never_markup(name: str) -> None:
    text = compose(sample_brief(hostile=True), name)
    html = markdown_to_html(text)
    links = parse(html)
    assert not {"script", "img", "link", "b", "style", "table"} & set(links.tags)
    assert all(not h.startswith(("http://127.0.0.1", "file:")) for h in links.hrefs)
    if name != "executive":
        assert "&lt;script&gt;" in html and "url(file:///etc/hostname)" in html
        assert "[a link](http://127.0.0.1:9/a)" in html
        assert "*stars* and _under_ | pipes." in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_md_escape_round_trips_through_markdown() -> None:
    raw = "# not a heading > nor a quote 1. nor a list *a* _b_ `c` [d](e) &amp; <i>"
    html = markdown_to_html(md_escape(raw))
    assert (
        html == "<p># not a heading &gt; nor a quote 1. nor a list *a* _b_ `c` [d](e) "
        "&amp;amp; &lt;i&gt;</p>"
    )


# --- errors -------------------------------------------------------------------------------


def test_undefined_variable_names_template_and_line(tmp_path: Path) -> None:
    mine = tmp_path / "mine.md.j2"
    mine.write_text("# {{ brief.title }}\n\n{{ brief.date }}\n{{ vars.desk }}\n")
    with pytest.raises(TemplateError, match=r"mine\.md\.j2, line 4: .*desk"):
        compose(sample_brief(), str(mine))
    assert compose(sample_brief(), str(mine), variables={"desk": "Ports"}).endswith("Ports\n")


def test_undefined_attribute_in_an_included_partial_names_the_partial(tmp_path: Path) -> None:
    (tmp_path / "_part.md.j2").write_text("line one\n{{ brief.nonexistent }}\n")
    (tmp_path / "top.md.j2").write_text("{% include '_part.md.j2' %}\n")
    with pytest.raises(TemplateError, match=r"_part\.md\.j2, line 2"):
        compose(sample_brief(), "top", template_dir=tmp_path)


def test_syntax_error_names_template_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md.j2"
    bad.write_text("# ok\n{% for x in %}\n")
    with pytest.raises(TemplateError, match=r"bad\.md\.j2, line 2"):
        compose(sample_brief(), str(bad))


def test_cite_of_unknown_source_is_an_error() -> None:
    with pytest.raises(TemplateError, match="no source with id 'zz'"):
        Context(sample_brief(), {}).cite(["zz"])


# --- email ------------------------------------------------------------------------------


def test_email_bodies_text_and_escaped_html() -> None:
    text, html = compose_email(sample_brief(hostile=True), {"greeting": "Good morning <team>,"})
    assert text.startswith("Good morning <team>,\n\nNorth Pier closed after storm <b>bold</b>\n")
    assert "- The North Pier closed on Tuesday after the storm damaged its pilings. [1–3]" in text
    assert "passengers affected: 1,200 [3] vs. 900 [1]" in text
    assert "[1] Harbour Gazette <https://news1.example/pier?id=1&x=1>" in text
    assert "Good morning &lt;team&gt;," in html and "<b>bold</b>" not in html
    links = parse(html)
    assert links.hrefs == [
        "https://news1.example/pier?id=1&x=1",
        "https://news2.example/pier?id=2&x=1",
    ]
    assert "script" not in links.tags


def test_email_template_dir_override(tmp_path: Path) -> None:
    (tmp_path / "email.txt.j2").write_text("Brief: {{ brief.title }}\n")
    text, html = compose_email(sample_brief(), template_dir=tmp_path)
    assert text == "Brief: North Pier closed after storm\n"
    assert html.startswith("<!DOCTYPE html>")
