"""Reading a bag before matching names: its declaration, tag files and manifests.

What :mod:`archive.bag.checker` plans from. Every tag file is read from the
bag's open folder without following a link; a large manifest is parsed as
it is read (:func:`archive.bag.entries.parse_entries_from`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from archive.bag.beneath import describe_os_error, open_at, read_at, read_beneath
from archive.bag.completeness import Manifest
from archive.bag.entries import Entries, parse_entries, parse_entries_from
from archive.bag.hashing import ALGORITHMS, STRENGTH, WEAK_ALGORITHMS, digest_length
from archive.bag.inventory import UNKNOWN_SIZE, Inventory, junk_paths
from archive.bag.manifest import manifest_name
from archive.bag.tagfiles import (
    Declaration,
    decode_tag_file,
    parse_declaration,
    parse_fetch,
    parse_tag_file,
)
from archive.validate.issues import Code, Issue, Severity, issue

__all__ = [
    "STREAM_SIZE",
    "TAG_FILE_LIMIT",
    "BagState",
    "bag_info",
    "declaration",
    "fetched_paths",
    "read_bag",
    "read_tag",
    "strength",
    "tagmanifest_of",
]

TAG_FILE_LIMIT = 512 << 20
# A manifest larger than this is parsed as it is read, not read whole first.
STREAM_SIZE = 1 << 20


@dataclass(slots=True)
class BagState:
    """What planning has learnt so far about one bag."""

    root: str
    inv: Inventory
    decl: Declaration
    issues: list[Issue] = field(default_factory=list)
    info: list[tuple[str, str]] = field(default_factory=list)
    cache: dict[str, bytes] = field(default_factory=dict)
    root_fd: int | None = None

    @property
    def legacy(self) -> bool:
        return self.decl.rules < (1, 0)

    def read_text(self, name: str) -> str | None:
        """A tag file's text in the declared encoding, or None (with a finding)."""
        try:
            data = read_tag(self.root, self.root_fd, name, TAG_FILE_LIMIT)
        except OSError as exc:
            self.issues.append(issue(Code.B010, name, f"cannot be read: {describe_os_error(exc)}"))
            return None
        self.cache[name] = data
        text, found = decode_tag_file(data, self.decl.encoding, name)
        self.issues.extend(found)
        return text

    def read_manifest(
        self, name: str, digest_len: int | None
    ) -> tuple[Entries, list[Issue]] | None:
        """A manifest's entries and findings, or None (with a finding) when it cannot be read.

        A large manifest is parsed as it is read, a block at a time, and not
        kept: neither its bytes nor its text are ever held whole.
        """
        size = self.inv.files.get(name, UNKNOWN_SIZE)
        if self.root_fd is not None and "/" not in name and not 0 <= size <= STREAM_SIZE:
            try:
                with open_at(self.root_fd, name) as (fd, size):
                    if size > STREAM_SIZE:
                        parsed = parse_entries_from(
                            fd,
                            encoding=self.decl.encoding,
                            limit=TAG_FILE_LIMIT,
                            name=name,
                            version=self.decl.rules,
                            digest_len=digest_len,
                        )
                        if parsed is not None:
                            return parsed
                        # Not valid in its encoding: read whole below, for the findings.
            except OSError as exc:
                reason = f"cannot be read: {describe_os_error(exc)}"
                self.issues.append(issue(Code.B010, name, reason))
                return None
        text = self.read_text(name)
        if text is None:
            return None
        return parse_entries(text, name=name, version=self.decl.rules, digest_len=digest_len)


def strength(alg: str) -> tuple[int, str]:
    return (STRENGTH.index(alg) if alg in STRENGTH else len(STRENGTH), alg)


def read_tag(root: str, root_fd: int | None, name: str, limit: int) -> bytes:
    """A tag file's bytes: from the bag's open folder when it is at the top, as most are."""
    if root_fd is not None and "/" not in name:
        return read_at(root_fd, name, limit)
    return read_beneath(root, name, limit)


def declaration(
    root: str,
    inv: Inventory,
    issues: list[Issue],
    cache: dict[str, bytes] | None = None,
    root_fd: int | None = None,
) -> Declaration:
    if "bagit.txt" not in inv.files:
        text = "is a symbolic link" if "bagit.txt" in inv.symlinks else "is missing"
        issues.append(issue(Code.B001, "bagit.txt", f"{text}; checked as a BagIt 1.0 bag"))
        return Declaration(None, None, "utf-8")
    try:
        data = read_tag(root, root_fd, "bagit.txt", 1 << 16)
    except OSError as exc:
        issues.append(issue(Code.B002, "bagit.txt", f"cannot be read: {describe_os_error(exc)}"))
        return Declaration(None, None, "utf-8")
    if cache is not None:
        cache["bagit.txt"] = data
    decl, found = parse_declaration(data)
    issues.extend(found)
    return decl


def _structure(state: BagState) -> None:
    inv, issues = state.inv, state.issues
    for path in inv.symlinks:
        issues.append(issue(Code.B017, path, "is a symbolic link; it was not followed or read"))
    for path in inv.specials:
        issues.append(issue(Code.F004, path, "is not a regular file (a device, pipe or socket)"))
    for path, reason in inv.unreadable:
        issues.append(issue(Code.F004, path, f"cannot be read: {reason}"))
    for path in [*junk_paths(inv.files), *junk_paths(inv.dirs)]:
        issues.append(issue(Code.B019, path, "is operating-system clutter, not content; remove it"))
    if "data" not in inv.dirs:
        text = "is missing"
        if "data" in inv.files or "data" in inv.symlinks:
            text = "is a file or a link, not a folder"
        issues.append(issue(Code.B004, "data/", f"the payload folder {text}"))


