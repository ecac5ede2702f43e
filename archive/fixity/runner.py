"""Fixity runs over collections of bags: find them, check each completely, in parallel.

:func:`run_fixity` yields one outcome per bag as soon as it is known: a
:class:`~archive.bag.BagReport` (every finding of :func:`archive.bag.check_bag`,
the same engine ``archive validate`` uses) or a :class:`Skipped`.

Scheduling, for a machine's worth of cores:

* a small bag is checked whole by one worker: it plans, hashes and judges
  it; once a few have shown how long one takes, small bags go out in
  batches of about ``_BATCH_SECONDS`` of work (at most ``_BATCH_BAGS``), so
  a collection of small bags costs a message per batch, not per bag;
* a bag with much to hash is spread over every worker in chunks; a bag of
  many files is planned here while the workers already hash it (see
  :mod:`archive.fixity.jobs`);
* at most ``depth`` tasks wait at each worker, one bag of many files is in
  progress at a time and a bounded number of outcomes wait to be taken, so
  memory does not grow with the collection; it grows with the largest bag
  (its plan and digests: about 1 KiB per file, as in any BagIt validator).

Stopping: when the caller stops iterating, on Ctrl-C, when a worker dies or a
check raises, every worker is stopped and reaped before this returns or
raises, and the outcomes already yielded are the caller's to keep.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from archive.bag import BagReport
from archive.bag.checker import make_plan
from archive.bag.discover import find_bag_folders
from archive.bag.inventory import Inventory, unpack, walk
from archive.bag.report import Plan
from archive.errors import FixityRunError, InputError
from archive.fixity.jobs import Job
from archive.fixity.pool import Answer, Failure, WorkerDied, WorkerPool, context
from archive.fixity.worker import (
    Bags,
    BagTask,
    Cursor,
    Listing,
    ManyFiles,
    SpeculateTask,
    Task,
    handle,
    hash_order,
    set_cursor,
)

__all__ = ["Skipped", "Tally", "check_paths", "count_bags", "iter_bags", "run_fixity"]

_log = logging.getLogger(__name__)

# A bag with more bytes to hash than this is spread over the workers.
SPLIT_BYTES = 64 << 20
# A payload manifest this large lists about a thousand files or more: the bag
# is planned in the runner while the workers hash it (see archive.fixity.jobs).
MANY_FILES_MANIFEST = 128 << 10
_READY_LIMIT = 256
_READ_EVERY = 0.5  # seconds: a reader thread's longest wait (it is woken to stop)
# Small bags sent together: enough work that messages cost little beside it,
# little enough that the last batch of a run keeps no core waiting for long.
_BATCH_SECONDS = 0.02
_BATCH_BAGS = 16


@dataclass(frozen=True, slots=True)
class Skipped:
    """A bag not checked: its last check passed recently and its manifests are unchanged."""

    path: str
    last_check: str


@dataclass(slots=True)
class Tally:
    """Running totals for a progress display; ``partial`` counts work inside unfinished bags."""

    bags_total: int | None = None
    bags_done: int = 0
    bags_skipped: int = 0
    files: int = 0
    bytes: int = 0
    partial_files: int = 0
    partial_bytes: int = 0
    partial_expected: int = 0  # payload bytes of the unfinished bags whose plan is known
    # Outcomes the run already holds and hands over next without waiting: a
    # caller may gather them (to record them in one transaction) until it is 0.
    waiting: int = 0

    @property
    def fraction(self) -> float | None:
        """How much of the run is done, 0 to 1, when the number of bags is known."""
        if not self.bags_total:
            return None
        inside = self.partial_bytes / self.partial_expected if self.partial_expected else 0.0
        return min(1.0, (self.bags_done + min(inside, 1.0)) / self.bags_total)


def _tops(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    tops = sorted({os.path.normpath(Path(p).absolute()) for p in paths})
    for top in tops:
        if not Path(top).is_dir():
            raise InputError("is not a folder", input=top)
    return [t for t in tops if not any(t.startswith(o.rstrip("/") + "/") for o in tops)]


def iter_bags(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Every bag under ``paths`` as an absolute path; a bag's ``data/`` is not searched.

    A folder with a ``data/`` folder and a payload manifest but no
    ``bagit.txt`` counts as a bag, so that a bag that lost its declaration
    is reported (B001) rather than passed over.

    Raises:
        InputError: a path is not a folder, or holds no bag at all.
    """
    for top in _tops(paths):
        found = False
        for bag in find_bag_folders([top], broken=True):
            found = True
            yield bag
        if not found:
            raise _holds_no_bag(top)


