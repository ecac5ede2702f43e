"""Article to bag, end to end, on real files."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EPOCH, SAMPLE_NAMES, SAMPLES
from helpers import tree_bytes

from archive import bag
from archive.config import PackageOptions
from archive.errors import ImageError, InputError, PackagingError, ParseError, UsageError
from archive.pipeline import bag_info_json, find_article, package_article, package_many
from archive.validate.bags import validate_bag


def _options(out: Path, **kw: object) -> PackageOptions:
    return PackageOptions(out_dir=out, source_date_epoch=EPOCH, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_each_sample_becomes_a_valid_bag(tmp_path: Path, name: str) -> None:
    result = package_article(SAMPLES / name, _options(tmp_path))
    root = Path(result.bag)
    assert root == tmp_path / name
    checked = validate_bag(root)
    assert checked.valid, [str(i) for i in checked.issues]
    # Only the graph may warn (an event whose place the captions do not give).
    assert [
        str(i) for i in checked.issues if i.level.value != "info" and i.code.value != "G003"
    ] == []
    assert bag.peer_check(root) == []
    info = bag_info_json(root)
    assert info["BagIt-Profile-Identifier"] == [
        "https://archive.example/profiles/news-gallery-bag/v1.json"
    ]
    assert info["Bagging-Date"] == ["2023-11-14"]
    assert (
        root / "bagit.txt"
    ).read_text() == "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


def test_article_and_images_are_byte_exact(tmp_path: Path) -> None:
    root = Path(package_article(SAMPLES / "soyuz-tma-11m", _options(tmp_path)).bag)
    src = SAMPLES / "soyuz-tma-11m"
    assert (root / "data/source/article.txt").read_bytes() == (src / "article.txt").read_bytes()
    for image in (src / "images").iterdir():
        assert (root / "data/images" / image.name).read_bytes() == image.read_bytes()


def test_html_images_come_from_the_saved_page_folder(tmp_path: Path) -> None:
    root = Path(package_article(SAMPLES / "apollo-11", _options(tmp_path)).bag)
    names = sorted(p.name for p in (root / "data/images").iterdir())
    assert names == ["apollo11-beach.jpg", "apollo11-crew.jpg", "apollo11-liftoff.jpg"]
    doc = json.loads((root / "data/metadata/article.jsonld").read_text())
    assert doc["url"] == "https://news.example.org/photos/apollo-11-launch-1969.html"
    assert bag_info_json(root)["External-Identifier"] == [doc["url"]]


def test_same_input_same_bytes(tmp_path: Path) -> None:
    a = Path(package_article(SAMPLES / "soyuz-tma-11m", _options(tmp_path / "a")).bag)
    b = Path(package_article(SAMPLES / "soyuz-tma-11m", _options(tmp_path / "b")).bag)
    assert tree_bytes(a) == tree_bytes(b)
    assert (a / "data/source/article.txt").stat().st_mtime == EPOCH


def test_several_algorithms(tmp_path: Path) -> None:
    opts = _options(tmp_path, algorithms=("sha512", "sha256"))
    root = Path(package_article(SAMPLES / "soyuz-tma-10m", opts).bag)
    names = sorted(p.name for p in root.glob("*manifest-*.txt"))
    assert names == [
        "manifest-sha256.txt",
        "manifest-sha512.txt",
        "tagmanifest-sha256.txt",
        "tagmanifest-sha512.txt",
    ]
    assert validate_bag(root).valid


def test_user_bag_info_and_base_iri(tmp_path: Path) -> None:
    opts = _options(
        tmp_path,
        base_iri="https://id.library.example.org/",
        bag_info=(("Source-Organization", "Example Library"), ("Contact-Name", "Jane Doe")),
    )
    root = Path(package_article(SAMPLES / "soyuz-tma-11m", opts).bag)
    info = bag_info_json(root)
    assert info["Source-Organization"] == ["Example Library"]
    assert info["Contact-Name"] == ["Jane Doe"]
    graph = (root / "data/metadata/graph.ttl").read_text()
    assert "https://id.library.example.org/" in graph
    assert "https://archive.example/id/" not in graph


def test_existing_bag_is_kept_unless_forced(tmp_path: Path) -> None:
    first = Path(package_article(SAMPLES / "soyuz-tma-11m", _options(tmp_path)).bag)
    before = tree_bytes(first)
    with pytest.raises(PackagingError, match="already exists"):
        package_article(SAMPLES / "soyuz-tma-11m", _options(tmp_path))
    assert tree_bytes(first) == before
    package_article(
        SAMPLES / "soyuz-tma-11m", _options(tmp_path, force=True, algorithms=("sha256",))
    )
    assert (first / "manifest-sha256.txt").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["soyuz-tma-11m"]


def test_read_only_sources_are_never_touched(
    tmp_path: Path, sample_copy: Callable[[str], Path]
) -> None:
    src = sample_copy("soyuz-tma-11m")
    before = tree_bytes(src)
    for p in [src, *src.rglob("*")]:
        p.chmod(0o555 if p.is_dir() else 0o444)
    try:
        package_article(src, _options(tmp_path / "out"))
    finally:
        for p in [src, *src.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
    assert tree_bytes(src) == before


def _assert_nothing_written(out: Path) -> None:
    assert not out.exists() or list(out.iterdir()) == []


def test_missing_image_is_an_error_that_writes_nothing(
    tmp_path: Path, sample_copy: Callable[[str], Path]
) -> None:
    src = sample_copy("soyuz-tma-11m")
    (src / "images/attachment_1216383.jpg").unlink()
    with pytest.raises(ImageError) as info:
        package_article(src, _options(tmp_path / "out"))
    assert "figure 3" in str(info.value)
    assert "images/attachment_1216383.jpg" in info.value.tried
    _assert_nothing_written(tmp_path / "out")


def test_allow_missing_records_the_gap(tmp_path: Path, sample_copy: Callable[[str], Path]) -> None:
    src = sample_copy("soyuz-tma-11m")
    (src / "images/attachment_1216383.jpg").unlink()
    result = package_article(src, _options(tmp_path / "out", allow_missing=True))
    assert (result.images, result.missing_images) == (5, 1)
    doc = json.loads((Path(result.bag) / "data/metadata/images/figure-003.jsonld").read_text())
    assert "images/attachment_1216383.jpg" in doc["arch:missing"]
    checked = validate_bag(Path(result.bag))
    assert checked.valid
    assert any("missing" in i.message for i in checked.issues)


@pytest.mark.parametrize(
    "content, error",
    [
        ('[caption id="attachment_1"]Unclosed caption', ParseError),
        (b"caf\xe9 is latin-1, not utf-8 [caption]x[/caption]", ParseError),
    ],
)
def test_bad_article_is_an_error_that_writes_nothing(
    tmp_path: Path, content: str | bytes, error: type
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    data = content.encode() if isinstance(content, str) else content
    (src / "article.txt").write_bytes(data)
    with pytest.raises(error):
        package_article(src, _options(tmp_path / "out"))
    _assert_nothing_written(tmp_path / "out")


def test_html_with_external_entity_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "article.html").write_text(
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><html><body>'
        "<figure><img src='a.jpg'><figcaption>&xxe;</figcaption></figure></body></html>"
    )
    with pytest.raises(ParseError, match="entit"):
        package_article(src, _options(tmp_path / "out"))
    _assert_nothing_written(tmp_path / "out")


def test_src_leaving_the_article_folder_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (tmp_path / "secret.jpg").write_bytes(
        (SAMPLES / "apollo-11/article_files/apollo11-crew.jpg").read_bytes()
    )
    (src / "article.html").write_text(
        "<html><body><figure><img src='../secret.jpg'>"
        "<figcaption>A caption.</figcaption></figure></body></html>"
    )
    with pytest.raises(InputError, match="outside the article folder"):
        package_article(src, _options(tmp_path / "out", allow_missing=True))
    _assert_nothing_written(tmp_path / "out")


def test_find_article(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such"):
        find_article(tmp_path / "nope")
    with pytest.raises(InputError, match="no article"):
        find_article(tmp_path)
    (tmp_path / "article.txt").write_text("x")
    (tmp_path / "article.html").write_text("x")
    with pytest.raises(InputError, match="several"):
        find_article(tmp_path)


def test_package_many_runs_in_parallel_and_keeps_going(
    tmp_path: Path, sample_copy: Callable[[str], Path]
) -> None:
    broken = sample_copy("soyuz-tma-10m")
    shutil.rmtree(broken / "images")
    inputs = [SAMPLES / "soyuz-tma-11m", broken, SAMPLES / "apollo-11"]
    results = list(package_many(inputs, _options(tmp_path / "out", workers=2)))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(results) == 3 and len(errors) == 1
    assert isinstance(errors[0], ImageError) and errors[0].input is not None
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["apollo-11", "soyuz-tma-11m"]


def test_duplicate_bag_names_are_refused_before_any_work(
    tmp_path: Path, sample_copy: Callable[[str], Path]
) -> None:
    with pytest.raises(UsageError, match="both be packaged"):
        list(
            package_many([SAMPLES / "apollo-11", SAMPLES / "apollo-11"], _options(tmp_path / "out"))
        )


def test_skip_existing_keeps_the_bag_and_reports_it(tmp_path: Path) -> None:
    first = Path(package_article(SAMPLES / "apollo-11", _options(tmp_path)).bag)
    before = tree_bytes(first)
    again = package_article(SAMPLES / "apollo-11", _options(tmp_path, skip_existing=True))
    assert again.skipped and again.bag == str(first)
    assert again.identifier == "https://news.example.org/photos/apollo-11-launch-1969.html"
    assert tree_bytes(first) == before
