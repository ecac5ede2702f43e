"""Tag files: ``bagit.txt``, ``bag-info.txt`` (or ``package-info.txt``) and ``fetch.txt``.

Reading is strict where RFC 8493 is strict and says so in findings; it never
raises. ``bagit.txt`` (§2.1.1) is exactly two lines, ``BagIt-Version: M.N``
and ``Tag-File-Character-Encoding: ENC``, UTF-8 without a byte-order mark.
Other tag files are in the declared encoding and hold ``Label: value`` lines;
a line starting with a space or tab continues the previous value, labels may
repeat and keep their order.

Severity follows one policy: what RFC 8493 forbids is an error in a 1.0 bag
and a warning in an older one, where the drafts were looser and the LoC
suite holds valid bags that do such things (``Tag : value`` separators, no
final line break).
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

from archive.bag.manifest import decode_path, split_lines, unsafe_reason
from archive.validate.issues import Code, Issue, Severity, issue

__all__ = [
    "SUPPORTED_VERSIONS",
    "Declaration",
    "FetchEntry",
    "decode_tag_file",
    "format_tag_lines",
    "parse_declaration",
    "parse_fetch",
    "parse_tag_file",
    "tag_line_problem",
]

SUPPORTED_VERSIONS = frozenset({(0, 93), (0, 94), (0, 95), (0, 96), (0, 97), (1, 0)})
_REMEMBERED_SIZE = 256  # bytes of bagit.txt worth remembering the reading of
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_VERSION = re.compile(r"(\d+)\.(\d+)")
_LENGTH = re.compile(r"\d+|-")
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+")
# Characters that some reader somewhere takes as the end of a line.
_LINE_ENDS = frozenset("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


@dataclass(frozen=True, slots=True)
class Declaration:
    """What ``bagit.txt`` declares; ``version_info`` is None when the version is unreadable."""

    version: str | None
    version_info: tuple[int, int] | None
    encoding: str

    @property
    def rules(self) -> tuple[int, int]:
        """The version whose rules apply: the declared one, else the strict 1.0."""
        if self.version_info in SUPPORTED_VERSIONS:
            assert self.version_info is not None
            return self.version_info
        return (1, 0)


@dataclass(frozen=True, slots=True)
class FetchEntry:
    """One ``fetch.txt`` line; ``length`` is None for ``-`` (unknown)."""

    url: str
    length: int | None
    path: str
    line: int


def _severity(legacy: bool) -> Severity:
    return Severity.WARNING if legacy else Severity.ERROR


def parse_declaration(data: bytes) -> tuple[Declaration, list[Issue]]:
    """Read the bytes of ``bagit.txt`` into a :class:`Declaration` and findings."""
    if len(data) <= _REMEMBERED_SIZE:
        # A collection's bags mostly declare themselves in the same few bytes.
        decl, issues = _remembered_declaration(data)
        return decl, list(issues)
    return _parse_declaration(data)


@functools.lru_cache(maxsize=64)
def _remembered_declaration(data: bytes) -> tuple[Declaration, tuple[Issue, ...]]:
    decl, issues = _parse_declaration(data)
    return decl, tuple(issues)


def _parse_declaration(data: bytes) -> tuple[Declaration, list[Issue]]:
    where = "bagit.txt"
    issues: list[Issue] = []
    if data.startswith(_BOMS):
        issues.append(issue(Code.B002, where, "starts with a byte-order mark, which is forbidden"))
        data = data[3:] if data.startswith(codecs.BOM_UTF8) else data[2:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        issues.append(issue(Code.B002, where, f"is not UTF-8 (byte {exc.start})"))
        text = data.decode("utf-8", errors="replace")
    fields: list[tuple[str, str, int]] = []
    for number, line in enumerate(split_lines(text), 1):
        label, sep, value = line.partition(":")
        if not sep:
            issues.append(issue(Code.B002, where, f"line {number} is not 'Label: value': {line!r}"))
            continue
        if label != label.strip():
            issues.append(
                issue(Code.B002, where, f"line {number}: whitespace around the label {label!r}")
            )
        if not value.startswith(" "):
            issues.append(issue(Code.B002, where, f"line {number}: no space after the colon"))
        fields.append((label.strip(), value[1:] if value.startswith(" ") else value, number))
    version, version_info = _version(fields, issues)
    legacy = version_info is not None and version_info < (1, 0)
    if text and not text.endswith(("\n", "\r")):
        issues.append(
            issue(
                Code.B002,
                where,
                "the last line has no line break",
                severity=Severity.INFO if legacy else Severity.WARNING,
            )
        )
    encoding = _encoding(fields, issues)
    _check_layout(fields, issues, legacy)
    return Declaration(version, version_info, encoding), issues


def _field(fields: list[tuple[str, str, int]], label: str) -> tuple[str, str, int] | None:
    return next((f for f in fields if f[0] == label), None)


def _version(
    fields: list[tuple[str, str, int]], issues: list[Issue]
) -> tuple[str | None, tuple[int, int] | None]:
    found = _field(fields, "BagIt-Version")
    if found is None:
        issues.append(issue(Code.B002, "bagit.txt", "has no 'BagIt-Version' line"))
        return None, None
    raw = found[1]
    m = _VERSION.fullmatch(raw.strip())
    if m is None:
        issues.append(
            issue(Code.B002, "bagit.txt", f"version {raw!r} is not of the form M.N (like 1.0)")
        )
        return raw, None
    version_info = (int(m.group(1)), int(m.group(2)))
    if raw != raw.strip():
        issues.append(
            issue(
                Code.B002,
                "bagit.txt",
                f"version {raw!r} has surrounding whitespace",
                severity=_severity(version_info < (1, 0)),
            )
        )
    if version_info not in SUPPORTED_VERSIONS:
        issues.append(
            issue(Code.B003, "bagit.txt", f"BagIt version {raw.strip()} is not one we know")
        )
    return raw.strip(), version_info


def _encoding(fields: list[tuple[str, str, int]], issues: list[Issue]) -> str:
    found = _field(fields, "Tag-File-Character-Encoding")
    if found is None:
        issues.append(issue(Code.B002, "bagit.txt", "has no 'Tag-File-Character-Encoding' line"))
        return "utf-8"
    name = found[1].strip()
    try:
        return codecs.lookup(name).name
    except LookupError:
        issues.append(
            issue(Code.B002, "bagit.txt", f"unknown tag file encoding {name!r}; read as UTF-8")
        )
        return "utf-8"


def _check_layout(fields: list[tuple[str, str, int]], issues: list[Issue], legacy: bool) -> None:
    labels = [f[0] for f in fields]
    expected = ["BagIt-Version", "Tag-File-Character-Encoding"]
    known = [lab for lab in labels if lab in expected]
    if set(known) == set(expected) and known[:2] != expected:
        issues.append(
            issue(
                Code.B002,
                "bagit.txt",
                "the lines are not in the order BagIt-Version, Tag-File-Character-Encoding",
                severity=_severity(legacy),
            )
        )
    if len(labels) > len(known) or len(known) > len(set(known)):
        issues.append(
            issue(
                Code.B002,
                "bagit.txt",
                f"must hold exactly two lines; it has {len(labels)} ({', '.join(labels)})",
                severity=_severity(legacy),
            )
        )


def decode_tag_file(data: bytes, encoding: str, name: str) -> tuple[str, list[Issue]]:
    """Decode a tag file's bytes; undecodable bytes are a finding and kept as escapes."""
    issues: list[Issue] = []
    if encoding == "utf-8" and data.startswith(codecs.BOM_UTF8):
        issues.append(
            issue(
                Code.B010,
                name,
                "starts with a byte-order mark, which UTF-8 tag files must not have",
                severity=Severity.WARNING,
            )
        )
        data = data[3:]
    try:
        return data.decode(encoding), issues
    except UnicodeDecodeError as exc:
        issues.append(issue(Code.B010, name, f"is not valid {encoding} (byte {exc.start})"))
    # surrogateescape keeps undecodable bytes so paths can still match
    # the undecodable names os.scandir() gives for the same bytes.
    errors = "surrogateescape" if encoding == "utf-8" else "replace"
    return data.decode(encoding, errors=errors), issues


