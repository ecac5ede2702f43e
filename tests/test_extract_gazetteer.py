"""The gazetteer file and its loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from archive.errors import ArchiveError
from archive.extract.gazetteer import GAZ_NS, load_gazetteer
from archive.extract.tokens import tokenize
from archive.model import EntityKind
from archive.resources import vocab_file

GAZ = rdflib.Namespace(GAZ_NS)


def test_loads_every_kind() -> None:
    gaz = load_gazetteer()
    kinds = {e.kind for e in gaz.entries.values()}
    assert kinds == {"organization", "place", "launch-site", "country", "vehicle", "spacecraft",
                     "spacecraft-family", "space-station"}  # fmt: skip
    assert gaz.lookup("JAXA").name == "Japan Aerospace Exploration Agency"  # type: ignore[union-attr]
    assert gaz.lookup("Russian Federal Space Agency").name == "Roscosmos"  # type: ignore[union-attr]
    assert gaz.lookup("CZ-2F").name == "Long March 2F"  # type: ignore[union-attr]
    assert gaz.lookup("nothing at all") is None


def test_keys_come_from_preferred_labels() -> None:
    gaz = load_gazetteer()
    assert gaz.lookup("KSC").key == "place/kennedy-space-center"  # type: ignore[union-attr]
    assert gaz.lookup("ISS").entity_kind is EntityKind.STATION  # type: ignore[union-attr]


def test_containers_chain_outwards() -> None:
    gaz = load_gazetteer()
    pad = gaz.lookup("LC-39A")
    assert pad is not None
    assert [c.name for c in gaz.containers(pad)] == [
        "Kennedy Space Center",
        "Florida",
        "United States",
    ]


def test_matching_respects_case_and_taken_tokens() -> None:
    gaz = load_gazetteer()
    toks = tokenize("us and U.S. at the Baikonur cosmodrome on a Long March-2F")
    assert gaz.match(toks, 0) == []  # "us" is not the United States
    (hit,) = [h for h in gaz.match(toks, 2) if not h.demonym]
    assert hit.entry.name == "United States"
    at = [t.text for t in toks].index("Baikonur")
    assert gaz.match(toks, at)[0].entry.name == "Baikonur Cosmodrome"
    taken = [False] * len(toks)
    taken[at + 1] = True
    assert gaz.match(toks, at, taken)[0].entry.name == "Baikonur"
    lm = [t.text for t in toks].index("Long")
    assert gaz.match(toks, lm)[0].entry.name == "Long March 2F"


def test_the_file_defines_its_own_terms_and_links_to_no_authority() -> None:
    g = rdflib.Graph().parse(vocab_file("gazetteer.ttl"), format="turtle")
    used = {p for p in g.predicates() if str(p).startswith(GAZ_NS)}
    used |= {o for o in g.objects(None, rdflib.RDF.type) if str(o).startswith(GAZ_NS)}
    for term in used:
        assert g.value(term, rdflib.RDFS.label) is not None, term
        assert g.value(term, rdflib.RDFS.comment) is not None, term
    for o in g.objects():
        if isinstance(o, rdflib.URIRef):
            assert "wikidata" not in str(o) and "viaf" not in str(o), o
    assert not list(g.triples((None, rdflib.OWL.sameAs, None)))


def test_every_reference_resolves() -> None:
    gaz = load_gazetteer()
    for e in gaz.entries.values():
        for ref in (e.country_id, e.contained_in_id, e.operator_id, e.crew_agency_id,
                    e.national_agency_id, e.family_id):  # fmt: skip
            assert ref is None or ref in gaz.entries, (e.id, ref)


def test_no_label_names_two_entries_of_one_kind() -> None:
    gaz = load_gazetteer()
    seen: dict[tuple[str, str], str] = {}
    for e in gaz.entries.values():
        for label in (e.name, *e.alternate_names):
            key = (e.kind, label.casefold())
            assert seen.setdefault(key, e.id) == e.id, (label, seen[key], e.id)


def test_broken_file_is_an_archive_error(tmp_path: Path) -> None:
    bad = tmp_path / "gaz.ttl"
    bad.write_text("@prefix : <x> . this is not turtle", encoding="utf-8")
    with pytest.raises(ArchiveError) as err:
        load_gazetteer(bad)
    assert str(bad) in str(err.value)
