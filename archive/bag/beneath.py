"""Opening a file inside a bag: the one safe way, never following a link.

A bag is untrusted input: any folder in it may be a symbolic link planted to
make a checker read ``/etc/passwd`` or a device. So no file inside a bag is
opened by its joined path. :func:`open_beneath` walks the path one component
at a time from the bag's own folder with ``O_NOFOLLOW``, so a symbolic link
anywhere on the way, or a folder swapped for one after the walk, fails the
open instead of being followed, and anything but a regular file is refused.
:class:`Folders` does the same for many files, keeping the folders on the way
open while the next (sorted) paths stay below them.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = [
    "OPEN_FILE",
    "Folders",
    "describe_os_error",
    "is_plain",
    "open_at",
    "open_beneath",
    "read_at",
    "read_beneath",
    "read_open",
]

CHUNK = 1 << 20

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_OPEN_FOLDER = os.O_RDONLY | os.O_NOFOLLOW | os.O_DIRECTORY | _CLOEXEC
# O_NONBLOCK: opening a FIFO planted in a bag must not hang the checker.
OPEN_FILE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | _CLOEXEC


class Folders:
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


def is_plain(relpath: str) -> bool:
    """True when no component of ``relpath`` is empty, ``.`` or ``..``.

    >>> is_plain("data/a.txt"), is_plain("data/../x"), is_plain("data//x"), is_plain("./data")
    (True, False, False, False)
    """
    framed = f"/{relpath}/"
    return "//" not in framed and "/./" not in framed and "/../" not in framed


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
    if not name or (folder and not is_plain(folder)) or name in (".", ".."):
        raise OSError(f"refusing a path that is not plain: {relpath!r}")
    folders = Folders(root)
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
    fd = os.open(name, OPEN_FILE, dir_fd=folder_fd)
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
