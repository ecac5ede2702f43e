"""The Library of Congress BagIt conformance suite, bag by bag.

The expected outcome comes from the category folder (see the suite's README):
``valid`` must pass; ``invalid`` and the ``*-only`` categories must fail with
an error (the windows-only bags hold Windows paths, which are unsafe here
too); a ``warning`` bag must produce at least a warning. On top of that each
bag must produce the finding codes that name its actual problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.bag import check_bag
from archive.validate.issues import Severity

SUITE = Path(__file__).parent / "fixtures" / "bagit-conformance"
BAGS = sorted(p for p in SUITE.glob("v*/*/*") if p.is_dir())

# The codes each bag's own problem must produce (others may come along).
EXPECTED_CODES = {
    "v0.96/valid/bag-with-leading-dot-slash-in-manifest": {"B020"},
    "v0.97/valid/bag-with-leading-dot-slash-in-manifest": {"B020"},
    "v0.97/invalid/baginfo-missing-encoding": {"B002"},
    "v0.97/invalid/bom-in-bagit.txt": {"B002"},
    "v0.97/invalid/corrupt-data-file": {"F002"},
    "v0.97/invalid/corrupt-tag-file": {"F002"},
    "v0.97/invalid/extra-file-in-bag": {"F003", "B013"},
    "v0.97/invalid/invalid-version-number": {"B002"},
    "v0.97/invalid/missing-baginfo": {"F001"},
    "v0.97/invalid/missing-bagit.txt": {"B001"},
    "v0.97/invalid/out-of-scope-file-paths-using-dot-notation": {"B007"},
    "v0.97/invalid/out-of-scope-file-paths-using-dot-notation-for-fetch": {"B014"},
    "v0.97/invalid/same-filename-listed-twice-with-different-hashes": {"B008"},
    "v0.97/linux-only/out-of-scope-file-paths-using-absolute-path": {"B007"},
    "v0.97/linux-only/out-of-scope-file-paths-using-absolute-path-for-fetch": {"B014"},
    "v0.97/linux-only/out-of-scope-file-paths-using-shortcut": {"B007"},
    "v0.97/linux-only/out-of-scope-file-paths-using-shortcut-for-fetch": {"B014"},
    "v0.97/linux-only/out-of-scope-file-paths-using-shortcut-username": {"B007"},
    "v0.97/linux-only/out-of-scope-file-paths-using-shortcut-username-for-fetch": {"B014"},
    "v0.97/windows-only/out-of-scope-file-paths-using-absolute-path": {"B007"},
    "v0.97/windows-only/out-of-scope-file-paths-using-absolute-path-for-fetch": {"B014"},
    "v0.97/windows-only/out-of-scope-file-paths-using-shortcut": {"B007"},
    "v0.97/windows-only/out-of-scope-file-paths-using-shortcut-for-fetch": {"B014"},
    "v0.97/windows-only/out-of-scope-file-paths-using-unc": {"B007"},
    "v0.97/windows-only/out-of-scope-file-paths-using-unc-for-fetch": {"B014"},
    "v0.97/warning/duplicate-file-with-different-case": {"F001"},
    "v0.97/warning/made-with-md5sum-tools": {"B020"},
    "v0.97/warning/relative-path": {"B020"},
    "v0.97/warning/same-filename-listed-twice-with-different-normalization": {"B016", "B008"},
    "v0.97/warning/same-filename-listed-twice-with-the-same-hash": {"B008"},
    "v0.97/warning/special-system-files": {"B019", "F001"},
    "v1.0/invalid/bagit-with-invalid-whitespace": {"B002"},
    "v1.0/invalid/notAllManifestsListAllFiles": {"F003"},
    "v1.0/invalid/same-filename-listed-twice-with-different-hashes": {"B008", "B002"},
    "v1.0/invalid/same-filename-listed-twice-with-the-same-hash": {"B008"},
}


def _name(bag: Path) -> str:
    return bag.relative_to(SUITE).as_posix()


def test_the_suite_is_all_there() -> None:
    assert len(BAGS) == 60
    assert set(EXPECTED_CODES) <= {_name(b) for b in BAGS}


def test_fixture_bytes_survived_version_control() -> None:
    # CRLF endings, a BOM and UTF-16 are what the bags test; git must not "fix" them.
    assert (SUITE / "v0.93/valid/basic-bag/bagit.txt").read_bytes().endswith(b"\r\n")
    assert (SUITE / "v0.97/invalid/bom-in-bagit.txt/bagit.txt").read_bytes()[:3] == b"\xef\xbb\xbf"
    utf16 = SUITE / "v0.97/valid/UTF-16-encoded-tag-files/bag-info.txt"
    assert utf16.read_bytes()[:2] == b"\xfe\xff"


@pytest.mark.parametrize("bag", BAGS, ids=_name)
def test_conformance_bag(bag: Path) -> None:
    category = bag.parent.name
    report = check_bag(bag)
    listing = "\n".join(map(str, report.issues))
    if category == "valid":
        assert report.valid, listing
    elif category in ("invalid", "linux-only", "windows-only"):
        assert not report.valid, listing
        assert any(i.level is Severity.ERROR for i in report.issues)
    else:
        assert category == "warning"
        assert any(i.level in (Severity.WARNING, Severity.ERROR) for i in report.issues)
    codes = {i.code.value for i in report.issues}
    assert EXPECTED_CODES.get(_name(bag), set()) <= codes, listing


def test_agreement_count() -> None:
    """All 60 bags agree with the suite (warning bags: any warning or error)."""
    agree = 0
    for bag in BAGS:
        report = check_bag(bag)
        category = bag.parent.name
        if category == "valid":
            agree += report.valid
        elif category == "warning":
            agree += any(i.level is not Severity.INFO for i in report.issues)
        else:
            agree += not report.valid
    assert agree == len(BAGS) == 60


def test_valid_legacy_bags_read_their_metadata() -> None:
    report = check_bag(SUITE / "v0.93/valid/basic-bag")
    assert report.version == "0.93"
    assert report.identifier == "spengler_yoshimuri_001"  # from package-info.txt
    utf16 = check_bag(SUITE / "v0.97/valid/UTF-16-encoded-tag-files")
    assert utf16.valid and utf16.files == 2 and utf16.bytes == 58


def test_encoded_names_are_taken_literally_before_1_0() -> None:
    report = check_bag(SUITE / "v0.97/valid/bag-with-encoded-names")
    assert report.valid and report.files == 5
    assert not [i for i in report.issues if i.code.value in ("F001", "F003")]
