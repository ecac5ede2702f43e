"""Where the project's data files are: ``schemas/`` and ``vocab/``.

In a checkout they sit at the top of the repository; in an installed wheel
hatchling's force-include puts them at ``archive/_data/``. This module is the
one place that knows, so nothing else builds such paths.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from archive.errors import ArchiveError

_PACKAGE = Path(__file__).resolve().parent


@functools.cache
def data_root() -> Path:
    """The folder holding ``schemas/`` and ``vocab/``.

    Raises:
        ArchiveError: the installation is broken (neither place has them).
    """
    for root in (_PACKAGE / "_data", _PACKAGE.parent):
        if (root / "schemas").is_dir() and (root / "vocab").is_dir():
            return root
    raise ArchiveError(
        f"the archive installation has no schemas/ and vocab/ (looked in {_PACKAGE})"
    )


def schemas_dir() -> Path:
    return data_root() / "schemas"


def vocab_dir() -> Path:
    return data_root() / "vocab"


def queries_dir() -> Path:
    """Named SPARQL queries, one ``.rq`` file each."""
    return vocab_dir() / "queries"


def vocab_file(name: str) -> Path:
    return vocab_dir() / name


@functools.cache
def load_json(path: Path) -> Any:
    """Parse a JSON data file shipped with the project (cached; do not mutate)."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")
