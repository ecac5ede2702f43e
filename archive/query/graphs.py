"""Bags' graphs as the store loads them: Turtle parsed into canonical N-Triples.

A graph travels as N-Triples bytes, one line per distinct triple: cheap to
search (the bag node, the index's own terms), to send to a SPARQL server,
and to turn into N-Quads for a bulk load (:mod:`archive.query.store`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from archive.errors import QueryError
from archive.query.results import Term

__all__ = ["GraphData", "graph_from_lines", "graph_from_terms", "parse_graph"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TURTLE_POSITION = re.compile(r"line (\d+) between columns (\d+)")


@dataclass(frozen=True, slots=True)
class GraphData:
    """A parsed graph, ready to load: canonical N-Triples, one line per distinct triple."""

    ntriples: bytes
    triples: int

    def subjects_of_type(self, type_iri: str) -> list[str]:
        """IRIs of the subjects typed ``type_iri`` (for finding the bag node)."""
        nt = self.ntriples
        needle = f"> <{RDF_TYPE}> <{type_iri}> .\n".encode()
        found = set()
        end = nt.find(needle)
        while end >= 0:  # a substring search finds the few such lines fastest
            start = nt.rfind(b"\n", 0, end) + 1
            if nt.startswith(b"<", start):
                found.add(nt[start + 1 : end].decode("utf-8"))
            end = nt.find(needle, end + len(needle))
        return sorted(found)


def parse_graph(data: bytes, *, source: str) -> GraphData:
    """Parse Turtle (a bag's ``graph.ttl``) into loadable form.

    Blank nodes get fresh labels, so that two bags never share one.

    Raises:
        QueryError: the bytes are not valid Turtle (with line and column).
    """
    try:
        # Streaming the triples to N-Triples costs a third less than a
        # staging store; duplicates are dropped below instead.
        triples = ox.parse(data, ox.RdfFormat.TURTLE, rename_blank_nodes=True)
        nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        m = _TURTLE_POSITION.search(str(exc))
        line, column = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        raise QueryError(
            f"not valid Turtle: {exc}", input=source, line=line, column=column
        ) from exc
    assert nt is not None
    return graph_from_lines(nt)


def graph_from_lines(ntriples: bytes) -> GraphData:
    """A graph from N-Triples lines, each triple kept once (a graph is a set)."""
    lines = ntriples.splitlines(keepends=True)
    distinct = dict.fromkeys(lines)
    if len(distinct) != len(lines):
        ntriples = b"".join(distinct)
    return GraphData(ntriples=ntriples, triples=len(distinct))


def graph_from_terms(triples: Iterable[tuple[Term, Term, Term]]) -> GraphData:
    """A graph built from terms (the index's facts about a bag)."""
    lines = sorted({f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples})
    return GraphData(ntriples="".join(lines).encode("utf-8"), triples=len(lines))
