"""What a worker process does: check a small bag whole, or hash a share of a large one.

Three tasks, all plain picklable values:

* :class:`BagTask`: plan, hash and judge a bag; the answer is its
  :class:`~archive.bag.BagReport`, or its :class:`~archive.bag.BagPlan` when
  there is too much to hash for one worker.
* :class:`SpeculateTask`: hash a large bag's payload before the plan is
  known (see :mod:`archive.fixity.jobs`), taking batches of a listing of
  ``data/`` from a cursor shared by the workers, so that a worker that joins
  later takes what is left; it notes ``(files, bytes)`` on the way.
* :class:`HashTask`: hash the given files of a bag.

The last two answer with compact :data:`Digested` tuples, not
:class:`~archive.bag.FileDigest` objects: for 50,000 small files, building,
pickling and unpickling a dataclass per file costs more than comparing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol

from archive.bag import BagPlan, BagReport, FileCheck, FileDigest, finish_bag, plan_bag
from archive.bag.hashing import hash_files

__all__ = [
    "BagTask",
    "Digested",
    "HashTask",
    "SpeculateTask",
    "Task",
    "bag_files",
    "handle",
    "hash_checks",
    "set_cursor",
]

_NOTE_EVERY = 0.25  # seconds between progress notes
_BATCH = 64  # files taken from the cursor at a time
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)

# (relpath, bytes read, hex digests in the task's algorithm order, error or None)
Digested = tuple[str, int, tuple[str, ...], str | None]
Note = Callable[[tuple[int, int]], None]


@dataclass(frozen=True, slots=True)
class BagTask:
    """Check the bag at ``path`` whole, unless more than ``split_bytes`` must be hashed."""

    path: str
    fast: bool
    split_bytes: int


@dataclass(frozen=True, slots=True)
class SpeculateTask:
    """Hash the payload files of ``path`` (and its tag files, with ``tags``) from the cursor."""

    path: str
    algorithms: tuple[str, ...]
    tags: bool = False


@dataclass(frozen=True, slots=True)
class HashTask:
    """Hash ``relpaths`` (sorted) of the bag at ``path`` with ``algorithms``."""

    path: str
    relpaths: tuple[str, ...]
    algorithms: tuple[str, ...]


Task = BagTask | SpeculateTask | HashTask


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


def handle(task: Task, note: Note) -> BagReport | BagPlan | list[Digested]:
    """Run one task in a worker process (the pool's handler)."""
    if isinstance(task, SpeculateTask):
        return _speculate(task, note)
    if isinstance(task, HashTask):
        return _digested(hash_files(task.path, task.relpaths, task.algorithms), task.algorithms)
    plan = plan_bag(task.path, fast=task.fast)
    if len(plan.checks) > 1 and sum(c.size for c in plan.checks) > task.split_bytes:
        return plan
    return finish_bag(plan, hash_checks(plan.path, plan.checks))


def hash_checks(root: str, checks: Sequence[FileCheck]) -> list[FileDigest]:
    """Hash each planned file with the algorithms its manifests use, in one pass per file."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for check in checks:
        groups.setdefault(tuple(sorted(check.expected)), []).append(check.relpath)
    results: list[FileDigest] = []
    for algorithms, relpaths in groups.items():
        results += hash_files(root, relpaths, algorithms)
    return results


def _digested(digests: Iterable[FileDigest], algorithms: Sequence[str]) -> list[Digested]:
    if len(algorithms) == 1:
        alg = algorithms[0]
        return [
            (d.relpath, d.size, (d.digests[alg],), None)
            if d.error is None
            else (d.relpath, d.size, (), d.error)
            for d in digests
        ]
    return [
        (d.relpath, d.size, tuple(d.digests[a] for a in algorithms), None)
        if d.error is None
        else (d.relpath, d.size, (), d.error)
        for d in digests
    ]


def _speculate(task: SpeculateTask, note: Note) -> list[Digested]:
    files = list(bag_files(task.path, tags=task.tags))
    out: list[Digested] = []
    done = 0
    last_note = time.monotonic()
    while (start := _next_batch()) < len(files):
        batch = files[start : start + _BATCH]
        out += _digested(hash_files(task.path, batch, task.algorithms), task.algorithms)
        if time.monotonic() - last_note >= _NOTE_EVERY:
            note((len(out) - done, sum(d[1] for d in out[done:])))
            done = len(out)
            last_note = time.monotonic()
    note((len(out) - done, sum(d[1] for d in out[done:])))
    return out


def bag_files(root: str, *, tags: bool = False) -> Iterator[str]:
    """The regular files of a bag, folder by folder in name order; no link followed.

    The payload (under ``data/``), preceded with ``tags`` by the tag files at
    the top (all but the tag manifests). Each folder is opened component by
    component from the bag's folder with ``O_NOFOLLOW`` and listed through
    its descriptor, so a linked ``data`` or sub-folder is never listed.
    """
    try:
        root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return
    try:
        if tags:
            names, _ = _list_folder(root_fd, "")
            yield from (n for n in names if not n.startswith("tagmanifest-"))
        stack = ["data"]
        while stack:
            rel = stack.pop()
            names, folders = _list_folder(root_fd, rel)
            for name in names:
                yield f"{rel}/{name}"
            stack.extend(f"{rel}/{name}" for name in reversed(folders))
    finally:
        os.close(root_fd)


def _list_folder(root_fd: int, rel: str) -> tuple[list[str], list[str]]:
    """The regular files and the folders in ``rel``, each in name order."""
    files: list[str] = []
    folders: list[str] = []
    fd = os.dup(root_fd)
    try:
        for part in rel.split("/") if rel else []:
            next_fd = os.open(part, _FOLDER, dir_fd=fd)
            os.close(fd)
            fd = next_fd
        with os.scandir(fd) as it:
            for entry in it:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.name)
                elif entry.is_file(follow_symlinks=False):
                    files.append(entry.name)
    except OSError:
        pass  # the plan reports what cannot be read
    finally:
        os.close(fd)
    return sorted(files), sorted(folders)
