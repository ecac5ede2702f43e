"""``archive fixity``: exit codes, the summary, the report, the log, --since and history."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fixity_support import make_bag
from helpers import run_cli

SUITE = Path(__file__).parent / "fixtures" / "bagit-conformance"


@pytest.fixture(autouse=True)
def _state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the default log out of the real home folder."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


@pytest.fixture
def shelf(tmp_path: Path) -> Path:
    root = tmp_path / "shelf"
    for n in range(3):
        make_bag(root / f"bag{n}", identifier=f"urn:bag:{n}")
    return root


def corrupt(bag: Path) -> None:
    target = bag / "data/images/launch.jpg"
    target.write_bytes(target.read_bytes()[::-1])


def test_help() -> None:
    code, out, _ = run_cli(["fixity", "--help"])
    assert code == 0
    assert "history BAG" in out and "fixity.sqlite" in out and "--since" in out


def test_a_fixity_run_loads_only_what_it_needs(shelf: Path, tmp_path: Path) -> None:
    # archive fixity may run once per bag from a script: it must not pay for
    # the packaging pipeline, the SHACL and SPARQL engines or bagit-python.
    heavy = ("archive.pipeline", "pyshacl", "rdflib", "pyoxigraph", "lxml", "PIL", "bagit")
    code = (
        "import sys; from archive.cli import main; "
        f"code = main(['fixity', {str(shelf)!r}, '--quiet', '--log', {str(tmp_path / 'l.db')!r}]); "
        f"print(code, [m for m in {heavy!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "0 []"


def test_all_valid_is_exit_0_with_a_summary(shelf: Path, _state_home: Path) -> None:
    code, out, err = run_cli(["fixity", str(shelf)])
    assert code == 0, err
    assert out.strip().splitlines()[-1].startswith("checked 3 bags (9 files,")
    assert "3 valid, 0 invalid" in out and err == ""
    assert (_state_home / "archive" / "fixity.sqlite").is_file()


def test_an_invalid_bag_is_exit_1_and_named_with_its_file(shelf: Path) -> None:
    corrupt(shelf / "bag1")
    code, out, _ = run_cli(["fixity", str(shelf)])
    assert code == 1
    assert f"INVALID {shelf / 'bag1'} (urn:bag:1)" in out
    assert "F002 error: data/images/launch.jpg: content changed" in out
    assert "2 valid, 1 invalid" in out


def test_the_report_has_one_line_per_bag(shelf: Path, tmp_path: Path) -> None:
    corrupt(shelf / "bag2")
    report = tmp_path / "out" / "report.jsonl"
    report.parent.mkdir()
    code, _, _ = run_cli(["fixity", str(shelf), "--report", str(report), "--no-log"])
    assert code == 1
    lines = sorted(
        (json.loads(x) for x in report.read_text().splitlines()), key=lambda d: d["path"]
    )
    assert [x["outcome"] for x in lines] == ["pass", "pass", "fail"]
    bad = lines[2]
    assert bad["identifier"] == "urn:bag:2" and bad["files"] == 3 and bad["bytes"] > 0
    assert bad["duration"] >= 0 and bad["algorithms"] == ["sha512"]
    (problem,) = bad["problems"]
    assert problem["code"] == "F002" and problem["where"] == "data/images/launch.jpg"
    assert problem["expected"] != problem["actual"]


def test_json_lines_on_stdout(shelf: Path) -> None:
    code, out, _ = run_cli(["fixity", str(shelf), "--json", "--no-log"])
    assert code == 0
    assert [json.loads(x)["outcome"] for x in out.splitlines()] == ["pass"] * 3


def test_a_bag_with_many_problems_is_one_whole_line_in_both_outputs(
    shelf: Path, tmp_path: Path
) -> None:
    # More problems than a block of findings: the line is written in pieces.
    with open(shelf / "bag1/manifest-sha512.txt", "a", encoding="utf-8") as fh:
        for i in range(10_000):
            fh.write(f"{i:0128x}  data/missing/{i}.jpg\n")
    report = tmp_path / "report.jsonl"
    code, out, _ = run_cli(["fixity", str(shelf), "--json", "--report", str(report), "--no-log"])
    assert code == 1
    assert out == report.read_text(encoding="utf-8") and out.count("\n") == 3
    (bad,) = [json.loads(x) for x in out.splitlines() if '"fail"' in x]
    assert len(bad["problems"]) == 10_001  # each missing file, and the edited manifest (F002)
    line = next(x for x in out.splitlines() if '"fail"' in x)
    assert line == json.dumps(bad, ensure_ascii=False, sort_keys=True)


def test_a_bad_path_stops_the_run_before_any_bag_is_checked(shelf: Path, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    report, log = tmp_path / "r.jsonl", tmp_path / "log.sqlite"
    argv = ["fixity", str(shelf), str(tmp_path / "empty"), "--report", str(report)]
    code, _, err = run_cli([*argv, "--log", str(log)])
    assert code == 2 and "holds no bag" in err
    assert not report.exists() and not log.exists()


def test_a_warning_bag_is_valid_with_a_warning_on_stderr(tmp_path: Path) -> None:
    bag = shutil.copytree(SUITE / "v0.97/warning/made-with-md5sum-tools", tmp_path / "bag")
    code, out, err = run_cli(["fixity", str(bag), "--no-log"])
    assert code == 0
    assert "archive: warning:" in err and "B020" in err
    assert "1 bag with warnings" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["fixity", "{tmp}/missing"], "is not a folder"),
        (["fixity", "{tmp}/empty"], "holds no bag"),
        (["fixity", "{shelf}", "{tmp}/empty"], "holds no bag"),
        (["fixity", "{shelf}", "--since", "soon"], "not an age"),
        (["fixity", "{shelf}", "--since", "1d", "--no-log"], "--since"),
        (["fixity", "{shelf}", "--workers", "-1"], "--workers"),
        (["fixity", "{shelf}", "--log", "{tmp}/x.sqlite", "--no-log"], "contradict"),
        (["fixity", "{shelf}", "--log", "{tmp}/junk"], "fixity log"),
        (["fixity", "{shelf}", "--report", "{tmp}/no/such/folder/r.jsonl"], "report"),
        (["fixity", "history"], "usage"),
        (["fixity", "history", "{shelf}/bag0", "--log", "{tmp}/none.sqlite"], "no fixity log"),
    ],
)
def test_usage_and_input_errors_are_exit_2(
    shelf: Path, tmp_path: Path, argv: list[str], message: str
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "junk").write_bytes(b"junk" * 1000)
    args = [a.format(tmp=tmp_path, shelf=shelf) for a in argv]
    code, _, err = run_cli(args)
    assert code == 2
    assert message in err


def test_since_skips_recent_passes_and_history_lists_checks(shelf: Path) -> None:
    assert run_cli(["fixity", str(shelf)])[0] == 0
    corrupt(shelf / "bag0")  # bit rot: the manifests are unchanged
    code, out, _ = run_cli(["fixity", str(shelf), "--since", "1h"])
    assert code == 0 and "3 skipped" in out  # that is what --since means
    code, out, _ = run_cli(["fixity", str(shelf)])
    assert code == 1 and "2 valid, 1 invalid" in out
    code, out, _ = run_cli(["fixity", str(shelf), "--since", "1h"])
    assert code == 1 and "0 valid, 1 invalid, 2 skipped" in out  # a failure is checked again
    code, out, _ = run_cli(["fixity", "history", str(shelf / "bag0")])
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"{shelf / 'bag0'} (urn:bag:0): 3 check(s)"
    assert [" pass " in lines[1], " fail " in lines[2]] == [True, True]
    assert "F002 error: data/images/launch.jpg" in out
    code, out, _ = run_cli(["fixity", "history", str(shelf / "bag0"), "--json"])
    events = json.loads(out)["events"]
    assert [e["event_outcome"] for e in events] == ["pass", "fail", "fail"]
    assert run_cli(["fixity", "history", str(shelf / "nowhere")])[0] == 1


def test_fast_checks_are_logged_as_fast(shelf: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.sqlite"
    assert run_cli(["fixity", str(shelf), "--fast", "--log", str(log)])[0] == 0
    db = sqlite3.connect(log)
    assert {r[0] for r in db.execute("SELECT event_detail FROM event")} == {"fast"}
    code, out, _ = run_cli(["fixity", str(shelf), "--since", "1d", "--log", str(log)])
    assert code == 0 and "3 valid" in out  # a fast check does not excuse a full one


def test_a_bag_in_a_bags_payload_is_payload(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    make_bag(inner)
    outer = tmp_path / "outer"
    (outer / "data").mkdir(parents=True)
    shutil.copytree(inner, outer / "data" / "inner")
    make_bag(outer)
    code, out, _ = run_cli(["fixity", str(outer), "--no-log"])
    assert code == 0 and "checked 1 bag (" in out


def test_a_script_sees_nothing_but_the_summary(shelf: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "archive", "fixity", str(shelf)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_STATE_HOME": str(shelf.parent / "state")},
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1
