"""Stopping a fixity run: Ctrl-C, SIGTERM, a dead or failing worker, a killed runner.

Each way out must leave no process behind (checked by scanning /proc) and
keep what was checked: the report lines and log events already written.

The slow bags hold an 8 GiB sparse file (no disk space; about 20 s of
SHA-512 work), so the run is surely in the middle of them when it is stopped.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixity_support import children, group_members, make_bag, plan_fails_for

from archive.bag import BagReport
from archive.errors import FixityRunError
from archive.fixity import run_fixity

SMALL = 8


@pytest.fixture(scope="module")
def shelf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shelf")
    for n in range(SMALL):
        make_bag(root / f"a{n:02d}", identifier=f"urn:small:{n}")
    for n in range(2):
        bag = make_bag(root / f"z{n}", {"data/huge.bin": b""})
        os.truncate(bag / "data/huge.bin", 8 << 30)
    return root


def _wait_until(condition: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_a_killed_worker_stops_the_run_cleanly(shelf: Path) -> None:
    outcomes = run_fixity([shelf], workers=2)
    done = [next(outcomes) for _ in range(SMALL)]
    assert all(isinstance(r, BagReport) and r.valid for r in done)
    workers = children(os.getpid())
    assert len(workers) == 2
    os.kill(workers[0], signal.SIGKILL)
    started = time.monotonic()
    with pytest.raises(FixityRunError, match="killed by signal 9"):
        next(outcomes)
    assert time.monotonic() - started < 10
    assert children(os.getpid()) == []


def test_a_failing_check_stops_the_run_cleanly(
    shelf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_fails_for(monkeypatch, "a03")
    with pytest.raises(FixityRunError, match="a bug in the checker") as caught:
        for _ in run_fixity([shelf], workers=2):
            pass
    assert caught.value.input is not None and caught.value.input.endswith("a03")
    assert children(os.getpid()) == []


def test_closing_the_run_early_reaps_the_workers(shelf: Path) -> None:
    outcomes = run_fixity([shelf], workers=2)
    next(outcomes)
    assert len(children(os.getpid())) == 2
    outcomes.close()
    assert children(os.getpid()) == []


def test_the_workers_leave_once_the_last_bag_is_checked(tmp_path: Path) -> None:
    make_bag(tmp_path / "only")
    outcomes = run_fixity([tmp_path], workers=2)
    (report,) = [next(outcomes)]  # the last outcome: the caller has not finished with it
    assert isinstance(report, BagReport) and report.valid
    # Told to stop before it was handed over, the workers exit on their own
    # while the caller writes its report, rather than when the run is closed.
    _wait_until(lambda: children(os.getpid()) == [], timeout=10)
    assert list(outcomes) == []


def _start_cli(shelf: Path, tmp_path: Path) -> tuple[subprocess.Popen[bytes], Path, Path]:
    report, log = tmp_path / "report.jsonl", tmp_path / "log.sqlite"
    command = [sys.executable, "-m", "archive", "fixity", str(shelf), "--workers", "2"]
    command += ["--report", str(report), "--log", str(log)]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, as a shell job has
    )

    def small_ones_done() -> bool:
        return report.exists() and report.read_text().count("\n") >= SMALL

    _wait_until(small_ones_done)
    return process, report, log


def _kept(report: Path, log: Path) -> None:
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    assert len(lines) == SMALL and all(line["outcome"] == "pass" for line in lines)
    db = sqlite3.connect(log)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM event").fetchone()[0] == SMALL


@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_an_interrupted_cli_run_stops_cleanly_and_keeps_its_work(
    shelf: Path, tmp_path: Path, how: str
) -> None:
    process, report, log = _start_cli(shelf, tmp_path)
    assert len(group_members(process.pid)) == 3  # the runner and two workers
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)  # a terminal signals the whole group
    else:
        process.send_signal(signal.SIGTERM)  # a scheduler signals the job
    _, err = process.communicate(timeout=20)
    assert process.returncode == 130
    assert b"interrupted" in err and b"Traceback" not in err
    assert group_members(process.pid) == []
    _kept(report, log)


def test_a_runner_killed_outright_takes_its_workers_along(shelf: Path, tmp_path: Path) -> None:
    process, report, log = _start_cli(shelf, tmp_path)
    process.kill()
    process.communicate(timeout=20)
    _wait_until(lambda: not group_members(process.pid), timeout=10)
    _kept(report, log)
