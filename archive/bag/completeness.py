"""Completeness: do the manifests and the files on disk agree, name for name?

Paths are matched exactly first. A manifest path that matches a file only
once both are NFC-normalised counts as present, with a B016 warning naming
both spellings (macOS writes NFD names; most tools write NFC). Letter case is
never folded: Linux file names are case-sensitive, so a case-only difference
is a missing file, with a note naming the look-alike.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from archive.bag.inventory import Inventory
from archive.bag.manifest import ManifestEntry, manifest_name
from archive.validate.issues import Code, Issue, Severity, issue

__all__ = [
    "Manifest",
    "Resolver",
    "check_fetch",
    "check_oxum",
    "check_payload",
    "check_tags",
]

_OXUM = re.compile(r"(\d+)\.(\d+)")


@dataclass(frozen=True, slots=True)
class Manifest:
    """A parsed manifest file: its name, kind (payload/tag), algorithm and entries."""

    name: str
    kind: str
    algorithm: str
    entries: tuple[ManifestEntry, ...]
    verify: bool


@dataclass(slots=True)
class Resolver:
    """Maps manifest paths to files on disk and records what it had to tolerate."""

    inv: Inventory
    issues: list[Issue]
    _reported: set[tuple[str, str]] = field(default_factory=set)
    _blocked: set[str] | None = None

    def resolve(self, path: str, manifest: str) -> str | None:
        """The on-disk name for ``path``, or None when there is no regular file."""
        if path in self.inv.files:
            return path
        matches = self.inv.same_unicode(path)
        if not matches:
            return None
        disk = matches[0]
        if (path, disk) not in self._reported:
            self._reported.add((path, disk))
            self.issues.append(
                issue(
                    Code.B016,
                    disk,
                    f"{manifest} lists it as {path!r} ({_form(path)}); "
                    f"the file on disk is spelled {disk!r} ({_form(disk)})",
                    listed=path,
                )
            )
        return disk

    def elsewhere(self, path: str) -> bool:
        """True when ``path`` is, or is under, a link or special file already reported."""
        if self._blocked is None:
            self._blocked = set(self.inv.symlinks) | set(self.inv.specials)
        blocked = self._blocked
        parts = path.split("/")
        return any("/".join(parts[:n]) in blocked for n in range(1, len(parts) + 1))

    def missing(self, path: str, manifests: Sequence[str], fetched: set[str]) -> Issue:
        """The finding for a listed file that is not on disk."""
        listed = ", ".join(manifests)
        if path in fetched:
            return issue(
                Code.B015,
                path,
                f"listed in {listed} and in fetch.txt but not fetched (this tool never downloads)",
            )
        if path in self.inv.dirs:
            return issue(Code.F001, path, f"{listed} lists a folder, not a file")
        text = f"listed in {listed} but not in the bag"
        alike = [p for p in self.inv.same_letters(path) if p != path]
        if alike:
            text += f" (file names are case-sensitive here; {alike[0]!r} differs only in case)"
            return issue(Code.F001, path, text, similar=alike[0])
        return issue(Code.F001, path, text)


def _form(name: str) -> str:
    if unicodedata.is_normalized("NFC", name):
        return "NFC"
    return "NFD" if unicodedata.is_normalized("NFD", name) else "mixed form"


def _duplicate(
    manifest: Manifest, first: ManifestEntry, again: ManifestEntry, legacy: bool
) -> Issue:
    same = first.digest == again.digest
    spelled = "" if first.path == again.path else " (the same name in two Unicode forms)"
    return issue(
        Code.B008,
        again.path,
        f"{manifest.name} lists it on lines {first.line} and {again.line}{spelled}, "
        + ("with the same digest" if same else "with different digests"),
        severity=Severity.WARNING if legacy and same else Severity.ERROR,
    )


def _unique(manifest: Manifest, legacy: bool, issues: list[Issue]) -> list[ManifestEntry]:
    seen: dict[str, ManifestEntry] = {}
    for entry in manifest.entries:
        key = unicodedata.normalize("NFC", entry.path)
        if key in seen:
            issues.append(_duplicate(manifest, seen[key], entry, legacy))
        else:
            seen[key] = entry
    return list(seen.values())


def check_payload(
    manifests: Sequence[Manifest],
    resolver: Resolver,
    fetched: set[str],
    legacy: bool,
) -> dict[str, dict[str, str]]:
    """Check payload manifests against ``data/``; return expected digests by file.

    Adds B008, B009, B015, F001, F003 and F005 findings to the resolver's list.
    """
    issues = resolver.issues
    listed_in: dict[str, list[str]] = {}
    missing: dict[str, list[str]] = {}
    expected: dict[str, dict[str, str]] = {}
    for manifest in manifests:
        for entry in _unique(manifest, legacy, issues):
            if not entry.path.startswith("data/"):
                issues.append(
                    issue(Code.B009, entry.path, f"{manifest.name} lists a file outside data/")
                )
                continue
            disk = resolver.resolve(entry.path, manifest.name)
            if disk is None:
                if not resolver.elsewhere(entry.path):
                    missing.setdefault(entry.path, []).append(manifest.name)
                continue
            listed_in.setdefault(disk, []).append(manifest.name)
            if manifest.verify and entry.digest is not None:
                expected.setdefault(disk, {})[manifest.algorithm] = entry.digest
    for path, names in missing.items():
        issues.append(resolver.missing(path, names, fetched))
    _unlisted(resolver.inv, [m.name for m in manifests], listed_in, legacy, issues)
    return expected


def _unlisted(
    inv: Inventory,
    names: list[str],
    listed_in: dict[str, list[str]],
    legacy: bool,
    issues: list[Issue],
) -> None:
    for path in inv.payload():
        found = listed_in.get(path, [])
        if not found:
            issues.append(issue(Code.F003, path, "in the payload but listed in no manifest"))
            continue
        absent = [n for n in names if n not in found]
        if absent:
            # Before 1.0 a file only had to be in one payload manifest.
            issues.append(
                issue(
                    Code.F005,
                    path,
                    f"listed in {', '.join(sorted(set(found)))} "
                    f"but missing from {', '.join(absent)}",
                    severity=Severity.WARNING if legacy else Severity.ERROR,
                )
            )


def check_tags(
    manifests: Sequence[Manifest],
    payload_manifests: Sequence[str],
    resolver: Resolver,
    legacy: bool,
) -> dict[str, dict[str, str]]:
    """Check tag manifests; return expected digests by tag file.

    Adds B008, B021, B022 and F001 findings to the resolver's list.
    """
    issues = resolver.issues
    expected: dict[str, dict[str, str]] = {}
    missing: dict[str, list[str]] = {}
    for manifest in manifests:
        entries = _unique(manifest, legacy, issues)
        for entry in entries:
            problem = _not_a_tag_file(entry.path)
            if problem:
                issues.append(issue(Code.B021, entry.path, f"{manifest.name} lists {problem}"))
                continue
            disk = resolver.resolve(entry.path, manifest.name)
            if disk is None:
                if not resolver.elsewhere(entry.path):
                    missing.setdefault(entry.path, []).append(manifest.name)
            elif manifest.verify and entry.digest is not None:
                expected.setdefault(disk, {})[manifest.algorithm] = entry.digest
        listed = {unicodedata.normalize("NFC", e.path) for e in entries}
        for name in payload_manifests:
            if name not in listed:
                issues.append(
                    issue(
                        Code.B022,
                        manifest.name,
                        f"does not list the payload manifest {name}",
                        severity=Severity.WARNING if legacy else Severity.ERROR,
                    )
                )
    for path, names in missing.items():
        issues.append(resolver.missing(path, names, set()))
    return expected


def _not_a_tag_file(path: str) -> str | None:
    if path.startswith("data/"):
        return "a payload file (tag manifests cover only files outside data/)"
    kind = manifest_name(path)
    if kind is not None and kind[0] == "tag":
        return "a tag manifest (tag manifests must not list each other)"
    return None


def check_fetch(fetched: set[str], payload: Sequence[Manifest], issues: list[Issue]) -> None:
    """Every file in fetch.txt must be listed in the payload manifests (B014)."""
    listed = {e.path for m in payload for e in m.entries}
    for path in sorted(fetched - listed):
        issues.append(
            issue(Code.B014, "fetch.txt", f"{path!r} is not listed in the payload manifests")
        )


def check_oxum(
    info: Sequence[tuple[str, str]], payload: dict[str, int], issues: list[Issue]
) -> None:
    """Compare Payload-Oxum with the payload on disk (B012, B013); never a reason to stop."""
    values = [v for label, v in info if label.lower() == "payload-oxum"]
    if not values:
        return
    if len(set(values)) > 1:
        issues.append(
            issue(
                Code.B012,
                "bag-info.txt",
                f"Payload-Oxum is given {len(values)} times, with different values: "
                + ", ".join(values),
            )
        )
    m = _OXUM.fullmatch(values[0])
    if m is None:
        issues.append(
            issue(Code.B012, "bag-info.txt", f"Payload-Oxum {values[0]!r} is not BYTES.FILES")
        )
        return
    declared = (int(m.group(1)), int(m.group(2)))
    actual = (sum(payload.values()), len(payload))
    if declared != actual:
        issues.append(
            issue(
                Code.B013,
                "bag-info.txt",
                f"Payload-Oxum says {declared[0]} bytes in {declared[1]} files; "
                f"the payload has {actual[0]} bytes in {actual[1]} files",
                declared=values[0],
                actual=f"{actual[0]}.{actual[1]}",
            )
        )
