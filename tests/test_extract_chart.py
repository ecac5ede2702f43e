"""Cutting sentences into chunks: spacecraft, vehicles, places, organisations."""

from __future__ import annotations

import pytest

from archive.extract.chart import annotate
from archive.extract.gazetteer import load_gazetteer
from archive.extract.refs import Chunk
from archive.model import EntityKind


def chunks(text: str) -> list[Chunk]:
    return annotate(text, 0, len(text), load_gazetteer())


def ents(text: str) -> list[tuple[str, str, str]]:
    """(text, kind, canonical name) of every named thing in a sentence."""
    return [
        (c.text, c.ref.kind.value, c.ref.name) for c in chunks(text) if c.cat == "ent" and c.ref
    ]


@pytest.mark.parametrize(
    ("sentence", "written", "name"),
    [
        ("The Soyuz TMA-11M spacecraft blasts off.", "Soyuz TMA-11M", "Soyuz TMA-11M"),
        ("The Soyuz MS-25 capsule lands.", "Soyuz MS-25", "Soyuz MS-25"),
        ("The Shenzhou-17 crewed spaceship blasts off.", "Shenzhou-17", "Shenzhou 17"),
        ("Crew of Shenzhou XVII wave.", "Shenzhou XVII", "Shenzhou 17"),
        ("Apollo 11 commander Neil Armstrong", "Apollo 11", "Apollo 11"),
        ("The Progress 85 cargo ship docks.", "Progress 85", "Progress 85"),
        ("Shenzhou V lifts off", "Shenzhou V", "Shenzhou 5"),
        (
            "the Crew Dragon spacecraft Resilience docks",
            "Crew Dragon spacecraft Resilience",
            "Crew Dragon Resilience",
        ),
        ("the Dragon capsule Endeavour docks", "Dragon capsule Endeavour", "Crew Dragon Endeavour"),
        ("Space shuttle Atlantis lifts off", "Space shuttle Atlantis", "Space Shuttle Atlantis"),
        ("the Gaganyaan G1 capsule splashes down", "Gaganyaan G1", "Gaganyaan G1"),
        ("the Orel spacecraft is rolled out", "Orel", "Orel"),
        (
            "Astronaut John Glenn climbs into the Friendship 7 capsule",
            "Friendship 7",
            "Friendship 7",
        ),
    ],
)
def test_spacecraft_by_pattern_and_by_noun(sentence: str, written: str, name: str) -> None:
    assert (written, "spacecraft", name) in ents(sentence)


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("The Long March-2F Y17 carrier rocket blasts off.", "Long March 2F"),
        ("A Soyuz-FG rocket booster lifts off.", "Soyuz-FG"),
        ("the Soyuz rocket will send them", "Soyuz"),
        ("The Zhuque-2 rocket lifts off from Jiuquan.", "Zhuque-2"),
        ("A SpaceX Falcon 9 rocket lifts off.", "Falcon 9"),
    ],
)
def test_launch_vehicles(sentence: str, name: str) -> None:
    names = [
        n
        for c in chunks(sentence)
        if c.cat == "ent" and c.ref and c.ref.kind == EntityKind.VEHICLE
        for n in (c.ref.name, *c.ref.alternate_names)
    ]
    assert name in names


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Expedition 38 Flight Engineer", "Expedition 38"),
        ("The crew of STS-135 waves", "STS-135"),
        ("NASA's SpaceX Crew-7 mission", "Crew-7"),
        ("the Axiom Mission 3 (Ax-3) crew", "Ax-3"),
        ("Artemis II astronauts wave.", "Artemis II"),
        ("the Artemis 1 mission", "Artemis I"),
    ],
)
def test_expeditions_and_missions(sentence: str, name: str) -> None:
    assert name in [n for _, kind, n in ents(sentence) if kind == "expedition"]


def test_soyuz_alone_is_a_family_reference() -> None:
    (soyuz,) = [
        c for c in chunks("Soyuz Commander Mikhail Tyurin (C), of Roscosmos") if c.cat == "ent"
    ][:1]
    assert soyuz.ref is not None and soyuz.ref.generic and soyuz.ref.kind is EntityKind.SPACECRAFT


@pytest.mark.parametrize(
    ("sentence", "kind", "name"),
    [
        ("a press conference held at the Cosmonaut hotel in Baikonur", "place", "Cosmonaut Hotel"),
        ("walk out of the Neil Armstrong Operations and Checkout Building", "place",
         "Neil Armstrong Operations and Checkout Building"),
        ("splashes down in the Gulf of Mexico off Pensacola", "place", "Gulf of Mexico"),
        ("lifts off from Launch Pad 1 at Vostochny", "place", "Launch Pad 1"),
        ("an astronaut of the Turkish Space Agency", "organization", "Turkish Space Agency"),
        ("Russian Space Forces commander Oleg Ostapenko", "organization", "Russian Space Forces"),
        ("at the Baikonur cosmodrome", "place", "Baikonur Cosmodrome"),
        ("from Launch Complex 39A at NASA's Kennedy Space Center", "place", "Kennedy Space Center"),
    ],
)  # fmt: skip
def test_places_and_organisations(sentence: str, kind: str, name: str) -> None:
    assert name in [n for _, k, n in ents(sentence) if k == kind]


def test_people_words_positions_and_dates() -> None:
    got = [
        (c.cat, c.text)
        for c in chunks("Expedition 38 Flight Engineer Koichi Wakata (2nd L) on 6 November, 2013")
    ]
    assert got == [
        ("ent", "Expedition 38"),
        ("people", "Flight Engineer"),
        ("name", "Koichi Wakata"),
        ("pos", "(2nd L)"),
        ("word", "on"),
        ("date", "6 November, 2013"),
    ]


def test_demonyms_and_parenthesised_abbreviations() -> None:
    got = chunks("European Space Agency (ESA) astronaut and U.S. astronaut and Russian cosmonaut")
    assert [
        (c.cat, c.ref.name if c.ref else None) for c in got if c.cat in {"ent", "paren", "demonym"}
    ] == [
        ("ent", "European Space Agency"),
        ("paren", "European Space Agency"),
        ("demonym", "United States"),
        ("demonym", "Russia"),
    ]


def test_event_words_and_their_look_alikes() -> None:
    got = [(c.text, c.event.value if c.event else None) for c in chunks(
        "the blast off from the launch pad after the space walk and the walk out, landing site"
    ) if c.cat in {"trigger", "word"} and len(c.text) > 3]  # fmt: skip
    assert ("blast off", "launch") in got
    assert ("launch pad", None) in got
    assert ("space walk", "spacewalk") in got
    assert ("walk out", "walkout") in got
