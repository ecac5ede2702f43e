"""The values a bag check passes between its three steps, and its final report.

A check is split so that a fixity run can spread the hashing over processes:

1. :func:`archive.bag.checker.plan_bag` reads the tag files and walks the bag
   (cheap, in the calling process) and returns a :class:`BagPlan`: every
   structure and completeness finding, plus one :class:`FileCheck` per file
   whose digests must be verified;
2. :func:`archive.bag.hashing.hash_file` runs once per ``FileCheck``, in any
   process, and returns a :class:`~archive.bag.hashing.FileDigest`;
3. :func:`finish_bag` compares the digests and builds the :class:`BagReport`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from archive.bag.hashing import FileDigest
from archive.validate.issues import Code, Issue, count_by_severity, has_errors, issue

__all__ = ["BagPlan", "BagReport", "FileCheck", "finish_bag", "short_hex"]


@dataclass(frozen=True, slots=True)
class FileCheck:
    """A file to hash: its bag-relative path, size on disk and expected digests by algorithm."""

    relpath: str
    size: int
    expected: dict[str, str]
    kind: str = "payload"


@dataclass(frozen=True, slots=True)
class BagPlan:
    """Everything known about a bag before hashing, and the hashing still to do."""

    path: str
    version: str | None
    identifier: str | None
    algorithms: tuple[str, ...]
    files: int
    bytes: int
    tagmanifest_digest: str | None
    checks: tuple[FileCheck, ...]
    issues: tuple[Issue, ...]
    fast: bool = False
    started: float = 0.0


@dataclass(frozen=True, slots=True)
class BagReport:
    """The outcome of checking one bag: facts about it and every finding.

    ``files``/``bytes`` count the regular files under ``data/``;
    ``tagmanifest_digest`` is ``sha512:<hex>`` of the bytes of the strongest
    tag manifest, which changes whenever any manifest or tag file it covers
    changes, so a later run can tell an unchanged bag.
    """

    path: str
    version: str | None
    identifier: str | None
    algorithms: tuple[str, ...]
    files: int
    bytes: int
    tagmanifest_digest: str | None
    issues: tuple[Issue, ...]
    duration: float

    @property
    def valid(self) -> bool:
        """True when no finding is an error (warnings allowed)."""
        return not has_errors(self.issues)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form of the report."""
        return {
            "path": self.path,
            "valid": self.valid,
            "version": self.version,
            "identifier": self.identifier,
            "algorithms": list(self.algorithms),
            "files": self.files,
            "bytes": self.bytes,
            "tagmanifest_digest": self.tagmanifest_digest,
            "duration": round(self.duration, 6),
            "counts": dict(count_by_severity(self.issues)),
            "issues": [i.as_dict() for i in self.issues],
        }


def short_hex(digest: str) -> str:
    """The first 8 hex digits and an ellipsis, for messages.

    >>> short_hex("1a2b3c4d5e6f")
    '1a2b3c4d…'
    """
    return digest[:8] + "…" if len(digest) > 8 else digest


def sort_issues(issues: Iterable[Issue]) -> tuple[Issue, ...]:
    """Findings in a stable order: by place, then code, then message."""
    return tuple(sorted(issues, key=lambda i: (i.where, i.code.value, i.message)))


def _merge(results: Iterable[FileDigest]) -> dict[str, FileDigest]:
    merged: dict[str, FileDigest] = {}
    for r in results:
        old = merged.get(r.relpath)
        if old is None or r.error is not None:
            merged[r.relpath] = r
        elif old.error is None:
            merged[r.relpath] = FileDigest(r.relpath, r.size, {**old.digests, **r.digests})
    return merged


def _compare(check: FileCheck, result: FileDigest | None) -> list[Issue]:
    if result is None:
        return [issue(Code.F004, check.relpath, "was not checked: no digest came back")]
    if result.error is not None:
        return [issue(Code.F004, check.relpath, f"cannot be read: {result.error}")]
    found = []
    for alg, expected in sorted(check.expected.items()):
        actual = result.digests.get(alg)
        if actual is None:
            found.append(issue(Code.F004, check.relpath, f"was not hashed with {alg}"))
        elif actual != expected:
            found.append(
                issue(
                    Code.F002,
                    check.relpath,
                    f"content changed: {alg} expected {short_hex(expected)} "
                    f"found {short_hex(actual)}",
                    algorithm=alg,
                    expected=expected,
                    actual=actual,
                )
            )
    return found


def finish_bag(plan: BagPlan, results: Iterable[FileDigest]) -> BagReport:
    """Compare the digests of ``results`` with ``plan`` and build the report.

    Args:
        plan: what :func:`archive.bag.checker.plan_bag` returned.
        results: one :class:`FileDigest` per ``plan.checks`` entry, any order.
    """
    merged = _merge(results)
    found = list(plan.issues)
    for check in plan.checks:
        found.extend(_compare(check, merged.get(check.relpath)))
    return BagReport(
        path=plan.path,
        version=plan.version,
        identifier=plan.identifier,
        algorithms=plan.algorithms,
        files=plan.files,
        bytes=plan.bytes,
        tagmanifest_digest=plan.tagmanifest_digest,
        issues=sort_issues(found),
        duration=max(0.0, time.monotonic() - plan.started) if plan.started else 0.0,
    )
