"""Every way a disk or a person damages a bag is found by a fixity run, with the file named.

Each damaged bag sits among intact ones, which must still pass: the run
reports every problem of every bag, not the first.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from fixity_support import codes, issues, make_bag, reports

from archive.bag import BagReport

Damage = Callable[[Path], None]


def flip_bit(bag: Path) -> None:
    path = bag / "data/images/launch.jpg"
    data = bytearray(path.read_bytes())
    data[1000] ^= 0x04
    path.write_bytes(bytes(data))


def truncate(bag: Path) -> None:
    path = bag / "data/images/launch.jpg"
    os.truncate(path, path.stat().st_size // 2)


def delete(bag: Path) -> None:
    (bag / "data/images/crew.jpg").unlink()


def add(bag: Path) -> None:
    (bag / "data/images/stray.jpg").write_bytes(b"not listed")


def rename(bag: Path) -> None:
    (bag / "data/images/crew.jpg").rename(bag / "data/images/crew-2.jpg")


def edit_manifest(bag: Path) -> None:
    manifest = bag / "manifest-sha512.txt"
    text = manifest.read_text()
    digest = hashlib.sha512(b"something else").hexdigest()
    lines = [
        f"{digest}  {line.split()[1]}" if line.endswith("article.txt") else line
        for line in text.splitlines()
    ]
    manifest.write_text("\n".join(lines) + "\n")


def edit_bag_info(bag: Path) -> None:
    info = bag / "bag-info.txt"
    info.write_text(info.read_text().replace("Test Archive", "Test Archivf"))


def edit_bag_info_and_tagmanifest(bag: Path) -> None:
    """A person edits bag-info.txt and updates the tag manifest to match: still valid."""
    info = bag / "bag-info.txt"
    info.write_text(info.read_text() + "Contact-Name: Jane Doe\n")
    digest = hashlib.sha512(info.read_bytes()).hexdigest()
    tags = bag / "tagmanifest-sha512.txt"
    lines = [
        f"{digest}  bag-info.txt" if line.endswith(" bag-info.txt") else line
        for line in tags.read_text().splitlines()
    ]
    tags.write_text("\n".join(lines) + "\n")


# damage -> the errors it must give, (code, where)
CASES: dict[str, tuple[Damage, set[tuple[str, str]]]] = {
    "flipped-bit": (flip_bit, {("F002", "data/images/launch.jpg")}),
    "truncated": (
        truncate,
        {("F002", "data/images/launch.jpg"), ("B013", "bag-info.txt")},
    ),
    "deleted": (delete, {("F001", "data/images/crew.jpg"), ("B013", "bag-info.txt")}),
    "added": (add, {("F003", "data/images/stray.jpg"), ("B013", "bag-info.txt")}),
    "renamed": (
        rename,
        {("F001", "data/images/crew.jpg"), ("F003", "data/images/crew-2.jpg")},
    ),
    "edited-manifest": (
        edit_manifest,
        {("F002", "data/article.txt"), ("F002", "manifest-sha512.txt")},
    ),
    "edited-bag-info": (edit_bag_info, {("F002", "bag-info.txt")}),
}


@pytest.fixture
def shelf(tmp_path: Path) -> Path:
    """Two intact bags and one bag per kind of damage."""
    for name in ("intact-a", "intact-z"):
        make_bag(tmp_path / name, identifier=f"urn:{name}")
    for name, (damage, _) in CASES.items():
        damage(make_bag(tmp_path / name, identifier=f"urn:{name}"))
    return tmp_path


def by_name(found: list[BagReport]) -> dict[str, BagReport]:
    return {Path(r.path).name: r for r in found}


def test_every_damage_is_named_and_intact_bags_pass(shelf: Path) -> None:
    found = by_name(reports([shelf], workers=2))
    assert found["intact-a"].valid and found["intact-z"].valid
    assert found["intact-a"].issues == ()
    for name, (_, expected) in CASES.items():
        assert not found[name].valid, name
        assert codes(found[name]) == expected, name


def test_a_changed_file_gives_expected_and_actual_digests(shelf: Path) -> None:
    report = by_name(reports([shelf]))["flipped-bit"]
    (problem,) = issues(report, "F002")
    details = dict(problem.details)
    data = (shelf / "flipped-bit/data/images/launch.jpg").read_bytes()
    assert details["actual"] == hashlib.sha512(data).hexdigest()
    assert details["expected"] != details["actual"] and details["algorithm"] == "sha512"


def test_an_updated_tag_manifest_makes_an_edit_legitimate(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    edit_bag_info_and_tagmanifest(bag)
    (report,) = reports([bag])
    assert report.valid, report.issues


def test_every_problem_of_a_bag_is_reported(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    for name, (damage, _) in CASES.items():
        if name != "deleted":  # the renamed file is the one deleted
            damage(bag)
    (report,) = reports([bag])
    assert {
        ("F002", "data/images/launch.jpg"),
        ("F001", "data/images/crew.jpg"),
        ("F003", "data/images/stray.jpg"),
        ("F003", "data/images/crew-2.jpg"),
        ("F002", "data/article.txt"),
        ("F002", "bag-info.txt"),
        ("F002", "manifest-sha512.txt"),
    } <= codes(report)


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    target = bag / "data/images/crew.jpg"
    target.unlink()
    os.mkfifo(target)  # a device or pipe where a file was: never opened for reading
    (report,) = reports([bag])
    assert ("F004", "data/images/crew.jpg") in codes(report)


def test_a_malformed_manifest_line_is_named(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    with (bag / "manifest-sha512.txt").open("a") as f:
        f.write("this is not a manifest line\n")
    (report,) = reports([bag])
    assert ("B006", "manifest-sha512.txt") in codes(report)
