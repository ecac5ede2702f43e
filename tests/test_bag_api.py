"""The public surface of archive.bag, pinned."""

from __future__ import annotations

import archive.bag

PUBLIC = {
    "ALGORITHMS",
    "WEAK_ALGORITHMS",
    "BagPlan",
    "BagReport",
    "BagSummary",
    "FileCheck",
    "FileDigest",
    "bag_size",
    "check_bag",
    "check_profile",
    "decode_path",
    "encode_path",
    "find_bags",
    "finish_bag",
    "hash_file",
    "load_profile",
    "peer_check",
    "plan_bag",
    "read_bag_info",
    "unsafe_reason",
    "write_bag",
}


def test_public_names() -> None:
    assert set(archive.bag.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(archive.bag, name) is not None


def test_only_peer_imports_bagit() -> None:
    from pathlib import Path

    package = Path(archive.bag.__file__).parent
    users = [p.name for p in package.glob("*.py") if "import bagit" in p.read_text()]
    assert users == ["peer.py"]
