"""Manifest lines, percent-encoding, path safety, and the tag-file readers."""

from __future__ import annotations

import codecs

import pytest
from conftest import fuzz_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.bag.manifest import (
    decode_path,
    encode_path,
    manifest_name,
    parse_manifest,
    split_lines,
    unsafe_reason,
)
from archive.bag.tagfiles import (
    decode_tag_file,
    parse_declaration,
    parse_fetch,
    parse_tag_file,
    tag_line_problem,
)
from archive.validate.issues import Issue, Severity

SHA = "ab" * 64


def codes(issues: list[Issue]) -> list[str]:
    return [i.code.value for i in issues]


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(st.text())
def test_percent_encoding_round_trips(name: str) -> None:
    encoded = encode_path(name)
    assert "\n" not in encoded and "\r" not in encoded
    assert decode_path(encoded) == name


def test_decoding_rules_depend_on_the_version() -> None:
    assert decode_path("a%0a%0D%25%7E%2525") == "a\n\r%%7E%25"
    assert decode_path("a%0a%0D%25%7E", (0, 97)) == "a\n\r%25%7E"


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/etc/passwd",
        "../x",
        "data/../../x",
        "~/x",
        "~root/x",
        "C:/x",
        "c:x",
        "data\\x",
        "\\\\server\\share",
        "data/a\x00b",
        "data/a\x1bb",
        "data//x",
        "data/x/",
        "data/./x",
    ],
)
def test_unsafe_paths(path: str) -> None:
    assert unsafe_reason(path) is not None


@pytest.mark.parametrize(
    "path", ["data/a.txt", "data/line\nbreak", "data/sp ace", "data/~x", "data/Núñez", "data/%7E"]
)
def test_safe_paths(path: str) -> None:
    assert unsafe_reason(path) is None


def test_manifest_names() -> None:
    assert manifest_name("manifest-sha512.txt") == ("payload", "sha512")
    assert manifest_name("tagmanifest-sha3-256.txt") == ("tag", "sha3-256")
    assert manifest_name("manifest-.txt") is None
    assert manifest_name("data/manifest-md5.txt") is None


def test_split_lines_only_at_cr_and_lf() -> None:
    assert split_lines("a\r\nb\n\nc") == ["a", "b", "", "c"]
    assert split_lines("a\u2028b\x0cc\n") == ["a\u2028b\x0cc"]


def parse(text: str, version: tuple[int, int] = (1, 0)) -> tuple[list[str], list[str]]:
    entries, issues = parse_manifest(
        text, name="manifest-sha512.txt", version=version, digest_len=128
    )
    return [e.path for e in entries], codes(issues)


def test_parse_manifest_lines() -> None:
    text = f"{SHA}  data/a b.txt\r\n{SHA.upper()}\tdata/100%25.txt\n"
    entries, issues = parse_manifest(text, name="m", version=(1, 0), digest_len=128)
    assert [(e.path, e.digest, e.line) for e in entries] == [
        ("data/a b.txt", SHA, 1),
        ("data/100%.txt", SHA, 2),
    ]
    assert issues == []


def test_parse_manifest_tolerated_forms() -> None:
    assert parse(f"{SHA} *data/a\n", (0, 97)) == (["data/a"], ["B020"])
    assert parse(f"{SHA}  ./data/a\n") == (["data/a"], ["B020"])
    _entries, issues = parse_manifest(f"{SHA} *data/a\n", name="m", version=(1, 0), digest_len=128)
    assert [i.level for i in issues] == [Severity.ERROR]  # not in 1.0


def test_parse_manifest_problems() -> None:
    assert parse("nodigest\n") == ([], ["B006"])
    assert parse(f"{SHA[:-2]}  data/a\n") == (["data/a"], ["B006"])
    assert parse("zz  data/a\n") == (["data/a"], ["B006"])
    assert parse(f"{SHA}  ../a\n") == ([], ["B007"])
    assert parse(f"\n{SHA}  data/a\n") == (["data/a"], ["B006"])


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(st.text(), st.sampled_from([(0, 97), (1, 0)]))
def test_parse_manifest_never_raises(text: str, version: tuple[int, int]) -> None:
    entries, _ = parse_manifest(text, name="m", version=version, digest_len=None)
    assert all(unsafe_reason(e.path) is None for e in entries)


def declare(data: bytes) -> tuple[str | None, list[str], list[Severity]]:
    decl, issues = parse_declaration(data)
    return decl.version, codes(issues), [i.level for i in issues]


