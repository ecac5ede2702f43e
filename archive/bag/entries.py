"""A manifest's entries in columns, parsed from its whole text or as a stream of blocks.

A manifest may list a million files. Its entries are kept as a list of paths
and a :class:`HexColumn` of digests (the bytes of every digest packed in one
``bytearray``: 64 bytes for a SHA-512 digest instead of a 177-byte string),
and a large manifest is parsed block by block as it is read
(:func:`parse_entries_from`), so neither its text nor a list of its lines is
ever held whole.

A block of lines that all have the common form (a digest of the right
length, two spaces, a plain path) is read by a few scans of the block; any
other block line by line (:func:`archive.bag.manifest.parse_lines`). Both
give the same entries and findings for the same lines.
"""

from __future__ import annotations

import codecs
import os
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from archive.bag.manifest import CONTROL, parse_lines, split_lines
from archive.validate.issues import Code, Issue, Severity, issue

__all__ = ["Entries", "HexColumn", "parse_entries", "parse_entries_from", "plain_block"]

# Lines parsed at a time: large enough that a block costs a few scans of
# its text, small enough that the scans' copies stay small.
BLOCK_LINES = 8192
READ_CHUNK = 1 << 20

# Printable ASCII and LF, the separator of joined paths, but the three that
# a plain path may not hold: deleted, nothing may be left.
_PLAIN_ASCII = bytes(c for c in range(0x20, 0x7F) if chr(c) not in "%\\:") + b"\n"


class HexColumn(Sequence[str | None]):
    """Hex digests of one length, kept as their bytes in one ``bytearray``; None where absent.

    >>> column = HexColumn(2)
    >>> column.extend_hex("ABcd", 2); column.append(None)
    >>> list(column), None in column
    (['ab', 'cd', None], True)
    """

    __slots__ = ("_absent", "_count", "_data", "_size")

    def __init__(self, digits: int) -> None:
        self._size = digits // 2
        self._data = bytearray()
        self._absent: set[int] = set()
        self._count = 0

    def extend_hex(self, hexes: str, count: int) -> None:
        """Add ``count`` digests given as one string of hex digits (either case)."""
        self.extend_raw(bytes.fromhex(hexes), count)

    def extend_raw(self, digests: bytes, count: int) -> None:
        """Add ``count`` digests given as their bytes, one after another."""
        self._data += digests
        self._count += count

    def append(self, digest: str | None) -> None:
        """Add one digest (of the column's length), or None."""
        if digest is None:
            self._absent.add(self._count)
            self._data += bytes(self._size)
        else:
            self._data += bytes.fromhex(digest)
        self._count += 1

    def raw(self) -> bytearray | None:
        """Every digest's bytes in order, in one piece (not a copy); None if one is absent."""
        return None if self._absent else self._data

    @overload
    def __getitem__(self, index: int) -> str | None: ...

    @overload
    def __getitem__(self, index: slice) -> list[str | None]: ...

    def __getitem__(self, index: int | slice) -> str | list[str | None] | None:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError(index)
        if index in self._absent:
            return None
        size = self._size
        return self._data[index * size : (index + 1) * size].hex()

    def __iter__(self) -> Iterator[str | None]:
        size, data, absent = self._size, self._data, self._absent
        if absent:
            for index in range(self._count):
                yield None if index in absent else data[index * size : (index + 1) * size].hex()
            return
        # A block's digests as one hex string, cut in a comprehension: a few
        # times faster than a slice and a hex() per digest, in bounded memory.
        digits = 2 * size
        for start in range(0, len(data), BLOCK_LINES * size):
            block = data[start : start + BLOCK_LINES * size].hex()
            yield from [block[i : i + digits] for i in range(0, len(block), digits)]

    def __contains__(self, value: object) -> bool:
        if value is None:
            return bool(self._absent)
        return any(value == d for d in self)

    def __len__(self) -> int:
        return self._count


