"""Careful file operations: confined paths, hashed copies, atomic placement.

Everything the tool writes to an output folder is built in a temporary folder
beside its destination (same file system) and moved into place with one
``rename``; a crash leaves either the old state or the new one, plus a
``.archive-tmp-*`` folder that the next run removes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

from archive.errors import InputError, PackagingError

CHUNK = 1 << 20
TMP_PREFIX = ".archive-tmp-"
TRASH_PREFIX = ".archive-old-"


def confined(root: Path, relative: str, *, what: str) -> Path:
    """The path ``relative`` under ``root``, refusing anything that leaves ``root``.

    Both the lexical path and the resolved one (after symlinks) must stay
    inside ``root``: ``../x``, absolute paths and links pointing out are refused.

    Raises:
        InputError: the path leaves ``root``.
    """
    if not relative or "\x00" in relative:
        raise InputError(f"{what} {relative!r} is not a usable path", input=root)
    if relative.startswith(("/", "\\", "~")) or (len(relative) > 1 and relative[1] == ":"):
        raise InputError(
            f"{what} {relative!r} is an absolute path; only paths inside {root} are used",
            input=root,
        )
    parts = relative.replace("\\", "/").split("/")
    if ".." in parts:
        raise InputError(f"{what} {relative!r} points outside the article folder", input=root)
    candidate = root.joinpath(*[p for p in parts if p not in ("", ".")])
    real_root = root.resolve()
    try:
        real = candidate.resolve()
    except (OSError, RuntimeError) as exc:  # symlink loops
        raise InputError(f"{what} {relative!r} cannot be resolved: {exc}", input=root) from exc
    if real != real_root and real_root not in real.parents:
        raise InputError(
            f"{what} {relative!r} is a link to {real}, outside the article folder", input=root
        )
    return candidate


def copy_hashed(src: Path, dst: Path, *, max_bytes: int | None = None) -> tuple[str, int]:
    """Copy a regular file byte for byte, returning the SHA-256 and size of what was written.

    The digest is computed from the very bytes written, so a file changing
    during the copy cannot give a bag whose metadata disagrees with it.

    Raises:
        InputError: ``src`` is not a readable regular file or is too large.
        PackagingError: ``dst`` cannot be written.
    """
    digest = hashlib.sha256()
    size = 0
    try:
        fd = os.open(src, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", input=src) from exc
    with os.fdopen(fd, "rb") as reader:
        if not stat.S_ISREG(os.fstat(reader.fileno()).st_mode):
            raise InputError("is not a regular file", input=src)
        try:
            with open(dst, "xb") as writer:
                buf = bytearray(CHUNK)
                view = memoryview(buf)
                while n := reader.readinto(buf):
                    size += n
                    if max_bytes is not None and size > max_bytes:
                        raise InputError(
                            f"is larger than the limit of {max_bytes} bytes", input=src
                        )
                    digest.update(view[:n])
                    writer.write(view[:n])
                writer.flush()
                os.fsync(writer.fileno())
        except OSError as exc:
            if exc.filename == str(dst) or not dst.exists():
                raise PackagingError(f"cannot write {dst}: {exc.strerror}", input=dst) from exc
            raise InputError(f"cannot read: {exc.strerror}", input=src) from exc
    return digest.hexdigest(), size


def write_bytes(path: Path, data: bytes) -> None:
    """Write a new file durably (fails if it exists)."""
    try:
        with open(path, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise PackagingError(f"cannot write: {exc.strerror}", input=path) from exc


def make_staging(out_dir: Path, name: str) -> Path:
    """A new empty temporary folder in ``out_dir`` for building ``name``.

    Raises:
        PackagingError: the output folder cannot be written.
    """
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = out_dir / f"{TMP_PREFIX}{name}-{os.getpid()}"
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir()
    except OSError as exc:
        raise PackagingError(
            f"cannot create a folder in the output folder: {exc.strerror}", input=out_dir
        ) from exc
    return staging


def place(staging: Path, dest: Path, *, force: bool) -> None:
    """Move a finished folder into place with one rename.

    With ``force`` an existing ``dest`` is first renamed aside and removed after
    the new one is in place, so at every moment ``dest`` is absent or complete.

    Raises:
        PackagingError: ``dest`` exists (without ``force``) or the rename failed.
    """
    trash: Path | None = None
    if dest.exists() or dest.is_symlink():
        if not force:
            raise PackagingError("already exists; use --force to replace it", input=dest)
        trash = dest.with_name(f"{TRASH_PREFIX}{dest.name}-{os.getpid()}")
        _rename(dest, trash)
    try:
        _rename(staging, dest)
    except PackagingError:
        if trash is not None:
            _rename(trash, dest)  # put the old bag back
        raise
    fsync_dir(dest.parent)
    if trash is not None:
        shutil.rmtree(trash, ignore_errors=True)


def _rename(src: Path, dst: Path) -> None:
    try:
        # os.rename would silently replace an empty destination folder.
        if dst.exists():
            raise FileExistsError(17, "File exists", str(dst))
        src.rename(dst)
    except OSError as exc:
        raise PackagingError(
            f"cannot move {src.name} into place: {exc.strerror}", input=dst
        ) from exc


def fsync_dir(path: Path) -> None:
    """Make a folder's entries durable (best effort where the OS cannot)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_stale(out_dir: Path) -> list[Path]:
    """Clean up after runs that died: drop their temporary folders, restore set-aside bags.

    A ``.archive-old-*`` folder is a complete bag that ``place(force=True)``
    set aside; if the run died before its replacement arrived, it is put back.
    """
    removed: list[Path] = []
    if not out_dir.is_dir():
        return removed
    for entry in sorted(out_dir.iterdir()):
        if not entry.name.startswith((TMP_PREFIX, TRASH_PREFIX)) or not entry.is_dir():
            continue
        stem, _, pid = entry.name.rpartition("-")
        if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
            continue  # another run is still working on it
        if entry.name.startswith(TRASH_PREFIX):
            original = out_dir / stem[len(TRASH_PREFIX) :]
            if not original.exists():
                entry.rename(original)
                continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def walk_files(root: Path) -> Iterator[Path]:
    """Every regular file under ``root``, sorted, without following links."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            yield Path(dirpath) / name
