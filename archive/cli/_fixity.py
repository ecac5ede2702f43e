"""``archive fixity``: fixity runs over collections of bags, and the history of a bag."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Any

from archive.bag import BagReport
from archive.cli._output import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    Output,
    add_common_options,
    format_bytes,
    format_duration,
)
from archive.errors import FixityLogError, FixityRunError, InputError, UsageError
from archive.fixity import (
    FixityLog,
    ReportWriter,
    Skipped,
    Summary,
    Tally,
    check_paths,
    count_bags,
    default_log_path,
    parse_age,
    run_fixity,
)
from archive.fixity.log import Event
from archive.fixity.report import record_pieces

# At most this many outcomes are gathered before they are recorded.
_KEEP_AT_ONCE = 256

_DESCRIPTION = """\
Check the fixity of every bag under each PATH (a folder holding bagit.txt is a
bag; a bag inside a bag's data/ is payload). Each bag is validated completely,
as RFC 8493 says: bagit.txt, every payload and tag manifest, every file
present and listed, Payload-Oxum; every problem of every bag is reported. Any
BagIt bag (1.0, 0.97 and older), not only those archive writes.

Every check is recorded in an audit log (SQLite, PREMIS-style events); by
default $XDG_STATE_HOME/archive/fixity.sqlite, else
~/.local/state/archive/fixity.sqlite. `archive fixity history BAG` prints a
bag's checks (to check a folder named "history", write ./history).

Exit status: 0 every bag valid, 1 a bag is invalid, 2 usage or input error or
a run that could not finish, 130 interrupted (what was checked is kept in the
log and the report).
"""


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "fixity",
        help="check the fixity of every bag under folders, with a report and a log",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        usage="%(prog)s PATH... [options]\n       %(prog)s history BAG [--log DB] [--json]",
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="folders holding bags")
    p.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="worker processes (default: one per CPU)",
    )
    p.add_argument(
        "--fast",
        action="store_true",
        help="structure, completeness and Payload-Oxum only: no file is read (quick sweeps)",
    )
    p.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="write a JSON Lines report: one object per bag, written as each bag is done",
    )
    p.add_argument(
        "--log",
        type=Path,
        metavar="DB",
        help=f"the audit log (default: {_display(default_log_path())})",
    )
    p.add_argument("--no-log", action="store_true", help="record nothing in the audit log")
    p.add_argument(
        "--since",
        metavar="AGE",
        help="skip bags whose last check passed within AGE (90d, 12h, 30m, 2w) and whose "
        "manifests are unchanged: how a schedule or an interrupted run resumes",
    )
    add_common_options(p)
    p.set_defaults(handler=run)


def _display(path: Path) -> str:
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home) :] if text.startswith(home + os.sep) else text


def run(args: argparse.Namespace, out: Output) -> int:
    if args.paths[0].as_posix() == "history":
        return _history(args, out)
    if args.workers < 0:
        raise UsageError("--workers must be 0 (one per CPU) or more")
    if args.no_log and args.log:
        raise UsageError("--log and --no-log contradict each other")
    within = parse_age(args.since) if args.since else None
    if within is not None and args.no_log:
        raise UsageError("--since reads the audit log; it cannot go with --no-log")
    # Counting every bag first only serves the progress display; a script
    # gets the same path errors, up front, from a search that stops at the
    # first bag of each path.
    if out.interactive and not out.json:
        tally = Tally(bags_total=count_bags(args.paths))
    else:
        check_paths(args.paths)
        tally = Tally()
    log = None if args.no_log else FixityLog(args.log or default_log_path())
    try:
        report = ReportWriter(args.report) if args.report else None
        try:
            skip = None
            if within is not None and log is not None:
                skip = _skipper(log, within, args.fast)
            code = _check(args, out, tally, log, report, skip)
        finally:
            if report is not None:
                report.close()
    finally:
        if log is not None:
            log.close()
    return code


def _skipper(log: FixityLog, within: timedelta, fast: bool) -> Callable[[str], str | None]:
    def skip(path: str) -> str | None:
        return log.recent_pass(path, within, fast=fast)

    return skip


def _check(
    args: argparse.Namespace,
    out: Output,
    tally: Tally,
    log: FixityLog | None,
    report: ReportWriter | None,
    skip: Callable[[str], str | None] | None,
) -> int:
    summary = Summary()
    progress = _Progress(out, tally)
    started = time.monotonic()
    stopped: str | None = None
    code = EXIT_OK
    try:
        outcomes = run_fixity(
            args.paths,
            workers=args.workers,
            fast=args.fast,
            skip=skip,
            tally=tally,
            progress=progress.draw,
        )
        with _sigterm_interrupts(), contextlib.closing(outcomes):
            # The outcomes a worker sent back together are kept together:
            # one log transaction, then their report lines.
            held: list[BagReport | Skipped] = []
            try:
                for outcome in outcomes:
                    held.append(outcome)
                    if not tally.waiting or len(held) >= _KEEP_AT_ONCE:
                        _keep(held, log, report, out, summary, fast=args.fast)
                        progress.draw(tally)
            finally:
                _keep(held, log, report, out, summary, fast=args.fast)
    except KeyboardInterrupt:
        stopped, code = "interrupted", 130
    except (FixityRunError, FixityLogError, InputError) as exc:
        stopped, code = str(exc), EXIT_USAGE
    finally:
        progress.close()
    _summarise(out, summary, time.monotonic() - started, stopped, log, report)
    if stopped is not None:
        return code
    return EXIT_INVALID if summary.failed else EXIT_OK


def _keep(
    held: list[BagReport | Skipped],
    log: FixityLog | None,
    report: ReportWriter | None,
    out: Output,
    summary: Summary,
    *,
    fast: bool,
) -> None:
    """Record ``held`` in the log, then write their report lines; empty ``held`` first.

    Emptied first, so that an error half-way (a full disk) never records a
    bag twice. Ctrl-C and SIGTERM wait until this is done, so that the log
    and the report keep the same bags.
    """
    outcomes = held[:]
    held.clear()
    if not outcomes:
        return
    with _signals_held():
        if log is not None:
            log.record_all([o for o in outcomes if isinstance(o, BagReport)], fast=fast)
        for outcome in outcomes:
            _write_record(outcome, report, out)
            summary.add(outcome)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM are delivered after the block (in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _write_record(outcome: BagReport | Skipped, report: ReportWriter | None, out: Output) -> None:
    """The bag's JSON line to the report and (with --json) to stdout, written as it is made.

    A bag with a million problems is never one string, let alone one per reader.
    """
    if report is None and not out.json:
        return
    pieces = record_pieces(outcome)
    if out.json:
        pieces = _echo(pieces, out.stdout.write)
    if report is not None:
        report.write(outcome, pieces=pieces)
    else:
        for _ in pieces:
            pass
    if out.json:
        out.stdout.write("\n")


def _echo(pieces: Iterator[str], write: Callable[[str], object]) -> Iterator[str]:
    for piece in pieces:
        write(piece)
        yield piece


def _summarise(
    out: Output,
    summary: Summary,
    elapsed: float,
    stopped: str | None,
    log: FixityLog | None,
    report: ReportWriter | None,
) -> None:
    for line in summary.failure_lines():
        out.line(line)
    for line in summary.warning_lines():
        out.warn(line)
    out.line(summary.totals_line(elapsed))
    if stopped is not None:
        kept = [str(x.path) for x in (log, report) if x is not None]
        where = f"; the bags checked are in {' and '.join(kept)}" if kept else ""
        out.error(f"the run stopped before the end: {stopped}{where}")


@contextlib.contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """SIGTERM (a scheduler stopping the job) stops the run as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Progress:
    """``bags 12/1,000 · 7,200 files · 1.4 GiB · 512 MiB/s · 2m10s left`` on a terminal."""

    def __init__(self, out: Output, tally: Tally) -> None:
        self.out = out
        self.tally = tally
        self.enabled = out.interactive and not out.json
        self.started = time.monotonic()
        self.last = 0.0

    def draw(self, tally: Tally) -> None:
        now = time.monotonic()
        if not self.enabled or now - self.last < 0.2:
            return
        self.last = now
        elapsed = now - self.started
        done = tally.bytes + tally.partial_bytes
        total = f"/{tally.bags_total:,}" if tally.bags_total else ""
        parts = [
            f"bags {tally.bags_done:,}{total}",
            f"{tally.files + tally.partial_files:,} files",
            format_bytes(done),
        ]
        if elapsed > 0:
            parts.append(f"{format_bytes(done / elapsed)}/s")
        fraction = tally.fraction
        if fraction and fraction < 1:
            parts.append(f"{format_duration(elapsed * (1 - fraction) / fraction)} left")
        self.out.stderr.write("\r\x1b[K" + " · ".join(parts))
        self.out.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.last:
            self.out.stderr.write("\r\x1b[K")
            self.out.stderr.flush()


def _history(args: argparse.Namespace, out: Output) -> int:
    rest = args.paths[1:]
    if len(rest) != 1:
        raise UsageError("usage: archive fixity history BAG [--log DB] [--json]")
    if args.no_log:
        raise UsageError("history reads the audit log; it cannot go with --no-log")
    path = os.path.normpath(rest[0].absolute())
    log_path = args.log or default_log_path()
    if not log_path.is_file():
        raise InputError("no fixity log here (no bag has been checked yet?)", input=log_path)
    with FixityLog(log_path) as log:
        events = log.history(path)
    out.emit({"path": path, "events": [e.as_dict() for e in events]})
    if not events:
        out.line(f"{path}: no check recorded in {log_path}")
        return EXIT_INVALID
    latest = events[-1]
    name = f" ({latest.object_identifier})" if latest.object_identifier else ""
    out.line(f"{path}{name}: {len(events)} check(s)")
    for event in events:
        _history_lines(out, event)
    return EXIT_OK


def _history_lines(out: Output, e: Event) -> None:
    digest = e.object_digest[:15] + "…" if e.object_digest else "no tag manifest"
    problems = [p for p in e.event_outcome_detail if p.get("severity") != "info"]
    out.line(
        f"  #{e.event_id} {e.event_date_time}  {e.event_outcome:4}  {e.event_detail}  "
        f"{','.join(e.agent_algorithms) or '-'}  {e.agent_name}  {e.files:,} files  "
        f"{format_bytes(e.bytes)}  {digest}  {len(problems)} problem(s)"
    )
    for p in problems:
        out.line(f"      {p['code']} {p['severity']}: {p['where']}: {p['message']}")
