"""Manifest entries in columns: the fast and streamed readings agree with the line-by-line one."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import fuzz_examples
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.bag import check_bag, write_bag
from archive.bag import entries as entries_module
from archive.bag.entries import HexColumn, parse_entries, parse_entries_from, plain_block
from archive.bag.manifest import parse_lines, split_lines
from archive.bag.report import issues_json, json_with_issues
from archive.validate.issues import Code, Issue, issue

WIDTH = 8  # hex digits of the digests in these tests


def slowly(text: str, version: tuple[int, int] = (1, 0)) -> tuple[list[object], list[Issue]]:
    """The line-by-line reading, every line."""
    paths: list[str] = []
    digests: list[str | None] = []
    numbers: list[int] = []
    issues: list[Issue] = []
    out = (paths, digests, numbers)
    parse_lines(
        split_lines(text), 1, name="m", version=version, digest_len=WIDTH, out=out, issues=issues
    )
    return list(zip(paths, digests, numbers, strict=True)), issues


def columns(text: str, version: tuple[int, int] = (1, 0)) -> tuple[list[object], list[Issue]]:
    entries, issues = parse_entries(text, name="m", version=version, digest_len=WIDTH)
    rows = [(p, entries.digests[i], entries.line(i)) for i, p in enumerate(entries.paths)]
    return list(rows), issues


PLAIN = st.builds(
    lambda digest, path: f"{digest}  data/{path}",
    st.text("0123456789abcdefABCDEF", min_size=WIDTH, max_size=WIDTH),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"), min_size=1),
)
ODD = st.sampled_from(
    [
        "",
        "   ",
        "0123abcd data/one space",
        "0123abcd\tdata/tab",
        "0123abcd  ./data/dot",
        "0123abcd *data/star",
        "0123abcd  data/%0Aline",
        "0123abcd  ../up",
        "0123abc  data/short",
        "zzzzzzzz  data/nothex",
        "0123abcd  data//empty",
        "  0123abcd  data/lead",
        "0123abcd  C:/x",
    ]
)
LINES = st.lists(st.one_of(PLAIN, PLAIN, ODD), max_size=40)
BREAKS = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=fuzz_examples(300), deadline=None)
@given(LINES, BREAKS, st.booleans(), st.sampled_from([(0, 97), (1, 0)]))
def test_the_fast_reading_gives_what_the_line_by_line_one_gives(
    lines: list[str], brk: str, final: bool, version: tuple[int, int]
) -> None:
    text = brk.join(lines) + (brk if final and lines else "")
    assert columns(text, version) == slowly(text, version)


@settings(max_examples=fuzz_examples(200), deadline=None)
@given(LINES, BREAKS, st.booleans(), st.integers(1, 64), st.integers(1, 5))
def test_the_streamed_reading_gives_what_the_whole_one_gives(
    tmp_path_factory: pytest.TempPathFactory,
    lines: list[str],
    brk: str,
    final: bool,
    chunk: int,
    block: int,
) -> None:
    text = brk.join(lines) + (brk if final and lines else "")
    path = tmp_path_factory.mktemp("stream") / "manifest"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    saved = entries_module.READ_CHUNK, entries_module.BLOCK_LINES
    entries_module.READ_CHUNK, entries_module.BLOCK_LINES = chunk, block
    fd = os.open(path, os.O_RDONLY)
    try:
        parsed = parse_entries_from(
            fd, encoding="utf-8", limit=1 << 20, name="m", version=(1, 0), digest_len=WIDTH
        )
    finally:
        os.close(fd)
        entries_module.READ_CHUNK, entries_module.BLOCK_LINES = saved
    assert parsed is not None
    entries, issues = parsed
    rows = [(p, entries.digests[i], entries.line(i)) for i, p in enumerate(entries.paths)]
    assert (rows, issues) == columns(text)


def test_plain_blocks_refuse_anything_that_needs_a_second_look() -> None:
    assert plain_block(["0123abcd  data/a b"], WIDTH) == (["data/a b"], bytes.fromhex("0123abcd"))
    for line in ("0123abcd  data/a%25", "0123abcd  /abs", "0123abcd  data/./a", "0123abcd  ~x"):
        assert plain_block([line], WIDTH) is None, line
    # Out of shape: spaces or tabs among the digits, one separator or three, a non-hex digit.
    for line in (
        "0123 bcd  data/a",
        "01 3abcd  data/a",
        "0123\tbc\tx  data/a",
        "0123abcd data/a",
        "0123abc   data/a",
        "0123abcd\t data/a",
        "0123abcg  data/a",
    ):
        assert plain_block(["0123abcd  data/x", line], WIDTH) is None, line
    assert plain_block(["0123abcd  data/\x85"], WIDTH) is None  # a C1 control character


def test_a_hex_column_packs_digests_and_keeps_gaps() -> None:
    column = HexColumn(4)
    column.extend_hex("ABCD0123", 2)
    column.append(None)
    column.append("ffff")
    assert list(column) == ["abcd", "0123", None, "ffff"]
    assert column[-1] == "ffff" and column[1:3] == ["0123", None] and len(column) == 4
    assert None in column and "0123" in column and "9999" not in column
    with pytest.raises(IndexError):
        column[4]


def test_findings_as_json_are_built_a_block_at_a_time_to_the_same_text() -> None:
    found = [issue(Code.F001, f"data/{n}", "missing é") for n in range(9000)]
    found.append(issue(Code.F002, "data/x", "changed", expected="ab", actual="cd"))
    expected = json.dumps([i.as_dict() for i in found], ensure_ascii=False, sort_keys=True)
    assert issues_json(found) == expected
    record = {"path": "/b", "outcome": "fail", "files": 3}
    whole = json.dumps(
        {**record, "problems": [i.as_dict() for i in found]}, ensure_ascii=False, sort_keys=True
    )
    assert json_with_issues(record, "problems", found) == whole


def _bag(tmp_path: Path) -> Path:
    root = tmp_path / "bag"
    (root / "data").mkdir(parents=True)
    (root / "data" / "a.txt").write_text("hello")
    (root / "data" / "b.txt").write_text("world")
    write_bag(root, info=[])
    return root


def test_a_large_manifest_is_streamed_and_judged_in_full(tmp_path: Path) -> None:
    root = _bag(tmp_path)
    (root / "data" / "b.txt").write_text("WORLD")  # changed content
    with open(root / "manifest-sha512.txt", "a", encoding="utf-8") as fh:
        for n in range(20_000):  # about 3 MB: read as a stream
            fh.write(f"{n:0128x}  data/missing/{n}.jpg\n")
    report = check_bag(root)
    codes = [i.code.value for i in report.issues]
    assert codes.count("F001") == 20_000
    assert [i.where for i in report.issues if i.code is Code.F002] == [
        "data/b.txt",
        "manifest-sha512.txt",  # the tag manifest's digest of it no longer holds
    ]
    assert len({i.message for i in report.issues if i.code is Code.F001}) == 1


def test_a_large_manifest_that_is_not_utf8_is_read_whole_for_the_finding(tmp_path: Path) -> None:
    root = _bag(tmp_path)
    with open(root / "manifest-sha512.txt", "ab") as fh:
        for n in range(20_000):
            fh.write(f"{n:0128x}  data/missing/{n}.jpg\n".encode())
        fh.write(b"0" * 128 + b"  data/\xff.jpg\n")
    report = check_bag(root)
    b010 = [i for i in report.issues if i.code is Code.B010]
    assert len(b010) == 1 and "not valid utf-8" in b010[0].message
    assert sum(i.code is Code.F001 for i in report.issues) == 20_001
