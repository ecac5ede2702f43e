"""Checking a bag against a BagIt Profile (bagit-profiles specification 1.4.0).

A profile is JSON: ``BagIt-Profile-Info`` (with ``BagIt-Profile-Identifier``),
``Bag-Info`` rules per tag (``required``, ``values``, ``repeatable``,
``description``), allowed and required manifest algorithms, tag and payload
file patterns, ``Allow-Fetch.txt`` / ``Fetch.txt-Required``, ``Data-Empty``,
``Serialization`` and ``Accept-BagIt-Version``.

Only unserialised bags (folders) are checked here, so ``Serialization:
required`` is a finding (R010) and ``Accept-Serialization`` has nothing to
apply to. File patterns are matched like the profile project's reference
implementation, with :func:`fnmatch.fnmatchcase`: ``*`` also matches ``/``.
Bag-info labels are compared without regard to case.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from archive.bag.checker import read_tag_info
from archive.bag.inventory import Inventory, walk
from archive.bag.manifest import manifest_name
from archive.bag.report import BagReport
from archive.errors import InputError
from archive.validate.issues import Code, Issue, issue

__all__ = ["check_profile", "load_profile", "profile_problems"]

_LISTS = (
    "Manifests-Required",
    "Manifests-Allowed",
    "Tag-Manifests-Required",
    "Tag-Manifests-Allowed",
    "Tag-Files-Required",
    "Tag-Files-Allowed",
    "Payload-Files-Required",
    "Payload-Files-Allowed",
    "Accept-Serialization",
    "Accept-BagIt-Version",
)
_BOOLS = ("Allow-Fetch.txt", "Fetch.txt-Required", "Data-Empty")
_CORE_TAG_FILES = ("bagit.txt", "bag-info.txt", "fetch.txt")


def profile_problems(profile: Any) -> list[str]:
    """What is wrong with a profile's own shape (empty list: usable)."""
    if not isinstance(profile, Mapping):
        return ["the profile is not a JSON object"]
    problems = []
    head = profile.get("BagIt-Profile-Info")
    if not isinstance(head, Mapping):
        problems.append("BagIt-Profile-Info is missing or not an object")
    elif not isinstance(head.get("BagIt-Profile-Identifier"), str):
        problems.append("BagIt-Profile-Info has no BagIt-Profile-Identifier")
    rules = profile.get("Bag-Info", {})
    if not isinstance(rules, Mapping) or not all(isinstance(v, Mapping) for v in rules.values()):
        problems.append("Bag-Info is not an object of objects")
    for key in _LISTS:
        value = profile.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{key} is not a list of strings")
    for key in _BOOLS:
        if not isinstance(profile.get(key, False), bool):
            problems.append(f"{key} is not true or false")
    if profile.get("Serialization", "optional") not in ("forbidden", "required", "optional"):
        problems.append("Serialization is not forbidden, required or optional")
    for key in ("Manifests", "Tag-Manifests", "Tag-Files"):
        required, allowed = profile.get(f"{key}-Required"), profile.get(f"{key}-Allowed")
        if isinstance(required, list) and isinstance(allowed, list):
            if key == "Tag-Files":
                left = [
                    r for r in required if not any(fnmatchcase(str(r), str(a)) for a in allowed)
                ]
            else:
                left = [r for r in required if r not in allowed]
            if left:
                problems.append(f"{key}-Allowed does not allow the required {left[0]}")
    return problems


def load_profile(path: Path) -> dict[str, Any]:
    """Read a BagIt Profile from a JSON file and check its shape loosely.

    Raises:
        InputError: the file cannot be read, is not JSON, or is not a usable
            profile; the message starts with the code R001.
    """
    try:
        data = json.loads(Path(path).read_bytes())
    except (OSError, ValueError) as exc:
        raise InputError(f"R001 the BagIt profile cannot be read: {exc}", input=path) from exc
    problems = profile_problems(data)
    if problems:
        raise InputError(f"R001 not a usable BagIt profile: {'; '.join(problems)}", input=path)
    assert isinstance(data, dict)
    return data


def _strings(profile: Mapping[str, Any], key: str) -> list[str] | None:
    value = profile.get(key)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def _bag_info_rules(
    profile: Mapping[str, Any], info: list[tuple[str, str]], has_info: bool
) -> list[Issue]:
    found: list[Issue] = []
    head = profile.get("BagIt-Profile-Info")
    ident = head.get("BagIt-Profile-Identifier") if isinstance(head, Mapping) else None
    declared = [v for k, v in info if k.lower() == "bagit-profile-identifier"]
    if not has_info:
        found.append(issue(Code.R007, "bag-info.txt", "is required by every BagIt profile"))
    if not declared:
        found.append(issue(Code.R002, "bag-info.txt", "has no BagIt-Profile-Identifier"))
    elif isinstance(ident, str) and ident not in declared:
        found.append(
            issue(Code.R003, "bag-info.txt", f"declares the profile {declared[0]!r}, not {ident!r}")
        )
    rules = profile.get("Bag-Info")
    for label, rule in rules.items() if isinstance(rules, Mapping) else ():
        if isinstance(rule, Mapping):
            found.extend(_tag_rule(label, rule, [v for k, v in info if k.lower() == label.lower()]))
    return found


