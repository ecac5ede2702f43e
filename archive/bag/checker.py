"""Checking a bag, ours or anyone's, completely: every problem, never just the first.

:func:`check_bag` is :func:`plan_bag`, then :func:`~archive.bag.hashing.hash_file`
for each planned file, then :func:`~archive.bag.report.finish_bag`; a
parallel runner calls the same three with the hashing spread over processes.

Findings never raise. A path that is not a folder, or a folder without
``bagit.txt``, is the finding B001 like any other; the caller decides what
it means. Nothing is fetched, no link is followed, no path from a manifest
is opened unless the walk of the bag found a regular file under that name.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archive.bag.completeness import (
    Manifest,
    Resolver,
    check_fetch,
    check_oxum,
    check_payload,
    check_tags,
)
from archive.bag.hashing import (
    ALGORITHMS,
    STRENGTH,
    WEAK_ALGORITHMS,
    describe_os_error,
    digest_length,
    hash_file,
    read_beneath,
)
from archive.bag.inventory import Inventory, is_junk, walk
from archive.bag.manifest import manifest_name, parse_manifest
from archive.bag.report import BagPlan, BagReport, FileCheck, finish_bag
from archive.bag.tagfiles import (
    Declaration,
    decode_tag_file,
    parse_declaration,
    parse_fetch,
    parse_tag_file,
)
from archive.errors import UsageError
from archive.validate.issues import Code, Issue, Severity, issue

__all__ = ["check_bag", "plan_bag", "read_bag_info", "read_tag_info", "tagmanifest_digest"]

TAG_FILE_LIMIT = 512 << 20


@dataclass(slots=True)
class _State:
    """What planning has learnt so far about one bag."""

    root: str
    inv: Inventory
    decl: Declaration
    issues: list[Issue] = field(default_factory=list)
    info: list[tuple[str, str]] = field(default_factory=list)

    @property
    def legacy(self) -> bool:
        return self.decl.rules < (1, 0)

    def read_text(self, name: str) -> str | None:
        """A tag file's text in the declared encoding, or None (with a finding)."""
        try:
            data = read_beneath(self.root, name, TAG_FILE_LIMIT)
        except OSError as exc:
            self.issues.append(issue(Code.B010, name, f"cannot be read: {describe_os_error(exc)}"))
            return None
        text, found = decode_tag_file(data, self.decl.encoding, name)
        self.issues.extend(found)
        return text


def _strength(alg: str) -> tuple[int, str]:
    return (STRENGTH.index(alg) if alg in STRENGTH else len(STRENGTH), alg)


def _not_a_bag(root: str, message: str, started: float) -> BagPlan:
    return BagPlan(
        path=root,
        version=None,
        identifier=None,
        algorithms=(),
        files=0,
        bytes=0,
        tagmanifest_digest=None,
        checks=(),
        issues=(issue(Code.B001, root, message),),
        started=started,
    )


def _declaration(root: str, inv: Inventory, issues: list[Issue]) -> Declaration:
    if "bagit.txt" not in inv.files:
        text = "is a symbolic link" if "bagit.txt" in inv.symlinks else "is missing"
        issues.append(issue(Code.B001, "bagit.txt", f"{text}; checked as a BagIt 1.0 bag"))
        return Declaration(None, None, "utf-8")
    try:
        data = read_beneath(root, "bagit.txt", 1 << 16)
    except OSError as exc:
        issues.append(issue(Code.B002, "bagit.txt", f"cannot be read: {describe_os_error(exc)}"))
        return Declaration(None, None, "utf-8")
    decl, found = parse_declaration(data)
    issues.extend(found)
    return decl


def _structure(state: _State) -> None:
    inv, issues = state.inv, state.issues
    for path in inv.symlinks:
        issues.append(issue(Code.B017, path, "is a symbolic link; it was not followed or read"))
    for path in inv.specials:
        issues.append(issue(Code.F004, path, "is not a regular file (a device, pipe or socket)"))
    for path, reason in inv.unreadable:
        issues.append(issue(Code.F004, path, f"cannot be read: {reason}"))
    for path in [*inv.files, *inv.dirs]:
        if is_junk(path):
            issues.append(
                issue(Code.B019, path, "is operating-system clutter, not content; remove it")
            )
    if "data" not in inv.dirs:
        text = "is missing"
        if "data" in inv.files or "data" in inv.symlinks:
            text = "is a file or a link, not a folder"
        issues.append(issue(Code.B004, "data/", f"the payload folder {text}"))


def _bag_info(state: _State) -> None:
    names = ("bag-info.txt", "package-info.txt")
    if state.decl.rules < (0, 96):
        names = names[::-1]
    name = next((n for n in names if n in state.inv.files), None)
    if name is None:
        return
    text = state.read_text(name)
    if text is not None:
        state.info, found = parse_tag_file(text, name=name, version=state.decl.rules)
        state.issues.extend(found)


