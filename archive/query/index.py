"""Incremental indexing of bags into a store or onto a SPARQL server.

Each bag gives two named graphs: its ``data/metadata/graph.ttl`` under the
bag's IRI (the subject typed ``arch:Bag``), and its *facts* under
``<bag IRI>/facts``: where the bag is, its External-Identifier, Bagging-Date,
tag manifest digest and, from the fixity log, its latest check. A run

* skips a bag whose tag manifest digest is the one indexed (no hashing, no parsing);
* checks every other bag first (BagIt, by default with every checksum, so
  the graph loaded is the one the manifests vouch for) and leaves out an
  invalid one unless ``allow_invalid``;
* replaces the graphs of a bag that changed, and with ``prune`` removes those
  of indexed bags that are no longer under the given folders;
* refreshes the facts of an unchanged bag when the fixity log has news of it.

A bag's content and facts are written in one atomic step (new bags a
thousand at a time, in bulk), so a run that stops half-way leaves each bag
whole or not indexed. Replacing a bag first removes its facts, so a run
stopped in between leaves a bag without facts, which the next run indexes again.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from archive.bag import find_bags
from archive.bag.checker import tagmanifest_digest
from archive.errors import ArchiveError, QueryError
from archive.query.facts import (
    ARCH_BAG,
    FACTS_SUFFIX,
    INDEX_ONLY,
    IndexedBag,
    bag_facts,
)
from archive.query.fixity import FixitySource
from archive.query.graphs import GraphData, graph_from_terms, parse_graph
from archive.validate.issues import Issue

__all__ = ["CHECKS", "BagOutcome", "Sink", "index_bags", "read_graph"]

log = logging.getLogger(__name__)

GRAPH_PATH = "data/metadata/graph.ttl"
MAX_GRAPH_BYTES = 64 << 20
CHECKS = ("bagit", "fast", "full")


@dataclass(frozen=True, slots=True)
class BagOutcome:
    """What happened to one bag: ``added``, ``replaced``, ``unchanged``, ``refreshed``
    (facts only), ``removed``, ``missing`` (gone, kept without prune), ``invalid``,
    ``duplicate`` or ``error``."""

    path: str
    action: str
    bag: str | None = None
    triples: int = 0
    reason: str | None = None
    issues: tuple[Issue, ...] = ()

    @property
    def failed(self) -> bool:
        """The bag was meant to be indexed and was not."""
        return self.action in ("invalid", "error", "duplicate")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "action": self.action,
            "bag": self.bag,
            "triples": self.triples,
            "reason": self.reason,
            "issues": [i.as_dict() for i in self.issues],
        }


class Sink(Protocol):
    """Where indexed graphs go: the embedded store or a SPARQL server."""

    def indexed(self) -> dict[str, IndexedBag]:
        """Every bag indexed so far, by bag IRI."""
        ...

    def put(self, bag: str, content: GraphData | None, facts: GraphData) -> None:
        """Write a bag's graph (None: keep it) and then its facts, replacing earlier ones."""
        ...

    def remove(self, bag: str) -> None:
        """Remove a bag's graph and facts."""
        ...

    def finish(self) -> None:
        """Write whatever is still pending."""
        ...


@dataclass(frozen=True, slots=True)
class Checked:
    """A bag ready to index: where it is, its digest and the check's findings.

    ``info``: the External-Identifier and Bagging-Date the check read, when
    it read them (else the indexer reads ``bag-info.txt`` itself).
    """

    path: str
    digest: str | None
    issues: tuple[Issue, ...] = ()
    valid: bool = True
    info: tuple[str | None, str | None] | None = None


@dataclass(slots=True)
class _Run:
    sink: Sink
    known: dict[str, IndexedBag]
    fixity: FixitySource | None
    allow_invalid: bool
    by_path: dict[str, IndexedBag] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)  # bag IRIs handled in this run
    seen_paths: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_path = {k.path: k for k in self.known.values()}


