"""BagIt Profiles: our own profile dicts, and the two example profiles (which reject 1.0 bags)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archive.bag import check_bag, check_profile, load_profile, write_bag
from archive.errors import InputError
from archive.validate.issues import Issue

PROFILES = Path(__file__).parent / "fixtures" / "bagit-profiles"
IDENT = "https://example.org/profiles/news-bag-v1.json"
PROFILE: dict[str, Any] = {
    "BagIt-Profile-Info": {
        "BagIt-Profile-Identifier": IDENT,
        "BagIt-Profile-Version": "1.4.0",
        "Source-Organization": "Test Archive",
        "External-Description": "News article bags",
        "Version": "1",
    },
    "Bag-Info": {
        "Source-Organization": {"required": True, "values": ["Test Archive"]},
        "External-Identifier": {"required": True, "repeatable": False},
        "Contact-Name": {"required": False, "description": "who to ask"},
    },
    "Manifests-Required": ["sha512"],
    "Manifests-Allowed": ["sha512", "sha256"],
    "Tag-Manifests-Required": ["sha512"],
    "Tag-Manifests-Allowed": ["sha512", "sha256"],
    "Tag-Files-Allowed": ["metadata/*"],
    "Payload-Files-Required": ["data/article.txt", "data/images/"],
    "Payload-Files-Allowed": ["data/article.txt", "data/images/*"],
    "Allow-Fetch.txt": False,
    "Serialization": "optional",
    "Accept-Serialization": ["application/zip"],
    "Accept-BagIt-Version": ["1.0"],
}
INFO = [
    ("Source-Organization", "Test Archive"),
    ("External-Identifier", "urn:test:1"),
    ("BagIt-Profile-Identifier", IDENT),
]


def make_bag(root: Path, info: list[tuple[str, str]] = INFO, **kwargs: Any) -> Path:
    (root / "data/images").mkdir(parents=True)
    (root / "data/article.txt").write_text("text")
    (root / "data/images/a.jpg").write_bytes(b"jpg")
    write_bag(root, info=info, **kwargs)
    return root


def codes(issues: list[Issue]) -> set[tuple[str, str]]:
    return {(i.code.value, i.where) for i in issues}


def with_(**changes: Any) -> dict[str, Any]:
    return {**PROFILE, **{k.replace("_", "-"): v for k, v in changes.items()}}


def test_our_bag_meets_our_profile(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    assert check_profile(bag, PROFILE) == []
    assert check_profile(bag, PROFILE, report=check_bag(bag)) == []


def test_bag_info_rules(tmp_path: Path) -> None:
    info = [
        ("Source-Organization", "Elsewhere"),
        ("External-Identifier", "a"),
        ("External-Identifier", "b"),
    ]
    found = codes(check_profile(make_bag(tmp_path / "bag", info), PROFILE))
    assert found == {("R002", "bag-info.txt"), ("R003", "bag-info.txt"), ("R008", "bag-info.txt")}


def test_another_profile_declared(tmp_path: Path) -> None:
    info = [*INFO[:2], ("BagIt-Profile-Identifier", "https://other.example/p.json")]
    issues = check_profile(make_bag(tmp_path / "bag", info), PROFILE)
    assert [i.code.value for i in issues] == ["R003"]
    assert "other.example" in issues[0].message


def test_manifest_rules(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag", algorithms=("sha256", "md5"))
    assert codes(check_profile(bag, PROFILE)) == {
        ("R004", "manifest-sha512.txt"),
        ("R004", "tagmanifest-sha512.txt"),
        ("R004", "manifest-md5.txt"),
        ("R004", "tagmanifest-md5.txt"),
    }


def test_file_rules(tmp_path: Path) -> None:
    bag = tmp_path / "bag"
    (bag / "data/other").mkdir(parents=True)
    (bag / "data/other/x.txt").write_text("x")
    (bag / "notes.txt").write_text("tag file")
    write_bag(bag, info=INFO)
    profile = with_(Tag_Files_Required=["metadata/required.json"])
    assert codes(check_profile(bag, profile)) == {
        ("R007", "metadata/required.json"),
        ("R009", "notes.txt"),
        ("R007", "data/article.txt"),
        ("R007", "data/images/"),
        ("R009", "data/other/x.txt"),
    }


def test_fetch_rules(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    required = {**PROFILE, "Fetch.txt-Required": True, "Allow-Fetch.txt": True}
    assert codes(check_profile(bag, required)) == {("R007", "fetch.txt")}
    (bag / "fetch.txt").write_text("https://example.org/a 1 data/article.txt\n")
    assert codes(check_profile(bag, PROFILE)) == {("R005", "fetch.txt")}


def test_data_empty(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    assert codes(check_profile(bag, with_(Data_Empty=True))) == {("R009", "data/")}


def test_version_and_serialization(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    assert codes(check_profile(bag, with_(Accept_BagIt_Version=["0.97"]))) == {
        ("R006", "bagit.txt")
    }
    assert codes(check_profile(bag, with_(Serialization="required"))) == {("R010", ".")}
    assert check_profile(bag, with_(Serialization="forbidden")) == []


@pytest.mark.parametrize("name", ["bagProfileFoo.json", "bagProfileBar.json"])
def test_example_profiles_reject_a_1_0_bag(tmp_path: Path, name: str) -> None:
    profile = load_profile(PROFILES / name)
    bag = make_bag(tmp_path / "bag")
    found = {i.code.value for i in check_profile(bag, profile)}
    assert {"R002", "R004", "R006"} <= found
    if name == "bagProfileFoo.json":
        assert "R010" in found  # serialisation required
        assert "R003" in found  # Source-Organization must be SFU or York
    else:
        assert {("R007", "DPN/dpnFirstNode.txt")} <= codes(check_profile(bag, profile))


def test_malformed_profiles(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    broken = {**PROFILE, "Manifests-Required": "sha512", "Serialization": "sometimes"}
    del broken["BagIt-Profile-Info"]
    found = [i for i in check_profile(bag, broken) if i.code.value == "R001"]
    assert len(found) == 3
    path = tmp_path / "profile.json"
    for text in ["not json", "[]", json.dumps({"Bag-Info": {}})]:
        path.write_text(text)
        with pytest.raises(InputError, match="R001"):
            load_profile(path)
    with pytest.raises(InputError, match="R001"):
        load_profile(tmp_path / "missing.json")
    path.write_text(json.dumps(PROFILE))
    assert load_profile(path) == PROFILE
