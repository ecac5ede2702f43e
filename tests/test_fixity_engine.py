"""What the fixity runner added to archive.bag: hash_files, tagmanifest_digest, broken bags."""

from __future__ import annotations

import os
from array import array
from pathlib import Path

import pytest
from fixity_support import make_bag
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.bag import check_bag, find_bags, hash_file, hashing
from archive.bag.beneath import Folders
from archive.bag.checker import make_plan, tagmanifest_digest
from archive.bag.hashing import hash_files, hash_in_order
from archive.bag.inventory import Inventory, pack, unpack, walk
from archive.bag.report import sort_issues
from archive.bag.work import Hashed, Ordered, Work

SUITE = Path(__file__).parent / "fixtures" / "bagit-conformance"


@pytest.fixture
def odd_bag(tmp_path: Path) -> Path:
    bag = tmp_path / "bag"
    for rel in ("data/a.txt", "data/x/b.txt", "data/x/y/c.txt", "data/z/d.txt", "e.txt"):
        (bag / rel).parent.mkdir(parents=True, exist_ok=True)
        (bag / rel).write_bytes(rel.encode() * 50)
    (tmp_path / "outside.txt").write_bytes(b"secret")
    (bag / "data/link.txt").symlink_to(tmp_path / "outside.txt")
    (bag / "data/linkdir").symlink_to(bag / "data/x", target_is_directory=True)
    os.mkfifo(bag / "data/pipe")
    return bag


PATHS = [
    "data/a.txt",
    "data/x/b.txt",
    "data/x/y/c.txt",
    "data/z/d.txt",
    "e.txt",
    "data/link.txt",
    "data/linkdir/b.txt",
    "data/pipe",
    "data/missing.txt",
    "data/x/../a.txt",
    "data//a.txt",
    "/e.txt",
    "data/x/y/c.txt",
]


def test_hash_files_agrees_with_hash_file(odd_bag: Path) -> None:
    for algorithms in (("sha512",), ("md5", "sha256")):
        batch = hash_files(odd_bag, PATHS, algorithms)
        one_by_one = [hash_file(odd_bag, p, algorithms) for p in PATHS]
        assert [(d.relpath, d.digests, d.error is None) for d in batch] == [
            (d.relpath, d.digests, d.error is None) for d in one_by_one
        ]
        assert [d.size for d in batch if d.error is None] == [
            d.size for d in one_by_one if d.error is None
        ]
    assert sum(d.error is None for d in batch) == 6


def test_hash_files_never_follows_a_link(odd_bag: Path) -> None:
    found = {d.relpath: d for d in hash_files(odd_bag, PATHS, ("sha512",))}
    assert "symbolic link" in (found["data/link.txt"].error or "")
    # O_NOFOLLOW | O_DIRECTORY on a link gives ENOTDIR: refused all the same.
    assert found["data/linkdir/b.txt"].error is not None
    assert not found["data/linkdir/b.txt"].digests
    assert found["data/pipe"].error is not None


def test_hash_in_order_gives_a_result_per_path_in_order(odd_bag: Path) -> None:
    got = Hashed()
    hash_in_order(odd_bag, PATHS[:5], ("md5", "sha256"), got)
    hash_in_order(odd_bag, PATHS[5:], ("md5", "sha256"), got)  # onto the end
    assert len(got) == len(PATHS)
    assert sorted(got.errors) == [
        i for i, p in enumerate(PATHS) if hash_file(odd_bag, p, ["md5"]).error
    ]
    for alg, width in (("md5", 16), ("sha256", 32)):
        assert len(got.digests[alg]) == width * len(PATHS)
    e_txt = PATHS.index("e.txt")
    assert got.digests["sha256"][32 * e_txt : 32 * e_txt + 32].hex() == new_hasher(
        "sha256", b"e.txt" * 50
    )
    assert got.bytes == sum(d.size for d in hash_files(odd_bag, PATHS, ["md5"]) if not d.error)