@dataclass(slots=True)
class Entries:
    """A manifest's entries in columns: entry ``i`` is ``paths[i]`` with ``digests[i]``.

    ``lines`` holds the line numbers, or is None when entry ``i`` is on line ``i + 1``.
    """

    paths: list[str] = field(default_factory=list)
    digests: Sequence[str | None] = field(default_factory=list)
    lines: Sequence[int] | None = None

    def line(self, index: int) -> int:
        """The line number of entry ``index``."""
        return index + 1 if self.lines is None else self.lines[index]

    def __len__(self) -> int:
        return len(self.paths)


class _Builder:
    """Entries and findings, added a block of lines at a time."""

    def __init__(self, name: str, version: tuple[int, int], digest_len: int | None) -> None:
        self.name, self.version, self.digest_len = name, version, digest_len
        self.paths: list[str] = []
        self.column = HexColumn(digest_len) if digest_len else None
        self.digests: list[str | None] = []
        self.numbers: array[int] | None = None  # None while entry i is on line i + 1
        self.issues: list[Issue] = []

    def add(self, lines: list[str], first: int) -> None:
        """Add ``lines``, the first of them line number ``first``."""
        for start in range(0, len(lines), BLOCK_LINES):
            block = lines[start : start + BLOCK_LINES]
            number = first + start
            plain = plain_block(block, self.digest_len) if self.digest_len else None
            if plain is None:
                self._slowly(block, number)
                continue
            paths, digests = plain
            self._number(number, len(paths))
            self.paths += paths
            assert self.column is not None
            self.column.extend_raw(digests, len(paths))

    def _slowly(self, block: list[str], first: int) -> None:
        paths: list[str] = []
        digests: list[str | None] = []
        numbers: list[int] = []
        parse_lines(
            block,
            first,
            name=self.name,
            version=self.version,
            digest_len=self.digest_len,
            out=(paths, digests, numbers),
            issues=self.issues,
        )
        for path, digest, number in zip(paths, digests, numbers, strict=True):
            self._number(number, 1)
            self.paths.append(path)
            if self.column is not None:
                self.column.append(digest)
            else:
                self.digests.append(digest)

    def _number(self, first: int, count: int) -> None:
        if self.numbers is None:
            if first == len(self.paths) + 1:
                return
            self.numbers = array("q", range(1, len(self.paths) + 1))
        self.numbers.extend(range(first, first + count))

    def done(self) -> tuple[Entries, list[Issue]]:
        digests = self.column if self.column is not None else self.digests
        return Entries(self.paths, digests, self.numbers), self.issues


def parse_entries(
    text: str, *, name: str, version: tuple[int, int], digest_len: int | None
) -> tuple[Entries, list[Issue]]:
    """:func:`archive.bag.manifest.parse_manifest` in columns; the same entries and findings.

    >>> entries, _ = parse_entries("AB  data/x\\ncd  data/y", name="m", version=(1, 0),
    ...                            digest_len=2)
    >>> entries.paths, list(entries.digests), entries.line(1)
    (['data/x', 'data/y'], ['ab', 'cd'], 2)
    """
    builder = _Builder(name, version, digest_len)
    builder.add(split_lines(text), 1)
    return builder.done()


def parse_entries_from(
    fd: int,
    *,
    encoding: str,
    limit: int,
    name: str,
    version: tuple[int, int],
    digest_len: int | None,
) -> tuple[Entries, list[Issue]] | None:
    """:func:`parse_entries` of the open file ``fd``, read and parsed a block at a time.

    Returns None, having read part of the file, when it is not valid in
    ``encoding``: read it whole then, for the findings of
    :func:`archive.bag.tagfiles.decode_tag_file`.

    Raises:
        OSError: the file cannot be read, or has more than ``limit`` bytes.
    """
    builder = _Builder(name, version, digest_len)
    number = 1
    try:
        for lines in _line_blocks(fd, encoding, limit, builder.issues, name):
            builder.add(lines, number)
            number += len(lines)
    except UnicodeDecodeError:
        return None
    return builder.done()


