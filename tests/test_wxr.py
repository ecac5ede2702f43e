"""WordPress exports (WXR): one bag per published post, images from the uploads folder."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import EPOCH, SAMPLES, fuzz_examples
from helpers import run_cli, tree_bytes
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.errors import ParseError
from archive.parse.wxr import is_wxr, post_article, read_export
from archive.validate.bags import validate_bag

# The namespace declarations of a real WordPress 6 export, in its order: the
# excerpt namespace shares the wp: prefix's start and comes first.
HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
    xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:wfw="http://wellformedweb.org/CommentAPI/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Example News</title>
  <link>https://news.example</link>
  <language>en-US</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://news.example</wp:base_site_url>
"""


def post(
    pid: int, slug: str, title: str, content: str, *, status: str = "publish", kind: str = "post"
) -> str:
    return f"""
  <item>
    <title>{title}</title>
    <link>https://news.example/{slug}/</link>
    <pubDate>Tue, 25 Mar 2014 21:17:11 +0000</pubDate>
    <dc:creator><![CDATA[editor]]></dc:creator>
    <content:encoded><![CDATA[{content}]]></content:encoded>
    <wp:post_id>{pid}</wp:post_id>
    <wp:post_date_gmt>2014-03-25 21:17:11</wp:post_date_gmt>
    <wp:post_name>{slug}</wp:post_name>
    <wp:status>{status}</wp:status>
    <wp:post_type>{kind}</wp:post_type>
    <category domain="category" nicename="space"><![CDATA[Space]]></category>
    <category domain="post_tag" nicename="soyuz"><![CDATA[Soyuz]]></category>
    <category domain="post_format" nicename="gallery"><![CDATA[Gallery]]></category>
  </item>"""


def attachment(aid: str, file: str) -> str:
    return f"""
  <item>
    <title>photo {aid}</title>
    <wp:post_id>{aid}</wp:post_id>
    <wp:post_type>attachment</wp:post_type>
    <wp:attachment_url>https://news.example/wp-content/uploads/{file}</wp:attachment_url>
    <wp:postmeta>
      <wp:meta_key><![CDATA[_wp_attached_file]]></wp:meta_key>
      <wp:meta_value><![CDATA[{file}]]></wp:meta_value>
    </wp:postmeta>
  </item>"""


def write_export(folder: Path, items: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "export.xml"
    path.write_text(HEADER + items + "\n</channel>\n</rss>\n", encoding="utf-8")
    return path


@pytest.fixture
def export(tmp_path: Path) -> Path:
    """Two sample articles as published posts, a draft, a page, and the uploads folder."""
    items = ""
    for pid, name in ((101, "soyuz-tma-11m"), (102, "soyuz-tma-10m")):
        content = (SAMPLES / name / "article.txt").read_text(encoding="utf-8")
        items += post(pid, name, name.upper(), content)
        for image in sorted((SAMPLES / name / "images").iterdir()):
            aid = re.search(r"attachment_(\d+)", image.name).group(1)  # type: ignore[union-attr]
            file = f"2014/03/photo-{aid}{image.suffix}"
            items += attachment(aid, file)
            target = tmp_path / "site" / "wp-content" / "uploads" / file
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(image, target)
    items += post(103, "draft", "A draft", "Not yet.", status="draft")
    items += post(104, "about", "About us", "A page.", kind="page")
    return write_export(tmp_path / "site", items)


def test_read_export(export: Path) -> None:
    data = export.read_bytes()
    assert is_wxr(data)
    read = read_export(data, source=export)
    assert [p.post_id for p in read.posts] == ["101", "102"]
    assert read.skipped == 2  # the draft and the page
    assert read.site_title == "Example News" and read.language == "en-US"
    first = read.posts[0]
    assert first.published == "2014-03-25T21:17:11Z"
    assert first.categories == ("Space", "Soyuz")  # not the post format
    assert first.content == (SAMPLES / "soyuz-tma-11m" / "article.txt").read_text("utf-8")
    article = post_article(read, first)
    assert article.entry == "101" and article.url == "https://news.example/soyuz-tma-11m/"
    assert article.title == "SOYUZ-TMA-11M" and not article.title_derived
    assert all(f.image.attached_file for f in article.figures)


def test_package_an_export_gives_one_valid_bag_per_post(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    out = tmp_path / "bags"
    code, stdout, err = run_cli(["package", str(export), "--out", str(out), "--json"])
    assert code == 0, err
    bags = {Path(b["bag"]).name: b for b in json.loads(stdout)["bags"]}
    assert set(bags) == {"soyuz-tma-11m", "soyuz-tma-10m"}
    assert bags["soyuz-tma-11m"]["input"] == f"{export}#post-101"
    for name in bags:
        bag = out / name
        assert validate_bag(bag).valid
        source = (bag / "data/source/article.txt").read_bytes()
        assert source == (SAMPLES / name / "article.txt").read_bytes()  # byte-exact
        images = sorted(p.name for p in (bag / "data/images").iterdir())
        assert images and all(n.startswith("photo-") for n in images)
        info = (bag / "bag-info.txt").read_text(encoding="utf-8")
        assert f"External-Identifier: https://news.example/{name}/" in info
        assert "Source-Organization: Example News" in info
        article = json.loads((bag / "data/metadata/article.jsonld").read_text("utf-8"))
        assert "export.xml#post-10" in json.dumps(article)
    again = tmp_path / "again"
    assert run_cli(["package", str(export), "--out", str(again)])[0] == 0
    assert tree_bytes(out) == tree_bytes(again)  # reproducible


def test_name_is_for_one_article_only(export: Path, tmp_path: Path) -> None:
    code, _, err = run_cli(["package", str(export), "--out", str(tmp_path), "--name", "x"])
    assert code == 2 and "--name" in err
    assert not any(tmp_path.glob("x*"))


def test_same_slug_twice_gets_the_post_id(tmp_path: Path) -> None:
    items = post(7, "gallery", "One", "First text.") + post(8, "gallery", "Two", "Second text.")
    export = write_export(tmp_path / "site", items)
    code, _, err = run_cli(["package", str(export), "--out", str(tmp_path / "bags")])
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "bags").iterdir()) == ["gallery", "gallery-8"]


