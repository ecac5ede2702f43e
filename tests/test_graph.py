from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pyoxigraph
import pytest
from helpers import bag_facts, make_package
from rdflib import URIRef
from rdflib.namespace import RDF

from archive.errors import MetadataError
from archive.metadata.graph import difference, parse_turtle, remote_contexts, to_graph, to_turtle
from archive.metadata.jsonld import describe
from archive.metadata.vocab import ARCH, SDO


def _graph():  # type: ignore[no-untyped-def]
    return to_graph(describe(make_package(), bag_facts()).values())


def test_graph_uses_the_one_schema_org_base() -> None:
    g = _graph()
    for s, p, o in g:
        for term in (s, p, o):
            assert "https://schema.org" not in str(term)
    assert (URIRef("https://id.example.org/event/launch/soyuz-tma-11m"), RDF.type, SDO.Event) in g


def test_plain_schema_org_query_finds_the_crew() -> None:
    rows = list(
        _graph().query(
            """PREFIX schema: <http://schema.org/>
            SELECT ?name ?role WHERE {
              ?e a schema:Event ; schema:performer ?p .
              ?p schema:name ?name .
              ?a schema:performer ?p ; schema:roleName ?role .
            }"""
        )
    )
    assert [(str(n), str(r)) for n, r in rows] == [("Koichi Wakata", "Flight Engineer")]


def test_turtle_round_trips_and_a_second_parser_agrees() -> None:
    g = _graph()
    data = to_turtle(g)
    assert difference(g, parse_turtle(data)) == []
    store = pyoxigraph.Store()
    store.load(data, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(g)


def test_turtle_bytes_do_not_depend_on_the_hash_seed() -> None:
    script = textwrap.dedent(
        """
        import sys, hashlib
        sys.path.insert(0, "tests")
        from helpers import bag_facts, make_package
        from archive.metadata.jsonld import describe
        from archive.metadata.graph import to_graph, to_turtle
        data = to_turtle(to_graph(describe(make_package(), bag_facts()).values()))
        print(hashlib.sha256(data).hexdigest())
        """
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1


def test_remote_contexts_are_found_everywhere() -> None:
    doc = {
        "@context": [{"@vocab": "http://schema.org/"}, "https://example.org/ctx.jsonld"],
        "x": {"@context": {"@import": "https://example.org/other.jsonld"}},
    }
    assert remote_contexts(doc) == [
        "https://example.org/ctx.jsonld",
        "https://example.org/other.jsonld",
    ]


def test_remote_context_is_refused_without_fetching() -> None:
    with pytest.raises(MetadataError, match="remote context"):
        to_graph([{"@context": "http://127.0.0.1:9/never.jsonld", "@id": "urn:x", "name": "x"}])


def test_bad_turtle_is_an_error() -> None:
    with pytest.raises(MetadataError, match="not valid Turtle"):
        parse_turtle(b"<a> <b> .")


def test_difference_lists_missing_statements() -> None:
    g = _graph()
    h = _graph()
    h.remove((None, SDO.caption, None))
    missing = difference(g, h)
    assert missing and all(p == SDO.caption for _, p, _ in missing)
    assert ARCH.crewMember in set(g.predicates())


def test_an_independent_json_ld_processor_reads_the_same_triples() -> None:
    """pyoxigraph's own JSON-LD parser (not rdflib's) agrees statement for statement."""
    docs = describe(make_package(), bag_facts())
    store = pyoxigraph.Store()
    for doc in docs.values():
        store.load(json.dumps(doc).encode(), format=pyoxigraph.RdfFormat.JSON_LD)
    ours = to_graph(docs.values())
    theirs = {(str(q.subject), str(q.predicate), str(q.object)) for q in store}
    assert len(theirs) == len(ours)
    mine = {
        (f"<{s}>", f"<{p}>", o.n3() if not isinstance(o, URIRef) else f"<{o}>") for s, p, o in ours
    }
    assert mine == theirs
