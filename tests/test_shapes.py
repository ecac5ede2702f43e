from __future__ import annotations

from helpers import bag_facts, make_package
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from archive.metadata.graph import to_graph
from archive.metadata.jsonld import describe
from archive.metadata.vocab import ARCH, SDO
from archive.validate.issues import Severity
from archive.validate.shapes import check_shapes

LAUNCH = URIRef("https://id.example.org/event/launch/soyuz-tma-11m")


def _graph(**kw):  # type: ignore[no-untyped-def]
    return to_graph(describe(make_package(**kw), bag_facts()).values())


def test_generated_graph_conforms() -> None:
    assert check_shapes(_graph()) == []


def test_event_without_date_or_place_is_a_warning() -> None:
    g = _graph()
    g.remove((LAUNCH, SDO.startDate, None))
    g.remove((LAUNCH, SDO.location, None))
    found = check_shapes(g)
    assert {i.level for i in found} == {Severity.WARNING}
    assert {i.message.split(" (")[0] for i in found} == {
        "the captions give this event no date",
        "the captions give this event no place",
    }


def test_event_without_a_project_type_is_an_error() -> None:
    g = _graph()
    g.remove((LAUNCH, RDF.type, ARCH.Launch))
    found = check_shapes(g)
    assert any(i.is_error and "event type" in i.message for i in found)


def test_crew_member_without_name_is_an_error() -> None:
    g = _graph()
    g.remove((URIRef("https://id.example.org/person/koichi-wakata"), SDO.name, None))
    assert any(i.is_error and "name" in i.message for i in check_shapes(g))


def test_crew_that_is_not_a_person_is_an_error() -> None:
    g = _graph()
    g.add((LAUNCH, ARCH.crewMember, URIRef("https://id.example.org/place/baikonur-cosmodrome")))
    assert any(i.is_error and "crew must be a person" in i.message for i in check_shapes(g))


def test_image_without_caption_or_file_is_an_error() -> None:
    g = _graph()
    image = next(g.subjects(RDF.type, SDO.ImageObject))
    g.remove((image, SDO.caption, None))
    g.remove((image, SDO.sha256, None))
    messages = [i.message for i in check_shapes(g) if i.is_error]
    assert any("caption" in m for m in messages)
    assert any("file in the bag" in m for m in messages)


def test_missing_image_is_a_warning_not_an_error() -> None:
    found = check_shapes(_graph(missing=True))
    assert found and all(i.level is Severity.WARNING for i in found)
    assert any("missing" in i.message for i in found)


def test_empty_caption_is_an_error() -> None:
    g = _graph()
    image = next(g.subjects(RDF.type, SDO.ImageObject))
    g.set((image, SDO.caption, Literal("")))
    assert any(i.is_error and "caption" in i.message for i in check_shapes(g))
