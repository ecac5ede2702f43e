"""Event words and the clause rules that give each date and place its event."""

from __future__ import annotations

import pytest

from archive.extract.chart import annotate
from archive.extract.events import AFTER, BEFORE, MAIN, Trigger, attach, find_places, find_triggers
from archive.extract.gazetteer import load_gazetteer


def read(sentence: str) -> tuple[list[Trigger], list[str]]:
    """The sentence's triggers, and the kinds of what no trigger took."""
    chunks = annotate(sentence, 0, len(sentence), load_gazetteer())
    triggers = find_triggers(chunks)
    floating = attach(chunks, triggers, find_places(chunks))
    return triggers, [kind for kind, _, _ in floating]


def owners(sentence: str) -> dict[str, tuple[str, ...]]:
    """Event kind -> the dates and places its clause gives it (dropped events included)."""
    triggers, _ = read(sentence)
    out: dict[str, tuple[str, ...]] = {}
    for t in triggers:
        got = [c.text for c, _ in t.dates] + [ref.name for _, ref, _ in t.places]
        out[t.kind.value] = (*out.get(t.kind.value, ()), *got)
    return out


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Flight Engineer Koichi Wakata holds a torch that will be flown to the station, during "
            "a press conference held at the Cosmonaut hotel in Baikonur on 6 November, 2013.",
            {"press-conference": ("6 November, 2013", "Cosmonaut Hotel")},
        ),
        (
            "Crew members attend a news conference ahead of the launch at the Baikonur "
            "Cosmodrome, Kazakhstan, September 20, 2022.",
            {"press-conference": ("September 20, 2022", "Baikonur Cosmodrome"), "launch": ()},
        ),
        (
            "The Soyuz MS-23 capsule touches down southeast of Zhezkazgan, Kazakhstan, on "
            "Sept. 27, 2023.",
            {"landing": ("Sept. 27, 2023", "Zhezkazgan")},
        ),
        (
            "The rocket is rolled out to the launch pad on March 23, 2014, ahead of the launch "
            "scheduled for March 26.",
            {"rollout": ("March 23, 2014",), "launch": ()},
        ),
        (
            "On 12 April 1961 a Vostok rocket lifts off from Baikonur.",
            {"launch": ("12 April 1961", "Baikonur")},
        ),
        (
            "A three-man crew blasted off on Thursday, ready to take it on its first space walk "
            "in Sochi.",
            {"launch": ("Thursday",), "spacewalk": ()},
        ),
        (
            "The Soyuz TMA-13M blasts off from the Baikonur cosmodrome, which Moscow rents from "
            "Kazakhstan.",
            {"launch": ("Baikonur Cosmodrome",)},
        ),
        (
            "NASA astronaut Kate Rubins works outside the International Space Station during a "
            "spacewalk on Aug. 19, 2016.",
            {"spacewalk": ("Aug. 19, 2016", "International Space Station")},
        ),
    ],
)
def test_dates_and_places_go_to_their_clause(
    sentence: str, expected: dict[str, tuple[str, ...]]
) -> None:
    assert owners(sentence) == expected


def test_references_and_unreal_events() -> None:
    triggers, _ = read(
        "They wave shortly before the blast off, after lift-off the crew is due to dock, "
        "during a news conference."
    )
    by_kind = {t.kind.value: t for t in triggers}
    assert by_kind["docking"].dropped
    assert by_kind["press-conference"].weight == MAIN
    weights = sorted(t.weight for t in triggers if t.kind.value == "launch")
    assert weights == [BEFORE, AFTER]


def test_a_sentence_without_event_words_lends_its_date() -> None:
    triggers, floating = read("Crew members pose at the Baikonur cosmodrome on September 20, 2022.")
    assert triggers == []
    assert sorted(floating) == ["date", "place"]


def test_infinitive_events_are_unreal() -> None:
    triggers, _ = read("The pictures of the launch that carried the first men to land on the Moon.")
    kinds = {t.kind.value: t.dropped for t in triggers}
    assert kinds == {"launch": False, "landing": True}
