"""What is on disk in a bag: one walk with ``os.scandir`` that never follows a link.

Every later step works from this inventory: a path that is not in it as a
regular file is never opened, which is how a symbolic link (to ``/etc/passwd``
or to a folder) planted in a bag stays unread.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from archive.bag.hashing import describe_os_error

__all__ = ["JUNK_NAMES", "Inventory", "is_junk", "walk"]

# Files an operating system drops into folders on its own; never content.
JUNK_NAMES = frozenset({".DS_Store", "Thumbs.db", "ehthumbs.db", "desktop.ini", "Icon\r"})


def is_junk(relpath: str) -> bool:
    """True for operating-system clutter such as ``.DS_Store`` or ``._photo.jpg``.

    >>> is_junk("data/.DS_Store"), is_junk("data/._a.jpg"), is_junk("data/a.jpg")
    (True, True, False)
    """
    name = relpath.rsplit("/", 1)[-1]
    return name in JUNK_NAMES or name.startswith("._")


@dataclass(slots=True)
class Inventory:
    """Everything found under a bag's folder, as bag-relative ``/`` paths."""

    files: dict[str, int] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)
    symlinks: list[str] = field(default_factory=list)
    specials: list[str] = field(default_factory=list)
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    _nfc: dict[str, list[str]] | None = None
    _folded: dict[str, list[str]] | None = None

    def payload(self) -> dict[str, int]:
        """The regular files under ``data/`` with their sizes."""
        return {p: s for p, s in self.files.items() if p.startswith("data/")}

    def tag_files(self) -> list[str]:
        """The regular files outside ``data/``."""
        return [p for p in self.files if not p.startswith("data/")]

    def same_unicode(self, path: str) -> list[str]:
        """Files whose names equal ``path`` once both are NFC-normalised."""
        if self._nfc is None:
            self._nfc = {}
            for p in self.files:
                self._nfc.setdefault(unicodedata.normalize("NFC", p), []).append(p)
        return self._nfc.get(unicodedata.normalize("NFC", path), [])

    def same_letters(self, path: str) -> list[str]:
        """Files whose names equal ``path`` ignoring letter case and Unicode form."""
        if self._folded is None:
            self._folded = {}
            for p in self.files:
                self._folded.setdefault(_fold(p), []).append(p)
        return self._folded.get(_fold(path), [])


def _fold(path: str) -> str:
    return unicodedata.normalize("NFC", path).casefold()


def walk(root: str | os.PathLike[str], *, recursive: bool = True) -> Inventory:
    """List everything under ``root`` (or only its top level) without following any link."""
    inv = Inventory()
    stack = [""]
    while stack:
        rel = stack.pop()
        try:
            with os.scandir(Path(root, rel)) as it:
                entries = sorted(it, key=lambda e: e.name, reverse=True)
        except OSError as exc:
            inv.unreadable.append((rel or ".", describe_os_error(exc)))
            continue
        for entry in entries:
            path = f"{rel}/{entry.name}" if rel else entry.name
            try:
                if entry.is_symlink():
                    inv.symlinks.append(path)
                elif entry.is_dir(follow_symlinks=False):
                    inv.dirs.add(path)
                    if recursive:
                        stack.append(path)
                elif entry.is_file(follow_symlinks=False):
                    inv.files[path] = entry.stat(follow_symlinks=False).st_size
                else:
                    inv.specials.append(path)
            except OSError as exc:
                inv.unreadable.append((path, describe_os_error(exc)))
    return inv
