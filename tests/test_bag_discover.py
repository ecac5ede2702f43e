"""find_bags: every bag folder, sorted, without entering bags, temp folders or links."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from archive.bag import find_bags
from archive.errors import InputError


def bag(path: Path) -> Path:
    (path / "data").mkdir(parents=True)
    (path / "bagit.txt").write_text("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    bag(root / "b")
    bag(root / "a" / "nested" / "deep")
    bag(root / "b" / "data" / "inner")  # payload of b, not a bag of its own
    bag(root / ".archive-staging-1")  # our temporary folder
    bag(root / "c" / ".archive-x" / "y")
    bag(tmp_path / "outside")
    (root / "link").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "notes").mkdir()
    (root / "notes" / "bagit.txt").mkdir()  # a folder named bagit.txt is not a bag
    return root


def test_finds_bags_sorted(tree: Path) -> None:
    assert list(find_bags([tree])) == [tree / "a" / "nested" / "deep", tree / "b"]


def test_given_bag_and_overlapping_paths(tree: Path) -> None:
    found = list(find_bags([tree / "b", tree, tree / "a"]))
    assert found == [tree / "a" / "nested" / "deep", tree / "b"]
    assert list(find_bags([tree / "b"])) == [tree / "b"]


def test_given_link_is_followed(tree: Path) -> None:
    assert list(find_bags([tree / "link"])) == [tree / "link"]


def test_bags_and_skipped_folders_are_never_listed(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed: list[Path] = []
    real = os.scandir

    def spy(path: Any) -> Any:
        listed.append(Path(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", spy)
    list(find_bags([tree]))
    assert tree in listed and tree / "a" in listed
    for skipped in (tree / "b", tree / ".archive-staging-1", tree / "link"):
        assert not [p for p in listed if p == skipped or skipped in p.parents]


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        list(find_bags([tmp_path / "missing"]))
