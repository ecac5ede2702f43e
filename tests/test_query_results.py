"""The W3C result formats, written exactly, and results as rdflib rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import ResultRow

from archive.errors import UsageError
from archive.query import GraphStore, QueryResult, Term, format_result, run_query
from archive.query.results import parse_json_results

DATA = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:label "plain" , "comma, \\"quoted\\"\\nand a line"@en-GB , "tab\\there" ;
     ex:count 42 , "3.5"^^xsd:decimal ; ex:when "2013-11-07"^^xsd:date ; ex:link [ ex:p ex:b ] .
"""
SELECT = "SELECT ?s ?p ?o ?none WHERE { ?s ?p ?o } ORDER BY ?p ?o"


@pytest.fixture(scope="module")
def loaded() -> tuple[GraphStore, ox.Store]:
    ours = GraphStore.in_memory()
    from archive.query.store import parse_graph

    ours.add([("http://example.org/g", parse_graph(DATA.encode(), source="test"))])
    theirs = ox.Store()
    theirs.load(DATA.encode(), ox.RdfFormat.TURTLE)
    return ours, theirs


def reference(store: ox.Store, text: str, fmt: ox.QueryResultsFormat) -> str:
    data = store.query(text).serialize(format=fmt)
    assert data is not None
    return data.decode("utf-8")


def test_json_is_the_w3c_format(loaded: tuple[GraphStore, ox.Store]) -> None:
    ours, theirs = loaded
    text = format_result(run_query(ours, SELECT), "json")
    expected = json.loads(reference(theirs, SELECT, ox.QueryResultsFormat.JSON))
    got = json.loads(text)
    # Blank node labels are per store; compare them by position only.
    for doc in (got, expected):
        for b in doc["results"]["bindings"]:
            for v in b.values():
                if v["type"] == "bnode":
                    v["value"] = "_"
    assert got == expected
    assert got["head"]["vars"] == ["s", "p", "o", "none"]


def test_csv_is_the_w3c_format(loaded: tuple[GraphStore, ox.Store]) -> None:
    ours, _ = loaded
    text = format_result(run_query(ours, SELECT), "csv")
    assert text.startswith("s,p,o,none\r\n")
    assert text.endswith("\r\n")
    # Every line break outside a quoted field is CRLF.
    assert (
        text.count("\r\n")
        == len(text.replace('"comma, ""quoted""\nand a line"', "").split("\n")) - 1
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["s", "p", "o", "none"]
    values = {r[2] for r in rows[1:]}
    assert 'comma, "quoted"\nand a line' in values  # lexical form, quoted as RFC 4180 says
    assert "42" in values and "2013-11-07" in values
    assert all(r[3] == "" for r in rows[1:])  # unbound is an empty field
    assert any(r[2].startswith("_:") for r in rows[1:])


def test_tsv_is_the_w3c_format(loaded: tuple[GraphStore, ox.Store]) -> None:
    ours, _ = loaded
    text = format_result(run_query(ours, SELECT), "tsv")
    lines = text.split("\n")
    assert lines[0] == "?s\t?p\t?o\t?none"
    assert lines[-1] == ""
    cells = [line.split("\t") for line in lines[1:-1]]
    assert all(len(c) == 4 for c in cells)
    objects = {c[2] for c in cells}
    assert '"comma, \\"quoted\\"\\nand a line"@en-gb' in objects
    assert '"tab\\there"' in objects
    assert "42" in objects
    assert '"2013-11-07"^^<http://www.w3.org/2001/XMLSchema#date>' in objects
    assert '"3.5"^^<http://www.w3.org/2001/XMLSchema#decimal>' in objects
    assert "<http://example.org/a>" in {c[0] for c in cells}


def test_ask_and_construct(loaded: tuple[GraphStore, ox.Store]) -> None:
    ours, _ = loaded
    yes = run_query(ours, "ASK { ?s ?p 42 }")
    no = run_query(ours, "ASK { ?s ?p 43 }")
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}
    assert format_result(no, "csv") == "false\r\n" and no.empty and not yes.empty
    assert format_result(yes, "table") == "true\n"
    graph = run_query(ours, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }")
    assert graph.kind == "CONSTRUCT" and len(graph) == 6
    turtle = format_result(graph, "turtle")
    assert "@prefix" in turtle and "<http://example.org/>" in turtle
    with pytest.raises(UsageError, match="turtle"):
        format_result(graph, "csv")
    with pytest.raises(UsageError, match="solutions"):
        format_result(yes, "turtle")
    described = run_query(ours, "DESCRIBE <http://example.org/a>")
    assert described.kind == "DESCRIBE" and len(described) >= 7


