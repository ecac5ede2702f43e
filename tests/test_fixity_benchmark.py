"""The fixity benchmark still runs (``--quick``: small corpora, one round, seconds)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "fixity.py"


def test_quick_benchmark_prints_its_table(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    lines = result.stdout.splitlines()
    assert lines[1].split()[:3] == ["corpus", "tool", "median"]
    rows = [line.split()[:2] for line in lines[3:15]]
    assert rows == [
        [corpus, tool]
        for corpus in ("bags", "many", "big")
        for tool in ("archive", "bagit-1", "bagit-2", "reference")
    ]
    assert any(line.startswith("many: ") and "peak" in line for line in lines)