def test_hash_in_order_with_folders_kept_open(odd_bag: Path) -> None:
    # A speculating worker hashes a bag in batches with its folders kept open.
    whole = Hashed()
    hash_in_order(odd_bag, PATHS, ("sha256",), whole)
    folders = Folders(odd_bag)
    got = Hashed()
    for start in range(0, len(PATHS), 2):
        hash_in_order(folders, PATHS[start : start + 2], ("sha256",), got)
    assert folders.fds  # left open for the next batch
    folders.close()
    assert got.digests == whole.digests and got.sizes == whole.sizes
    assert got.errors == whole.errors


def test_hashed_by_name_across_text_blocks() -> None:
    # 20,000 results: more than one block of digests turned to text at a time.
    names = [f"data/f{i:05d}" for i in range(20_000)]
    raw = [hashing.new_hasher("sha1") for _ in names]
    for i, h in enumerate(raw):
        h.update(str(i).encode())
    got = Hashed(
        digests={"sha1": bytearray(b"".join(h.digest() for h in raw))},
        sizes=array("q", [len(str(i)) for i in range(20_000)]),
    )
    got.sizes[9000] = -1
    got.errors[9000] = "gone"
    keyed = got.keyed(names)
    assert keyed.errors == {"data/f09000": "gone"}
    assert "data/f09000" not in keyed.sizes and "data/f09000" not in keyed.hexes["sha1"]
    assert keyed.hexes["sha1"]["data/f19999"] == raw[19999].hexdigest()
    assert keyed.hexes["sha1"]["data/f08192"] == raw[8192].hexdigest()
    assert keyed.sizes["data/f10000"] == 5
    with pytest.raises(ValueError, match="19999 names for 20000 results"):
        got.keyed(names[1:])
    assert got.paths(["a", "b", "c", "d"]) == []
    assert Hashed(spans=[(2, 2), (0, 1)]).paths(["a", "b", "c", "d"]) == ["c", "d", "a"]


def test_hashed_cut_at_a_listing_position() -> None:
    # Runs of a shared listing: 0-2 and 5-6; the cut at 2 splits the first run.
    got = Hashed(spans=[(0, 3), (5, 2)])
    got.digests["md5"] = bytearray(b"aabbccddee")  # five 2-byte digests
    got.sizes.extend([1, 2, -1, 4, 5])
    got.errors[2] = "gone"
    before, after = got.cut(2)
    assert before.spans == [(0, 2)] and after.spans == [(2, 1), (5, 2)]
    assert before.digests == {"md5": bytearray(b"aabb")} and list(before.sizes) == [1, 2]
    assert after.digests == {"md5": bytearray(b"ccddee")} and list(after.sizes) == [-1, 4, 5]
    assert not before.errors and after.errors == {0: "gone"}
    nothing, same = got.cut(0)
    assert not len(nothing) and same is got


def test_hash_files_closes_what_it_opens(odd_bag: Path) -> None:
    fds = Path("/proc/self/fd")
    before = {p.name for p in fds.iterdir()}
    hash_files(odd_bag, PATHS * 20, ("sha512",))
    # New descriptors only: other tests' server threads may close theirs meanwhile.
    assert not {p.name for p in fds.iterdir()} - before


def test_hash_files_bad_root_and_algorithm(tmp_path: Path) -> None:
    (missing,) = hash_files(tmp_path / "nothing", ["data/a"], ("sha512",))
    assert missing.error == "it does not exist"
    (unknown,) = hash_files(tmp_path, ["data/a"], ("sha0",))
    assert unknown.error == "unknown algorithm 'sha0'"


@pytest.mark.parametrize("algorithms", [("sha512",), ("md5",), ("blake2b-256",), ("md5", "sha256")])
def test_hash_files_at_every_read_size_boundary(
    tmp_path: Path, algorithms: tuple[str, ...]
) -> None:
    # Small files are read whole in one call, large ones in 1 MiB chunks.
    sizes = [0, 1, 4095, 4096, (256 << 10) - 1, 256 << 10, (256 << 10) + 1, 1 << 20]
    sizes += [(1 << 20) + 1, (3 << 20) - 7]
    rels = [f"data/f{n}.bin" for n in sizes]
    (tmp_path / "data").mkdir()
    contents = {}
    for rel, n in zip(rels, sizes, strict=True):
        contents[rel] = bytes((i * 7 + n) % 251 for i in range(n))
        (tmp_path / rel).write_bytes(contents[rel])
    for d in hash_files(tmp_path, rels, algorithms):
        assert d.error is None and d.size == len(contents[d.relpath])
        assert d.digests == {a: new_hasher(a, contents[d.relpath]) for a in algorithms}


