"""Caption grammar of extraction round 3 (classes K-U), end to end on captions written here.

K: an earlier flight of the same capsule; L: relatives in a sentence of their
own; M: other flights in subordinate clauses with their own dates; N:
replacements and the launch of another spacecraft in passing; O: "flown by";
P: short forms of given names; Q: predicative roles; R: hyphenated rockets;
S: a station module as the place of a docking; T: things carried, told by how
captions speak of them. (L, M, Q, R and the scorer's U have unit tests of
their modules as well.) The names are in no list the extractor has.
"""

from __future__ import annotations

from pathlib import Path

from archive.extract import extract
from archive.model import Article, ArticleForm, Event, EventKind, Extraction, Figure, ImageRef

LAUNCH = (
    "The Soyuz MS-40 spacecraft carrying Hollis Brandt, Tamsin Reyes and Vasco Lindqvist "
    "lifts off from the Baikonur Cosmodrome in Kazakhstan on March 3, 2031."
)
LANDING = (
    "The Soyuz MS-40 capsule carrying Hollis Brandt, Tamsin Reyes and Vasco Lindqvist lands "
    "near the town of Zhezkazgan, Kazakhstan, on Sept. 7, 2031."
)
CREW = {"person/hollis-brandt", "person/tamsin-reyes", "person/vasco-lindqvist"}


def _run(*captions: str) -> Extraction:
    figures = tuple(Figure(i, c, None, c, ImageRef()) for i, c in enumerate(captions, 1))
    art = Article(
        Path("g.txt"), ArticleForm.SHORTCODES, "text/plain", "utf-8", "0" * 64, 0, figures
    )
    return extract(art)


def _one(x: Extraction, kind: EventKind) -> Event:
    found = [e for e in x.events if e.kind == kind]
    assert len(found) == 1, [e.key for e in x.events]
    return found[0]


def _crew(e: Event) -> set[str]:
    return {m.person for m in e.crew}


def test_k_the_crew_of_a_capsules_earlier_flight_is_not_this_flights() -> None:
    x = _run(
        LANDING,
        "Soyuz MS-40 first flew to the station with cosmonauts Arno Petrak and Ilse Varga, "
        "who launched on March 18, 2031.",
    )
    landing = _one(x, EventKind.LANDING)
    assert _crew(landing) == CREW
    assert landing.date == "2031-09-07"


def test_l_a_wife_in_a_sentence_of_her_own_is_no_crew() -> None:
    x = _run(LAUNCH, "His wife, Marta Brandt, watches from the viewing area.")
    assert _crew(_one(x, EventKind.LAUNCH)) == CREW


def test_m_an_aborted_flight_in_a_subordinate_clause_keeps_its_date() -> None:
    x = _run(
        LAUNCH,
        "Brandt and Reyes were aboard the Soyuz MS-39 spacecraft on Oct. 11, 2030, when the "
        "failure of its booster forced them to make an emergency landing.",
    )
    launch = _one(x, EventKind.LAUNCH)
    assert launch.date == "2031-03-03" and launch.spacecraft == "spacecraft/soyuz-ms-40"
    assert _crew(launch) == CREW
    other = _one(x, EventKind.LANDING)
    assert other.spacecraft == "spacecraft/soyuz-ms-39" and other.date == "2030-10-11"
    assert _crew(other) == {"person/hollis-brandt", "person/tamsin-reyes"}


def test_n_replacements_are_not_the_crew_of_the_landing() -> None:
    x = _run(
        LANDING,
        "Their replacements, Arno Petrak and Ilse Varga of Roscosmos and NASA astronaut Jonas "
        "Merle, arrived at the station on Aug. 30.",
    )
    assert _crew(_one(x, EventKind.LANDING)) == CREW


def test_n_the_launch_of_another_spacecraft_in_passing_is_its_own_event() -> None:
    x = _run(LAUNCH, "The Progress MS-50 cargo ship launched from the same pad on Feb. 1, 2031.")
    launches = {e.spacecraft: e for e in x.events if e.kind == EventKind.LAUNCH}
    assert launches["spacecraft/soyuz-ms-40"].date == "2031-03-03"
    assert launches["spacecraft/progress-ms-50"].date == "2031-02-01"
    assert _crew(launches["spacecraft/soyuz-ms-40"]) == CREW
    assert _crew(launches["spacecraft/progress-ms-50"]) == set()


