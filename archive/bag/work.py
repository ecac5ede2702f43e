"""The hashing a check needs and what it gave, in columns rather than an object per file.

A bag of 50,000 files is checked with a handful of dictionaries: the digests
each file must have (:class:`Work`, by algorithm) and the digests it has
(:class:`Digests`, by algorithm). When every file matches, comparing the two
is one dictionary comparison; only the files that differ are looked at one
by one, and they give exactly the findings
:func:`archive.bag.report.finish_bag` gives for them.

The fixity runner goes further for a payload its manifests list in the
walk's order (:class:`Ordered`): the expected digests stay raw columns in that
order, a worker's digests (:class:`Hashed`, in the order hashed) are
compared with slices of them, and only files that differ are put by name.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from archive.validate.issues import Code, Issue, issue

__all__ = ["Digests", "Hashed", "Ordered", "Work", "compare_digests", "judge", "short_hex"]


@dataclass(slots=True)
class Ordered:
    """Digests expected of files in a known order, as raw columns: no table by name.

    File ``paths[i]`` must have, for each algorithm, the ``i``-th digest of
    its column (all of one width). This is a bag's payload when every payload
    manifest lists it exactly as the walk found it, in the walk's order (as
    bagit-python writes manifests): a fixity run then compares a worker's
    digests with a slice of a column, and a bag that matches never has a
    table of its 50,000 names built.
    """

    paths: list[str]
    columns: dict[str, bytes | bytearray]

    def width(self, algorithm: str) -> int:
        """The bytes of one digest of ``algorithm``."""
        return len(self.columns[algorithm]) // len(self.paths) if self.paths else 0

    def tables(self, done: bytearray | None = None) -> dict[str, dict[str, str]]:
        """The digests by algorithm and name (hex), but of files flagged in ``done``."""
        paths = self.paths
        if done is not None and not done.count(0):
            return {}  # all done (the usual case): not a flag looked at in Python
        keep = range(len(paths)) if done is None else [i for i, d in enumerate(done) if not d]
        if not keep:
            return {}
        tables: dict[str, dict[str, str]] = {}
        for alg, column in self.columns.items():
            width = self.width(alg)
            if len(keep) == len(paths):
                tables[alg] = _hex_table(paths, column)
            else:
                tables[alg] = {paths[i]: column[i * width : (i + 1) * width].hex() for i in keep}
        return tables


@dataclass(slots=True)
class Work:
    """The files a check hashes: ``expected[algorithm][relpath]`` is the digest (lowercase hex),
    and those of ``ordered`` (never in ``expected`` too).

    Every method but :meth:`settle` first moves ``ordered`` into ``expected``;
    only the fixity runner works with ``ordered`` as it is.
    """

    expected: dict[str, dict[str, str]] = field(default_factory=dict)
    ordered: Ordered | None = None

    def settle(self, done: bytearray | None = None) -> None:
        """Put the files of ``ordered`` into ``expected`` by name, but those flagged in ``done``."""
        if self.ordered is None:
            return
        for alg, table in self.ordered.tables(done).items():
            mine = self.expected.get(alg)
            if mine is None:
                self.expected[alg] = table
            else:
                mine.update(table)
        self.ordered = None

    def __len__(self) -> int:
        self.settle()
        if len(self.expected) == 1:
            return len(next(iter(self.expected.values())))
        return len(self.paths())

    def paths(self) -> set[str]:
        """Every file to hash."""
        self.settle()
        return set().union(*self.expected.values())

    def wants(self, relpath: str) -> list[tuple[str, str]]:
        """``(algorithm, digest)`` pairs ``relpath`` must match, by algorithm name."""
        self.settle()
        return [(a, d[relpath]) for a, d in sorted(self.expected.items()) if relpath in d]

    def groups(self) -> Iterator[tuple[tuple[str, ...], list[str]]]:
        """The files by the algorithms each needs (one pass per file), each group sorted.

        Sorted paths keep the files of a folder together, which is how
        :func:`archive.bag.hashing.hash_into` opens each folder once.
        """
        self.settle()
        tables = sorted(self.expected.items())
        if not tables:
            return
        first = tables[0][1]
        if all(t.keys() == first.keys() for _, t in tables[1:]):
            yield tuple(a for a, _ in tables), sorted(first)
            return
        by_path: dict[str, list[str]] = {}
        for alg, table in tables:
            for path in table:
                by_path.setdefault(path, []).append(alg)
        grouped: dict[tuple[str, ...], list[str]] = {}
        for path, names in by_path.items():
            grouped.setdefault(tuple(names), []).append(path)
        for algs, paths in grouped.items():
            yield algs, sorted(paths)

    def only(self, relpaths: set[str]) -> Work:
        """The part of this work that concerns ``relpaths``."""
        self.settle()
        return Work(
            {
                alg: kept
                for alg, table in self.expected.items()
                if (kept := {p: d for p, d in table.items() if p in relpaths})
            }
        )

    def remaining(self, got: Digests) -> Work:
        """What ``got`` leaves undone: files with an algorithm not hashed, no error
        and not :attr:`~Digests.matched`."""
        self.settle()
        todo: set[str] = set()
        for alg, table in self.expected.items():
            names = table.keys() - got.matched if got.matched else table.keys()
            have = got.hexes.get(alg)
            if have is None:
                todo.update(names)
            elif not names <= have.keys():
                todo.update(p for p in names if p not in have)
        todo -= got.errors.keys()  # a file that could not be read has its verdict
        return self.only(todo) if todo else Work()

    def without(self, names: set[str]) -> Work:
        """This work but for ``names``."""
        self.settle()
        if not names:
            return self
        return Work(
            {
                alg: {p: table[p] for p in table.keys() - names}
                for alg, table in self.expected.items()
            }
        )


@dataclass(slots=True)
class Digests:
    """What hashing gave: bytes read and hex digests by algorithm for each file read whole,
    and for each file that could not be read, why."""

    sizes: dict[str, int] = field(default_factory=dict)
    hexes: dict[str, dict[str, str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    # Payload files already compared, in their compact form, with every digest
    # the check expects of them, and found to match (see Job in
    # archive.fixity.jobs): not put by name, only named here; their bytes in all.
    matched: set[str] = field(default_factory=set)
    matched_bytes: int = 0

    def update(self, other: Digests) -> None:
        """Add ``other``'s results (an error about a file outweighs any digest of it)."""
        self.sizes.update(other.sizes)
        for alg, table in other.hexes.items():
            mine = self.hexes.get(alg)
            if mine is None:
                self.hexes[alg] = table
            else:
                mine.update(table)
        self.errors.update(other.errors)
        self.matched |= other.matched
        self.matched_bytes += other.matched_bytes


