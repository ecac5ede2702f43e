"""SHACL shapes (vocab/shapes.ttl) over a bag's event graph, as findings.

pyshacl does the work; this module only loads the shapes once and turns its
validation report into :class:`Issue` values (G003) with the shape's severity.
"""

from __future__ import annotations

import functools

from pyshacl import validate as shacl_validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from archive.metadata.terms import json_key
from archive.resources import vocab_file
from archive.validate.issues import Code, Issue, Severity, issue

SH = Namespace("http://www.w3.org/ns/shacl#")
_SEVERITY = {SH.Violation: Severity.ERROR, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}


@functools.cache
def shapes_graph() -> Graph:
    """The shipped shapes, parsed once."""
    return Graph().parse(vocab_file("shapes.ttl"), format="turtle")


def check_shapes(data: Graph, *, where: str = "data/metadata/graph.ttl") -> list[Issue]:
    """Every shape the graph fails, sorted by focus node; empty when it conforms."""
    _, report, _ = shacl_validate(
        data, shacl_graph=shapes_graph(), inference="none", advanced=True, allow_warnings=True
    )
    assert isinstance(report, Graph)
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        severity = _SEVERITY.get(report.value(result, SH.resultSeverity), Severity.ERROR)  # type: ignore[call-overload]
        text = str(message) if message is not None else "does not meet its shape"
        if isinstance(path, URIRef):
            text += f" ({json_key(str(path)) or path})"
        found.append(issue(Code.G003, f"{where}: <{focus}>", text, severity=severity))
    return sorted(found, key=lambda i: (i.where, i.message))
