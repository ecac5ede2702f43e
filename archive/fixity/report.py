"""What a fixity run reports: one JSON object per bag, and a summary a person reads.

The JSON Lines report is written as the run goes, one line per bag as soon as
its outcome is known, each line in one ``write`` to an unbuffered file: a run
that is interrupted or crashes keeps every bag it finished, and at worst the
last line is cut short (JSON Lines readers skip it).

A line::

    {"path": "/bags/a", "identifier": "urn:x", "outcome": "fail", "files": 6,
     "bytes": 1228800, "duration": 0.004, "version": "1.0",
     "algorithms": ["sha512"], "tagmanifest_digest": "sha512:...",
     "problems": [{"code": "F002", "severity": "error", "where": "data/a.jpg",
                   "message": "...", "algorithm": "sha512", "expected": "...",
                   "actual": "..."}]}

``outcome`` is ``pass`` (no error; ``problems`` may hold warnings), ``fail``
or ``skipped`` (with ``last_check``, the time of the check that let it be
skipped). The summary keeps the details of at most :data:`LISTED` bags, so
its memory does not grow with the collection; the report and the log have
them all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.bag import BagReport
from archive.bag.report import json_with_issues_pieces
from archive.errors import InputError
from archive.fixity.runner import Skipped
from archive.validate.issues import Issue, Severity

__all__ = ["LISTED", "ReportWriter", "Summary", "bag_record"]

LISTED = 100  # bags whose problems the summary lists
PROBLEMS_LISTED = 20  # problems listed per bag
_MANY_PROBLEMS = 4096  # a bag with more has its line built a block at a time
_PIECE = 16 << 20  # characters of a line encoded and written at a time


def bag_record(outcome: BagReport | Skipped, *, problems: bool = True) -> dict[str, Any]:
    """The JSON Lines object for one bag's outcome (``problems``: with its findings)."""
    if isinstance(outcome, Skipped):
        return {"path": outcome.path, "outcome": "skipped", "last_check": outcome.last_check}
    record: dict[str, Any] = {
        "path": outcome.path,
        "identifier": outcome.identifier,
        "outcome": "pass" if outcome.valid else "fail",
        "files": outcome.files,
        "bytes": outcome.bytes,
        "duration": round(outcome.duration, 6),
        "version": outcome.version,
        "algorithms": list(outcome.algorithms),
        "tagmanifest_digest": outcome.tagmanifest_digest,
    }
    if problems:
        record["problems"] = [i.as_dict() for i in outcome.issues]
    return record


def record_line(outcome: BagReport | Skipped) -> str:
    """:func:`bag_record` as one line of JSON (no line break)."""
    return "".join(record_pieces(outcome))


def record_pieces(outcome: BagReport | Skipped) -> Iterator[str]:
    """:func:`record_line` in pieces: a bag may have a million problems, never all as objects."""
    if isinstance(outcome, Skipped) or len(outcome.issues) <= _MANY_PROBLEMS:
        yield json.dumps(bag_record(outcome), ensure_ascii=False, sort_keys=True)
        return
    record = bag_record(outcome, problems=False)
    yield from json_with_issues_pieces(record, "problems", outcome.issues)


class ReportWriter:
    """A JSON Lines report at ``path``, replaced if it exists; each line is written at once.

    Raises:
        InputError: the file cannot be created or written.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)
        try:
            self._fd = os.open(self.path, flags, 0o644)
        except OSError as exc:
            raise InputError(
                f"cannot write the report: {exc.strerror or exc}", input=self.path
            ) from exc

    def write(self, outcome: BagReport | Skipped, *, pieces: Iterable[str] | None = None) -> None:
        """Append one bag's line (in one write unless it is very long).

        ``pieces``: the outcome's :func:`record_pieces`, when another
        reader takes them too.
        """
        pending: list[str] = []
        size = 0
        for piece in record_pieces(outcome) if pieces is None else pieces:
            pending.append(piece)
            size += len(piece)
            if size >= _PIECE:
                self._write("".join(pending))
                pending, size = [], 0
        pending.append("\n")
        self._write("".join(pending))

    def _write(self, text: str) -> None:
        try:
            view = memoryview(text.encode("utf-8"))
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError as exc:
            raise InputError(
                f"cannot write the report: {exc.strerror or exc}", input=self.path
            ) from exc

    def close(self) -> None:
        """Close the file."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(slots=True)
