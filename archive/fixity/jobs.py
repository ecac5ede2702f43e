"""A large bag checked by every worker at once.

Two kinds of large bag:

* **many bytes, few files** (two 512 MiB images): a worker plans it and
  sends the plan back; its files go out in chunks to whichever worker is
  free.
* **many files** (50,000 small ones): planning reads every manifest line
  and every name on disk and costs about as much as hashing. So while the
  runner plans the bag, all workers but one hash its payload
  *speculatively*, with the algorithms the payload manifests are named
  after, in batches of a listing of ``data/`` taken from a cursor they
  share; the core left free is the planner's. Once the plan is made, the
  last worker joins in and takes what is left. Then only the files the
  speculation did not cover (tag files, a name listed in another Unicode
  form) are hashed. Speculation changes when files are read, not how they
  are judged: the plan alone says which files are checked against which
  digests, and a digest of a file it does not list is dropped.

Digests come back to the runner, which compares them with the plan; only
the files that differ go through :func:`~archive.bag.finish_bag`, so the
report is the one :func:`~archive.bag.check_bag` gives.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from archive.bag import BagPlan, BagReport, FileCheck, FileDigest, finish_bag
from archive.fixity.worker import Digested, HashTask, SpeculateTask, Task

__all__ = ["CHUNK_BYTES", "CHUNK_FILES", "Job", "chunk_checks"]

# A chunk of small files is a few milliseconds of hashing: long enough that
# messages are cheap beside it, short enough to balance the workers. Its
# size in the pipe stays far below a socket buffer, so sending never blocks
# on a worker that is itself waiting to send.
CHUNK_FILES = 256
CHUNK_BYTES = 32 << 20
_CHUNK_TEXT = 32 << 10


def chunk_checks(path: str, checks: Sequence[FileCheck]) -> Iterator[HashTask]:
    """Hash tasks for ``checks``: grouped by algorithms, cut by files, bytes and text."""
    groups: dict[tuple[str, ...], list[FileCheck]] = {}
    for check in checks:
        groups.setdefault(tuple(sorted(check.expected)), []).append(check)
    for algorithms, group in groups.items():
        chunk: list[str] = []
        size = text = 0
        for check in group:
            chunk.append(check.relpath)
            size += check.size
            text += len(check.relpath) + 8
            if len(chunk) >= CHUNK_FILES or size >= CHUNK_BYTES or text >= _CHUNK_TEXT:
                yield HashTask(path, tuple(chunk), algorithms)
                chunk, size, text = [], 0, 0
        if chunk:
            yield HashTask(path, tuple(chunk), algorithms)


def _matches(check: FileCheck, algorithms: tuple[str, ...], found: Digested) -> bool | None:
    """True or False when ``found`` can judge ``check``; None when it lacks an algorithm."""
    expected = check.expected
    if found[3] is not None:
        return False
    if len(algorithms) == 1 and len(expected) == 1:
        got = expected.get(algorithms[0])
        return None if got is None else got == found[2][0]
    digests = dict(zip(algorithms, found[2], strict=True))
    if not expected.keys() <= digests.keys():
        return None
    return all(digests[a] == d for a, d in expected.items())


def _file_digest(algorithms: tuple[str, ...], found: Digested) -> FileDigest:
    relpath, size, hexes, error = found
    if error is not None:
        return FileDigest(relpath, size, error=error)
    return FileDigest(relpath, size, dict(zip(algorithms, hexes, strict=True)))


@dataclass(slots=True)
class Job:
    """One large bag in progress: tasks to send, digests so far, and the plan when known.

    Once the plan is made and the speculation is over, each planned file is
    sorted, in one pass, into *matched* (dropped), *wrong* (kept for the
    report) or *rest* (hashed now, then judged).
    """

    path: str
    plan: BagPlan | None = None
    algorithms: tuple[str, ...] = ()  # of the speculation
    queue: deque[Task] = field(default_factory=deque)
    outstanding: int = 0
    speculated: dict[str, Digested] = field(default_factory=dict)
    wrong: list[tuple[FileCheck, FileDigest]] = field(default_factory=list)
    rest: dict[str, FileCheck] | None = None
    hashed: list[FileDigest] = field(default_factory=list)
    speculating: int = 0  # speculative tasks sent and not yet answered
    joiners: list[SpeculateTask] = field(default_factory=list)  # sent once the plan is made
    files: int = 0
    bytes: int = 0

    @classmethod
    def split(cls, plan: BagPlan) -> Job:
        """A bag a worker planned and found too large to hash alone."""
        job = cls(plan.path, plan=plan, rest={c.relpath: c for c in plan.checks})
        job.queue.extend(chunk_checks(plan.path, plan.checks))
        return job

    @classmethod
    def speculative(
        cls, path: str, algorithms: tuple[str, ...], workers: int, *, tags: bool
    ) -> Job:
        """A bag of many files: all workers but one hash it before the plan.

        ``tags``: the tag manifests use ``algorithms`` too, so the tag files
        are hashed with the payload.
        """
        job = cls(path, algorithms=algorithms)
        if algorithms:
            first = max(1, workers - 1)
            task = SpeculateTask(path, algorithms, tags)
            job.queue.extend([task] * first)
            job.joiners = [task] * (workers - first)
        return job

    def take(self) -> Task | None:
        """The next task to send, or None for now."""
        if not self.queue:
            return None
        task = self.queue.popleft()
        self.outstanding += 1
        self.speculating += isinstance(task, SpeculateTask)
        return task

    @property
    def needs_plan(self) -> bool:
        """True once the speculation is under way and the plan is still to make."""
        return self.plan is None and not self.queue

    def planned(self, plan: BagPlan) -> None:
        """Take the plan; the workers kept free for the planner join the speculation."""
        self.plan = plan
        if self.speculating:
            self.queue.extend(self.joiners)

    def answer(self, task: Task, value: object, final: bool) -> tuple[int, int]:
        """Take a worker's message about ``task``; return the files and bytes it adds."""
        if not final:
            note: tuple[int, int] = value  # type: ignore[assignment]
            self.files += note[0]
            self.bytes += note[1]
            return note
        self.outstanding -= 1
        digests: list[Digested] = value  # type: ignore[assignment]
        if isinstance(task, SpeculateTask):
            self.speculating -= 1
            for found in digests:
                self.speculated[found[0]] = found
            return 0, 0  # counted by the notes
        assert isinstance(task, HashTask)
        size = sum(found[1] for found in digests)
        self.hashed += (_file_digest(task.algorithms, found) for found in digests)
        self.files += len(digests)
        self.bytes += size
        return len(digests), size

    def advance(self) -> Literal["wait", "more", "done"]:
        """Sort the planned files once the speculation is over, and queue the rest.

        Returns "more" when tasks were queued, "done" when every digest is
        in, else "wait".
        """
        if self.plan is None or self.outstanding or self.queue:
            return "wait"
        if self.rest is None:
            self.rest = self._sort(self.plan)
            self.queue.extend(chunk_checks(self.path, list(self.rest.values())))
            if self.queue:
                return "more"
        return "done"

    def _sort(self, plan: BagPlan) -> dict[str, FileCheck]:
        rest: dict[str, FileCheck] = {}
        algorithms, speculated = self.algorithms, self.speculated
        for check in plan.checks:
            found = speculated.get(check.relpath)
            verdict = None if found is None else _matches(check, algorithms, found)
            if verdict is None:
                rest[check.relpath] = check
            elif not verdict:
                assert found is not None
                self.wrong.append((check, _file_digest(algorithms, found)))
        self.speculated = {}
        return rest

    def finish(self) -> BagReport:
        """The bag's report: :func:`finish_bag` on the files that did not match."""
        assert self.plan is not None and self.rest is not None
        # A matching file gives no finding, so only the others go through
        # finish_bag: the report is the one all the files would give.
        checks = [check for check, _ in self.wrong]
        results = [digest for _, digest in self.wrong]
        for digest in self.hashed:
            check = self.rest.pop(digest.relpath, None)
            if check is None:
                continue
            if digest.error is None and all(
                digest.digests.get(a) == d for a, d in check.expected.items()
            ):
                continue
            checks.append(check)
            results.append(digest)
        checks += self.rest.values()  # no digest came back: finish_bag says so
        return finish_bag(replace(self.plan, checks=tuple(checks)), results)