def bag_info(state: BagState) -> None:
    names = ("bag-info.txt", "package-info.txt")
    if state.decl.rules < (0, 96):
        names = names[::-1]
    name = next((n for n in names if n in state.inv.files), None)
    if name is None:
        return
    text = state.read_text(name)
    if text is not None:
        state.info, found = parse_tag_file(text, name=name, version=state.decl.rules)
        state.issues.extend(found)


def _manifests(state: BagState, selected: set[str] | None) -> list[Manifest]:
    found = []
    for name in sorted(p for p in state.inv.files if "/" not in p):
        kind_alg = manifest_name(name)
        if kind_alg is None:
            continue
        kind, alg = kind_alg
        known = alg in ALGORITHMS
        if alg in WEAK_ALGORITHMS:
            state.issues.append(
                issue(
                    Code.B018,
                    name,
                    f"uses {alg}, which is weak; add a sha512 manifest",
                    severity=Severity.WARNING,
                )
            )
        parsed = state.read_manifest(name, digest_length(alg) if known else None)
        if parsed is None:
            continue
        entries, problems = parsed
        state.issues.extend(problems)
        verify = known and (selected is None or alg in selected)
        found.append(Manifest(name, kind, alg, entries, verify))
    _unknown_algorithms(state, found)
    return found


def _unknown_algorithms(state: BagState, manifests: Sequence[Manifest]) -> None:
    # RFC 8493 makes a bag valid only when every digest was verified. We relax
    # that when another manifest of the same kind has an algorithm we know: the
    # files are then still verified, and an exotic extra manifest is a warning.
    for m in manifests:
        if m.algorithm in ALGORITHMS:
            continue
        covered = any(o.kind == m.kind and o.algorithm in ALGORITHMS for o in manifests)
        state.issues.append(
            issue(
                Code.B018,
                m.name,
                f"uses {m.algorithm!r}, an algorithm this tool does not know; "
                "its digests cannot be checked",
                severity=Severity.WARNING if covered else Severity.ERROR,
            )
        )


def _listed_junk(state: BagState, manifests: Sequence[Manifest]) -> None:
    payload = state.inv.payload_files
    # A manifest that lists the payload exactly as walked lists nothing that is
    # not on disk: its junk, if any, is the walk's (B019 from _structure).
    listed = {
        p for m in manifests if m.entries.paths != payload for p in junk_paths(m.entries.paths)
    }
    if not listed:
        return
    on_disk = state.inv.files.keys() | state.inv.dirs
    for path in sorted(listed - on_disk):
        state.issues.append(
            issue(Code.B019, path, "is operating-system clutter, listed in a manifest as content")
        )


def fetched_paths(state: BagState) -> set[str]:
    if "fetch.txt" not in state.inv.files:
        return set()
    text = state.read_text("fetch.txt")
    if text is None:
        return set()
    entries, found = parse_fetch(text, version=state.decl.rules)
    state.issues.extend(found)
    return {e.path for e in entries}


def tagmanifest_of(state: BagState, manifests: Sequence[Manifest]) -> str | None:
    tags = sorted((m for m in manifests if m.kind == "tag"), key=lambda m: strength(m.algorithm))
    if not tags:
        return None
    data = state.cache.get(tags[0].name)
    if data is None:  # read as a stream, not kept
        try:
            data = read_tag(state.root, state.root_fd, tags[0].name, TAG_FILE_LIMIT)
        except OSError:
            return None  # already reported when the manifest was read
    return "sha512:" + hashlib.sha512(data).hexdigest()


def _selection_notes(state: BagState, manifests: Sequence[Manifest], selected: set[str]) -> None:
    used = {m.algorithm for m in manifests}
    for alg in sorted(selected - used):
        state.issues.append(
            issue(
                Code.B018,
                ".",
                f"{alg} was asked for but no manifest uses it",
                severity=Severity.INFO,
            )
        )
    if not any(m.verify for m in manifests):
        state.issues.append(
            issue(
                Code.B018,
                ".",
                "no digest was checked: none of the algorithms asked for is used by this bag",
                severity=Severity.WARNING,
            )
        )


def read_bag(
    state: BagState,
    selected: set[str] | None,
    walked: Callable[[], Inventory] | None = None,
) -> list[Manifest]:
    """Structure, bag-info and manifests: everything read before matching names.

    ``walked``: when ``state.inv`` holds only the bag's top level, gives the
    whole walk once the tag files and manifests, which are at the top, are
    read (a speculating worker walks the bag meanwhile).
    """
    bag_info(state)
    manifests = _manifests(state, selected)
    if walked is not None:
        state.inv = walked()
    _structure(state)
    _listed_junk(state, manifests)
    if not any(m.kind == "payload" for m in manifests):
        state.issues.append(
            issue(Code.B005, ".", "the bag has no payload manifest (manifest-<alg>.txt)")
        )
    if selected is not None:
        _selection_notes(state, manifests, selected)
    return manifests
