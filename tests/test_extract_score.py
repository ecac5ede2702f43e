"""The quality harness: scoring rules, the table, floors and the command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archive.extract.score import (
    check_floors,
    event_kind,
    find_folders,
    format_table,
    main,
    score_extraction,
    totals,
)
from archive.model import CrewMember, Entity, EntityKind, Event, EventKind, Extraction

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _ent(key: str, name: str, *alts: str, located_in: str | None = None) -> Entity:
    kind = EntityKind(key.split("/")[0])
    return Entity(key, kind, name, tuple(alts), located_in=located_in)


ENTITIES = (
    _ent("person/koichi-wakata", "Koichi Wakata"),
    _ent("person/mikhail-tyurin", "Mikhail Tyurin"),
    _ent("person/oleg-ostapenko", "Oleg Ostapenko"),
    _ent("person/edwin-aldrin", 'Edwin "Buzz" Aldrin', "Buzz Aldrin"),
    _ent("organization/jaxa", "Japan Aerospace Exploration Agency", "JAXA"),
    _ent("organization/roscosmos", "Roscosmos"),
    _ent("place/pad", "Site 1", located_in="place/cosmodrome"),
    _ent("place/cosmodrome", "Baikonur Cosmodrome", located_in="country/kazakhstan"),
    _ent("country/kazakhstan", "Kazakhstan"),
    _ent("spacecraft/soyuz-tma-11m", "Soyuz TMA-11M"),
    _ent("object/olympic-torch", "Olympic torch"),
)


def _launch(*crew: CrewMember, date: str = "2013-11-07", **kw: object) -> Event:
    return Event(
        "event/launch/soyuz-tma-11m",
        EventKind.LAUNCH,
        date=date,
        place="place/pad",
        spacecraft="spacecraft/soyuz-tma-11m",
        crew=crew,
        **kw,  # type: ignore[arg-type]
    )


GOLD = {
    "events": [
        {
            "kind": "launch",
            "date": "2013-11-07",
            "place": "Baikonur",
            "spacecraft": "Soyuz TMA-11M",
            "crew": [
                {"name": "Koichi Wakata", "role": "Flight Engineer", "agency": "JAXA"},
                {"name": "Mikhail Tyurin", "role": "Commander", "agency": "Roscosmos"},
            ],
        }
    ],
    "objects": ["Olympic torch"],
    "not_crew": ["Oleg Ostapenko"],
    "distractor_dates": ["2013-11-06"],
}


def test_event_kinds_as_gold_writes_them() -> None:
    assert event_kind("press conference") is EventKind.PRESS_CONFERENCE
    assert event_kind("News-Conference") is EventKind.PRESS_CONFERENCE
    assert event_kind("walk-out") is EventKind.WALKOUT
    assert event_kind("space walk") is EventKind.SPACEWALK
    assert event_kind("launch") is EventKind.LAUNCH
    assert event_kind("parade") is None


def test_perfect_extraction_scores_one() -> None:
    x = Extraction(
        ENTITIES,
        (
            _launch(
                CrewMember("person/koichi-wakata", "flight engineer", "organization/jaxa"),
                CrewMember("person/mikhail-tyurin", "Commander", "organization/roscosmos"),
                objects=("object/olympic-torch",),
            ),
        ),
    )
    sc = score_extraction("a", GOLD, x)
    m = sc.metrics()
    assert sc.misses == []
    assert m["crew_f1"] == 1.0 and m["place_accuracy"] == 1.0 and m["role_accuracy"] == 1.0
    assert m["agency_accuracy"] == 1.0 and m["object_recall"] == 1.0
    assert m["vehicle_accuracy"] is None  # the gold gives no vehicle


def test_wrong_crew_role_agency_and_violations_are_counted() -> None:
    x = Extraction(
        ENTITIES,
        (
            _launch(
                CrewMember("person/koichi-wakata", "Commander", "organization/roscosmos"),
                CrewMember("person/oleg-ostapenko"),
                date="2013-11-06",
            ),
        ),
    )
    sc = score_extraction("a", GOLD, x)
    m = sc.metrics()
    assert (sc.crew_tp, sc.crew_fp, sc.crew_fn) == (1, 1, 1)
    assert m["crew_precision"] == 0.5 and m["crew_recall"] == 0.5
    assert m["role_accuracy"] == 0.0 and m["agency_accuracy"] == 0.0
    assert m["date_accuracy"] == 0.0 and m["object_recall"] == 0.0
    assert m["not_crew_violations"] == 1 and m["distractor_violations"] == 1


def test_missing_event_counts_its_crew_as_missed() -> None:
    sc = score_extraction("a", GOLD, Extraction(ENTITIES, ()))
    m = sc.metrics()
    assert m["event_recall"] == 0.0 and m["crew_recall"] == 0.0 and m["date_accuracy"] == 0.0


def test_gold_aliases_match() -> None:
    gold = {"events": [{"kind": "launch", "crew": [{"name": "Buzz Aldrin", "aliases": []}]}]}
    x = Extraction(ENTITIES, (_launch(CrewMember("person/edwin-aldrin")),))
    assert score_extraction("a", gold, x).metrics()["crew_f1"] == 1.0


def test_distractor_of_an_event_kind_the_gold_does_not_list_is_no_violation() -> None:
    press = Event("event/press-conference/x", EventKind.PRESS_CONFERENCE, date="2013-11-06")
    x = Extraction(ENTITIES, (_launch(), press))
    assert score_extraction("a", GOLD, x).distractor_violations == 0


def test_distractor_on_another_flight_of_a_listed_kind_is_no_violation() -> None:
    # An emergency landing of another crew, whose spacecraft no caption names, on its day.
    other = Event("event/launch/2013-11-06", EventKind.LAUNCH, date="2013-11-06")
    x = Extraction(ENTITIES, (_launch(), other))
    assert score_extraction("a", GOLD, x).distractor_violations == 0


def test_distractor_on_a_double_of_a_gold_event_is_a_violation() -> None:
    # The article's own launch split in two, one copy on the press conference's day.
    double = Event(
        "event/launch/soyuz-tma-11m/2",
        EventKind.LAUNCH,
        date="2013-11-06",
        spacecraft="spacecraft/soyuz-tma-11m",
    )
    sc = score_extraction("a", GOLD, Extraction(ENTITIES, (_launch(), double)))
    assert sc.distractor_violations == 1
    assert any("2013-11-06" in m for m in sc.misses)


def test_totals_are_micro_averaged_and_table_lists_articles() -> None:
    good = score_extraction("good", GOLD, Extraction(ENTITIES, (_launch(),)))
    bad = score_extraction("bad", GOLD, Extraction(ENTITIES, ()))
    t = totals([good, bad])
    assert t["event_recall"] == 0.5
    table = format_table([good, bad])
    assert table.splitlines()[0].startswith("article")
    assert {"good", "bad", "TOTAL"} <= {line.split()[0] for line in table.splitlines()[2:]}


def test_check_floors() -> None:
    floors = {"min": {"crew_f1": 0.9}, "max": {"not_crew_violations": 0}}
    assert check_floors({"crew_f1": 0.95, "not_crew_violations": 0}, floors) == []
    assert len(check_floors({"crew_f1": 0.5, "not_crew_violations": 2}, floors)) == 2
    assert check_floors({"crew_f1": None}, floors) == []


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    for name in ("soyuz-tma-10m", "apollo-11"):
        shutil.copytree(SAMPLES / name, root / name)
    return root


def test_find_folders(tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    assert [p.name for p in find_folders([root])] == ["apollo-11", "soyuz-tma-10m"]
    assert find_folders([root / "apollo-11"]) == [root / "apollo-11"]


def test_main_prints_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(_corpus(tmp_path)), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert set(doc["articles"]) == {"apollo-11", "soyuz-tma-10m"}
    assert doc["totals"]["crew_f1"] == 1.0


def test_main_fails_below_floors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"min": {"crew_f1": 1.5}}), encoding="utf-8")
    assert main([str(_corpus(tmp_path)), "--floors", str(floors)]) == 1
    captured = capsys.readouterr()
    assert "TOTAL" in captured.out and "crew_f1" in captured.err


def test_main_without_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 2
    assert "gold.json" in capsys.readouterr().err


def test_main_with_broken_gold(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "gold.json").write_text("{not json", encoding="utf-8")
    assert main([str(tmp_path)]) == 2
    assert "gold" in capsys.readouterr().err


def test_not_crew_counts_only_on_events_matched_to_the_gold() -> None:
    other = Event(
        "event/launch/soyuz-tma-10m",
        EventKind.LAUNCH,
        date="2013-09-26",
        spacecraft="spacecraft/soyuz-tma-10m",
        crew=(CrewMember("person/oleg-ostapenko"),),
    )
    ents = (*ENTITIES, _ent("spacecraft/soyuz-tma-10m", "Soyuz TMA-10M"))
    # Crew of another flight the article mentions: no violation.
    sc = score_extraction("a", GOLD, Extraction(ents, (_launch(), other)))
    assert sc.not_crew_violations == 0
    # Crew of the gold event's flight: a violation.
    bad = _launch(CrewMember("person/oleg-ostapenko"))
    assert score_extraction("a", GOLD, Extraction(ents, (bad, other))).not_crew_violations == 1


@pytest.mark.parametrize(
    ("gold_role", "role", "ok"),
    [
        ("Soyuz Commander", "Commander", True),
        ("Commander", "Soyuz Commander", True),
        ("Expedition 38 Flight Engineer", "flight engineer", True),
        ("Shenzhou-12 commander", "Commander", True),
        ("Spacecraft Commander", "Spacecraft Commander", True),
        ("Spacecraft Commander", "Commander", False),
        ("Command Module Pilot", "Pilot", False),
        ("Pilot", "Commander", False),
    ],
)
def test_roles_compare_without_their_flight_qualifier(gold_role: str, role: str, ok: bool) -> None:
    gold = {"events": [{"kind": "launch", "crew": [{"name": "Koichi Wakata", "role": gold_role}]}]}
    x = Extraction(ENTITIES, (_launch(CrewMember("person/koichi-wakata", role)),))
    assert score_extraction("a", gold, x).metrics()["role_accuracy"] == (1.0 if ok else 0.0)


@pytest.mark.parametrize(
    ("place", "ok"),
    [
        ("Site 1", True),
        ("baikonur-cosmodrome", True),  # hyphens and spaces alike, any case
        ("Kazakhstan", True),  # a place containing a place containing it
        ("Baikonur Cosmodrome, Kazakhstan", False),
        ("Plesetsk", False),
    ],
)
def test_places_match_names_of_the_place_and_its_containers(place: str, ok: bool) -> None:
    gold = {"events": [{"kind": "launch", "place": place, "crew": []}]}
    m = score_extraction("a", gold, Extraction(ENTITIES, (_launch(),))).metrics()
    assert m["place_accuracy"] == (1.0 if ok else 0.0)


def test_spacecraft_and_vehicles_match_any_of_their_names() -> None:
    ents = (
        *ENTITIES,
        _ent("launch-vehicle/long-march-2f-y12", "Long March 2F Y12", "Long March 2F"),
        _ent("spacecraft/shenzhou-12", "Shenzhou 12", "Shenzhou-12"),
    )
    ev = Event(
        "event/launch/shenzhou-12",
        EventKind.LAUNCH,
        spacecraft="spacecraft/shenzhou-12",
        vehicle="launch-vehicle/long-march-2f-y12",
    )
    for craft, vehicle in (("shenzhou-12", "Long March-2F"), ("SHENZHOU 12", "long march 2f y12")):
        gold = {"events": [{"kind": "launch", "spacecraft": craft, "vehicle": vehicle}]}
        m = score_extraction("a", gold, Extraction(ents, (ev,))).metrics()
        assert m["spacecraft_accuracy"] == 1.0 and m["vehicle_accuracy"] == 1.0
    gold = {"events": [{"kind": "launch", "vehicle": "Long March 5"}]}
    assert score_extraction("a", gold, Extraction(ents, (ev,))).metrics()["vehicle_accuracy"] == 0
