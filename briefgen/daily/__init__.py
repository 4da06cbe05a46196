"""A Config and a date -> that day's brief folder (brief.*, run.json) and, once, its email.

A daily run, in order, and the module of each stage:

1. lock       ``locking``: one run at a time per output directory (``.briefgen.lock``; a lock
              left by a dead process is taken over)
2. resume     ``run``: read the day's ``run.json``: what is already built, what already sent
3. source     ``source``: load the configured inputs; keep articles published that day
              (undated ones are kept) that match the topic filter (``include`` / ``exclude``)
4. build      ``run``: make the brief; ``novelty``: mark facts new since the previous day's
              brief; ``run``: write the files
5. deliver    ``mail``: one email (text + HTML + attachments) or, for a dry run, ``brief.eml``
6. record     ``run``: ``run.json``: sources, options, problems, what was sent to whom and when

``run.run_daily`` drives the stages. ``check`` is ``briefgen check``: everything a run
needs, checked without building or sending anything. ``novelty`` also reads a saved
brief.json back into a Brief, for sending without rebuilding (``briefgen send``).

Nothing here reads the clock or the environment: the CLI passes the date, the current
time and the environment mapping in. Files of other days are never written or removed.
"""

from briefgen.daily.check import Check, preflight
from briefgen.daily.locking import LOCK_NAME, Progress, lock
from briefgen.daily.mail import EML_NAME, Delivery, Sender, email_brief
from briefgen.daily.novelty import (
    BRIEF_JSON,
    DAY,
    brief_from_record,
    collapse_unchanged,
    known_sentences,
    mark_new,
    normalize,
    previous_day,
    read_brief,
    read_json,
)
from briefgen.daily.run import (
    REQUIRED_FORMATS,
    RUN_NAME,
    DailyRequest,
    DailyResult,
    day_folder,
    formats_of,
    run_daily,
)
from briefgen.daily.source import Loader, mentions, select_articles

__all__ = [
    "BRIEF_JSON",
    "DAY",
    "EML_NAME",
    "LOCK_NAME",
    "REQUIRED_FORMATS",
    "RUN_NAME",
    "Check",
    "DailyRequest",
    "DailyResult",
    "Delivery",
    "Loader",
    "Progress",
    "Sender",
    "brief_from_record",
    "collapse_unchanged",
    "day_folder",
    "email_brief",
    "formats_of",
    "known_sentences",
    "lock",
    "mark_new",
    "mentions",
    "normalize",
    "preflight",
    "previous_day",
    "read_brief",
    "read_json",
    "run_daily",
    "select_articles",
]