# Digests turned to text at a time: bounded memory for a bag of a million files.
_HEX_BLOCK = 8192


@dataclass(slots=True)
class Hashed:
    """What hashing a list of files gave, in the list's order: no name, no object per file.

    File ``k`` (in the order hashed) has the ``k``-th digest of each column of
    ``digests`` (raw bytes; zeros for a file that could not be read) and the
    ``k``-th of ``sizes`` (-1 then, and ``errors[k]`` says why). ``spans`` are
    the ``(start, count)`` runs of a shared listing the files came from, when
    they came from one (see :mod:`archive.fixity.worker`).

    Between processes this costs a few strings, where :class:`Digests` costs
    two dictionaries keyed by name: the receiver knows the names already.
    """

    digests: dict[str, bytearray] = field(default_factory=dict)
    sizes: array[int] = field(default_factory=lambda: array("q"))
    errors: dict[int, str] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sizes)

    @property
    def bytes(self) -> int:
        """The bytes read, in all (a file that could not be read counts none)."""
        return sum(self.sizes) + len(self.errors)  # each error counted -1

    def paths(self, listing: Sequence[str]) -> list[str]:
        """The names of these files: the runs of ``listing`` that ``spans`` give."""
        names: list[str] = []
        for start, count in self.spans:
            names += listing[start : start + count]
        return names

    def cut(self, at: int) -> tuple[Hashed, Hashed]:
        """The files listed before position ``at`` of the shared listing, and the others,
        each with its runs (``spans`` are needed)."""
        if min((start for start, _ in self.spans), default=at) >= at:
            return Hashed(), self
        before, after = Hashed(), Hashed()
        k = 0  # this object's index of the first file of the run
        for start, count in self.spans:
            low = max(0, min(count, at - start))  # the run's files before ``at``
            for side, first, n in ((before, 0, low), (after, low, count - low)):
                if n:
                    side.spans.append((start + first, n))
                    side._add(self, k + first, n)
            k += count
        return before, after

    def _add(self, other: Hashed, first: int, count: int) -> None:
        """Append ``other``'s files ``first`` to ``first + count``."""
        for k, reason in other.errors.items():
            if first <= k < first + count:
                self.errors[len(self.sizes) + k - first] = reason
        self.sizes.extend(other.sizes[first : first + count])
        for alg, column in other.digests.items():
            width = len(column) // len(other.sizes)
            mine = self.digests.setdefault(alg, bytearray())
            mine += column[first * width : (first + count) * width]

    def keyed(self, paths: Sequence[str]) -> Digests:
        """These results by name, ``paths`` naming the files in order.

        Raises:
            ValueError: ``paths`` does not name as many files as there are results.
        """
        if len(paths) != len(self.sizes):
            raise ValueError(f"{len(paths)} names for {len(self.sizes)} results")
        got = Digests(sizes=dict(zip(paths, self.sizes, strict=True)))
        for alg, column in self.digests.items():
            table = _hex_table(paths, column)
            if table:
                got.hexes[alg] = table
        for k, reason in self.errors.items():
            path = paths[k]
            got.errors[path] = reason
            got.sizes.pop(path, None)
            for table in got.hexes.values():
                table.pop(path, None)
        return got


