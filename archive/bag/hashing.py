"""Digest algorithms, and hashing a bag's files with them in one read each.

Files are opened only through :mod:`archive.bag.beneath`, which never follows
a link. :func:`hash_file` is a pure top-level function of plain arguments so
that a worker process of a parallel fixity run can call it;
:func:`hash_in_order` is what a check uses for many files: the results are
added in the files' order to a few columns (:class:`~archive.bag.work.Hashed`,
no name and no object per file), and :func:`hash_into` puts them by name
(:class:`~archive.bag.work.Digests`). A small file is read with one system
call, and a large one in 1 MiB chunks into a buffer reused for every file of
the process, every requested algorithm fed from the same pass.
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from archive.bag.beneath import OPEN_FILE, Folders, describe_os_error, is_plain, open_beneath
from archive.bag.work import Digests, Hashed

__all__ = [
    "ALGORITHMS",
    "STRENGTH",
    "WEAK_ALGORITHMS",
    "FileDigest",
    "digest_length",
    "hash_file",
    "hash_files",
    "hash_in_order",
    "hash_into",
    "new_hasher",
]

CHUNK = 1 << 20

# Manifest algorithm names as RFC 8493 and bagit-python spell them (the part of
# ``manifest-<alg>.txt``), mapped to hashlib constructors.
# Each takes the first bytes to hash, optionally.
ALGORITHMS: dict[str, Callable[..., Any]] = {
    "md5": lambda data=b"": hashlib.md5(data, usedforsecurity=False),
    "sha1": lambda data=b"": hashlib.sha1(data, usedforsecurity=False),
    "sha224": hashlib.sha224,
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
    "sha512": hashlib.sha512,
    "sha3-224": hashlib.sha3_224,
    "sha3-256": hashlib.sha3_256,
    "sha3-384": hashlib.sha3_384,
    "sha3-512": hashlib.sha3_512,
    "blake2b-256": lambda data=b"": hashlib.blake2b(data, digest_size=32),
    "blake2b-384": lambda data=b"": hashlib.blake2b(data, digest_size=48),
    "blake2b-512": lambda data=b"": hashlib.blake2b(data, digest_size=64),
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

    :func:`hash_in_order` with the results by name. ``cached`` holds files
    already read whole (safely, while planning): they are hashed from memory
    instead of read again.
    """
    paths = list(relpaths)
    got = Hashed()
    hash_in_order(root, paths, algorithms, got, cached=cached)
    into.update(got.keyed(paths))


def hash_in_order(
    root: str | os.PathLike[str] | Folders,
    relpaths: Sequence[str],
    algorithms: Sequence[str],
    into: Hashed,
    *,
    cached: Mapping[str, bytes] | None = None,
) -> None:
    """Digest files of one bag onto the end of ``into``, a result per path; never raises for I/O.

    The same guarantees as :func:`hash_file`, with no object per file.
    ``root``: the bag's folder, or its open :class:`~archive.bag.beneath.Folders`
    (left open) for a caller that hashes a bag in many small calls.
    """
    count = len(relpaths)
    unknown = [alg for alg in algorithms if alg not in ALGORITHMS]
    if unknown:
        _fail_all(into, count, algorithms, f"unknown algorithm {unknown[0]!r}")
        return
    if isinstance(root, Folders):
        _hash_each(root, relpaths, algorithms, into, cached or {})
        return
    try:
        folders = Folders(root)
    except OSError as exc:
        _fail_all(into, count, algorithms, describe_os_error(exc))
        return
    try:
        _hash_each(folders, relpaths, algorithms, into, cached or {})
    finally:
        folders.close()


def _fail_all(into: Hashed, count: int, algorithms: Sequence[str], reason: str) -> None:
    first = len(into.sizes)
    into.errors.update(dict.fromkeys(range(first, first + count), reason))
    into.sizes.extend([-1] * count)
    for alg in algorithms:
        if alg in ALGORITHMS:  # a column for each known one, as hashing would give
            column = into.digests.setdefault(alg, bytearray())
            column += bytes(count * new_hasher(alg).digest_size)


_NOT_NAMES = frozenset({"", ".", ".."})
# Below this a file is read with one read of its size plus one byte: no
# buffer is sliced and no read is spent learning that the file has ended.
_SMALL = 256 << 10
_FILE_TYPE = 0o170000  # the type bits of st_mode (S_IFMT)


def _hash_each(
    folders: Folders,
    relpaths: Iterable[str],
    algorithms: Sequence[str],
    into: Hashed,
    cached: Mapping[str, bytes],
) -> None:
    """The loop of :func:`hash_in_order`: kept lean, it runs once per file of a collection.

    A small file read whole with one algorithm (the usual case) is hashed
    in one call and added without a list of hashers: at 50,000 files of
    4 KiB, every step per file is a tenth of the time hashing takes.
    """
    errors, sizes = into.errors, into.sizes
    append = sizes.append
    makers = [ALGORITHMS[alg] for alg in algorithms]
    columns = [into.digests.setdefault(alg, bytearray()) for alg in algorithms]
    blanks = [bytes(make().digest_size) for make in makers]
    one = makers[0] if len(makers) == 1 else None
    column = columns[0] if one is not None else bytearray()
    view = _buffer()
    open_at, fstat, read, close = os.open, os.fstat, os.read, os.close
    current: str | None = None  # the folder whose descriptor is folder_fd
    folder_fd = -1
    for relpath in relpaths:
        data = cached.get(relpath) if cached else None
        if data is not None:
            hashers = [make(data) for make in makers]
            size = len(data)
        else:
            folder, _, name = relpath.rpartition("/")
            try:
                if folder != current:
                    current = None
                    if folder and not is_plain(folder):
                        raise _not_plain(relpath)
                    folder_fd = folders.enter(folder)
                    current = folder
                if name in _NOT_NAMES or relpath[:1] == "/":
                    raise _not_plain(relpath)
                fd = open_at(name, OPEN_FILE, dir_fd=folder_fd)
                try:
                    info = fstat(fd)
                    if info.st_mode & _FILE_TYPE != stat.S_IFREG:
                        raise OSError(f"not a regular file: {relpath!r}")
                    size = info.st_size
                    data = read(fd, size + 1) if size < _SMALL else b""
                    if len(data) == size and one is not None:
                        column += one(data).digest()
                        append(size)
                        continue
                    hashers = [make(data) for make in makers]
                    if len(data) != size:  # large, grown or short: read on to the end
                        size = _read_on(fd, hashers, view, len(data), size)
                finally:
                    close(fd)
            except OSError as exc:
                errors[len(sizes)] = describe_os_error(exc)
                append(-1)
                for col, blank in zip(columns, blanks, strict=True):
                    col += blank
                continue
        append(size)
        for col, hasher in zip(columns, hashers, strict=True):
            col += hasher.digest()


def _not_plain(relpath: str) -> OSError:
    return OSError(f"refusing a path that is not plain: {relpath!r}")


def _read_on(fd: int, hashers: list[Any], view: memoryview, size: int, expected: int) -> int:
    """Read ``fd`` to its end in chunks into ``view``; ``size`` bytes were read before."""
    updates = [hasher.update for hasher in hashers]
    while n := os.readv(fd, [view]):
        size += n
        chunk = view[:n] if n < CHUNK else view
        for update in updates:
            update(chunk)
        if n < CHUNK and size == expected:
            break
    return size
