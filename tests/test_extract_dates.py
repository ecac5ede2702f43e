"""Dates as captions write them, and how year-less and weekday dates resolve."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.extract.dates import DateContext, DateMention, find_dates, parse_published, resolve


@pytest.mark.parametrize(
    ("text", "written", "ymd"),
    [
        ("blasts off on 7 November, 2013.", "7 November, 2013", (2013, 11, 7)),
        ("in this still November 7, 2013 image", "November 7, 2013", (2013, 11, 7)),
        ("lifts off, Oct. 26, 2023.", "Oct. 26, 2023", (2023, 10, 26)),
        ("Cape Canaveral, Florida July 8, 2011.", "July 8, 2011", (2011, 7, 8)),
        ("from Baikonur on 12 April 1961.", "12 April 1961", (1961, 4, 12)),
        ("a news conference on 25 Mar. 2014", "25 Mar. 2014", (2014, 3, 25)),
        ("on Wednesday, Sept. 25, 2019.", "Wednesday, Sept. 25, 2019", (2019, 9, 25)),
        ("meta 2013-11-07T04:14:00Z", "2013-11-07", (2013, 11, 7)),
        ("on the 16th of July 1969", "16th of July 1969", (1969, 7, 16)),
        ("at the Baikonur Cosmodrome, Sept. 20.", "Sept. 20", (None, 9, 20)),
        ("on 3 June", "3 June", (None, 6, 3)),
    ],
)
def test_forms(text: str, written: str, ymd: tuple[int | None, int, int]) -> None:
    (d,) = find_dates(text)
    assert d.text == written
    assert (d.year, d.month, d.day) == ymd
    assert text[d.start : d.end] == written


@pytest.mark.parametrize(
    "text",
    [
        "A Long March 5 rocket lifts off",
        "the Soyuz MS-22 Sept crew",
        "Soyuz-2.1a rocket",
        "March 2F",
        "31 February 2013",
        "it may 5 times",
    ],
)
def test_not_dates(text: str) -> None:
    assert [d for d in find_dates(text) if d.full is not None or d.month] == []


def test_weekdays_and_relative_words() -> None:
    found = find_dates("blasted off on Thursday, walk out on launch day, landed yesterday")
    assert [(d.weekday, d.relative) for d in found] == [
        (3, None),
        (None, "launch day"),
        (None, "yesterday"),
    ]


def test_weekday_takes_a_written_date_of_that_weekday() -> None:
    ctx = DateContext(None, (dt.date(2013, 11, 6), dt.date(2013, 11, 7)))
    assert resolve(DateMention(0, 8, "Thursday", weekday=3), ctx) == "2013-11-07"
    assert resolve(DateMention(0, 6, "Friday", weekday=4), ctx) is None


def test_weekday_against_the_publication_date() -> None:
    ctx = DateContext(dt.date(2022, 9, 21), ())
    assert resolve(DateMention(0, 9, "Wednesday", weekday=2), ctx) == "2022-09-21"
    assert resolve(DateMention(0, 6, "Monday", weekday=0), ctx) == "2022-09-19"
    assert resolve(DateMention(0, 5, "today", relative="today"), ctx) == "2022-09-21"
    assert resolve(DateMention(0, 9, "yesterday", relative="yesterday"), ctx) == "2022-09-20"


def test_year_less_dates_take_the_article_year() -> None:
    published = DateContext(dt.date(2022, 9, 21), ())
    assert resolve(DateMention(0, 8, "Sept. 20", month=9, day=20), published) == "2022-09-20"
    # A gallery of 2 January about a launch on 30 December.
    january = DateContext(dt.date(2024, 1, 2), ())
    assert resolve(DateMention(0, 6, "Dec 30", month=12, day=30), january) == "2023-12-30"
    # No publication date: the year the article's own dates mostly have.
    written = DateContext.of(None, find_dates("on 7 November, 2013 and 6 November, 2013"))
    assert resolve(DateMention(0, 5, "Nov 8", month=11, day=8), written) == "2013-11-08"
    assert resolve(DateMention(0, 5, "Nov 8", month=11, day=8), DateContext(None, ())) is None


def test_parse_published() -> None:
    assert parse_published("2013-11-07") == dt.date(2013, 11, 7)
    assert parse_published("2013-11-07T04:14:00+04:00") == dt.date(2013, 11, 7)
    assert parse_published("yesterday") is None
    assert parse_published(None) is None
    assert parse_published("2013-02-30") is None


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_style_round_trips(day: dt.date) -> None:
    styles = (
        day.strftime("%d %B, %Y"),
        day.strftime("%B %d, %Y"),
        f"{day.strftime('%b')}. {day.day}, {day.year}",
        day.isoformat(),
    )
    for text in styles:
        (d,) = find_dates(f"on {text}.")
        assert d.full == day, text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_safe(text: str) -> None:
    for d in find_dates(text):
        assert 0 <= d.start < d.end <= len(text)
        resolve(d, DateContext(None, ()))
