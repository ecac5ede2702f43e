"""Super-terms of the project vocabulary, stated in the data itself.

``vocab/archive.ttl`` says that ``arch:Launch`` is a ``schema:Event`` and
``arch:crewMember`` a sub-property of ``schema:performer``. A SPARQL user
without a reasoner would not see that, so every node we write also carries the
schema.org super-types and super-property values (materialisation). The
vocabulary file is the single source of these facts.
"""

from __future__ import annotations

import functools
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS

from archive.metadata.vocab import ARCH_BASE, SCHEMA_BASE
from archive.resources import vocab_file

_DCTERMS = "http://purl.org/dc/terms/"


def json_key(iri: str) -> str | None:
    """The JSON-LD key our context gives an IRI, or None if it has none.

    >>> json_key("http://schema.org/performer")
    'performer'
    >>> json_key("https://archive.example/ns#crewMember")
    'arch:crewMember'
    """
    for base, prefix in ((SCHEMA_BASE, ""), (ARCH_BASE, "arch:"), (_DCTERMS, "dcterms:")):
        if iri.startswith(base):
            return prefix + iri[len(base) :]
    return None


@functools.cache
def _supers() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(super-classes, super-properties) of every project term, transitively, as JSON keys."""
    graph = Graph().parse(vocab_file("archive.ttl"), format="turtle")

    def closure(predicate: URIRef) -> dict[str, tuple[str, ...]]:
        out: dict[str, tuple[str, ...]] = {}
        for term in set(graph.subjects(predicate, None)):
            key = json_key(str(term))
            if key is None:
                continue
            seen = [json_key(str(s)) for s in graph.transitive_objects(term, predicate)]
            out[key] = tuple(sorted({s for s in seen if s is not None and s != key}))
        return out

    return closure(RDFS.subClassOf), closure(RDFS.subPropertyOf)


def materialize(node: dict[str, Any]) -> dict[str, Any]:
    """Add the schema.org super-types and super-property values of a node's project terms.

    Values already present under the super-property are kept; lists stay
    sorted and free of duplicates, so output is deterministic.
    """
    classes, properties = _supers()
    types = node.get("@type")
    if types is not None:
        given = [types] if isinstance(types, str) else list(types)
        found = set(given)
        for t in given:
            found.update(classes.get(t, ()))
        # schema:Thing and schema:Intangible add nothing a query needs.
        found -= {"Thing", "Intangible"} if len(found) > 1 else set()
        node["@type"] = sorted(found) if len(found) > 1 else next(iter(found))
    for key in [k for k in node if k in properties]:
        for sup in properties[key]:
            if sup in node and sup != key:
                node[sup] = _merge(node[sup], node[key])
            elif sup not in node:
                node[sup] = _refs_only(node[key])
    return node


def _refs_only(value: Any) -> Any:
    """The super-property gets references, not a second copy of embedded nodes."""
    if isinstance(value, list):
        return [_refs_only(v) for v in value]
    if isinstance(value, dict) and "@id" in value:
        return {"@id": value["@id"]}
    return value


def _merge(a: Any, b: Any) -> Any:
    items = (a if isinstance(a, list) else [a]) + _as_list(_refs_only(b))
    unique: dict[str, Any] = {}
    for item in items:
        unique.setdefault(_sort_key(item), item)
    merged = [unique[k] for k in sorted(unique)]
    return merged[0] if len(merged) == 1 else merged


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _sort_key(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("@id", value.get("@value", repr(sorted(value.items())))))
    return repr(value)
