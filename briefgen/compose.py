"""Brief -> Markdown (and the plain-text and HTML email bodies) through Jinja2 templates.

Templates live in ``templates/`` (shipped in the wheel as ``briefgen/templates``); a user
directory given with ``--template-dir`` takes precedence, like a theme override, and a path
to a single ``*.j2`` file can be used directly. Every ``{{ value }}`` in a Markdown template
is escaped for Markdown (and for the HTML that Markdown may carry) unless it is produced by
a helper that returns safe Markdown (``cite``, ``url``), so text from an article can never
become markup. HTML templates autoescape. Undefined variables are errors that name the
template and line. The names a template can use are documented on :class:`Context`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from briefgen import __version__
from briefgen.errors import TemplateError
from briefgen.models import Brief, Fact

TEMPLATE_SUFFIX = ".md.j2"
DEFAULT_TEMPLATE = "daily"
ALIASES = {"default": DEFAULT_TEMPLATE}
EMAIL = "email"
EMAIL_TEXT = "email.txt.j2"
EMAIL_HTML = "email.html.j2"
EDITION = "edition"  # the template of `briefgen edition`: its context has no brief
_META = re.compile(r"^\s*(description|variables)\s*:\s*(.+?)\s*$", re.MULTILINE)


def builtin_templates_dir() -> Path:
    """``briefgen/templates`` in an installed wheel, else ``templates/`` of the checkout."""
    packaged = Path(str(resources.files("briefgen") / "templates"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class TemplateInfo:
    """A template as ``briefgen templates`` lists it; ``paths`` are its source files."""

    name: str
    paths: tuple[Path, ...]
    description: str
    variables: tuple[str, ...]


def _header(path: Path) -> tuple[str, tuple[str, ...]]:
    """Description and declared variables from the template's leading ``{# ... #}``."""
    head = path.read_text(encoding="utf-8")[:2000]
    comment = head[head.find("{#") + 2 : head.find("#}")] if head.lstrip().startswith("{#") else ""
    meta = dict(_META.findall(comment))
    variables = tuple(v.strip() for v in meta.get("variables", "").split(";") if v.strip())
    return meta.get("description", ""), variables


def _find(filename: str, template_dir: Path | None) -> Path | None:
    for directory in (template_dir, builtin_templates_dir()):
        if directory is not None and (directory / filename).is_file():
            return directory / filename
    return None


def available_templates(template_dir: Path | None = None) -> list[TemplateInfo]:
    """Built-in templates, overridden or extended by those in ``template_dir``, by name.

    Brief templates are ``NAME.md.j2``; ``email`` is the pair ``email.txt.j2`` and
    ``email.html.j2``. Files whose name starts with ``_`` are partials, not templates.
    """
    found: dict[str, tuple[Path, ...]] = {}
    for directory in (builtin_templates_dir(), template_dir):
        if directory is not None and directory.is_dir():
            for path in sorted(directory.glob(f"*{TEMPLATE_SUFFIX}")):
                if not path.name.startswith("_"):
                    found[path.name.removesuffix(TEMPLATE_SUFFIX)] = (path,)
    email = tuple(
        p for p in (_find(EMAIL_TEXT, template_dir), _find(EMAIL_HTML, template_dir)) if p
    )
    if email:
        found[EMAIL] = email
    infos = []
    for name in sorted(found):
        description, variables = _header(found[name][0])
        infos.append(TemplateInfo(name, found[name], description, variables))
    return infos


def template_files(name_or_path: str, template_dir: Path | None = None) -> tuple[Path, ...]:
    """The source files of a template (two for ``email``), for ``briefgen templates show``."""
    if ALIASES.get(name_or_path, name_or_path) == EMAIL:
        for info in available_templates(template_dir):
            if info.name == EMAIL:
                return info.paths
    return (resolve_template(name_or_path, template_dir),)


