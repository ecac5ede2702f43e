"""Manifest lines: parsing, RFC 8493 percent-encoding of paths, and path safety.

A manifest line is ``<digest><whitespace><path>`` (RFC 8493 §2.1.3). In a
BagIt 1.0 bag the path has exactly three characters percent-encoded: ``%`` as
``%25``, LF as ``%0A`` and CR as ``%0D`` (hex in either case), and nothing else
is decoded: a literal ``%7E`` in a name stays ``%7E``, as the LoC suite's
``bag-with-encoded-names`` bags expect.

Tolerated forms: a leading ``./`` is dropped with a warning (B020) in every
version; a leading ``*`` (md5sum's binary-mode marker) is dropped with a
warning before 1.0 and an error in 1.0, where only whitespace separates the
digest from the path.

Bags older than 1.0 had no rule for ``%``; for them only ``%0A`` and ``%0D``
are decoded, which is what bagit-python does for every version. (bagit-python
also decodes only upper-case ``%0A``/``%0D``, and at most two of each per
path, because it passes ``re.IGNORECASE`` as the ``count`` argument of
``re.sub``; we decode them all.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from archive.validate.issues import Code, Issue, Severity, issue

__all__ = [
    "CONTROL",
    "ManifestEntry",
    "decode_path",
    "encode_path",
    "manifest_name",
    "parse_lines",
    "parse_manifest",
    "split_lines",
    "unsafe_reason",
]

_DECODE_1_0 = re.compile(r"%(?:0[aAdD]|25)")
_DECODE_OLD = re.compile(r"%0[aAdD]")
_ENCODE = str.maketrans({"%": "%25", "\n": "%0A", "\r": "%0D"})
# Only CRLF, CR and LF end a line in a tag file; str.splitlines() would also
# split on form feeds, U+2028 and others, which are legal in file names.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_MANIFEST_LINE = re.compile(r"([^ \t]+)[ \t]+(.*)", re.DOTALL)
_MANIFEST_NAME = re.compile(r"(tag)?manifest-([A-Za-z0-9][A-Za-z0-9-]*)\.txt")
_DRIVE = re.compile(r"[A-Za-z]:")
_HEX = re.compile(r"[0-9A-Fa-f]+")
# Unicode category Cc (C0, DEL, C1) except LF and CR, which RFC 8493 allows encoded.
CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class ManifestEntry:
    """One line of a manifest: the decoded path and the digest (lowercase hex or None)."""

    path: str
    digest: str | None
    line: int


def split_lines(text: str) -> list[str]:
    """Split tag-file text at CRLF, CR or LF; a final line break adds no empty line.

    >>> split_lines("a\\r\\nb\\rc\\n")
    ['a', 'b', 'c']
    >>> split_lines("a\\x0cb")
    ['a\\x0cb']
    """
    lines = _LINE_BREAK.split(text) if "\r" in text else text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def encode_path(path: str) -> str:
    """Percent-encode a bag path for a manifest line, as RFC 8493 requires.

    >>> encode_path("data/100%\\nsure\\r.txt")
    'data/100%25%0Asure%0D.txt'
    """
    return path.translate(_ENCODE)


def decode_path(raw: str, version: tuple[int, int] = (1, 0)) -> str:
    """Decode the path field of a manifest or fetch.txt line.

    >>> decode_path("data/100%25%0asure%7E.txt")
    'data/100%\\nsure%7E.txt'
    >>> decode_path("data/100%25.txt", (0, 97))
    'data/100%25.txt'
    """
    if "%" not in raw:
        return raw
    pattern = _DECODE_1_0 if version >= (1, 0) else _DECODE_OLD
    return pattern.sub(lambda m: chr(int(m.group(0)[1:], 16)), raw)


def unsafe_reason(path: str) -> str | None:
    """Why a bag path must not be opened, or None when it stays inside the bag.

    >>> unsafe_reason("data/a.txt") is None
    True
    >>> unsafe_reason("../../etc/passwd")
    "has a '..' component that climbs out of its folder"
    """
    if not path:
        return "is empty"
    control = CONTROL.search(path)
    if control:
        return f"contains the control character U+{ord(control.group()):04X}"
    if "\\" in path:
        return "contains a backslash (a Windows or UNC path)"
    if path.startswith("/"):
        return "is an absolute path"
    if _DRIVE.match(path):
        return "starts with a Windows drive letter"
    if path.startswith("~"):
        return "starts with '~' (a home-folder shortcut)"
    parts = path.split("/")
    if ".." in parts:
        return "has a '..' component that climbs out of its folder"
    if "" in parts:
        return "has an empty component ('//' or a trailing '/')"
    if "." in parts:
        return "has a '.' component"
    return None


def manifest_name(name: str) -> tuple[str, str] | None:
    """``("payload"|"tag", algorithm)`` when ``name`` is a manifest's file name.

    >>> manifest_name("tagmanifest-sha512.txt")
    ('tag', 'sha512')
    >>> manifest_name("bag-info.txt") is None
    True
    """
    m = _MANIFEST_NAME.fullmatch(name)
    if m is None:
        return None
    return ("tag" if m.group(1) else "payload", m.group(2).lower())


def parse_manifest(
    text: str, *, name: str, version: tuple[int, int], digest_len: int | None
) -> tuple[list[ManifestEntry], list[Issue]]:
    """Parse a manifest's text into entries; every odd line is a finding, never an error.

    Args:
        text: the decoded manifest.
        name: its file name (``where`` of the findings).
        version: the bag's BagIt version; decoding and leniency depend on it.
        digest_len: hex digits a digest must have, or None for an unknown algorithm.
    """
    from archive.bag.entries import parse_entries  # it builds on this module

    entries, issues = parse_entries(text, name=name, version=version, digest_len=digest_len)
    return [
        ManifestEntry(path, digest, entries.line(i))
        for i, (path, digest) in enumerate(zip(entries.paths, entries.digests, strict=True))
    ], issues


def parse_lines(
    lines: Iterable[str],
    first: int,
    *,
    name: str,
    version: tuple[int, int],
    digest_len: int | None,
    out: tuple[list[str], list[str | None], list[int]],
    issues: list[Issue],
) -> None:
    """Parse manifest lines one by one, the first numbered ``first``, into the lists of ``out``.

    ``out`` gets each entry's path, digest (lowercase, or None when it is not
    one) and line number; ``issues`` every finding.
    """
    paths, digests, numbers = out
    legacy = version < (1, 0)
    for number, line in enumerate(lines, first):
        if not line.strip():
            issues.append(
                issue(Code.B006, name, f"line {number} is blank", severity=Severity.WARNING)
            )
            continue
        if line[0] in " \t":
            issues.append(issue(Code.B020, name, f"line {number} starts with whitespace; ignored"))
            line = line.lstrip(" \t")
        m = _MANIFEST_LINE.fullmatch(line)
        if m is None or not m.group(2):
            issues.append(
                issue(Code.B006, name, f"line {number} is not '<digest> <path>': {line!r}")
            )
            continue
        digest, raw = m.groups()
        raw, marker_issues = _strip_markers(raw, name, number, legacy)
        issues.extend(marker_issues)
        path = decode_path(raw, version)
        reason = unsafe_reason(path)
        if reason is not None:
            issues.append(
                issue(
                    Code.B007,
                    name,
                    f"line {number}: path {path!r} {reason}; it was not opened",
                    path=path,
                )
            )
            continue
        paths.append(path)
        digests.append(_check_digest(digest, digest_len, name, number, issues))
        numbers.append(number)


def _strip_markers(raw: str, name: str, number: int, legacy: bool) -> tuple[str, list[Issue]]:
    """Remove md5sum's ``*`` binary marker and a leading ``./``, with findings."""
    issues = []
    if raw.startswith("*"):
        # md5sum -b writes "<digest> *<path>". Older BagIt tools produced such
        # manifests; in 1.0 the separator is whitespace only, so it is an error.
        issues.append(
            issue(
                Code.B020,
                name,
                f"line {number}: leading '*' (an md5sum binary-mode marker) before the path",
                severity=Severity.WARNING if legacy else Severity.ERROR,
            )
        )
        raw = raw[1:]
    if raw.startswith("./"):
        issues.append(
            issue(Code.B020, name, f"line {number}: path starts with './'; read without it")
        )
        raw = raw[2:]
    return raw, issues


def _check_digest(
    digest: str, digest_len: int | None, name: str, number: int, issues: list[Issue]
) -> str | None:
    if not _HEX.fullmatch(digest):
        issues.append(issue(Code.B006, name, f"line {number}: {digest!r} is not a hex digest"))
        return None
    if digest_len is not None and len(digest) != digest_len:
        issues.append(
            issue(
                Code.B006,
                name,
                f"line {number}: the digest has {len(digest)} hex digits, "
                f"the algorithm gives {digest_len}",
            )
        )
        return None
    return digest.lower()
