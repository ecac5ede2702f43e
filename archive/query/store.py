"""The embedded SPARQL store (this and :mod:`~archive.query.graphs` alone import pyoxigraph).

Layout (chosen by measurement, see ``benchmarks/query.py`` and the package
docstring): every bag's triples live in a named graph called by the bag's
IRI, its index facts in a second named graph beside it, and the **default
graph is kept equal to the union of all named graphs**. A query without
``GRAPH`` therefore runs against one ordinary graph, as fast as a single-graph
store, with exact RDF-merge semantics: a triple stated by two bags is one
triple. pyoxigraph's own union mode (``use_default_graph_as_union``) took 15 s
for a crew query that takes under a millisecond here, and returns a triple once
for every graph that states it, which breaks COUNT and any query without
DISTINCT. ``GRAPH ?g`` reaches each bag's own statements.

The union is maintained by reference: adding a graph adds its triples to the
default graph (idempotent); removing one deletes from the default graph only
the triples that no other named graph holds, in the same transaction. The
price is writing each triple twice, and a quad in a named graph costs the bulk
loader about twice a triple of the default graph (six index orders instead
of three, longer keys): 25-33 s of CPU for a 10,000-bag collection of 1.58 M
input triples, so that a bulk write reaches 60,000 to 118,000 input triples
per second on two vCPUs, depending on what else runs (``benchmarks/query.py``).
The alternatives, measured side by side by ``benchmarks/store_layouts.py``:
the union alone loads at 330,000 per second but can neither answer ``GRAPH ?g``
nor remove a bag; the union with reference counts kept in SQLite beside it
(150,000-170,000 when the machine is quiet) can remove a bag but still not
answer ``GRAPH ?g`` from the store; named graphs alone (150,000-195,000) leave
only pyoxigraph's union mode for queries without ``GRAPH``, where a crew query
took half a second and, already at 3,000 bags, images-by-agency more than
90 s and another ran out of memory, with every shared triple counted once per
bag. Per-bag graphs that answer at once and a fast, exact union cost the double
write.

Writes are atomic per call: :meth:`GraphStore.add` writes all its graphs or
none, a bulk load included (pyoxigraph ingests all the files of one bulk load
in one RocksDB step). The indexer relies on it to write a bag's content and
its facts together. Bulk loads may run in background threads
(``wait=False``), two at a time, each on about one core, while the caller
parses the next bags.

On disk, ``DIR/oxigraph`` holds the RocksDB files, ``DIR/archive-store.json``
says what the folder is, and ``DIR/lock`` is held shared by readers and
exclusively by a writer (RocksDB forbids reading while another process writes).
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import Any

import pyoxigraph as ox

from archive.errors import QueryError
from archive.query.graphs import GraphData, graph_from_lines, graph_from_terms, parse_graph
from archive.query.params import excerpt, locate_error, query_form
from archive.query.results import XSD_STRING, Kind, QueryResult, Term

__all__ = [
    "ENGINE",
    "GraphData",
    "GraphStore",
    "check_query",
    "graph_from_lines",
    "graph_from_terms",
    "nquads",
    "parse_graph",
]

ENGINE = f"pyoxigraph {ox.__version__}"
FORMAT_NAME = "archive SPARQL store"
FORMAT_VERSION = 1
MARKER = "archive-store.json"
WRITERS = 2  # background bulk loads at once: each keeps about one core busy
_POSITION = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.DOTALL)


def check_query(text: str, *, source: str = "<query>") -> Kind:
    """Parse a query (running it on no data) and say which form it is.

    Raises:
        QueryError: a syntax error, with its line and column.
    """
    answer = _run(ox.Store(), text, source)
    if isinstance(answer, ox.QueryBoolean):
        return "ASK"
    if isinstance(answer, ox.QueryTriples):
        return "DESCRIBE" if query_form(text) == "DESCRIBE" else "CONSTRUCT"
    return "SELECT"


def _run(store: ox.Store, text: str, source: str) -> Any:
    try:
        return store.query(text)
    except SyntaxError as exc:
        raise _syntax_error(exc, text, source) from exc
    except (OSError, ValueError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}", input=source) from exc


def _syntax_error(exc: SyntaxError, text: str, source: str) -> QueryError:
    message = str(exc)
    m = _POSITION.match(message)
    place = locate_error(text)
    if place is not None:
        line, column, found = place
        detail = f"unexpected {found}" if found else "cannot read this"
    elif m is not None:
        line, column, detail = int(m.group(1)), int(m.group(2)), m.group(3).strip()
    else:
        return QueryError(f"SPARQL syntax error: {message}", input=source)
    return QueryError(
        f"SPARQL syntax error at line {line}, column {column}: {detail}\n"
        + excerpt(text, line, column),
        input=source,
        line=line,
        column=column,
    )


def _literal(node: Any) -> Term:
    if node.language:
        return Term("literal", node.value, None, node.language)
    datatype = node.datatype.value
    return Term("literal", node.value, None if datatype == XSD_STRING else datatype, None)


# By exact type: one dictionary look-up per term instead of a chain of
# isinstance tests (thousands of terms per collection-wide answer).
_TERMS = {
    ox.NamedNode: lambda node: Term("uri", node.value),
    ox.BlankNode: lambda node: Term("bnode", node.value),
    ox.Literal: _literal,
}


def _term(node: Any) -> Term:
    convert = _TERMS.get(type(node))
    if convert is None:
        raise QueryError(f"the answer holds a term this tool cannot represent: {node}")
    return convert(node)


def to_result(answer: Any, kind: Kind) -> QueryResult:
    """A pyoxigraph answer as a :class:`QueryResult`."""
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult(kind="ASK", boolean=bool(answer))
    if isinstance(answer, ox.QueryTriples):
        triples = tuple((_term(t.subject), _term(t.predicate), _term(t.object)) for t in answer)
        return QueryResult(kind=kind, triples=triples)
    variables = tuple(v.value for v in answer.variables)
    term = _term
    rows = tuple(tuple(None if v is None else term(v) for v in sol) for sol in answer)
    return QueryResult(kind="SELECT", variables=variables, solutions=rows)


def parse_ntriples(data: bytes, *, source: str) -> tuple[tuple[Term, Term, Term], ...]:
    """Triples of an N-Triples or Turtle document (a server's CONSTRUCT answer)."""
    try:
        return tuple(
            (_term(t.subject), _term(t.predicate), _term(t.object))
            for t in ox.parse(data, ox.RdfFormat.TURTLE)
        )
    except SyntaxError as exc:
        raise QueryError(f"the answer is not valid Turtle: {exc}", input=source) from exc


class GraphStore:
    """Named graphs per bag, with the default graph kept as their union."""

    def __init__(self, store: ox.Store, *, path: Path | None = None, lock: int | None = None):
        self._store = store
        self.path = path
        self._lock = lock
        self._writers: ThreadPoolExecutor | None = None
        self._writing: deque[Future[None]] = deque()

    # -------------------------------------------------------------- opening

    @classmethod
    def in_memory(cls) -> GraphStore:
        """A store in memory, for one query over a few bags."""
        return cls(ox.Store())

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> GraphStore:
        """Open the store in folder ``path``; a writer creates it if missing.

        Raises:
            QueryError: not a store, a store of another format, or in use by a
                writer (or, for a writer, by anyone).
        """
        marker = path / MARKER
        if read_only:
            if not marker.is_file():
                raise QueryError(
                    "is not an archive store (make one with archive index)", input=path
                )
        else:
            _prepare(path)
        _check_marker(marker)
        lock = _lock(path, exclusive=not read_only)
        db = path / "oxigraph"
        try:
            if not read_only:
                _remove_bulk_leftovers(db)
            store = ox.Store.read_only(os.fspath(db)) if read_only else ox.Store(os.fspath(db))
        except OSError as exc:
            os.close(lock)
            raise QueryError(f"cannot open the store: {exc}", input=path) from exc
        return cls(store, path=path, lock=lock)

    def close(self) -> None:
        """Finish the background writes, flush (a writer) and release the store.

        Raises:
            QueryError: a background write failed (the store is released all the same).
        """
        try:
            self.settle()
        finally:
            if self._lock is not None:
                del self._store
                os.close(self._lock)
                self._lock = None

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -------------------------------------------------------------- reading

    def query(self, text: str, *, kind: Kind | None = None, source: str = "<query>") -> QueryResult:
        """Run a SPARQL query; the default graph is the union of every bag's graph.

        Raises:
            QueryError: a syntax error (with line and column) or a failure of the store.
        """
        self.settle()
        answer = _run(self._store, text, source)
        try:
            return to_result(answer, kind or query_form(text) or "SELECT")
        except OSError as exc:
            raise QueryError(f"the query failed: {exc}", input=source) from exc

    def named_graphs(self) -> set[str]:
        """The names of every named graph (bags and their facts)."""
        self.settle()
        return {g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)}

    def graph_ntriples(self, name: str) -> bytes:
        """A named graph as N-Triples."""
        self.settle()
        data = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
        return data or b""

    def quad_count(self) -> int:
        """Quads in the store: every named graph plus the union."""
        self.settle()
        return len(self._store)

    # -------------------------------------------------------------- writing

    def add(
        self, graphs: Sequence[tuple[str, GraphData]], *, bulk: bool = False, wait: bool = True
    ) -> None:
        """Add graphs (named by IRI) and their triples to the union: all of them or none.

        ``bulk`` writes many graphs at once, faster than a transaction and as
        atomic (one ingestion of all the files it wrote). With ``bulk`` and
        ``wait=False`` the write goes on in a background thread, up to
        :data:`WRITERS` at once; every later call on the store waits for
        them, and raises their error if one failed.

        Raises:
            QueryError: the store cannot be written.
        """
        if not graphs:
            return
        if bulk and not wait:
            while len(self._writing) >= WRITERS:
                self._writing.popleft().result()
            if self._writers is None:
                self._writers = ThreadPoolExecutor(WRITERS, thread_name_prefix="archive-store")
            self._writing.append(self._writers.submit(self._write, graphs, bulk=True))
            return
        self.settle()
        self._write(graphs, bulk=bulk)

    def _write(self, graphs: Sequence[tuple[str, GraphData]], *, bulk: bool) -> None:
        payload = nquads(graphs)
        try:
            if bulk:
                self._store.bulk_load(payload, ox.RdfFormat.N_QUADS, lenient=True)
            else:
                self._store.load(payload, ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError) as exc:
            raise QueryError(f"cannot write the store: {exc}", input=self.path) from exc

    def settle(self) -> None:
        """Wait for the background writes.

        Raises:
            QueryError: one of them failed (the first error; the others are waited for).
        """
        failed: Exception | None = None
        while self._writing:
            try:
                self._writing.popleft().result()
            except Exception as exc:  # raised once every write has ended
                failed = failed or exc
        if self._writers is not None:
            # No idle thread outlives the writes: the fixity checks fork workers.
            self._writers.shutdown()
            self._writers = None
        if failed is not None:
            raise failed

    def remove(self, name: str) -> None:
        """Drop a named graph, and its triples from the union unless another graph holds them.

        Raises:
            QueryError: the store cannot be written.
        """
        self.settle()
        iri = f"<{name}>"
        update = (
            "DELETE { ?s ?p ?o } WHERE { GRAPH " + iri + " { ?s ?p ?o } "
            "FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER(?other != " + iri + ") } } ;\n"
            "DROP SILENT GRAPH " + iri
        )
        try:
            self._store.update(update)
        except (OSError, SyntaxError) as exc:
            raise QueryError(f"cannot write the store: {exc}", input=self.path) from exc

    def optimize(self) -> None:
        """Compact the files on disk (faster queries after a large load)."""
        self.settle()
        try:
            self._store.optimize()
            self._store.flush()
        except OSError as exc:
            raise QueryError(f"cannot optimize the store: {exc}", input=self.path) from exc

    def flush(self) -> None:
        """Finish the background writes and flush the store's buffers to disk."""
        self.settle()
        if self.path is not None:
            self._store.flush()


