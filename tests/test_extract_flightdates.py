"""The flight a clause about people speaks of, told by its date (archive.extract.flightdates)."""

from __future__ import annotations

import datetime as dt

import pytest

from archive.extract.chart import annotate
from archive.extract.dates import DateContext, DateMention
from archive.extract.flightdates import (
    FlightDate,
    fits,
    mark_flight_dates,
    mark_flight_subjects,
    same_flight,
)
from archive.extract.gazetteer import load_gazetteer
from archive.extract.persons import PersonMention, find_people
from archive.extract.refs import Chunk
from archive.model import EventKind

CTX = DateContext(published=dt.date(2022, 10, 6), full_dates=())


def _read(text: str) -> tuple[list[Chunk], list[PersonMention], list[tuple[int, int]]]:
    chunks = annotate(text, 0, len(text), load_gazetteer())
    people = find_people(chunks)
    mark_flight_subjects(chunks, people)
    return chunks, people, mark_flight_dates(chunks, people)


def _flight(text: str, name: str) -> FlightDate | None:
    _, people, _ = _read(text)
    return next(pm.flight for pm in people if pm.name.plain == name)


def test_a_carried_list_gets_the_date_of_its_clause() -> None:
    text = (
        "The capsule is flying for the second time: it carried NASA astronauts Hollis Brandt "
        "and Tamsin Reyes to the station on Nov. 11, 2021."
    )
    fd = _flight(text, "Tamsin Reyes")
    assert fd is not None and fd.kind == "launch"
    assert (fd.date.year, fd.date.month, fd.date.day) == (2021, 11, 11)


def test_a_return_home_in_a_month_is_a_return() -> None:
    fd = _flight("It is the capsule that brought Brandt and Reyes home in May.", "Brandt")
    assert fd is not None and fd.kind == "return"
    assert (fd.date.month, fd.date.day) == (5, None)


def test_a_forced_landing_dates_its_people_and_makes_them_crew() -> None:
    text = (
        "It was the first crewed launch since the April 5 failure of a booster that forced "
        "Vasco Lindqvist and Arno Petrak to make an emergency landing."
    )
    chunks, people, clauses = _read(text)
    assert [pm.name.plain for pm in people] == ["Vasco Lindqvist", "Arno Petrak"]
    assert all(pm.traits.crew and pm.traits.sure and pm.is_person for pm in people)
    assert all(pm.flight is not None and pm.flight.kind == "return" for pm in people)
    landing = next(k for k, c in enumerate(chunks) if c.norm == "landing")
    assert any(a <= landing < b for a, b in clauses)


def test_people_who_launched_aboard_a_spacecraft_are_crew() -> None:
    _, people, _ = _read(
        "Reyes, Brandt and Okafor launched from the Baikonur Cosmodrome aboard Soyuz MS-17 "
        "on Oct. 14, 2020."
    )
    assert all(pm.traits.crew and pm.traits.sure for pm in people)


@pytest.mark.parametrize(
    "text",
    [
        "Hollis Brandt and Tamsin Reyes wave before the launch.",  # no flight word, no date
        "Hollis Brandt and Tamsin Reyes watch the launch on Oct. 5, 2022.",  # a date, no flight
    ],
)
def test_no_flight_date_without_a_dated_flight_clause(text: str) -> None:
    _, people, clauses = _read(text)
    assert all(pm.flight is None for pm in people)
    assert clauses == []


def _launched(y: int, m: int, d: int | None = None) -> FlightDate:
    return FlightDate(DateMention(0, 0, "", y, m, d), "launch")


@pytest.mark.parametrize(
    ("fd", "kind", "date", "ok"),
    [
        (_launched(2021, 11, 11), EventKind.LAUNCH, "2022-10-05", False),  # another launch
        (_launched(2021, 11, 11), EventKind.LANDING, "2022-05-06", True),  # its return
        (_launched(2021, 11, 11), EventKind.DOCKING, "2021-11-12", True),  # its docking
        (_launched(2021, 11, 11), EventKind.DOCKING, "2022-03-01", False),
        (_launched(2021, 11, 11), EventKind.PRESS_CONFERENCE, "2019-01-01", True),  # no flight
        (_launched(2021, 5), EventKind.LANDING, "2021-11-08", True),  # "in May": a month
        (FlightDate(DateMention(0, 0, "", 2022, 5, None), "return"), EventKind.LAUNCH,
         "2022-10-05", False),  # brought home in May: not October's launch
    ],
)  # fmt: skip
def test_fits(fd: FlightDate, kind: EventKind, date: str, ok: bool) -> None:
    assert fits(fd, kind, date, CTX) is ok


def test_same_flight() -> None:
    assert not same_flight("1975-05-24", EventKind.LANDING, "1975-04-05")  # before the launch
    assert same_flight("2020-10-14", EventKind.LANDING, "2021-04-17")
    assert not same_flight("2020-10-14", EventKind.LAUNCH, "2020-12-01")
    assert same_flight("2020-10-14", EventKind.WALKOUT, "1999-01-01")  # not a flight event
