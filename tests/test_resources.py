"""schemas/ and vocab/ travel inside the wheel and load from an installed build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

from archive.resources import data_root, queries_dir, schemas_dir, vocab_dir


def test_checkout_layout() -> None:
    assert data_root() in (ROOT, ROOT / "archive" / "_data")
    assert (schemas_dir() / "article.schema.json").is_file()
    assert (vocab_dir() / "archive.ttl").is_file()
    assert queries_dir().parent == vocab_dir()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    out = tmp_path_factory.mktemp("wheel")
    # Build without isolation: hatchling is in the test environment already.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("archive-*.whl")
    return built


def test_wheel_carries_schemas_and_vocab(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("article", "image", "events", "bag-info", "defs"):
        assert f"archive/_data/schemas/{name}.schema.json" in names
    for name in ("archive.ttl", "context.jsonld", "bagit-profile.json"):
        assert f"archive/_data/vocab/{name}" in names
    assert "archive/py.typed" in names


def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import archive.resources as r, archive.validate.schema as s;"
        "print(r.data_root()); s.validator('image'); print('ok')"
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    root, ok = result.stdout.split()
    assert Path(root) == target / "archive" / "_data"
    assert ok == "ok"
