"""Writing the store: atomic writes, background bulk loads, and parsing bags' graphs."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.errors import QueryError
from archive.query import GraphStore, run_query
from archive.query.facts import facts_graph
from archive.query.graphs import GraphData, graph_from_terms, parse_graph
from archive.query.results import Term
from archive.query.targets import BULK_MIN, StoreSink

EX = "http://example.org/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _graph(n: int, size: int = 3) -> GraphData:
    return graph_from_terms(
        (Term("uri", f"{EX}bag{n}"), Term("uri", f"{EX}p{k}"), Term("literal", str(k)))
        for k in range(size)
    )


def _count(store: GraphStore, text: str = COUNT) -> int:
    return int(run_query(store, text).solutions[0][0].value)  # type: ignore[union-attr]


def test_background_bulk_loads_are_seen_by_the_next_call(tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store") as store:
        for n in range(5):  # more loads than writers: the oldest are waited for
            store.add([(f"{EX}g{n}", _graph(n))], bulk=True, wait=False)
        assert _count(store) == 15
        assert store.named_graphs() == {f"{EX}g{n}" for n in range(5)}


def test_a_failed_bulk_load_writes_nothing_and_is_raised_later(tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store") as store:
        broken = GraphData(b"<" + EX.encode() + b"s> not N-Triples .\n", 1)
        store.add([(f"{EX}good", _graph(1)), (f"{EX}bad", broken)], bulk=True, wait=False)
        with pytest.raises(QueryError, match="cannot write the store"):
            store.quad_count()
        assert store.quad_count() == 0  # the good graph of the same load is not there either
        store.add([(f"{EX}good", _graph(1))], bulk=True)
        assert _count(store) == 3


def test_close_waits_for_the_background_loads(tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store") as store:
        store.add([(f"{EX}g{n}", _graph(n, 50)) for n in range(200)], bulk=True, wait=False)
    with GraphStore.open(tmp_path / "store", read_only=True) as store:
        assert _count(store) == 200 * 50


def test_the_last_bags_of_a_run_are_shared_among_the_writers() -> None:
    store = GraphStore.in_memory()
    sink = StoreSink(store)
    bags = 2 * BULK_MIN + 1
    for n in range(bags):
        sink.put(f"{EX}bag{n}", _graph(n), _graph(n, 1))
    sink.finish()
    assert sink.bulk_writes == 2
    names = store.named_graphs()
    assert all(f"{EX}bag{n}" in names and facts_graph(f"{EX}bag{n}") in names for n in range(bags))
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _count(store, union) == bags * 3  # the facts triples are among the content's


def test_parsing_keeps_each_triple_once_and_renames_blank_nodes() -> None:
    turtle = (
        b"@prefix ex: <http://example.org/> .\n"
        b'ex:a ex:p "x" . ex:a ex:p "x" .\n'
        b"_:b ex:q [ ex:r 1 ] .\n"
    )
    first = parse_graph(turtle, source="t")
    second = parse_graph(turtle, source="t")
    assert first.triples == 3 and first.ntriples.count(b"\n") == 3
    assert b"_:b " not in first.ntriples  # fresh labels: two bags never share a blank node
    assert first.ntriples != second.ntriples
    typed = parse_graph(
        b"<http://example.org/bag> a <http://example.org/Bag> .\n"
        b'<http://example.org/x> <http://example.org/says> "a <http://example.org/Bag>" .\n',
        source="t",
    )
    assert typed.subjects_of_type("http://example.org/Bag") == ["http://example.org/bag"]


def test_a_turtle_error_names_its_line_and_column() -> None:
    with pytest.raises(QueryError, match="not valid Turtle") as caught:
        parse_graph(b'<http://a/> <http://b/> "x" .\n<http://a/> <http://b/> oops .', source="t")
    assert (caught.value.line, caught.value.column) == (2, 25)  # at "oops"
