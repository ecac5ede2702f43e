"""Each sample, packaged, holds its gold.json facts in the bag's Turtle graph.

This reads the graph with SPARQL, as a user of the bag would, so it checks
the whole path (reader, extraction, JSON-LD, Turtle), not the extractor alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import EPOCH, SAMPLE_NAMES, SAMPLES
from rdflib import Graph

from archive.config import PackageOptions
from archive.pipeline import package_article

PREFIXES = """PREFIX schema: <http://schema.org/>
PREFIX arch: <https://archive.example/ns#>
"""
KIND_CLASS = {"launch": "arch:Launch", "press conference": "arch:PressConference"}


@pytest.fixture(scope="module")
def bags(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("bags")
    opts = PackageOptions(out_dir=out, source_date_epoch=EPOCH)
    return {name: Path(package_article(SAMPLES / name, opts).bag) for name in SAMPLE_NAMES}


def _graph(bag: Path) -> Graph:
    return Graph().parse(bag / "data/metadata/graph.ttl", format="turtle")


def _names(g: Graph, node: Any) -> set[str]:
    q = PREFIXES + "SELECT ?n WHERE { { ?x schema:name ?n } UNION { ?x schema:alternateName ?n } }"
    return {str(r[0]) for r in g.query(q, initBindings={"x": node})}


def _place_names(g: Graph, place: Any) -> set[str]:
    q = PREFIXES + "SELECT ?p WHERE { ?x schema:containedInPlace* ?p }"
    return {n for (p,) in g.query(q, initBindings={"x": place}) for n in _names(g, p)}


def _gold(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / name / "gold.json").read_text())
    return data


def _event(g: Graph, gold: dict[str, Any]) -> Any:
    q = PREFIXES + f"SELECT ?e ?d WHERE {{ ?e a {KIND_CLASS[gold['kind']]} ; schema:startDate ?d }}"
    found = [e for e, d in g.query(q) if str(d) == gold["date"]]
    assert len(found) == 1, f"expected one {gold['kind']} on {gold['date']}, found {found}"
    return found[0]


def _crew(g: Graph, event: Any) -> dict[str, tuple[str | None, set[str]]]:
    """person name -> (role, agency names) from the event's crew assignments."""
    q = (
        PREFIXES
        + """SELECT ?p ?role ?agency WHERE {
        ?e arch:crewAssignment ?a . ?a arch:crewMember ?p .
        OPTIONAL { ?a schema:roleName ?role } OPTIONAL { ?a arch:agency ?agency } }"""
    )
    out = {}
    for person, role, agency in g.query(q, initBindings={"e": event}):
        agencies = _names(g, agency) if agency is not None else set()
        for name in _names(g, person):
            out[name] = (str(role) if role is not None else None, agencies)
    return out


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_images_and_credits(bags: dict[str, Path], name: str) -> None:
    g, gold = _graph(bags[name]), _gold(name)
    images = list(
        g.query(PREFIXES + "SELECT ?i ?c WHERE { ?i a schema:ImageObject ; schema:creditText ?c }")
    )
    assert len(images) == gold["images"]
    assert {str(c) for _, c in images} == set(gold["credits"])


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_events_date_place_spacecraft_and_crew(bags: dict[str, Path], name: str) -> None:
    g, gold = _graph(bags[name]), _gold(name)
    for want in gold["events"]:
        event = _event(g, want)
        places = [
            p
            for (p,) in g.query(
                PREFIXES + "SELECT ?p WHERE { ?e schema:location ?p }", initBindings={"e": event}
            )
        ]
        assert any(want["place"] in n for p in places for n in _place_names(g, p)), places
        craft = list(
            g.query(
                PREFIXES + "SELECT ?c WHERE { ?e arch:spacecraft ?c }", initBindings={"e": event}
            )
        )
        if want["spacecraft"]:
            assert [want["spacecraft"] in _names(g, c) for (c,) in craft] == [True]
        if want.get("vehicle"):
            (vehicle,) = g.query(
                PREFIXES + "SELECT ?v WHERE { ?e arch:launchVehicle ?v }", initBindings={"e": event}
            )
            assert any(want["vehicle"] in n for n in _names(g, vehicle[0]))
        crew = _crew(g, event)
        persons = set(
            g.query(
                PREFIXES + "SELECT ?p WHERE { ?e arch:crewMember ?p }", initBindings={"e": event}
            )
        )
        assert len(persons) == len(want["crew"])
        for member in want["crew"]:
            names = [member["name"], *member.get("aliases", [])]
            hit = next((crew[n] for n in names if n in crew), None)
            assert hit is not None, f"{member['name']} is not crew of {event}"
            role, agencies = hit
            assert role is not None and role.lower() == member["role"].lower()
            if member["agency"]:
                assert member["agency"] in agencies, agencies
        for person in gold.get("not_crew", []):
            assert person not in crew


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_objects_are_linked_to_an_event(bags: dict[str, Path], name: str) -> None:
    g, gold = _graph(bags[name]), _gold(name)
    carried = {
        str(n) for (n,) in g.query(PREFIXES + "SELECT ?n WHERE { ?e arch:carried/schema:name ?n }")
    }
    for obj in gold.get("objects", []):
        assert any(obj.lower() in c.lower() for c in carried), carried


def test_the_original_article_in_detail(bags: dict[str, Path]) -> None:
    """The seed article: what the issue names explicitly."""
    g = _graph(bags["soyuz-tma-11m"])
    q = (
        PREFIXES
        + """SELECT ?name ?role ?agency WHERE {
        ?launch a arch:Launch ; arch:spacecraft/schema:name "Soyuz TMA-11M" ;
                arch:crewAssignment ?a .
        ?a arch:crewMember/schema:name ?name ; schema:roleName ?role ;
           arch:agency/schema:name ?agency ; arch:spacecraft/schema:name "Soyuz TMA-11M" .
    } ORDER BY ?name"""
    )
    rows = [tuple(str(x) for x in r) for r in g.query(q)]
    assert rows == [
        ("Koichi Wakata", "Flight Engineer", "Japan Aerospace Exploration Agency"),
        ("Mikhail Tyurin", "Commander", "Roscosmos"),
        ("Rick Mastracchio", "Flight Engineer", "NASA"),
    ]
    assert not g.query(
        PREFIXES + 'ASK { ?e arch:crewMember/schema:name "Oleg Ostapenko" }'
    ).askAnswer
    press = g.query(
        PREFIXES + "SELECT ?d WHERE { ?e a arch:PressConference ; schema:startDate ?d }"
    )
    assert [str(d) for (d,) in press] == ["2013-11-06"]