def nquads(graphs: Sequence[tuple[str, GraphData]]) -> bytes:
    """One N-Quads document: each graph's triples in its named graph and in the union."""
    parts: list[bytes] = []
    for name, data in graphs:
        # N-Triples escapes line breaks in literals: " .\n" only ends a line.
        parts.append(data.ntriples.replace(b" .\n", f" <{name}> .\n".encode()))
        parts.append(data.ntriples)
    return b"".join(parts)


def _prepare(path: Path) -> None:
    """Create the store folder whole or not at all, refusing a folder that holds something else.

    A new store is built aside (``.NAME.new-PID`` beside it) and renamed into
    place, so a process killed while RocksDB creates its files leaves no store
    that later fails to open, only a leftover that the next writer removes.
    """
    marker = path / MARKER
    if marker.exists():
        return
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise QueryError(
            "exists and is not an archive store (no archive-store.json); choose another folder",
            input=path,
        )
    _remove_stale_asides(path)
    aside = path.with_name(f".{path.name}.new-{os.getpid()}")
    try:
        aside.mkdir(parents=True)
        ox.Store(os.fspath(aside / "oxigraph")).flush()
        doc = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "engine": ENGINE}
        (aside / MARKER).write_text(json.dumps(doc, sort_keys=True) + "\n", encoding="utf-8")
        if path.is_dir():
            path.rmdir()  # the empty folder the user named
        aside.rename(path)
    except OSError as exc:
        shutil.rmtree(aside, ignore_errors=True)
        if marker.exists():
            return  # another writer created it first
        raise QueryError(f"cannot create the store: {exc.strerror or exc}", input=path) from exc


