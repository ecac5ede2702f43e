"""Drafts of events and how drafts of one event merge (archive.extract.drafts)."""

from __future__ import annotations

from pathlib import Path

from archive.extract import extract
from archive.extract.drafts import Draft, best, landings_at_sea, merge_undated, settle_apart
from archive.model import Article, ArticleForm, EventKind, Extraction, Figure, ImageRef

CRAFT = "spacecraft/soyuz-ms-40"


def _run(*captions: str) -> Extraction:
    figures = tuple(Figure(i, c, None, c, ImageRef()) for i, c in enumerate(captions, 1))
    art = Article(
        Path("g.txt"), ArticleForm.SHORTCODES, "text/plain", "utf-8", "0" * 64, 0, figures
    )
    return extract(art)


def test_best_takes_the_most_votes_then_the_first_voted() -> None:
    assert best({"a": 1.0, "b": 3.0}) == "b"
    assert best({"b": 2.0, "a": 2.0}) == "b"
    assert best({}) is None


def test_a_flight_apart_before_the_launch_is_another_flight() -> None:
    launch = Draft(EventKind.LAUNCH, CRAFT, dates={"2031-05-24": 3.0})
    landing = Draft(EventKind.LANDING, CRAFT, dates={"2031-04-05": 3.0}, other=True)
    out = settle_apart([launch, landing])
    assert out == [launch, landing]
    assert landing.craft is None and landing.other


def test_a_flight_apart_the_launch_allows_joins_the_flight() -> None:
    launch = Draft(EventKind.LAUNCH, CRAFT, dates={"2031-03-03": 3.0})
    landing = Draft(EventKind.LANDING, CRAFT, dates={"2031-09-01": 3.0})
    apart = Draft(EventKind.LANDING, CRAFT, dates={"2031-09-01": 3.0}, other=True)
    out = settle_apart([launch, apart, landing])
    assert out == [launch, landing]
    assert landing.dates == {"2031-09-01": 6.0}


def test_a_flight_apart_with_no_launch_to_tell_it_by_is_the_articles() -> None:
    apart = Draft(EventKind.UNDOCKING, CRAFT, dates={"2031-09-01": 3.0}, other=True)
    assert settle_apart([apart]) == [apart]
    assert not apart.other and apart.craft == CRAFT


def test_a_landing_of_a_craft_that_splashes_down_is_that_splashdown() -> None:
    splash = Draft(EventKind.SPLASHDOWN, CRAFT, dates={"2031-09-02": 3.0})
    landing = Draft(EventKind.LANDING, CRAFT, places={"place/sea": 1.0}, launch_day=True)
    assert landings_at_sea([splash, landing]) == [splash]
    assert splash.places == {"place/sea": 1.0} and splash.launch_day


def test_an_undated_mention_joins_the_only_dated_event_of_its_kind() -> None:
    dated = Draft(EventKind.PRESS_CONFERENCE, None, dates={"2031-03-02": 3.0})
    undated = Draft(EventKind.PRESS_CONFERENCE, None, places={"place/town": 1.0})
    assert merge_undated([dated, undated]) == [dated]
    assert dated.places == {"place/town": 1.0}


def test_an_emergency_landing_in_passing_keeps_its_own_crew_and_date() -> None:
    x = _run(
        "A Soyuz rocket carrying the Soyuz MS-40 spacecraft with cosmonauts Hollis Brandt and "
        "Tamsin Reyes lifts off from the Baikonur Cosmodrome on May 24, 2031.",
        "It was the first crewed launch since the April 5 failure of a booster that forced "
        "Vasco Lindqvist and Arno Petrak to make an emergency landing in the Altai Mountains.",
    )
    launch = next(e for e in x.events if e.kind == EventKind.LAUNCH)
    landing = next(e for e in x.events if e.kind == EventKind.LANDING)
    assert launch.date == "2031-05-24" and launch.spacecraft == CRAFT
    assert {m.person for m in launch.crew} == {"person/hollis-brandt", "person/tamsin-reyes"}
    assert landing.date == "2031-04-05" and landing.spacecraft is None
    assert {m.person for m in landing.crew} == {"person/vasco-lindqvist", "person/arno-petrak"}
