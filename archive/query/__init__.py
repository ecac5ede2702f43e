"""SPARQL over the event graphs of many bags.

A collection of bags becomes one queryable graph: :func:`index_bags` loads
each bag's ``graph.ttl`` into a persistent store (a named graph per bag, named
by the bag's IRI, with the bag's facts beside it) or onto a SPARQL server,
and :func:`run_query` answers SPARQL 1.1 queries over the union of the bags'
graphs, with ``GRAPH ?g`` for per-bag questions. Named queries ship in
``vocab/queries``; their ``$name`` parameters are bound safely.

Engine (chosen by measurement, ``benchmarks/query.py``, 10,000 bags, 1.6 M
triples): pyoxigraph's RocksDB store. The selective competency queries take
about a millisecond and the collection-wide ones 0.05 to 0.4 s, against 0.01 to
1 s and 0.2 to 24 s for rdflib's in-memory graph; the store reopens in about
10 ms. rdflib over pyoxigraph (oxrdflib) is as fast but lives in memory, so it
must reload everything on every start. The union of the bags is kept as the
store's default graph (see :mod:`archive.query.store`), because pyoxigraph's
union-of-named-graphs mode was thousands of times slower and repeated a triple
once per graph that states it. Loading is the cost: each triple is written
twice, so a bulk write runs at 60,000 to 97,000 input triples per second on two
vCPUs (``archive index`` with its checks and compaction, 35,000 to 56,000), not
the 150,000 the union alone would allow. rdflib stays the API: results iterate
as rdflib rows (:class:`QueryResult`).

Public surface::

    open_store(path, read_only=True) -> GraphStore
    load_bags(paths) -> GraphStore                      (in memory, for one query)
    index_bags(target, paths, check="bagit", ...) -> Iterator[BagOutcome]
    run_query(target, query, params=None) -> QueryResult
    named_queries() -> list[NamedQuery] ; load_query(name) -> NamedQuery
    Endpoint(url, graph_store=None, user=None, password=None, timeout=60)
    format_result(result, "table" | "json" | "csv" | "tsv" | "turtle") -> str
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from archive.errors import QueryError
from archive.query.endpoint import Endpoint, EndpointSink
from archive.query.facts import IndexedBag, facts_graph
from archive.query.fixity import FixityFacts, FixitySource, default_fixity_log
from archive.query.index import CHECKS, BagOutcome, read_graph
from archive.query.index import index_bags as _index_into
from archive.query.params import NamedQuery, bind, load_query, named_queries, parse_param
from archive.query.results import FORMATS, QueryResult, Term, format_result
from archive.query.store import ENGINE, GraphStore, check_query
from archive.query.targets import StoreSink

__all__ = [
    "CHECKS",
    "ENGINE",
    "FORMATS",
    "BagOutcome",
    "Endpoint",
    "FixityFacts",
    "FixitySource",
    "GraphStore",
    "IndexedBag",
    "NamedQuery",
    "QueryResult",
    "Term",
    "default_fixity_log",
    "facts_graph",
    "format_result",
    "index_bags",
    "load_bags",
    "load_query",
    "named_queries",
    "open_store",
    "parse_param",
    "run_query",
]

Target = GraphStore | Endpoint
_QUERY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def open_store(path: Path, *, read_only: bool = True) -> GraphStore:
    """Open a store made by :func:`index_bags` (``read_only=False`` creates one).

    Raises:
        QueryError: not a store, or in use by a writer.
    """
    return GraphStore.open(Path(path), read_only=read_only)


def load_bags(paths: Iterable[Path]) -> GraphStore:
    """The graphs of the bags under ``paths``, in memory, for a query or two.

    Bags are read as they are (``archive validate`` checks them).

    Raises:
        InputError: a path is not a folder.
        QueryError: a bag has no readable graph, or no bag was found.
    """
    from archive.bag import find_bags

    store = GraphStore.in_memory()
    graphs = []
    for bag_path in find_bags([Path(p) for p in paths]):
        content, bag = read_graph(str(bag_path))
        graphs.append((bag, content))
    if not graphs:
        raise QueryError("no bag found", input=", ".join(str(p) for p in paths))
    store.add(graphs)
    return store


def index_bags(
    target: Target,
    paths: Iterable[Path],
    *,
    check: str = "bagit",
    allow_invalid: bool = False,
    prune: bool = False,
    fixity: FixitySource | None = None,
    workers: int = 0,
    optimize: bool | None = None,
    found: Callable[[int], None] | None = None,
) -> Iterator[BagOutcome]:
    """Index the bags under ``paths`` into a store or onto a server; one outcome per bag.

    See :func:`archive.query.index.index_bags` for the arguments. ``optimize``
    compacts a store after the run; by default only after new bags were
    written in bulk, which leaves many small files behind: collection-wide
    queries ran 2 to 3 times faster after compaction in the benchmark.
    """
    sink = EndpointSink(target) if isinstance(target, Endpoint) else StoreSink(target)
    yield from _index_into(
        sink,
        paths,
        check=check,
        allow_invalid=allow_invalid,
        prune=prune,
        fixity=fixity,
        workers=workers,
        found=found,
    )
    if isinstance(sink, StoreSink) and (optimize or (optimize is None and sink.bulk_writes)):
        sink.store.optimize()


def resolve_query(query: str | NamedQuery) -> NamedQuery:
    """A named query by name, or ad-hoc query text wrapped as a (parameter-less) NamedQuery."""
    if isinstance(query, NamedQuery):
        return query
    if _QUERY_NAME.match(query):
        return load_query(query)
    return NamedQuery(name="<query>", description="", params=(), text=query, path="<query>")


def run_query(
    target: Target, query: str | NamedQuery, params: Mapping[str, str] | None = None
) -> QueryResult:
    """Answer a SPARQL query (text, a named query's name, or a NamedQuery) over ``target``.

    Args:
        target: a store (:func:`open_store`, :func:`load_bags`) or an :class:`Endpoint`.
        query: SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE.
        params: values for the query's ``$name`` parameters.

    Raises:
        QueryError: a syntax error (``line``/``column`` set) or a failure of the target.
        UsageError: a parameter is missing or unknown.
    """
    named = resolve_query(query)
    source = named.path
    kind = check_query(named.text, source=source)  # positions refer to the text as written
    text = bind(named.text, params or {}, declared=named.param_names)
    if text != named.text:
        check_query(text, source=f"{source} (with its parameters bound)")
    if isinstance(target, Endpoint):
        return target.query(text, kind=kind)
    return target.query(text, kind=kind, source=source)
