"""Incremental indexing: skip, replace, prune, refuse invalid bags; the union stays exact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES
from helpers import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.errors import QueryError
from archive.query import GraphStore, index_bags, open_store, run_query
from archive.query.results import Term
from archive.query.store import graph_from_terms

pytest_plugins = ("query_support",)  # the corpus bags and their index
ASK_ARMSTRONG = 'PREFIX schema: <http://schema.org/> ASK { ?p schema:name "Neil Armstrong" }'
ASK_NASA = (
    "PREFIX schema: <http://schema.org/> "
    'ASK { <https://archive.example/id/organization/nasa> schema:name "NASA" }'
)


def actions(store: GraphStore, paths: list[Path], **kw: object) -> dict[str, str]:
    return {Path(o.path).name: o.action for o in index_bags(store, paths, workers=1, **kw)}  # type: ignore[arg-type]


def union_is_exact(store: GraphStore) -> bool:
    """The default graph holds exactly the triples of the named graphs."""
    extra = "ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
    missing = "ASK { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"
    return not run_query(store, extra).boolean and not run_query(store, missing).boolean


def test_second_run_skips_unchanged_bags(bags_copy: Path, tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store") as store:
        first = actions(store, [bags_copy])
        assert set(first.values()) == {"added"} and len(first) == 4
        assert actions(store, [bags_copy]) == dict.fromkeys(first, "unchanged")
        assert union_is_exact(store)


@pytest.mark.parametrize("check", ["bagit", "fast", "full"])
def test_facts_carry_each_bags_identifier_and_bagging_date(
    bags_copy: Path, tmp_path: Path, check: str
) -> None:
    bag = bags_copy / "soyuz-tma-11m"
    info = bag / "bag-info.txt"
    text = info.read_text(encoding="utf-8")
    info.write_text(text.replace("Bagging-Date: 2023-11-14", "Bagging-Date: 2024-02-29"))
    with GraphStore.open(tmp_path / "store") as store:
        # The edited bag-info.txt no longer matches its tag manifest: indexed all the same.
        list(index_bags(store, [bags_copy], check=check, allow_invalid=True, workers=1))
        rows = run_query(
            store,
            "SELECT ?path ?id ?date WHERE { GRAPH ?f { ?b "
            "<https://archive.example/ns#localPath> ?path ; "
            "<https://archive.example/ns#externalIdentifier> ?id ; "
            "<http://purl.org/dc/terms/created> ?date } }",
        ).as_dicts()
    found = {Path(r["path"].value).name: (r["id"].value, r["date"].value) for r in rows}
    assert len(found) == 4
    for name, (identifier, date) in found.items():
        declared = (bags_copy / name / "bag-info.txt").read_text(encoding="utf-8")
        assert f"External-Identifier: {identifier}\n" in declared
        assert date == ("2024-02-29" if name == "soyuz-tma-11m" else "2023-11-14")


def test_changed_bag_is_replaced_and_vanished_bag_pruned(bags_copy: Path, tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store") as store:
        actions(store, [bags_copy])
        code, _, err = run_cli(
            [
                "package",
                str(SAMPLES / "soyuz-tma-10m"),
                "--out",
                str(bags_copy),
                "--force",
                "--info",
                "Contact-Name=Someone Else",
            ]
        )
        assert code == 0, err
        shutil.rmtree(bags_copy / "apollo-11")
        again = actions(store, [bags_copy])
        assert again["soyuz-tma-10m"] == "replaced"
        assert again["apollo-11"] == "missing"
        assert run_query(store, ASK_ARMSTRONG).boolean  # kept until pruned
        pruned = actions(store, [bags_copy], prune=True)
        assert pruned["apollo-11"] == "removed"
        assert not run_query(store, ASK_ARMSTRONG).boolean
        # NASA is also named by the bags that stay: removing Apollo 11 keeps it.
        assert run_query(store, ASK_NASA).boolean
        assert union_is_exact(store)
        graphs = run_query(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert len(graphs) == 6  # three bags, each with its facts


def test_prune_only_touches_the_given_folders(bags_copy: Path, tmp_path: Path) -> None:
    with GraphStore.open(tmp_path / "store") as store:
        actions(store, [bags_copy])
        other = tmp_path / "other"
        other.mkdir()
        shutil.move(bags_copy / "apollo-11", other / "apollo-11")
        outcome = actions(store, [other], prune=True)
        assert outcome == {"apollo-11": "replaced"}  # the same bag, moved
        assert run_query(store, ASK_ARMSTRONG).boolean
        assert union_is_exact(store)


def test_invalid_bag_is_not_indexed_unless_allowed(bags_copy: Path, tmp_path: Path) -> None:
    image = next((bags_copy / "soyuz-tma-10m" / "data" / "images").iterdir())
    image.write_bytes(bytes(len(image.read_bytes())))  # same size: only the digest differs
    with GraphStore.open(tmp_path / "store") as store:
        outcomes = list(index_bags(store, [bags_copy], workers=1))
        bad = next(o for o in outcomes if o.path.endswith("soyuz-tma-10m"))
        assert bad.action == "invalid" and bad.failed
        assert image.name in (bad.reason or "")
        crew = run_query(store, "crew-of-spacecraft", {"spacecraft": "Soyuz TMA-10M"})
        assert not crew.solutions
        allowed = list(index_bags(store, [bags_copy], allow_invalid=True, workers=1))
        forced = next(o for o in allowed if o.path.endswith("soyuz-tma-10m"))
        assert forced.action == "added" and "invalid" in (forced.reason or "")
        assert run_query(store, "crew-of-spacecraft", {"spacecraft": "Soyuz TMA-10M"}).solutions


def test_bags_without_a_graph_and_duplicates_are_reported(bags_copy: Path, tmp_path: Path) -> None:
    foreign = ROOT / "tests" / "fixtures" / "bagit-conformance" / "v1.0" / "valid" / "basicBag"
    shutil.copytree(foreign, bags_copy / "foreign")
    shutil.copytree(bags_copy / "apollo-11", bags_copy / "zz-copy-of-apollo-11")
    with GraphStore.open(tmp_path / "store") as store:
        outcome = {Path(o.path).name: o for o in index_bags(store, [bags_copy], workers=1)}
    assert outcome["foreign"].action == "error"
    assert "graph.ttl" in (outcome["foreign"].reason or "")
    assert outcome["zz-copy-of-apollo-11"].action == "duplicate"
    assert outcome["apollo-11"].action == "added"


def test_index_terms_in_a_bag_are_ignored(bags_copy: Path, tmp_path: Path) -> None:
    graph = bags_copy / "apollo-11" / "data" / "metadata" / "graph.ttl"
    from archive.query.index import read_graph

    data, bag = read_graph(str(bags_copy / "apollo-11"))
    forged = f'<{bag}> <https://archive.example/ns#lastVerified> "2099-01-01T00:00:00Z" .\n'
    graph.write_bytes(graph.read_bytes() + forged.encode())
    again, _ = read_graph(str(bags_copy / "apollo-11"))
    assert again.ntriples == data.ntriples


def test_store_locking_and_markers(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with GraphStore.open(path):
        with pytest.raises(QueryError, match="being written"):
            open_store(path)
        with pytest.raises(QueryError, match="in use"):
            GraphStore.open(path)
    with open_store(path), open_store(path):
        pass  # readers share
    with pytest.raises(QueryError, match="not an archive store"):
        open_store(tmp_path)
    (tmp_path / "stuff").mkdir()
    (tmp_path / "stuff" / "file").write_text("x")
    with pytest.raises(QueryError, match="not an archive store"):
        GraphStore.open(tmp_path / "stuff")


def _graph(triples: list[tuple[int, int]]) -> object:
    ex = "http://example.org/"
    return graph_from_terms(
        (Term("uri", f"{ex}s{s}"), Term("uri", f"{ex}p"), Term("literal", str(o)))
        for s, o in triples
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["add", "remove"]),
            st.integers(0, 3),
            st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2)), max_size=4),
        ),
        max_size=12,
    )
)
def test_union_stays_the_union_of_the_named_graphs(ops: list) -> None:
    store = GraphStore.in_memory()
    present: set[str] = set()
    for op, n, triples in ops:
        name = f"http://example.org/g{n}"
        if op == "add":
            if name in present:
                store.remove(name)
            store.add([(name, _graph(triples))])  # type: ignore[list-item]
            present.add(name)
        elif name in present:
            store.remove(name)
            present.discard(name)
    assert union_is_exact(store)