def parse_tag_file(
    text: str, *, name: str, version: tuple[int, int]
) -> tuple[list[tuple[str, str]], list[Issue]]:
    """Parse ``Label: value`` lines (with continuation lines) in order, labels repeated."""
    legacy = version < (1, 0)
    entries: list[list[str]] = []
    issues: list[Issue] = []
    for number, line in enumerate(split_lines(text), 1):
        if not line.strip():
            issues.append(
                issue(Code.B011, name, f"line {number} is blank", severity=Severity.WARNING)
            )
        elif line[0] in " \t":
            if entries:
                entries[-1][1] += " " + line.strip()
            else:
                issues.append(issue(Code.B011, name, f"line {number} continues nothing"))
        elif ":" not in line:
            issues.append(issue(Code.B011, name, f"line {number} is not 'Label: value': {line!r}"))
        else:
            label, _, value = line.partition(":")
            problem = _label_problem(label)
            if problem:
                issues.append(
                    issue(
                        Code.B011,
                        name,
                        f"line {number}: the label {label!r} {problem}",
                        severity=Severity.ERROR if not label.strip() else _severity(legacy),
                    )
                )
            entries.append([label.strip(), value.strip()])
    return [(label, value) for label, value in entries if label], issues


def _label_problem(label: str) -> str | None:
    if not label.strip():
        return "is empty"
    if label != label.strip():
        return "starts or ends with whitespace"
    return None


