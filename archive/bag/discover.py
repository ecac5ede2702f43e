"""Finding bags under folders: every folder holding a ``bagit.txt``.

The search does not descend into a bag once found (a bag inside a bag's
``data/`` is payload, checked as part of that bag), skips folders whose names
start with ``.archive-`` (the pipeline's temporary folders), never follows a
symbolic link below the given paths, and lists a folder only when it is not
a bag: whether a folder is a bag is decided by one ``lstat`` of its
``bagit.txt``, so the payload folders of the bags found are never read.
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from archive.errors import InputError

__all__ = ["TEMPORARY_PREFIX", "find_bag_folders", "find_bags"]

TEMPORARY_PREFIX = ".archive-"
_MANIFEST = re.compile(r"manifest-[A-Za-z0-9][A-Za-z0-9-]*\.txt")
_log = logging.getLogger(__name__)


def _is_bag(folder: str) -> bool:
    try:
        return stat.S_ISREG(os.lstat(f"{folder}/bagit.txt").st_mode)
    except OSError:
        return False


def _lost_bagit(folder: str) -> bool:
    """A folder with a ``data/`` folder and a payload manifest: a bag whose bagit.txt is lost."""
    try:
        with os.scandir(folder) as it:
            names = {e.name: e.is_dir(follow_symlinks=False) for e in it}
    except OSError:
        return False
    return names.get("data", False) and any(
        not is_dir and _MANIFEST.fullmatch(name) for name, is_dir in names.items()
    )


def _subfolders(folder: str) -> list[str]:
    try:
        with os.scandir(folder) as it:
            names = [
                e.name
                for e in it
                if e.is_dir(follow_symlinks=False) and not e.name.startswith(TEMPORARY_PREFIX)
            ]
    except OSError as exc:
        _log.warning("cannot list %s: %s", folder, exc.strerror or exc)
        return []
    return [f"{folder.rstrip('/')}/{n}" for n in sorted(names)]


def _search(top: str, broken: bool) -> Iterator[str]:
    # Strings, not Paths, inside: a collection may hold a million bags.
    stack = [top]
    while stack:
        folder = stack.pop()
        if _is_bag(folder) or (broken and _lost_bagit(folder)):
            yield folder
        else:
            stack.extend(reversed(_subfolders(folder)))


def find_bags(paths: Iterable[Path], *, broken: bool = False) -> Iterator[Path]:
    """Yield every bag folder under ``paths``, in sorted order, each once.

    A given path that is itself a link to a folder is followed (it was named
    on purpose); links below it are not. With ``broken``, a folder holding a
    ``data/`` folder and a ``manifest-<alg>.txt`` but no ``bagit.txt`` is a
    bag too (one that lost its declaration), so that a fixity run reports it
    instead of passing it over.

    Raises:
        InputError: a given path does not exist or is not a folder.
    """
    yield from map(Path, find_bag_folders(paths, broken=broken))


def find_bag_folders(
    paths: Iterable[str | os.PathLike[str]], *, broken: bool = False
) -> Iterator[str]:
    """:func:`find_bags` as strings: the same folders, checked the same way.

    Raises:
        InputError: a given path does not exist or is not a folder.
    """
    tops = sorted({Path(os.path.normpath(p)) for p in paths})
    for top in tops:
        if not top.is_dir():
            raise InputError("is not a folder", input=top)
    for top in tops:
        if any(t in top.parents for t in tops):
            continue  # inside another given path: found from there
        yield from _search(os.fspath(top), broken)
