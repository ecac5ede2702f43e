"""The query benchmark keeps working: its quick mode runs and every engine agrees."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import ROOT


def test_quick_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location(
        "query_benchmark", ROOT / "benchmarks" / "query.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["query_benchmark"] = module
    spec.loader.exec_module(module)
    # The run itself checks that rdflib and the store give the same answers.
    assert module.main(["--quick", "--repeat", "1", "--no-oxrdflib"]) == 0
    out = capsys.readouterr().out
    assert "| people-in-several-events (collection" in out
    assert "store reopen, s" in out
