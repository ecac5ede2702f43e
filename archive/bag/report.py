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

import json
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from archive.bag.completeness import check_oxum
from archive.bag.hashing import FileDigest
from archive.bag.work import Digests, Work, compare_digests, judge, short_hex
from archive.validate.issues import Code, Issue, count_by_severity, has_errors, issue

__all__ = [
    "BagPlan",
    "BagReport",
    "FileCheck",
    "Plan",
    "finish",
    "finish_bag",
    "issues_json",
    "issues_json_pieces",
    "json_with_issues",
    "json_with_issues_pieces",
    "short_hex",
]


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
    bagging_date: str | None = None


@dataclass(frozen=True, slots=True)
class BagReport:
    """The outcome of checking one bag: facts about it and every finding.

    ``files``/``bytes`` count the regular files under ``data/``;
    ``tagmanifest_digest`` is ``sha512:<hex>`` of the bytes of the strongest
    tag manifest, which changes whenever any manifest or tag file it covers
    changes, so a later run can tell an unchanged bag. ``identifier`` and
    ``bagging_date`` are the first External-Identifier and Bagging-Date of
    ``bag-info.txt``, as read (None when absent or unreadable).
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
    bagging_date: str | None = None

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


_ISSUE_BLOCK = 4096


def issues_json(issues: Sequence[Issue]) -> str:
    """``json.dumps([i.as_dict() for i in issues], ensure_ascii=False, sort_keys=True)``.

    The same text, built a block of findings at a time: a bag with a
    million findings never has a million dictionaries at once.

    >>> issues_json([issue(Code.F001, "data/a")])[:30]
    '[{"code": "F001", "message": "'
    """
    return "".join(issues_json_pieces(issues))


def issues_json_pieces(issues: Sequence[Issue]) -> Iterator[str]:
    """:func:`issues_json` in pieces of a block of findings each, to write as they come."""
    if len(issues) <= _ISSUE_BLOCK:
        yield _dumps([i.as_dict() for i in issues])
        return
    yield "["
    for start in range(0, len(issues), _ISSUE_BLOCK):
        block = _dumps([i.as_dict() for i in issues[start : start + _ISSUE_BLOCK]])[1:-1]
        yield ", " + block if start else block
    yield "]"


def json_with_issues(record: dict[str, Any], key: str, issues: Sequence[Issue]) -> str:
    """``json.dumps(record)`` (sorted keys, no ASCII escapes) with ``key`` set to the findings.

    As :func:`issues_json` builds the findings' part, a block at a time.

    >>> json_with_issues({"b": 1, "a": "x"}, "issues", [])
    '{"a": "x", "b": 1, "issues": []}'
    """
    return "".join(json_with_issues_pieces(record, key, issues))


def json_with_issues_pieces(
    record: dict[str, Any], key: str, issues: Sequence[Issue]
) -> Iterator[str]:
    """:func:`json_with_issues` in pieces, the findings a block at a time."""
    yield "{"
    for n, k in enumerate(sorted({*record, key})):
        yield (", " if n else "") + _dumps(k) + ": "
        if k == key:
            yield from issues_json_pieces(issues)
        else:
            yield _dumps(record[k])
    yield "}"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


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
    pairs = sorted(check.expected.items())
    return compare_digests(check.relpath, [(a, e, result.digests.get(a)) for a, e in pairs])


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
    return _report(plan, plan.bytes, found)


def _report(plan: BagPlan | Plan, size: int, found: list[Issue]) -> BagReport:
    """The report of a judged plan: its facts, ``size`` payload bytes and the findings sorted."""
    return BagReport(
        path=plan.path,
        version=plan.version,
        identifier=plan.identifier,
        algorithms=plan.algorithms,
        files=plan.files,
        bytes=size,
        tagmanifest_digest=plan.tagmanifest_digest,
        issues=sort_issues(found),
        duration=max(0.0, time.monotonic() - plan.started) if plan.started else 0.0,
        bagging_date=plan.bagging_date,
    )


@dataclass(slots=True)
class Plan:
    """What :class:`BagPlan` says, in the compact form a fixity run passes around.

    No object per file: the hashing is a :class:`~archive.bag.work.Work`.
    ``payload_bytes`` is None when the walk did not ``lstat`` the payload;
    its size then comes from hashing (the ``hashed`` payload files) plus
    ``unhashed_bytes`` for the others, and :func:`finish` compares it with
    the Payload-Oxum values in ``info``; otherwise ``sizes`` has the size of
    each file to hash. ``cache`` holds the tag files read
    while planning, hashed from memory rather than read again (not sent
    between processes).
    """

    path: str
    version: str | None = None
    identifier: str | None = None
    bagging_date: str | None = None
    algorithms: tuple[str, ...] = ()
    tagmanifest_digest: str | None = None
    issues: list[Issue] = field(default_factory=list)
    work: Work = field(default_factory=Work)
    files: int = 0
    payload_bytes: int | None = 0
    info: list[tuple[str, str]] = field(default_factory=list)
    hashed: list[str] = field(default_factory=list)
    unhashed_bytes: int = 0
    sizes: dict[str, int] = field(default_factory=dict)
    fast: bool = False
    started: float = 0.0
    cache: dict[str, bytes] = field(default_factory=dict)

    def public(self, sizes: dict[str, int]) -> BagPlan:
        """The :class:`BagPlan`, with a :class:`FileCheck` per file (``sizes`` from the walk)."""
        self.work.settle()
        expected = self.work.expected
        by_path: dict[str, dict[str, str]] = {}
        for alg, table in expected.items():
            for path, digest in table.items():
                by_path.setdefault(path, {})[alg] = digest
        payload = sorted(p for p in by_path if p.startswith("data/"))
        tags = sorted(p for p in by_path if not p.startswith("data/"))
        checks = [FileCheck(p, sizes[p], by_path[p], "payload") for p in payload]
        checks += [FileCheck(p, sizes[p], by_path[p], "tag") for p in tags]
        return BagPlan(
            path=self.path,
            version=self.version,
            identifier=self.identifier,
            algorithms=self.algorithms,
            files=self.files,
            bytes=self.payload_bytes or 0,
            tagmanifest_digest=self.tagmanifest_digest,
            checks=tuple(checks),
            issues=tuple(self.issues),
            fast=self.fast,
            started=self.started,
            bagging_date=self.bagging_date,
        )


def finish(plan: Plan, got: Digests) -> BagReport:
    """Judge the digests ``got`` against ``plan`` and build the report (as :func:`finish_bag`).

    Args:
        plan: what :func:`archive.bag.checker.make_plan` returned.
        got: the results of hashing ``plan.work`` (more files do no harm).
    """
    found = [*plan.issues, *judge(plan.work, got)]
    size = plan.payload_bytes
    if size is None:
        size = plan.unhashed_bytes + _hashed_size(plan, got)
        check_oxum(plan.info, (size, plan.files), found)
    return _report(plan, size, found)


def _hashed_size(plan: Plan, got: Digests) -> int:
    sizes, matched = got.sizes, got.matched
    hashed = [p for p in plan.hashed if p not in matched] if matched else plan.hashed
    try:
        return got.matched_bytes + sum(map(sizes.__getitem__, hashed))
    except KeyError:
        pass  # a file could not be read: its size on disk, as a walk would give it
    total = got.matched_bytes
    for path in hashed:
        size = sizes.get(path)
        if size is None:
            try:
                size = os.lstat(f"{plan.path}/{path}").st_size
            except OSError:
                size = 0
        total += size
    return total
