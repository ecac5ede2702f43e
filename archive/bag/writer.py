"""Writing a BagIt 1.0 bag (RFC 8493) around a payload the caller has staged.

The output is deterministic: the same payload, ``info`` and options give the
same bytes. Manifest lines are ``<lowercase hex>  <path>``, sorted by the
UTF-8 bytes of the path, LF-terminated; paths are percent-encoded as RFC 8493
§2.1.3 requires (``%`` → ``%25``, LF → ``%0A``, CR → ``%0D``, upper-case hex).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from archive.bag.hashing import ALGORITHMS, hash_file
from archive.bag.inventory import Inventory, walk
from archive.bag.manifest import encode_path, manifest_name, unsafe_reason
from archive.bag.tagfiles import format_tag_lines, tag_line_problem
from archive.errors import PackagingError, UsageError

__all__ = ["BagSummary", "bag_size", "write_bag"]

_DECLARATION = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
_RESERVED = ("bagit.txt", "bag-info.txt", "fetch.txt")
_UNITS = ("KB", "MB", "GB", "TB", "PB", "EB")


@dataclass(frozen=True, slots=True)
class BagSummary:
    """What :func:`write_bag` wrote: payload totals, the Payload-Oxum and the manifests."""

    payload_bytes: int
    payload_files: int
    oxum: str
    manifests: tuple[str, ...]


def bag_size(octets: int) -> str:
    """Bag-Size in the customary human form, in decimal units (1 KB = 1000 bytes).

    One decimal under 10 units, none above, as in "2.3 MB" or "260 GB".

    >>> bag_size(999), bag_size(2_345_678), bag_size(260_000_000_000)
    ('999 bytes', '2.3 MB', '260 GB')
    """
    if octets < 1000:
        return f"{octets} bytes"
    value = float(octets)
    for unit in _UNITS:
        value /= 1000
        if value < 999.95 or unit == _UNITS[-1]:
            return f"{value:.1f} {unit}" if value < 9.95 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")


def _check_algorithms(algorithms: Sequence[str]) -> tuple[str, ...]:
    if not algorithms:
        raise UsageError("at least one digest algorithm is needed")
    unknown = [a for a in algorithms if a not in ALGORITHMS]
    if unknown:
        raise UsageError(
            f"unknown digest algorithm {unknown[0]!r}; known: {', '.join(sorted(ALGORITHMS))}"
        )
    if len(set(algorithms)) != len(algorithms):
        raise UsageError(f"digest algorithms repeated: {', '.join(algorithms)}")
    return tuple(algorithms)


def _bag_info(info: Sequence[tuple[str, str]], octets: int, files: int) -> list[tuple[str, str]]:
    entries = list(info)
    for label, value in entries:
        problem = tag_line_problem(label, value)
        if problem:
            raise PackagingError(f"bag-info {label!r} cannot be written: {problem}", input=label)
    given = {label.lower() for label, _ in entries}
    if "payload-oxum" not in given:
        entries.append(("Payload-Oxum", f"{octets}.{files}"))
    if "bag-size" not in given:
        entries.append(("Bag-Size", bag_size(octets)))
    return entries


def _staged(root: Path) -> Inventory:
    if not root.is_dir() or root.is_symlink():
        raise PackagingError("is not a folder", input=root)
    inv = walk(root)
    if "data" not in inv.dirs:
        raise PackagingError("has no data/ folder with the payload", input=root)
    clutter = [
        p for p in inv.files if p in _RESERVED or ("/" not in p and manifest_name(p) is not None)
    ]
    odd = inv.symlinks + inv.specials + [p for p, _ in inv.unreadable]
    if clutter:
        raise PackagingError(f"already holds {clutter[0]}; stage a fresh folder", input=root)
    if odd:
        raise PackagingError(f"{odd[0]} is a link, special or unreadable file", input=root)
    for path in inv.files:
        reason = unsafe_reason(path)
        if reason is not None:
            raise PackagingError(f"the file name {path!r} {reason}", input=root)
        try:
            path.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise PackagingError(f"the file name {path!r} is not valid UTF-8", input=root) from exc
    return inv


def _digests(
    root: Path, paths: Sequence[str], algorithms: Sequence[str]
) -> dict[str, dict[str, str]]:
    out = {}
    for path in paths:
        result = hash_file(root, path, algorithms)
        if result.error is not None:
            raise PackagingError(f"cannot read {path}: {result.error}", input=root)
        out[path] = result.digests
    return out


def _manifest_bytes(digests: dict[str, dict[str, str]], alg: str) -> bytes:
    ordered = sorted(digests, key=lambda p: p.encode("utf-8"))
    return "".join(f"{digests[p][alg]}  {encode_path(p)}\n" for p in ordered).encode("utf-8")


def _write(root: Path, name: str, data: bytes, written: list[str]) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(root / name, flags, 0o644)
    written.append(name)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(root: Path, written: Sequence[str]) -> None:
    """Take back the tag files written so far, so a failed call leaves the staging as it was."""
    for name in written:
        with contextlib.suppress(OSError):
            (root / name).unlink()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _finish_folders(root: Path, inv: Inventory, written: Sequence[str], mtime: int | None) -> None:
    if mtime is not None:
        for rel in [*inv.files, *written]:
            os.utime(root / rel, (mtime, mtime), follow_symlinks=False)
    # Deepest first, so a folder's time is set after everything inside it changed.
    for rel in sorted(inv.dirs, key=lambda p: (-p.count("/"), p)):
        if mtime is not None:
            os.utime(root / rel, (mtime, mtime), follow_symlinks=False)
        _fsync_dir(root / rel)
    if mtime is not None:
        os.utime(root, (mtime, mtime), follow_symlinks=False)
    _fsync_dir(root)


def write_bag(
    root: Path,
    *,
    info: Sequence[tuple[str, str]],
    algorithms: Sequence[str] = ("sha512",),
    mtime: int | None = None,
) -> BagSummary:
    """Turn ``root``, which holds the staged payload in ``data/``, into a BagIt 1.0 bag.

    Writes, in this order: one payload manifest per algorithm (each payload
    file read once for all of them), ``bagit.txt``, ``bag-info.txt`` (``info``
    in the given order, then Payload-Oxum and Bag-Size unless given), and one
    tag manifest per algorithm over every file outside ``data/`` except the
    tag manifests. On failure the tag files already written are removed again.
    Every file written and every folder is fsynced, so the bag
    is durable before the caller renames it into place; the payload files are
    the caller's to sync. With ``mtime`` every file and folder gets that time.

    Percent signs in payload names are written as ``%25`` as RFC 8493 says,
    but bagit-python 1.9 does not decode ``%25`` (only ``%0A``/``%0D``), so it
    reads such a bag as missing a file; the pipeline avoids ``%`` in names.

    Args:
        root: the staging folder; it must hold ``data/`` and no tag files yet.
        info: bag-info labels and values; labels must not hold colons, line
            breaks or outer whitespace, values no line breaks.
        algorithms: manifest algorithms, ``sha512`` by default.
        mtime: seconds since the epoch for every file and folder, or None.

    Raises:
        UsageError: an algorithm is unknown or repeated.
        PackagingError: the staging folder or ``info`` cannot make a bag, or an OS error.
    """
    algs = _check_algorithms(algorithms)
    root = Path(root)
    written: list[str] = []
    try:
        inv = _staged(root)
        payload = inv.payload()
        digests = _digests(root, sorted(payload), algs)
        octets = sum(payload.values())
        entries = _bag_info(info, octets, len(payload))
        for alg in algs:
            _write(root, f"manifest-{alg}.txt", _manifest_bytes(digests, alg), written)
        _write(root, "bagit.txt", _DECLARATION, written)
        _write(root, "bag-info.txt", format_tag_lines(entries), written)
        tag_digests = _digests(root, [*inv.tag_files(), *written], algs)
        for alg in algs:
            _write(root, f"tagmanifest-{alg}.txt", _manifest_bytes(tag_digests, alg), written)
        _finish_folders(root, inv, written, mtime)
    except OSError as exc:
        _remove(root, written)
        raise PackagingError(f"cannot write the bag: {exc.strerror or exc}", input=root) from exc
    except PackagingError:
        _remove(root, written)
        raise
    manifests = tuple(n for n in written if manifest_name(n) is not None)
    return BagSummary(octets, len(payload), f"{octets}.{len(payload)}", manifests)
