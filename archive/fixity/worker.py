"""What a worker process does: check a small bag whole, or hash a share of a large one.

Four tasks, all plain picklable values:

* :class:`BagTask`: plan, hash and judge a bag; the answer is its
  :class:`~archive.bag.BagReport`. Two exceptions: a bag whose payload
  manifest is large (many files) is answered at once with a
  :class:`ManyFiles` (the runner plans it while the workers hash it), and a
  bag with too much to hash for one worker with its
  :class:`~archive.bag.report.Plan`.
* :class:`Bags`: several bag tasks, answered with a list of their answers
  (a :class:`~archive.fixity.pool.Failure` for a check that raised).
* :class:`SpeculateTask`: hash a large bag's payload before the plan is
  known (see :mod:`archive.fixity.jobs`), taking batches of a listing of
  the bag from a cursor shared by the workers, so that a worker that joins
  later takes what is left; it notes its digests on the way, a part at a
  time, each with the runs of the listing it hashed. The first worker
  walks the bag and sends the walk first, as a :class:`Listing`: the
  runner plans the bag with it and gives the workers that join the list
  of files to hash.
* :class:`HashTask`: hash the given files of a bag.

The last two answer with one :class:`~archive.bag.work.Hashed`: the digests
in the order of the files the runner named, as a few strings, with no name
and no object per file (for 50,000 small files, building, pickling and
unpickling an object, or even a name, per file costs more than comparing).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from archive.bag import BagReport
from archive.bag.beneath import Folders
from archive.bag.checker import make_plan, run_plan
from archive.bag.hashing import ALGORITHMS, hash_in_order
from archive.bag.inventory import Inventory, Packed, pack, walk
from archive.bag.manifest import manifest_name
from archive.bag.report import Plan
from archive.bag.work import Hashed
from archive.fixity.pool import Failure

__all__ = [
    "BagTask",
    "Bags",
    "HashTask",
    "Listing",
    "ManyFiles",
    "SpeculateTask",
    "Task",
    "handle",
    "hash_order",
    "many_files",
    "set_cursor",
]

_NOTE_EVERY = 0.25  # seconds between progress notes
_BATCH = 64  # files taken from the cursor at a time
_PART_FILES = 4096  # digests sent back at a time by a speculating worker


@dataclass(frozen=True, slots=True)
class BagTask:
    """Check the bag at ``path`` whole, unless more than ``split_bytes`` must be hashed
    or a payload manifest has ``many_files`` bytes or more (and not ``fast``)."""

    path: str
    fast: bool
    split_bytes: int
    many_files: int


@dataclass(frozen=True, slots=True)
class Bags:
    """Small bags checked one after another: one message each way for all of them.

    For a collection of small bags, a message per bag wakes the runner a
    thousand times a second; each wake-up takes a core from a worker and
    the caches with it (about a tenth of the run, measured).
    """

    tasks: tuple[BagTask, ...]

    @property
    def path(self) -> str:
        """The first bag's path (where a worker that died was, at the earliest)."""
        return self.tasks[0].path


@dataclass(frozen=True, slots=True)
class ManyFiles:
    """The answer for a bag of many files: its payload and tag manifests' known algorithms."""

    payload: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SpeculateTask:
    """Hash the payload files of ``path`` (and its tag files, with ``tags``) from the cursor.

    ``listing``: the files, NUL-separated, as :func:`hash_order` gives them
    for the first worker's walk; without it the worker walks the bag itself
    and notes a :class:`Listing` first. A folder of 50,000 files takes
    longer to list than to send.
    """

    path: str
    algorithms: tuple[str, ...]
    tags: bool = False
    listing: str = ""


@dataclass(frozen=True, slots=True)
class Listing:
    """A speculating worker's first note: its walk of the bag (without sizes), packed."""

    walk: Packed


@dataclass(frozen=True, slots=True)
class HashTask:
    """Hash ``relpaths`` (sorted) of the bag at ``path`` with ``algorithms``."""

    path: str
    relpaths: tuple[str, ...]
    algorithms: tuple[str, ...]


Task = BagTask | Bags | SpeculateTask | HashTask
# A speculating worker's notes: its walk first (unless given a listing), then
# its digests, a part at a time.
Note = Callable[[Hashed | Listing], None]


class Cursor(Protocol):
    """A shared integer with a lock (a ``multiprocessing.Value("q")``)."""

    value: int

    def get_lock(self) -> AbstractContextManager[Any]: ...