def resolve_template(name_or_path: str, template_dir: Path | None = None) -> Path:
    """The brief template file for a built-in name, a name in ``template_dir``, or a path."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".j2" or "/" in name_or_path or candidate.is_file():
        if candidate.is_file():
            return candidate
        raise TemplateError(f"template file not found: {name_or_path}")
    name = ALIASES.get(name_or_path, name_or_path)
    briefs = [i for i in available_templates(template_dir) if i.name != EMAIL]
    for info in briefs:
        if info.name == name:
            return info.paths[0]
    names = ", ".join(i.name for i in briefs)
    if name == EMAIL:
        brief_names = ", ".join(i.name for i in briefs if i.name != EDITION)
        raise TemplateError(
            "'email' writes email bodies, not a brief", hint=f"use one of {brief_names}"
        )
    raise TemplateError(f"unknown template {name_or_path!r}", hint=f"choose from: {names}")


def resolve_brief_template(name_or_path: str, template_dir: Path | None = None) -> Path:
    """The template file of one story's brief: as ``resolve_template``, but not ``edition``.

    The edition template reads an edition (every story of the day), which a brief does not
    have; asked for by name it is a TemplateError that points to ``briefgen edition``.
    """
    if ALIASES.get(name_or_path, name_or_path) == EDITION:
        briefs = [
            i.name for i in available_templates(template_dir) if i.name not in (EMAIL, EDITION)
        ]
        raise TemplateError(
            "'edition' writes the edition of every story (`briefgen edition`), not a brief",
            hint=f"run `briefgen edition SOURCES...`, or use one of {', '.join(briefs)}",
        )
    return resolve_template(name_or_path, template_dir)


# Characters that Markdown or inline HTML would interpret; escaped so they print as text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)
_ENTITY_START = re.compile(r"&(?=#?\w+;)")


def md_escape(text: object) -> str:
    """Text made inert for Markdown and HTML: it renders exactly as written, on one line."""
    value = str(text)
    value = _ENTITY_START.sub("&amp;", value)
    value = value.replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    value = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), value)
    return " ".join(value.split())


def _finalize_markdown(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Markup | int | float):
        return value
    return md_escape(value)


def _finalize_plain(value: Any) -> Any:
    return "" if value is None else value


@cache
def _environment(search_path: tuple[str, ...], mode: str) -> jinja2.Environment:
    """A Jinja2 environment for ``mode``: "markdown", "html" (autoescaped) or "text"."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(search_path)),
        undefined=jinja2.StrictUndefined,
        autoescape=mode == "html",
        finalize=_finalize_markdown if mode == "markdown" else _finalize_plain,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class SourceView:
    """A source as templates see it: numbered in citation order (1 is the first source)."""

    number: int
    id: str
    name: str
    title: str | None
    url: str | None
    published: str | None
    author: str | None
    duplicate_of: str | None


