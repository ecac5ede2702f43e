"""JSON-LD to RDF: the event graph is derived from the JSON-LD, never written beside it.

The Turtle file in a bag is the union of the bag's JSON-LD documents read as
RDF, so the two cannot disagree; ``validate`` checks that they still agree.
Contexts are never fetched: a document whose ``@context`` is (or holds) a URL
is refused before rdflib sees it, because rdflib would fetch it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import Graph
from rdflib.term import Node as RdfNode

from archive.errors import MetadataError
from archive.metadata.vocab import ARCH_BASE, SCHEMA_BASE

PREFIXES = {
    "schema": SCHEMA_BASE,
    "dcterms": "http://purl.org/dc/terms/",
    "arch": ARCH_BASE,
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

Triple = tuple[RdfNode, RdfNode, RdfNode]


def remote_contexts(doc: Any) -> list[str]:
    """Every ``@context`` value in a JSON-LD document that is a reference, not inline.

    >>> remote_contexts({"@context": "https://schema.org/", "a": {"@context": {"x": "y"}}})
    ['https://schema.org/']
    >>> remote_contexts({"@context": {"@vocab": "http://schema.org/"}})
    []
    """
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "@context":
                    for ctx in item if isinstance(item, list) else [item]:
                        if isinstance(ctx, str):
                            found.append(ctx)
                        else:
                            walk(ctx)
                else:
                    walk(item)
            # "@import" inside a context also loads a remote document.
            if isinstance(value.get("@import"), str):
                found.append(value["@import"])
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(doc)
    return found


def to_graph(docs: Iterable[Mapping[str, Any]], *, name: str = "<metadata>") -> Graph:
    """Read JSON-LD documents (parsed JSON) into one rdflib graph.

    Raises:
        MetadataError: a document refers to a remote context, or is not JSON-LD.
    """
    graph = _new_graph()
    for doc in docs:
        remote = remote_contexts(doc)
        if remote:
            raise MetadataError(
                f"JSON-LD refers to a remote context ({remote[0]}); contexts must be inline",
                input=name,
            )
        try:
            graph.parse(data=json.dumps(doc), format="json-ld")
        except Exception as exc:  # rdflib raises many unrelated types for bad JSON-LD
            raise MetadataError(f"not readable as JSON-LD: {exc}", input=name) from exc
    return graph


def to_turtle(graph: Graph) -> bytes:
    """Serialise a graph as Turtle, byte-identical for the same triples.

    rdflib's Turtle writer orders subjects and predicates, so equal graphs
    without blank nodes give equal bytes whatever the hash seed.
    """
    return graph.serialize(format="turtle", encoding="utf-8")


def parse_turtle(data: bytes, *, name: str = "<graph.ttl>") -> Graph:
    """Read a Turtle document.

    Raises:
        MetadataError: the bytes are not valid Turtle.
    """
    graph = _new_graph()
    try:
        graph.parse(data=data, format="turtle")
    except Exception as exc:  # rdflib's parser errors have no common base class
        raise MetadataError(f"not valid Turtle: {exc}", input=name) from exc
    return graph


def difference(a: Graph, b: Graph) -> list[Triple]:
    """Triples of ``a`` that are not in ``b`` (graphs without blank nodes), sorted."""
    missing = set(a) - set(b)
    return sorted(missing, key=lambda t: tuple(str(x) for x in t))


def _new_graph() -> Graph:
    graph = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    return graph
