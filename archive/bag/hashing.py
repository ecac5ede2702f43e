"""Digest algorithms and the one safe way this package opens a file inside a bag.

A bag is untrusted input: any folder in it may be a symbolic link planted to
make a checker read ``/etc/passwd`` or a device. So no file inside a bag is
opened by its joined path. :func:`open_beneath` walks the path one component
at a time from the bag's own folder with ``O_NOFOLLOW``, so a symbolic link
anywhere on the way, or a folder swapped for one after the walk, fails the
open instead of being followed, and anything but a regular file is refused.

:func:`hash_file` is a pure top-level function of plain arguments so that a
worker process of a parallel fixity run can call it: it reads a file once, in
1 MiB chunks into a buffer reused for every file of the process, and feeds
every requested algorithm from the same pass.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from archive.bag.work import Digests

__all__ = [
    "ALGORITHMS",
    "STRENGTH",
    "WEAK_ALGORITHMS",
    "FileDigest",
    "describe_os_error",
    "digest_length",
    "hash_file",
    "hash_files",
    "hash_into",
    "new_hasher",
    "open_at",
    "open_beneath",
    "read_at",
    "read_beneath",
    "read_open",
]

CHUNK = 1 << 20

# Manifest algorithm names as RFC 8493 and bagit-python spell them (the part of
# ``manifest-<alg>.txt``), mapped to hashlib constructors.
ALGORITHMS: dict[str, Callable[[], Any]] = {
    "md5": lambda: hashlib.md5(usedforsecurity=False),
    "sha1": lambda: hashlib.sha1(usedforsecurity=False),
    "sha224": hashlib.sha224,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
    "sha3-224": hashlib.sha3_224,
    "sha3-256": hashlib.sha3_256,
    "sha3-384": hashlib.sha3_384,
    "sha3-512": hashlib.sha3_512,
    "blake2b-256": lambda: hashlib.blake2b(digest_size=32),
    "blake2b-384": lambda: hashlib.blake2b(digest_size=48),
    "blake2b-512": lambda: hashlib.blake2b(digest_size=64),
}

# Collisions can be made on purpose for these two: they still detect decay, not tampering.
WEAK_ALGORITHMS = frozenset({"md5", "sha1"})

# Strongest first; used to pick the tag manifest that identifies a bag's state.
STRENGTH = (
    "sha512",
    "sha3-512",
    "blake2b-512",
    "sha384",
    "sha3-384",
    "blake2b-384",
    "sha256",
    "sha3-256",
    "blake2b-256",
    "sha224",
    "sha3-224",
    "sha1",
    "md5",
)

_local = threading.local()


def new_hasher(algorithm: str) -> Any:
    """A fresh hash object for a manifest algorithm name such as ``sha512``.

    Raises:
        KeyError: the algorithm is not one of :data:`ALGORITHMS`.
    """
    return ALGORITHMS[algorithm]()


def digest_length(algorithm: str) -> int:
    """How many hex digits a digest of ``algorithm`` has.

    >>> digest_length("sha512"), digest_length("md5")
    (128, 32)
    """
    return int(new_hasher(algorithm).digest_size) * 2


@dataclass(frozen=True, slots=True)
class FileDigest:
    """What hashing one file gave: its digests, or why it could not be read."""

    relpath: str
    size: int = 0
    digests: dict[str, str] = field(default_factory=dict)
    error: str | None = None


def _buffer() -> memoryview:
    view: memoryview | None = getattr(_local, "view", None)
    if view is None:
        view = memoryview(bytearray(CHUNK))
        _local.view = view
    return view


@contextmanager
def open_beneath(root: str | os.PathLike[str], relpath: str) -> Iterator[int]:
    """Open the regular file ``relpath`` inside ``root`` without following any link.

    Yields a read-only file descriptor, closed on exit.

    Raises:
        OSError: the path has a symbolic link or a non-folder on the way
            (``ELOOP``/``ENOTDIR``), is missing, or is not a regular file.
    """
    parts = relpath.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise OSError(f"refusing a path that is not plain: {relpath!r}")
    nofollow = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
    try:
        for part in parts[:-1]:
            next_fd = os.open(part, nofollow | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = next_fd
        # O_NONBLOCK: opening a FIFO planted in a bag must not hang the checker.
        file_fd = os.open(parts[-1], nofollow | os.O_NONBLOCK, dir_fd=fd)
    finally:
        os.close(fd)
    try:
        if not stat.S_ISREG(os.fstat(file_fd).st_mode):
            raise OSError(f"not a regular file: {relpath!r}")
        yield file_fd
    finally:
        os.close(file_fd)


def read_beneath(root: str | os.PathLike[str], relpath: str, limit: int) -> bytes:
    """Read a whole (small) file inside ``root`` safely; at most ``limit`` bytes.

    Raises:
        OSError: as :func:`open_beneath`, or the file is larger than ``limit``.
    """
    folder, _, name = relpath.rpartition("/")
    if not name or (folder and not _plain(folder)) or name in (".", ".."):
        raise OSError(f"refusing a path that is not plain: {relpath!r}")
    folders = _Folders(root)
    try:
        return read_at(folders.enter(folder), name, limit)
    finally:
        folders.close()


def read_at(folder_fd: int, name: str, limit: int) -> bytes:
    """Read the whole regular file ``name`` in the open folder ``folder_fd``; no link followed.

    Four system calls for a small file (open, fstat, read, close): a short
    read of a regular file is its end.

    Raises:
        OSError: ``name`` is a link or not a regular file, cannot be read,
            or has more than ``limit`` bytes.
    """
    with open_at(folder_fd, name) as (fd, size):
        return read_open(fd, size, limit)


@contextmanager
def open_at(folder_fd: int, name: str) -> Iterator[tuple[int, int]]:
    """Open the regular file ``name`` in the open folder ``folder_fd``, not following a link.

    Yields its descriptor and size, and closes it on exit.

    Raises:
        OSError: ``name`` is a link or not a regular file, or cannot be opened.
    """
    fd = os.open(name, _OPEN_FILE, dir_fd=folder_fd)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"not a regular file: {name!r}")
        yield fd, info.st_size
    finally:
        os.close(fd)


def read_open(fd: int, size: int, limit: int) -> bytes:
    """The rest of the open file ``fd`` of ``size`` bytes (as fstat gave it), at most ``limit``.

    Raises:
        OSError: it cannot be read, or has more than ``limit`` bytes.
    """
    if size > limit:
        raise OSError(f"{size} bytes is more than the {limit} bytes a tag file may have")
    data = os.read(fd, size + 1)
    if len(data) <= size:
        return data
    chunks, total = [data], len(data)  # it grew since the fstat: read on, within the limit
    while total <= limit and (chunk := os.read(fd, CHUNK)):
        total += len(chunk)
        chunks.append(chunk)
    if total > limit:
        raise OSError(f"more than the {limit} bytes a tag file may have")
    return b"".join(chunks)


def hash_file(root: str | os.PathLike[str], relpath: str, algorithms: Sequence[str]) -> FileDigest:
    """Digest one file of a bag with every algorithm in one read; never raises for I/O.

    Safe to run in a worker process: the arguments and the result are plain
    picklable values.

    Args:
        root: the bag's folder.
        relpath: the file's bag-relative path with ``/`` separators.
        algorithms: manifest algorithm names (``sha512``, ``md5`` ...).

    Returns:
        The digests in lowercase hex and the bytes read, or ``error`` set to
        the reason the file could not be read.
    """
    try:
        hashers = [(alg, new_hasher(alg)) for alg in algorithms]
    except KeyError as exc:
        return FileDigest(relpath, error=f"unknown algorithm {exc.args[0]!r}")
    view = _buffer()
    size = 0
    try:
        with open_beneath(root, relpath) as fd:
            while n := os.readv(fd, [view]):
                size += n
                chunk = view[:n]
                for _alg, hasher in hashers:
                    hasher.update(chunk)
    except OSError as exc:
        return FileDigest(relpath, size=size, error=describe_os_error(exc))
    return FileDigest(relpath, size, {alg: h.hexdigest() for alg, h in hashers})


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_OPEN_FOLDER = os.O_RDONLY | os.O_NOFOLLOW | os.O_DIRECTORY | _CLOEXEC
# O_NONBLOCK: opening a FIFO planted in a bag must not hang the checker.
_OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _CLOEXEC


class _Folders:
    """The chain of open folders from a bag's root to the folder of the current file.

    Each folder is opened from its parent with ``O_NOFOLLOW``, as
    :func:`open_beneath` does, but kept open while the next paths (in sorted
    order, so neighbours share folders) stay below it: one ``open`` per file
    instead of one per path component, and never more descriptors than the
    depth of the bag.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.current: str | None = ""
        self.names: list[str] = []
        self.fds = [os.open(root, os.O_RDONLY | os.O_DIRECTORY | _CLOEXEC)]

    def enter(self, folder: str) -> int:
        """The descriptor of ``folder`` (bag-relative, plain components, "" for the root)."""
        if folder == self.current:
            return self.fds[-1]
        self.current = None  # until every component below is open
        parts = folder.split("/") if folder else []
        keep = 0
        for have, want in zip(self.names, parts, strict=False):
            if have != want:
                break
            keep += 1
        for fd in self.fds[keep + 1 :]:
            os.close(fd)
        del self.fds[keep + 1 :], self.names[keep:]
        for part in parts[keep:]:
            self.fds.append(os.open(part, _OPEN_FOLDER, dir_fd=self.fds[-1]))
            self.names.append(part)
        self.current = folder
        return self.fds[-1]

    def close(self) -> None:
        for fd in self.fds:
            os.close(fd)
        self.fds.clear()


