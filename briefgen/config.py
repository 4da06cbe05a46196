"""briefgen.toml (+ CLI flags) -> one frozen, validated Config; every problem reported together.

The schema is ``SCHEMA`` below; every key is optional. Unknown keys are errors (a typo must
not be silently ignored), relative paths resolve against the config file's directory, and
SMTP credentials never come from the file: ``email_settings`` reads them from the
environment mapping it is given (``BRIEFGEN_SMTP_USER``, ``BRIEFGEN_SMTP_PASSWORD``).
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from briefgen.deliver import (
    ATTACHMENT_TYPES,
    DEFAULT_PORTS,
    SECURITY_MODES,
    EmailSettings,
    check_address,
    subject_fields,
)
from briefgen.errors import ConfigError

CONFIG_NAME = "briefgen.toml"
USER_ENV = "BRIEFGEN_SMTP_USER"
PASSWORD_ENV = "BRIEFGEN_SMTP_PASSWORD"
PAPERS = ("a4", "letter")
FORMATS = ("md", "html", "pdf", "json")
ATTACHMENTS = tuple(suffix.lstrip(".") for suffix in ATTACHMENT_TYPES)

# Keys that would hold a secret; the file is often committed, so they are refused.
_SECRET_KEYS = frozenset({"user", "username", "password", "pass", "smtp_user", "smtp_password"})
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_HOST = re.compile(r"[A-Za-z0-9._:\[\]-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class SourcesConfig:
    paths: tuple[str, ...] = ()  # files, directories, globs, URLs, feeds
    include: tuple[str, ...] = ()  # keep only articles mentioning one of these
    exclude: tuple[str, ...] = ()  # drop articles mentioning any of these
    follow_links: bool = False  # read links in a source folder that lead outside it
    url_deadline: float = 30.0  # seconds one URL may take in all


@dataclass(frozen=True)
class OutputConfig:
    dir: Path = Path("output")
    formats: tuple[str, ...] = FORMATS  # what `briefgen daily` writes (brief.json always)


@dataclass(frozen=True)
class BriefConfig:
    template: str = "daily"
    title: str | None = None
    template_dir: Path | None = None
    paper: str = "a4"
    scorer: str = "lexrank"
    min_sources: int = 2
    max_facts: int | None = None  # None: 10 consensus facts and 2 per outlet, at least 24
    words: int | None = None
    vars: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    collapse_unchanged: bool = False  # daily: leave out facts unchanged since yesterday


@dataclass(frozen=True)
class EmailConfig:
    to: tuple[str, ...] = ()
    sender: str | None = None  # the "from" key
    smtp_host: str | None = None
    smtp_port: int | None = None  # None: 587 for starttls, 465 for ssl, 25 for none
    security: str = "starttls"
    subject: str = "{title} — {date}"
    attach: tuple[str, ...] = ("pdf",)
    timeout: float = 30.0
    retries: int = 3


@dataclass(frozen=True)
class EditionConfig:
    enabled: bool = False  # daily: build the day's edition (every story) instead of one brief
    template: str = "edition"
    title: str | None = None
    min_outlets: int = 2
    max_stories: int | None = None
    max_facts: int = 8  # per story
    max_articles: int = 12  # articles one story's brief is made from


@dataclass(frozen=True)
class ClusterConfig:
    scheduler: str | None = None  # a Dask scheduler's address, e.g. "tcp://10.0.0.5:8786"
    workers: int | None = None  # local Dask worker processes (when no scheduler is set)


@dataclass(frozen=True)
class Config:
    timezone: str = "UTC"
    sources: SourcesConfig = SourcesConfig()
    output: OutputConfig = OutputConfig()
    brief: BriefConfig = BriefConfig()
    email: EmailConfig = EmailConfig()
    edition: EditionConfig = EditionConfig()
    cluster: ClusterConfig = ClusterConfig()
    path: Path | None = None  # the file this was loaded from, if any

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


# --- validators: (value, base directory or None) -> clean value, or ValueError ----------

Validator = Callable[[Any, Path | None], Any]


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _text(value: Any, _base: Path | None) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"must be a non-empty string (got {_shown(value)})")
    if _CONTROL.search(value):
        raise ValueError("must be one line without control characters")
    return value


def _name(value: Any, base: Path | None) -> str:
    if not _NAME.fullmatch(_text(value, base)):
        raise ValueError(f"must be a name like 'default' (got {_shown(value)})")
    return str(value)


def _choice(*choices: str) -> Validator:
    """One of ``choices``, in any case (``paper = "A4"``), as the CLI's choices are."""

    def check(value: Any, _base: Path | None) -> str:
        if not isinstance(value, str) or value.lower() not in choices:
            raise ValueError(f"must be one of {', '.join(choices)} (got {_shown(value)})")
        return value.lower()

    return check