def _holds_no_bag(top: str) -> InputError:
    return InputError("holds no bag (no folder with a bagit.txt)", input=top)


def check_paths(paths: Iterable[str | os.PathLike[str]]) -> None:
    """Raise what :func:`iter_bags` would for ``paths``, finding one bag in each, no more.

    Raises:
        InputError: a path is not a folder, or holds no bag at all.
    """
    for top in _tops(paths):
        if next(find_bag_folders([top], broken=True), None) is None:
            raise _holds_no_bag(top)


def count_bags(paths: Iterable[str | os.PathLike[str]]) -> int:
    """How many bags :func:`iter_bags` finds (and the same errors, before any work)."""
    return sum(1 for _ in iter_bags(paths))


def default_workers() -> int:
    """One worker per CPU this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@contextmanager
def _dead_worker_stops() -> Iterator[None]:
    """A dead worker stops the run, naming the bag it was checking."""
    try:
        yield
    except WorkerDied as exc:
        task = exc.held[0] if exc.held else None
        where = task.path if task is not None else None
        also = ""
        if isinstance(task, Bags):  # which of them is not known
            also = f" (or one of the {len(task.tasks) - 1} bags sent with it)"
        raise FixityRunError(f"the run stopped: {exc}{also}", input=where) from exc


class _Scheduler:
    """Feeds the pool from the bags and the large-bag jobs; collects outcomes."""

    def __init__(
        self,
        pool: WorkerPool,
        bags: Iterator[str],
        *,
        fast: bool,
        skip: Callable[[str], str | None] | None,
        tally: Tally,
        progress: Callable[[Tally], None] | None,
        cursor: Cursor,
    ) -> None:
        self.progress = progress
        self.cursor = cursor
        self.pool = pool
        self.bags = bags
        self.fast = fast
        self.skip = skip
        self.tally = tally
        self.jobs: dict[str, Job] = {}
        self.ready: deque[BagReport | Skipped] = deque()
        # Bags of many files waiting for the one in progress (they share the cursor).
        self.held: deque[tuple[str, ManyFiles]] = deque()
        self.exhausted = False
        self.bag_seconds: float | None = None  # a small bag's check, on average lately
        # Large bags just judged: their plans and digests are freed once the
        # workers have their next tasks (or are told to stop), not before.
        self.finished: list[Job] = []

    def run(self) -> Iterator[BagReport | Skipped]:
        while True:
            self._step()
            if self._over():
                self.pool.release()  # the workers exit while the last reports are written
            self.finished.clear()
            while self.ready:
                outcome = self.ready.popleft()
                self.tally.waiting = len(self.ready)
                yield outcome
            if self.pool.busy:
                self._wait()
            elif self._over():
                return

    def _over(self) -> bool:
        """True when every bag is checked (the outcomes may still wait to be taken)."""
        return self.exhausted and not self.held and not self.jobs and not self.pool.busy

    def _wait(self) -> None:
        with _dead_worker_stops():
            answers = self.pool.wait()
        for answer in answers:
            self._answer(answer)
        if self.progress is not None:
            self.progress(self.tally)

    def _answer(self, answer: Answer) -> None:
        task, value = answer.task, answer.value
        if isinstance(value, Failure):
            _log.debug("worker failure on %s:\n%s", task.path, value.traceback)
            raise FixityRunError(f"checking failed: {value.summary}", input=task.path)
        if isinstance(task, Bags):
            for one, result in zip(task.tasks, value, strict=True):
                self._answer(Answer(answer.worker, one, result, True))
            return
        if isinstance(task, BagTask):
            if isinstance(value, Plan):
                job = self.jobs[task.path] = Job.split(value)
                self._expect(job, value)
            elif isinstance(value, ManyFiles):
                self.held.append((task.path, value))
            else:
                self._done(value)
                self._timed(value.duration)
            return
        files, size = self.jobs[task.path].answer(task, value, answer.final)
        self.tally.partial_files += files
        self.tally.partial_bytes += size

    def _timed(self, seconds: float) -> None:
        """Count a small bag's check time in the average that sizes the batches."""
        last = self.bag_seconds
        self.bag_seconds = seconds if last is None else 0.8 * last + 0.2 * seconds

    def _batch(self) -> int:
        """How many small bags to send in one task."""
        if self.bag_seconds is None:
            return 1  # nothing known yet: the first bags go one by one
        return max(1, min(_BATCH_BAGS, int(_BATCH_SECONDS / max(self.bag_seconds, 1e-6))))

    def _expect(self, job: Job, plan: Plan) -> None:
        job.expected_bytes = plan.payload_bytes if plan.payload_bytes is not None else 0
        self.tally.partial_expected += job.expected_bytes

    def _done(self, report: BagReport, job: Job | None = None) -> None:
        if job is not None:
            self.tally.partial_files -= job.files
            self.tally.partial_bytes -= job.bytes
            self.tally.partial_expected -= job.expected_bytes
        self.tally.bags_done += 1
        self.tally.files += report.files
        self.tally.bytes += report.bytes
        self.ready.append(report)

    def _step(self) -> None:
        """Send work to every free slot; plan and finish large bags when their turn comes."""
        while True:
            self._fill()
            changed = False
            for path, job in list(self.jobs.items()):
                if job.needs_plan:
                    # The speculation is under way; the plan is made here,
                    # on the core left free for it.
                    with self._reading() as reader:
                        plan = self._plan(path, job, reader)
                    job.planned(plan)
                    self._expect(job, plan)
                    changed = True
                state = job.advance()
                if state == "done":
                    self.finished.append(self.jobs.pop(path))
                    self._done(job.finish(), job)
                changed = changed or state != "wait"
            if not changed:
                return

    @contextmanager
    def _reading(self) -> Iterator[_Reader]:
        """Take the workers' messages in while the block runs, and answer them after it.

        Planning a bag of many files keeps the runner busy for a while. A
        speculating worker's notes are large; left unread they fill the
        pipe and the worker stops hashing until the runner reads again.
        A thread reads them instead (the block leaves the pool alone) and
        the runner answers them, in order, once the block is done. The block
        may wait for one of them (:meth:`_Reader.first`).
        """
        reader = _Reader(self.pool)
        try:
            yield reader
        finally:
            reader.stop()
        for answer in reader.answers:
            self._answer(answer)
        if reader.failed:
            with _dead_worker_stops():
                raise reader.failed[0]

    def _plan(self, path: str, job: Job, reader: _Reader) -> Plan:
        """Plan a bag of many files with the walk its first speculating worker sends.

        The runner reads the tag files and parses the manifests meanwhile;
        without a speculation (or its walk) it walks the bag itself.
        """

        def walked() -> Inventory:
            answer = reader.first(
                lambda a: isinstance(a.task, SpeculateTask) and a.task.path == path
            )
            if answer is None or not isinstance(answer.value, Listing):
                return walk(path, sizes=False)  # the worker failed: the run stops after the plan
            inventory = unpack(answer.value.walk)
            job.order = hash_order(inventory, tags=answer.task.tags)
            job.payload_from = len(job.order) - len(inventory.payload_files)
            return inventory

        try:
            # No lstat per file: the speculation's reads give the sizes. Ordered:
            # the parts are compared with the manifests' digests in one piece.
            plan = make_plan(
                path,
                sizes=False,
                inventory=walked if job.speculating else None,
                ordered=True,
            )
        except Exception as exc:
            raise FixityRunError(f"planning the check failed: {exc!r}", input=path) from exc
        plan.cache = {}  # the workers hash the tag files; no need to keep them here
        return plan

    def _fill(self) -> None:
        sent = True
        while sent:
            sent = False
            for worker in self.pool.free():
                task = self._next_task(idle=not self.pool.holds(worker))
                if task is not None:
                    with _dead_worker_stops():
                        self.pool.send(worker, task)
                    sent = True

    def _next_task(self, *, idle: bool) -> Task | None:
        """A task for a worker with a free slot (``idle``: holding none)."""
        for job in self.jobs.values():
            if job.wants_idle and not idle:
                return None  # this worker drains, then joins the speculation
            task = job.take(idle=idle)
            if task is not None:
                return task
        if self.held:
            if self._speculating():
                return None  # no new bag before the held ones
            return self._speculate(*self.held.popleft())
        tasks: list[BagTask] = []
        for _ in range(self._batch()):
            path = self._next_bag()
            if path is None:
                break
            tasks.append(BagTask(path, self.fast, SPLIT_BYTES, MANY_FILES_MANIFEST))
        if len(tasks) > 1:
            return Bags(tuple(tasks))
        return tasks[0] if tasks else None

    def _speculating(self) -> bool:
        """True while a bag of many files is in progress (they share the cursor)."""
        return any(j.algorithms for j in self.jobs.values())

    def _speculate(self, path: str, found: ManyFiles) -> Task | None:
        """Start a bag of many files: the workers hash it while the runner plans it."""
        with self.cursor.get_lock():
            self.cursor.value = 0
        job = self.jobs[path] = Job.speculative(
            path, found.payload, self.pool.size, tags=found.tags == found.payload
        )
        return job.take()

    def _next_bag(self) -> str | None:
        while len(self.ready) < _READY_LIMIT:
            path = next(self.bags, None)
            if path is None:
                self.exhausted = True
                return None
            last = self.skip(path) if self.skip is not None else None
            if last is None:
                return path
            self.tally.bags_done += 1
            self.tally.bags_skipped += 1
            self.ready.append(Skipped(path, last))
        return None