def _plain(relpath: str) -> bool:
    """True when no component of ``relpath`` is empty, ``.`` or ``..``.

    >>> _plain("data/a.txt"), _plain("data/../x"), _plain("data//x"), _plain("./data")
    (True, False, False, False)
    """
    framed = f"/{relpath}/"
    return "//" not in framed and "/./" not in framed and "/../" not in framed


def hash_files(
    root: str | os.PathLike[str], relpaths: Iterable[str], algorithms: Sequence[str]
) -> list[FileDigest]:
    """Digest many files of one bag, as :func:`hash_file` does each; never raises for I/O.

    :func:`hash_into` (what a check uses) with an object per file: the same
    guarantees as :func:`hash_file` (no link followed, only regular files
    read), each folder on the way opened once for the files that follow in
    it, so pass ``relpaths`` sorted. A bag root that cannot be opened gives
    every file that error.
    """
    paths = list(relpaths)
    got = Digests()
    hash_into(root, paths, algorithms, got)
    return [
        FileDigest(p, error=got.errors[p])
        if p in got.errors
        else FileDigest(p, got.sizes[p], {a: got.hexes[a][p] for a in algorithms})
        for p in paths
    ]


def hash_into(
    root: str | os.PathLike[str],
    relpaths: Iterable[str],
    algorithms: Sequence[str],
    into: Digests,
    *,
    cached: Mapping[str, bytes] | None = None,
) -> None:
    """Digest files of one bag into ``into``, as :func:`hash_files` does; never raises for I/O.

    The same guarantees as :func:`hash_file`, with no object per file: each
    result lands in the dictionaries of :class:`~archive.bag.work.Digests`.
    ``cached`` holds files already read whole (safely, while planning): they
    are hashed from memory instead of read again.
    """
    errors, sizes = into.errors, into.sizes
    unknown = [alg for alg in algorithms if alg not in ALGORITHMS]
    if unknown:
        errors.update(dict.fromkeys(relpaths, f"unknown algorithm {unknown[0]!r}"))
        return
    makers = [ALGORITHMS[alg] for alg in algorithms]
    tables = [into.hexes.setdefault(alg, {}) for alg in algorithms]
    try:
        folders = _Folders(root)
    except OSError as exc:
        errors.update(dict.fromkeys(relpaths, describe_os_error(exc)))
        return
    view = _buffer()
    try:
        for relpath in relpaths:
            hashers = [make() for make in makers]
            data = cached.get(relpath) if cached else None
            if data is not None:
                for hasher in hashers:
                    hasher.update(data)
                size = len(data)
            elif not _plain(relpath):
                errors[relpath] = f"refusing a path that is not plain: {relpath!r}"
                continue
            else:
                try:
                    size = _read_into(folders, relpath, hashers, view)
                except OSError as exc:
                    errors[relpath] = describe_os_error(exc)
                    continue
            sizes[relpath] = size
            for table, hasher in zip(tables, hashers, strict=True):
                table[relpath] = hasher.hexdigest()
    finally:
        folders.close()


def _read_into(folders: _Folders, relpath: str, hashers: list[Any], view: memoryview) -> int:
    """Feed the regular file ``relpath`` to ``hashers``; the bytes read.

    A short read that brings the count to the size ``fstat`` gave is taken
    as the end, which spares the read that would return nothing (one system
    call in four for a small file); anything else reads on to the end.
    """
    folder, _, name = relpath.rpartition("/")
    fd = os.open(name, _OPEN_FILE, dir_fd=folders.enter(folder))
    size = 0
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(f"not a regular file: {relpath!r}")
        expected = info.st_size
        updates = [hasher.update for hasher in hashers]
        while n := os.readv(fd, [view]):
            size += n
            chunk = view[:n] if n < CHUNK else view
            for update in updates:
                update(chunk)
            if n < CHUNK and size == expected:
                break
    finally:
        os.close(fd)
    return size


_REASONS = {
    errno.ELOOP: "it is a symbolic link, or one is on its path (not followed)",
    errno.ENOTDIR: "a folder on its path is not a folder",
    errno.ENOENT: "it does not exist",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "input/output error (the disk may be failing)",
}


def describe_os_error(exc: OSError) -> str:
    """Plain words for why a file could not be opened or read."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or str(exc)