def test_a_file_whose_size_is_wrong_is_read_to_its_end() -> None:
    # /proc files say they are empty and are not: the one read of the size
    # fstat gave must not be taken for the whole file.
    text = Path("/proc/self/cmdline").read_bytes()
    (found,) = hash_files("/proc/self", ["cmdline"], ("sha256",))
    assert found.error is None and found.size == len(text) > 0
    assert found.digests["sha256"] == new_hasher("sha256", text)


def new_hasher(algorithm: str, data: bytes) -> str:
    h = hashing.new_hasher(algorithm)
    h.update(data)
    return str(h.hexdigest())


names = st.text(alphabet="abc", min_size=1, max_size=3)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(names, min_size=1, max_size=4), min_size=1, max_size=12))
def test_hash_files_agrees_in_any_order_and_depth(
    tmp_path_factory: pytest.TempPathFactory, paths: list[list[str]]
) -> None:
    root = tmp_path_factory.mktemp("tree")
    rels = []
    for parts in paths:
        rel = "/".join(["data", *parts])
        target = root / rel
        if any(p.is_file() for p in [target, *target.parents] if p != root):
            continue
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(rel.encode())
        rels.append(rel)
    shuffled = rels[::-1] + rels
    assert hash_files(root, shuffled, ("sha256",)) == [
        hash_file(root, r, ("sha256",)) for r in shuffled
    ]


@pytest.mark.parametrize("bag", sorted(p for p in SUITE.glob("v*/*/*") if p.is_dir())[:60:3])
def test_tagmanifest_digest_is_the_reports(bag: Path) -> None:
    assert tagmanifest_digest(bag) == check_bag(bag).tagmanifest_digest


def test_tagmanifest_digest_of_our_bags(tmp_path: Path) -> None:
    bag = make_bag(tmp_path / "bag", algorithms=("md5", "sha512"))
    assert tagmanifest_digest(bag) == check_bag(bag).tagmanifest_digest
    assert tagmanifest_digest(bag) is not None
    for name in ("tagmanifest-sha512.txt", "tagmanifest-md5.txt"):
        (bag / name).unlink()
    assert tagmanifest_digest(bag) is None
    assert tagmanifest_digest(tmp_path / "nothing") is None


def test_find_bags_can_report_a_bag_that_lost_its_declaration(tmp_path: Path) -> None:
    good = make_bag(tmp_path / "good")
    lost = make_bag(tmp_path / "lost")
    (lost / "bagit.txt").unlink()
    (tmp_path / "plain" / "data").mkdir(parents=True)
    assert list(find_bags([tmp_path])) == [good]
    assert list(find_bags([tmp_path], broken=True)) == [good, lost]


def test_a_plan_given_its_walk_later_is_the_same_plan() -> None:
    # The fixity runner reads a bag's tag files and manifests from its top
    # level while a worker walks the whole bag; the plan must not change.
    found = {p.parent for p in SUITE.rglob("bagit.txt")}
    found |= {p.parent for p in SUITE.rglob("data") if p.is_dir()}  # bags without bagit.txt
    bags = sorted(found)
    assert len(bags) > 60
    for bag in bags:
        whole = make_plan(bag, sizes=False)
        later = make_plan(bag, sizes=False, inventory=lambda b=bag: walk(b, sizes=False))
        assert sort_issues(whole.issues) == sort_issues(later.issues), bag
        assert whole.work == later.work, bag
        for name in ("version", "identifier", "algorithms", "files", "info", "hashed"):
            assert getattr(whole, name) == getattr(later, name), (bag, name)
        assert whole.tagmanifest_digest == later.tagmanifest_digest, bag