class _Listed:
    path: str
    identifier: str | None
    issues: tuple[Issue, ...]


@dataclass(slots=True)
class Summary:
    """Counts over a run, and the problems of the first :data:`LISTED` bags that have any."""

    passed: int = 0
    failed: int = 0
    skipped: int = 0
    warned: int = 0
    files: int = 0
    bytes: int = 0
    failures: list[_Listed] = field(default_factory=list)
    warnings: list[_Listed] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return self.passed + self.failed

    def add(self, outcome: BagReport | Skipped) -> None:
        """Count one bag's outcome."""
        if isinstance(outcome, Skipped):
            self.skipped += 1
            return
        self.files += outcome.files
        self.bytes += outcome.bytes
        if outcome.valid:
            self.passed += 1
        else:
            self.failed += 1
            if len(self.failures) < LISTED:
                errors = tuple(i for i in outcome.issues if i.is_error)
                self.failures.append(_Listed(outcome.path, outcome.identifier, errors))
        warnings = tuple(i for i in outcome.issues if i.level is Severity.WARNING)
        if warnings:
            self.warned += 1
            if len(self.warnings) < LISTED:
                self.warnings.append(_Listed(outcome.path, outcome.identifier, warnings))

    def failure_lines(self) -> list[str]:
        """Each invalid bag (up to :data:`LISTED`) with its errors."""
        lines = []
        for bag in self.failures:
            name = f" ({bag.identifier})" if bag.identifier else ""
            lines.append(f"INVALID {bag.path}{name}: {_count(len(bag.issues), 'error')}")
            lines += [f"  {i}" for i in bag.issues[:PROBLEMS_LISTED]]
            if len(bag.issues) > PROBLEMS_LISTED:
                lines.append(
                    f"  ... and {len(bag.issues) - PROBLEMS_LISTED} more "
                    "(all are in --report and in 'archive fixity history')"
                )
        if self.failed > len(self.failures):
            lines.append(f"... and {self.failed - len(self.failures)} more invalid bags")
        return lines

    def warning_lines(self) -> list[str]:
        """``PATH: finding`` for each warning of the first :data:`LISTED` bags with any."""
        lines = [f"{bag.path}: {i}" for bag in self.warnings for i in bag.issues]
        if self.warned > len(self.warnings):
            lines.append(f"... and {self.warned - len(self.warnings)} more bags with warnings")
        return lines

    def totals_line(self, elapsed: float) -> str:
        """One line: what was checked, how fast, and the verdict."""
        rate = f", {format_bytes(self.bytes / elapsed)}/s" if elapsed > 0 and self.bytes else ""
        text = (
            f"checked {_count(self.checked, 'bag')} ({_count(self.files, 'file')}, "
            f"{format_bytes(self.bytes)}) in {format_duration(elapsed)}{rate}: "
            f"{self.passed} valid, {self.failed} invalid"
        )
        if self.skipped:
            text += f", {self.skipped} skipped (checked recently)"
        if self.warned:
            text += f", {_count(self.warned, 'bag')} with warnings"
        return text

    def as_dict(self, elapsed: float) -> dict[str, Any]:
        """The counts as JSON-ready data."""
        return {
            "checked": self.checked,
            "valid": self.passed,
            "invalid": self.failed,
            "skipped": self.skipped,
            "with_warnings": self.warned,
            "files": self.files,
            "bytes": self.bytes,
            "seconds": round(elapsed, 3),
        }


def _count(n: int, noun: str) -> str:
    """``1 bag``, ``2 bags``, with thousands separated.

    >>> _count(1, "bag"), _count(12000, "file")
    ('1 bag', '12,000 files')
    """
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def format_bytes(n: float) -> str:
    """Bytes in binary units.

    >>> format_bytes(512), format_bytes(1536), format_bytes(3 * 2**30)
    ('512 B', '1.5 KiB', '3.0 GiB')
    """
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def format_duration(seconds: float) -> str:
    """A short duration.

    >>> format_duration(3.25), format_duration(75), format_duration(7300)
    ('3.2s', '1m15s', '2h01m')
    """
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"
