"""The fixity audit log: every check of every bag, as PREMIS-style events in SQLite.

One row per check, named after the PREMIS 3 event semantic units:

================================  =============================================
``event_id``                      eventIdentifierValue (type "local": a number
                                  that only grows, never reused)
``event_type``                    eventType: "fixity check"
``event_date_time``               eventDateTime: UTC, ISO 8601, e.g.
                                  ``2026-01-31T12:00:00Z``
``event_detail``                  eventDetailInformation: "full" (every digest)
                                  or "fast" (structure and Payload-Oxum only)
``event_outcome``                 eventOutcome: "pass" or "fail"
``event_outcome_detail``          eventOutcomeDetail: JSON list of every finding
``object_identifier``             linkingObject: the bag's External-Identifier
``object_path``                   the bag's absolute path
``object_digest``                 the bag's tag manifest digest (``sha512:...``),
                                  which changes when any manifest or tag file does
``agent_name``                    linkingAgent: ``archive <version>``
``agent_algorithms``              the digest algorithms of the bag's manifests
================================  =============================================

plus ``files``, ``bytes`` and ``duration`` (seconds) of the check.

Durability: WAL journal, ``synchronous=NORMAL``, an event committed before
:meth:`FixityLog.record` returns (or the events that arrived together, in
one transaction, before :meth:`FixityLog.record_all` returns: ``archive
fixity`` records the bags a worker sends back together that way, then
writes their report lines). In WAL mode NORMAL never corrupts the database;
an event is safe from a crash of the process once its transaction commits,
and only a crash of the operating system or a power cut can lose the last
events (never earlier ones). A lost event only means that bag is checked
again next time, while ``FULL`` would cost a disk flush per bag: for a
collection of small bags, more than the checking itself. The schema is
versioned in ``user_version``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from archive import __version__
from archive.bag import BagReport
from archive.bag.checker import tagmanifest_digest
from archive.bag.report import issues_json
from archive.errors import FixityLogError, UsageError

__all__ = [
    "AGENT",
    "SCHEMA_VERSION",
    "Event",
    "FixityLog",
    "default_log_path",
    "parse_age",
    "utc_timestamp",
]

SCHEMA_VERSION = 1
AGENT = f"archive {__version__}"
EVENT_TYPE = "fixity check"
_BUSY_TIMEOUT_MS = 30_000
_COLUMNS = (
    "event_type",
    "event_date_time",
    "event_detail",
    "event_outcome",
    "event_outcome_detail",
    "object_identifier",
    "object_path",
    "object_digest",
    "agent_name",
    "agent_algorithms",
    "files",
    "bytes",
    "duration",
)
_INSERT = (
    f"INSERT INTO event ({', '.join(_COLUMNS)}) VALUES ({', '.join(f':{c}' for c in _COLUMNS)})"
)

_SCHEMA = """
CREATE TABLE event (
    event_id             INTEGER PRIMARY KEY AUTOINCREMENT,
    event_type           TEXT NOT NULL,
    event_date_time      TEXT NOT NULL,
    event_detail         TEXT NOT NULL CHECK (event_detail IN ('full', 'fast')),
    event_outcome        TEXT NOT NULL CHECK (event_outcome IN ('pass', 'fail')),
    event_outcome_detail TEXT NOT NULL,
    object_identifier    TEXT,
    object_path          TEXT NOT NULL,
    object_digest        TEXT,
    agent_name           TEXT NOT NULL,
    agent_algorithms     TEXT NOT NULL,
    files                INTEGER NOT NULL,
    bytes                INTEGER NOT NULL,
    duration             REAL NOT NULL
);
CREATE INDEX event_by_path ON event (object_path, event_id);
"""

_AGE = re.compile(r"(\d+(?:\.\d+)?)\s*([smhdw])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_age(text: str) -> timedelta:
    """An age such as ``90d``, ``12h``, ``30m``, ``2w`` or ``45s``.

    >>> parse_age("90d")
    datetime.timedelta(days=90)

    Raises:
        UsageError: not a number followed by one of s, m, h, d, w.
    """
    m = _AGE.fullmatch(text.strip().lower())
    if m is None:
        raise UsageError(f"{text!r} is not an age like 90d, 12h, 30m, 2w or 45s", input=text)
    return timedelta(seconds=float(m.group(1)) * _UNITS[m.group(2)])


def utc_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC to the second, as the log writes it.

    >>> utc_timestamp(datetime(2026, 1, 31, 12, 0, 0, 999, tzinfo=UTC))
    '2026-01-31T12:00:00Z'
    """
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_log_path() -> Path:
    """``$XDG_STATE_HOME/archive/fixity.sqlite``, else ``~/.local/state/archive/fixity.sqlite``."""
    state = os.environ.get("XDG_STATE_HOME", "")
    # The XDG spec says to ignore a relative value.
    base = Path(state) if state and Path(state).is_absolute() else Path.home() / ".local" / "state"
    return base / "archive" / "fixity.sqlite"