def test_o_flown_by_names_the_crew() -> None:
    x = _run(
        "The Gemini 40 spacecraft, flown by Hollis Brandt and Tamsin Reyes, lifts off from "
        "Cape Kennedy on March 16, 1966."
    )
    assert _crew(_one(x, EventKind.LAUNCH)) == {"person/hollis-brandt", "person/tamsin-reyes"}


def test_o_flown_by_on_an_earlier_mission_is_that_missions() -> None:
    x = _run(
        LAUNCH,
        "Reyes carried a pin that flew on the first Soyuz mission, flown by Arno Petrak and "
        "Ilse Varga in May 1992.",
    )
    assert _crew(_one(x, EventKind.LAUNCH)) == CREW


def test_p_a_short_given_name_is_the_same_person() -> None:
    x = _run(
        "The Soyuz MS-40 spacecraft carrying Andrew Lindqvist, Katherine Reyes and Robert "
        "Brandt lifts off from Baikonur on March 3, 2031.",
        "Drew Lindqvist, Kate Reyes and Bob Brandt wave before boarding.",
    )
    people = {e.key for e in x.entities if e.key.startswith("person/")}
    assert people == {"person/andrew-lindqvist", "person/katherine-reyes", "person/robert-brandt"}


def test_p_a_short_form_two_namesakes_share_merges_nobody() -> None:
    x = _run(
        "The Soyuz MS-40 spacecraft carrying Christopher Reyes and Hollis Brandt lifts off "
        "from Baikonur on March 3, 2031.",
        "Chris Reyes waves as his sister, Christina Reyes, watches.",
    )
    people = {e.key for e in x.entities if e.key.startswith("person/")}
    assert {"person/christopher-reyes", "person/chris-reyes"} <= people
    assert _crew(_one(x, EventKind.LAUNCH)) == {"person/christopher-reyes", "person/hollis-brandt"}


def test_q_predicative_roles_reach_the_crew_links() -> None:
    x = _run(
        LAUNCH,
        "Brandt, a veteran of two spaceflights, will be the commander of the Soyuz.",
        "Vasco Lindqvist, a test pilot for the Navy, will serve as flight engineer.",
    )
    roles = {m.person: m.role for m in _one(x, EventKind.LAUNCH).crew}
    assert roles["person/hollis-brandt"] == "Commander"
    assert roles["person/vasco-lindqvist"] == "Flight Engineer"


def test_s_a_station_module_is_the_place_of_a_docking() -> None:
    x = _run(
        "The Shenzhou-40 spaceship lifts off from Jiuquan on Oct. 16, 2031.",
        "The spaceship docks with the space station core module Tianhe about six hours after "
        "launch.",
    )
    docking = _one(x, EventKind.DOCKING)
    place = next(e for e in x.entities if e.key == docking.place)
    assert place.name == "Tianhe Core Module"
    assert docking.date == "2031-10-16"


def test_t_a_zero_g_indicator_is_a_thing_carried() -> None:
    x = _run(
        LAUNCH,
        "A knitted toy walrus named Pemberton floats in the cabin as the crew's zero-gravity "
        "indicator.",
    )
    things = {e.key: e for e in x.entities if e.key.startswith("object/")}
    assert list(things) == ["object/toy-walrus"]
    thing = next(iter(things.values()))
    assert "Pemberton" in thing.alternate_names
    assert thing.key in _one(x, EventKind.LAUNCH).objects


def test_t_a_robot_in_apposition_is_a_thing_a_person_is_not() -> None:
    x = _run(
        "Space shuttle Discovery lifts off from Kennedy Space Center on Feb. 24, 2031.",
        "Servitor 3, a humanoid robot, rode to the station aboard Discovery.",
        "Brandt, a geologist, waves.",
    )
    things = [e for e in x.entities if e.key.startswith("object/")]
    assert len(things) == 1 and "Servitor 3" in things[0].alternate_names
