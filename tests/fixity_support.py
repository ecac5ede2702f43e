"""Helpers shared by the fixity tests: building bags and looking for leftover processes."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from archive.bag import BagReport, write_bag
from archive.fixity import Skipped, run_fixity
from archive.fixity import worker as worker_module
from archive.validate.issues import Issue

FILES = {
    "data/article.txt": b"Soyuz TMA-11M launches with the Olympic torch.\n",
    "data/images/launch.jpg": bytes(range(256)) * 64,
    "data/images/crew.jpg": b"\xff\xd8crew" * 100,
}


def make_bag(
    root: Path,
    files: dict[str, bytes] | None = None,
    *,
    identifier: str = "urn:test:1",
    algorithms: tuple[str, ...] = ("sha512",),
) -> Path:
    """A valid BagIt 1.0 bag at ``root`` holding ``files`` (bag-relative paths)."""
    for rel, data in (FILES if files is None else files).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / "data").mkdir(parents=True, exist_ok=True)
    info = [("Source-Organization", "Test Archive"), ("External-Identifier", identifier)]
    write_bag(root, info=info, algorithms=algorithms)
    return root


def many_files(count: int, size: int = 100) -> dict[str, bytes]:
    """``count`` distinct small payload files spread over a few folders."""
    return {f"data/d{n % 7}/f{n:05d}.bin": n.to_bytes(4, "big") * (size // 4) for n in range(count)}


def check_all(paths: Iterable[Path], **kwargs: object) -> list[BagReport | Skipped]:
    """Every outcome of a fixity run, sorted by path."""
    with contextlib.closing(run_fixity(list(paths), **kwargs)) as outcomes:  # type: ignore[arg-type]
        return sorted(outcomes, key=lambda o: o.path)


def reports(paths: Iterable[Path], **kwargs: object) -> list[BagReport]:
    found = check_all(paths, **kwargs)
    assert all(isinstance(r, BagReport) for r in found)
    return found  # type: ignore[return-value]


def codes(report: BagReport) -> set[tuple[str, str]]:
    """``(code, where)`` of every error."""
    return {(i.code.value, i.where) for i in report.issues if i.is_error}


def issues(report: BagReport, code: str) -> list[Issue]:
    return [i for i in report.issues if i.code.value == code]


def comparable(report: BagReport) -> tuple[object, ...]:
    """Everything in a report but the time it took."""
    return (
        report.path,
        report.version,
        report.identifier,
        report.algorithms,
        report.files,
        report.bytes,
        report.tagmanifest_digest,
        report.issues,
    )


def _stat_fields(pid: str) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces.
    return text[text.rindex(")") + 2 :].split()


def children(parent: int) -> list[int]:
    """Live (not zombie) processes whose parent is ``parent``, from a scan of /proc."""
    found = []
    for pid in (p.name for p in Path("/proc").iterdir() if p.name.isdigit()):
        fields = _stat_fields(pid)
        if fields and int(fields[1]) == parent and fields[0] != "Z":
            found.append(int(pid))
    return found


def group_members(pgid: int) -> list[int]:
    """Live processes in process group ``pgid``, from a scan of /proc."""
    found = []
    for pid in (p.name for p in Path("/proc").iterdir() if p.name.isdigit()):
        fields = _stat_fields(pid)
        if fields and int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(pid))
    return found


def plan_fails_for(monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    """Make the workers' planning raise for the bag whose path ends with ``suffix``.

    Patched before the run, so the forked workers have it.
    """
    real = worker_module.make_plan

    def broken(path: str, **kwargs: Any) -> Any:
        if path.endswith(suffix):
            raise RuntimeError("a bug in the checker")
        return real(path, **kwargs)

    monkeypatch.setattr(worker_module, "make_plan", broken)
