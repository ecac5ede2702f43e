"""Dates as news captions write them, and how a year-less date gets its year.

Forms: ``7 November, 2013``, ``November 7, 2013``, ``Nov. 7, 2013``,
``7 Nov 2013``, ``Thursday, Nov. 7, 2013``, ``Nov. 7``, ``7 November``,
``2013-11-07``, ``on Thursday``, ``today``/``yesterday``, ``launch day``.
Finding is one regular-expression scan; resolving needs the article's context
(its publication date and its other dates), so it is a second step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = (
    r"(?:January|Jan|February|Feb|March|Mar|April|Apr|May|June|Jun|July|Jul|August|Aug"
    r"|September|Sept|Sep|October|Oct|November|Nov|December|Dec)\b\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
_ORD = r"(?:st|nd|rd|th)?"
# "Long March 5" is a rocket, not the fifth of March.
_NOT_ROCKET = r"(?<!Long )(?<!Long\xa0)"
_DATE = re.compile(
    rf"(?:(?P<wd0>{_WEEKDAY}),?\s+)?(?:"
    r"(?P<iy>(?<!\d)\d{4})-(?P<im>\d{2})-(?P<id>\d{2})(?![\d-])"
    rf"|(?<![\w.-])(?P<dd>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<dm>{_MONTH}),?(?:\s+(?P<dy>\d{{4}})(?!\d))?"
    rf"|{_NOT_ROCKET}(?P<mm>{_MONTH})\s+(?P<md>\d{{1,2}}){_ORD}(?![\w.-]\d|[^\W\d])"
    r"(?:(?:,\s*|\s+)(?P<my>\d{4})(?!\d))?"
    r")"
    rf"|(?P<wd>{_WEEKDAY})"
    r"|(?P<rel>\b(?:[Tt]oday|[Yy]esterday|[Tt]onight|[Tt]his morning|[Ll]ast night|"
    r"[Ll]aunch day)\b)"
)
_RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "yesterday": -1, "last night": -1}


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as written; fields not written are None."""

    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # Monday = 0
    relative: str | None = None  # "today", "yesterday", "launch day"...

    @property
    def full(self) -> dt.date | None:
        """The date when day, month and year are all written."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return _date(self.year, self.month, self.day)


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date written in ``text[start:end]``, offsets relative to ``text``.

    >>> [(d.text, d.year, d.month, d.day) for d in find_dates("on 7 November, 2013 and Nov. 8")]
    [('7 November, 2013', 2013, 11, 7), ('Nov. 8', None, 11, 8)]
    """
    stop = len(text) if end is None else end
    out: list[DateMention] = []
    for m in _DATE.finditer(text, start, stop):
        d = _mention(m)
        if d is not None:
            out.append(d)
    return out


def _mention(m: re.Match[str]) -> DateMention | None:
    g = m.groupdict()
    text = m.group().rstrip(",")
    start, end = m.start(), m.start() + len(text)
    if g["rel"]:
        return DateMention(start, end, text, relative=g["rel"].lower())
    if g["wd"]:
        return DateMention(start, end, text, weekday=_WEEKDAYS.index(g["wd"].lower()))
    y: int | None
    if g["iy"]:
        y, mo, d = int(g["iy"]), int(g["im"]), int(g["id"])
    elif g["dd"]:
        y, mo, d = _int(g["dy"]), _month(g["dm"]), int(g["dd"])
    else:
        y, mo, d = _int(g["my"]), _month(g["mm"]), int(g["md"])
    if _date(y or 2000, mo, d) is None or (y is not None and not 1900 <= y <= 2199):
        return None
    return DateMention(start, end, text, year=y, month=mo, day=d)


def _int(text: str | None) -> int | None:
    return int(text) if text else None


def _month(text: str) -> int:
    return _MONTHS[text.rstrip(".").lower()]


def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def parse_published(value: str | None) -> dt.date | None:
    """The date part of an ISO 8601 date or date-time, or None.

    >>> parse_published("2013-11-07T04:14:00+00:00")
    datetime.date(2013, 11, 7)
    """
    if not value:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    return _date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


@dataclass(frozen=True, slots=True)
class DateContext:
    """What a year-less or weekday date is resolved against."""

    published: dt.date | None
    full_dates: tuple[dt.date, ...]  # every complete date the article writes

    @classmethod
    def of(cls, published: str | None, mentions: Iterable[DateMention]) -> DateContext:
        fulls = sorted({d for m in mentions if (d := m.full) is not None})
        return cls(parse_published(published), tuple(fulls))

    @property
    def year(self) -> int | None:
        """The year a year-less date takes: the article's, else its dates' usual year."""
        if self.published is not None:
            return self.published.year
        if not self.full_dates:
            return None
        counts = Counter(d.year for d in self.full_dates)
        return min(counts, key=lambda y: (-counts[y], y))


def resolve(mention: DateMention, ctx: DateContext) -> str | None:
    """The ISO date a mention stands for in its article, or None when unknowable.

    >>> ctx = DateContext(published=None, full_dates=(dt.date(2013, 11, 7),))
    >>> resolve(DateMention(0, 8, "Thursday", weekday=3), ctx)
    '2013-11-07'
    >>> resolve(DateMention(0, 5, "Nov 6", month=11, day=6), ctx)
    '2013-11-06'
    """
    if (full := mention.full) is not None:
        return full.isoformat()
    if mention.relative is not None:
        return _relative(mention.relative, ctx)
    if mention.weekday is not None:
        return _weekday(mention.weekday, ctx)
    if mention.month is None or mention.day is None:
        return None
    return _yearless(mention.month, mention.day, ctx)


def _relative(word: str, ctx: DateContext) -> str | None:
    if word not in _RELATIVE_DAYS or ctx.published is None:
        return None
    return (ctx.published + dt.timedelta(days=_RELATIVE_DAYS[word])).isoformat()


def _weekday(weekday: int, ctx: DateContext) -> str | None:
    # A date the article writes in full that falls on that weekday is the
    # likeliest meaning ("... on 7 November" and "on Thursday" in one gallery).
    named = [d for d in ctx.full_dates if d.weekday() == weekday]
    if ctx.published is not None:
        close = [d for d in named if 0 <= (ctx.published - d).days < 7]
        if close:
            return max(close).isoformat()
        back = (ctx.published.weekday() - weekday) % 7
        return (ctx.published - dt.timedelta(days=back)).isoformat()
    return named[0].isoformat() if len(named) == 1 else None


def _yearless(month: int, day: int, ctx: DateContext) -> str | None:
    year = ctx.year
    if year is None:
        return None
    found = _date(year, month, day)
    if found is None:
        return None
    # A gallery published on 2 January about a launch on 30 December.
    if ctx.published is not None and (found - ctx.published).days > 60:
        found = _date(year - 1, month, day) or found
    return found.isoformat()
