"""The query benchmark keeps working: its quick mode runs and every engine agrees."""

from __future__ import annotations

import pytest
from conftest import load_benchmark


def test_quick_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    module = load_benchmark("query")
    # The run itself checks that rdflib and the store give the same answers.
    assert module.main(["--quick", "--repeat", "1", "--no-oxrdflib"]) == 0
    out = capsys.readouterr().out
    assert "| people-in-several-events (collection" in out
    assert "store reopen, s" in out
