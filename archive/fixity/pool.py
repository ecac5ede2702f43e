"""A bounded pool of worker processes that the fixity runner drives itself.

Why not :mod:`concurrent.futures`: its shutdown cannot stop a task in
progress (a worker hashing a 100 GB file finishes it first), it cannot say
which task a dead worker held, and it feeds workers from one shared queue
whose lock a killed worker can take to its grave. Here each worker has its
own pipe and holds at most ``depth`` tasks; the runner waits on the pipes and
the process sentinels together, so a worker that dies is noticed at once,
and every way out (the end of the run, Ctrl-C, a dead worker, an error)
goes through :meth:`WorkerPool.shutdown`, which reaps every worker.

Workers ignore SIGINT: on Ctrl-C in a terminal the whole process group gets
the signal, and only the runner must react (by stopping the workers). On
Linux a worker also asks the kernel to kill it if the runner dies, so that
not even a runner killed with SIGKILL leaves a worker hashing on its own.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing

# Loaded with this module rather than by the first run's start (a few ms).
import multiprocessing.popen_fork
import multiprocessing.sharedctypes
import multiprocessing.synchronize
import os
import pickle
import selectors
import signal
import sys
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

__all__ = ["Answer", "Failure", "WorkerDied", "WorkerPool", "context"]

_log = logging.getLogger(__name__)

# Seconds a worker gets to exit after SIGTERM before SIGKILL.
_GRACE = 2.0
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@dataclass(frozen=True, slots=True)
class Failure:
    """What a worker sends back when a task raised: the exception, as text."""

    summary: str
    traceback: str

    @classmethod
    def of(cls, exc: Exception) -> Failure:
        """The failure of a task that raised ``exc`` (call it in the ``except`` block)."""
        return cls(f"{type(exc).__name__}: {exc}", traceback.format_exc())


@dataclass(frozen=True, slots=True)
class Answer:
    """A message from worker ``worker`` about ``task``: its result, or a note on the way."""

    worker: int
    task: Any
    value: Any
    final: bool


class WorkerDied(Exception):
    """A worker process ended while it held tasks (killed, out of memory, crashed)."""

    def __init__(self, pid: int, exitcode: int | None, held: list[Any]) -> None:
        how = f"was killed by signal {-exitcode}" if exitcode and exitcode < 0 else "exited"
        super().__init__(f"worker process {pid} {how} (exit code {exitcode})")
        self.held = held


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    held: deque[Any] = field(default_factory=deque)
    told_to_stop: bool = False


Handler = Callable[[Any, Callable[[Any], None]], Any]


def _dump(value: Any) -> bytes:
    # Plain pickle, not multiprocessing's ForkingPickler: tasks and answers
    # are plain values, and a message per small bag makes its set-up costly.
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


_load = pickle.loads


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when the runner dies, even by SIGKILL."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the runner died before the request was made
        os._exit(1)


def _serve(
    conn: Connection,
    handler: Handler,
    setup: tuple[Callable[..., None], tuple[Any, ...]] | None,
    inherited: tuple[int, ...],
    parent: int,
) -> None:
    """A worker's loop: answer tasks in order until told to stop or the runner is gone.

    ``handler(task, note)`` returns the result; it may call ``note(value)``
    on the way to tell the runner how far it got. ``setup`` is a function
    and its arguments, called once first.
    """
    if sys.platform.startswith("linux"):
        _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the runner's own handler is not ours
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # A forked worker holds copies of the runner's ends of the other workers'
    # pipes; closed, so a worker sees end-of-file as soon as the runner is gone.
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    # What the worker inherited lives as long as it does: out of the garbage
    # collector's sight, a collection neither walks it nor copies its pages.
    gc.freeze()
    if setup is not None:
        setup[0](*setup[1])
    while True:
        try:
            task = _load(conn.recv_bytes())
        except (EOFError, OSError):
            return  # the runner is gone
        if task is None:
            return
        try:
            result = handler(task, lambda value: conn.send_bytes(_dump((False, value))))
        except (BrokenPipeError, EOFError):
            return  # the runner is gone
        except Exception as exc:
            result = Failure.of(exc)
        try:
            conn.send_bytes(_dump((True, result)))
        except OSError:
            return


def _start_method() -> str:
    # fork starts a worker in milliseconds, and the runner forks before it
    # starts any thread; elsewhere (macOS, Windows) fork is unsafe or absent.
    return "fork" if sys.platform.startswith("linux") else "spawn"


def context() -> Any:
    """The multiprocessing context the workers start with (for shared values)."""
    return multiprocessing.get_context(_start_method())


class WorkerPool:
    """``size`` worker processes, each answering tasks with ``handler`` (a top-level function).

    ``setup(*setup_args)`` runs first in each worker (as ``initializer`` does
    for :class:`multiprocessing.pool.Pool`).
    """

    def __init__(
        self,
        size: int,
        handler: Handler,
        *,
        depth: int = 2,
        setup: Callable[..., None] | None = None,
        setup_args: tuple[Any, ...] = (),
    ) -> None:
        self.size = max(1, size)
        self.depth = depth
        self._handler = handler
        self._setup = (setup, setup_args) if setup is not None else None
        self._workers: list[_Worker] = []
        self._selector = selectors.DefaultSelector()
        # A pipe to itself: a byte written to it ends a wait() in another thread.
        self._wake = os.pipe()
        for fd in self._wake:
            os.set_blocking(fd, False)
        self._selector.register(self._wake[0], selectors.EVENT_READ)

    def __enter__(self) -> WorkerPool:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown(graceful=exc[0] is None)

    def start(self) -> None:
        """Start the workers, with SIGINT blocked until each has chosen to ignore it."""
        method = _start_method()
        ctx: Any = multiprocessing.get_context(method)
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            for n in range(self.size):
                mine, theirs = ctx.Pipe(duplex=True)
                ours = [w.conn.fileno() for w in self._workers] + [mine.fileno(), *self._wake]
                process = ctx.Process(
                    target=_serve,
                    args=(
                        theirs,
                        self._handler,
                        self._setup,
                        tuple(ours) if method == "fork" else (),
                        os.getpid(),
                    ),
                    name=f"archive-fixity-{n}",
                    daemon=True,
                )
                process.start()
                theirs.close()
                self._workers.append(_Worker(process, mine))
                # One selector for the whole run: the pipes and the process
                # sentinels (readable when a worker ends).
                self._selector.register(mine.fileno(), selectors.EVENT_READ)
                self._selector.register(process.sentinel, selectors.EVENT_READ)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)

    @property
    def busy(self) -> int:
        """How many tasks the workers hold in all."""
        return sum(len(w.held) for w in self._workers)

    def holds(self, worker: int) -> int:
        """How many tasks worker number ``worker`` holds."""
        return len(self._workers[worker].held)

    def free(self) -> list[int]:
        """The workers that can take one more task, least loaded first."""
        order = sorted(range(len(self._workers)), key=lambda i: len(self._workers[i].held))
        return [i for i in order if len(self._workers[i].held) < self.depth]

    def send(self, worker: int, task: Any) -> None:
        """Give ``task`` to worker number ``worker``, which must have a free slot
        (and not be released).

        Raises:
            WorkerDied: the worker is gone (its pipe is broken).
        """
        w = self._workers[worker]
        w.held.append(task)
        try:
            w.conn.send_bytes(_dump(task))
        except OSError as exc:
            w.process.join(_GRACE)
            raise WorkerDied(w.process.pid or 0, w.process.exitcode, list(w.held)) from exc

    def wait(self, timeout: float | None = None) -> list[Answer]:
        """Wait for messages from the workers; return them, in order for each worker.

        ``timeout``: seconds to wait at most (then the list may be empty).

        Raises:
            WorkerDied: a worker ended; what it sent before is returned first.
        """
        ready = {key.fd for key, _ in self._selector.select(timeout)}
        if self._wake[0] in ready:
            with contextlib.suppress(BlockingIOError):
                while os.read(self._wake[0], 4096):
                    pass
        out: list[Answer] = []
        for n, w in enumerate(self._workers):
            # One message per readable pipe: a message that follows keeps the
            # pipe readable for the next select (Connection.poll would build a
            # selector of its own for each call).
            if not w.held or w.conn.fileno() not in ready:
                continue
            try:
                final, value = _load(w.conn.recv_bytes())
            except (EOFError, OSError):
                continue
            task = w.held.popleft() if final else w.held[0]
            out.append(Answer(n, task, value, final))
        if not out:
            for w in self._workers:
                if not w.process.is_alive():
                    w.process.join(0)
                    raise WorkerDied(w.process.pid or 0, w.process.exitcode, list(w.held))
        return out

    def wake(self) -> None:
        """End a :meth:`wait` that another thread is in (it returns what it has, maybe nothing)."""
        with contextlib.suppress(BlockingIOError):  # full: a wake-up is already pending
            os.write(self._wake[1], b"\0")

    def release(self) -> None:
        """No task will follow: ask the idle workers to stop now.

        They exit while the runner finishes its own work (a report to
        write), so that :meth:`shutdown` finds them gone instead of
        waiting for them.
        """
        for w in self._workers:
            if not w.held and not w.told_to_stop:
                w.told_to_stop = True
                with contextlib.suppress(OSError):
                    w.conn.send_bytes(_dump(None))

    def shutdown(self, *, graceful: bool = True) -> None:
        """Stop every worker and reap it; never leaves a process behind.

        Graceful: idle workers are asked to stop. Otherwise (or when a worker
        does not stop in time) workers get SIGTERM, then SIGKILL.
        """
        workers, self._workers = self._workers, []
        self._selector.close()
        for fd in self._wake:
            with contextlib.suppress(OSError):
                os.close(fd)
        if graceful:
            for w in workers:
                if not w.held and not w.told_to_stop:
                    with contextlib.suppress(OSError):
                        w.conn.send_bytes(_dump(None))
        for w in workers:
            if not graceful or w.held:
                _signal(w.process, signal.SIGTERM)
        for w in workers:
            w.process.join(_GRACE)
            if w.process.exitcode is None:
                _signal(w.process, signal.SIGKILL)
                w.process.join()
            w.conn.close()
            _log.debug("worker %s ended with %s", w.process.pid, w.process.exitcode)


def _signal(process: BaseProcess, sig: int) -> None:
    if process.pid is not None and process.exitcode is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, sig)
