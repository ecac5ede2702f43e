"""The rocket of a launch when captions name it in more or less detail (vehicles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.extract import extract
from archive.model import Article, ArticleForm, Event, EventKind, Extraction, Figure, ImageRef


def _run(*captions: str) -> Extraction:
    figures = tuple(Figure(i, c, None, c, ImageRef()) for i, c in enumerate(captions, 1))
    art = Article(
        Path("g.txt"), ArticleForm.SHORTCODES, "text/plain", "utf-8", "0" * 64, 0, figures
    )
    return extract(art)


def _launch(x: Extraction) -> Event:
    return next(e for e in x.events if e.kind == EventKind.LAUNCH)


@pytest.mark.parametrize(
    ("captions", "vehicle"),
    [
        # the variant named in one caption refines the family named in another
        (("The Soyuz rocket carrying the Soyuz MS-40 spacecraft lifts off from Baikonur on "
          "March 3, 2031.", "The Soyuz-FG rocket is rolled out to the pad on March 1, 2031."),
         "launch-vehicle/soyuz-fg"),
        # a variant after a hyphen, and a serial number after the variant
        (("A Long March-2F Y30 rocket carrying the Shenzhou-30 spaceship blasts off from "
          "Jiuquan on June 5, 2031.",), "launch-vehicle/long-march-2f-y30"),
        (("A Zenit-3SL rocket lifts off from the Baikonur Cosmodrome on March 1, 2031.",),
         "launch-vehicle/zenit-3sl"),
        (("A Soyuz-2.1a rocket carrying the Soyuz MS-40 spacecraft lifts off from Baikonur on "
          "March 3, 2031.",), "launch-vehicle/soyuz-21a"),
    ],
)  # fmt: skip
def test_the_most_specific_rocket_is_the_launch_vehicle(
    captions: tuple[str, ...], vehicle: str
) -> None:
    assert _launch(_run(*captions)).vehicle == vehicle


def test_the_hyphenated_variant_keeps_its_family_as_another_name() -> None:
    x = _run("A Zenit-3SL rocket lifts off from the Baikonur Cosmodrome on March 1, 2031.")
    rocket = next(e for e in x.entities if e.key == "launch-vehicle/zenit-3sl")
    assert "Zenit" in rocket.alternate_names or "Zenit 3SL" in rocket.alternate_names


def test_another_rocket_named_in_passing_leaves_the_launch_with_its_own() -> None:
    x = _run(
        "The Soyuz rocket carrying the Soyuz MS-40 spacecraft lifts off from Baikonur on "
        "March 3, 2031.",
        "The Progress MS-50 cargo ship launched on a Soyuz-2.1a rocket on Feb. 1, 2031.",
    )
    launch = next(e for e in x.events if e.spacecraft == "spacecraft/soyuz-ms-40")
    assert launch.vehicle == "launch-vehicle/soyuz"
    assert launch.date == "2031-03-03"


def test_a_hyphenated_word_that_is_no_rocket_is_left_alone() -> None:
    x = _run(
        "The Soyuz MS-40 spacecraft lifts off from Baikonur on March 3, 2031, in a Sun-3 haze."
    )
    assert not any(e.key.startswith("launch-vehicle/sun") for e in x.entities)
