"""Markdown -> a self-contained HTML page -> PDF bytes (python-markdown and WeasyPrint).

The HTML page inlines its stylesheet, so it can be mailed or opened anywhere. The PDF is
rendered by WeasyPrint with a print stylesheet, the bundled DejaVu fonts (accented Latin,
Turkish, Greek, Cyrillic) and a deny-by-default resource fetcher: it may load only ``data:``
URLs and files inside the templates directories, never the network or the rest of the file
system, whatever an article contains.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import markdown as md
from markupsafe import Markup

from briefgen import __version__
from briefgen.compose import builtin_templates_dir, render_template
from briefgen.errors import RenderError

# tables: figures; sane_lists: numbered lists stay numbered; attr_list: ids and classes
MARKDOWN_EXTENSIONS = ("tables", "sane_lists", "attr_list")
PAGE_TEMPLATE = "page.html.j2"
SCREEN_CSS = "brief.css"
PRINT_CSS = "print.css"
FONTS_CSS = "fonts.css"  # always the bundled one: @font-face rules for templates/fonts/
PAPER_SIZES = {"a4": "A4", "letter": "letter"}


def markdown_to_html(text: str) -> str:
    """The HTML fragment for a brief's Markdown."""
    return md.markdown(text, extensions=list(MARKDOWN_EXTENSIONS), output_format="html")


def _css(name: str, template_dir: Path | None) -> str:
    for directory in (template_dir, builtin_templates_dir()):
        if directory is not None and (directory / name).is_file():
            return (directory / name).read_text(encoding="utf-8")
    return ""


def to_html(
    markdown_text: str,
    *,
    title: str,
    date: str,
    template: str = "daily",
    template_dir: Path | None = None,
    extra: Mapping[str, Any] | None = None,
) -> str:
    """A complete, self-contained HTML page (inline CSS) for the brief.

    ``template`` names the brief template; the page's body gets the class
    ``template-NAME`` so stylesheets can adapt (the executive page is denser).
    """
    name = Path(template).name.split(".")[0]
    context = {
        "title": title,
        "date": date,
        "body": Markup(markdown_to_html(markdown_text)),
        "css": Markup(_css(SCREEN_CSS, template_dir)),
        "generator": f"briefgen {__version__}",
        "template": "".join(c if c.isalnum() or c in "-_" else "-" for c in name),
        **(extra or {}),
    }
    page = builtin_templates_dir() / PAGE_TEMPLATE
    if template_dir is not None and (template_dir / PAGE_TEMPLATE).is_file():
        page = template_dir / PAGE_TEMPLATE
    return render_template(page, context, template_dir=template_dir, mode="html")


def to_pdf(
    html: str,
    *,
    paper: str = "a4",
    template_dir: Path | None = None,
) -> bytes:
    """PDF bytes for an HTML page, rendered with the print stylesheet for ``paper``.

    Title, date (creation date) and generator come from the page's ``<title>`` and
    ``<meta>`` elements and end up in the PDF's metadata.
    """
    try:
        from weasyprint import CSS, HTML
    except OSError as exc:  # Pango or its friends are missing
        raise RenderError(
            f"WeasyPrint cannot load its system libraries ({exc})",
            hint="install Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0",
        ) from exc
    if paper not in PAPER_SIZES:
        raise RenderError(f"unknown paper size {paper!r}", hint="use a4 or letter")
    builtin = builtin_templates_dir()
    assets = template_dir or builtin
    fetcher = _restricted_fetcher((assets, builtin))
    stylesheets = [
        CSS(
            string=_css(FONTS_CSS, None),
            url_fetcher=fetcher,
            base_url=f"{builtin.resolve().as_uri()}/",
        ),
        CSS(
            string=_css(PRINT_CSS, template_dir),
            url_fetcher=fetcher,
            base_url=f"{assets.resolve().as_uri()}/",
        ),
        CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}", url_fetcher=fetcher),
    ]
    try:
        document = HTML(string=html, base_url=f"{assets.resolve().as_uri()}/", url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=stylesheets)
    except Exception as exc:  # WeasyPrint raises many types; one line for the user
        raise RenderError(f"PDF rendering failed: {exc}") from exc
    if not pdf:
        raise RenderError("PDF rendering produced no output")
    return bytes(pdf)


def _restricted_fetcher(allowed: tuple[Path, ...]) -> Any:
    """A WeasyPrint URL fetcher that serves data: URLs and files under ``allowed`` only."""
    from weasyprint.urls import URLFetcher

    roots = tuple(p.resolve() for p in allowed)

    class BundledOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            parsed = urlparse(url)
            scheme = parsed.scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file" and parsed.netloc in ("", "localhost"):
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return super().fetch(url, headers)
            raise ValueError(f"briefgen does not load external resources: {url[:200]}")

    return BundledOnly(allowed_protocols=("data", "file"), allow_redirects=False, timeout=1)
