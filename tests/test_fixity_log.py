"""The fixity audit log: PREMIS-style events in SQLite that survive a crash."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fixity_support import make_bag

from archive.bag import check_bag
from archive.errors import FixityLogError, UsageError
from archive.fixity import FixityLog, default_log_path, parse_age
from archive.fixity.log import AGENT, SCHEMA_VERSION


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 31, 12, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def log(tmp_path: Path, clock: Clock) -> FixityLog:
    return FixityLog(tmp_path / "state" / "fixity.sqlite", now=clock)


def test_a_new_log_is_versioned_and_in_wal_mode(log: FixityLog) -> None:
    db = sqlite3.connect(log.path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    columns = [r[1] for r in db.execute("PRAGMA table_info(event)")]
    assert columns[:6] == [
        "event_id",
        "event_type",
        "event_date_time",
        "event_detail",
        "event_outcome",
        "event_outcome_detail",
    ]
    assert log._db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_an_event_records_what_premis_asks(tmp_path: Path, log: FixityLog) -> None:
    bag = make_bag(tmp_path / "bag", identifier="urn:bag:1")
    (bag / "data/article.txt").write_bytes(b"changed")
    report = check_bag(bag)
    first = log.record(report)
    second = log.record(report, fast=True)
    assert second > first
    (event, fast) = log.history(str(bag))
    assert event.event_type == "fixity check"
    assert event.event_date_time == "2026-01-31T12:00:00Z"
    assert event.event_outcome == "fail" and event.event_detail == "full"
    assert fast.event_detail == "fast"
    assert event.object_identifier == "urn:bag:1"
    assert event.object_path == str(bag)
    assert event.object_digest == report.tagmanifest_digest
    assert event.agent_name == AGENT and event.agent_algorithms == ("sha512",)
    codes = {(p["code"], p["where"]) for p in event.event_outcome_detail}
    assert ("F002", "data/article.txt") in codes
    assert json.loads(json.dumps(event.as_dict()))["event_id"] == first
    assert [e.event_id for e in log.events()] == [first, second]


def test_recent_pass_lets_a_bag_be_skipped_only_when_safe(
    tmp_path: Path, log: FixityLog, clock: Clock
) -> None:
    bag = make_bag(tmp_path / "bag")
    path = str(bag)
    day = timedelta(days=1)
    assert log.recent_pass(path, day) is None  # never checked
    log.record(check_bag(bag))
    assert log.recent_pass(path, day) == "2026-01-31T12:00:00Z"
    clock.now += timedelta(hours=25)
    assert log.recent_pass(path, day) is None  # too old
    assert log.recent_pass(path, timedelta(days=2)) == "2026-01-31T12:00:00Z"
    log.record(check_bag(bag), fast=True)
    assert log.recent_pass(path, day) is None  # a fast check is not a full one
    assert log.recent_pass(path, day, fast=True) is not None
    tags = bag / "tagmanifest-sha512.txt"
    tags.write_text(tags.read_text() + "")  # unchanged bytes: still skippable
    assert log.recent_pass(path, timedelta(days=2)) is not None
    tags.write_text(tags.read_text().replace("  bagit.txt", "  bagit.txt "))
    assert log.recent_pass(path, timedelta(days=2)) is None  # the tag manifest changed


def test_a_later_failure_is_never_skipped_over(tmp_path: Path, log: FixityLog) -> None:
    bag = make_bag(tmp_path / "bag")
    log.record(check_bag(bag))
    data = bag / "data/article.txt"
    data.write_bytes(data.read_bytes()[::-1])  # bit rot: the tag manifest is unchanged
    log.record(check_bag(bag), fast=False)
    assert log.recent_pass(str(bag), timedelta(days=1)) is None


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90d", 90 * 86400),
        ("12h", 43200),
        ("30m", 1800),
        ("2w", 1209600),
        ("45s", 45),
        ("1.5h", 5400),
    ],
)
def test_parse_age(text: str, seconds: int) -> None:
    assert parse_age(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "90", "d", "-3d", "3 days", "3y"])
def test_parse_age_rejects(text: str) -> None:
    with pytest.raises(UsageError):
        parse_age(text)


def test_default_log_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_log_path() == tmp_path / "archive" / "fixity.sqlite"
    monkeypatch.setenv("XDG_STATE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_log_path() == tmp_path / "home/.local/state/archive/fixity.sqlite"
    monkeypatch.delenv("XDG_STATE_HOME")
    assert default_log_path() == tmp_path / "home/.local/state/archive/fixity.sqlite"


def test_a_file_that_is_not_a_log_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 100)
    with pytest.raises(FixityLogError) as caught:
        FixityLog(junk)
    assert caught.value.input == str(junk)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(FixityLogError, match="schema 0"):
        FixityLog(other)
    newer = tmp_path / "newer.sqlite"
    FixityLog(newer).close()
    sqlite3.connect(newer).execute("PRAGMA user_version = 99")
    with pytest.raises(FixityLogError, match="schema 99"):
        FixityLog(newer)


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from archive.bag import check_bag
    from archive.fixity import FixityLog
    report = check_bag(sys.argv[2])
    log = FixityLog(Path(sys.argv[1]))
    while True:
        print(log.record(report), flush=True)
    """
)


def test_checks_recorded_together_are_all_or_nothing(tmp_path: Path, log: FixityLog) -> None:
    report = check_bag(make_bag(tmp_path / "bag"))
    others = [replace(report, path=f"/shelf/bag{n}") for n in range(3)]
    assert log.record_all([]) == []
    ids = log.record_all(others)
    assert len(ids) == 3 and ids == sorted(ids)
    assert [e.event_id for n in range(3) for e in log.history(f"/shelf/bag{n}")] == ids
    broken = [replace(report, path="/shelf/x"), replace(report, path=None)]  # NOT NULL
    with pytest.raises(FixityLogError, match="cannot record"):
        log.record_all(broken)  # type: ignore[arg-type]
    assert log.history("/shelf/x") == []  # the first was rolled back with the second
    assert log.record(report) == ids[-1] + 1  # and the log goes on


def test_the_log_survives_a_crash_mid_run(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    db = tmp_path / "log.sqlite"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(bag)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    committed = [int(writer.stdout.readline()) for _ in range(200)]
    writer.send_signal(signal.SIGKILL)  # in the middle of the next transactions
    writer.wait()
    check = sqlite3.connect(db)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    with FixityLog(db) as log:
        ids = [e.event_id for e in log.history(str(bag))]
    assert set(committed) <= set(ids)
    assert ids == sorted(ids) and len(ids) == len(set(ids))
