"""Crew roles said in a predicate: "X will serve as pilot", "X, who commands the mission"."""

from __future__ import annotations

import pytest

from archive.extract.chart import annotate
from archive.extract.elsewhere import mark_elsewhere
from archive.extract.gazetteer import load_gazetteer
from archive.extract.persons import PersonMention, find_people
from archive.extract.predicates import mark_predicates
from archive.model import EntityKind


def _people(text: str) -> list[PersonMention]:
    chunks = annotate(text, 0, len(text), load_gazetteer())
    people = find_people(chunks)
    mark_elsewhere(chunks, people)
    mark_predicates(chunks, people)
    return people


def _roles(text: str) -> dict[str, str | None]:
    return {pm.name.plain: pm.traits.role for pm in _people(text)}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Hollis Brandt, a test pilot for the Navy, will serve as pilot.", "Hollis Brandt",
         "Pilot"),
        ("Okafor, a veteran of one previous spaceflight, will be the commander.", "Okafor",
         "Commander"),
        ("Tamsin Reyes will be a flight engineer for Expedition 81.", "Tamsin Reyes",
         "Flight Engineer"),
        ("Vashti, who flew aboard Soyuz 9 in 1970, is the flight engineer.", "Vashti",
         "Flight Engineer"),
        ("Brandt, who commands the mission, waves to the crowd.", "Brandt", "Commander"),
        ("Ines Marlow, an electrical engineer, is a spaceflight participant.", "Ines Marlow",
         "Spaceflight Participant"),
        ("Okafor will pilot the spacecraft.", "Okafor", "Pilot"),
    ],
)  # fmt: skip
def test_a_predicate_gives_the_role(text: str, name: str, role: str) -> None:
    assert _roles(text)[name] == role


def test_the_role_makes_the_person_crew_of_this_flight() -> None:
    pm = _people("Okafor, a veteran of two spaceflights, will be the commander of the Soyuz.")[0]
    assert pm.traits.crew and pm.traits.sure
    assert pm.elsewhere is None  # "will be" is this flight's role, not a later flight
    assert pm.traits.role_qual == "craft"
    assert pm.tie is not None and pm.tie.kind == EntityKind.SPACECRAFT


def test_a_plural_role_goes_to_the_whole_list() -> None:
    roles = _roles("Tamsin Reyes and Ines Marlow will serve as flight engineers.")
    assert roles == {"Tamsin Reyes": "Flight Engineer", "Ines Marlow": "Flight Engineer"}


@pytest.mark.parametrize(
    "text",
    [
        "Okafor, who served as pilot on Apollo 9, waves.",  # a past role of a named flight
        "Okafor was the commander of the station's first crew.",  # a past role of something more
        "Okafor, who commanded Soyuz TMA-13, waves.",  # that flight's commander
        "Ines Marlow is the commander's wife.",  # the possessor's role
        "Ines Marlow is a former commander.",  # not the role itself
        "Okafor commands the Navy's test squadron.",  # not a flight
        "Okafor will fly to the station in March.",  # no role at all
    ],
)
def test_no_role_for_other_flights_or_other_people(text: str) -> None:
    pm = _people(text)[0]
    assert pm.traits.role is None
    assert not pm.traits.sure
