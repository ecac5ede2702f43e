"""The query store survives `archive index` being killed at any moment.

A real `archive index` process loads a few hundred synthetic bags (the
benchmark's graphs, in real BagIt bags) and is SIGKILLed at several points of
its run, always into the same store. After each kill the store must open,
every bag it lists as indexed (its facts graph written) must hold exactly its
bag's graph, the union must be exact, and bags must be indexed a whole bulk
load at a time: a bag is committed by its facts, written in the same atomic
load as its content. A last, uninterrupted run must then finish the job,
leaving the same store a clean run builds: the same graphs, the same quads,
the union exact.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import load_benchmark

from archive.query import GraphStore, run_query
from archive.query.index import read_graph
from archive.query.targets import StoreSink

BAGS = 300
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bags(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bench = load_benchmark("query")
    root = tmp_path_factory.mktemp("crash-bags")
    bench.write_bags(root, [bench.synthetic_bag(i, people=BAGS // 3) for i in range(BAGS)])
    return root


def _index(bags: Path, store: Path) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "archive", "index", str(bags), "--store", str(store)]
    argv += ["--no-fixity-log", "--check", "fast", "--workers", "1", "-q", "--no-optimize"]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _await_bulk_phase(folder: Path, phase: str, nth: int, proc: subprocess.Popen[bytes]) -> bool:
    """Wait until the ``nth`` bulk file is written or ``nth`` ingestion starts; False if
    ``proc`` ended first.

    A bulk load writes its sorted runs as ``bulk-*.sst`` files one by one
    (``write``), then ingests them all and they vanish (``ingest``). `archive
    index` writes the last bags of a run in two loads at once, so (phase, nth)
    names a moment such as "the 8th file written, of either load" or "the
    second load being ingested". Phases, not timings: a busy machine only
    polls later.
    """

    def bulk() -> set[str]:
        try:
            return {f.name for f in folder.iterdir() if f.name.startswith("bulk-")}
        except FileNotFoundError:
            return set()

    ours: set[str] = set()  # leftovers of a killed run vanish at open: not an ingestion
    listing, written, ingested = bulk(), 0, 0
    while proc.poll() is None:
        now = bulk()
        written += len(now - listing)
        ours |= now - listing
        if (listing - now) & ours:
            ingested += 1
        listing = now
        if (written if phase == "write" else ingested) >= nth:
            return True
        time.sleep(0.0002)
    return False


def _snapshot(store_dir: Path) -> tuple[dict[str, str], int]:
    """Indexed bags (IRI to path) and the number of quads."""
    with GraphStore.open(store_dir, read_only=True) as store:
        indexed = StoreSink(store).indexed()
        for bag, known in indexed.items():
            graph = store.graph_ntriples(bag)
            expected, iri = read_graph(known.path)
            assert iri == bag
            assert set(graph.splitlines()) == set(expected.ntriples.splitlines()), bag
        return {bag: known.path for bag, known in indexed.items()}, store.quad_count()


def _union_is_exact(store_dir: Path) -> bool:
    with GraphStore.open(store_dir, read_only=True) as store:
        extra = "ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
        missing = "ASK { GRAPH ?g { ?s ?p ?o } FILTER NOT EXISTS { ?s ?p ?o } }"
        return not run_query(store, extra).boolean and not run_query(store, missing).boolean


@pytest.fixture(scope="module")
def clean(bags: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], int]:
    """What an uninterrupted run leaves: the indexed bags and the number of quads."""
    store = tmp_path_factory.mktemp("clean") / "store"
    proc = _index(bags, store)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    snapshot = _snapshot(store)
    assert len(snapshot[0]) == BAGS
    return snapshot


# 300 new bags are the last bags of their run: two loads of 150, written at once,
# each with about a dozen files.
MOMENTS = [("write", 1), ("write", 8), ("write", 16), ("ingest", 1), ("ingest", 2)]


@pytest.mark.parametrize(("phase", "nth"), MOMENTS)
def test_a_killed_index_run_leaves_committed_bags_whole(
    bags: Path, clean: tuple[dict[str, str], int], tmp_path: Path, phase: str, nth: int
) -> None:
    store = tmp_path / "store"
    proc = _index(bags, store)
    reached = _await_bulk_phase(store / "oxigraph", phase, nth, proc)
    if not reached:
        # Ingestion can be over between two polls on a busy machine; writing cannot.
        assert phase == "ingest", f"the run ended before it wrote {nth} bulk file(s)"
        pytest.skip("the run finished before that moment could be seen")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    indexed, _ = _snapshot(store)  # it opens, and every committed bag is whole
    assert len(indexed) in (0, BAGS // 2, BAGS)  # a load is committed whole or not at all
    if phase == "write" and nth == 1:
        assert not indexed  # nothing is committed before a load's files are written
    assert _union_is_exact(store)
    proc = _index(bags, store)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    assert _snapshot(store) == clean
    assert _union_is_exact(store)
    assert not list((store / "oxigraph").glob("bulk-*")), "bulk-load leftovers remain"


def test_a_run_killed_while_creating_the_store_leaves_none(
    bags: Path, clean: tuple[dict[str, str], int], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    for _ in range(3):  # kill at the first sign of the store, again and again
        proc = _index(bags, store)
        while proc.poll() is None and not any(tmp_path.iterdir()):
            time.sleep(0.0002)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        if store.exists():
            assert _snapshot(store)[0] == {}  # a store that is there opens
    proc = _index(bags, store)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    assert _snapshot(store) == clean
    assert [p.name for p in tmp_path.iterdir()] == ["store"]  # no half-built store left aside
