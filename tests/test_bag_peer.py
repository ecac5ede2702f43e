"""peer_check: bagit-python's opinion, as plain strings, with its logging silenced."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from archive.bag import peer_check, write_bag

SUITE = Path(__file__).parent / "fixtures" / "bagit-conformance"


def make_bag(root: Path) -> Path:
    (root / "data/images").mkdir(parents=True)
    (root / "data/article.txt").write_text("text")
    (root / "data/images/a.jpg").write_bytes(b"jpg")
    write_bag(root, info=[("Source-Organization", "Test Archive")])
    return root


def test_accepts_our_bag(tmp_path: Path) -> None:
    assert peer_check(make_bag(tmp_path / "bag")) == []


def test_names_the_damaged_file(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    (bag / "data/article.txt").write_text("TEXT")
    problems = peer_check(bag)
    assert len(problems) == 1 and "data/article.txt" in problems[0]


def test_not_a_bag(tmp_path: Path) -> None:
    problems = peer_check(tmp_path)
    assert len(problems) == 1 and "bagit.txt" in problems[0]


def test_unknown_encoding_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    (bag / "bagit.txt").write_text("BagIt-Version: 1.0\nTag-File-Character-Encoding: klingon\n")
    assert peer_check(bag)


def test_logging_is_silenced_and_restored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    bag = make_bag(tmp_path / "bag")
    (bag / "data/article.txt").write_text("TEXT")
    with caplog.at_level(logging.DEBUG):
        peer_check(bag)
    assert not [r for r in caplog.records if r.name == "bagit"]
    assert logging.getLogger("bagit").disabled is False


@pytest.mark.parametrize(
    "name, accepted",
    [
        ("v1.0/valid/basicBag", True),
        ("v0.97/valid/UTF-16-encoded-tag-files", True),
        ("v1.0/invalid/notAllManifestsListAllFiles", False),
        ("v0.97/invalid/corrupt-data-file", False),
    ],
)
def test_agrees_on_conformance_bags(name: str, accepted: bool) -> None:
    assert (peer_check(SUITE / name) == []) is accepted