class Context:
    """The template context: a stable set of names every template can use.

    Values
      ``brief``       the :class:`~briefgen.models.Brief` (title, date, sources, consensus,
                      unique, disagreements, dropped, problems, quotes, figures, timeline)
      ``sources``     list of :class:`SourceView` in citation order (``number``, ``id``,
                      ``name``, ``title``, ``url``, ``published``, ``author``, ``duplicate_of``)
      ``vars``        the ``--set key=value`` variables (a dict of strings); test optional
                      ones with ``vars.key is defined``, a missing one used bare is an error
      ``generator``   ``{"name": "briefgen", "version": ...}``

    Helpers
      ``cite(x)``            Markdown citations ``[1–4, 7]`` (each number a link to its
                             source; "and N more" past six parts) for a Fact, or any object
                             with ``sources``, or a list of source ids
      ``cite_text(x)``       the same as plain text, for the email bodies
      ``label(fact)``        "unconfirmed", "according to WHO", or ""
      ``source_groups()``    (name, [SourceView]) pairs, for the compact source list
      ``compact_sources``    true when there are more than 25 sources
      ``numbers(x)``         the citation numbers of the same, sorted (for text and HTML)
      ``number(id)``         one source's citation number
      ``source(id)``         one source's SourceView
      ``url(value)``         an http(s) URL safe for a link destination, else ``""``
      ``lead(n, words)``     the top consensus facts for a 2-3 sentence lead paragraph
      ``top_facts(n)``       the ``n`` most important facts, consensus first
      ``unique_by_source()`` (SourceView, [Fact]) pairs for single-source facts
      ``others(fact)``       the fact's evidence from sources other than the representative
      ``dropped_summary()``  (reason, count) pairs of what cleaning removed

    In Markdown templates every ``{{ value }}`` is escaped for Markdown and HTML except
    ``cite`` and ``url``, which return safe Markup; HTML templates autoescape; the text
    email template inserts values as they are.
    """

    def __init__(self, brief: Brief, variables: Mapping[str, str]) -> None:
        self.brief = brief
        self.vars = dict(variables)
        self.sources = [
            SourceView(n, a.id, a.name, a.title, a.url, a.published, a.author, a.duplicate_of)
            for n, a in enumerate(brief.sources, start=1)
        ]
        self._number = {s.id: s.number for s in self.sources}

    def number(self, source_id: str) -> int:
        if source_id not in self._number:
            raise TemplateError(f"no source with id {source_id!r} in the brief")
        return self._number[source_id]

    def numbers(self, cited: Any) -> list[int]:
        ids: Iterable[str] = cited if isinstance(cited, list | tuple) else cited.sources
        return sorted({self.number(s) for s in ids})

    def in_part(self, fact: Any) -> list[int]:
        """The numbers of the sources cited for only part of ``fact`` (its ``claim``): all
        but those whose own sentence is the one shown (the source quoted and its copies)."""
        if not isinstance(fact, Fact) or not fact.claim:
            return []
        whole = {fact.source} | {e.source for e in fact.evidence if fact.text in e.text}
        return sorted({self.number(s) for s in fact.sources if s not in whole})

    def cite(self, cited: Any) -> Markup:
        """Citations in one bracket, each number a link to its source: ``[1–4, 7]``; the
        sources that state only part of a fact after "in part" (``[2; in part 1, 3–5]``).

        Three or more consecutive numbers become a range; past ``CITE_PARTS`` parts the
        rest is "and N more", linking to the source list (where every source is listed).
        """
        part = self.in_part(cited)
        whole = [n for n in self.numbers(cited) if n not in part]
        shown = "; in part ".join(_linked(*citation_parts(n)) for n in (whole, part) if n)
        return Markup(f"\\[{shown}\\]")

    def cite_text(self, cited: Any) -> str:
        """The same citations as plain text, for the email bodies: ``[1–4, 7 and 27 more]``,
        ``[2; in part 1, 3–5]``."""
        part = self.in_part(cited)
        whole = [n for n in self.numbers(cited) if n not in part]
        shown = "; in part ".join(_plain(*citation_parts(n)) for n in (whole, part) if n)
        return f"[{shown}]"

    def label(self, fact: Fact) -> str:
        """How firmly the brief may state ``fact``: "unconfirmed" when hedged, "according to
        WHO" when attributed and the sentence shown does not say who itself, else ""."""
        if fact.attribution == "hedged":
            return "unconfirmed"
        from briefgen.analysis.attribution import attribution

        who = fact.attributed_to
        if fact.attribution != "attributed" or not who:
            return ""
        if who.casefold() in fact.text.casefold() or attribution(fact.text).speaker:
            return ""  # the sentence shown says who said it
        return f"according to {who}"

    def source_groups(self) -> list[tuple[str, list[SourceView]]]:
        """Sources grouped by name, in order of first citation number (the compact list);
        sources known only by their number ("Source 7") share one "Other sources" line."""
        groups: dict[str, list[SourceView]] = {}
        others: list[SourceView] = []
        for view in self.sources:
            if view.name == f"Source {view.number}":
                others.append(view)
            else:
                groups.setdefault(view.name, []).append(view)
        return [*groups.items(), *([("Other sources", others)] if others else [])]

    @staticmethod
    def url(value: str | None) -> Markup:
        """An http(s) URL made safe for a Markdown link destination, else empty."""
        if not value or not re.match(r"^https?://[^\s]+$", value, re.IGNORECASE):
            return Markup("")
        return Markup(quote(value, safe=":/?#@!$&'*+,;=%~-._"))

    def source(self, source_id: str) -> SourceView:
        return self.sources[self.number(source_id) - 1]

    def unique_by_source(self) -> list[tuple[SourceView, list[Fact]]]:
        grouped: dict[str, list[Fact]] = {}
        for fact in self.brief.unique:
            grouped.setdefault(fact.source, []).append(fact)
        return [(s, grouped[s.id]) for s in self.sources if s.id in grouped]

    def lead(self, count: int = 3, words: int = 75) -> list[Fact]:
        """Up to ``count`` top consensus facts; the third only while under ``words`` words."""
        chosen: list[Fact] = []
        total = 0
        for fact in self.brief.consensus[:count]:
            size = len(fact.text.split())
            if len(chosen) >= 2 and total + size > words:
                break
            chosen.append(fact)
            total += size
        return chosen

    def top_facts(self, count: int = 5) -> list[Fact]:
        """Consensus facts in brief order, then unique facts by score, ``count`` in all."""
        unique = sorted(self.brief.unique, key=lambda f: (-f.score, self.number(f.source)))
        return [*self.brief.consensus, *unique][:count]

    @staticmethod
    def others(fact: Fact) -> list[Any]:
        return [e for e in fact.evidence if e.source != fact.source]

    def dropped_summary(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for item in self.brief.dropped:
            counts[item.reason] = counts.get(item.reason, 0) + 1
        return sorted(counts.items())

    def as_mapping(self) -> dict[str, Any]:
        return {
            "brief": self.brief,
            "sources": self.sources,
            "vars": self.vars,
            "generator": {"name": "briefgen", "version": __version__},
            "cite": self.cite,
            "cite_text": self.cite_text,
            "in_part": self.in_part,
            "label": self.label,
            "source_groups": self.source_groups,
            "compact_sources": len(self.sources) > COMPACT_SOURCES,
            "numbers": self.numbers,
            "number": self.number,
            "source": self.source,
            "url": self.url,
            "lead": self.lead,
            "top_facts": self.top_facts,
            "unique_by_source": self.unique_by_source,
            "others": self.others,
            "dropped_summary": self.dropped_summary,
        }


# A citation shows at most this many numbers or ranges; the rest is "and N more".
CITE_PARTS = 6
# Above this many sources, the source list is compact: one line per source name.
COMPACT_SOURCES = 25


def _linked(parts: Sequence[tuple[int, int]], more: int) -> str:
    """Citation parts as Markdown links to the sources: ``[1](#source-1)–[4](#source-4)``."""
    shown = [
        f"[{a}](#source-{a})" if a == b else f"[{a}](#source-{a})–[{b}](#source-{b})"
        for a, b in parts
    ]
    return ", ".join(shown) + (f" [and {more} more](#sources)" if more else "")


def _plain(parts: Sequence[tuple[int, int]], more: int) -> str:
    """Citation parts as plain text: ``1–4, 7 and 27 more``."""
    shown = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in parts)
    return shown + (f" and {more} more" if more else "")


