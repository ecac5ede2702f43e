"""Findings: what a check found, as plain data.

A finding is not an exception. Checks *yield* :class:`Issue` values and keep
going, so a user learns every problem of a bag at once; the strict helpers
(``check_or_raise``) turn a list of findings into one error.

Codes are stable: scripts and tests match on them, and ``samples/bad/`` and
``tests/`` name fixtures after them. The letter names the stage:

====  ==========================================================
B     BagIt structure: bagit.txt, tag files, manifests, paths
F     fixity and completeness of the files a manifest lists
R     the BagIt profile a bag declares
S     JSON documents against their JSON Schema
G     the RDF graph: JSON-LD and Turtle agreement, SHACL shapes
====  ==========================================================
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.Enum):
    """How bad a finding is; only ``ERROR`` makes a bag invalid."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Code(enum.Enum):
    """Every finding code, with its default severity and a short title."""

    def __new__(cls, code: str, severity: Severity, title: str) -> Code:
        obj = object.__new__(cls)
        obj._value_ = code
        obj.severity = severity
        obj.title = title
        return obj

    severity: Severity
    title: str

    # BagIt structure
    B001 = ("B001", Severity.ERROR, "bagit.txt is missing")
    B002 = ("B002", Severity.ERROR, "bagit.txt is malformed")
    B003 = ("B003", Severity.ERROR, "BagIt version is not supported")
    B004 = ("B004", Severity.ERROR, "payload directory data/ is missing")
    B005 = ("B005", Severity.ERROR, "no payload manifest")
    B006 = ("B006", Severity.ERROR, "manifest line is malformed")
    B007 = ("B007", Severity.ERROR, "path is unsafe (leaves the bag)")
    B008 = ("B008", Severity.ERROR, "path is listed more than once in a manifest")
    B009 = ("B009", Severity.ERROR, "payload manifest lists a file outside data/")
    B010 = ("B010", Severity.ERROR, "tag file cannot be read or decoded")
    B011 = ("B011", Severity.ERROR, "tag file line is malformed")
    B012 = ("B012", Severity.ERROR, "Payload-Oxum is malformed")
    B013 = ("B013", Severity.ERROR, "Payload-Oxum does not match the payload")
    B014 = ("B014", Severity.ERROR, "fetch.txt line is malformed or unsafe")
    B015 = ("B015", Severity.ERROR, "file listed in fetch.txt has not been fetched")
    B016 = ("B016", Severity.WARNING, "path differs from the file on disk only in Unicode form")
    B017 = ("B017", Severity.ERROR, "symbolic link in the bag")
    B018 = ("B018", Severity.WARNING, "manifest uses an unknown or weak algorithm")
    B019 = ("B019", Severity.WARNING, "operating-system junk file in the bag")
    B020 = ("B020", Severity.WARNING, "manifest line uses a non-standard form")
    B021 = ("B021", Severity.ERROR, "tag manifest lists a file that is not a tag file")
    B022 = ("B022", Severity.ERROR, "tag manifest does not list every payload manifest")
    # Fixity and completeness
    F001 = ("F001", Severity.ERROR, "file listed in a manifest is missing")
    F002 = ("F002", Severity.ERROR, "file content does not match its digest")
    F003 = ("F003", Severity.ERROR, "payload file is not listed in a manifest")
    F004 = ("F004", Severity.ERROR, "file cannot be read")
    F005 = ("F005", Severity.ERROR, "payload file is missing from one of the manifests")
    # BagIt profile
    R001 = ("R001", Severity.ERROR, "BagIt profile is unknown or unreadable")
    R002 = ("R002", Severity.ERROR, "bag-info tag required by the profile is missing")
    R003 = ("R003", Severity.ERROR, "bag-info value is not allowed by the profile")
    R004 = ("R004", Severity.ERROR, "manifest algorithms do not meet the profile")
    R005 = ("R005", Severity.ERROR, "fetch.txt is not allowed by the profile")
    R006 = ("R006", Severity.ERROR, "BagIt version is not accepted by the profile")
    R007 = ("R007", Severity.ERROR, "file required by the profile is missing")
    R008 = ("R008", Severity.ERROR, "bag-info tag is repeated but not repeatable")
    R009 = ("R009", Severity.ERROR, "file is not allowed by the profile")
    R010 = ("R010", Severity.ERROR, "bag is not serialised as the profile requires")
    # JSON documents
    S001 = ("S001", Severity.ERROR, "JSON document cannot be parsed")
    S002 = ("S002", Severity.ERROR, "JSON document does not meet its schema")
    S003 = ("S003", Severity.ERROR, "JSON-LD context is not inside the document or the bag")
    # RDF graph
    G001 = ("G001", Severity.ERROR, "Turtle graph cannot be parsed")
    G002 = ("G002", Severity.ERROR, "JSON-LD and Turtle graph disagree")
    G003 = ("G003", Severity.ERROR, "graph violates a shape")
    G004 = ("G004", Severity.ERROR, "JSON-LD document cannot be read as RDF")


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding: ``where`` is a bag-relative path, JSON pointer or tag name."""

    code: Code
    where: str
    message: str
    severity: Severity | None = None
    details: tuple[tuple[str, str], ...] = field(default=())

    @property
    def level(self) -> Severity:
        """The severity: the one given, else the code's default."""
        return self.severity if self.severity is not None else self.code.severity

    @property
    def is_error(self) -> bool:
        return self.level is Severity.ERROR

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form: code, severity, where, message and any details."""
        out: dict[str, Any] = {
            "code": self.code.value,
            "severity": self.level.value,
            "where": self.where,
            "message": self.message,
        }
        out.update(self.details)
        return out

    def __str__(self) -> str:
        return f"{self.code.value} {self.level.value}: {self.where}: {self.message}"


def issue(
    code: Code,
    where: str,
    message: str | None = None,
    *,
    severity: Severity | None = None,
    **details: str,
) -> Issue:
    """Build an :class:`Issue`; the message defaults to the code's title.

    >>> str(issue(Code.F001, "data/a.txt"))
    'F001 error: data/a.txt: file listed in a manifest is missing'
    """
    return Issue(
        code=code,
        where=where,
        message=message if message is not None else code.title,
        severity=severity,
        details=tuple(sorted(details.items())),
    )


def has_errors(issues: Iterable[Issue]) -> bool:
    """True when any finding is an error."""
    return any(i.is_error for i in issues)


def count_by_severity(issues: Iterable[Issue]) -> Mapping[str, int]:
    """How many findings of each severity, for summaries."""
    counts = {s.value: 0 for s in Severity}
    for i in issues:
        counts[i.level.value] += 1
    return counts
