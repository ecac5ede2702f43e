"""What is on disk in a bag: one walk with ``os.scandir`` that never follows a link.

Every later step works from this inventory: a path that is not in it as a
regular file is never opened, which is how a symbolic link (to ``/etc/passwd``
or to a folder) planted in a bag stays unread.

The walk classifies entries by the type the folder listing gives
(``d_type``), so it costs no system call per file; only with ``sizes`` does
it ``lstat`` each regular file. A check that hashes every file learns the
sizes from the reads instead.
"""

from __future__ import annotations

import os
import unicodedata
from array import array
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from operator import attrgetter

from archive.bag.beneath import describe_os_error

__all__ = [
    "JUNK_NAMES",
    "UNKNOWN_SIZE",
    "Inventory",
    "Packed",
    "fold",
    "is_junk",
    "junk_paths",
    "pack",
    "unpack",
    "walk",
]

# Files an operating system drops into folders on its own; never content.
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "ehthumbs.db", "desktop.ini", "Icon\r"})
# Every junk path holds one of these ("\n" starts a path in a joined list).
_JUNK_MARKS = ("/._", "\n._", ".DS_Store", "humbs.db", "desktop.ini", "Icon\r")
UNKNOWN_SIZE = -1
_by_name = attrgetter("name")


def is_junk(relpath: str) -> bool:
    """True for operating-system clutter such as ``.DS_Store`` or ``._photo.jpg``.

    >>> is_junk("data/.DS_Store"), is_junk("data/._a.jpg"), is_junk("data/a.jpg")
    (True, True, False)
    """
    name = relpath.rsplit("/", 1)[-1]
    return name in JUNK_NAMES or name.startswith("._")


def junk_paths(paths: Collection[str]) -> list[str]:
    """The paths :func:`is_junk` flags, in order; one scan of the joined names first.

    >>> junk_paths(["data/a.jpg", "data/x/._a.jpg", "Thumbs.db"])
    ['data/x/._a.jpg', 'Thumbs.db']
    """
    joined = "\n" + "\n".join(paths)
    if not any(mark in joined for mark in _JUNK_MARKS):
        return []
    return [p for p in paths if is_junk(p)]


@dataclass(slots=True)
class Inventory:
    """Everything found under a bag's folder, as bag-relative ``/`` paths.

    ``files`` maps each regular file to its size, or to :data:`UNKNOWN_SIZE`
    when the walk was asked not to ``lstat``; ``payload_files`` lists those
    under ``data/`` in the same order.
    """

    files: dict[str, int] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)
    symlinks: list[str] = field(default_factory=list)
    specials: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    payload_files: list[str] = field(default_factory=list)
    _nfc: dict[str, list[str]] | None = None
    _folded: dict[str, list[str]] | None = None

    def payload(self) -> dict[str, int]:
        """The regular files under ``data/`` with their sizes."""
        files = self.files
        return {p: files[p] for p in self.payload_files}

    def tag_files(self) -> list[str]:
        """The regular files outside ``data/``."""
        return [p for p in self.files if not p.startswith("data/")]

    def same_unicode(self, path: str) -> list[str]:
        """Files whose names equal ``path`` once both are NFC-normalised."""
        return self.nfc_index().get(unicodedata.normalize("NFC", path), [])

    def same_letters(self, path: str) -> list[str]:
        """Files whose names equal ``path`` ignoring letter case and Unicode form."""
        return self.fold_index().get(fold(path), [])

    def nfc_index(self) -> dict[str, list[str]]:
        """The files by the NFC form of their names."""
        if self._nfc is None:
            self._nfc = {}
            for p in self.files:
                self._nfc.setdefault(unicodedata.normalize("NFC", p), []).append(p)
        return self._nfc

    def fold_index(self) -> dict[str, list[str]]:
        """The files by :func:`fold` of their names."""
        if self._folded is None:
            self._folded = {}
            for p in self.files:
                self._folded.setdefault(fold(p), []).append(p)
        return self._folded


# An inventory as a few strings (names NUL-separated: no name holds a NUL)
# and the sizes as 64-bit integers: sent between processes for a fraction
# of what pickling its dictionary costs, and of what walking the bag again does.
# The last item says where the payload files are among the files: from that
# index on, one run of them (as a walk lists them), or -1 when they are not.
Packed = tuple[str, bytes, str, str, str, tuple[tuple[str, str], ...], int]


def pack(inv: Inventory) -> Packed:
    """``inv`` in the form :func:`unpack` reads.

    >>> inv = Inventory(files={"bagit.txt": 55, "data/a": 3}, dirs={"data"})
    >>> inv.payload_files = ["data/a"]
    >>> back = unpack(pack(inv))
    >>> back.files, back.dirs, back.payload_files
    ({'bagit.txt': 55, 'data/a': 3}, {'data'}, ['data/a'])
    """
    names, payload = list(inv.files), inv.payload_files
    try:
        at = names.index(payload[0]) if payload else 0
    except ValueError:  # not an inventory a walk made: unpack looks the payload up
        at = -1
    return (
        "\0".join(names),
        array("q", inv.files.values()).tobytes(),
        "\0".join(inv.dirs),
        "\0".join(inv.symlinks),
        "\0".join(inv.specials),
        tuple(inv.unreadable),
        at if at >= 0 and names[at : at + len(payload)] == payload else -1,
    )