@dataclass(frozen=True, slots=True)
class Event:
    """One recorded check (see the module docstring for the fields)."""

    event_id: int
    event_type: str
    event_date_time: str
    event_detail: str
    event_outcome: str
    event_outcome_detail: tuple[dict[str, Any], ...]
    object_identifier: str | None
    object_path: str
    object_digest: str | None
    agent_name: str
    agent_algorithms: tuple[str, ...]
    files: int
    bytes: int
    duration: float

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form with the column names as keys."""
        out = {name: getattr(self, name) for name in self.__slots__}
        out["event_outcome_detail"] = list(self.event_outcome_detail)
        out["agent_algorithms"] = list(self.agent_algorithms)
        return out


def _event(row: sqlite3.Row) -> Event:
    data = dict(row)
    data["event_outcome_detail"] = tuple(json.loads(data["event_outcome_detail"]))
    algorithms = data["agent_algorithms"]
    data["agent_algorithms"] = tuple(algorithms.split(",")) if algorithms else ()
    return Event(**data)


class FixityLog:
    """The audit log at ``path`` (created, with its folder, if missing).

    Raises:
        FixityLogError: the file is not an SQLite database, is a log of a
            newer schema, or cannot be opened or written.
    """

    def __init__(self, path: Path, *, now: Callable[[], datetime] | None = None) -> None:
        self.path = Path(path)
        self._now = now or (lambda: datetime.now(UTC))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # sqlite reports any failure to open or create as "unable to open
            # database file"; opening it ourselves first gets the real reason
            # (read-only file system, permission denied) into the message.
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644))
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise FixityLogError(f"cannot open the fixity log: {reason}", input=self.path) from exc
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise FixityLogError(f"cannot open the fixity log: {exc}", input=self.path) from exc
        self._db.row_factory = sqlite3.Row
        try:
            self._setup()
        except FixityLogError:
            self._db.close()
            raise
        except sqlite3.Error as exc:
            self._db.close()
            raise FixityLogError(f"cannot use the fixity log: {exc}", input=self.path) from exc

    def _setup(self) -> None:
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        with self._transaction():
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if version == 0 and tables == 0:
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            elif version != SCHEMA_VERSION:
                raise FixityLogError(
                    f"is not a fixity log this version of archive can use "
                    f"(schema {version}, expected {SCHEMA_VERSION})",
                    input=self.path,
                )

    def close(self) -> None:
        """Close the database (events are already committed)."""
        self._db.close()

    def __enter__(self) -> FixityLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def record(self, report: BagReport, *, fast: bool = False) -> int:
        """Record the check that gave ``report``, in its own transaction; its event id.

        Raises:
            FixityLogError: the database cannot be written (disk full, locked).
        """
        row = self._row(report, fast)
        try:
            # In autocommit mode one INSERT is one transaction, committed on return.
            cursor = self._db.execute(_INSERT, row)
        except sqlite3.Error as exc:
            raise FixityLogError(f"cannot record a check: {exc}", input=self.path) from exc
        return cursor.lastrowid or 0

    def record_all(self, reports: Sequence[BagReport], *, fast: bool = False) -> list[int]:
        """Record the checks that gave ``reports``, in one transaction; their event ids.

        All or none: the ids are returned once the transaction has
        committed. A commit costs more than the insert itself, so a run
        records the bags that arrive together this way.

        Raises:
            FixityLogError: the database cannot be written (disk full, locked).
        """
        rows = [self._row(report, fast) for report in reports]
        if not rows:
            return []  # no transaction (and no write lock) for nothing
        try:
            with self._transaction():
                return [self._db.execute(_INSERT, row).lastrowid or 0 for row in rows]
        except sqlite3.Error as exc:
            raise FixityLogError(f"cannot record a check: {exc}", input=self.path) from exc

    def _row(self, report: BagReport, fast: bool) -> dict[str, Any]:
        return {
            "event_type": EVENT_TYPE,
            "event_date_time": utc_timestamp(self._now()),
            "event_detail": "fast" if fast else "full",
            "event_outcome": "pass" if report.valid else "fail",
            "event_outcome_detail": issues_json(report.issues),
            "object_identifier": report.identifier,
            "object_path": report.path,
            "object_digest": report.tagmanifest_digest,
            "agent_name": AGENT,
            "agent_algorithms": ",".join(report.algorithms),
            "files": report.files,
            "bytes": report.bytes,
            "duration": round(report.duration, 6),
        }

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:  # a failed COMMIT leaves it open
                with suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
            raise

    def history(self, path: str) -> list[Event]:
        """Every recorded check of the bag at ``path`` (absolute), oldest first."""
        try:
            rows = self._db.execute(
                "SELECT * FROM event WHERE object_path = ? ORDER BY event_id", (path,)
            ).fetchall()
        except sqlite3.Error as exc:
            raise FixityLogError(f"cannot read the log: {exc}", input=self.path) from exc
        return [_event(r) for r in rows]

    def events(self) -> Iterator[Event]:
        """Every event, oldest first."""
        for row in self._db.execute("SELECT * FROM event ORDER BY event_id"):
            yield _event(row)

    def recent_pass(self, path: str, within: timedelta, *, fast: bool = False) -> str | None:
        """When the bag at ``path`` last passed, if a run may skip it now; else None.

        A bag may be skipped when its latest check (of any kind) passed, its
        latest check of the kind asked for (a full one, unless ``fast``)
        passed no longer than ``within`` ago, and its tag manifest digest is
        the one that check saw. A later failure is never skipped over.
        """
        latest = self._latest(path, None)
        if latest is None or latest["event_outcome"] != "pass":
            return None
        wanted = latest if fast else self._latest(path, "full")
        if wanted is None or wanted["event_outcome"] != "pass":
            return None
        when: str = wanted["event_date_time"]
        if when < utc_timestamp(self._now() - within) or not wanted["object_digest"]:
            return None
        return when if tagmanifest_digest(path) == wanted["object_digest"] else None

    def _latest(self, path: str, detail: str | None) -> sqlite3.Row | None:
        query = "SELECT * FROM event WHERE object_path = ?"
        params: tuple[str, ...] = (path,)
        if detail is not None:
            query += " AND event_detail = ?"
            params += (detail,)
        try:
            row: sqlite3.Row | None = self._db.execute(
                query + " ORDER BY event_id DESC LIMIT 1", params
            ).fetchone()
        except sqlite3.Error as exc:
            raise FixityLogError(f"cannot read the log: {exc}", input=self.path) from exc
        return row
