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

from archive.bag.entries import Entries, HexColumn
from archive.bag.inventory import Inventory, fold
from archive.bag.manifest import manifest_name
from archive.bag.work import Ordered
from archive.validate.issues import Code, Issue, Severity, issue

__all__ = [
    "Manifest",
    "Resolver",
    "aligned_payload",
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
    entries: Entries
    verify: bool


@dataclass(slots=True)
class Resolver:
    """Maps manifest paths to files on disk and records what it had to tolerate."""

    inv: Inventory
    issues: list[Issue]
    _reported: set[tuple[str, str]] = field(default_factory=set)
    _blocked: set[str] | None = None
    # One string per distinct message: a manifest may list a million missing files.
    _texts: dict[tuple[str, ...], str] = field(default_factory=dict)

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
        if not blocked:
            return False
        parts = path.split("/")
        return any("/".join(parts[:n]) in blocked for n in range(1, len(parts) + 1))

    def all_missing(self, missing: dict[str, tuple[str, ...]], fetched: set[str]) -> None:
        """:meth:`missing` for each path, in order, into the findings; a call per path is spared."""
        if not missing:
            return
        dirs, folded, texts = self.inv.dirs, self.inv.fold_index(), self._texts
        out = self.issues
        for path, names in missing.items():
            key = path.lower() if path.isascii() else fold(path)
            if path in fetched or path in dirs or key in folded:
                out.append(self.missing(path, names, fetched))
                continue
            text = texts.get(names)
            if text is None:
                text = texts[names] = f"listed in {', '.join(names)} but not in the bag"
            out.append(Issue(Code.F001, path, text))

    def missing(self, path: str, manifests: tuple[str, ...], fetched: set[str]) -> Issue:
        """The finding for a listed file that is not on disk."""
        listed = ", ".join(manifests)  # cheap: one or two names
        if path in fetched:
            return issue(
                Code.B015,
                path,
                f"listed in {listed} and in fetch.txt but not fetched (this tool never downloads)",
            )
        if path in self.inv.dirs:
            return issue(Code.F001, path, f"{listed} lists a folder, not a file")
        alike = [p for p in self.inv.same_letters(path) if p != path]
        if alike:
            text = f"listed in {listed} but not in the bag"
            text += f" (file names are case-sensitive here; {alike[0]!r} differs only in case)"
            return issue(Code.F001, path, text, similar=alike[0])
        shared = self._texts.get(manifests)
        if shared is None:
            shared = self._texts[manifests] = f"listed in {listed} but not in the bag"
        return Issue(Code.F001, path, shared)


def _form(name: str) -> str:
    if unicodedata.is_normalized("NFC", name):
        return "NFC"
    return "NFD" if unicodedata.is_normalized("NFD", name) else "mixed form"


def _duplicate(manifest: Manifest, first: int, again: int, legacy: bool) -> Issue:
    entries = manifest.entries
    same = entries.digests[first] == entries.digests[again]
    path = entries.paths[again]
    spelled = "" if entries.paths[first] == path else " (the same name in two Unicode forms)"
    return issue(
        Code.B008,
        path,
        f"{manifest.name} lists it on lines {entries.line(first)} and {entries.line(again)}"
        f"{spelled}, " + ("with the same digest" if same else "with different digests"),
        severity=Severity.WARNING if legacy and same else Severity.ERROR,
    )


def _nfc_keys(paths: list[str]) -> list[str]:
    if "".join(paths).isascii():
        return paths  # ASCII is in every normal form
    return [unicodedata.normalize("NFC", p) for p in paths]


def _unique(
    manifest: Manifest, legacy: bool, issues: list[Issue]
) -> tuple[list[str], Sequence[str | None], set[str] | None]:
    """The entries without repeats (the first of each name, in NFC); B008 for the others.

    Also the set of the paths when it was made on the way (for ASCII names), else None.
    """
    paths, digests = manifest.entries.paths, manifest.entries.digests
    keys = _nfc_keys(paths)
    distinct = set(keys)
    if len(distinct) == len(keys):
        return paths, digests, distinct if keys is paths else None
    seen: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key in seen:
            issues.append(_duplicate(manifest, seen[key], index, legacy))
        else:
            seen[key] = index
    kept = list(seen.values())
    return [paths[i] for i in kept], [digests[i] for i in kept], None


def aligned_payload(manifests: Sequence[Manifest], inv: Inventory) -> Ordered | None:
    """The payload's expected digests in the walk's order, when every payload manifest
    lists exactly the payload as walked, in that order, each file once; else None.

    Then :func:`check_payload` would find nothing (every file listed, once,
    and present as spelled) and need not build a table by name. A manifest
    written in another order, a name in two Unicode forms, an entry
    without a usable digest: None, and the full check.
    """
    payload = inv.payload_files
    if not payload:
        return None
    columns: dict[str, bytes | bytearray] = {}
    for manifest in manifests:
        digests = manifest.entries.digests
        raw = digests.raw() if isinstance(digests, HexColumn) else None
        if raw is None or manifest.entries.paths != payload:
            return None
        if manifest.verify:
            columns[manifest.algorithm] = raw
    if not columns:
        return None
    # Names on disk are distinct, but two may be one name in two Unicode forms
    # (B008 in the full check); ASCII is in every normal form.
    if not "".join(payload).isascii() and len(set(_nfc_keys(payload))) != len(payload):
        return None
    return Ordered(payload, columns)


def check_payload(
    manifests: Sequence[Manifest],
    resolver: Resolver,
    fetched: set[str],
    legacy: bool,
) -> dict[str, dict[str, str]]:
    """Check payload manifests against ``data/``; return expected digests by algorithm and file.

    Adds B008, B009, B015, F001, F003 and F005 findings to the resolver's list.
    Names present on disk exactly as listed are matched as sets; only the
    others are looked at one by one.
    """
    issues = resolver.issues
    files = resolver.inv.files
    hits: list[set[str]] = []
    missing = _Missing()
    expected: dict[str, dict[str, str]] = {}
    for manifest in manifests:
        paths, digests, listed = _unique(manifest, legacy, issues)
        if listed is None:
            listed = set(paths)
        odd = listed - files.keys()
        if not _all_payload(paths):
            odd.update(p for p in listed if not p.startswith("data/"))
        want = expected.setdefault(manifest.algorithm, {}) if manifest.verify else None
        if odd:
            listed -= odd
            keep = [i for i, p in enumerate(paths) if p not in odd]
            odd_at = [i for i, p in enumerate(paths) if p in odd]
            found = _odd_payload_entries(manifest, [paths[i] for i in odd_at], resolver, missing)
            for i in odd_at:
                disk = found.get(paths[i])
                if disk is not None:
                    listed.add(disk)
                    if want is not None and (digest := digests[i]) is not None:
                        want[disk] = digest
            paths, digests = [paths[i] for i in keep], [digests[i] for i in keep]
        hits.append(listed)
        if want is not None:
            if None in digests:
                want.update((p, d) for p, d in zip(paths, digests, strict=True) if d is not None)
            else:
                want.update(zip(paths, digests, strict=True))  # type: ignore[arg-type]
    resolver.all_missing(missing, fetched)
    _unlisted(resolver.inv, [m.name for m in manifests], hits, legacy, issues)
    return {alg: found for alg, found in expected.items() if found}


def _all_payload(paths: list[str]) -> bool:
    """True when every path starts with ``data/``; two scans of the joined paths.

    A name may hold a line break (``%0A`` in a manifest), so the count of
    breaks must first show that each one starts a path.

    >>> _all_payload(["data/a", "data/b"]), _all_payload(["data/a\\ndata/b", "bagit.txt"])
    (True, False)
    """
    joined = "\n" + "\n".join(paths)
    return joined.count("\n") == len(paths) and joined.count("\ndata/") == len(paths)


def _odd_payload_entries(
    manifest: Manifest, paths: list[str], resolver: Resolver, missing: _Missing
) -> dict[str, str]:
    """Payload entries not on disk as spelled: outside data/, in another Unicode form, missing.

    Returns the name on disk of each entry that names a file in another form.
    A manifest may list a million missing files: the common case costs a
    few dictionary look-ups each.
    """
    found: dict[str, str] = {}
    spellings = resolver.inv.nfc_index()
    for path in paths:
        if not path.startswith("data/"):
            resolver.issues.append(
                issue(Code.B009, path, f"{manifest.name} lists a file outside data/")
            )
            continue
        # An ASCII name is its own NFC form (NFC of another name may still be it).
        key = path if path.isascii() else unicodedata.normalize("NFC", path)
        disk = resolver.resolve(path, manifest.name) if key in spellings else None
        if disk is not None:
            found[path] = disk
        elif not resolver.elsewhere(path):
            missing.add(path, manifest.name)
    return found


class _Missing(dict[str, tuple[str, ...]]):
    """Missing paths and the manifests that list them (equal tuples shared, not copied)."""

    def __init__(self) -> None:
        super().__init__()
        self._shared: dict[tuple[str, ...], tuple[str, ...]] = {}

    def add(self, path: str, manifest: str) -> None:
        names = (*self.get(path, ()), manifest)
        self[path] = self._shared.setdefault(names, names)


def _unlisted(
    inv: Inventory,
    names: list[str],
    hits: list[set[str]],
    legacy: bool,
    issues: list[Issue],
) -> None:
    """F003 for payload files no manifest lists; F005 for those only some list."""
    payload = inv.payload_files
    # One manifest (the usual case): its set is the union, and no file is in only some.
    union: set[str] = hits[0] if len(hits) == 1 else set().union(*hits)
    if len(union) != len(payload):
        for path in payload:
            if path not in union:
                issues.append(issue(Code.F003, path, "in the payload but listed in no manifest"))
    if len(hits) < 2:
        return
    common = set.intersection(*hits)
    for path in sorted(union - common):
        found = [name for name, listed in zip(names, hits, strict=True) if path in listed]
        absent = [n for n in names if n not in found]
        # Before 1.0 a file only had to be in one payload manifest.
        issues.append(
            issue(
                Code.F005,
                path,
                f"listed in {', '.join(sorted(set(found)))} but missing from {', '.join(absent)}",
                severity=Severity.WARNING if legacy else Severity.ERROR,
            )
        )


def check_tags(
    manifests: Sequence[Manifest],
    payload_manifests: Sequence[str],
    resolver: Resolver,
    legacy: bool,
) -> dict[str, dict[str, str]]:
    """Check tag manifests; return expected digests by algorithm and tag file.

    Adds B008, B021, B022 and F001 findings to the resolver's list.
    """
    issues = resolver.issues
    expected: dict[str, dict[str, str]] = {}
    missing = _Missing()
    for manifest in manifests:
        paths, digests, _ = _unique(manifest, legacy, issues)
        want = expected.setdefault(manifest.algorithm, {}) if manifest.verify else None
        for path, digest in zip(paths, digests, strict=True):
            problem = _not_a_tag_file(path)
            if problem:
                issues.append(issue(Code.B021, path, f"{manifest.name} lists {problem}"))
                continue
            disk = resolver.resolve(path, manifest.name)
            if disk is None:
                if not resolver.elsewhere(path):
                    missing.add(path, manifest.name)
            elif want is not None and digest is not None:
                want[disk] = digest
        listed = set(_nfc_keys(paths))
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
    resolver.all_missing(missing, set())
    return {alg: found for alg, found in expected.items() if found}


def _not_a_tag_file(path: str) -> str | None:
    if path.startswith("data/"):
        return "a payload file (tag manifests cover only files outside data/)"
    kind = manifest_name(path)
    if kind is not None and kind[0] == "tag":
        return "a tag manifest (tag manifests must not list each other)"
    return None


def check_fetch(fetched: set[str], payload: Sequence[Manifest], issues: list[Issue]) -> None:
    """Every file in fetch.txt must be listed in the payload manifests (B014)."""
    if not fetched:
        return
    listed: set[str] = set().union(*(m.entries.paths for m in payload))
    for path in sorted(fetched - listed):
        issues.append(
            issue(Code.B014, "fetch.txt", f"{path!r} is not listed in the payload manifests")
        )


def check_oxum(
    info: Sequence[tuple[str, str]], actual: tuple[int, int], issues: list[Issue]
) -> None:
    """Compare Payload-Oxum with the payload's ``(bytes, files)`` (B012, B013); never stops."""
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