def test_good_declarations() -> None:
    decl, issues = parse_declaration(b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
    assert (decl.version, decl.version_info, decl.encoding, issues) == ("1.0", (1, 0), "utf-8", [])
    decl, issues = parse_declaration(b"BagIt-Version: 0.96\r\nTag-File-Character-Encoding: UTF-16")
    assert decl.encoding == "utf-16" and decl.rules == (0, 96)
    assert [i.level for i in issues] == [Severity.INFO]  # no final line break


@pytest.mark.parametrize(
    "data, code",
    [
        (b"\xef\xbb\xbfBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n", "B002"),
        (b"BagIt-Version : 1.0\nTag-File-Character-Encoding: UTF-8\n", "B002"),
        (b"BagIt-Version:1.0\nTag-File-Character-Encoding: UTF-8\n", "B002"),
        (b"BagIt-Version: 1.0 \nTag-File-Character-Encoding: UTF-8\n", "B002"),
        (b"BagIt-Version: .97\nTag-File-Character-Encoding: UTF-8\n", "B002"),
        (b"BagIt-Version: 1.0\n", "B002"),
        (b"Tag-File-Character-Encoding: UTF-8\nBagIt-Version: 1.0\n", "B002"),
        (b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nExtra: 1\n", "B002"),
        (b"BagIt-Version: 1.0\nTag-File-Character-Encoding: klingon\n", "B002"),
        (b"BagIt-Version: 2.0\nTag-File-Character-Encoding: UTF-8\n", "B003"),
        (b"\xff\xfe", "B002"),
    ],
)
def test_bad_declarations(data: bytes, code: str) -> None:
    _, found, levels = declare(data)
    assert code in found
    assert Severity.ERROR in levels


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(st.binary())
def test_parse_declaration_never_raises(data: bytes) -> None:
    decl, _ = parse_declaration(data)
    assert codecs.lookup(decl.encoding)


def test_tag_file_labels_values_and_continuations() -> None:
    text = (
        "Source-Organization: Spengler University\r\n"
        "External-Description: Uncompressed greyscale TIFF images from the\r\n"
        "         Yoshimuri papers collection.\r\n"
        "Contact-Name: A\nContact-Name: B\n"
    )
    entries, issues = parse_tag_file(text, name="bag-info.txt", version=(1, 0))
    assert entries == [
        ("Source-Organization", "Spengler University"),
        (
            "External-Description",
            "Uncompressed greyscale TIFF images from the Yoshimuri papers collection.",
        ),
        ("Contact-Name", "A"),
        ("Contact-Name", "B"),
    ]
    assert issues == []


def test_tag_file_problems_are_findings() -> None:
    entries, issues = parse_tag_file(
        " orphan\nno colon here\nTag : v\n: empty\n", name="bag-info.txt", version=(1, 0)
    )
    assert entries == [("Tag", "v")]
    assert codes(issues) == ["B011"] * 4
    _, old = parse_tag_file("Tag : v\n", name="bag-info.txt", version=(0, 97))
    assert [i.level for i in old] == [Severity.WARNING]


def test_tag_file_decoding() -> None:
    text, issues = decode_tag_file("Label: ü\n".encode("utf-16"), "utf-16", "bag-info.txt")
    assert text == "Label: ü\n" and issues == []
    text, issues = decode_tag_file(b"\xef\xbb\xbfLabel: x\n", "utf-8", "bag-info.txt")
    assert text == "Label: x\n" and [i.level for i in issues] == [Severity.WARNING]
    text, issues = decode_tag_file(b"Label: \xff\n", "utf-8", "bag-info.txt")
    assert codes(issues) == ["B010"] and text == "Label: \udcff\n"


def test_fetch_lines() -> None:
    entries, issues = parse_fetch(
        "http://x.org/a%20b 12 data/a b\nhttps://x.org/c - data/c\n", version=(1, 0)
    )
    assert [(e.url, e.length, e.path) for e in entries] == [
        ("http://x.org/a%20b", 12, "data/a b"),
        ("https://x.org/c", None, "data/c"),
    ]
    assert issues == []
    bad = "x.org 1 data/a\nhttp://x 1x data/a\nhttp://x 1 ../a\nhttp://x 1 bagit.txt\nonly two\n"
    entries, issues = parse_fetch(bad, version=(1, 0))
    assert entries == [] and codes(issues) == ["B014"] * 5


def test_tag_line_problem() -> None:
    assert tag_line_problem("Label", "value with: colon") is None
    assert tag_line_problem("Label", "a\u2028b") is not None
