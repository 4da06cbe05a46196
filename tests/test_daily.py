"""Daily runs: date and topic filters, once-per-day idempotency, resume after a failed send,
new-since-yesterday, previous days untouched, the output lock across real processes.

Articles are invented (a wildfire near a fictional town over two days); email goes to a
real aiosmtpd server on 127.0.0.1. PDF is left out where it is not the point.
"""

from __future__ import annotations

import email
import json
import subprocess
import sys
import textwrap
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from conftest_smtp import Recorder, parse_message

from briefgen.config import Config, parse
from briefgen.daily import (
    LOCK_NAME,
    DailyRequest,
    lock,
    mark_new,
    mentions,
    normalize,
    run_daily,
    select_articles,
)
from briefgen.errors import DeliveryError, InputError, LockedError
from briefgen.models import Article, Brief, Evidence, Fact

DAY1, DAY2 = "2031-05-06", "2031-05-07"
NOW = datetime(2031, 5, 7, 6, 0, tzinfo=timezone(timedelta(hours=2)))

FIRE = "A wildfire forced the evacuation of about 1,200 residents of Pine Hollow on Tuesday."
ACRES = "The fire has burned roughly 3,400 acres of forest north of the town."
CREWS = "More than 300 firefighters and four helicopters are fighting the blaze."
ROAD = "State Route 9 is closed between Pine Hollow and Cedar Gap."
LIFTED = "Evacuation orders for Pine Hollow were lifted on Wednesday afternoon."
CONTAINED = "Fire officials said the blaze was 60 percent contained by Wednesday evening."

# Day 1: three outlets; day 2: rolling coverage that repeats day 1 and adds two facts.
# Each article has sentences of its own, so that cleaning does not take it for a copy.
ARTICLES = {
    "ridge-news-1.md": (
        "Ridge News",
        DAY1,
        [
            FIRE,
            ACRES,
            CREWS,
            "Smoke drifted over the valley and the air quality warning was raised to red.",
            "The owner of the general store said she had packed her car within ten minutes.",
            "Two barns and a disused sawmill were destroyed, according to the county.",
        ],
    ),
    "valley-times-1.md": (
        "Valley Times",
        DAY1,
        [
            FIRE,
            CREWS,
            ROAD,
            "Schools in neighbouring districts stayed open but cancelled outdoor sports.",
            "Forecasters expect gusty winds to ease slightly by Thursday.",
            "Volunteers collected blankets and pet food at the community hall.",
        ],
    ),
    "kfrm-1.md": (
        "KFRM Radio",
        DAY1,
        [
            FIRE,
            ACRES,
            ROAD,
            "A shelter opened at the county fairground for people with nowhere else to stay.",
            "Livestock owners were asked to move animals to the rodeo arena in Millbrook.",
            "The cause of the fire is under investigation.",
        ],
    ),
    "ridge-news-2.md": (
        "Ridge News",
        DAY2,
        [
            LIFTED,
            CONTAINED,
            ACRES,
            CREWS,
            "Residents lined up at a checkpoint to show proof of address before driving home.",
            "The county said power had been restored to all but 40 households.",
        ],
    ),
    "valley-times-2.md": (
        "Valley Times",
        DAY2,
        [
            LIFTED,
            CONTAINED,
            ROAD,
            FIRE,
            "Insurance adjusters set up a help desk in the library car park.",
            "A town meeting on rebuilding the sawmill is planned for next month.",
        ],
    ),
    "kfrm-2.md": (
        "KFRM Radio",
        DAY2,
        [
            LIFTED,
            ACRES,
            "Many residents returned to find their homes intact but covered in ash.",
            "The shelter at the fairground will close on Friday.",
            "Investigators have ruled out lightning as the cause.",
        ],
    ),
    # undated and off topic: kept by the date filter, left out by the topic filter
    "match-report.md": (
        "Sports Desk",
        None,
        [
            "Cedar Gap United beat Ridgefield 2-1 in the league on Tuesday night.",
            "The winning goal came in the final minute of the match.",
        ],
    ),
}


