"""People in one sentence: roles, agencies, nationalities, lists, crew or not."""

from __future__ import annotations

import pytest

from archive.extract.chart import annotate
from archive.extract.gazetteer import load_gazetteer
from archive.extract.persons import PersonMention, find_people


def people(sentence: str) -> dict[str, PersonMention]:
    found = find_people(annotate(sentence, 0, len(sentence), load_gazetteer()))
    return {pm.name.written: pm for pm in found if pm.is_person}


def facts(pm: PersonMention) -> tuple[object, ...]:
    t = pm.traits
    return (
        t.role,
        t.agency.name if t.agency else None,
        t.nationality.name if t.nationality else None,
        t.crew and not t.noncrew,
        pm.position,
    )


CASES = [
    (
        "Expedition 39 Flight Engineer Steve Swanson (R), of NASA, waves.",
        {"Steve Swanson": ("Flight Engineer", "NASA", None, True, "R")},
    ),
    (
        "Soyuz Commander Alexander Skvortsov (C), of Roscosmos, smiles.",
        {"Alexander Skvortsov": ("Commander", "Roscosmos", None, True, "C")},
    ),
    (
        "Flight Engineers Oleg Artemyev (L), of Roscosmos, and Steve Swanson (R), of NASA, wave.",
        {
            "Oleg Artemyev": ("Flight Engineer", "Roscosmos", None, True, "L"),
            "Steve Swanson": ("Flight Engineer", "NASA", None, True, "R"),
        },
    ),
    (
        "Flight Engineers Reid Wiseman and Alexander Gerst of the European Space Agency pose.",
        {
            "Reid Wiseman": ("Flight Engineer", "European Space Agency", None, True, None),
            "Alexander Gerst": ("Flight Engineer", "European Space Agency", None, True, None),
        },
    ),
    (
        "Russian cosmonauts Anton Shkaplerov and Pyotr Dubrov and NASA astronaut Mark Vande Hei "
        "wave.",
        {
            "Anton Shkaplerov": (None, None, "Russia", True, None),
            "Pyotr Dubrov": (None, None, "Russia", True, None),
            "Mark Vande Hei": (None, "NASA", None, True, None),
        },
    ),
    (
        "European Space Agency (ESA) astronaut Thomas Pesquet (2nd L) of France smiles.",
        {"Thomas Pesquet": (None, "European Space Agency", "France", True, "2nd L")},
    ),
    (
        "Japan Aerospace Exploration Agency astronaut Satoshi Furukawa waves.",
        {"Satoshi Furukawa": (None, "Japan Aerospace Exploration Agency", None, True, None)},
    ),
    (
        "Canadian Space Agency astronaut David Saint-Jacques speaks.",
        {"David Saint-Jacques": (None, "Canadian Space Agency", None, True, None)},
    ),
    (
        "Chinese taikonaut Zhai Zhigang waves from the hatch.",
        {"Zhai Zhigang": (None, None, "China", True, None)},
    ),
    (
        "Apollo 12 commander Charles Conrad, command module pilot Richard Gordon and lunar module "
        "pilot Alan Bean walk to the transfer van.",
        {
            "Charles Conrad": ("Commander", None, None, True, None),
            "Richard Gordon": ("Command Module Pilot", None, None, True, None),
            "Alan Bean": ("Lunar Module Pilot", None, None, True, None),
        },
    ),
    (
        "Russian cosmonaut Oleg Kononenko, commander of the Soyuz MS-24 spacecraft, boards.",
        {"Oleg Kononenko": ("Commander", None, "Russia", True, None)},
    ),
    (
        "Loral O'Hara, a NASA astronaut, and Nikolai Chub, flight engineer, speak.",
        {
            "Loral O'Hara": (None, "NASA", None, True, None),
            "Nikolai Chub": ("Flight Engineer", None, None, True, None),
        },
    ),
    (
        "Roscosmos head Dmitry Rogozin (R) greets the crew.",
        {"Dmitry Rogozin": (None, None, None, False, "R")},
    ),
    (
        "NASA Administrator Bill Nelson speaks at the Kennedy Space Center.",
        {"Bill Nelson": (None, None, None, False, None)},
    ),
    (
        "Kazakh President Kassym-Jomart Tokayev attends the launch.",
        {"Kassym-Jomart Tokayev": (None, None, "Kazakhstan", False, None)},
    ),
    (
        "Backup crew members Oleg Kononenko and Nikolai Chub pose.",
        {
            "Oleg Kononenko": (None, None, None, False, None),
            "Nikolai Chub": (None, None, None, False, None),
        },
    ),
    (
        "Former NASA astronaut Scott Kelly watches the launch.",
        {"Scott Kelly": (None, None, None, False, None)},
    ),
    ("Anna Kikina's husband Nikita watches the launch.", {}),
    (
        "The crew of Kate Rubins of NASA and Anatoly Ivanishin and Ivan Vagner of Roscosmos wave.",
        {
            "Kate Rubins": (None, "NASA", None, True, None),
            "Anatoly Ivanishin": (None, "Roscosmos", None, True, None),
            "Ivan Vagner": (None, "Roscosmos", None, True, None),
        },
    ),
    (
        "Crew members, Japanese astronaut Akihiko Hoshide (L) and NASA astronaut Shane "
        "Kimbrough, wave.",
        {
            "Akihiko Hoshide": (None, None, "Japan", True, "L"),
            "Shane Kimbrough": (None, "NASA", None, True, None),
        },
    ),
    (
        "The Soyuz MS-11 spacecraft carrying Oleg Kononenko, Anne McClain and David Saint-Jacques "
        "blasts off.",
        {
            "Oleg Kononenko": (None, None, None, True, None),
            "Anne McClain": (None, None, None, True, None),
            "David Saint-Jacques": (None, None, None, True, None),
        },
    ),
    (
        "NASA's Christina Koch and Russia's Alexander Skvortsov wave.",
        {
            "Christina Koch": (None, "NASA", None, False, None),
            "Alexander Skvortsov": (None, None, "Russia", False, None),
        },
    ),
    (
        "Russian Space Forces commander Oleg Ostapenko attends.",
        {"Oleg Ostapenko": (None, None, None, False, None)},
    ),
    (
        "NASA astronaut Jessica Meir, left, and Russian cosmonaut Oleg Skripochka, right, wave.",
        {
            "Jessica Meir": (None, "NASA", None, True, "left"),
            "Oleg Skripochka": (None, None, "Russia", True, "right"),
        },
    ),
    (
        "Karen Nyberg (L), wife of NASA astronaut Doug Hurley, watches the launch.",
        {
            "Karen Nyberg": (None, None, None, False, "L"),
            "Doug Hurley": (None, "NASA", None, True, None),
        },
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_people_in_captions(sentence: str, expected: dict[str, tuple[object, ...]]) -> None:
    got = people(sentence)
    assert {k: facts(v) for k, v in got.items() if k in expected} == expected
    assert set(expected) <= set(got)


def test_roles_in_brackets() -> None:
    got = people(
        "Soyuz MS-24 crew members Oleg Kononenko (commander), Nikolai Chub and Loral O'Hara "
        "(flight engineers) pose."
    )
    assert {k: v.traits.role for k, v in got.items()} == {
        "Oleg Kononenko": "Commander",
        "Nikolai Chub": "Flight Engineer",
        "Loral O'Hara": "Flight Engineer",
    }


def test_names_without_context_are_not_people() -> None:
    assert people("The Sochi Winter Olympic Games logo decorates the Soyuz.") == {}
    assert people("Spectators watch the launch.") == {}


def test_persons_in_a_carrying_list_are_not_shown() -> None:
    got = people("The Soyuz spacecraft carrying NASA astronaut Kate Rubins blasts off.")
    assert got["Kate Rubins"].shown is False
    got = people("NASA astronaut Kate Rubins waves.")
    assert got["Kate Rubins"].shown is True
