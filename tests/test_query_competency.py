"""The competency queries answer right on bags packaged from the corpus.

Each answer is checked against the corpus' gold annotations or the bag's own
files, and every query's whole answer against rdflib's on the same graphs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from query_corpus import PARAMS, gold, sha256
from rdflib import Graph

from archive.bag import check_bag, read_bag_info
from archive.fixity import FixityLog
from archive.query import (
    FixitySource,
    GraphStore,
    QueryResult,
    index_bags,
    load_query,
    named_queries,
    run_query,
)
from archive.query.params import bind

pytest_plugins = ("query_support",)  # the corpus bags and their index

CRAFTS = {
    "soyuz-tma-11m": "Soyuz TMA-11M",
    "soyuz-tma-10m": "Soyuz TMA-10M",
    "apollo-11": "Apollo 11",
}


def values(result: QueryResult, *names: str) -> set[tuple[str | None, ...]]:
    return {tuple(row[n].value if n in row else None for n in names) for row in result.as_dicts()}


def test_every_query_is_documented() -> None:
    names = {q.name for q in named_queries()}
    assert set(PARAMS) | {"images-of-person-not-verified"} == names
    for q in named_queries():
        assert q.description, q.name
        assert set(q.param_names) == set(PARAMS.get(q.name, {"person": "", "days": ""}))


@pytest.mark.parametrize("sample", sorted(CRAFTS))
def test_crew_of_spacecraft_with_roles_and_agencies(store: GraphStore, sample: str) -> None:
    launch = next(e for e in gold(sample)["events"] if e["kind"] == "launch")
    result = run_query(store, "crew-of-spacecraft", {"spacecraft": CRAFTS[sample]})
    got = values(result, "name", "role", "agency")
    assert got == {(c["name"], c["role"], c["agency"]) for c in launch["crew"]}


@pytest.mark.parametrize("sample", sorted(CRAFTS))
def test_launch_of_spacecraft_with_date_and_place(store: GraphStore, sample: str) -> None:
    launch = next(e for e in gold(sample)["events"] if e["kind"] == "launch")
    result = run_query(store, "launch-of-spacecraft", {"spacecraft": CRAFTS[sample]})
    assert {v for (v,) in values(result, "date")} == {launch["date"]}
    places = {p for (p,) in values(result, "place")}
    assert len(places) == 1, places  # where it took place, not also where it was bound for
    within = {w for (w,) in values(result, "within") if w}
    assert any(launch["place"] in p for p in places | within), places
    if launch.get("vehicle"):
        assert (launch["vehicle"],) in values(result, "vehicle")


def test_images_that_depict_a_person(store: GraphStore, corpus_bags: Path) -> None:
    result = run_query(store, "images-of-person", {"person": "Koichi Wakata"})
    bag = corpus_bags / "soyuz-tma-11m"
    captions = dict(values(result, "path", "caption"))
    assert captions, "no image of Koichi Wakata"
    assert all("Wakata" in c for c in captions.values())
    for path in captions:
        assert path is not None and (bag / path).is_file()
    # A caption that names him with a position says where he is in the frame.
    positions = {v for (v,) in values(result, "position") if v}
    assert positions <= {"L", "C", "R"} and positions


def test_images_credited_to_an_agency(store: GraphStore) -> None:
    result = run_query(store, "images-by-agency", {"agency": "reuters"})  # any case
    credited = {n: gold(n)["images"] for n in ("soyuz-tma-11m", "soyuz-tma-10m")}
    assert len(result) >= sum(credited.values())
    assert all(c.upper().startswith("REUTERS") for (c,) in values(result, "credit"))
    assert run_query(store, "images-by-agency", {"agency": "NASA"}).solutions
    assert not run_query(store, "images-by-agency", {"agency": "nobody"}).solutions


def test_people_in_more_than_one_event_span_bags(store: GraphStore) -> None:
    result = run_query(store, "people-in-several-events")
    counts = {name: int(n) for name, n in values(result, "name", "events")}
    # Soyuz TMA-11M (2013) and STS-118 (2007) are two articles, two bags.
    assert counts.get("Rick Mastracchio", 0) >= 2, counts
    graphs = run_query(
        store,
        """PREFIX schema: <http://schema.org/>
        SELECT DISTINCT ?g WHERE {
          GRAPH ?g { ?event schema:performer ?who } ?who schema:name $p
        }""",
        {"p": "Rick Mastracchio"},
    )
    assert len(graphs) == 2
    assert all(n >= 2 for n in counts.values())


def test_objects_carried_and_by_which_spacecraft(store: GraphStore) -> None:
    result = run_query(store, "objects-carried")
    torch = {s for name, s in values(result, "name", "spacecraft") if name == "Olympic torch"}
    assert "Soyuz TMA-11M" in torch


def test_bag_file_and_checksum_of_an_image(store: GraphStore, corpus_bags: Path) -> None:
    result = run_query(store, "image-file", {"file": "attachment_1216379.jpg"})
    assert len(result) == 1
    row = result.as_dicts()[0]
    bag = corpus_bags / "soyuz-tma-11m"
    assert row["path"].value == "data/images/attachment_1216379.jpg"
    assert row["sha256"].value == sha256(bag / row["path"].value)
    info = dict(read_bag_info(bag))
    assert row["identifier"].value == info["External-Identifier"]
    assert row["bag"].value.startswith("https://archive.example/id/bag/")


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_store_and_rdflib_agree(store: GraphStore, corpus_bags: Path, name: str) -> None:
    """Every competency query gives rdflib's answer over the union of the bags' graphs."""
    graph = Graph()
    for ttl in sorted(corpus_bags.glob("*/data/metadata/graph.ttl")):
        graph.parse(ttl, format="turtle")
    query = load_query(name)
    text = bind(query.text, PARAMS[name], declared=query.param_names)
    expected = sorted(
        tuple(str(v) if v is not None else None for v in r) for r in graph.query(text)
    )
    got = sorted(tuple(t.value if t else None for t in r) for r in run_query(store, text).solutions)
    assert got == expected
    assert got, f"{name} has no answer on the corpus"


def test_in_memory_bags_answer_like_the_store(store: GraphStore, corpus_bags: Path) -> None:
    from archive.query import load_bags

    memory = load_bags([corpus_bags])
    for name, params in PARAMS.items():
        a = run_query(memory, name, params)
        b = run_query(store, name, params)
        assert sorted(a.solutions, key=repr) == sorted(b.solutions, key=repr), name


def test_images_of_a_person_not_verified(bags_copy: Path, tmp_path: Path) -> None:
    bag = bags_copy / "soyuz-tma-11m"
    log_path = tmp_path / "fixity.sqlite"
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    with FixityLog(log_path, now=lambda: long_ago) as log:
        log.record(check_bag(bag))
    params = {"person": "Koichi Wakata"}

    def not_verified(days: int) -> QueryResult:
        with GraphStore.open(tmp_path / "store") as store, FixitySource(log_path) as fixity:
            list(index_bags(store, [bags_copy], fixity=fixity, workers=1))
            return run_query(store, "images-of-person-not-verified", {**params, "days": str(days)})

    old = not_verified(90)
    assert old.solutions and {r["lastVerified"].value for r in old.as_dicts()} == {
        "2020-01-01T00:00:00Z"
    }
    assert {r["folder"].value for r in old.as_dicts()} == {str(bag)}
    ages = (datetime.now(UTC) - long_ago) // timedelta(days=1)
    assert not not_verified(ages + 30).solutions  # verified within that many days
    with FixityLog(log_path) as log:  # checked again today: verified
        log.record(check_bag(bag))
    assert not not_verified(90).solutions
