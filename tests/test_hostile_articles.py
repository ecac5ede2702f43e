"""Hostile articles: each gives a correct bag or a clear error (exit 2), never a traceback.

Everything runs through the real command line in a child process, so an
uncaught exception would show as a traceback and exit 1, and the child's peak
memory (VmHWM) can be read. Time is bounded by a generous timeout: these are
safety checks, not benchmarks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
import pytest
from conftest import EPOCH, SAMPLES

from archive.validate.bags import validate_bag

JPEG = (SAMPLES / "soyuz-tma-11m/images/attachment_1216379.jpg").read_bytes()

# Runs the CLI, then reports the process's peak memory on stderr's last line.
_WRAPPER = textwrap.dedent(
    """
    import sys
    from archive.cli import main
    code = main(sys.argv[1:])
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("\\nPEAK_KB " + line.split()[1] + "\\n")
    raise SystemExit(code)
    """
)


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code = proc.returncode
        self.stdout = proc.stdout
        lines = proc.stderr.rstrip().splitlines()
        self.peak_mb = (
            int(lines[-1].split()[1]) // 1024 if lines and lines[-1].startswith("PEAK_KB") else 0
        )
        self.stderr = "\n".join(lines[:-1])


def archive(*argv: str, timeout: float = 120) -> Run:
    proc = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *argv],
        env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return Run(proc)


def _assert_refused(run: Run, article: Path, *words: str) -> None:
    assert run.code == 2, (run.code, run.stderr)
    assert "Traceback" not in run.stderr
    assert str(article) in run.stderr or str(article.parent) in run.stderr, run.stderr
    for word in words:
        assert word in run.stderr, run.stderr


def _assert_bag(run: Run, out: Path) -> Path:
    assert run.code == 0, run.stderr
    (bag,) = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert validate_bag(bag).valid
    for doc in (bag / "data/metadata").rglob("*.jsonld"):
        json.loads(doc.read_text(encoding="utf-8"))
    store = pyoxigraph.Store()
    store.load((bag / "data/metadata/graph.ttl").read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    return bag


@pytest.fixture
def article(tmp_path: Path) -> Callable[..., Path]:
    """Write an article folder; returns the article file."""

    def make(
        content: str | bytes, name: str = "article.txt", images: dict[str, bytes] | None = None
    ) -> Path:
        folder = tmp_path / "in"
        (folder / "images").mkdir(parents=True, exist_ok=True)
        path = folder / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        for rel, data in (images or {}).items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
        return path

    return make


def _html(figures: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{figures}</body></html>"


def _figure(src: str, caption: str = "An astronaut waves. NASA") -> str:
    return f"<figure><img src='{src}'><figcaption>{caption}</figcaption></figure>"


MARKUP_ATTACKS = {
    "external entity": (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<html><body><figure><img src='a.jpg'><figcaption>&x;</figcaption></figure></body></html>",
        "entit",
    ),
    "billion laughs": (
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><html><body>&lol3;</body></html>',
        "entit",
    ),
    "parameter entity": (
        '<!DOCTYPE html [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]><html></html>',
        "entit",
    ),
    "external DTD": (
        '<!DOCTYPE html SYSTEM "http://127.0.0.1:9/evil.dtd" [<!ENTITY a "b">]><html></html>',
        "entit",
    ),
    "deep nesting": (
        "<html><body>" + "<div>" * 100_000 + _figure("a.jpg") + "</body></html>",
        "nested more than 256 levels",
    ),
}


@pytest.mark.parametrize("name", sorted(MARKUP_ATTACKS))
def test_markup_attacks_are_refused(
    article: Callable[..., Path], tmp_path: Path, name: str
) -> None:
    content, word = MARKUP_ATTACKS[name]
    path = article(content, "article.html", {"a.jpg": JPEG})
    run = archive("package", str(path.parent), "--out", str(tmp_path / "out"))
    _assert_refused(run, path, word)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


SHORTCODE_ATTACKS = {
    "unclosed": '[caption id="attachment_1"]Never closed. REUTERS',
    "nested": '[caption id="attachment_1"]a [caption id="attachment_2"]b[/caption] c[/caption]',
    "stray close": "Lede.[/caption]",
    "NUL byte": '[caption id="attachment_1"]Nul\x00 here. REUTERS[/caption]',
}


@pytest.mark.parametrize("name", sorted(SHORTCODE_ATTACKS))
def test_broken_shortcodes_are_refused(
    article: Callable[..., Path], tmp_path: Path, name: str
) -> None:
    path = article(SHORTCODE_ATTACKS[name], images={"images/attachment_1.jpg": JPEG})
    _assert_refused(archive("package", str(path.parent), "--out", str(tmp_path / "out")), path)


@pytest.mark.parametrize(
    "data, words",
    [
        (b"[caption id='attachment_1']Caf\xe9 au lait. AFP[/caption]", ("utf-8",)),
        ("[caption id='attachment_1']Astronaut. AFP[/caption]".encode("utf-16-le"), ()),
        (b"\xef\xbb\xbf" + b"[caption id='attachment_1']Caf\xe9[/caption]", ("utf-8",)),
    ],
    ids=["latin-1 bytes", "utf-16 without BOM", "BOM then bad bytes"],
)
def test_wrong_encodings_are_refused(
    article: Callable[..., Path], tmp_path: Path, data: bytes, words: tuple[str, ...]
) -> None:
    path = article(data, images={"images/attachment_1.jpg": JPEG})
    _assert_refused(
        archive("package", str(path.parent), "--out", str(tmp_path / "out")), path, *words
    )


def test_declared_charset_that_lies_is_refused(
    article: Callable[..., Path], tmp_path: Path
) -> None:
    html = _html(_figure("a.jpg", "Caf\xe9 crew. AFP"), "<meta charset='utf-8'>").encode("latin-1")
    path = article(html, "article.html", {"a.jpg": JPEG})
    _assert_refused(archive("package", str(path.parent), "--out", str(tmp_path / "out")), path)


def test_utf16_with_bom_is_packaged(article: Callable[..., Path], tmp_path: Path) -> None:
    text = "[caption id='attachment_1']NASA astronaut Jane Roe waves on 3 May, 2021. NASA[/caption]"
    path = article(b"\xff\xfe" + text.encode("utf-16-le"), images={"images/attachment_1.jpg": JPEG})
    bag = _assert_bag(
        archive("package", str(path.parent), "--out", str(tmp_path / "out")), tmp_path / "out"
    )
    assert (bag / "data/source/article.txt").read_bytes() == path.read_bytes()


def test_control_and_bidi_characters_stay_data(
    article: Callable[..., Path], tmp_path: Path
) -> None:
    evil = "Crew\u202e waves\x07 \x1b[31mred\x1b[0m \u2028line\x0b tab\t. REUTERS"
    lede = "Title with \u202eoverride\x1b and\x0cfeed.\n"
    path = article(
        lede + f"[caption id='attachment_1']{evil}[/caption]",
        images={"images/attachment_1.jpg": JPEG},
    )
    bag = _assert_bag(
        archive("package", str(path.parent), "--out", str(tmp_path / "out")), tmp_path / "out"
    )
    doc = json.loads((bag / "data/metadata/images/figure-001.jsonld").read_text(encoding="utf-8"))
    assert "\u202e" in doc["caption"] and "\x1b" in doc["caption"]
    info = (bag / "bag-info.txt").read_text(encoding="utf-8")
    assert "\x1b" not in info and "\x0c" not in info
    assert all(line.count(":") >= 1 for line in info.splitlines())


@pytest.mark.parametrize(
    "src, word",
    [
        ("../outside.jpg", "outside"),
        ("/etc/passwd", "absolute"),
        ("file:///etc/passwd", "file:"),
        ("data:image/png;base64,iVBORw0KGgo=", "data:"),
        ("C:\\Windows\\x.jpg", "absolute"),
    ],
)
def test_image_paths_out_of_the_article_are_refused(
    article: Callable[..., Path], tmp_path: Path, src: str, word: str
) -> None:
    (tmp_path / "outside.jpg").write_bytes(JPEG)
    path = article(_html(_figure(src)), "article.html")
    run = archive("package", str(path.parent), "--out", str(tmp_path / "out"), "--allow-missing")
    _assert_refused(run, path, word)


def test_symlinked_image_pointing_out_is_refused(
    article: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "secret.jpg").write_bytes(JPEG)
    path = article("[caption id='attachment_1']An astronaut. NASA[/caption]")
    (path.parent / "images/attachment_1.jpg").symlink_to(tmp_path / "secret.jpg")
    _assert_refused(
        archive("package", str(path.parent), "--out", str(tmp_path / "out")), path, "outside"
    )


def _bomb_png() -> bytes:
    import struct
    import zlib

    ihdr = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + chunk
        + struct.pack(">I", zlib.crc32(chunk))
        + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )


@pytest.mark.parametrize(
    "data, word",
    [(b"<html>not an image</html>", "not an image"), (_bomb_png(), "unreasonable")],
    ids=["text", "bomb"],
)
def test_images_that_are_not_images_are_refused(
    article: Callable[..., Path], tmp_path: Path, data: bytes, word: str
) -> None:
    path = article(
        "[caption id='attachment_1']An astronaut. NASA[/caption]",
        images={"images/attachment_1.jpg": data},
    )
    run = archive("package", str(path.parent), "--out", str(tmp_path / "out"))
    assert run.code == 2 and "Traceback" not in run.stderr
    assert "attachment_1.jpg" in run.stderr and word in run.stderr


@pytest.mark.slow
def test_article_of_200_mb_is_refused_without_reading_it(
    article: Callable[..., Path], tmp_path: Path
) -> None:
    path = article(b"")
    with open(path, "wb") as fh:
        fh.truncate(200 << 20)  # sparse: 200 MB on paper, nothing on disk
    run = archive("package", str(path.parent), "--out", str(tmp_path / "out"))
    _assert_refused(run, path, "limit")
    assert run.peak_mb < 150


@pytest.mark.slow
def test_caption_of_a_million_characters(article: Callable[..., Path], tmp_path: Path) -> None:
    caption = ("Flight Engineer Jane Roe of NASA waves. " * 25_000)[:1_000_000]
    path = article(
        f"[caption id='attachment_1']{caption} REUTERS[/caption]",
        images={"images/attachment_1.jpg": JPEG},
    )
    run = archive("package", str(path.parent), "--out", str(tmp_path / "out"), timeout=300)
    bag = _assert_bag(run, tmp_path / "out")
    doc = json.loads((bag / "data/metadata/images/figure-001.jsonld").read_text(encoding="utf-8"))
    assert len(doc["caption"]) > 900_000
    assert run.peak_mb < 1000


@pytest.mark.slow
def test_thousands_of_shortcodes(article: Callable[..., Path], tmp_path: Path) -> None:
    n = 2000
    body = " ".join(
        f"[caption id='attachment_{i}']Picture {i} of the crew. AFP[/caption]" for i in range(n)
    )
    images = {f"images/attachment_{i}.jpg": JPEG for i in range(0, n, 2)}
    path = article(body, images=images)
    run = archive(
        "package", str(path.parent), "--out", str(tmp_path / "out"), "--allow-missing", timeout=600
    )
    bag = _assert_bag(run, tmp_path / "out")
    assert len(list((bag / "data/metadata/images").iterdir())) == n
    assert len(list((bag / "data/images").iterdir())) == n // 2
    assert run.peak_mb < 1000
