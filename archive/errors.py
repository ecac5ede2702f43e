"""Every error that ``archive`` raises on purpose.

An error is an abort: the operation could not go on. Problems found while
checking something (a corrupt file, a schema violation) are *findings*, plain
:class:`archive.validate.issues.Issue` values; only the strict helpers turn a
list of findings into :class:`MetadataError` or :class:`BagError`.

::

    ArchiveError                    base of everything below; the CLI maps it to exit 2
    ├── UsageError                  options that contradict each other or make no sense
    ├── InputError                  an input (article, image, bag, config) cannot be used
    │   ├── ParseError              the article's structure is broken (.line, .column)
    │   ├── ImageError              an image is missing or unreadable (.tried: the paths)
    │   └── BagError                a path given as a bag is not a bag at all
    ├── MetadataError               metadata we generated does not meet its schema (.issues)
    ├── PackagingError              writing a bag failed (disk full, permissions, target exists)
    ├── FixityLogError              the fixity audit log cannot be opened or written
    ├── FixityRunError              a fixity run stopped: a worker process died or failed
    └── QueryError                  a SPARQL query is malformed or a store is unusable

Every error carries ``input``: the path or name of what it is about, so a
message can always say *which* input was wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archive.validate.issues import Issue


class ArchiveError(Exception):
    """Base class of every error ``archive`` raises on purpose."""

    def __init__(self, message: str, *, input: str | Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.input = str(input) if input is not None else None

    def __str__(self) -> str:
        if self.input is None:
            return self.message
        return f"{self.input}: {self.message}"


class UsageError(ArchiveError):
    """Options that contradict each other or make no sense."""


class InputError(ArchiveError):
    """An input (article, image, bag, configuration) cannot be used."""


class ParseError(InputError):
    """The structure of an article is broken; ``line``/``column`` are 1-based."""

    def __init__(
        self,
        message: str,
        *,
        input: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message, input=input)
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.input or "<article>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class ImageError(InputError):
    """An image that a caption needs is missing or unreadable."""

    def __init__(
        self, message: str, *, input: str | Path | None = None, tried: Sequence[str] = ()
    ) -> None:
        super().__init__(message, input=input)
        self.tried = tuple(tried)

    def __str__(self) -> str:
        text = super().__str__()
        if self.tried:
            text += " (tried: " + ", ".join(self.tried) + ")"
        return text


class BagError(InputError):
    """A path given as a bag is not a bag at all (no bagit.txt, not a folder)."""


class MetadataError(ArchiveError):
    """Metadata the tool generated fails its schema; ``issues`` holds every finding."""

    def __init__(
        self,
        message: str,
        *,
        input: str | Path | None = None,
        issues: Sequence[Issue] = (),
    ) -> None:
        super().__init__(message, input=input)
        self.issues = tuple(issues)


class PackagingError(ArchiveError):
    """Writing a bag failed; nothing was left half-written."""


class FixityLogError(ArchiveError):
    """The fixity audit log cannot be opened or written."""


class FixityRunError(ArchiveError):
    """A fixity run could not go on: a worker process died or failed; ``input`` is the bag."""


class QueryError(ArchiveError):
    """A SPARQL query is malformed, or a store cannot be used."""

    def __init__(
        self,
        message: str,
        *,
        input: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message, input=input)
        self.line = line
        self.column = column
