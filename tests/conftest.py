"""Shared fixtures: sample paths, copies in tmp_path, built bags, a fixed clock."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SAMPLE_NAMES = ("soyuz-tma-11m", "soyuz-tma-10m", "apollo-11")
EPOCH = 1700000000  # 2023-11-14, pins Bagging-Date and file times


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
