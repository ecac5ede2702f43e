from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from conftest import SAMPLES
from PIL import Image

from archive.errors import ImageError, InputError
from archive.images import ImageFacts, bag_name, inspect, locate, referenced_name
from archive.model import Article, ArticleForm, Figure, ImageRef


def _article(folder: Path, *refs: ImageRef) -> Article:
    figures = tuple(
        Figure(index=i, caption=f"Caption {i}.", credit=None, raw_caption="", image=r)
        for i, r in enumerate(refs, 1)
    )
    return Article(
        source=folder / "article.html",
        form=ArticleForm.HTML,
        media_type="text/html",
        encoding="utf-8",
        sha256="0" * 64,
        size=0,
        figures=figures,
    )


def _png_header(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    iend = b"\x00\x00\x00\x00IEND\xaeB`\x82"
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", len(ihdr))
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + iend
    )


def test_inspect_reads_the_header_of_the_corpus_images() -> None:
    facts = inspect(SAMPLES / "soyuz-tma-11m/images/attachment_1216379.jpg")
    assert facts == ImageFacts("JPEG", "image/jpeg", 940, 627, "jpg")


def test_inspect_png_and_misnamed_file(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    Image.new("RGB", (30, 20)).save(path, format="PNG")
    facts = inspect(path)
    assert (facts.format, facts.media_type, facts.width, facts.height) == (
        "PNG",
        "image/png",
        30,
        20,
    )
    assert bag_name("photo.jpg", facts, set()) == "photo.png"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not an image at all", "not an image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 10, "image"),
        (_png_header(200_000, 200_000), "unreasonable size"),
    ],
)
def test_inspect_refuses_non_images_and_bombs(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.png"
    path.write_bytes(content)
    with pytest.raises(ImageError, match=message) as info:
        inspect(path)
    assert info.value.input == str(path)


def test_locate_by_attachment_id(tmp_path: Path) -> None:
    (tmp_path / "images").mkdir()
    (tmp_path / "images/attachment_42.JPG").write_bytes(b"x")
    found = locate(
        _article(tmp_path, ImageRef(attachment_id="42")),
        _article(tmp_path, ImageRef(attachment_id="42")).figures[0],
    )
    assert found.path.name == "attachment_42.JPG"


def test_locate_by_relative_src_in_saved_page_folder(tmp_path: Path) -> None:
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files/a b.jpg").write_bytes(b"x")
    art = _article(tmp_path, ImageRef(src="page_files/a%20b.jpg?ver=2"))
    assert locate(art, art.figures[0]).path == tmp_path / "page_files/a b.jpg"


def test_locate_remote_src_falls_back_to_a_local_copy(tmp_path: Path) -> None:
    (tmp_path / "article_files").mkdir()
    (tmp_path / "article_files/pic.jpg").write_bytes(b"x")
    art = _article(tmp_path, ImageRef(src="https://cdn.example.org/2013/11/pic.jpg"))
    assert locate(art, art.figures[0]).path == tmp_path / "article_files/pic.jpg"


def test_missing_image_names_the_caption_and_every_path_tried(tmp_path: Path) -> None:
    art = _article(tmp_path, ImageRef(attachment_id="7", src="x/y.jpg"))
    with pytest.raises(ImageError) as info:
        locate(art, art.figures[0])
    assert "figure 1 (caption 'Caption 1.')" in str(info.value)
    assert info.value.tried == ("x/y.jpg", "images/attachment_7.jpg", "images/y.jpg")


@pytest.mark.parametrize(
    "src",
    [
        "../secret.jpg",
        "a/../../secret.jpg",
        "/etc/passwd",
        "file:///etc/passwd",
        "C:\\x.jpg",
        "~/x.jpg",
    ],
)
def test_unsafe_src_is_refused(tmp_path: Path, src: str) -> None:
    art = _article(tmp_path / "article", ImageRef(src=src))
    (tmp_path / "article").mkdir()
    with pytest.raises(InputError):
        locate(art, art.figures[0])


def test_symlink_out_of_the_article_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "article"
    (folder / "images").mkdir(parents=True)
    (tmp_path / "outside.jpg").write_bytes(b"x")
    (folder / "images/attachment_1.jpg").symlink_to(tmp_path / "outside.jpg")
    art = _article(folder, ImageRef(attachment_id="1"))
    with pytest.raises(InputError, match="outside the article folder"):
        locate(art, art.figures[0])


def test_bag_names_are_portable_and_unique() -> None:
    facts = ImageFacts("JPEG", "image/jpeg", 1, 1, "jpg")
    taken: set[str] = set()
    names = []
    for original in [
        "Ünïcode name.jpeg",
        "ünicode name.jpeg",
        "../../evil.jpg",
        ".hidden.jpg",
        "日本.jpg",
    ]:
        name = bag_name(original, facts, taken)
        taken.add(name)
        names.append(name)
    assert names == [
        "Unicode-name.jpeg",
        "unicode-name-2.jpeg",
        "evil.jpg",
        "hidden.jpg",
        "image.jpg",
    ]


def test_referenced_name() -> None:
    fig = Figure(
        index=3,
        caption="c",
        credit=None,
        raw_caption="c",
        image=ImageRef(src="https://x.org/a/b%20c.jpg"),
    )
    assert referenced_name(fig) == "b c.jpg"