def parse_fetch(text: str, *, version: tuple[int, int]) -> tuple[list[FetchEntry], list[Issue]]:
    """Parse ``fetch.txt``: ``URL LENGTH PATH`` per line; URLs are never contacted."""
    entries: list[FetchEntry] = []
    issues: list[Issue] = []
    for number, line in enumerate(split_lines(text), 1):
        parts = line.strip(" \t").split(None, 2)
        if len(parts) != 3:
            issues.append(
                issue(Code.B014, "fetch.txt", f"line {number} is not 'URL LENGTH PATH': {line!r}")
            )
            continue
        url, length, raw = parts
        problems = []
        if not _URL.fullmatch(url):
            problems.append(f"{url!r} is not a URL")
        if not _LENGTH.fullmatch(length):
            problems.append(f"length {length!r} is neither a number nor '-'")
        path = decode_path(raw, version)
        reason = unsafe_reason(path)
        if reason is not None:
            problems.append(f"path {path!r} {reason}")
        elif not path.startswith("data/"):
            problems.append(f"path {path!r} is not inside data/")
        if problems:
            issues.append(issue(Code.B014, "fetch.txt", f"line {number}: " + "; ".join(problems)))
            continue
        entries.append(FetchEntry(url, None if length == "-" else int(length), path, number))
    return entries, issues


def tag_line_problem(label: str, value: str) -> str | None:
    """Why ``label: value`` cannot be written as one bag-info line, or None.

    >>> tag_line_problem("Contact-Name", "Ann")
    >>> tag_line_problem("Bad:Label", "x")
    'the label contains a colon'
    """
    if not label:
        return "the label is empty"
    if ":" in label:
        return "the label contains a colon"
    if label != label.strip():
        return "the label starts or ends with whitespace"
    if any(ch in _LINE_ENDS for ch in label):
        return "the label contains a line break"
    if any(ch in _LINE_ENDS for ch in value):
        return "the value contains a line break (fold it first)"
    return None


def format_tag_lines(entries: list[tuple[str, str]]) -> bytes:
    """``Label: value`` lines, LF-terminated, UTF-8; callers check :func:`tag_line_problem`."""
    return "".join(f"{label}: {value}\n" for label, value in entries).encode("utf-8")
