from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from archive.metadata.vocab import ARCH, SCHEMA_BASE, context
from archive.resources import vocab_file


def _vocab() -> Graph:
    return Graph().parse(vocab_file("archive.ttl"), format="turtle")


def _defined(g: Graph) -> set[str]:
    terms = set(g.subjects(RDF.type, OWL.Class))
    terms |= set(g.subjects(RDF.type, OWL.ObjectProperty))
    terms |= set(g.subjects(RDF.type, OWL.DatatypeProperty))
    return {str(t) for t in terms}


def test_closed_namespace_matches_the_vocabulary_file() -> None:
    names = {str(ARCH[n]) for n in dir(ARCH)}
    assert names == _defined(_vocab())


def test_every_term_has_a_label_and_a_comment() -> None:
    g = _vocab()
    for term in _defined(g):
        assert g.value(URIRef(term), RDFS.label) is not None, term
        assert g.value(URIRef(term), RDFS.comment) is not None, term


def test_classes_and_most_properties_hang_under_schema_org() -> None:
    g = _vocab()
    for cls in g.subjects(RDF.type, OWL.Class):
        supers = [str(s) for s in g.transitive_objects(cls, RDFS.subClassOf) if s != cls]
        assert any(s.startswith(SCHEMA_BASE) for s in supers), cls
    subprops = list(g.subjects(RDFS.subPropertyOf, None))
    assert len(subprops) >= 10
    for p in subprops:
        assert all(str(o).startswith(SCHEMA_BASE) for o in g.objects(p, RDFS.subPropertyOf)), p


def test_one_schema_org_base_everywhere() -> None:
    assert SCHEMA_BASE == "http://schema.org/"
    ctx = context()
    assert ctx["@vocab"] == ctx["schema"] == SCHEMA_BASE
    text = vocab_file("archive.ttl").read_text(encoding="utf-8")
    assert "https://schema.org" not in text
