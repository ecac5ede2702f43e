from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from archive.errors import InputError, PackagingError
from archive.files import (
    TMP_PREFIX,
    TRASH_PREFIX,
    confined,
    copy_hashed,
    make_staging,
    place,
    remove_stale,
)


def test_copy_hashed_is_byte_exact(tmp_path: Path) -> None:
    data = os.urandom(3 << 20)
    (tmp_path / "a").write_bytes(data)
    digest, size = copy_hashed(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "b").read_bytes() == data
    assert (digest, size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_copy_refuses_to_overwrite_and_to_follow_links(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"x")
    (tmp_path / "b").write_bytes(b"y")
    with pytest.raises(PackagingError):
        copy_hashed(tmp_path / "a", tmp_path / "b")
    (tmp_path / "link").symlink_to(tmp_path / "a")
    with pytest.raises(InputError):
        copy_hashed(tmp_path / "link", tmp_path / "c")


def test_copy_limit(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"x" * 100)
    with pytest.raises(InputError, match="limit"):
        copy_hashed(tmp_path / "a", tmp_path / "b", max_bytes=10)


def test_confined_accepts_inside_and_refuses_outside(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    assert confined(tmp_path, "sub/./x.jpg", what="image") == tmp_path / "sub/x.jpg"
    for bad in ("../x", "/etc/passwd", "a/../../x", "\\\\server\\x", "C:x", "", "a\x00b"):
        with pytest.raises(InputError):
            confined(tmp_path, bad, what="image")


def test_place_is_all_or_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    staging = make_staging(out, "bag")
    (staging / "f").write_text("new")
    place(staging, out / "bag", force=False)
    assert (out / "bag/f").read_text() == "new"
    again = make_staging(out, "bag")
    (again / "f").write_text("newer")
    with pytest.raises(PackagingError, match="already exists"):
        place(again, out / "bag", force=False)
    assert (out / "bag/f").read_text() == "new"
    place(again, out / "bag", force=True)
    assert (out / "bag/f").read_text() == "newer"
    assert sorted(p.name for p in out.iterdir()) == ["bag"]


def test_remove_stale_cleans_dead_runs_and_restores_set_aside_bags(tmp_path: Path) -> None:
    dead = 2**22 + 12345  # above the default pid_max: no such process
    (tmp_path / f"{TMP_PREFIX}bag-{dead}").mkdir()
    (tmp_path / f"{TRASH_PREFIX}old-{dead}").mkdir()
    (tmp_path / f"{TRASH_PREFIX}old-{dead}" / "bagit.txt").write_text("x")
    (tmp_path / f"{TMP_PREFIX}busy-1").mkdir()  # pid 1 is alive: another run's work
    remove_stale(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{TMP_PREFIX}busy-1", "old"]
    assert (tmp_path / "old/bagit.txt").exists()


def test_read_only_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o500)
    with pytest.raises(PackagingError, match="cannot create"):
        make_staging(out, "bag")
