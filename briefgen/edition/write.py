"""Edition -> edition.md/.html/.pdf/.json and one ``stories/<id>/`` folder of brief files per story.

The edition's Markdown comes from a Jinja2 template (``edition.md.j2`` by default; a
``--template-dir`` overrides it like the brief templates) with the context documented on
:class:`EditionContext`. Every story section cites its own story's sources only, with
anchors of its own (``#<story id>-source-N``), so no citation can point into another
story. ``edition.json`` (:func:`to_record`) is a stable schema, documented in docs/edition.md.
Story folders are written first and the edition files last, each file atomically.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from briefgen import __version__
from briefgen.compose import Context, SourceView, _tidy, render_template, resolve_template
from briefgen.models import Article, Fact

if TYPE_CHECKING:
    from briefgen.edition import Edition, EditionOptions, StoryEntry

SCHEMA_VERSION = 1


class StoryView:
    """One briefed story as the edition template sees it.

    ``id``, ``rank``, ``number`` (its place in the contents), ``title``, ``anchor``,
    ``outlets`` (names), ``size`` (articles), ``continuing``, ``folder`` (``stories/<id>``),
    ``brief`` (the story's Brief), ``sources`` (SourceViews in citation order),
    ``disagreements`` (the Brief's), and helpers ``cite(x)``, ``lead(n, words)``,
    ``consensus()`` (consensus facts after the lead) and ``distinctive()`` ((SourceView,
    Fact) pairs: each outlet's best fact that no other outlet reports).
    """

    def __init__(self, entry: StoryEntry, number: int, variables: Mapping[str, str]) -> None:
        assert entry.brief is not None
        self.id = entry.story.id
        self.rank = entry.rank
        self.number = number
        self.title = entry.title
        self.anchor = Markup(f"story-{self.id}")
        self.outlets = list(entry.outlets)
        self.size = len(entry.articles)
        self.continuing = entry.story.continuing
        self.folder = f"stories/{self.id}"
        self.brief = entry.brief
        self.disagreements = entry.brief.disagreements
        self._context = Context(entry.brief, variables)
        self.sources = self._context.sources

    def cite(self, cited: Any) -> Markup:
        """Each citation a link to the story's source (``[2] [4]``); the sources cited for
        only part of a fact after "in part" (``[2] in part [1] [3]``)."""
        part = self._context.in_part(cited)
        whole = [n for n in self._context.numbers(cited) if n not in part]
        shown = [
            " ".join(f"[\\[{n}\\]](#{self.id}-source-{n})" for n in ns) for ns in (whole, part)
        ]
        return Markup(" in part ".join(s for s in shown if s))

    def number_of(self, source_id: str) -> int:
        return self._context.number(source_id)

    def source_anchor(self, source: SourceView) -> Markup:
        return Markup(f'<a id="{self.id}-source-{source.number}"></a>')

    def lead(self, count: int = 2, words: int = 60) -> list[Fact]:
        return self._context.lead(count, words)

    def consensus(self) -> list[Fact]:
        return list(self.brief.consensus[len(self.lead()) :])

    def distinctive(self) -> list[tuple[SourceView, Fact]]:
        return [(source, facts[0]) for source, facts in self._context.unique_by_source()]


class AlsoView:
    """A story not briefed: ``id``, ``title``, ``sources`` (its articles), ``outlets``, ``note``."""

    def __init__(self, entry: StoryEntry) -> None:
        self.id = entry.story.id
        self.title = entry.title
        self.outlets = list(entry.outlets)
        self.note = entry.note
        self.continuing = entry.story.continuing
        self.sources = list(entry.articles)


class EditionContext:
    """The edition template's names: ``edition`` (title, date, counts), ``stories``
    (StoryView, briefed, in rank order), ``also`` (AlsoView, the rest), ``vars``,
    ``generator`` and ``url(value)`` (an http(s) URL safe for a link, else empty)."""

    def __init__(self, edition: Edition, variables: Mapping[str, str]) -> None:
        self.edition = edition
        self.stories = [StoryView(e, n, variables) for n, e in enumerate(edition.briefed, start=1)]
        self.also = [AlsoView(e) for e in edition.also]
        self.vars = dict(variables)

    def as_mapping(self) -> dict[str, Any]:
        return {
            "edition": self.edition,
            "stories": self.stories,
            "also": self.also,
            "vars": self.vars,
            "generator": {"name": "briefgen", "version": __version__},
            "url": Context.url,
        }


def compose_edition(
    edition: Edition,
    template: str = "edition",
    *,
    template_dir: Path | None = None,
    variables: Mapping[str, str] | None = None,
) -> str:
    """The edition as Markdown, written by the chosen template."""
    path = resolve_template(template, template_dir)
    context = EditionContext(edition, variables or {}).as_mapping()
    return _tidy(render_template(path, context, template_dir=template_dir))


def _article(article: Article, story: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "story": story,
        "name": article.name,
        "title": article.title,
        "url": article.url,
        "path": article.path,
        "published": article.published,
        "outlet": article.outlet,
    }


def _story(entry: StoryEntry) -> dict[str, Any]:
    brief = entry.brief
    return {
        "id": entry.story.id,
        "rank": entry.rank,
        "title": entry.title,
        "articles": list(entry.story.articles),
        "outlets": list(entry.outlets),
        "latest": entry.latest,
        "continuing": entry.story.continuing,
        "briefed": brief is not None,
        "folder": f"stories/{entry.story.id}" if brief is not None else None,
        "consensus": len(brief.consensus) if brief else 0,
        "disagreements": len(brief.disagreements) if brief else 0,
        "new": sum(1 for f in (*brief.consensus, *brief.unique) if f.new) if brief else None,
        "note": entry.note,
        "terms": dict(entry.story.terms),
    }


def to_record(edition: Edition) -> dict[str, Any]:
    """The JSON-ready dict of an edition (schema in docs/edition.md)."""
    story_of = {a: s.story.id for s in edition.stories for a in s.story.articles}
    return {
        "schema": SCHEMA_VERSION,
        "kind": "edition",
        "title": edition.title,
        "date": edition.date,
        "generator": {"name": "briefgen", "version": __version__},
        "stories": [_story(s) for s in edition.stories],
        "articles": [_article(a, story_of[a.id]) for a in edition.articles],
        "problems": [{"source": p.source, "message": p.message} for p in edition.problems],
    }


def to_json(edition: Edition) -> str:
    return json.dumps(to_record(edition), ensure_ascii=False, indent=2) + "\n"


def render_edition(edition: Edition, options: EditionOptions) -> dict[str, bytes]:
    """Every requested edition format as bytes (edition.md, .html, .pdf, .json)."""
    from briefgen.render import to_html, to_pdf

    markdown = compose_edition(
        edition, options.template, template_dir=options.template_dir, variables=options.variables
    )
    files: dict[str, bytes] = {}
    if "md" in options.formats:
        files["edition.md"] = markdown.encode("utf-8")
    if "html" in options.formats or "pdf" in options.formats:
        html = to_html(
            markdown,
            title=edition.title,
            date=edition.date,
            template=options.template,
            template_dir=options.template_dir,
        )
        if "html" in options.formats:
            files["edition.html"] = html.encode("utf-8")
        if "pdf" in options.formats:
            files["edition.pdf"] = to_pdf(
                html, paper=options.paper, template_dir=options.template_dir
            )
    if "json" in options.formats:
        files["edition.json"] = to_json(edition).encode("utf-8")
    return files


def write_edition(edition: Edition, options: EditionOptions) -> list[Path]:
    """Render everything first, then write the story folders, then the edition files."""
    from briefgen.output import write_files

    files = render_edition(edition, options)
    written: list[Path] = []
    for entry in edition.briefed:
        written.extend(write_files(options.out / "stories" / entry.story.id, entry.files))
    written.extend(write_files(options.out, files))
    return written


__all__: Sequence[str] = ("compose_edition", "render_edition", "to_json", "to_record")
