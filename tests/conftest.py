"""Shared fixtures: sample paths, copies in tmp_path, built bags, a fixed clock."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_NAMES = ("soyuz-tma-11m", "soyuz-tma-10m", "apollo-11")
EPOCH = 1700000000  # 2023-11-14, pins Bagging-Date and file times


def load_benchmark(name: str) -> ModuleType:
    """The script ``benchmarks/<name>.py`` as a module (the folder is not a package)."""
    module_name = f"{name}_benchmark"
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def sample_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a sample folder into tmp_path (samples are never written to)."""

    def copy(name: str) -> Path:
        dest = tmp_path / "in" / name
        shutil.copytree(SAMPLES / name, dest)
        return dest

    return copy


@pytest.fixture
def fixed_epoch(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    return EPOCH


# Fuzzing: the property tests over the readers and the manifest parser run a
# modest number of examples by default (CI). For a long run, scale them up:
#   ARCHIVE_FUZZ_SCALE=100 .venv/bin/python -m pytest -q -k "returns_or_raises or on_any"
FUZZ_SCALE = max(1, int(os.environ.get("ARCHIVE_FUZZ_SCALE", "1")))


def fuzz_examples(n: int) -> int:
    """How many Hypothesis examples a fuzz test runs: ``n`` times ARCHIVE_FUZZ_SCALE."""
    return n * FUZZ_SCALE