def _tag_rule(label: str, rule: Mapping[str, Any], values: list[str]) -> list[Issue]:
    found = []
    if rule.get("required") is True and not values:
        found.append(issue(Code.R002, "bag-info.txt", f"{label} is required by the profile"))
    allowed = rule.get("values")
    if isinstance(allowed, list) and allowed:
        for value in values:
            if value not in allowed:
                found.append(
                    issue(
                        Code.R003,
                        "bag-info.txt",
                        f"{label} {value!r} is not one of " + ", ".join(repr(a) for a in allowed),
                    )
                )
    if rule.get("repeatable") is False and len(values) > 1:
        found.append(
            issue(
                Code.R008,
                "bag-info.txt",
                f"{label} appears {len(values)} times; the profile allows it once",
            )
        )
    return found


def _algorithm_rules(profile: Mapping[str, Any], inv: Inventory) -> list[Issue]:
    present: dict[str, set[str]] = {"payload": set(), "tag": set()}
    for name in inv.files:
        kind_alg = manifest_name(name) if "/" not in name else None
        if kind_alg:
            present[kind_alg[0]].add(kind_alg[1])
    found = []
    for kind, prefix, key in (
        ("payload", "manifest", "Manifests"),
        ("tag", "tagmanifest", "Tag-Manifests"),
    ):
        for alg in _strings(profile, f"{key}-Required") or []:
            if alg not in present[kind]:
                found.append(
                    issue(
                        Code.R004,
                        f"{prefix}-{alg}.txt",
                        f"is required by the profile ({key}-Required)",
                    )
                )
        allowed = _strings(profile, f"{key}-Allowed")
        for alg in sorted(present[kind] - set(allowed)) if allowed is not None else []:
            found.append(
                issue(
                    Code.R004,
                    f"{prefix}-{alg}.txt",
                    f"uses {alg}, which the profile does not allow",
                )
            )
    return found


def _tag_file_rules(profile: Mapping[str, Any], inv: Inventory) -> list[Issue]:
    found = []
    for name in _strings(profile, "Tag-Files-Required") or []:
        if name not in inv.files:
            found.append(issue(Code.R007, name, "is a tag file the profile requires"))
    allowed = _strings(profile, "Tag-Files-Allowed")
    if allowed is None:
        return found
    # bagit.txt, bag-info.txt, fetch.txt and the manifests have rules of their own.
    tags = [p for p in inv.tag_files() if p not in _CORE_TAG_FILES and manifest_name(p) is None]
    for name in sorted(tags):
        if not any(fnmatchcase(name, pattern) for pattern in allowed):
            found.append(issue(Code.R009, name, "is a tag file the profile does not allow"))
    return found


def _payload_rules(profile: Mapping[str, Any], inv: Inventory) -> list[Issue]:
    found = []
    sizes = inv.payload()
    for name in _strings(profile, "Payload-Files-Required") or []:
        # A name ending in "/" is a folder that must hold at least one file.
        present = any(p.startswith(name) for p in sizes) if name.endswith("/") else name in sizes
        if not present:
            found.append(issue(Code.R007, name, "is a payload file or folder the profile requires"))
    allowed = _strings(profile, "Payload-Files-Allowed")
    for name in sorted(sizes) if allowed is not None else []:
        if not any(fnmatchcase(name, pattern) for pattern in allowed or []):
            found.append(issue(Code.R009, name, "is a payload file the profile does not allow"))
    if profile.get("Data-Empty") is True and (len(sizes) > 1 or any(sizes.values())):
        found.append(
            issue(Code.R009, "data/", "must be empty (or hold one empty file) under this profile")
        )
    return found


def _fetch_rules(profile: Mapping[str, Any], inv: Inventory) -> list[Issue]:
    has_fetch = "fetch.txt" in inv.files
    if has_fetch and profile.get("Allow-Fetch.txt") is False:
        return [issue(Code.R005, "fetch.txt", "is present but the profile does not allow it")]
    if not has_fetch and profile.get("Fetch.txt-Required") is True:
        return [issue(Code.R007, "fetch.txt", "is required by the profile")]
    return []


def _version_rules(profile: Mapping[str, Any], version: str | None) -> list[Issue]:
    found = []
    accepted = _strings(profile, "Accept-BagIt-Version")
    if accepted is not None and version not in accepted:
        found.append(
            issue(
                Code.R006,
                "bagit.txt",
                f"BagIt version {version} is not one the profile accepts ({', '.join(accepted)})",
            )
        )
    if profile.get("Serialization") == "required":
        found.append(
            issue(
                Code.R010,
                ".",
                "the profile requires a serialised bag (zip, tar ...); this is a folder",
            )
        )
    return found


def check_profile(
    path: Path, profile: Mapping[str, Any], *, report: BagReport | None = None
) -> list[Issue]:
    """Check the bag at ``path`` against a BagIt Profile; every finding, never raises.

    Args:
        path: the bag's folder.
        profile: the profile as loaded by :func:`load_profile` (or a dict).
        report: a :class:`BagReport` of the same bag, to reuse its BagIt version.

    Returns:
        R001 findings for a malformed profile (its sound parts are still
        applied), R002–R010 for what the bag does not meet.
    """
    found = [issue(Code.R001, "profile", p) for p in profile_problems(profile)]
    if not isinstance(profile, Mapping):
        return found
    decl, info = read_tag_info(path)
    inv = walk(path) if Path(path).is_dir() else Inventory()
    has_info = "bag-info.txt" in inv.files
    version = report.version if report is not None else decl.version
    found += _version_rules(profile, version)
    found += _bag_info_rules(profile, info, has_info)
    found += _algorithm_rules(profile, inv)
    found += _fetch_rules(profile, inv)
    found += _tag_file_rules(profile, inv)
    found += _payload_rules(profile, inv)
    return found
