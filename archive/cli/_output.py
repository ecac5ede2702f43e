"""Output for the CLI: human text or JSON, warnings, errors and progress."""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TextIO

from archive.errors import ArchiveError, ImageError, MetadataError, ParseError
from archive.validate.issues import Issue

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """The options every command has."""
    parser.add_argument("--json", action="store_true", help="write machine-readable JSON to stdout")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress display and no warnings"
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="log what happens (-vv for more)"
    )


@dataclass
class Output:
    """Where a command writes: results to stdout, everything else to stderr."""

    stdout: TextIO
    stderr: TextIO
    json: bool = False
    quiet: bool = False

    def line(self, text: str = "") -> None:
        """A line of human output (suppressed in --json mode)."""
        if not self.json:
            self.stdout.write(text + "\n")

    def emit(self, obj: Any) -> None:
        """One JSON document on stdout (only in --json mode)."""
        if self.json:
            self.stdout.write(json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n")

    def warn(self, text: str) -> None:
        if not self.quiet:
            self.stderr.write(f"archive: warning: {text}\n")

    def error(self, text: str) -> None:
        self.stderr.write(f"archive: error: {text}\n")

    @property
    def interactive(self) -> bool:
        """Progress is drawn only for a person at a terminal."""
        isatty = getattr(self.stderr, "isatty", None)
        return not self.quiet and bool(isatty and isatty())

    def progress(self, total: int | None, unit: str) -> Progress:
        return Progress(self.stderr, total=total, unit=unit, enabled=self.interactive)


def report_error(out: Output, exc: ArchiveError) -> None:
    """Say what went wrong with which input, in words and (with --json) as data."""
    out.error(str(exc))
    if isinstance(exc, MetadataError):
        for issue in exc.issues[:20]:
            out.stderr.write(f"  {issue}\n")
    out.emit({"ok": False, "error": error_dict(exc)})


def error_dict(exc: ArchiveError) -> dict[str, Any]:
    """An error as JSON-ready data (the same shape wherever errors are reported)."""
    data: dict[str, Any] = {"type": type(exc).__name__, "message": exc.message, "input": exc.input}
    if isinstance(exc, ParseError):
        data["line"], data["column"] = exc.line, exc.column
    if isinstance(exc, ImageError):
        data["tried"] = list(exc.tried)
    if isinstance(exc, MetadataError):
        data["issues"] = [i.as_dict() for i in exc.issues]
    return data


def issues_text(issues: Iterable[Issue]) -> list[str]:
    return [f"  {i}" for i in issues]


@dataclass
class Progress:
    """A one-line progress display on a terminal; silent otherwise."""

    stream: TextIO
    total: int | None
    unit: str
    enabled: bool
    done: int = 0
    extra: str = ""
    _start: float = field(default_factory=time.monotonic)
    _last_draw: float = 0.0

    def advance(self, n: int = 1, *, extra: str = "") -> None:
        self.done += n
        self.extra = extra
        now = time.monotonic()
        if self.enabled and (now - self._last_draw > 0.1 or self.done == self.total):
            self._last_draw = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = now - self._start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        text = f"{self.done}"
        if self.total:
            text += f"/{self.total} {self.unit} {100 * self.done // self.total}%"
            if rate > 0 and self.done < self.total:
                text += f", {format_duration((self.total - self.done) / rate)} left"
        else:
            text += f" {self.unit}"
        if self.extra:
            text += f" {self.extra}"
        self.stream.write("\r\x1b[K" + text)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._last_draw:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def format_duration(seconds: float) -> str:
    """Short human form of a duration.

    >>> format_duration(75)
    '1m15s'
    >>> format_duration(3.2)
    '3.2s'
    """
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def format_bytes(n: float) -> str:
    """Human form of a byte count.

    >>> format_bytes(1536)
    '1.5 KiB'
    """
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(n) < 1024 or unit == "TiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")