@pytest.mark.parametrize(
    ("items", "needle"),
    [
        ("", "holds no published post"),
        (post(1, "x", "x", "t", status="draft"), "holds no published post"),
        ("<item><title>unclosed</item>", "not well-formed XML"),
    ],
)
def test_broken_exports_are_clear_errors(tmp_path: Path, items: str, needle: str) -> None:
    export = write_export(tmp_path / "site", items)
    code, _, err = run_cli(["package", str(export), "--out", str(tmp_path / "bags")])
    assert code == 2 and needle in err and str(export) in err, err
    assert not (tmp_path / "bags").exists() or not any((tmp_path / "bags").iterdir())


def test_entity_declarations_are_refused(tmp_path: Path) -> None:
    export = tmp_path / "export.xml"
    text = write_export(tmp_path, post(1, "x", "&xxe;", "t")).read_text("utf-8")
    doctype = '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    export.write_text(text.replace("?>\n", "?>\n" + doctype, 1), encoding="utf-8")
    code, _, err = run_cli(["package", str(export), "--out", str(tmp_path / "bags")])
    assert code == 2 and "entities" in err, err
    assert "root:" not in err


def test_a_broken_post_names_its_id_and_export_line(tmp_path: Path) -> None:
    good = post(1, "good", "Good", "[caption id=attachment_5]A caption.[/caption]")
    bad = post(2, "bad", "Bad", "Lede.\n\n[caption id=attachment_6]Never closed.")
    export = write_export(tmp_path / "site", good + bad)
    out = tmp_path / "bags"
    code, _, err = run_cli(["package", str(export), "--out", str(out), "--allow-missing"])
    assert code == 2
    lines = export.read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "Never closed." in text)
    assert f"{export}:{line}:" in err and "post 2 (Bad)" in err and "unclosed" in err, err
    assert [p.name for p in out.iterdir()] == ["good"]  # the other post is still packaged


def test_an_attached_file_that_leaves_the_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"
    shutil.copyfile(next((SAMPLES / "soyuz-tma-10m" / "images").iterdir()), secret)
    items = post(1, "p", "P", "[caption id=attachment_9]Caption.[/caption]")
    items += attachment("9", "../../secret.jpg")
    export = write_export(tmp_path / "site" / "inner", items)
    code, _, err = run_cli(["package", str(export), "--out", str(tmp_path / "bags")])
    assert code == 2 and "secret.jpg" in err, err
    assert not (tmp_path / "bags").exists() or not any((tmp_path / "bags").iterdir())


@settings(max_examples=fuzz_examples(100), deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_after_the_header_give_an_export_or_a_parse_error(tail: bytes) -> None:
    try:
        read = read_export(HEADER.encode() + tail, source=Path("export.xml"))
    except ParseError as exc:
        assert exc.input == "export.xml"
        return
    assert read.site_title == "Example News"