def _line_blocks(
    fd: int, encoding: str, limit: int, issues: list[Issue], name: str
) -> Iterator[list[str]]:
    """The file's lines, a chunk at a time; a line break split between chunks waits."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    carry, total = "", 0
    while data := os.read(fd, READ_CHUNK):
        if total == 0 and encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
            issues.append(_bom(name))
            data = data[3:]
        total += len(data)
        if total > limit:
            raise OSError(f"more than the {limit} bytes a tag file may have")
        text = carry + decoder.decode(data)
        cut = _after_last_break(text)
        carry = text[cut:]
        if cut:
            yield split_lines(text[:cut])
    text = carry + decoder.decode(b"", final=True)
    if text:
        yield split_lines(text)


def _bom(name: str) -> Issue:
    return issue(
        Code.B010,
        name,
        "starts with a byte-order mark, which UTF-8 tag files must not have",
        severity=Severity.WARNING,
    )


def _after_last_break(text: str) -> int:
    r"""Where the last whole line ends; a final CR waits, as an LF may follow it.

    >>> _after_last_break("a\nb"), _after_last_break("a\r\nb\r"), _after_last_break("ab")
    (2, 3, 0)
    """
    end = len(text) - 1 if text.endswith("\r") else len(text)
    return max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1


def plain_block(lines: list[str], digest_len: int) -> tuple[list[str], bytes] | None:
    """The paths and the bytes of all digests when every line is plain, else None.

    A line is plain when it is ``<hex digest of digest_len digits>  <path>``
    and the path needs no decoding, no marker removed and no finding: no
    ``%``, backslash, colon or control character, and no empty, ``.`` or
    ``..`` component; it does not start with ``/``, ``~``, ``*`` or
    whitespace. Such a line gives what the line-by-line reading gives.

    >>> plain_block(["ab  data/x y.txt", "CD  data/z"], 2)
    (['data/x y.txt', 'data/z'], b'\\xab\\xcd')
    >>> plain_block(["ab  data/../z"], 2) is None
    True
    >>> plain_block(["a   data/z"], 2) is None  # a space among the digits
    True
    """
    n, width = len(lines), digest_len
    if not n:
        return None
    # One slice per line holds its digest and the two spaces after it.
    step = width + 2
    heads = "".join([line[:step] for line in lines])
    if len(heads) != n * step or not heads.isascii():
        return None
    spaces = " " * n
    if heads[width::step] != spaces or heads[width + 1 :: step] != spaces:
        return None
    # fromhex refuses any character but hex digits and whitespace, and skips
    # whitespace; with every digit of every digest there, none was whitespace.
    try:
        digests = bytes.fromhex(heads)
    except ValueError:
        return None
    if 2 * len(digests) != n * width:
        return None
    paths = [line[step:] for line in lines]
    if not _plain_paths(paths):
        return None
    return paths, digests


def _plain_paths(paths: list[str]) -> bool:
    """True when no path needs more than being taken as it is (see :func:`plain_block`)."""
    joined = "\n".join(paths)
    if joined.isascii():
        # One pass deletes every character a plain path may hold: a control
        # character, "%", a backslash or a colon is what is left.
        if joined.encode("ascii").translate(None, _PLAIN_ASCII):
            return False
    elif any(c in joined for c in "%\\:") or CONTROL.search(joined):
        return False
    # Framed, every component of every path sits between two slashes.
    framed = "/" + joined.replace("\n", "/\n/") + "/"
    if any(bad in framed for bad in ("//", "/./", "/../")):
        return False
    # A one-character slice of a str is a cached object: no copy per path.
    firsts = "".join([p[:1] for p in paths])
    return not any(c in firsts for c in " \t*~")