def _variants(tmp_path: Path) -> dict[str, Path]:
    """Bags whose payload manifest lists the payload as walked, and bags that do not."""
    files = {f"data/d{n % 3}/f{n:03d}.bin": bytes([n]) * 40 for n in range(30)}
    names = ("aligned", "reordered", "repeated", "missing", "extra", "short", "fetched")
    made = {name: make_bag(tmp_path / name, files, algorithms=("sha256", "md5")) for name in names}
    for name in ("reordered", "repeated", "missing", "short"):
        manifest = made[name] / "manifest-sha256.txt"
        lines = manifest.read_text().splitlines()
        lines = {
            "reordered": lines[::-1],
            "repeated": [*lines, lines[4]],
            "missing": [*lines, "0" * 64 + "  data/gone.bin"],
            "short": [*lines[:-1], lines[-1][:10] + lines[-1][64:]],  # a digest too short
        }[name]
        manifest.write_text("\n".join(lines) + "\n")
    (made["extra"] / "data/d1/zz.bin").write_bytes(b"unlisted")
    (made["fetched"] / "fetch.txt").write_text("https://example.org/x 40 data/d0/f000.bin\n")
    # Two names that differ only in Unicode form, each listed once (B008 in the full check).
    twins = {f"data/{name}": name.encode() for name in ("cafe\u0301", "caf\u00e9")}
    made["twins"] = make_bag(tmp_path / "twins", twins, algorithms=("sha256",))
    return made


def test_an_ordered_plan_is_the_same_plan_once_settled(tmp_path: Path) -> None:
    # The fixity runner keeps the payload's digests in the walk's order when
    # the manifests list it so; settled into tables, the plan is the usual one.
    made = _variants(tmp_path)
    bags = sorted({p.parent for p in SUITE.rglob("bagit.txt")}) + list(made.values())
    aligned = []
    for bag in bags:
        usual = make_plan(bag, sizes=False)
        ordered = make_plan(bag, sizes=False, ordered=True)
        if ordered.work.ordered is not None:
            aligned.append(bag.name)
            assert ordered.hashed == ordered.work.ordered.paths, bag
        assert sort_issues(ordered.issues) == sort_issues(usual.issues), bag
        assert set(ordered.hashed) == set(usual.hashed), bag
        ordered.work.settle()
        assert ordered.work == usual.work, bag
    assert "aligned" in aligned and "fetched" in aligned
    assert not {"reordered", "repeated", "missing", "extra", "short", "twins"} & set(aligned)
    assert len(aligned) > 10  # most bags of the suite are listed as walked


def test_ordered_digests_settle_but_those_done(tmp_path: Path) -> None:
    paths = ["data/a", "data/b", "data/c"]
    column = bytes(range(6))  # three 2-byte digests
    work = Work({"md5": {"tagmanifest-x.txt": "ff"}}, Ordered(paths, {"md5": column}))
    assert work.ordered is not None and work.ordered.width("md5") == 2
    assert work.ordered.tables(bytearray(b"\1\0\1")) == {"md5": {"data/b": "0203"}}
    assert work.ordered.tables(bytearray(b"\1\1\1")) == {}
    assert len(work) == 4  # any use of the tables settles the ordered files first
    assert work.ordered is None
    assert work.expected["md5"] == {
        "tagmanifest-x.txt": "ff",
        "data/a": "0001",
        "data/b": "0203",
        "data/c": "0405",
    }


def test_a_packed_walk_unpacks_to_the_same_inventory(odd_bag: Path) -> None:
    bags = [*sorted({p.parent for p in SUITE.rglob("bagit.txt")}), odd_bag]
    for bag in bags:
        for sizes in (True, False):
            inv = walk(bag, sizes=sizes)
            back = unpack(pack(inv))
            for name in ("files", "dirs", "symlinks", "specials", "unreadable", "payload_files"):
                assert getattr(back, name) == getattr(inv, name), (bag, name)
            assert list(back.files) == list(inv.files), bag  # the walk's order too
    # Payload files that are not one run of the files (not as a walk lists them).
    odd = Inventory(files={"data/b": 1, "bagit.txt": 2, "data/a": 3})
    odd.payload_files = ["data/b", "data/a"]
    assert unpack(pack(odd)).payload_files == ["data/b", "data/a"]