def test_json_round_trip_and_server_quirks() -> None:
    result = QueryResult(
        kind="SELECT",
        variables=("a", "b"),
        solutions=(
            (Term("uri", "http://x/a"), Term("literal", "1", "http://x/dt")),
            (Term("bnode", "b0"), None),
            (Term("literal", "hi", None, "en"), Term("literal", "plain")),
        ),
    )
    assert parse_json_results(format_result(result, "json").encode(), source="t") == result
    virtuoso = {
        "head": {"vars": ["x"]},
        "results": {
            "bindings": [
                {"x": {"type": "typed-literal", "value": "1", "datatype": "http://x/dt"}},
                {"x": {"type": "literal", "value": "s", "datatype": _XSD_STRING}},
            ]
        },
    }
    parsed = parse_json_results(json.dumps(virtuoso).encode(), source="t")
    assert parsed.solutions == ((Term("literal", "1", "http://x/dt"),), (Term("literal", "s"),))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def test_rows_are_rdflib_rows(loaded: tuple[GraphStore, ox.Store]) -> None:
    ours, _ = loaded
    result = run_query(
        ours, "SELECT ?o ?none WHERE { <http://example.org/a> <http://example.org/count> ?o }"
    )
    rows = sorted(result, key=lambda r: len(str(r.o)))
    assert rows[0].o == Literal(42) and rows[0]["o"] == Literal(42)
    assert rows[0].none is None
    assert rows[1].o == Literal("3.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))


def test_rows_are_what_resultrow_makes(loaded: tuple[GraphStore, ox.Store]) -> None:
    """The shortcut that builds rows makes what rdflib's own constructor makes."""
    ours, _ = loaded
    result = run_query(ours, SELECT)
    labels = [Variable(v) for v in result.variables]
    made = [
        ResultRow({lab: t.to_rdflib() for lab, t in zip(labels, row, strict=True) if t}, labels)
        for row in result.solutions
    ]
    rows = result.rows()
    assert len(rows) == 8 and all(type(r) is ResultRow for r in rows)
    assert rows == made
    assert [r.labels for r in rows] == [r.labels for r in made]
    assert [r.asdict() for r in rows] == [r.asdict() for r in made]
    for row, expected in zip(rows, made, strict=True):
        assert [type(v) for v in row] == [type(v) for v in expected]
        assert row.s == expected.s and row["o"] == expected["o"] and row.get("none") is None
    assert rows[0].s is rows[1].s  # a term met twice is converted once


def test_rows_hold_the_terms_rdflib_makes(loaded: tuple[GraphStore, ox.Store]) -> None:
    """Every term of a row equals, in value and kind, the one rdflib's own query gives."""
    ours, _ = loaded
    graph = Graph().parse(data=DATA, format="turtle")

    def without_blank_nodes(rows: Iterable[ResultRow]) -> list[ResultRow]:
        return sorted((r for r in rows if not any(isinstance(v, BNode) for v in r)), key=str)

    mine = without_blank_nodes(run_query(ours, SELECT))
    theirs = without_blank_nodes(graph.query(SELECT))  # type: ignore[arg-type]
    assert len(mine) == 6 and mine == theirs
    for row, expected in zip(mine, theirs, strict=True):
        for value, other in zip(row, expected, strict=True):
            assert type(value) is type(other)
            if isinstance(value, Literal):  # (the store writes language tags in lower case)
                assert value.value == other.value and value.datatype == other.datatype
                assert (value.language or "") == (other.language or "").lower()
                assert hash(value) == hash(other)


def test_table_is_aligned_and_shortens(loaded: tuple[GraphStore, ox.Store]) -> None:
    ours, _ = loaded
    text = format_result(run_query(ours, SELECT), "table")
    lines = text.splitlines()
    assert lines[0].split() == ["?s", "?p", "?o", "?none"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[-1] == "(8 rows)"
    assert 'comma, "quoted" and a line@en-gb' in text  # one line per row