def _hex_table(paths: Sequence[str], column: bytes | bytearray) -> dict[str, str]:
    """``paths[i]`` to the ``i``-th digest of ``column`` in hex (all digests of one width).

    The text is made a block at a time: bounded memory for a million files.
    """
    width = 2 * len(column) // len(paths) if paths else 0
    table: dict[str, str] = {}
    if not width:
        return table
    step = _HEX_BLOCK * width // 2
    for at in range(0, len(column), step):
        text = column[at : at + step].hex()
        first = at * 2 // width
        table.update(
            zip(
                paths[first : first + _HEX_BLOCK],
                [text[i : i + width] for i in range(0, len(text), width)],
                strict=True,
            )
        )
    return table


def short_hex(digest: str) -> str:
    """The first 8 hex digits and an ellipsis, for messages.

    >>> short_hex("1a2b3c4d5e6f")
    '1a2b3c4d…'
    """
    return digest[:8] + "…" if len(digest) > 8 else digest


def judge(work: Work, got: Digests) -> list[Issue]:
    """The findings (F002, F004) for the files of ``work`` whose digests in ``got`` differ."""
    work = work.without(got.matched)
    bad: set[str] = set()
    for alg, table in work.expected.items():
        have = got.hexes.get(alg, {})
        if not table.items() <= have.items():
            bad.update(p for p, d in table.items() if have.get(p) != d)
    if got.errors:
        bad.update(p for p in got.errors if any(p in t for t in work.expected.values()))
    found: list[Issue] = []
    for path in bad:
        found += _verdict(path, work.wants(path), got)
    return found


def _verdict(path: str, wants: list[tuple[str, str]], got: Digests) -> list[Issue]:
    error = got.errors.get(path)
    if error is not None:
        return [issue(Code.F004, path, f"cannot be read: {error}")]
    if path not in got.sizes:
        return [issue(Code.F004, path, "was not checked: no digest came back")]
    return compare_digests(path, [(a, e, got.hexes.get(a, {}).get(path)) for a, e in wants])


def compare_digests(path: str, digests: Iterable[tuple[str, str, str | None]]) -> list[Issue]:
    """F004 for each ``(algorithm, expected, actual)`` not hashed, F002 for each that differs."""
    found = []
    for alg, expected, actual in digests:
        if actual is None:
            found.append(issue(Code.F004, path, f"was not hashed with {alg}"))
        elif actual != expected:
            found.append(
                issue(
                    Code.F002,
                    path,
                    f"content changed: {alg} expected {short_hex(expected)} "
                    f"found {short_hex(actual)}",
                    algorithm=alg,
                    expected=expected,
                    actual=actual,
                )
            )
    return found
