"""Fixity runs over whole collections of bags, with a report and an audit log.

Public surface::

    run_fixity(paths, workers=0, fast=False, skip=None, tally=None) -> Iterator[BagReport | Skipped]
    iter_bags(paths) -> Iterator[str] ; count_bags(paths) -> int ; check_paths(paths)
    FixityLog(path): .record(report), .record_all(reports), .history(path) ; Event
    default_log_path() -> Path ; parse_age("90d") -> timedelta
    ReportWriter(path) ; Summary() ; bag_record(outcome) -> dict

The checking itself is :func:`archive.bag.check_bag`'s, spread over processes:
a bag is reported exactly as ``archive validate`` reports its BagIt part.
"""

from __future__ import annotations

from archive.fixity.log import Event, FixityLog, default_log_path, parse_age
from archive.fixity.report import ReportWriter, Summary, bag_record
from archive.fixity.runner import (
    Skipped,
    Tally,
    check_paths,
    count_bags,
    default_workers,
    iter_bags,
    run_fixity,
)

__all__ = [
    "Event",
    "FixityLog",
    "ReportWriter",
    "Skipped",
    "Summary",
    "Tally",
    "bag_record",
    "check_paths",
    "count_bags",
    "default_log_path",
    "default_workers",
    "iter_bags",
    "parse_age",
    "run_fixity",
]
