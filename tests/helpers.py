"""Domain assertions shared by the tests."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic


def run_cli(argv: Sequence[str]) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    from archive.cli import run

    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def assert_isomorphic(a: Graph, b: Graph) -> None:
    """Graphs are equal, else fail with the triples only in one of them."""
    if isomorphic(a, b):
        return
    _, only_a, only_b = graph_diff(to_isomorphic(a), to_isomorphic(b))
    raise AssertionError(
        "graphs differ\nonly in first:\n"
        + only_a.serialize(format="nt")
        + "\nonly in second:\n"
        + only_b.serialize(format="nt")
    )


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under root by relative path, for byte-for-byte comparisons."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def make_package(
    *, missing: bool = False, caption: str = "Koichi Wakata (L) waves at the Baikonur cosmodrome."
) -> Any:
    """A small hand-built package: one figure, one launch with one crew member."""
    from archive.model import (
        Article,
        ArticleForm,
        CrewMember,
        Depiction,
        Entity,
        EntityKind,
        Event,
        EventKind,
        Extraction,
        Figure,
        ImageFile,
        ImageRef,
        Package,
    )

    article = Article(
        source=Path("article.html"),
        form=ArticleForm.HTML,
        media_type="text/html",
        encoding="utf-8",
        sha256="ab" * 32,
        size=1234,
        figures=(
            Figure(
                index=1,
                caption=caption,
                credit="REUTERS/Shamil Zhumatov",
                raw_caption=caption + " REUTERS/Shamil Zhumatov",
                image=ImageRef(src="article_files/a.jpg"),
            ),
        ),
        lede=("The crew launched.",),
        title="Soyuz launch",
        url="https://news.example.org/soyuz.html",
        published="2013-11-07T10:00:00+04:00",
        publisher="Example News",
        language="en",
    )
    if missing:
        image = ImageFile(
            figure=1,
            original_name="a.jpg",
            bag_path=None,
            missing="not found (tried: article_files/a.jpg)",
        )
    else:
        image = ImageFile(
            figure=1,
            original_name="a.jpg",
            bag_path="data/images/a.jpg",
            media_type="image/jpeg",
            format="JPEG",
            width=940,
            height=627,
            size=5000,
            sha256="cd" * 32,
        )
    extraction = Extraction(
        entities=(
            Entity(key="country/japan", kind=EntityKind.COUNTRY, name="Japan"),
            Entity(
                key="organization/jaxa",
                kind=EntityKind.ORGANIZATION,
                name="Japan Aerospace Exploration Agency",
                alternate_names=("JAXA",),
            ),
            Entity(
                key="person/koichi-wakata",
                kind=EntityKind.PERSON,
                name="Koichi Wakata",
                nationality="country/japan",
                affiliation="organization/jaxa",
            ),
            Entity(
                key="place/baikonur-cosmodrome", kind=EntityKind.PLACE, name="Baikonur Cosmodrome"
            ),
            Entity(
                key="spacecraft/soyuz-tma-11m", kind=EntityKind.SPACECRAFT, name="Soyuz TMA-11M"
            ),
        ),
        events=(
            Event(
                key="event/launch/soyuz-tma-11m",
                kind=EventKind.LAUNCH,
                date="2013-11-07",
                place="place/baikonur-cosmodrome",
                spacecraft="spacecraft/soyuz-tma-11m",
                crew=(CrewMember("person/koichi-wakata", "Flight Engineer", "organization/jaxa"),),
                figures=(1,),
            ),
        ),
        depictions=(Depiction(1, "person/koichi-wakata", "L"),),
    )
    return Package(article=article, images=(image,), extraction=extraction)


def bag_facts(base: str = "https://id.example.org/") -> Any:
    from archive.metadata.jsonld import BagFacts

    return BagFacts(
        base=base,
        name="soyuz",
        external_identifier="https://news.example.org/soyuz.html",
        source_path="data/source/article.html",
        profile_identifier="https://archive.example/profiles/news-gallery-bag/v1.json",
    )