def unpack(packed: Packed) -> Inventory:
    """The inventory :func:`pack` packed (the payload files in the walk's order)."""
    paths, sizes, dirs, links, specials, unreadable, at = packed
    files = _names(paths)
    numbers = array("q")
    numbers.frombytes(sizes)
    if numbers.count(UNKNOWN_SIZE) == len(files):  # a walk without sizes: built faster
        table = dict.fromkeys(files, UNKNOWN_SIZE)
    else:
        table = dict(zip(files, numbers.tolist(), strict=True))
    return Inventory(
        files=table,
        dirs=set(_names(dirs)),
        symlinks=_names(links),
        specials=_names(specials),
        unreadable=list(unreadable),
        payload_files=(
            [p for p in files if p.startswith("data/")]
            if at < 0
            else files[at : at + _count_payload(paths)]
        ),
    )


def _count_payload(joined: str) -> int:
    """How many of the NUL-separated names in ``joined`` are under ``data/``."""
    return ("\0" + joined).count("\0data/")


def _names(joined: str) -> list[str]:
    return joined.split("\0") if joined else []


def fold(path: str) -> str:
    """A name as compared ignoring letter case and Unicode form.

    >>> fold("Data/CAFE\u0301.JPG")
    'data/café.jpg'
    """
    if path.isascii():
        return path.lower()  # what NFC and casefold make of ASCII
    return unicodedata.normalize("NFC", path).casefold()


def walk(
    root: str | os.PathLike[str],
    *,
    recursive: bool = True,
    sizes: bool = True,
    stop: Callable[[Inventory], bool] | None = None,
) -> Inventory:
    """List everything under ``root`` (or only its top level) without following any link.

    Args:
        root: the folder.
        recursive: list sub-folders too.
        sizes: ``lstat`` each regular file for its size (else :data:`UNKNOWN_SIZE`).
        stop: called with the inventory of the top level; True ends the walk there.
    """
    inv = Inventory()
    base = os.fspath(root)
    stack = [""]
    while stack:
        rel = stack.pop()
        try:
            with os.scandir(f"{base}/{rel}" if rel else base) as it:
                entries = list(it)
        except OSError as exc:
            inv.unreadable.append((rel or ".", describe_os_error(exc)))
            continue
        # Name order: a folder's files in the order bagit-python lists them
        # in a manifest (its sub-folders go on the stack reversed, so they
        # too are visited in name order), which lets a check match a
        # manifest against the walk in one comparison.
        entries.sort(key=_by_name)
        try:
            _folder(inv, rel, entries, stack if recursive else None, sizes)
        except OSError:
            _folder_slowly(inv, rel, entries, stack if recursive else None, sizes)
        if not rel and stop is not None and stop(inv):
            break
    return inv


def _folder(
    inv: Inventory,
    rel: str,
    entries: list[os.DirEntry[str]],
    stack: list[str] | None,
    sizes: bool,
) -> None:
    """Add one folder's entries; raises OSError for the slow path to sort out."""
    prefix = rel + "/" if rel else ""
    regular = [e for e in entries if e.is_file(follow_symlinks=False)]
    if sizes:
        found = {prefix + e.name: e.stat(follow_symlinks=False).st_size for e in regular}
    else:
        found = dict.fromkeys([prefix + e.name for e in regular], UNKNOWN_SIZE)
    links: list[str] = []
    folders: list[str] = []
    specials: list[str] = []
    if len(regular) != len(entries):
        for entry in entries:
            if entry.is_file(follow_symlinks=False):
                continue
            path = prefix + entry.name
            if entry.is_symlink():
                links.append(path)
            elif entry.is_dir(follow_symlinks=False):
                folders.append(path)
            else:
                specials.append(path)
    # Nothing is added before every entry was examined: on OSError the slow
    # path starts the folder again from scratch.
    inv.symlinks += links
    inv.specials += specials
    inv.dirs.update(folders)
    if stack is not None:
        stack += reversed(folders)
    inv.files.update(found)
    if rel == "data" or rel.startswith("data/"):
        inv.payload_files.extend(found)


def _folder_slowly(
    inv: Inventory,
    rel: str,
    entries: list[os.DirEntry[str]],
    stack: list[str] | None,
    sizes: bool,
) -> None:
    """One entry at a time, so that an entry that cannot be examined is reported alone."""
    payload = rel == "data" or rel.startswith("data/")
    folders: list[str] = []
    for entry in entries:
        path = f"{rel}/{entry.name}" if rel else entry.name
        try:
            if entry.is_symlink():
                inv.symlinks.append(path)
            elif entry.is_dir(follow_symlinks=False):
                inv.dirs.add(path)
                folders.append(path)
            elif entry.is_file(follow_symlinks=False):
                inv.files[path] = (
                    entry.stat(follow_symlinks=False).st_size if sizes else UNKNOWN_SIZE
                )
                if payload:
                    inv.payload_files.append(path)
            else:
                inv.specials.append(path)
        except OSError as exc:
            inv.unreadable.append((path, describe_os_error(exc)))
    if stack is not None:
        stack += reversed(folders)
