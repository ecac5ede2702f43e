"""RFC 8493 details a fixity run must get right, on any bag (not only ours)."""

from __future__ import annotations

import hashlib
import shutil
import unicodedata
from pathlib import Path

import pytest
from fixity_support import codes, issues, make_bag, reports

from archive.validate.issues import Severity

SUITE = Path(__file__).parent / "fixtures" / "bagit-conformance"


def _manifest_lines(bag: Path, extra: list[str]) -> None:
    manifest = bag / "manifest-sha512.txt"
    manifest.write_text(manifest.read_text() + "".join(f"{line}\n" for line in extra))


@pytest.mark.parametrize(
    "name", ["v0.97/valid/basic-bag", "v0.93/valid/basic-bag", "v1.0/valid/basicBag"]
)
def test_older_and_current_versions(tmp_path: Path, name: str) -> None:
    bag = shutil.copytree(SUITE / name, tmp_path / "bag")
    (report,) = reports([bag])
    assert report.valid, report.issues
    assert report.version == name.split("/")[0][1:]


def test_percent_encoded_names(tmp_path: Path) -> None:
    names = ["data/100%.txt", "data/two\nlines.txt", "data/carriage\rreturn.txt", "data/%41.txt"]
    bag = make_bag(tmp_path / "bag", {n: n.encode() for n in names})
    manifest = (bag / "manifest-sha512.txt").read_text()
    assert "data/100%25.txt" in manifest and "two%0Alines" in manifest
    assert "carriage%0Dreturn" in manifest and "data/%2541.txt" in manifest
    (report,) = reports([bag])
    assert report.valid, report.issues
    assert report.files == 4


def test_lowercase_percent_escapes_decode_too(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag", {"data/a\nb.txt": b"x"})
    manifest = bag / "manifest-sha512.txt"
    manifest.write_text(manifest.read_text().replace("%0A", "%0a"))
    (report,) = reports([bag])
    # Only the edited manifest's own digest changed; the name still matches the file.
    assert codes(report) == {("F002", "manifest-sha512.txt")}


@pytest.mark.parametrize(
    "path", ["../outside.txt", "data/../../outside.txt", "/etc/hostname", "~/outside.txt"]
)
def test_paths_that_leave_the_bag_are_rejected_unread(tmp_path: Path, path: str) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"secret")
    bag = make_bag(tmp_path / "bag")
    _manifest_lines(bag, [f"{hashlib.sha512(b'secret').hexdigest()}  {path}"])
    (report,) = reports([bag])
    (problem,) = issues(report, "B007")
    assert path in problem.message and "not opened" in problem.message
    assert not report.valid


def test_links_are_never_followed_out_of_the_bag(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"secret")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.txt").write_bytes(b"secret")
    bag = make_bag(tmp_path / "bag")
    (bag / "data/link.txt").symlink_to(secret)
    (bag / "data/folder").symlink_to(elsewhere, target_is_directory=True)
    digest = hashlib.sha512(b"secret").hexdigest()
    _manifest_lines(bag, [f"{digest}  data/link.txt", f"{digest}  data/folder/x.txt"])
    (report,) = reports([bag])
    assert not report.valid
    assert {("B017", "data/link.txt"), ("B017", "data/folder")} <= codes(report)
    # Never verified as if they were payload:
    assert report.files == 3


def test_a_linked_data_folder_is_not_listed_or_read(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag", {f"data/f{n}.txt": b"%d" % n for n in range(3)})
    real = tmp_path / "real-data"
    (bag / "data").rename(real)
    (bag / "data").symlink_to(real, target_is_directory=True)
    (report,) = reports([bag])
    assert ("B017", "data") in codes(report)
    assert report.files == 0


def test_unicode_normalisation_differences_are_named(tmp_path: Path) -> None:
    nfc = "data/Café.txt"
    nfd = unicodedata.normalize("NFD", nfc)
    bag = make_bag(tmp_path / "bag", {nfd: b"coffee"})
    manifest = bag / "manifest-sha512.txt"
    manifest.write_text(manifest.read_text().replace(nfd, nfc))
    tags = bag / "tagmanifest-sha512.txt"
    digest = hashlib.sha512(manifest.read_bytes()).hexdigest()
    tags.write_text(
        "\n".join(
            f"{digest}  manifest-sha512.txt" if line.endswith("manifest-sha512.txt") else line
            for line in tags.read_text().splitlines()
        )
        + "\n"
    )
    (report,) = reports([bag])
    assert report.valid, report.issues
    (note,) = issues(report, "B016")
    assert note.level is Severity.WARNING
    assert "NFC" in note.message and "NFD" in note.message


def test_warning_bags_are_valid_with_a_warning(tmp_path: Path) -> None:
    bag = shutil.copytree(SUITE / "v0.97/warning/relative-path", tmp_path / "bag")
    (report,) = reports([bag])
    assert report.valid
    assert any(i.level is Severity.WARNING for i in report.issues)