def write_articles(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (outlet, published, sentences) in ARTICLES.items():
        front = [f"title: {outlet} report", f"outlet: {outlet}"]
        if published:
            front.append(f"published: {published}")
        body = "\n\n".join(sentences)
        (folder / name).write_text("---\n" + "\n".join(front) + f"\n---\n\n{body}\n", "utf-8")
    return folder


def make_config(tmp_path: Path, port: int | None = None, **brief: Any) -> Config:
    write_articles(tmp_path / "articles")
    data: dict[str, Any] = {
        "timezone": "Europe/Berlin",
        "sources": {"paths": ["articles"], "include": ["wildfire", "fire", "evacuation"]},
        "output": {"dir": "out", "formats": ["md", "json"]},
        "brief": {"title": "Pine Hollow fire", **brief},
    }
    if port is not None:
        data["email"] = {
            "to": ["desk@example.org"],
            "from": "briefgen@example.org",
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "security": "none",
            "attach": ["md"],
            "retries": 0,
        }
    return parse(data, base=tmp_path)


def request(config: Config, date: str = DAY1, **flags: Any) -> DailyRequest:
    return DailyRequest(config=config, date=date, now=NOW, **flags)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def run_record(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "run.json").read_text(encoding="utf-8"))


def received(handler: Recorder, index: int = 0) -> EmailMessage:
    return parse_message(handler.messages[index].content)


# --- filters ----------------------------------------------------------------------------


def _article(ident: str, text: str, published: str | None = None) -> Article:
    return Article(id=ident, name=ident, text=text, path=f"/in/{ident}.md", published=published)


def test_date_filter_keeps_that_day_and_undated_articles_renumbered() -> None:
    articles = [
        _article("s1", "Fire near the town.", "2031-05-05"),
        _article("s2", "Fire near the town.", DAY1),
        _article("s3", "Fire near the town."),
    ]
    kept, skipped = select_articles(articles, date=DAY1)
    assert [(a.id, a.path) for a in kept] == [("s1", "/in/s2.md"), ("s2", "/in/s3.md")]
    assert [(p.source, p.message) for p in skipped] == [
        ("/in/s1.md", f"published 2031-05-05, not {DAY1}")
    ]


def test_topic_filter_matches_whole_words_and_exclude_wins() -> None:
    articles = [
        _article("s1", "The WILDFIRE spread overnight."),
        _article("s2", "Markets rose; wildfires elsewhere were not mentioned by name."),
        _article("s3", "A wildfire drill was held at the stadium before the football match."),
        _article("s4", "The council met to discuss parking."),
    ]
    kept, skipped = select_articles(
        articles, date=DAY1, include=["wildfire"], exclude=["football match"]
    )
    assert [a.path for a in kept] == ["/in/s1.md"]
    assert [p.message for p in skipped] == [
        "mentions none of sources.include",  # "wildfires" is not the keyword "wildfire"
        "mentions 'football match' (sources.exclude)",
        "mentions none of sources.include",
    ]
    assert mentions("State  Route\n9 closed", "route 9") and not mentions("Route 95", "route 9")


# --- new since yesterday ----------------------------------------------------------------


def _fact(text: str, *evidence: str) -> Fact:
    sources = tuple(f"s{i}" for i in range(1, len(evidence) + 2))
    proof = (Evidence("s1", text), *(Evidence(f"s{i}", e) for i, e in enumerate(evidence, 2)))
    return Fact(text, "s1", sources, proof, 1.0, len(sources))


def test_mark_new_compares_normalised_text_and_evidence() -> None:
    yesterday = {
        "consensus": [
            {"text": "Route 9 is closed.", "evidence": [{"text": "Officials closed it."}]}
        ],
        "unique": [{"text": "A shelter opened at the fairground."}],
    }
    brief = Brief(
        "t",
        DAY2,
        (),
        consensus=(
            _fact("“Route 9 is CLOSED”"),  # same text, other quotes and case
            _fact("The road is shut.", "Officials closed it."),  # shares an evidence sentence
            _fact("About 1,300 people were evacuated."),
        ),
        unique=(
            _fact("A shelter opened at the fairground."),
            _fact("About 1,200 people were evacuated."),
        ),
    )
    marked = mark_new(brief, yesterday)
    assert [f.new for f in marked.consensus] == [False, False, True]
    assert [f.new for f in marked.unique] == [False, True]
    assert mark_new(brief, None) == brief  # no previous brief: "new" stays unknown
    assert normalize("About 1,200 people") != normalize("About 1,300 people")


