"""Resource faults: a full disk, a read-only output folder, an unreadable image.

Real faults, not mocks: each command runs in a private mount namespace
(`unshare -m`, or `unshare -rm` without root) on a tiny or read-only tmpfs,
and the check of what was left runs in the same namespace before it vanishes.
Unreadable files are made by running as an unprivileged user when the tests
run as root (root reads any file whatever its mode).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import EPOCH, SAMPLES

# Runs inside the namespace: mount, run the command, report exit code, stderr and what is left.
_INSIDE = textwrap.dedent(
    """
    import json, os, subprocess, sys
    from pathlib import Path
    mountpoint, options, argv = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", mountpoint], check=True)
    proc = subprocess.run([sys.executable, "-m", "archive", *argv], capture_output=True, text=True)
    from archive.validate.bags import validate_bag
    left = {}
    for root, dirs, _ in os.walk(mountpoint):
        for d in list(dirs):
            p = Path(root) / d
            if (p / "bagit.txt").exists() and p.parent.name != "data":
                left[p.name] = validate_bag(p).valid
    entries = sorted(str(p.relative_to(mountpoint)) for p in Path(mountpoint).rglob("*"))
    report = {"code": proc.returncode, "stderr": proc.stderr, "bags": left, "entries": entries}
    print(json.dumps(report))
    """
)


def _namespace() -> list[str]:
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux)")
    prefix = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot make a mount namespace here: {probe.stderr.decode().strip()}")
    return prefix


def _run_on_tmpfs(mountpoint: Path, options: str, argv: list[str]) -> dict[str, object]:
    mountpoint.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)}
    proc = subprocess.run(
        [*_namespace(), sys.executable, "-c", _INSIDE, str(mountpoint), options, json.dumps(argv)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    result: dict[str, object] = json.loads(proc.stdout)
    assert "Traceback" not in str(result["stderr"]), result["stderr"]
    return result


@pytest.mark.parametrize("size", ["48k", "128k", "176k", "240k", "512k"])
def test_full_disk_leaves_a_valid_bag_or_nothing(tmp_path: Path, size: str) -> None:
    out = tmp_path / "disk"
    result = _run_on_tmpfs(
        out, f"size={size}", ["package", str(SAMPLES / "soyuz-tma-10m"), "--out", str(out / "bags")]
    )
    if result["code"] == 0:
        assert result["bags"] == {"soyuz-tma-10m": True}
    else:
        assert result["code"] == 2
        assert "No space left on device" in str(result["stderr"]), result["stderr"]
        assert result["bags"] == {}
        assert not [e for e in result["entries"] if ".archive-" in str(e)], result["entries"]  # type: ignore[attr-defined]


def test_full_disk_for_the_fixity_log(tmp_path: Path) -> None:
    out = tmp_path / "disk"
    argv = [
        "fixity",
        str(SAMPLES.parent / "tests/fixtures/bagit-conformance/v1.0/valid"),
        "--log",
        str(out / "log.sqlite"),
    ]
    result = _run_on_tmpfs(out, "size=4k", argv)
    assert result["code"] == 2, result
    assert "log" in str(result["stderr"]).lower()


def test_full_disk_for_the_query_store(tmp_path: Path) -> None:
    out = tmp_path / "disk"
    bags = tmp_path / "bags"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "archive",
            "package",
            str(SAMPLES / "apollo-11"),
            "--out",
            str(bags),
        ],
        check=True,
        capture_output=True,
    )
    result = _run_on_tmpfs(
        out, "size=64k", ["index", str(bags), "--store", str(out / "store"), "--no-fixity-log"]
    )
    assert result["code"] == 2, result
    assert str(out / "store") in str(result["stderr"])


@pytest.mark.parametrize(
    "argv",
    [
        ["package", str(SAMPLES / "apollo-11"), "--out", "{ro}/bags"],
        [
            "fixity",
            str(SAMPLES.parent / "tests/fixtures/bagit-conformance/v1.0/valid"),
            "--log",
            "{ro}/log.sqlite",
        ],
    ],
    ids=["package", "fixity log"],
)
def test_read_only_output_is_a_clear_error(tmp_path: Path, argv: list[str]) -> None:
    ro = tmp_path / "ro"
    result = _run_on_tmpfs(ro, "ro,size=1m", [a.replace("{ro}", str(ro)) for a in argv])
    assert result["code"] == 2, result
    assert (
        "Read-only file system" in str(result["stderr"])
        or "read-only" in str(result["stderr"]).lower()
    )
    assert result["entries"] == []


def test_unreadable_image_is_a_clear_error(tmp_path: Path) -> None:
    # A world-traversable folder, so that an unprivileged user can reach the article.
    base = Path("/tmp") / f"archive-unreadable-{os.getpid()}"
    shutil.rmtree(base, ignore_errors=True)
    shutil.copytree(SAMPLES / "soyuz-tma-10m", base / "in")
    try:
        for p in [base, *base.rglob("*")]:
            p.chmod(0o777 if p.is_dir() else 0o644)
        image = base / "in/images/attachment_1151003.jpg"
        image.chmod(0o000)
        drop: list[str] = []
        if os.geteuid() == 0:
            if shutil.which("setpriv") is None:
                pytest.skip("needs setpriv to drop root")
            drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        env = {**os.environ, "PYTHONPATH": str(SAMPLES.parent)}
        probe = subprocess.run(
            [*drop, sys.executable, "-c", "import archive"], env=env, cwd=base, capture_output=True
        )
        if probe.returncode != 0:
            pytest.skip("the unprivileged user cannot reach this checkout or its interpreter")
        out = str(base / "out")
        argv = [*drop, sys.executable, "-m", "archive", "package", str(base / "in"), "--out", out]
        proc = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, cwd=base)
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        assert "attachment_1151003.jpg" in proc.stderr and "ermission denied" in proc.stderr
        assert not (base / "out").exists() or not any((base / "out").iterdir())
    finally:
        shutil.rmtree(base, ignore_errors=True)