def citation_parts(numbers: Sequence[int]) -> tuple[list[tuple[int, int]], int]:
    """Sorted citation numbers -> (first, last) parts to show, and how many are left over.

    Runs of three or more consecutive numbers are one part (a range); shorter runs are
    single numbers.
    """
    parts: list[tuple[int, int]] = []
    for n in numbers:
        if parts and n == parts[-1][1] + 1:
            parts[-1] = (parts[-1][0], n)
        else:
            parts.append((n, n))
    split: list[tuple[int, int]] = []
    for a, b in parts:
        split.extend([(a, b)] if b - a >= 2 else [(n, n) for n in range(a, b + 1)])
    shown = split[:CITE_PARTS]
    more = sum(b - a + 1 for a, b in split[CITE_PARTS:])
    return shown, more


def render_template(
    path: Path,
    context: Mapping[str, Any],
    *,
    template_dir: Path | None = None,
    mode: str = "markdown",
) -> str:
    """Render one template file with ``context``; errors name the template and line."""
    search = tuple(
        str(d) for d in (template_dir, path.parent, builtin_templates_dir()) if d is not None
    )
    try:
        template = _environment(search, mode).get_template(path.name)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        name = exc.name or path.name
        raise TemplateError(
            f"{name}, line {exc.lineno}: {exc.message}",
            hint="fix the template there; `briefgen templates show daily` prints a working one",
        ) from exc
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"{_error_place(exc, path.name)}: {exc.message or exc}", hint=_undefined_hint(exc)
        ) from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{_error_place(exc, path.name)}: {exc.message or exc}") from exc


def _undefined_hint(exc: BaseException) -> str:
    """What to do about an undefined name: set a variable, or use the right template."""
    tb, line = exc.__traceback__, ""
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") and Path(filename).is_file():
            lines = Path(filename).read_text(encoding="utf-8").splitlines()
            line = lines[tb.tb_lineno - 1] if 0 < tb.tb_lineno <= len(lines) else ""
        tb = tb.tb_next
    if "vars" in line:
        return (
            "set a template variable with --set NAME=VALUE (or [brief.vars] in"
            " briefgen.toml), or make it optional: {% if vars.NAME is defined %}"
        )
    return (
        "the template uses a value its context lacks; a brief's template (daily, executive,"
        " full) and the edition's read different values (README: the template context)"
    )


def _error_place(exc: BaseException, default: str) -> str:
    """``name, line n`` of the innermost template frame in the traceback."""
    tb = exc.__traceback__
    place = default
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            place = f"{Path(filename).name}, line {tb.tb_lineno}"
        tb = tb.tb_next
    return place


def compose(
    brief: Brief,
    template: str = DEFAULT_TEMPLATE,
    *,
    template_dir: Path | None = None,
    variables: Mapping[str, str] | None = None,
) -> str:
    """The brief as Markdown, written by the chosen template."""
    path = resolve_brief_template(template, template_dir)
    context = Context(brief, variables or {}).as_mapping()
    return _tidy(render_template(path, context, template_dir=template_dir))


def compose_email(
    brief: Brief,
    variables: Mapping[str, str] | None = None,
    *,
    template_dir: Path | None = None,
) -> tuple[str, str]:
    """The plain-text and HTML bodies of the email that carries the brief."""
    context = Context(brief, variables or {}).as_mapping()
    bodies = []
    for filename, mode in ((EMAIL_TEXT, "text"), (EMAIL_HTML, "html")):
        path = _find(filename, template_dir)
        if path is None:
            raise TemplateError(f"email template {filename} not found")
        bodies.append(_tidy(render_template(path, context, template_dir=template_dir, mode=mode)))
    return bodies[0], bodies[1]


def _tidy(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one final newline."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


__all__: Sequence[str] = (
    "Context",
    "TemplateInfo",
    "available_templates",
    "builtin_templates_dir",
    "compose",
    "compose_email",
    "md_escape",
    "render_template",
    "resolve_brief_template",
    "resolve_template",
    "template_files",
)