def test_new_since_yesterday_and_previous_day_untouched(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    first = run_daily(request(config, DAY1))
    day1 = snapshot(first.day)
    second = run_daily(request(config, DAY2))
    record = json.loads((second.day / "brief.json").read_text(encoding="utf-8"))
    facts = {f["text"]: f["new"] for f in record["consensus"] + record["unique"]}
    assert facts[LIFTED] is True and facts[CONTAINED] is True
    repeated = [facts[text] for text in (FIRE, ACRES, CREWS, ROAD) if text in facts]
    assert len(repeated) >= 2 and not any(repeated)
    first_record = json.loads(day1["brief.json"])
    assert {f["new"] for f in first_record["consensus"]} == {None}  # nothing to compare with
    markdown = (second.day / "brief.md").read_text(encoding="utf-8")
    assert "**New:** A town meeting on rebuilding the sawmill" in markdown
    assert f"**New:** {ROAD}" not in markdown and ROAD in markdown
    assert run_record(second.day)["previous"] == DAY1
    assert run_record(second.day)["new_facts"] == sum(1 for new in facts.values() if new)
    # only that day's articles were used
    used = [Path(s["path"]).name for s in run_record(second.day)["sources"]]
    assert sorted(used) == ["kfrm-2.md", "ridge-news-2.md", "valley-times-2.md"]
    run_daily(request(config, DAY2, force=True))
    assert snapshot(first.day) == day1  # byte for byte, run.json included


def test_collapse_unchanged_hides_old_facts_but_json_keeps_them(tmp_path: Path) -> None:
    config = make_config(tmp_path, collapse_unchanged=True)
    run_daily(request(config, DAY1))
    result = run_daily(request(config, DAY2))
    markdown = (result.day / "brief.md").read_text(encoding="utf-8")
    record = json.loads((result.day / "brief.json").read_text(encoding="utf-8"))
    old = [f["text"] for f in record["consensus"] + record["unique"] if f["new"] is False]
    assert old and not any(text in markdown for text in old)
    assert LIFTED in markdown


# --- once a day ---------------------------------------------------------------------------


def test_second_run_does_nothing_and_force_redoes_both(
    tmp_path: Path, mailbox: tuple[Recorder, int]
) -> None:
    handler, port = mailbox
    config = make_config(tmp_path, port)
    first = run_daily(request(config))
    assert (first.built, first.sent) == (True, True)
    assert sorted(snapshot(first.day)) == ["brief.json", "brief.md", "run.json"]
    before = snapshot(first.day)
    second = run_daily(request(config))
    assert (second.built, second.sent) == (False, False)
    assert len(handler.messages) == 1
    after = snapshot(first.day)
    assert {k: v for k, v in after.items() if k != "run.json"} == {
        k: v for k, v in before.items() if k != "run.json"
    }
    history = run_record(first.day)["history"]
    assert [(h["built"], h["sent"], h["exit_code"]) for h in history] == [
        (True, True, 0),
        (False, False, 0),
    ]
    third = run_daily(request(config, force=True))
    assert (third.built, third.sent) == (True, True)
    assert len(handler.messages) == 2


def test_run_json_records_sources_options_and_delivery(
    tmp_path: Path, mailbox: tuple[Recorder, int]
) -> None:
    handler, port = mailbox
    result = run_daily(request(make_config(tmp_path, port)))
    record = run_record(result.day)
    assert record["status"] == "ok" and record["exit_code"] == 0 and record["date"] == DAY1
    assert [s["name"] for s in record["sources"]] == ["KFRM Radio", "Ridge News", "Valley Times"]
    reasons = sorted(s["reason"] for s in record["skipped"])
    assert reasons == ["mentions none of sources.include"] + [f"published {DAY2}, not {DAY1}"] * 3
    assert record["options"]["include"] == ["wildfire", "fire", "evacuation"]
    sent = record["email"]
    assert sent["status"] == "sent" and sent["at"] == NOW.isoformat()
    assert sent["to"] == ["desk@example.org"] and sent["accepted"] == ["desk@example.org"]
    assert sent["message_id"] == received(handler)["Message-ID"]
    assert sent["attachments"] == ["brief.md"]


def test_failed_send_keeps_files_and_rerun_sends_without_rebuilding(
    tmp_path: Path, mailbox: tuple[Recorder, int]
) -> None:
    handler, port = mailbox
    config = make_config(tmp_path, port)
    handler.data_replies = ["554 5.7.1 Message rejected"]
    with pytest.raises(DeliveryError) as failure:
        run_daily(request(config))
    assert failure.value.exit_code == 7 and "554" in failure.value.message
    folder = tmp_path / "out" / DAY1
    built = snapshot(folder)
    assert {"brief.md", "brief.json"} <= set(built)
    record = run_record(folder)
    assert (record["status"], record["exit_code"]) == ("failed", 7)
    assert record["email"]["status"] == "failed" and "554" in record["email"]["error"]
    retry = run_daily(request(config))
    assert (retry.built, retry.sent) == (False, True)
    assert len(handler.messages) == 1
    assert snapshot(folder)["brief.md"] == built["brief.md"]
    message = received(handler)
    attached = next(message.iter_attachments())
    assert attached.get_content().encode() == built["brief.md"]


def test_dry_run_writes_the_message_and_sends_nothing(
    tmp_path: Path, mailbox: tuple[Recorder, int]
) -> None:
    handler, port = mailbox
    config = make_config(tmp_path, port)
    result = run_daily(request(config, dry_run=True))
    assert result.eml is not None and not result.sent and handler.data_calls == 0
    message = email.message_from_bytes(result.eml.read_bytes(), policy=policy.default)
    assert isinstance(message, EmailMessage)
    assert message["To"] == "desk@example.org" and "Pine Hollow fire" in message["Subject"]
    body = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert body is not None and html is not None and FIRE in body.get_content()
    real = run_daily(request(config))  # a dry run does not count as sent
    assert real.sent and len(handler.messages) == 1


def test_too_few_articles_for_the_day_is_recorded_and_raised(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    with pytest.raises(InputError) as failure:
        run_daily(request(config, "2031-06-01"))
    assert failure.value.exit_code == 4
    record = run_record(tmp_path / "out" / "2031-06-01")
    assert (record["status"], record["exit_code"], record["built"]) == ("failed", 4, None)
    assert "0 article(s) for 2031-06-01" in record["error"]


# --- the lock -----------------------------------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from briefgen.daily import lock
    with lock(Path(sys.argv[1])):
        print("locked", flush=True)
        sys.stdin.read()
    """
)


def test_lock_contention_between_processes(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(out)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        with pytest.raises(LockedError) as failure:
            run_daily(request(config))
        assert failure.value.exit_code == 8 and f"pid {holder.pid}" in failure.value.message
        assert not (out / DAY1).exists()
        toml = tmp_path / "briefgen.toml"
        toml.write_text('[sources]\npaths = ["articles"]\n[output]\ndir = "out"\n', "utf-8")
        cli = subprocess.run(
            [sys.executable, "-m", "briefgen", "daily", "--config", str(toml), "--date", DAY1],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert cli.returncode == 8, cli.stderr
        assert cli.stderr.startswith("Error: another briefgen run (pid")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
        assert holder.stdout is not None
        holder.stdout.close()
    assert run_daily(request(config)).built  # released when the holder exits


def test_stale_lock_from_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    out = tmp_path / "out"
    out.mkdir()
    (out / LOCK_NAME).write_text(dead.stdout, "ascii")
    result = run_daily(request(config))
    assert result.built
    assert f"took over a stale lock from pid {dead.stdout.strip()} (no longer running)" in (
        result.notes
    )
    assert (out / LOCK_NAME).read_text("ascii") == ""  # released cleanly


def test_lock_is_reentrant_for_nobody(tmp_path: Path) -> None:
    with lock(tmp_path), pytest.raises(LockedError), lock(tmp_path):
        pass  # a second holder in the same process is refused too (separate open files)