# The next batch of the current speculative listing; one bag at a time uses it.
_cursor: Cursor | None = None


def set_cursor(cursor: Cursor | None) -> None:
    """Give this worker the cursor shared by all workers (the pool's setup)."""
    global _cursor
    _cursor = cursor


def _next_batch() -> int:
    assert _cursor is not None, "set_cursor() was not called"
    with _cursor.get_lock():
        start = _cursor.value
        _cursor.value = start + _BATCH
    return start


def handle(
    task: Task, note: Note
) -> BagReport | Plan | ManyFiles | Hashed | list[BagReport | Plan | ManyFiles | Failure]:
    """Run one task in a worker process (the pool's handler)."""
    if isinstance(task, Bags):
        return [_check_or_fail(one) for one in task.tasks]
    if isinstance(task, SpeculateTask):
        return _speculate(task, note)
    if isinstance(task, HashTask):
        got = Hashed()
        hash_in_order(task.path, task.relpaths, task.algorithms, got)
        return got
    return check_whole(task)


def _check_or_fail(task: BagTask) -> BagReport | Plan | ManyFiles | Failure:
    try:
        return check_whole(task)
    except Exception as exc:  # the runner stops the run, naming this bag
        return Failure.of(exc)


def check_whole(task: BagTask) -> BagReport | Plan | ManyFiles:
    """A :class:`BagTask`: the report, or what the runner must do instead."""
    inv = None
    if not task.fast:
        # One walk: its top level says whether the bag has many files.
        inv = walk(task.path, stop=lambda top: many_files(top, task.many_files) is not None)
        found = many_files(inv, task.many_files)
        if found is not None:
            return found
    plan = make_plan(task.path, fast=task.fast, sizes=True, inventory=inv)
    if len(plan.sizes) > 1 and sum(plan.sizes.values()) > task.split_bytes:
        plan.cache = {}  # not worth sending: the workers read the tag files again
        return plan
    return run_plan(plan)


def many_files(top: Inventory, threshold: int) -> ManyFiles | None:
    """A :class:`ManyFiles` when a payload manifest in ``top`` has ``threshold`` bytes or more.

    ``top``: a walk of the bag (with sizes), or of its top level.
    """
    largest = 0
    found: dict[str, set[str]] = {"payload": set(), "tag": set()}
    for name, size in top.files.items():
        kind = manifest_name(name) if "/" not in name else None
        if kind is None:
            continue
        if kind[1] in ALGORITHMS:
            found[kind[0]].add(kind[1])
        if kind[0] == "payload":
            largest = max(largest, size)
    if largest < threshold or not largest:
        return None
    return ManyFiles(tuple(sorted(found["payload"])), tuple(sorted(found["tag"])))


def _speculate(task: SpeculateTask, note: Note) -> Hashed:
    """Hash batches from the cursor; the digests go back in parts with the notes.

    Sending them as they come lets the runner take them in while the
    workers hash on, so that little is left to send and merge at the end.
    """
    if task.listing:
        files = task.listing.split("\0")
    else:
        inventory = walk(task.path, sizes=False)
        note(Listing(pack(inventory)))
        files = hash_order(inventory, tags=task.tags)
    got = Hashed()
    last_note = time.monotonic()
    # The folders stay open from batch to batch: a batch of 64 files would
    # otherwise open the bag and the folders down to its files anew.
    try:
        root: str | Folders = Folders(task.path)
    except OSError:
        root = task.path  # each file then gets the reason
    try:
        while (start := _next_batch()) < len(files):
            batch = files[start : start + _BATCH]
            got.spans.append((start, len(batch)))
            hash_in_order(root, batch, task.algorithms, got)
            if len(got) >= _PART_FILES or time.monotonic() - last_note >= _NOTE_EVERY:
                note(got)
                got = Hashed()
                last_note = time.monotonic()
    finally:
        if isinstance(root, Folders):
            root.close()
    return got


def hash_order(inventory: Inventory, *, tags: bool) -> list[str]:
    """The files a speculation hashes, in the order the workers take them from the cursor.

    The payload as walked (folder by folder), preceded with ``tags`` by the
    tag files at the top but the tag manifests, whose digests no manifest
    holds.
    """
    if not tags:
        return inventory.payload_files
    top = sorted(p for p in inventory.files if "/" not in p and not p.startswith("tagmanifest-"))
    return top + inventory.payload_files
