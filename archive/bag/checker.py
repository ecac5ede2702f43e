"""Checking a bag, ours or anyone's, completely: every problem, never just the first.

:func:`check_bag` is :func:`make_plan` (read and walk the bag, match names:
:mod:`archive.bag.reading`, :mod:`archive.bag.completeness`), then
:func:`run_plan` (hash the files, judge the digests). A fixity run calls the
same steps with the hashing spread over processes. :func:`plan_bag` gives the
plan as a :class:`~archive.bag.report.BagPlan` with an object per file, for
:func:`~archive.bag.hashing.hash_file` and :func:`~archive.bag.report.finish_bag`.

Findings never raise. A path that is not a folder, or a folder without
``bagit.txt``, is the finding B001 like any other; the caller decides what
it means. Nothing is fetched, no link is followed, no path from a manifest
is opened unless the walk of the bag found a regular file under that name.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Container, Sequence
from pathlib import Path

from archive.bag.beneath import read_beneath
from archive.bag.completeness import (
    Manifest,
    Resolver,
    aligned_payload,
    check_fetch,
    check_oxum,
    check_payload,
    check_tags,
)
from archive.bag.hashing import ALGORITHMS, hash_into
from archive.bag.inventory import Inventory, walk
from archive.bag.manifest import manifest_name
from archive.bag.reading import (
    TAG_FILE_LIMIT,
    BagState,
    bag_info,
    declaration,
    fetched_paths,
    read_bag,
    strength,
    tagmanifest_of,
)
from archive.bag.report import BagPlan, BagReport, Plan, finish
from archive.bag.tagfiles import Declaration
from archive.bag.work import Digests, Work
from archive.errors import UsageError
from archive.validate.issues import Code, Issue, issue

__all__ = [
    "check_bag",
    "make_plan",
    "plan_bag",
    "read_bag_info",
    "read_tag_info",
    "run_plan",
    "tagmanifest_digest",
]


def _not_a_bag(root: str, message: str, started: float) -> Plan:
    return Plan(root, issues=[issue(Code.B001, root, message)], started=started)


def _selected(algorithms: Sequence[str] | None) -> set[str] | None:
    if algorithms is None:
        return None
    unknown = [a for a in algorithms if a not in ALGORITHMS]
    if unknown:
        raise UsageError(
            f"unknown digest algorithm {unknown[0]!r}; known: {', '.join(sorted(ALGORITHMS))}"
        )
    return set(algorithms)


def _completeness(state: BagState, manifests: Sequence[Manifest], *, ordered: bool) -> Work:
    """Match manifests and fetch.txt against the disk; the files to hash and their digests.

    ``ordered``: keep the payload's digests in the walk's order when the
    payload manifests list it so (:func:`aligned_payload`).
    """
    payload_manifests = [m for m in manifests if m.kind == "payload"]
    fetched = fetched_paths(state)
    resolver = Resolver(state.inv, state.issues)
    check_fetch(fetched, payload_manifests, state.issues)
    aligned = aligned_payload(payload_manifests, state.inv) if ordered else None
    if aligned is None:
        expected = check_payload(payload_manifests, resolver, fetched, state.legacy)
    else:
        expected = {}  # every payload file listed, once, as spelled: nothing to find
    tags = check_tags(
        [m for m in manifests if m.kind == "tag"],
        [m.name for m in payload_manifests],
        resolver,
        state.legacy,
    )
    for alg, table in tags.items():
        # Payload and tag files never overlap: each side refuses the other's paths.
        # The payload's table is ours (check_payload built it): added to, not copied.
        if alg in expected:
            expected[alg].update(table)
        else:
            expected[alg] = table
    return Work(expected, aligned)


def _plan(
    root: str,
    *,
    fast: bool,
    selected: set[str] | None,
    sizes: bool,
    started: float,
    inv: Inventory | Callable[[], Inventory] | None = None,
    ordered: bool = False,
) -> tuple[Plan, Inventory]:
    try:
        # The bag's folder stays open while planning: its tag files are read from it.
        root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        if not Path(root).is_dir():
            return _not_a_bag(root, "is not a folder", started), Inventory()
        root_fd = None  # a folder that cannot be opened: the walk says why
    try:
        return _plan_open(root, root_fd, fast, selected, sizes, started, inv, ordered)
    finally:
        if root_fd is not None:
            os.close(root_fd)


def _plan_open(
    root: str,
    root_fd: int | None,
    fast: bool,
    selected: set[str] | None,
    sizes: bool,
    started: float,
    given: Inventory | Callable[[], Inventory] | None,
    ordered: bool,
) -> tuple[Plan, Inventory]:
    walked = given if callable(given) else None
    if isinstance(given, Inventory):
        inv = given
    else:  # the top level only, when the rest of the walk comes later
        inv = walk(root, sizes=sizes, recursive=walked is None)
    issues: list[Issue] = []
    cache: dict[str, bytes] = {}
    decl = declaration(root, inv, issues, cache, root_fd)
    if decl.version is None and "data" not in inv.dirs and not any(map(manifest_name, inv.files)):
        text = "is not a bag: it has no bagit.txt, data/ or manifest"
        return _not_a_bag(root, text, started), inv
    state = BagState(root, inv, decl, issues, cache=cache, root_fd=root_fd)
    manifests = read_bag(state, selected, walked)
    inv = state.inv
    work = _completeness(state, manifests, ordered=ordered and not fast)
    plan = Plan(
        root,
        version=decl.version,
        identifier=_first(state.info, "external-identifier"),
        bagging_date=_first(state.info, "bagging-date"),
        algorithms=tuple(sorted({m.algorithm for m in manifests}, key=strength)),
        tagmanifest_digest=tagmanifest_of(state, manifests),
        issues=issues,
        work=Work() if fast else work,
        files=len(inv.payload_files),
        fast=fast,
        started=started,
        cache=cache,
    )
    _payload_size(plan, inv, state.info, sizes)
    return plan, inv


def _first(info: list[tuple[str, str]], label: str) -> str | None:
    """The first value of ``label`` (lowercase) in bag-info entries."""
    return next((v for k, v in info if k.lower() == label), None)


def _payload_size(plan: Plan, inv: Inventory, info: list[tuple[str, str]], sizes: bool) -> None:
    """Payload-Oxum now when the walk has the sizes; else what ``finish`` needs for it."""
    if sizes:
        plan.payload_bytes = sum(inv.files[p] for p in inv.payload_files)
        check_oxum(info, (plan.payload_bytes, plan.files), plan.issues)
        plan.sizes = {p: inv.files[p] for p in plan.work.paths()}
        return
    plan.payload_bytes = None
    plan.info = [(k, v) for k, v in info if k.lower() == "payload-oxum"]
    if plan.work.ordered is not None:  # the whole payload, in the walk's order
        plan.hashed = plan.work.ordered.paths
        return
    tables = list(plan.work.expected.values())
    # One algorithm (the usual case): its table answers without a copy of its names.
    hashing: Container[str] = tables[0] if len(tables) == 1 else plan.work.paths()
    plan.hashed = [p for p in inv.payload_files if p in hashing]
    if len(plan.hashed) != len(inv.payload_files):
        plan.unhashed_bytes = sum(
            _lstat_size(plan.path, p) for p in inv.payload_files if p not in hashing
        )


def _lstat_size(root: str, relpath: str) -> int:
    try:
        return os.lstat(f"{root}/{relpath}").st_size
    except OSError:
        return 0  # gone since the walk; its absence is what the count shows


def make_plan(
    path: Path | str,
    *,
    fast: bool = False,
    algorithms: Sequence[str] | None = None,
    sizes: bool = True,
    inventory: Inventory | Callable[[], Inventory] | None = None,
    ordered: bool = False,
) -> Plan:
    """:func:`plan_bag` in the compact form the fixity runner uses (no object per file).

    Args:
        path: the bag's folder.
        fast: plan no hashing.
        algorithms: verify only digests of these algorithms.
        sizes: ``lstat`` every payload file now; without it (and not ``fast``)
            the payload's size comes from hashing, and :func:`finish
            <archive.bag.report.finish>` compares Payload-Oxum.
        inventory: the bag's :func:`~archive.bag.inventory.walk`, when already made
            (with ``sizes`` as given here); or a function that gives it, called
            once the tag files and manifests (at the bag's top level, walked
            first) are read: the fixity runner parses them while a worker walks.
        ordered: keep the payload's digests as :class:`~archive.bag.work.Ordered`
            when the payload manifests list the payload in the walk's order
            (for the fixity runner, which compares a worker's digests with
            them in one piece; everything else sees the usual tables).

    Raises:
        UsageError: ``algorithms`` names an algorithm this tool does not know.
    """
    started = time.monotonic()
    selected = _selected(algorithms)
    plan, _ = _plan(
        os.fspath(path),
        fast=fast,
        selected=selected,
        sizes=sizes or fast,
        started=started,
        inv=inventory,
        ordered=ordered,
    )
    return plan


def run_plan(plan: Plan) -> BagReport:
    """Hash what ``plan`` needs, in this process, and judge the bag."""
    got = Digests()
    for algorithms, relpaths in plan.work.groups():
        hash_into(plan.path, relpaths, algorithms, got, cached=plan.cache)
    return finish(plan, got)


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
    plan, inv = _plan(os.fspath(path), fast=fast, selected=selected, sizes=True, started=started)
    return plan.public(inv.files)


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
    return run_plan(make_plan(path, fast=fast, algorithms=algorithms, sizes=fast))


def read_tag_info(path: Path | str) -> tuple[Declaration, list[tuple[str, str]]]:
    """What ``bagit.txt`` declares and the ``bag-info.txt`` entries, without a full check."""
    root = os.fspath(path)
    inv = walk(root, recursive=False) if Path(root).is_dir() else Inventory()
    state = BagState(root, inv, declaration(root, inv, []))
    bag_info(state)
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
    for _alg, name in sorted(tags, key=lambda t: (*strength(t[0]), t[1])):
        try:
            data = read_beneath(root, name, TAG_FILE_LIMIT)
        except OSError:
            continue
        return "sha512:" + hashlib.sha512(data).hexdigest()
    return None
