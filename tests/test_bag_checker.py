"""check_bag: every way a disk or a person can damage a bag is found and named."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from archive.bag import check_bag, finish_bag, hash_file, plan_bag, write_bag
from archive.bag.report import BagReport
from archive.errors import UsageError
from archive.validate.issues import Issue, Severity

FILES = {
    "data/article.txt": b"Soyuz TMA-11M launches with the Olympic torch.\n",
    "data/images/launch.jpg": bytes(range(256)) * 64,
    "data/images/crew.jpg": b"\xff\xd8crew" * 100,
}


def make_bag(root: Path, files: dict[str, bytes] = FILES, **kwargs: object) -> Path:
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / "data").mkdir(exist_ok=True)
    info = [("Source-Organization", "Test Archive"), ("External-Identifier", "urn:test:1")]
    write_bag(root, info=info, **kwargs)  # type: ignore[arg-type]
    return root


@pytest.fixture
def bag(tmp_path: Path) -> Path:
    return make_bag(tmp_path / "bag")


def found(report: BagReport, code: str, where: str | None = None) -> list[Issue]:
    return [i for i in report.issues if i.code.value == code and where in (None, i.where)]


def errors(report: BagReport) -> set[tuple[str, str]]:
    return {(i.code.value, i.where) for i in report.issues if i.is_error}


def test_intact_bag_is_valid(bag: Path) -> None:
    report = check_bag(bag)
    assert report.valid, report.issues
    assert report.issues == ()
    assert report.version == "1.0"
    assert report.identifier == "urn:test:1"
    assert report.algorithms == ("sha512",)
    assert report.files == 3
    assert report.bytes == sum(map(len, FILES.values()))
    tagmanifest = (bag / "tagmanifest-sha512.txt").read_bytes()
    assert report.tagmanifest_digest == "sha512:" + hashlib.sha512(tagmanifest).hexdigest()
    assert report.duration >= 0


def test_report_is_json_ready(bag: Path) -> None:
    (bag / "data/article.txt").write_bytes(b"changed")
    data = json.loads(json.dumps(check_bag(bag).as_dict()))
    assert data["valid"] is False
    assert data["counts"]["error"] == 2
    f002 = next(i for i in data["issues"] if i["code"] == "F002")
    assert f002["where"] == "data/article.txt"
    assert f002["algorithm"] == "sha512"
    assert len(f002["expected"]) == len(f002["actual"]) == 128


def test_flipped_bit(bag: Path) -> None:
    path = bag / "data/images/launch.jpg"
    data = bytearray(path.read_bytes())
    data[1000] ^= 0x04
    path.write_bytes(bytes(data))
    report = check_bag(bag)
    assert errors(report) == {("F002", "data/images/launch.jpg")}
    issue = found(report, "F002")[0]
    expected = hashlib.sha512(FILES["data/images/launch.jpg"]).hexdigest()
    assert dict(issue.details)["expected"] == expected
    assert dict(issue.details)["actual"] == hashlib.sha512(bytes(data)).hexdigest()
    assert str(issue).startswith(
        f"F002 error: data/images/launch.jpg: content changed: sha512 expected {expected[:8]}…"
    )


def test_truncated_file(bag: Path) -> None:
    path = bag / "data/images/crew.jpg"
    path.write_bytes(path.read_bytes()[:-10])
    report = check_bag(bag)
    assert errors(report) == {("F002", "data/images/crew.jpg"), ("B013", "bag-info.txt")}


def test_deleted_file(bag: Path) -> None:
    (bag / "data/article.txt").unlink()
    report = check_bag(bag)
    assert errors(report) == {("F001", "data/article.txt"), ("B013", "bag-info.txt")}
    assert "manifest-sha512.txt" in found(report, "F001")[0].message


def test_added_file(bag: Path) -> None:
    (bag / "data/images/extra.jpg").write_bytes(b"new")
    report = check_bag(bag)
    assert errors(report) == {("F003", "data/images/extra.jpg"), ("B013", "bag-info.txt")}


def test_renamed_file(bag: Path) -> None:
    (bag / "data/article.txt").rename(bag / "data/story.txt")
    report = check_bag(bag)
    assert errors(report) == {("F001", "data/article.txt"), ("F003", "data/story.txt")}


def test_edited_manifest_line(bag: Path) -> None:
    manifest = bag / "manifest-sha512.txt"
    manifest.write_bytes(manifest.read_bytes().replace(b"data/article.txt", b"data/story.txt"))
    report = check_bag(bag)
    assert errors(report) == {
        ("F002", "manifest-sha512.txt"),  # the tag manifest notices the edit
        ("F001", "data/story.txt"),
        ("F003", "data/article.txt"),
    }


def test_edited_bag_info(bag: Path) -> None:
    info = bag / "bag-info.txt"
    info.write_bytes(info.read_bytes().replace(b"Test Archive", b"Other Archive"))
    report = check_bag(bag)
    assert errors(report) == {("F002", "bag-info.txt")}
    assert report.tagmanifest_digest == check_bag(bag).tagmanifest_digest


def test_edited_tag_manifest_changes_the_state_digest(bag: Path) -> None:
    before = check_bag(bag).tagmanifest_digest
    tagmanifest = bag / "tagmanifest-sha512.txt"
    tagmanifest.write_bytes(tagmanifest.read_bytes() + b"\n")
    after = check_bag(bag)
    assert after.tagmanifest_digest != before
    assert found(after, "B006", "tagmanifest-sha512.txt")  # a blank line


def test_file_replaced_by_symlink_is_not_read(bag: Path) -> None:
    target = bag / "data/article.txt"
    target.unlink()
    target.symlink_to("/etc/passwd")
    plan = plan_bag(bag)
    assert "data/article.txt" not in {c.relpath for c in plan.checks}
    report = check_bag(bag)
    assert ("B017", "data/article.txt") in errors(report)
    assert not found(report, "F002")
    assert not found(report, "F001", "data/article.txt")


def test_folder_replaced_by_symlink_is_not_followed(bag: Path, tmp_path: Path) -> None:
    images = bag / "data/images"
    images.rename(tmp_path / "elsewhere")
    images.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    plan = plan_bag(bag)
    assert not [c for c in plan.checks if c.relpath.startswith("data/images/")]
    report = check_bag(bag)
    assert ("B017", "data/images") in errors(report)
    assert not found(report, "F001")
    # Even asked directly, the hashing refuses to pass through the link.
    assert hash_file(bag, "data/images/crew.jpg", ["sha512"]).error is not None


def test_manifest_line_climbing_out_is_never_opened(bag: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_bytes(b"secret")
    digest = hashlib.sha512(b"secret").hexdigest()
    with (bag / "manifest-sha512.txt").open("a") as f:
        f.write(f"{digest}  data/../../secret.txt\n")
    plan = plan_bag(bag)
    assert not [c for c in plan.checks if "secret" in c.relpath]
    report = check_bag(bag)
    unsafe = found(report, "B007", "manifest-sha512.txt")
    assert unsafe and "data/../../secret.txt" in unsafe[0].message


@pytest.mark.parametrize(
    "path",
    ["/etc/passwd", "~/x", "~root/x", "C:/x", "data\\x", "\\\\?\\UNC\\s\\x", "data/a\x00b"],
)
def test_unsafe_manifest_paths(bag: Path, path: str) -> None:
    with (bag / "manifest-sha512.txt").open("a") as f:
        f.write(f"{'0' * 128}  {path}\n")
    assert found(check_bag(bag, fast=True), "B007", "manifest-sha512.txt")


def test_many_problems_are_all_reported(bag: Path) -> None:
    (bag / "data/article.txt").write_bytes(b"edited")
    (bag / "data/images/crew.jpg").unlink()
    (bag / "data/new.txt").write_bytes(b"new")
    (bag / "data/.DS_Store").write_bytes(b"")
    info = bag / "bag-info.txt"
    info.write_bytes(info.read_bytes() + b"Contact-Name: Someone\n")
    report = check_bag(bag)
    assert errors(report) == {
        ("F002", "data/article.txt"),
        ("F001", "data/images/crew.jpg"),
        ("F003", "data/new.txt"),
        ("F003", "data/.DS_Store"),
        ("F002", "bag-info.txt"),
        ("B013", "bag-info.txt"),
    }
    assert found(report, "B019", "data/.DS_Store")[0].level is Severity.WARNING


def test_fast_mode_checks_completeness_without_hashing(bag: Path) -> None:
    (bag / "data/article.txt").write_bytes(b"X" * len(FILES["data/article.txt"]))
    assert plan_bag(bag, fast=True).checks == ()
    assert check_bag(bag, fast=True).valid  # same size, not hashed
    assert not check_bag(bag).valid
    (bag / "data/images/crew.jpg").unlink()
    fast = check_bag(bag, fast=True)
    assert errors(fast) == {("F001", "data/images/crew.jpg"), ("B013", "bag-info.txt")}


def test_payload_oxum_mismatch_does_not_stop_hashing(bag: Path) -> None:
    info = bag / "bag-info.txt"
    text = info.read_text().replace("Payload-Oxum: ", "Payload-Oxum: 1")
    info.write_text(text)
    (bag / "data/article.txt").write_bytes(b"edited")
    report = check_bag(bag)
    assert {"B013", "F002"} <= {i.code.value for i in report.issues}
    assert ("F002", "data/article.txt") in errors(report)


def test_malformed_payload_oxum(bag: Path) -> None:
    info = bag / "bag-info.txt"
    info.write_text(info.read_text() + "Payload-Oxum: lots\n")
    assert found(check_bag(bag), "B012", "bag-info.txt")


def test_algorithm_selection(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "b", algorithms=("sha256", "md5"))
    plan = plan_bag(bag, algorithms=["sha256"])
    assert {alg for c in plan.checks for alg in c.expected} == {"sha256"}
    report = check_bag(bag)
    assert report.algorithms == ("sha256", "md5")
    assert [i.level for i in found(report, "B018")] == [Severity.WARNING] * 2
    asked = check_bag(bag, algorithms=["sha512"])
    assert found(asked, "B018", ".")
    with pytest.raises(UsageError):
        check_bag(bag, algorithms=["crc32"])


def test_three_steps_run_in_worker_processes(bag: Path) -> None:
    (bag / "data/article.txt").write_bytes(b"X" * len(FILES["data/article.txt"]))
    plan = plan_bag(bag)
    assert pickle.loads(pickle.dumps(plan)) == plan
    with ProcessPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(hash_file, plan.path, c.relpath, list(c.expected)) for c in plan.checks
        ]
        results = [f.result() for f in futures]
    report = finish_bag(plan, results)
    assert errors(report) == errors(check_bag(bag)) == {("F002", "data/article.txt")}


def test_a_result_that_never_came_is_reported(bag: Path) -> None:
    plan = plan_bag(bag)
    report = finish_bag(plan, [])
    assert {i.code.value for i in report.issues} == {"F004"}
    assert len(report.issues) == len(plan.checks)


def test_special_file_is_reported_not_read(bag: Path) -> None:
    os.mkfifo(bag / "data/pipe")
    report = check_bag(bag)
    assert ("F004", "data/pipe") in errors(report)
    assert hash_file(bag, "data/pipe", ["sha512"]).error


def test_unicode_normalisation_counts_as_present(tmp_path: Path) -> None:
    nfc = unicodedata.normalize("NFC", "data/Núñez.txt")
    bag = make_bag(tmp_path / "b", {nfc: b"n"})
    (bag / nfc).rename(bag / unicodedata.normalize("NFD", nfc))
    report = check_bag(bag)
    assert report.valid, report.issues
    (warning,) = report.issues
    assert warning.code.value == "B016" and warning.level is Severity.WARNING
    assert "NFC" in warning.message and "NFD" in warning.message


def test_case_only_difference_is_missing_with_a_note(bag: Path) -> None:
    (bag / "data/article.txt").rename(bag / "data/Article.txt")
    report = check_bag(bag)
    missing = found(report, "F001", "data/article.txt")[0]
    assert "data/Article.txt" in missing.message
    assert ("F003", "data/Article.txt") in errors(report)


def test_duplicate_entry_is_an_error_in_1_0(bag: Path) -> None:
    manifest = bag / "manifest-sha512.txt"
    first = manifest.read_text().splitlines()[0]
    manifest.write_text(manifest.read_text() + first + "\n")
    report = check_bag(bag)
    assert found(report, "B008")[0].level is Severity.ERROR


def test_every_manifest_must_list_every_file_in_1_0(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "b", algorithms=("sha512", "sha256"))
    manifest = bag / "manifest-sha256.txt"
    manifest.write_text("".join(manifest.read_text().splitlines(keepends=True)[1:]))
    report = check_bag(bag)
    partial = [i for i in report.issues if i.code.value == "F005"]
    assert len(partial) == 1 and partial[0].is_error
    assert "manifest-sha256.txt" in partial[0].message


def test_payload_manifest_listing_a_tag_file(bag: Path) -> None:
    digest = hashlib.sha512((bag / "bagit.txt").read_bytes()).hexdigest()
    with (bag / "manifest-sha512.txt").open("a") as f:
        f.write(f"{digest}  bagit.txt\n")
    assert ("B009", "bagit.txt") in errors(check_bag(bag))


def test_tag_manifest_rules(bag: Path) -> None:
    tagmanifest = bag / "tagmanifest-sha512.txt"
    lines = [x for x in tagmanifest.read_text().splitlines() if "manifest-sha512" not in x]
    lines.append(f"{'0' * 128}  data/article.txt")
    tagmanifest.write_text("\n".join(lines) + "\n")
    report = check_bag(bag)
    assert ("B021", "data/article.txt") in errors(report)
    assert ("B022", "tagmanifest-sha512.txt") in errors(report)


def test_unknown_algorithm_cannot_be_verified(bag: Path) -> None:
    (bag / "manifest-crc32.txt").write_text("deadbeef  data/article.txt\n")
    beside_sha512 = found(check_bag(bag), "B018", "manifest-crc32.txt")
    assert beside_sha512 and beside_sha512[0].level is Severity.WARNING
    (bag / "manifest-sha512.txt").unlink()
    alone = found(check_bag(bag), "B018", "manifest-crc32.txt")
    assert alone and alone[0].is_error


def test_fetch_listed_file_not_fetched(bag: Path) -> None:
    (bag / "data/images/crew.jpg").unlink()
    (bag / "fetch.txt").write_text("https://example.org/crew.jpg - data/images/crew.jpg\n")
    report = check_bag(bag, fast=True)
    assert ("B015", "data/images/crew.jpg") in errors(report)
    assert not found(report, "F001")


def test_not_a_bag(tmp_path: Path) -> None:
    missing = check_bag(tmp_path / "nothing")
    assert [(i.code.value, i.is_error) for i in missing.issues] == [("B001", True)]
    (tmp_path / "empty").mkdir()
    assert [i.code.value for i in check_bag(tmp_path / "empty").issues] == ["B001"]
    (tmp_path / "file").write_text("x")
    assert not check_bag(tmp_path / "file").valid


def test_missing_bagit_txt_is_reported_with_the_rest(bag: Path) -> None:
    (bag / "bagit.txt").unlink()
    (bag / "data/article.txt").write_bytes(b"edited")
    codes = {i.code.value for i in check_bag(bag).issues}
    assert {"B001", "F001", "F002"} <= codes


def test_missing_payload_folder_and_manifest(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b/bagit.txt").write_bytes(
        b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    )
    codes = {i.code.value for i in check_bag(tmp_path / "b").issues}
    assert codes == {"B004", "B005"}
