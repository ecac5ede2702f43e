"""run_fixity: many bags in parallel, each reported exactly as check_bag reports it."""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fixity_support import (
    check_all,
    codes,
    comparable,
    make_bag,
    many_files,
    plan_fails_for,
    reports,
)

from archive.bag import BagReport, check_bag
from archive.bag import checker as checker_module
from archive.bag.inventory import Inventory
from archive.bag.report import Plan
from archive.bag.work import Hashed, Ordered, Work
from archive.errors import FixityRunError, InputError
from archive.fixity import Skipped, Tally, count_bags, iter_bags, run_fixity
from archive.fixity import runner as runner_module
from archive.fixity import worker as worker_module
from archive.fixity.jobs import Job
from archive.fixity.pool import WorkerPool
from archive.fixity.worker import SpeculateTask

SUITE = Path(__file__).parent / "fixtures" / "bagit-conformance"


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    """A copy of the LoC conformance suite (one folder of 60 bags)."""
    copy = tmp_path / "suite"
    shutil.copytree(SUITE, copy, symlinks=True)
    return copy


@pytest.fixture(params=["whole", "split", "speculative"])
def path_kind(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each test through each way the runner can check a bag."""
    if request.param == "split":
        monkeypatch.setattr(runner_module, "SPLIT_BYTES", 0)
    if request.param == "speculative":
        monkeypatch.setattr(runner_module, "MANY_FILES_MANIFEST", 0)
        # Digests go back in parts of a few files (the workers are forked: they see it).
        monkeypatch.setattr(worker_module, "_PART_FILES", 3)
    return str(request.param)


def test_conformance_suite_reports_equal_check_bag(suite: Path, path_kind: str) -> None:
    found = reports([suite], workers=2)
    assert len(found) == 60
    for report in found:
        assert comparable(report) == comparable(check_bag(report.path)), report.path


def test_corrupt_bags_report_equal_check_bag(tmp_path: Path, path_kind: str) -> None:
    bags = [make_bag(tmp_path / f"bag{n}", many_files(40), identifier=f"urn:{n}") for n in range(4)]
    (bags[0] / "data/d1/f00001.bin").write_bytes(b"changed")
    (bags[1] / "data/d2/f00002.bin").unlink()
    (bags[2] / "data/extra.bin").write_bytes(b"new")
    found = reports([tmp_path], workers=2)
    assert [r.valid for r in found] == [False, False, False, True]
    for report in found:
        assert comparable(report) == comparable(check_bag(report.path))
    assert ("F002", "data/d1/f00001.bin") in codes(found[0])
    assert ("F001", "data/d2/f00002.bin") in codes(found[1])
    assert ("F003", "data/extra.bin") in codes(found[2])


def test_two_algorithms_and_a_file_in_one_manifest_only(tmp_path: Path, path_kind: str) -> None:
    bag = make_bag(tmp_path / "bag", many_files(30), algorithms=("sha256", "sha512"))
    lines = (bag / "manifest-sha256.txt").read_text().splitlines()
    (bag / "manifest-sha256.txt").write_text("\n".join(lines[1:]) + "\n")
    (report,) = reports([bag], workers=2)
    assert comparable(report) == comparable(check_bag(bag))
    assert report.algorithms == ("sha512", "sha256")


def test_a_bag_of_many_files_is_checked_speculatively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_module, "_PART_FILES", 100)
    bag = make_bag(tmp_path / "bag", many_files(1500, size=16))
    assert (bag / "manifest-sha512.txt").stat().st_size >= runner_module.MANY_FILES_MANIFEST
    (bag / "data/d3/f00003.bin").write_bytes(b"bit rot")
    seen: list[int] = []
    (report,) = reports([bag], workers=2, progress=lambda t: seen.append(t.partial_files))
    assert report.files == 1500
    assert seen and max(seen) <= 1500 + 6  # each file counted once (and the tag files)
    assert codes(report) == {("F002", "data/d3/f00003.bin"), ("B013", "bag-info.txt")}
    assert comparable(report) == comparable(check_bag(bag))


def test_a_bag_of_many_files_is_walked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bag = make_bag(tmp_path / "bag", many_files(1500, size=16))
    walks = tmp_path / "walks"
    real_walk = worker_module.walk

    def counted(root: str, **kwargs: Any) -> Inventory:
        if "stop" not in kwargs:  # not the look at the top that finds a bag of many files
            with walks.open("a") as out:  # the workers are forked: a file counts for all
                out.write(f"{root}\n")
        return real_walk(root, **kwargs)

    in_runner: list[bool] = []
    real_plan_walk = checker_module.walk

    def plan_walk(root: str, **kwargs: Any) -> Inventory:
        in_runner.append(kwargs.get("recursive", True))
        return real_plan_walk(root, **kwargs)

    hashed = worker_module.hash_in_order

    def slowly(*args: Any, **kwargs: Any) -> None:
        time.sleep(0.02)  # the speculation is still under way when the plan is made
        hashed(*args, **kwargs)

    monkeypatch.setattr(worker_module, "walk", counted)
    monkeypatch.setattr(worker_module, "hash_in_order", slowly)
    monkeypatch.setattr(checker_module, "walk", plan_walk)
    (bag / "data/d3/f00003.bin").write_bytes(b"bit rot")
    (report,) = reports([bag], workers=2)
    # The first worker walked it; the runner listed only the top level (for
    # the manifests) and the worker that joined took the first one's list.
    assert walks.read_text().splitlines() == [str(bag)]
    assert in_runner == [False]
    assert codes(report) == {("F002", "data/d3/f00003.bin"), ("B013", "bag-info.txt")}
    assert comparable(report) == comparable(check_bag(bag))


def test_small_bags_go_out_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner_module, "_BATCH_SECONDS", 60.0)  # as large as _BATCH_BAGS allows
    for n in range(40):
        make_bag(tmp_path / f"bag{n:02d}", identifier=f"urn:{n}")
    (tmp_path / "bag17/data/article.txt").write_bytes(b"changed")
    sent: list[object] = []
    real_send = runner_module.WorkerPool.send

    def counted(pool: object, worker: int, task: object) -> None:
        sent.append(task)
        real_send(pool, worker, task)  # type: ignore[arg-type]

    monkeypatch.setattr(runner_module.WorkerPool, "send", counted)
    found = reports([tmp_path], workers=2)
    assert [r.path.rsplit("/", 1)[1] for r in found] == [f"bag{n:02d}" for n in range(40)]
    assert [r.valid for r in found] == [n != 17 for n in range(40)]
    assert ("F002", "data/article.txt") in codes(found[17])
    batches = [t for t in sent if isinstance(t, worker_module.Bags)]
    assert batches and len(sent) < 10  # the first bags one by one, then batches
    assert sum(len(b.tasks) for b in batches) + len(sent) - len(batches) == 40


def test_a_failing_check_in_a_batch_names_its_bag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner_module, "_BATCH_SECONDS", 60.0)
    for n in range(40):
        make_bag(tmp_path / f"bag{n:02d}", identifier=f"urn:{n}")
    plan_fails_for(monkeypatch, "bag25")
    with pytest.raises(FixityRunError, match="a bug in the checker") as caught:
        reports([tmp_path], workers=2)
    assert caught.value.input is not None and str(caught.value.input).endswith("bag25")


def test_fast_mode_reads_no_file(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    article = bag / "data/article.txt"
    article.write_bytes(article.read_bytes()[::-1])  # same size, new content
    (full,) = reports([bag])
    (fast,) = reports([bag], fast=True)
    assert not full.valid
    assert fast.valid and fast.files == 3


def test_one_worker_checks_everything(tmp_path: Path, path_kind: str) -> None:
    for n in range(3):
        make_bag(tmp_path / f"b{n}", many_files(20))
    found = reports([tmp_path], workers=1)
    assert [r.valid for r in found] == [True, True, True]


def test_discovery_skips_payload_and_temporaries(tmp_path: Path) -> None:
    outer = make_bag(tmp_path / "outer", {"data/inner/bagit.txt": b"BagIt-Version: 1.0\n"})
    make_bag(tmp_path / "shelf" / "a")
    make_bag(tmp_path / "shelf" / ".archive-tmp" / "half")
    found = list(iter_bags([tmp_path, tmp_path / "shelf"]))
    assert found == [str(outer), str(tmp_path / "shelf" / "a")]
    assert count_bags([tmp_path]) == 2


def test_a_given_folder_that_looks_like_a_bag_is_checked(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag")
    (bag / "bagit.txt").unlink()
    (report,) = reports([bag])
    assert ("B001", "bagit.txt") in codes(report)


@pytest.mark.parametrize("kind", ["missing", "file", "empty"])
def test_paths_that_hold_no_bag_are_input_errors(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "x"
    if kind == "file":
        target.write_text("x")
    if kind == "empty":
        target.mkdir()
    with pytest.raises(InputError) as caught:
        check_all([target])
    assert caught.value.input == str(target)


def test_skip_and_tally(tmp_path: Path) -> None:
    for n in range(5):
        make_bag(tmp_path / f"b{n}", identifier=f"urn:{n}")
    tally = Tally(bags_total=5)
    seen: list[int] = []
    found = check_all(
        [tmp_path],
        skip=lambda p: "2026-01-01T00:00:00Z" if p.endswith(("b1", "b3")) else None,
        tally=tally,
        progress=lambda t: seen.append(t.bags_done),
    )
    assert [type(o) for o in found] == [BagReport, Skipped, BagReport, Skipped, BagReport]
    assert tally.bags_done == 5 and tally.bags_skipped == 2
    assert tally.files == 9 and tally.fraction == 1.0
    assert tally.partial_files == tally.partial_bytes == tally.partial_expected == 0
    assert seen


def test_paths_are_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_bag(tmp_path / "bag")
    monkeypatch.chdir(tmp_path)
    (report,) = reports([Path("bag")])
    assert report.path == str(tmp_path / "bag") and Path(report.path).is_absolute()


def test_outcomes_stream_before_the_run_ends(tmp_path: Path) -> None:
    for n in range(6):
        make_bag(tmp_path / f"b{n}")
    outcomes = run_fixity([tmp_path], workers=2)
    first = next(outcomes)
    assert isinstance(first, BagReport) and first.valid
    outcomes.close()  # stops and reaps the workers


def test_a_wait_ends_when_the_pool_is_woken() -> None:
    # How the runner's reader thread is stopped as soon as a plan is made.
    got: list[object] = []
    with WorkerPool(1, worker_module.handle) as pool:
        waiter = threading.Thread(target=lambda: got.append(pool.wait()))
        waiter.start()
        time.sleep(0.1)
        assert waiter.is_alive()  # nothing to read: it waits
        pool.wake()
        waiter.join(10)
        assert not waiter.is_alive() and got == [[]]


def test_an_ordered_part_is_compared_in_one_piece() -> None:
    # The plan keeps the payload's digests in the walk's order (Work.ordered):
    # a part that matches is only flagged; a part that does not, or holds a
    # tag file, is put by name and judged as any.
    names = [f"data/f{i}" for i in range(6)]
    content = {n: n.encode() * 3 for n in names}
    column = b"".join(hashlib.sha256(content[n]).digest() for n in names)
    tags = {"bag-info.txt": hashlib.sha256(b"tag").hexdigest()}
    work = Work({"sha256": tags}, Ordered(names, {"sha256": column}))
    plan = Plan("bag", work=work, payload_bytes=None, hashed=names)
    job = Job.speculative("bag", ("sha256",), 2, tags=True)
    task = job.take()
    assert isinstance(task, SpeculateTask)
    job.order, job.payload_from = ["bag-info.txt", *names], 1

    def part(*spans: tuple[int, int], rot: str = "") -> Hashed:
        got = Hashed(spans=list(spans))
        for start, count in spans:
            for name in job.order[start : start + count]:
                data = b"bit rot" if name == rot else content.get(name, b"tag")
                got.digests.setdefault("sha256", bytearray()).extend(hashlib.sha256(data).digest())
                got.sizes.append(len(data))
        return got

    job.answer(task, part((4, 1)), final=False)  # before the plan: kept as it is
    job.planned(plan)
    joiner = job.take()
    assert job.done == bytearray(b"\0\0\0\1\0\0") and not job.got.hexes
    job.answer(task, part((5, 2), rot="data/f5"), final=False)  # a digest differs: by name
    job.answer(task, part((0, 4)), final=True)  # the tag file by name, f0 to f2 compared
    job.answer(joiner, Hashed(), final=True)
    assert set(job.got.hexes["sha256"]) == {"bag-info.txt", "data/f4", "data/f5"}
    assert job.done == bytearray(b"\1\1\1\1\0\0")
    assert job.advance() == "done"
    assert plan.hashed == ["data/f4", "data/f5"]  # the others' bytes are counted already
    report = job.finish()
    assert [(i.code.name, i.where) for i in report.issues] == [("F002", "data/f5")]
    assert report.bytes == sum(map(len, content.values())) - len(content["data/f5"]) + 7


def test_a_speculation_part_that_matches_is_not_put_by_name() -> None:
    names = [f"data/f{i}" for i in range(6)]
    content = {n: n.encode() * 3 for n in names}
    expected = {n: hashlib.sha256(c).hexdigest() for n, c in content.items()}
    plan = Plan("bag", work=Work({"sha256": dict(expected)}), payload_bytes=None, hashed=names)
    job = Job.speculative("bag", ("sha256",), 2, tags=True)
    task = job.take()
    assert isinstance(task, SpeculateTask)
    job.order, job.payload_from = ["bag-info.txt", *names], 1  # a tag file first

    def part(start: int, count: int, rot: str = "") -> Hashed:
        got = Hashed(spans=[(start, count)])
        for name in job.order[start : start + count]:
            data = b"bit rot" if name == rot else content.get(name, b"tag")
            got.digests.setdefault("sha256", bytearray()).extend(hashlib.sha256(data).digest())
            got.sizes.append(len(data))
        return got

    job.answer(task, part(1, 2), final=False)  # before the plan: kept as it is
    assert not job.got.matched and not job.got.hexes
    job.planned(plan)
    joiner = job.take()  # the worker kept free for the planner joins
    job.answer(task, part(3, 1), final=False)
    assert job.got.matched == set(names[:3]) and not job.got.hexes
    job.answer(task, part(4, 3, rot="data/f4"), final=False)  # a digest differs: by name
    job.answer(task, part(0, 1), final=True)  # the tag file (the plan has no digest of it)
    job.answer(joiner, Hashed(), final=True)  # it came too late to find any left
    assert set(job.got.hexes["sha256"]) == {"bag-info.txt", *names[3:]}
    assert job.advance() == "done"  # nothing left to hash: matched files count as done
    report = job.finish()
    assert [(i.code.name, i.where) for i in report.issues] == [("F002", "data/f4")]
    assert report.bytes == sum(map(len, content.values())) - len(content["data/f4"]) + 7
