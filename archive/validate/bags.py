"""Full validation of a bag: BagIt, its profile, its JSON documents and its graph.

The BagIt layer works on any bag. The rest applies to bags that declare the
archive profile: every JSON document must meet its schema, the JSON-LD read as
RDF must equal the Turtle graph, and the graph must meet the SHACL shapes.
Every finding is collected; nothing stops at the first problem.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph

from archive import bag
from archive.bag import BagReport
from archive.errors import MetadataError
from archive.metadata import graph as rdf
from archive.resources import load_json, vocab_file
from archive.validate import schema
from archive.validate.issues import Code, Issue, Severity, has_errors, issue
from archive.validate.shapes import check_shapes

MAX_METADATA_BYTES = 64 << 20
GRAPH_PATH = "data/metadata/graph.ttl"


@dataclass(frozen=True, slots=True)
class Validation:
    """Everything found about one bag."""

    path: str
    report: BagReport
    issues: tuple[Issue, ...]  # the BagIt report's findings and the metadata's
    profile: str | None  # the profile identifier the bag declares

    @property
    def valid(self) -> bool:
        return not has_errors(self.issues)

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "valid": self.valid,
            "identifier": self.report.identifier,
            "version": self.report.version,
            "profile": self.profile,
            "files": self.report.files,
            "bytes": self.report.bytes,
            "issues": [i.as_dict() for i in self.issues],
        }


def our_profile() -> dict[str, Any]:
    data: dict[str, Any] = load_json(vocab_file("bagit-profile.json"))
    return data


def validate_bag(path: Path, *, fast: bool = False) -> Validation:
    """Validate one bag completely and return every finding.

    Args:
        path: the bag's folder.
        fast: BagIt structure, completeness and Payload-Oxum only (no hashing).
    """
    report = bag.check_bag(path, fast=fast)
    found = list(report.issues)
    declared = _declared_profile(path, report)
    ours = our_profile()
    if declared == ours["BagIt-Profile-Info"]["BagIt-Profile-Identifier"]:
        found += bag.check_profile(path, ours, report=report)
        found += check_metadata(path)
    elif declared is not None:
        found.append(
            issue(
                Code.R001,
                "bag-info.txt",
                f"the bag declares the profile {declared}, which archive does not know; "
                "it was not checked (profiles are never fetched)",
                severity=Severity.INFO,
            )
        )
    return Validation(path=str(path), report=report, issues=tuple(found), profile=declared)


def _declared_profile(path: Path, report: BagReport) -> str | None:
    if any(i.code is Code.B001 for i in report.issues):
        return None
    for label, value in bag.read_bag_info(path):
        if label.lower() == "bagit-profile-identifier":
            return value.strip()
    return None


def check_metadata(root: Path) -> list[Issue]:
    """Schema checks of every JSON-LD document, and JSON-LD / Turtle agreement."""
    found: list[Issue] = []
    docs: list[tuple[str, Any]] = []
    for rel in _metadata_files(root):
        kind = schema.schema_for(rel)
        if kind is None and not rel.endswith(".jsonld"):
            continue
        data, problem = _read_json(root, rel)
        if problem is not None:
            found.append(problem)
            continue
        if kind is not None:
            found += schema.iter_issues(data, kind, where=rel)
        remote = rdf.remote_contexts(data)
        if remote:
            found.append(
                issue(Code.S003, rel, f"@context refers to {remote[0]}; it must be inline")
            )
            continue
        docs.append((rel, data))
    turtle, problems = _graph_agreement(root, docs)
    found += problems
    if turtle is not None:
        found += check_shapes(turtle, where=GRAPH_PATH)
    return found


def _metadata_files(root: Path) -> Iterator[str]:
    base = root / "data" / "metadata"
    if not base.is_dir() or base.is_symlink():
        return
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for name in sorted(filenames):
            yield (Path(dirpath) / name).relative_to(root).as_posix()


def _read_json(root: Path, rel: str) -> tuple[Any, Issue | None]:
    path = root / rel
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return None, issue(Code.S001, rel, "is not a regular file; not read")
        if info.st_size > MAX_METADATA_BYTES:
            return None, issue(
                Code.S001, rel, f"is larger than {MAX_METADATA_BYTES} bytes; not read"
            )
        return json.loads(path.read_bytes().decode("utf-8")), None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        return None, issue(Code.S001, rel, f"cannot be read as JSON: {exc}")


def _graph_agreement(root: Path, docs: list[tuple[str, Any]]) -> tuple[Graph | None, list[Issue]]:
    """The Turtle graph must hold exactly what the JSON-LD documents say."""
    path = root / GRAPH_PATH
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_METADATA_BYTES:
            return None, [
                issue(Code.G001, GRAPH_PATH, "is not a regular file of a sane size; not read")
            ]
        turtle = rdf.parse_turtle(path.read_bytes(), name=GRAPH_PATH)
    except FileNotFoundError:
        return None, [issue(Code.G001, GRAPH_PATH, "the event graph is missing")]
    except OSError as exc:
        return None, [issue(Code.G001, GRAPH_PATH, f"cannot be read: {exc.strerror}")]
    except MetadataError as exc:
        return None, [issue(Code.G001, GRAPH_PATH, exc.message)]
    try:
        from_jsonld = rdf.to_graph((d for _, d in docs), name=root.name)
    except MetadataError as exc:
        return turtle, [issue(Code.G004, "data/metadata", exc.message)]
    found = []
    for label, a, b in (("JSON-LD", from_jsonld, turtle), ("Turtle", turtle, from_jsonld)):
        missing = rdf.difference(a, b)
        if missing:
            other = "Turtle" if label == "JSON-LD" else "JSON-LD"
            s, p, o = missing[0]
            found.append(
                issue(
                    Code.G002,
                    GRAPH_PATH,
                    f"{len(missing)} statement(s) in the {label} are not in the {other}, "
                    f"e.g. <{s}> <{p}> {o.n3()}",
                )
            )
    return turtle, found