def _manifests(state: _State, selected: set[str] | None) -> list[Manifest]:
    found = []
    for name in sorted(p for p in state.inv.files if "/" not in p):
        kind_alg = manifest_name(name)
        if kind_alg is None:
            continue
        kind, alg = kind_alg
        known = alg in ALGORITHMS
        if alg in WEAK_ALGORITHMS:
            state.issues.append(
                issue(
                    Code.B018,
                    name,
                    f"uses {alg}, which is weak; add a sha512 manifest",
                    severity=Severity.WARNING,
                )
            )
        text = state.read_text(name)
        if text is None:
            continue
        entries, problems = parse_manifest(
            text,
            name=name,
            version=state.decl.rules,
            digest_len=digest_length(alg) if known else None,
        )
        state.issues.extend(problems)
        verify = known and (selected is None or alg in selected)
        found.append(Manifest(name, kind, alg, tuple(entries), verify))
    _unknown_algorithms(state, found)
    return found


def _unknown_algorithms(state: _State, manifests: Sequence[Manifest]) -> None:
    # RFC 8493 makes a bag valid only when every digest was verified. We relax
    # that when another manifest of the same kind has an algorithm we know: the
    # files are then still verified, and an exotic extra manifest is a warning.
    for m in manifests:
        if m.algorithm in ALGORITHMS:
            continue
        covered = any(o.kind == m.kind and o.algorithm in ALGORITHMS for o in manifests)
        state.issues.append(
            issue(
                Code.B018,
                m.name,
                f"uses {m.algorithm!r}, an algorithm this tool does not know; "
                "its digests cannot be checked",
                severity=Severity.WARNING if covered else Severity.ERROR,
            )
        )


def _listed_junk(state: _State, manifests: Sequence[Manifest]) -> None:
    on_disk = set(state.inv.files) | state.inv.dirs
    listed = {e.path for m in manifests for e in m.entries if is_junk(e.path)}
    for path in sorted(listed - on_disk):
        state.issues.append(
            issue(Code.B019, path, "is operating-system clutter, listed in a manifest as content")
        )


def _fetched(state: _State) -> set[str]:
    if "fetch.txt" not in state.inv.files:
        return set()
    text = state.read_text("fetch.txt")
    if text is None:
        return set()
    entries, found = parse_fetch(text, version=state.decl.rules)
    state.issues.extend(found)
    return {e.path for e in entries}


def _tagmanifest_digest(state: _State, manifests: Sequence[Manifest]) -> str | None:
    tags = sorted((m for m in manifests if m.kind == "tag"), key=lambda m: _strength(m.algorithm))
    if not tags:
        return None
    try:
        data = read_beneath(state.root, tags[0].name, TAG_FILE_LIMIT)
    except OSError:
        return None  # already reported when the manifest was read
    return "sha512:" + hashlib.sha512(data).hexdigest()


def _selected(algorithms: Sequence[str] | None) -> set[str] | None:
    if algorithms is None:
        return None
    unknown = [a for a in algorithms if a not in ALGORITHMS]
    if unknown:
        raise UsageError(
            f"unknown digest algorithm {unknown[0]!r}; known: {', '.join(sorted(ALGORITHMS))}"
        )
    return set(algorithms)


def _selection_notes(state: _State, manifests: Sequence[Manifest], selected: set[str]) -> None:
    used = {m.algorithm for m in manifests}
    for alg in sorted(selected - used):
        state.issues.append(
            issue(
                Code.B018,
                ".",
                f"{alg} was asked for but no manifest uses it",
                severity=Severity.INFO,
            )
        )
    if not any(m.verify for m in manifests):
        state.issues.append(
            issue(
                Code.B018,
                ".",
                "no digest was checked: none of the algorithms asked for is used by this bag",
                severity=Severity.WARNING,
            )
        )


def _checks(
    expected: dict[str, dict[str, str]], sizes: dict[str, int], kind: str
) -> list[FileCheck]:
    return [FileCheck(p, sizes[p], digests, kind) for p, digests in sorted(expected.items())]


def _read_bag(state: _State, selected: set[str] | None) -> list[Manifest]:
    """Structure, bag-info and manifests: everything read before matching names."""
    _structure(state)
    _bag_info(state)
    manifests = _manifests(state, selected)
    _listed_junk(state, manifests)
    if not any(m.kind == "payload" for m in manifests):
        state.issues.append(
            issue(Code.B005, ".", "the bag has no payload manifest (manifest-<alg>.txt)")
        )
    if selected is not None:
        _selection_notes(state, manifests, selected)
    return manifests


