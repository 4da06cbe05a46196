"""Brief -> Markdown (and email bodies) through Jinja2 templates.

Templates live in ``templates/`` (shipped in the wheel as ``briefgen/templates``); a user
directory given with ``--template-dir`` takes precedence, like a theme override, and a path
to a single ``*.j2`` file can be used directly. Every ``{{ value }}`` in a Markdown template
is escaped for Markdown (and for the HTML that Markdown may carry) unless it is produced by
a helper that returns safe Markdown (``cite``), so text from an article can never become
markup. HTML templates autoescape. Undefined variables are errors that name the template
and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
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
_META = re.compile(r"^\s*(description|variables)\s*:\s*(.+?)\s*$", re.MULTILINE)


def builtin_templates_dir() -> Path:
    """``briefgen/templates`` in an installed wheel, else ``templates/`` of the checkout."""
    packaged = Path(str(resources.files("briefgen") / "templates"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class TemplateInfo:
    name: str
    path: Path
    description: str
    variables: tuple[str, ...]


def template_info(path: Path) -> TemplateInfo:
    """Name, description and declared variables from the template's leading comment."""
    head = path.read_text(encoding="utf-8")[:2000]
    comment = head[head.find("{#") + 2 : head.find("#}")] if head.lstrip().startswith("{#") else ""
    meta = dict(_META.findall(comment))
    variables = tuple(v.strip() for v in meta.get("variables", "").split(",") if v.strip())
    name = path.name.removesuffix(TEMPLATE_SUFFIX)
    return TemplateInfo(name, path, meta.get("description", ""), variables)


def available_templates(template_dir: Path | None = None) -> list[TemplateInfo]:
    """Built-in templates, overridden or extended by those in ``template_dir``."""
    found: dict[str, Path] = {}
    for directory in (builtin_templates_dir(), template_dir):
        if directory is not None and directory.is_dir():
            for path in sorted(directory.glob(f"*{TEMPLATE_SUFFIX}")):
                found[path.name.removesuffix(TEMPLATE_SUFFIX)] = path
    return [template_info(found[name]) for name in sorted(found)]


def resolve_template(name_or_path: str, template_dir: Path | None = None) -> Path:
    """The template file for a built-in name, a name in ``template_dir``, or a path."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".j2" or "/" in name_or_path or candidate.is_file():
        if candidate.is_file():
            return candidate
        raise TemplateError(f"template file not found: {name_or_path}")
    for info in available_templates(template_dir):
        if info.name == name_or_path:
            return info.path
    names = ", ".join(i.name for i in available_templates(template_dir))
    raise TemplateError(f"unknown template {name_or_path!r}", hint=f"choose from: {names}")


# Characters that Markdown or inline HTML would interpret; escaped so they print as text.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.MULTILINE)
_ENTITY_START = re.compile(r"&(?=#?\w+;)")


def md_escape(text: object) -> str:
    """Text made inert for Markdown and HTML: it renders exactly as written."""
    value = str(text)
    value = _ENTITY_START.sub("&amp;", value)
    value = value.replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    value = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), value)
    return " ".join(value.split("\n")) if "\n" in value else value


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup) or value is None or isinstance(value, int | float):
        return value if value is not None else ""
    return md_escape(value)


@cache
def _environment(search_path: tuple[str, ...], markdown: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(search_path)),
        undefined=jinja2.StrictUndefined,
        autoescape=not markdown,
        finalize=_finalize if markdown else None,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


@dataclass(frozen=True)
class SourceView:
    """A source as templates see it: numbered in citation order."""

    number: int
    id: str
    name: str
    title: str | None
    url: str | None
    published: str | None
    duplicate_of: str | None


class Context:
    """The documented template context: ``brief``, ``sources``, helpers and variables."""

    def __init__(self, brief: Brief, variables: Mapping[str, str]) -> None:
        self.brief = brief
        self.vars = dict(variables)
        self.sources = [
            SourceView(n, a.id, a.name, a.title, a.url, a.published, a.duplicate_of)
            for n, a in enumerate(brief.sources, start=1)
        ]
        self._number = {s.id: s.number for s in self.sources}

    def number(self, source_id: str) -> int:
        return self._number[source_id]

    def cite(self, fact: Fact) -> Markup:
        """Numbered citations linking to the source list: ``[[1]](#source-1)[[3]](#source-3)``."""
        numbers = sorted(self._number[s] for s in fact.sources)
        return Markup("".join(f"[[{n}]](#source-{n})" for n in numbers))

    @staticmethod
    def url(value: str | None) -> Markup:
        """An http(s) URL made safe for a Markdown link destination, else empty."""
        if not value or not re.match(r"^https?://", value, re.IGNORECASE):
            return Markup("")
        return Markup(quote(value, safe=":/?#@!$&'*+,;=%~-._"))

    def source(self, source_id: str) -> SourceView:
        return self.sources[self._number[source_id] - 1]

    def unique_by_source(self) -> list[tuple[SourceView, list[Fact]]]:
        grouped: dict[str, list[Fact]] = {}
        for fact in self.brief.unique:
            grouped.setdefault(fact.source, []).append(fact)
        return [(s, grouped[s.id]) for s in self.sources if s.id in grouped]

    def lead(self, count: int = 3) -> list[Fact]:
        return list(self.brief.consensus[:count])

    def as_mapping(self) -> dict[str, Any]:
        return {
            "brief": self.brief,
            "sources": self.sources,
            "vars": self.vars,
            "cite": self.cite,
            "number": self.number,
            "source": self.source,
            "url": self.url,
            "lead": self.lead,
            "unique_by_source": self.unique_by_source,
            "generator": {"name": "briefgen", "version": __version__},
        }


def render_template(
    path: Path,
    context: Mapping[str, Any],
    *,
    template_dir: Path | None = None,
    markdown: bool = True,
) -> str:
    """Render one template file with ``context``; errors name the template and line."""
    search = tuple(
        str(d) for d in (template_dir, path.parent, builtin_templates_dir()) if d is not None
    )
    try:
        template = _environment(search, markdown).get_template(path.name)
        return template.render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{path.name}, line {exc.lineno}: {exc.message}") from exc
    except jinja2.UndefinedError as exc:
        line = _error_line(exc, path.name)
        raise TemplateError(f"{path.name}{line}: {exc.message}") from exc
    except jinja2.TemplateError as exc:
        raise TemplateError(f"{path.name}: {exc}") from exc


def _error_line(exc: BaseException, name: str) -> str:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return f", line {line}" if line else ""


def compose(
    brief: Brief,
    template: str = DEFAULT_TEMPLATE,
    *,
    template_dir: Path | None = None,
    variables: Mapping[str, str] | None = None,
) -> str:
    """The brief as Markdown, written by the chosen template."""
    path = resolve_template(template, template_dir)
    context = Context(brief, variables or {}).as_mapping()
    text = render_template(path, context, template_dir=template_dir)
    return _tidy(text)


def _tidy(text: str) -> str:
    """At most one blank line in a row, one final newline."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


__all__: Sequence[str] = (
    "Context",
    "available_templates",
    "builtin_templates_dir",
    "compose",
    "md_escape",
    "render_template",
    "resolve_template",
)