def index_bags(
    sink: Sink,
    paths: Iterable[Path],
    *,
    check: str = "bagit",
    allow_invalid: bool = False,
    prune: bool = False,
    fixity: FixitySource | None = None,
    workers: int = 0,
    found: Callable[[int], None] | None = None,
) -> Iterator[BagOutcome]:
    """Index every bag under ``paths`` into ``sink``, yielding one outcome per bag.

    Args:
        sink: the store or server.
        paths: bags, or folders holding bags.
        check: ``bagit`` (every checksum), ``fast`` (completeness only) or
            ``full`` (also the metadata checks of ``archive validate``).
        allow_invalid: index a bag that fails its check, reporting why.
        prune: remove indexed bags that are no longer under ``paths``.
        fixity: the fixity log to take each bag's latest check from.
        workers: processes for checking bags (0: one per CPU).
        found: called once with the number of bags found, before any work.

    Raises:
        InputError: a path is not a folder.
        QueryError: the store or server cannot be read or written.
    """
    if check not in CHECKS:
        raise QueryError(f"unknown check {check!r}; choose one of {', '.join(CHECKS)}")
    roots = sorted({os.path.normpath(Path(p).absolute()) for p in paths})
    bags = [os.fspath(b) for b in find_bags([Path(r) for r in roots], broken=True)]
    if found is not None:
        found(len(bags))
    run = _Run(sink, sink.indexed(), fixity, allow_invalid)
    for checked in _checked(bags, roots, run, check, workers):
        outcome = _index_one(run, checked)
        yield outcome
    sink.finish()
    yield from _vanished(run, roots, prune)
    sink.finish()


def _checked(
    bags: Sequence[str], roots: Sequence[str], run: _Run, check: str, workers: int
) -> Iterator[Checked]:
    """Each bag with its check: unchanged ones without one (digest = None)."""
    digests: dict[str, str | None] = {}

    def unchanged(path: str) -> str | None:
        known = run.by_path.get(path)
        if known is None:
            return None  # a new bag: its check gives the digest
        digest = digests[path] = tagmanifest_digest(path)
        return "unchanged" if digest and known.digest == digest else None

    if not bags:
        return
    if check == "full":
        from archive.validate.bags import validate_bag

        for path in bags:
            if unchanged(path):
                yield Checked(path, None)
                continue
            result = validate_bag(Path(path))
            digest = digests.get(path) or tagmanifest_digest(path)
            yield Checked(path, digest, result.issues, result.valid)
        return
    from archive.fixity import Skipped, run_fixity

    holding = [r for r in roots if any(b == r or b.startswith(r.rstrip("/") + "/") for b in bags)]
    for report in run_fixity(holding, workers=workers, fast=check == "fast", skip=unchanged):
        if isinstance(report, Skipped):
            yield Checked(report.path, None)
        else:
            digest = report.tagmanifest_digest or digests.get(report.path)
            info = (report.identifier, report.bagging_date)
            yield Checked(report.path, digest, report.issues, report.valid, info)


def _index_one(run: _Run, checked: Checked) -> BagOutcome:
    path = checked.path
    run.seen_paths.add(path)
    if checked.digest is None:
        return _refresh(run, run.by_path[path])
    errors = tuple(i for i in checked.issues if i.is_error)
    if not checked.valid and not run.allow_invalid:
        first = str(errors[0]) if errors else "the bag failed its check"
        return BagOutcome(path, "invalid", reason=first, issues=errors)
    try:
        content, bag = read_graph(path)
    except ArchiveError as exc:
        return BagOutcome(path, "error", reason=exc.message)
    earlier = run.known.get(bag)
    if bag in run.seen or (earlier and earlier.path != path and Path(earlier.path).is_dir()):
        where = earlier.path if earlier else "another folder of this run"
        return BagOutcome(path, "duplicate", bag, reason=f"the same bag is indexed from {where}")
    run.seen.add(bag)
    old = run.by_path.get(path)
    if old is not None and old.bag != bag:
        run.sink.remove(old.bag)  # this folder now holds another bag
    facts = bag_facts(bag, path, checked.digest, run.fixity, info=checked.info)
    run.sink.put(bag, content, graph_from_terms(facts.triples()))
    action = "replaced" if earlier or old else "added"
    reason = (
        None if checked.valid else "indexed although invalid: " + (str(errors[0]) if errors else "")
    )
    return BagOutcome(path, action, bag, content.triples, reason, errors)