def _completeness(state: _State, manifests: Sequence[Manifest]) -> list[FileCheck]:
    """Match manifests, fetch.txt and Payload-Oxum against the disk; the files to hash."""
    payload_manifests = [m for m in manifests if m.kind == "payload"]
    fetched = _fetched(state)
    resolver = Resolver(state.inv, state.issues)
    check_fetch(fetched, payload_manifests, state.issues)
    payload_expected = check_payload(payload_manifests, resolver, fetched, state.legacy)
    tag_expected = check_tags(
        [m for m in manifests if m.kind == "tag"],
        [m.name for m in payload_manifests],
        resolver,
        state.legacy,
    )
    check_oxum(state.info, state.inv.payload(), state.issues)
    return [
        *_checks(payload_expected, state.inv.files, "payload"),
        *_checks(tag_expected, state.inv.files, "tag"),
    ]


def plan_bag(
    path: Path | str, *, fast: bool = False, algorithms: Sequence[str] | None = None
) -> BagPlan:
    """Read and walk a bag: every structure and completeness finding, and the hashing to do.

    Args:
        path: the bag's folder.
        fast: plan no hashing (structure, completeness and Payload-Oxum only).
        algorithms: verify only digests of these algorithms (default: all the bag uses).

    Raises:
        UsageError: ``algorithms`` names an algorithm this tool does not know.
    """
    started = time.monotonic()
    selected = _selected(algorithms)
    root = os.fspath(path)
    if not Path(root).is_dir():
        return _not_a_bag(root, "is not a folder", started)
    inv = walk(root)
    issues: list[Issue] = []
    decl = _declaration(root, inv, issues)
    if decl.version is None and "data" not in inv.dirs and not any(map(manifest_name, inv.files)):
        return _not_a_bag(root, "is not a bag: it has no bagit.txt, data/ or manifest", started)
    state = _State(root, inv, decl, issues)
    manifests = _read_bag(state, selected)
    checks = _completeness(state, manifests)
    payload = inv.payload()
    return BagPlan(
        path=root,
        version=decl.version,
        identifier=next((v for k, v in state.info if k.lower() == "external-identifier"), None),
        algorithms=tuple(sorted({m.algorithm for m in manifests}, key=_strength)),
        files=len(payload),
        bytes=sum(payload.values()),
        tagmanifest_digest=_tagmanifest_digest(state, manifests),
        checks=() if fast else tuple(checks),
        issues=tuple(issues),
        fast=fast,
        started=started,
    )


def check_bag(
    path: Path | str, *, fast: bool = False, algorithms: Sequence[str] | None = None
) -> BagReport:
    """Check a bag completely and report every problem; findings never raise.

    Args:
        path: the bag's folder.
        fast: structure, completeness and Payload-Oxum only; no file is hashed.
        algorithms: verify only these algorithms' digests (default: all the bag uses).

    Returns:
        The :class:`BagReport`; ``report.valid`` is False when any finding is an error.

    Raises:
        UsageError: ``algorithms`` names an algorithm this tool does not know.
    """
    plan = plan_bag(path, fast=fast, algorithms=algorithms)
    results = [hash_file(plan.path, c.relpath, tuple(c.expected)) for c in plan.checks]
    return finish_bag(plan, results)


def read_tag_info(path: Path | str) -> tuple[Declaration, list[tuple[str, str]]]:
    """What ``bagit.txt`` declares and the ``bag-info.txt`` entries, without a full check."""
    root = os.fspath(path)
    inv = walk(root, recursive=False) if Path(root).is_dir() else Inventory()
    state = _State(root, inv, _declaration(root, inv, []))
    _bag_info(state)
    return state.decl, state.info


def read_bag_info(path: Path | str) -> list[tuple[str, str]]:
    """The ``bag-info.txt`` (or legacy ``package-info.txt``) entries in order; [] when absent.

    Labels keep their spelling and may repeat; values are unfolded and
    stripped. Never raises: an unreadable or malformed file gives what could
    be read (``check_bag`` reports the problems).
    """
    return read_tag_info(path)[1]


def tagmanifest_digest(path: Path | str) -> str | None:
    """The bag's ``tagmanifest_digest`` as :func:`check_bag` reports it, without checking it.

    ``sha512:<hex>`` of the bytes of the strongest readable tag manifest, or
    None. Cheap (one listing of the bag's top folder, one read), so a fixity
    run can tell whether a bag's manifests changed since its last check.
    """
    root = os.fspath(path)
    inv = walk(root, recursive=False)
    tags = [
        (kind[1], name) for name in inv.files if (kind := manifest_name(name)) and kind[0] == "tag"
    ]
    for _alg, name in sorted(tags, key=lambda t: (*_strength(t[0]), t[1])):
        try:
            data = read_beneath(root, name, TAG_FILE_LIMIT)
        except OSError:
            continue
        return "sha512:" + hashlib.sha512(data).hexdigest()
    return None