def _integer(low: int, high: int) -> Validator:
    def check(value: Any, _base: Path | None) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be an integer {low}-{high} (got {_shown(value)})")
        return value

    return check


def _flag(value: Any, _base: Path | None) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false (got {_shown(value)})")
    return value


def _seconds(value: Any, _base: Path | None) -> float:
    number_ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not number_ok or not 0 < value <= 600:
        raise ValueError(
            f"must be a number of seconds, above 0 and at most 600 (got {_shown(value)})"
        )
    return float(value)


def _path(value: Any, base: Path | None) -> Path:
    if isinstance(value, Path):
        value = str(value)
    path = Path(_text(value, base))
    if base is None or path.is_absolute():
        return path
    return Path(os.path.normpath(base / path))


def _strings(item: Validator) -> Validator:
    def check(value: Any, base: Path | None) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise ValueError(f"must be a list of strings (got {_shown(value)})")
        items = []
        for index, element in enumerate(value):
            try:
                items.append(item(element, base))
            except ValueError as error:
                raise ValueError(f"item {index + 1}: {error}") from None
        return tuple(dict.fromkeys(items))  # drop repeats, keep order

    return check


def _source(value: Any, base: Path | None) -> str:
    if isinstance(value, Path):
        value = str(value)
    text = _text(value, base)
    if _URL.match(text) or base is None or Path(text).is_absolute():
        return text
    return os.path.normpath(base / text)


def _timezone(value: Any, base: Path | None) -> str:
    name = _text(value, base)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {_shown(value)}; use an IANA name like 'Europe/Berlin'"
        ) from None
    return name


def _address(value: Any, base: Path | None) -> str:
    check_address(_text(value, base))
    return str(value)


def _recipients(value: Any, base: Path | None) -> tuple[str, ...]:
    return _strings(_address)([value] if isinstance(value, str) else value, base)


def _host(value: Any, base: Path | None) -> str:
    if not _HOST.fullmatch(_text(value, base)):
        raise ValueError(f"must be a host name or IP address (got {_shown(value)})")
    return str(value)


def _scheduler(value: Any, base: Path | None) -> str:
    return scheduler_address(_text(value, base))


def _subject(value: Any, base: Path | None) -> str:
    subject_fields(_text(value, base))
    return str(value)


def _vars(value: Any, base: Path | None) -> Mapping[str, str]:
    if not isinstance(value, Mapping):
        raise ValueError(f"must be a table of names to strings (got {_shown(value)})")
    clean = {}
    for key, item in value.items():
        if not isinstance(key, str) or not _IDENT.fullmatch(key):
            raise ValueError(f"{_shown(key)} is not a valid variable name (letters, digits, _)")
        if not isinstance(item, str):
            raise ValueError(f"{key}: must be a string (got {_shown(item)})")
        clean[key] = item
    return MappingProxyType(dict(sorted(clean.items())))


# Section -> key -> validator. "" is the top level. Names are documented; never rename.
SCHEMA: dict[str, dict[str, Validator]] = {
    "": {"timezone": _timezone},
    "sources": {
        "paths": _strings(_source),
        "include": _strings(_text),
        "exclude": _strings(_text),
        "follow_links": _flag,
        "url_deadline": _seconds,
    },
    "output": {"dir": _path, "formats": _strings(_choice(*FORMATS))},
    "brief": {
        "template": _name,
        "title": _text,
        "template_dir": _path,
        "paper": _choice(*PAPERS),
        "scorer": _name,
        "min_sources": _integer(1, 100),
        "max_facts": _integer(1, 1000),
        "words": _integer(1, 100_000),
        "vars": _vars,
        "collapse_unchanged": _flag,
    },
    "edition": {
        "enabled": _flag,
        "template": _name,
        "title": _text,
        "min_outlets": _integer(2, 100),
        "max_stories": _integer(1, 10_000),
        "max_facts": _integer(1, 1000),
        "max_articles": _integer(2, 10_000),
    },
    "email": {
        "to": _recipients,
        "from": _address,
        "smtp_host": _host,
        "smtp_port": _integer(1, 65535),
        "security": _choice(*SECURITY_MODES),
        "subject": _subject,
        "attach": _strings(_choice(*ATTACHMENTS)),
        "timeout": _seconds,
        "retries": _integer(0, 10),
    },
    "cluster": {"scheduler": _scheduler, "workers": _integer(1, 1024)},
}
_FIELD_NAMES = {("email", "from"): "sender"}


def _key(section: str, name: str) -> str:
    return f"{section}.{name}" if section else name


def _unknown(section: str, name: str) -> str:
    key = _key(section, name)
    if name in _SECRET_KEYS:
        env = PASSWORD_ENV if "pass" in name else USER_ENV
        return f"{key}: secrets are not read from the config file; set {env} in the environment"
    known = list(SCHEMA[section]) + ([s for s in SCHEMA if s] if not section else [])
    close = difflib.get_close_matches(name, known, n=1)
    return f"{key}: unknown key" + (f" (did you mean {_key(section, close[0])}?)" if close else "")


def parse(data: Mapping[str, Any], *, base: Path | None, path: Path | None = None) -> Config:
    """Validate a TOML-shaped mapping; relative paths join ``base`` (None: kept as given)."""
    problems: list[str] = []
    values: dict[str, dict[str, Any]] = {section: {} for section in SCHEMA}
    for name, value in data.items():
        if name in SCHEMA and name:
            if not isinstance(value, Mapping):
                problems.append(f"{name}: must be a table ([{name}])")
                continue
            for key, item in value.items():
                _check(name, key, item, base, values, problems)
        else:
            _check("", name, value, base, values, problems)
    if problems:
        raise ConfigError(problems, hint=f"fix {path}" if path else None)
    if base is not None and "dir" not in values["output"]:
        values["output"]["dir"] = base / OutputConfig.dir
    top = values.pop("")
    sections = {
        "sources": SourcesConfig,
        "output": OutputConfig,
        "brief": BriefConfig,
        "email": EmailConfig,
        "edition": EditionConfig,
        "cluster": ClusterConfig,
    }
    built = {name: kind(**values[name]) for name, kind in sections.items()}
    return Config(**top, **built, path=path)


def _check(
    section: str,
    name: str,
    value: Any,
    base: Path | None,
    values: dict[str, dict[str, Any]],
    problems: list[str],
) -> None:
    validator = SCHEMA[section].get(name)
    if validator is None:
        problems.append(_unknown(section, name))
        return
    try:
        values[section][_FIELD_NAMES.get((section, name), name)] = validator(value, base)
    except ValueError as error:
        problems.append(f"{_key(section, name)}: {error}")


def loads(text: str, *, base: Path | None, path: Path | None = None) -> Config:
    """Parse briefgen.toml text; TOML syntax errors are a ConfigError with line and column."""
    where = str(path) if path else CONFIG_NAME
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"{where}: invalid TOML: {error}",
            hint=f"fix {where} at the line named (`briefgen init example.toml` writes a"
            " commented example to compare)",
        ) from None
    return parse(data, base=base, path=path)


def load(path: Path) -> Config:
    """Read and validate one briefgen.toml; relative paths in it are relative to its folder."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found", hint="run `briefgen init`") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config file ({error})") from None
    return loads(text, base=path.absolute().parent, path=path)


def to_data(config: Config) -> dict[str, Any]:
    """The TOML-shaped mapping ``parse`` would turn back into ``config`` (None values left out)."""
    data: dict[str, Any] = {"timezone": config.timezone}
    for section in ("sources", "output", "brief", "email", "edition", "cluster"):
        part = getattr(config, section)
        table = {}
        for name in SCHEMA[section]:
            value = getattr(part, _FIELD_NAMES.get((section, name), name))
            if value is None:
                continue
            if isinstance(value, Path):
                value = str(value)
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            table[name] = value
        data[section] = table
    return data


def merge(config: Config, overrides: Mapping[str, object]) -> Config:
    """Apply the CLI flags the user gave, keyed "section.key" as in the file, and re-validate.

    ``None`` (and an empty list, click's value for an absent repeatable option) means
    "not given". ``brief.vars`` entries are added to the file's. Relative paths among the
    overrides are kept as given, i.e. relative to the working directory.
    """
    data = to_data(config)
    problems = []
    for dotted, value in overrides.items():
        if value is None or (isinstance(value, list | tuple) and not value):
            continue
        section, _, name = dotted.rpartition(".")
        if section not in SCHEMA or name not in SCHEMA[section]:
            problems.append(f"{dotted}: unknown setting")
            continue
        table = data.setdefault(section, {}) if section else data
        if (section, name) == ("brief", "vars") and isinstance(value, Mapping):
            value = {**table.get("vars", {}), **value}
        table[name] = value
    if problems:
        raise ConfigError(problems)
    return parse(data, base=None, path=config.path)


_SCHEDULER = re.compile(r"(?:(tcp|tls)://)?([A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?")


def scheduler_address(text: str) -> str:
    """A Dask scheduler address, ``tcp://`` and port 8786 filled in when left out.

    ValueError names what is wrong; ``tls://`` is kept (Dask's TLS needs its own config).
    """
    match = _SCHEDULER.fullmatch(text.strip())
    if not match or (match.group(3) and not 0 < int(match.group(3)) < 65536):
        raise ValueError(
            f"must be a Dask scheduler address like tcp://HOST:8786 (got {_shown(text)})"
        )
    scheme, host, port = match.group(1) or "tcp", match.group(2), match.group(3) or "8786"
    return f"{scheme}://{host}:{port}"


def smtp_credentials(env: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(user, password) from the environment mapping; empty values count as unset."""
    return env.get(USER_ENV) or None, env.get(PASSWORD_ENV) or None


def email_settings(config: Config, env: Mapping[str, str]) -> EmailSettings:
    """Everything ``deliver.send`` needs; names each missing [email] key at once."""
    mail = config.email
    missing = [
        f"email.{key}: not set (needed to send email)"
        for key, value in (("to", mail.to), ("from", mail.sender), ("smtp_host", mail.smtp_host))
        if not value
    ]
    if missing or mail.sender is None or mail.smtp_host is None:
        raise ConfigError(
            missing, hint=f"add them to the [email] table of {config.path or CONFIG_NAME}"
        )
    user, password = smtp_credentials(env)
    return EmailSettings(
        host=mail.smtp_host,
        port=mail.smtp_port or DEFAULT_PORTS[mail.security],
        security=mail.security,
        sender=mail.sender,
        recipients=mail.to,
        username=user,
        password=password,
        timeout=mail.timeout,
        retries=mail.retries,
    )


_STARTER = """\
# briefgen.toml: settings for `briefgen build`, `check`, `send` and `daily`.
# `build` reads [brief], [output] (dir, formats) and the [sources] limits below; `daily` and
# `check` read everything; `send` reads [output] dir, [brief] templates and [email].
# Every key is optional; a commented line shows the default or an example.
# Relative paths are relative to this file's folder. Command-line flags override this file.

# Time zone that decides "today" for daily runs (an IANA name).
timezone = "UTC"

[sources]
# Files, directories, globs, web pages (https://...) or RSS/Atom feeds.
paths = ["articles"]
# Keep only articles that mention one of these keywords / drop those that mention any.
include = []
exclude = []
follow_links = false             # read links in a source folder that lead outside it
url_deadline = 30                # seconds one web page or feed may take in all

[output]
# Where briefs (md, html, pdf, json) are written; `briefgen daily` writes dir/YYYY-MM-DD/.
dir = "output"
formats = ["md", "html", "pdf", "json"]   # daily always writes brief.json too

[brief]
# Template name, or a file in template_dir.
template = "daily"
# title = "Daily brief"          # default: the most common title among the sources
# template_dir = "templates"     # your own templates and CSS
paper = "a4"                     # a4 or letter
scorer = "lexrank"               # sentence salience: lexrank, textrank, lsa, luhn, kl, sumbasic
min_sources = 2                  # a fact needs this many sources to count as consensus
# max_facts = 24                 # facts in the brief at most (default: 10 + 2 per outlet, >= 24)
# words = 400                    # word budget for the brief
collapse_unchanged = false       # daily: leave out facts already in yesterday's brief

[brief.vars]
# Extra values for your templates, e.g. `briefgen build --set desk=Europe`.
# desk = "Europe"

[edition]
# With enabled = true, `briefgen daily` builds the day's edition instead of one brief: the
# articles clustered into stories, every story with min_outlets outlets briefed, emailed
# with edition.pdf; continuing stories keep their ids and mark facts new since yesterday.
enabled = false
template = "edition"
# title = "Morning edition"      # default: News edition
min_outlets = 2                  # independent outlets a story needs to be briefed
# max_stories = 20               # most stories briefed (the rest are listed)
max_facts = 8                    # facts per story at most
max_articles = 12                # articles one story's brief is made from (one per outlet first)

[email]
# Used by `briefgen send` and `briefgen daily`. The SMTP user name and password are
# never read from this file: set BRIEFGEN_SMTP_USER and BRIEFGEN_SMTP_PASSWORD.
# to = ["team@example.org"]
# from = "Briefs <briefs@example.org>"
# smtp_host = "smtp.example.org"
# smtp_port = 587                # default: 587 for starttls, 465 for ssl, 25 for none
security = "starttls"            # starttls, ssl, or none (only for a relay on this machine)
# Placeholders: {title}, {date} (YYYY-MM-DD) and {sources} (number of sources).
subject = "{title} — {date}"
attach = ["pdf"]                 # any of: pdf, md, html, json
timeout = 30                     # seconds per SMTP operation
retries = 3                      # extra attempts after timeouts, refused connections, 4xx

[cluster]
# Where `briefgen edition` and `briefgen archive` run their per-article and per-story work
# (needs `pip install 'briefgen[dask]'`). Default: in this process.
# scheduler = "tcp://10.0.0.5:8786"   # a Dask cluster you run (`dask scheduler`, `dask worker`)
# workers = 2                         # or: this many local worker processes
"""


def starter_config(edition: bool = False) -> str:
    """A commented briefgen.toml for `briefgen init`: every key, defaults, loads cleanly.

    With ``edition``, daily runs build the day's edition ([edition] enabled = true).
    """
    if edition:
        return _STARTER.replace("\nenabled = false\n", "\nenabled = true\n")
    return _STARTER
