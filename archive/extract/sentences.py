"""Splitting caption text into sentences, without breaking at "Nov." or "H.".

A full stop ends a sentence when the next word starts one (a capital, a digit
or a quote) and the word before it is not an abbreviation or an initial.
After "U.S." or "Fla." (which end sentences as often as they do not) only a
word that usually starts sentences ("The", "A", "They"...) ends it. Line
breaks always do.
"""

from __future__ import annotations

import re

from archive.extract.tokens import words

_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*")
_ABBREV = words(
    """jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr st lt col gen capt cmdr
    maj sgt adm brig prof rev gov sen rep jr sr no nos fig vs inc corp co ltd approx est
    mt ft vol dept univ ave blvd"""
)
_AMBIGUOUS = words(
    """fla calif ariz tex va ala ga md mass wash kan ky la mich minn miss mo nev okla ore pa
    tenn wis wyo colo conn del ill ind n.m u.s u.k u.s.a d.c a.m p.m"""
)
_STARTERS = words(
    """the a an this these those it its they their he his she her we our in on at after
    before during when while here there some many crew members russian american chinese"""
)
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")
_WORD_AFTER = re.compile(r"\s*[\"'“‘(\[]?([A-Za-z]+)")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the sentences of ``text[start:end]``, trimmed.

    >>> t = "It lifts off on Nov. 7, 2013. Edward H. White floats. At Cape Canaveral, Fla. The end"
    >>> [t[a:b] for a, b in split_sentences(t)][1:]
    ['Edward H. White floats.', 'At Cape Canaveral, Fla.', 'The end']
    """
    stop = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    begin = start
    for m in _CANDIDATE.finditer(text, start, stop):
        if m.group().strip() and not _ends_here(text, begin, m.start(), m.end()):
            continue
        _add(out, text, begin, m.end())
        begin = m.end()
    _add(out, text, begin, stop)
    return out


def _ends_here(text: str, begin: int, dot: int, after: int) -> bool:
    # A word is short: looking further back would make long texts quadratic.
    before = _WORD_BEFORE.search(text, max(begin, dot - 40), dot)
    if before is None:
        return True
    word = before.group(1).lower().rstrip(".")
    if len(word) == 1 and text[dot - 1].isupper():
        return False  # an initial: "Edward H. White"
    if word in _ABBREV:
        return False
    if word in _AMBIGUOUS or (len(word) <= 4 and "." in word):
        nxt = _WORD_AFTER.match(text, after)
        return nxt is not None and nxt.group(1).lower() in _STARTERS
    return True


def _add(out: list[tuple[int, int]], text: str, a: int, b: int) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        out.append((a, b))
