"""Killed at any moment, `archive package` leaves complete bags or none, and a re-run finishes.

The test really kills the process group with SIGKILL (no chance to clean up)
at many points of a run over many articles, then checks every bag in the
output folder and resumes with --skip-existing.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EPOCH, SAMPLE_NAMES, SAMPLES

from archive.validate.bags import validate_bag

ARTICLES = 12


def _inputs(tmp_path: Path) -> list[Path]:
    inputs = []
    for i in range(ARTICLES):
        dest = tmp_path / "in" / f"article-{i:02d}"
        shutil.copytree(SAMPLES / SAMPLE_NAMES[i % len(SAMPLE_NAMES)], dest)
        inputs.append(dest)
    return inputs


def _package(inputs: list[Path], out: Path) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "archive", "package", *map(str, inputs), "--out", str(out)]
    return subprocess.Popen(
        [*argv, "--skip-existing", "--workers", "2", "-q"],
        env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: kill the workers too
    )


def _check_output(out: Path) -> list[str]:
    """Every visible folder in ``out`` is a complete, valid bag; returns their names."""
    if not out.exists():
        return []
    names = []
    for entry in sorted(out.iterdir()):
        if entry.name.startswith(".archive-"):
            continue  # a temporary folder of the killed run: never mistaken for a bag
        result = validate_bag(entry)
        assert result.valid, (entry, [str(i) for i in result.issues if i.is_error])
        names.append(entry.name)
    return names


@pytest.mark.slow
def test_sigkill_at_many_points_then_resume(tmp_path: Path) -> None:
    inputs = _inputs(tmp_path)
    out = tmp_path / "out"
    seen_partial = False
    for delay in (0.2, 0.5, 0.8, 1.1, 1.4, 1.7, 2.0, 2.4, 2.8, 3.3):
        proc = _package(inputs, out)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        done = _check_output(out)
        seen_partial |= 0 < len(done) < ARTICLES
    final = _package(inputs, out)
    assert final.wait(timeout=300) == 0
    assert _check_output(out) == [p.name for p in inputs]
    assert not [p for p in out.iterdir() if p.name.startswith(".archive-")]
    assert seen_partial, "no kill landed mid-run; the delays no longer cover the run"