class _Reader:
    """The workers' messages, read by a thread of the runner while it is busy."""

    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool
        self.answers: list[Answer] = []
        self.failed: list[BaseException] = []
        self.changed = threading.Condition()
        self.stopping = False
        self.thread = threading.Thread(target=self._read, name="archive-fixity-reader", daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            while not self.stopping:
                got = self.pool.wait(_READ_EVERY)
                if got:
                    with self.changed:
                        self.answers += got
                        self.changed.notify_all()
        except BaseException as exc:  # re-raised by the runner, in its own thread
            with self.changed:
                self.failed.append(exc)
                self.changed.notify_all()

    def first(self, match: Callable[[Answer], bool]) -> Answer | None:
        """The first message that ``match``es, waiting for it; None when a worker died first."""
        with self.changed:
            while True:
                found = next((a for a in self.answers if match(a)), None)
                if found is not None or self.failed:
                    return found
                self.changed.wait()

    def stop(self) -> None:
        self.stopping = True
        self.pool.wake()
        self.thread.join()


def run_fixity(
    paths: Iterable[str | os.PathLike[str]],
    *,
    workers: int = 0,
    fast: bool = False,
    skip: Callable[[str], str | None] | None = None,
    tally: Tally | None = None,
    progress: Callable[[Tally], None] | None = None,
) -> Generator[BagReport | Skipped, None, None]:
    """Check every bag under ``paths``; yield each bag's outcome as soon as it is known.

    Use it in a ``with contextlib.closing(...)`` block or iterate it to the
    end: closing it early stops and reaps the workers.

    Args:
        paths: folders holding bags (or bags).
        workers: worker processes (0: one per CPU).
        fast: structure, completeness and Payload-Oxum only; nothing is hashed.
        skip: called with each bag's path before it is checked; a non-None
            answer (when the bag was last checked) skips it.
        tally: updated as the run goes, for a progress display.
        progress: called with ``tally`` whenever workers report.

    Raises:
        InputError: a path is not a folder or holds no bag (raised on the
            first ``next``, before any bag is checked, when ``paths`` are
            checked first with :func:`count_bags`).
        FixityRunError: a worker died or a check raised; the run is stopped.
    """
    bags = iter_bags(paths)
    first = next(bags, None)  # path errors before any process starts
    if first is None:
        return
    cursor = context().Value("q", 0)
    pool = WorkerPool(workers or default_workers(), handle, setup=set_cursor, setup_args=(cursor,))
    with pool:
        scheduler = _Scheduler(
            pool,
            _chain(first, bags),
            fast=fast,
            skip=skip,
            tally=tally or Tally(),
            progress=progress,
            cursor=cursor,
        )
        yield from scheduler.run()


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest
