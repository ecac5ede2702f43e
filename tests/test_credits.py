"""Splitting the photo credit from the end of a caption."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.parse.credits import split_credit

CASES = [
    # trailing all-caps agency tokens after the final sentence
    (
        "… blasts off from the Baikonur cosmodrome on 7 November, 2013. REUTERS",
        "… blasts off from the Baikonur cosmodrome on 7 November, 2013.",
        "REUTERS",
    ),
    ("The crew waves. AFP", "The crew waves.", "AFP"),
    ("The crew waves! XINHUA", "The crew waves!", "XINHUA"),
    ("The rocket lifts off. NASA", "The rocket lifts off.", "NASA"),
    ("Crowds watch. EPA", "Crowds watch.", "EPA"),
    ("The capsule lands. TASS", "The capsule lands.", "TASS"),
    ("A launch at dawn. AP", "A launch at dawn.", "AP"),
    ("An unknown agency. ZQXW", "An unknown agency.", "ZQXW"),
    ('He said "go." NASA TV', 'He said "go."', "NASA TV"),
    ("The crew in Expedition 3. AFP", "The crew in Expedition 3.", "AFP"),
    # agency with photographer
    ("The crew. REUTERS/Shamil Zhumatov", "The crew.", "REUTERS/Shamil Zhumatov"),
    ("The crew. NASA/Bill Ingalls", "The crew.", "NASA/Bill Ingalls"),
    ("The crew. AFP PHOTO / KIRILL KUDRYAVTSEV", "The crew.", "AFP PHOTO / KIRILL KUDRYAVTSEV"),
    ("The crew. AP Photo/John Raoux", "The crew.", "AP Photo/John Raoux"),
    ("The crew. EPA-EFE/SHAMIL ZHUMATOV", "The crew.", "EPA-EFE/SHAMIL ZHUMATOV"),
    ("The crew. REUTERS/U.S. Navy", "The crew.", "REUTERS/U.S. Navy"),
    # keyword lines
    ("The crew. Photo: Bill Ingalls", "The crew.", "Bill Ingalls"),
    ("The crew. Photograph: Bill Ingalls/NASA", "The crew.", "Bill Ingalls/NASA"),
    ("The crew. Credit: ESA", "The crew.", "ESA"),
    ("The crew Credit: ESA", "The crew", "ESA"),
    ("The crew. Image: Roscosmos", "The crew.", "Roscosmos"),
    ("The crew. Picture: J. Smith", "The crew.", "J. Smith"),
    ("The crew. Photo by Bill Ingalls", "The crew.", "Bill Ingalls"),
    ("The crew waves (Photo by Bill Ingalls/NASA)", "The crew waves", "Bill Ingalls/NASA"),
    ("The crew waves. (NASA)", "The crew waves.", "NASA"),
    ("The crew waves © NASA 2013", "The crew waves", "NASA 2013"),
    ("The crew. Courtesy of Roscosmos", "The crew.", "Roscosmos"),
    ("The crew. Bill Ingalls/Getty Images", "The crew.", "Bill Ingalls/Getty Images"),
    ("The crew. Getty Images", "The crew.", "Getty Images"),
    ("The crew. Xinhua", "The crew.", "Xinhua"),
    ("The crew. Reuters.", "The crew.", "Reuters"),
    ("The crew — NASA", "The crew", "NASA"),
    ("Photo: NASA", "", "NASA"),
    ("  The crew. AFP  ", "The crew.", "AFP"),
    # negatives: words that belong to the sentence stay
    ("The torch was handed over by NASA", "The torch was handed over by NASA", None),
    (
        "Crew of the International Space Station (ISS)",
        "Crew of the International Space Station (ISS)",
        None,
    ),
    (
        "Japan Aerospace Exploration Agency (JAXA)",
        "Japan Aerospace Exploration Agency (JAXA)",
        None,
    ),
    ("Soyuz Commander Mikhail Tyurin (C)", "Soyuz Commander Mikhail Tyurin (C)", None),
    ("Japanese astronaut Koichi Wakata (L).", "Japanese astronaut Koichi Wakata (L).", None),
    ("The crew waves. (L-R)", "The crew waves. (L-R)", None),
    ("The crew waves. Here are images.", "The crew waves. Here are images.", None),
    ("It was a photo by the crew.", "It was a photo by the crew.", None),
    ("Blast off at 3 a.m. Moscow time", "Blast off at 3 a.m. Moscow time", None),
    ("The launch. Baikonur Cosmodrome", "The launch. Baikonur Cosmodrome", None),
    (
        "The crew. Photos by the crew show the launch",
        "The crew. Photos by the crew show the launch",
        None,
    ),
    ("The Soyuz TMA-11M", "The Soyuz TMA-11M", None),
    ("", "", None),
    ("NASA", "NASA", None),
]


@pytest.mark.parametrize(("text", "caption", "credit"), CASES)
def test_split_credit(text: str, caption: str, credit: str | None) -> None:
    assert split_credit(text) == (caption, credit)


def test_the_table_has_enough_cases_and_negatives() -> None:
    assert len(CASES) >= 25
    assert sum(1 for _, _, credit in CASES if credit is None) >= 10


def test_long_captions_are_fast_and_unchanged() -> None:
    text = "word. " * 200_000
    assert split_credit(text) == (text.strip(), None)


_WORDS = st.sampled_from(
    ["REUTERS", "NASA", "Photo:", "Photo by", "©", "(", ")", "/", ". ", " ", "Bill", "the", "J."]
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), st.lists(st.one_of(_WORDS, st.text(max_size=4))).map("".join)))
def test_split_credit_never_raises_and_returns_a_prefix(text: str) -> None:
    caption, credit = split_credit(text)
    assert text.strip().startswith(caption)
    if not text[:1].isspace():
        assert text.startswith(caption)
    assert caption == caption.strip()
    if credit is not None:
        assert credit and credit in text
