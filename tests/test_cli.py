"""The command line: help, output, --json and exit codes, run in-process and as a program."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EPOCH, SAMPLES
from helpers import run_cli

from archive.cli import build_parser


def _commands() -> list[list[str]]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    out = []
    for name, p in sub.choices.items():  # type: ignore[union-attr]
        out.append([name])
        nested = [a for a in p._actions if getattr(a, "choices", None) and a.dest == "subcommand"]
        for action in nested:
            out += [[name, n] for n in action.choices]  # type: ignore[union-attr]
    return out


@pytest.mark.parametrize("argv", _commands(), ids=" ".join)
def test_every_command_has_help(argv: list[str]) -> None:
    code, out, _ = run_cli([*argv, "--help"])
    assert code == 0
    assert "usage: archive" in out


def test_version_and_usage_errors() -> None:
    code, out, _ = run_cli(["--version"])
    assert code == 0 and out.startswith("archive ")
    code, _, err = run_cli([])
    assert code == 2 and "error" in err
    code, _, err = run_cli(["package"])
    assert code == 2 and "INPUT" in err
    code, _, err = run_cli(["frobnicate"])
    assert code == 2


def test_package_prints_each_bag_and_validate_accepts_it(tmp_path: Path, fixed_epoch: int) -> None:
    code, out, err = run_cli(
        [
            "package",
            str(SAMPLES / "soyuz-tma-11m"),
            str(SAMPLES / "apollo-11"),
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0, err
    assert sorted(out.splitlines()) == [
        str(tmp_path / "apollo-11"),
        str(tmp_path / "soyuz-tma-11m"),
    ]
    code, out, err = run_cli(
        ["validate", str(tmp_path / "apollo-11"), str(tmp_path / "soyuz-tma-11m")]
    )
    assert code == 0, out + err
    assert out.count(": valid") == 2


def test_package_json(tmp_path: Path, fixed_epoch: int) -> None:
    code, out, _ = run_cli(
        ["package", str(SAMPLES / "soyuz-tma-10m"), "--out", str(tmp_path), "--json"]
    )
    assert code == 0
    doc = json.loads(out)
    assert doc["ok"] is True
    (result,) = doc["bags"]
    assert result["bag"] == str(tmp_path / "soyuz-tma-10m") and result["images"] == 4


def test_bad_input_exits_2_and_names_it(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "article.txt").write_text('[caption id="attachment_1"]never closed')
    code, out, err = run_cli(["package", str(src), "--out", str(tmp_path / "out"), "--json"])
    assert code == 2
    assert str(src / "article.txt") in err and "line 1" in err.replace(":1:", "line 1")
    doc = json.loads(out)
    assert doc["ok"] is False and doc["bags"][0]["error"]["type"] == "ParseError"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_bad_options_exit_2(tmp_path: Path) -> None:
    for argv in (
        ["package", str(SAMPLES / "apollo-11"), "--base-iri", "not an iri"],
        ["package", str(SAMPLES / "apollo-11"), "--algorithm", "crc32"],
        ["package", str(SAMPLES / "apollo-11"), "--info", "Payload-Oxum=1.1"],
        ["validate", str(tmp_path / "no-such-bag")],
    ):
        code, _, err = run_cli([*argv, "--out", str(tmp_path)] if argv[0] == "package" else argv)
        assert code == 2, argv
        assert err.startswith("archive: error:"), err


def test_validate_reports_every_problem_and_exits_1(tmp_path: Path, fixed_epoch: int) -> None:
    run_cli(["package", str(SAMPLES / "soyuz-tma-11m"), "--out", str(tmp_path)])
    root = tmp_path / "soyuz-tma-11m"
    image = root / "data/images/attachment_1216379.jpg"
    data = bytearray(image.read_bytes())
    data[1000] ^= 0x01
    image.write_bytes(bytes(data))
    (root / "data/images/attachment_1216381.jpg").unlink()
    code, out, _ = run_cli(["validate", str(root)])
    assert code == 1
    assert "INVALID" in out
    assert (
        "data/images/attachment_1216379.jpg" in out and "data/images/attachment_1216381.jpg" in out
    )
    code, out, _ = run_cli(["validate", str(root), "--json"])
    doc = json.loads(out)
    assert doc["valid"] is False
    assert {"F001", "F002"} <= {i["code"] for i in doc["issues"]}


def test_validate_catches_edited_metadata(tmp_path: Path, fixed_epoch: int) -> None:
    """A metadata file edited and re-manifested is still caught by schema and graph checks."""
    run_cli(["package", str(SAMPLES / "apollo-11"), "--out", str(tmp_path)])
    root = tmp_path / "apollo-11"
    path = root / "data/metadata/images/figure-001.jsonld"
    doc = json.loads(path.read_text())
    del doc["caption"]
    path.write_text(json.dumps(doc))
    code, out, _ = run_cli(["validate", str(root), "--json"])
    codes = {i["code"] for i in json.loads(out)["issues"]}
    assert code == 1 and {"F002", "S002", "G002"} <= codes


def test_runs_as_a_program_from_another_folder(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": str(EPOCH), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "archive", "package", str(SAMPLES / "apollo-11"), "--out", "bags"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "bags/apollo-11"
    assert result.stderr == ""  # a script sees no progress display