def _remove_stale_asides(path: Path) -> None:
    """Remove stores half-built aside by processes that no longer run."""
    for leftover in path.parent.glob(f".{path.name}.new-*"):
        try:
            os.kill(int(leftover.name.rsplit("-", 1)[1]), 0)
        except (ValueError, ProcessLookupError):
            shutil.rmtree(leftover, ignore_errors=True)
        except PermissionError:
            pass  # alive, someone else's


def _remove_bulk_leftovers(db: Path) -> None:
    """Delete bulk-load files a killed writer left (never ingested, so never referenced).

    Only called with the exclusive lock held: no other writer can be loading.
    """
    for leftover in db.glob("bulk-*.sst"):
        leftover.unlink(missing_ok=True)


def _check_marker(marker: Path) -> None:
    try:
        doc = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise QueryError("the store's archive-store.json cannot be read", input=marker) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT_NAME:
        raise QueryError("is not an archive store marker", input=marker)
    if doc.get("version") != FORMAT_VERSION:
        raise QueryError(
            f"the store has format version {doc.get('version')}; this archive reads "
            f"{FORMAT_VERSION}: index the bags again into a new store",
            input=marker.parent,
        )


def _lock(path: Path, *, exclusive: bool) -> int:
    """Hold ``DIR/lock``: shared for readers, exclusive for the one writer."""
    try:
        fd = os.open(path / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if not exclusive and exc.errno in (13, 30):  # read-only place: readers go unlocked
            return os.open(os.devnull, os.O_RDONLY)
        raise QueryError(f"cannot lock the store: {exc.strerror}", input=path) from exc
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        doing = "being written by another process" if not exclusive else "in use"
        raise QueryError(
            f"the store is {doing}; try again when it has finished", input=path
        ) from exc
    return fd
