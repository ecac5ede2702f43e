"""A large bag checked by every worker at once.

Two kinds of large bag:

* **many bytes, few files** (two 512 MiB images): a worker plans it and
  sends the plan back; its files go out in chunks to whichever worker is
  free.
* **many files** (50,000 small ones): planning reads every manifest line
  and every name on disk, which costs a good share of hashing them. So
  while the runner plans the bag, all workers but one hash its payload
  *speculatively*, with the algorithms the payload manifests are named
  after, in batches of a listing of ``data/`` taken from a cursor they
  share; the core left free is the planner's. The first worker walks the
  bag and sends the walk before it hashes: the runner plans with it (it
  reads the tag files and manifests meanwhile), so the bag is walked once.
  Once the plan is made, the last worker joins in with the walk's list of
  files and takes what is left. Then only the files the speculation did
  not cover (tag files, a name listed in another Unicode form) are hashed.
  Speculation changes when files are read, not how they are judged: the
  plan alone says which files are checked against which digests, and a
  digest of a file it does not list is dropped.

Digests come back to the runner as :class:`~archive.bag.work.Hashed` (in the
order of the files the task named: of its ``relpaths``, or of the runs of
the listing a speculating worker took), are put by name into one
:class:`~archive.bag.work.Digests` and judged against the plan by
:func:`archive.bag.report.finish`, so the report is the one
:func:`~archive.bag.check_bag` gives. A speculating worker's digests that
come before the plan (and with it the listing) wait in their compact form.
Once the plan is known, a speculating worker's part that holds only payload
files whose digests all match is compared in one piece and only named
(:attr:`~archive.bag.work.Digests.matched`); any other part is put by name.
When the payload manifests list the payload in the walk's order (the plan's
:class:`~archive.bag.work.Ordered`), a part is not even named: its digests
are compared with the slices of the manifests' columns its runs of the
listing cover, and the files flagged done (:attr:`Job.done`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from archive.bag import BagReport
from archive.bag.report import Plan, finish
from archive.bag.work import Digests, Hashed, Work
from archive.fixity.worker import HashTask, Listing, SpeculateTask, Task

__all__ = ["CHUNK_BYTES", "CHUNK_FILES", "Job", "chunk_work"]

# A chunk of small files is a few milliseconds of hashing: long enough that
# messages are cheap beside it, short enough to balance the workers. Its
# size in the pipe stays far below a socket buffer, so sending never blocks
# on a worker that is itself waiting to send.
CHUNK_FILES = 256
CHUNK_BYTES = 32 << 20
_CHUNK_TEXT = 32 << 10


def chunk_work(path: str, work: Work, sizes: dict[str, int]) -> Iterator[HashTask]:
    """Hash tasks for ``work``: grouped by algorithms, cut by files, bytes and text."""
    for algorithms, relpaths in work.groups():
        chunk: list[str] = []
        size = text = 0
        for relpath in relpaths:
            chunk.append(relpath)
            size += sizes.get(relpath, 0)
            text += len(relpath) + 8
            if len(chunk) >= CHUNK_FILES or size >= CHUNK_BYTES or text >= _CHUNK_TEXT:
                yield HashTask(path, tuple(chunk), algorithms)
                chunk, size, text = [], 0, 0
        if chunk:
            yield HashTask(path, tuple(chunk), algorithms)


@dataclass(slots=True)
class Job:
    """One large bag in progress: tasks to send, digests so far, and the plan when known.

    Once the plan is made and the speculation is over, what the digests
    so far leave undone (``rest``) is hashed; then the bag is judged.
    """

    path: str
    plan: Plan | None = None
    algorithms: tuple[str, ...] = ()  # of the speculation
    queue: deque[Task] = field(default_factory=deque)
    outstanding: int = 0
    got: Digests = field(default_factory=Digests)
    rest: Work | None = None
    speculating: int = 0  # speculative tasks sent and not yet answered
    joiners: list[SpeculateTask] = field(default_factory=list)  # sent once the plan is made
    files: int = 0
    bytes: int = 0
    expected_bytes: int = 0  # for the progress display
    # The files to hash, as the first worker walked them: what a speculation's
    # parts index, and the listing the workers that join are given.
    order: list[str] | None = None
    payload_from: int = 0  # where the payload starts in ``order`` (tag files come first)
    early: list[Hashed] = field(default_factory=list)  # parts that came before the order
    # With an ordered plan (Work.ordered): which of its files a part matched.
    done: bytearray | None = None

    @property
    def wants_idle(self) -> bool:
        """True while a listing waits for a worker that holds no task (see :meth:`take`)."""
        head = self.queue[0] if self.queue else None
        return isinstance(head, SpeculateTask) and bool(head.listing)

    @classmethod
    def split(cls, plan: Plan) -> Job:
        """A bag a worker planned and found too large to hash alone."""
        job = cls(plan.path, plan=plan, rest=plan.work)
        job.queue.extend(chunk_work(plan.path, plan.work, plan.sizes))
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

    def take(self, *, idle: bool = True) -> Task | None:
        """The next task to send to a worker (``idle``: that holds no task), or None for now.

        A speculation with a listing is large: it goes only to an idle
        worker, which is reading its pipe, never to one that may be blocked
        sending the runner a large answer while the runner is blocked
        sending it the listing.
        """
        if not self.queue or (not idle and self.wants_idle):
            return None
        task = self.queue.popleft()
        self.outstanding += 1
        self.speculating += isinstance(task, SpeculateTask)
        return task

    @property
    def needs_plan(self) -> bool:
        """True once the speculation is under way and the plan is still to make."""
        return self.plan is None and not self.queue

    def planned(self, plan: Plan) -> None:
        """Take the plan; the workers kept free for the planner join the speculation.

        Set :attr:`order` first, when the speculation has one.
        """
        self.plan = plan
        ordered = plan.work.ordered
        if ordered is not None:
            if self.order is not None and self.order[self.payload_from :] == ordered.paths:
                self.done = bytearray(len(ordered.paths))
            else:  # not the listing the parts index: by name, as any plan
                plan.work.settle()
        if self.speculating:
            text = "\0".join(self.order) if self.order is not None else ""
            self.queue.extend(replace(t, listing=text) if text else t for t in self.joiners)
        early, self.early = self.early, []
        if self.order is not None:  # else the run stops: the speculation failed
            for part in early:
                self._take_part(part, self.order)

    def answer(self, task: Task, value: object, final: bool) -> tuple[int, int]:
        """Take a worker's message about ``task``; return the files and bytes it adds."""
        if isinstance(value, Listing):  # a speculating worker's walk, taken by the plan
            return 0, 0
        if final:
            self.outstanding -= 1
            self.speculating -= isinstance(task, SpeculateTask)
        assert isinstance(value, Hashed)
        if isinstance(task, HashTask):
            self._take(value, task.relpaths)
        elif self.plan is None or self.order is None:
            self.early.append(value)
        else:
            self._take_part(value, self.order)
        files, size = len(value), value.bytes
        self.files += files
        self.bytes += size
        return files, size

    def _take_part(self, part: Hashed, order: list[str]) -> None:
        """Take a speculating worker's part: matched as it is, or else put by name.

        With an ordered plan, the part's tag files (listed first) are put by
        name and its payload files compared in one piece; the plan has no
        table of the payload by name to compare them with otherwise.
        """
        if self.done is not None:
            tags, part = part.cut(self.payload_from)
            if len(tags):
                self._take(tags, tags.paths(order))
            if len(part) and not self._matches_ordered(part):
                self._take(part, part.paths(order))
            return
        names = part.paths(order)
        if self._matches(part, names):
            self.got.matched.update(names)
            self.got.matched_bytes += sum(part.sizes)
        else:
            self._take(part, names)

    def _matches_ordered(self, part: Hashed) -> bool:
        """True, and its files flagged done, when every file of ``part`` (payload only)
        was read and has at its place in the plan's ordered columns every digest they hold.

        The part's digests are compared with the slices of the columns its
        runs of the listing cover: no name is looked at.
        """
        assert self.plan is not None and self.done is not None
        ordered = self.plan.work.ordered
        first = self.payload_from
        if ordered is None or part.errors or not part.spans:
            return False
        for alg, column in ordered.columns.items():
            width = ordered.width(alg)
            expected = b"".join(
                column[(start - first) * width : (start - first + count) * width]
                for start, count in part.spans
            )
            got = part.digests.get(alg)
            if got is None or got != expected:
                return False
        done = self.done
        for start, count in part.spans:
            done[start - first : start - first + count] = b"\1" * count
        self.got.matched_bytes += sum(part.sizes)
        return True

    def _matches(self, part: Hashed, names: list[str]) -> bool:
        """True when every file of ``part`` is payload, was read, and has every digest
        the plan expects of it (the usual case: then nothing is put by name).

        One text of the expected digests, in the part's order, is compared with
        the part's digests as text: no dictionary is built, none is merged.
        """
        assert self.plan is not None
        if part.errors or not names or min(start for start, _ in part.spans) < self.payload_from:
            return False
        compared = False
        for alg, table in self.plan.work.expected.items():
            column = part.digests.get(alg)
            if column is None:  # not hashed: no file of the part may need it
                if not table.keys().isdisjoint(names):
                    return False
                continue
            try:
                expected = "".join(map(table.__getitem__, names))
            except KeyError:  # a file the plan does not hash with it (F003, or another table)
                return False
            if expected != column.hex():
                return False
            compared = True
        return compared

    def _take(self, part: Hashed, names: Sequence[str]) -> None:
        """Add ``part``'s digests, ``names`` naming its files in order."""
        if len(part):
            self.got.update(part.keyed(names))

    def advance(self) -> Literal["wait", "more", "done"]:
        """Queue what the speculation left undone, once it is over and the plan is made.

        Returns "more" when tasks were queued, "done" when every digest is
        in, else "wait".
        """
        if self.plan is None or self.outstanding or self.queue:
            return "wait"
        if self.rest is None:
            # Matched files are judged already: from here on the plan's work is
            # what is left to judge, so remaining() and finish() leave out the
            # matched files once, here, rather than each over the whole table.
            ordered = self.plan.work.ordered
            if ordered is not None and self.done is not None:
                done = self.done
                # Their sizes are in matched_bytes; the others' come from hashing.
                self.plan.hashed = (
                    [p for p, d in zip(ordered.paths, done, strict=True) if not d]
                    if done.count(0)
                    else []
                )
                self.plan.work.settle(done)
            self.plan.work = self.plan.work.without(self.got.matched)
            self.rest = self.plan.work.remaining(self.got)
            self.queue.extend(chunk_work(self.path, self.rest, self.plan.sizes))
            if self.queue:
                return "more"
        return "done"

    def finish(self) -> BagReport:
        """The bag's report: the plan judged against every digest that came back."""
        assert self.plan is not None
        return finish(self.plan, self.got)
