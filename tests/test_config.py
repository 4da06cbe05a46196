"""config: briefgen.toml -> Config, every problem at once, secrets only from the environment."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from briefgen.config import (
    SCHEMA,
    Config,
    email_settings,
    load,
    loads,
    merge,
    parse,
    starter_config,
    to_data,
)
from briefgen.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent

FULL = """
timezone = "America/Chicago"

[sources]
paths = ["articles", "/srv/feeds/extra.xml", "https://news.example/rss", "clips/*.html"]
include = ["ferry", "harbour"]
exclude = ["sponsored"]

[output]
dir = "../briefs"

[brief]
template = "compact"
title = "Harbour brief"
template_dir = "my-templates"
paper = "letter"
scorer = "textrank"
min_sources = 3
max_facts = 12
words = 350

[brief.vars]
desk = "Metro"
editor = "J. Okafor"

[email]
to = ["Ana Ruiz <ana@desk.example>", "ops@desk.example"]
from = "Briefs <briefs@news.example>"
smtp_host = "smtp.news.example"
smtp_port = 2525
security = "ssl"
subject = "[{sources}] {title} — {date}"
attach = ["pdf", "md"]
timeout = 12.5
retries = 5
"""


def write(tmp_path: Path, text: str, name: str = "briefgen.toml") -> Path:
    path = tmp_path / "conf" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(text: str) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        loads(text, base=Path("/cfg"))
    return caught.value.problems


def test_empty_file_gives_defaults_with_output_next_to_the_file(tmp_path: Path) -> None:
    config = load(write(tmp_path, ""))
    assert config.timezone == "UTC"
    assert config.output.dir == tmp_path / "conf" / "output"
    assert config.sources.paths == ()
    assert (config.brief.paper, config.brief.min_sources, config.brief.words) == ("a4", 2, None)
    assert config.email.security == "starttls" and config.email.attach == ("pdf",)
    assert config.path == tmp_path / "conf" / "briefgen.toml"


def test_full_file_is_read_and_relative_paths_resolve_against_its_folder(tmp_path: Path) -> None:
    config = load(write(tmp_path, FULL))
    conf = tmp_path / "conf"
    assert config.sources.paths == (
        str(conf / "articles"),
        "/srv/feeds/extra.xml",
        "https://news.example/rss",
        str(conf / "clips/*.html"),
    )
    assert config.sources.include == ("ferry", "harbour")
    assert config.output.dir == tmp_path / "briefs"
    assert config.brief.template_dir == conf / "my-templates"
    assert dict(config.brief.vars) == {"desk": "Metro", "editor": "J. Okafor"}
    assert (config.brief.paper, config.brief.max_facts, config.brief.words) == ("letter", 12, 350)
    assert config.email.sender == "Briefs <briefs@news.example>"
    assert (config.email.smtp_port, config.email.timeout, config.email.retries) == (2525, 12.5, 5)
    assert config.zone.key == "America/Chicago"


def test_every_problem_is_reported_together_naming_its_key() -> None:
    text = """
timezone = "Mars/Olympus_Mons"
[sources]
paths = "articles"
[brief]
paper = "A5"
min_sources = 0
max_facts = true
words = "400"
template = "../../etc/passwd"
[brief.vars]
"bad name" = "x"
[email]
to = ["ana@desk.example", "ops@desk.example\\nBcc: spy@evil.example"]
from = "not an address"
smtp_port = 70000
security = "tls"
subject = "{title} {weekday}"
attach = ["pdf", "docx"]
timeout = 0
retries = -1
"""
    assert problems(text) == [
        "timezone: unknown time zone 'Mars/Olympus_Mons'; use an IANA name like 'Europe/Berlin'",
        "sources.paths: must be a list of strings (got 'articles')",
        "brief.paper: must be one of a4, letter (got 'A5')",
        "brief.min_sources: must be an integer 1-100 (got 0)",
        "brief.max_facts: must be an integer 1-1000 (got True)",
        "brief.words: must be an integer 1-100000 (got '400')",
        "brief.template: must be a name like 'default' (got '../../etc/passwd')",
        "brief.vars: 'bad name' is not a valid variable name (letters, digits, _)",
        "email.to: item 2: must be one line without control characters",
        "email.from: 'not an address' is not a valid address like name@example.org",
        "email.smtp_port: must be an integer 1-65535 (got 70000)",
        "email.security: must be one of starttls, ssl, none (got 'tls')",
        "email.subject: unknown placeholder {weekday}; use {title}, {date}, {sources}",
        "email.attach: item 2: must be one of pdf, md, html, json (got 'docx')",
        "email.timeout: must be a number of seconds, above 0 and at most 600 (got 0)",
        "email.retries: must be an integer 0-10 (got -1)",
    ]


def test_unknown_keys_and_sections_are_errors_with_suggestions() -> None:
    text = """
timezon = "UTC"
[brief]
max_fact = 3
[emial]
to = ["a@b.example"]
[output]
dir = "out"
format = "pdf"
"""
    assert problems(text) == [
        "timezon: unknown key (did you mean timezone?)",
        "brief.max_fact: unknown key (did you mean brief.max_facts?)",
        "emial: unknown key (did you mean email?)",
        "output.format: unknown key (did you mean output.formats?)",
    ]
    assert problems("sources = ['a']\n") == ["sources: must be a table ([sources])"]


def test_secrets_in_the_file_are_refused_and_not_echoed() -> None:
    text = '[email]\nuser = "desk-bot"\npassword = "hunter2-horse"\nsmtp_password = "x"\n'
    found = problems(text)
    assert found == [
        "email.user: secrets are not read from the config file; "
        "set BRIEFGEN_SMTP_USER in the environment",
        "email.password: secrets are not read from the config file; "
        "set BRIEFGEN_SMTP_PASSWORD in the environment",
        "email.smtp_password: secrets are not read from the config file; "
        "set BRIEFGEN_SMTP_PASSWORD in the environment",
    ]
    assert not any("hunter2" in line for line in found)


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    path = write(tmp_path, '[email]\nto = ["a@b.example"]\nfrom = briefs@news.example\n')
    with pytest.raises(ConfigError, match=r"briefgen\.toml: invalid TOML: .*line 3"):
        load(path)
    with pytest.raises(ConfigError, match="config file not found") as caught:
        load(tmp_path / "nowhere.toml")
    assert caught.value.hint == "run `briefgen init`"


# --- secrets and email settings -------------------------------------------------------------


def test_email_settings_take_credentials_from_the_env_mapping_only(tmp_path: Path) -> None:
    config = load(write(tmp_path, FULL))
    env = {"BRIEFGEN_SMTP_USER": "desk-bot", "BRIEFGEN_SMTP_PASSWORD": "hunter2-horse"}
    settings = email_settings(config, env)
    assert (settings.username, settings.password) == ("desk-bot", "hunter2-horse")
    assert (settings.host, settings.port, settings.security) == ("smtp.news.example", 2525, "ssl")
    assert settings.recipients == ("Ana Ruiz <ana@desk.example>", "ops@desk.example")
    assert (settings.timeout, settings.retries) == (12.5, 5)
    assert "hunter2-horse" not in repr(settings) and "desk-bot" not in repr(settings)
    assert "hunter2-horse" not in repr(config)
    anonymous = email_settings(config, {"BRIEFGEN_SMTP_USER": "", "HOME": "/root"})
    assert anonymous.username is None and anonymous.password is None


def test_email_settings_name_every_missing_key_and_default_the_port() -> None:
    with pytest.raises(ConfigError) as caught:
        email_settings(Config(), {})
    assert caught.value.problems == [
        "email.to: not set (needed to send email)",
        "email.from: not set (needed to send email)",
        "email.smtp_host: not set (needed to send email)",
    ]
    base = to_data(Config())
    base["email"] = {"to": "a@b.example", "from": "c@d.example", "smtp_host": "mx.d.example"}
    for security, port in (("starttls", 587), ("ssl", 465), ("none", 25)):
        base["email"]["security"] = security
        assert email_settings(parse(base, base=None), {}).port == port
    with pytest.raises(ConfigError, match="BRIEFGEN_SMTP_PASSWORD"):
        email_settings(parse(base, base=None), {"BRIEFGEN_SMTP_USER": "desk-bot"})


# --- merge ----------------------------------------------------------------------------------


def test_merge_applies_only_given_flags_and_keeps_the_rest(tmp_path: Path) -> None:
    config = load(write(tmp_path, FULL))
    merged = merge(
        config,
        {
            "brief.title": "Evening brief",
            "brief.max_facts": 4,
            "brief.words": None,
            "sources.paths": (),
            "output.dir": Path("elsewhere"),
            "email.to": ("night@desk.example",),
            "brief.vars": {"editor": "K. Lind", "shift": "night"},
            "brief.paper": None,
        },
    )
    assert merged.brief.title == "Evening brief" and merged.brief.max_facts == 4
    assert merged.brief.words == 350 and merged.brief.paper == "letter"
    assert merged.sources.paths == config.sources.paths
    assert merged.output.dir == Path("elsewhere")
    assert merged.email.to == ("night@desk.example",)
    assert dict(merged.brief.vars) == {"desk": "Metro", "editor": "K. Lind", "shift": "night"}
    assert merged.path == config.path
    assert config.brief.title == "Harbour brief"  # the original is untouched
    assert merge(config, {}) == config


def test_merge_revalidates_and_reports_all_override_problems(tmp_path: Path) -> None:
    config = load(write(tmp_path, FULL))
    with pytest.raises(ConfigError) as caught:
        merge(config, {"brief.max_facts": 0, "brief.paper": "A5", "email.to": ["a@b.example, c@d"]})
    assert caught.value.problems == [
        "brief.paper: must be one of a4, letter (got 'A5')",
        "brief.max_facts: must be an integer 1-1000 (got 0)",
        "email.to: item 1: 'a@b.example, c@d' must be a single address (no commas or semicolons)",
    ]
    with pytest.raises(ConfigError, match=r"brief\.colour: unknown setting"):
        merge(config, {"brief.colour": "red"})


# --- starter and example ----------------------------------------------------------------------

_COMMENTED_SETTING = re.compile(r"^# ?(\[[a-z.]+\]|[a-z_]+ = .*)$")


def test_starter_config_loads_and_mentions_every_key(tmp_path: Path) -> None:
    text = starter_config()
    config = load(write(tmp_path, text))
    assert config.sources.paths == (str(tmp_path / "conf" / "articles"),)
    # Uncommenting every example setting must still give a valid file.
    uncommented = "\n".join(_COMMENTED_SETTING.sub(r"\1", line) for line in text.splitlines())
    data = tomllib.loads(uncommented)
    full = load(write(tmp_path, uncommented))
    assert full.email.to == ("team@example.org",) and full.brief.words == 400
    for section, keys in SCHEMA.items():
        table = data.get(section, {}) if section else data
        assert set(keys) <= set(table), f"starter config lacks {section} keys"


def test_example_config_loads_and_points_at_existing_sources() -> None:
    config = load(REPO / "examples" / "briefgen.toml")
    assert config.email.smtp_host == "127.0.0.1" and config.email.smtp_port == 8025
    assert config.email.security == "none"
    assert all(Path(path).is_dir() for path in config.sources.paths)
    assert email_settings(config, {}).recipients
