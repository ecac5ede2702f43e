"""The BagIt engine: writing BagIt 1.0 bags (RFC 8493) and checking any bag completely.

Public surface::

    write_bag(root, info=..., algorithms=("sha512",), mtime=None) -> BagSummary
    check_bag(path, fast=False, algorithms=None) -> BagReport
    plan_bag(path) -> BagPlan ; hash_file(root, relpath, algorithms) -> FileDigest
    finish_bag(plan, results) -> BagReport            (the three steps of check_bag)
    check_profile(path, profile, report=None) -> list[Issue] ; load_profile(path) -> dict
    peer_check(path) -> list[str]                       (bagit-python's opinion)
    find_bags(paths) -> Iterator[Path]
    read_bag_info(path) -> list[tuple[str, str]]        (bag-info entries, no checking)
"""

from __future__ import annotations

from archive.bag.checker import check_bag, plan_bag, read_bag_info
from archive.bag.discover import find_bags
from archive.bag.hashing import ALGORITHMS, WEAK_ALGORITHMS, FileDigest, hash_file
from archive.bag.manifest import decode_path, encode_path, unsafe_reason
from archive.bag.peer import peer_check
from archive.bag.profile import check_profile, load_profile
from archive.bag.report import BagPlan, BagReport, FileCheck, finish_bag
from archive.bag.writer import BagSummary, bag_size, write_bag

__all__ = [
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
]