def _refresh(run: _Run, known: IndexedBag) -> BagOutcome:
    """An unchanged bag: rewrite its facts only if the fixity log has news."""
    run.seen.add(known.bag)
    fixity = run.fixity.latest(known.path, known.digest) if run.fixity else known.fixity
    if fixity == known.fixity:
        return BagOutcome(known.path, "unchanged", known.bag)
    facts = bag_facts(known.bag, known.path, known.digest, run.fixity)
    run.sink.put(known.bag, None, graph_from_terms(facts.triples()))
    return BagOutcome(known.path, "refreshed", known.bag, reason="new fixity check")


def _vanished(run: _Run, roots: Sequence[str], prune: bool) -> Iterator[BagOutcome]:
    for known in sorted(run.known.values(), key=lambda k: k.path):
        if known.bag in run.seen or known.path in run.seen_paths:
            continue
        if not any(known.path == r or known.path.startswith(r.rstrip("/") + "/") for r in roots):
            continue
        if prune:
            run.sink.remove(known.bag)
            yield BagOutcome(known.path, "removed", known.bag, reason="no longer a bag here")
        else:
            yield BagOutcome(known.path, "missing", known.bag, reason="gone; --prune removes it")


def read_graph(path: str) -> tuple[GraphData, str]:
    """A bag's event graph and the IRI of its ``arch:Bag`` node.

    Triples with the index's own predicates are left out: only the index
    says where a bag is and when it was checked.

    Raises:
        QueryError: the graph is missing, too large, not Turtle, or names no single bag.
    """
    file = Path(path) / GRAPH_PATH
    try:
        if file.is_symlink() or not file.is_file():
            raise QueryError(f"has no {GRAPH_PATH} (a regular file)", input=path)
        if file.stat().st_size > MAX_GRAPH_BYTES:
            raise QueryError(f"{GRAPH_PATH} is larger than {MAX_GRAPH_BYTES} bytes", input=path)
        data = file.read_bytes()
    except OSError as exc:
        raise QueryError(f"cannot read {GRAPH_PATH}: {exc.strerror}", input=path) from exc
    graph = _without_index_terms(parse_graph(data, source=f"{path}/{GRAPH_PATH}"))
    bags = graph.subjects_of_type(ARCH_BAG)
    if len(bags) != 1:
        found = "no node" if not bags else f"{len(bags)} nodes"
        raise QueryError(f"{GRAPH_PATH} has {found} of type arch:Bag; need one", input=path)
    if bags[0].endswith(FACTS_SUFFIX):
        raise QueryError(f"the bag IRI {bags[0]} ends in {FACTS_SUFFIX}, which is reserved")
    return graph, bags[0]


# A statement with one of the index's own predicates, as canonical N-Triples has
# it; one search of a bag's graph (a third of the time of a search per term).
_INDEX_TERM = re.compile(b"|".join(re.escape(f"> <{p}> ".encode()) for p in INDEX_ONLY))


def _without_index_terms(graph: GraphData) -> GraphData:
    if _INDEX_TERM.search(graph.ntriples) is None:
        return graph
    kept = [
        line
        for line in graph.ntriples.splitlines(keepends=True)
        if _INDEX_TERM.search(line) is None
    ]
    log.warning("left out %d statement(s) using index terms", graph.triples - len(kept))
    return GraphData(b"".join(kept), len(kept))
