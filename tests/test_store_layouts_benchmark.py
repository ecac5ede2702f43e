"""The store-layouts benchmark keeps working, and tells the layouts apart as it should."""

from __future__ import annotations

import json

import pytest
from conftest import load_benchmark

QUERY_NAMES = (
    "crew-of-spacecraft",
    "launch-of-spacecraft",
    "images-of-person",
    "image-file",
    "images-by-agency",
    "people-in-several-events",
    "objects-carried",
)


def test_quick_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    module = load_benchmark("store_layouts")
    # A short budget: named's runaway queries are stopped after 2 s instead of 3.
    assert module.main(["--quick", "--repeat", "1", "--budget", "2", "--json"]) == 0
    out = capsys.readouterr().out
    table = [line.split(" | ")[0] for line in out.splitlines() if line.startswith("| ")]
    assert table == ["| layout", "| current", "| union", "| named", "| side"]
    figures = json.loads(out.splitlines()[-1])
    layouts = {r["layout"]: r for r in figures["layouts"]}
    assert figures["distinct"] < figures["triples"]  # bags share people, places, agencies
    # RDF merge: only the layouts with a real default graph count each triple once.
    merge = {name: (r["merge_ok"], r["merge_count"]) for name, r in layouts.items()}
    assert merge["current"] == merge["union"] == merge["side"] == (True, figures["distinct"])
    assert merge["named"] == (False, figures["triples"])
    # GRAPH ?g: only the layouts that keep named graphs in the store answer it.
    assert {name: r["graph_ok"] for name, r in layouts.items()} == {
        "current": True,
        "union": False,
        "named": True,
        "side": False,
    }
    # Every query is answered or reported as stopped; the single-graph layouts answer all.
    for name, r in layouts.items():
        assert set(r["answers"]) | set(r["failed"]) >= set(QUERY_NAMES), name
        for why in r["failed"].values():
            assert why in ("> 2 s", "out of memory"), why
    answers = [{q: layouts[n]["answers"][q]["fingerprint"] for q in QUERY_NAMES}
               for n in ("current", "union", "side")]  # fmt: skip
    assert answers[0] == answers[1] == answers[2]
    assert not layouts["current"]["failed"]
    assert all(r["load_wall_s"] > 0 and r["load_peak_mb"] > 0 for r in layouts.values())
