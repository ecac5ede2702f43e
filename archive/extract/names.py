"""Proper-name runs and person names: how they are written and when two are one.

A name run is a sequence of capitalised words, with initials ("Edward H.
White"), particles ("Frank De Winne", "Ali al-Qarni", "van"), a nickname in
quotes (``Edwin "Buzz" Aldrin``) and a suffix ("II", "Jr."). Whether a run is
a person is decided by its context (see :mod:`archive.extract.persons`), never
by a list of names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from archive.extract.tokens import Token, fold, words

# Capitalised words that begin sentences or titles but never names.
CAP_STOP = words(
    """the a an this that these those in on at from with for of and but or as after before
    during here there it they he she we i his her their its our when while where who what
    which some many all both each every one two three four five six seven eight nine ten
    first second third last next new old other another photo picture image file handout
    left right centre center top bottom front back pictured seen shown also then later
    now today tonight yesterday tomorrow monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec mission program programme crew
    crews launch flight era fleet team teams fifty hundreds thousands members member
    astronauts cosmonauts story video live update reuters afp ap xinhua tass getty epa
    advertisement end article gallery slideshow scroll click read more via by credit courtesy
    spectators people visitors workers officials engineers technicians children onlookers
    russia's nasa's china's"""
)
PARTICLES = words("de da das dos do van von der den del della di du le la bin ibn al el ter ten y")
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_ARABIC_PARTICLE = re.compile(r"^(?:al|el|ad|ar|as|at|bin|ibn|abu|bint)[-‐][A-Z]\w")
_QUOTES_OPEN = frozenset("\"“‘'«")
_QUOTES_CLOSE = frozenset("\"”’'»")


def is_name_word(tok: Token) -> bool:
    """A capitalised word that may be part of a name (not ``NASA``, not ``The``)."""
    text = tok.text
    if _ARABIC_PARTICLE.match(text):
        return True  # "al-Qarni", "bin-Zayed"
    if not text[:1].isalpha() or not text[:1].isupper() or tok.norm in CAP_STOP:
        return False
    if tok.is_upper and len(text) > 1 and not (len(text) <= 3 and "." in text):
        return False  # acronyms are organisations, not people
    return len(text) != 1  # a lone capital is an initial, handled apart


def name_runs(tokens: Sequence[Token], free: Sequence[bool]) -> list[tuple[int, int]]:
    """Token ranges ``[i, j)`` of capitalised name runs among free tokens."""
    runs: list[tuple[int, int]] = []
    n = len(tokens)
    i = 0
    while i < n:
        if not (free[i] and is_name_word(tokens[i])):
            i += 1
            continue
        j = i + 1
        while j < n:
            step = _extend(tokens, free, j, words=j - i)
            if step == 0:
                break
            j += step
        runs.append((i, j))
        i = j
    return runs


def _extend(tokens: Sequence[Token], free: Sequence[bool], j: int, *, words: int) -> int:
    """How many tokens from ``j`` continue a name run (0: the run ends)."""
    n = len(tokens)

    def ok(k: int) -> bool:
        return k < n and free[k]

    def word_at(k: int) -> bool:
        return ok(k) and is_name_word(tokens[k])

    tok = tokens[j]
    if word_at(j):
        if tok.norm in {"jr", "sr"} and ok(j + 1) and tokens[j + 1].text == ".":
            return 2
        return 1
    if not ok(j):
        return 0
    # Initials: "H." or "E.H." before a further name word.
    if len(tok.text) == 1 and tok.text.isupper() and ok(j + 1) and tokens[j + 1].text == ".":
        return 2 if word_at(j + 2) else 0
    if tok.is_upper and "." in tok.text and len(tok.text) <= 4 and word_at(j + 1):
        return 1
    if tok.norm in PARTICLES and word_at(j + 1) and tokens[j + 1].start == tok.end + 1:
        return 1
    if tok.text in _QUOTES_OPEN:
        k = j + 1
        while k < n and k - j <= 3 and word_at(k):
            k += 1
        if k > j + 1 and ok(k) and tokens[k].text in _QUOTES_CLOSE and word_at(k + 1):
            return k + 1 - j
        return 0
    if tok.norm.rstrip(".") in SUFFIXES and words >= 2 and tok.text[:1].isupper():
        return 2 if ok(j + 1) and tokens[j + 1].text == "." and tok.norm in {"jr", "sr"} else 1
    return 0


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name as written, and its parts."""

    written: str  # with initials, nickname and suffix, quotes straightened
    words: tuple[str, ...]  # the given and family names only
    nickname: str | None = None

    @property
    def plain(self) -> str:
        """Given and family names only: the form keys are made from."""
        return " ".join(self.words)

    @property
    def variants(self) -> tuple[str, ...]:
        """Other ways of writing it: without initials, with the nickname as given name."""
        out = {self.plain}
        if self.nickname and self.words:
            out.add(f"{self.nickname} {self.words[-1]}")
        out.discard(self.written)
        return tuple(sorted(out))


def person_name(tokens: Sequence[Token]) -> PersonName:
    """Split a name run into its parts.

    >>> from archive.extract.tokens import tokenize
    >>> n = person_name(tokenize('Edwin "Buzz" Aldrin'))
    >>> n.written, n.plain, n.variants
    ('Edwin "Buzz" Aldrin', 'Edwin Aldrin', ('Buzz Aldrin', 'Edwin Aldrin'))
    >>> person_name(tokenize("Edward H. White II")).plain
    'Edward White'
    """
    words: list[str] = []
    nick: list[str] = []
    written: list[str] = []
    in_quote = False
    prev: Token | None = None
    for tok in tokens:
        text = tok.text
        if text in _QUOTES_OPEN and not in_quote:
            in_quote = True
            text = '"'
        elif text in _QUOTES_CLOSE and in_quote:
            in_quote = False
            text = '"'
        elif in_quote:
            nick.append(text)
        elif (is_name_word(tok) and tok.norm.rstrip(".") not in SUFFIXES) or tok.norm in PARTICLES:
            words.append(text)
        glue = prev is not None and tok.start == prev.end
        if written and not glue:
            written.append(" ")
        written.append(text)
        prev = tok
    return PersonName("".join(written).strip(), tuple(words), " ".join(nick) or None)


_HYPOCORISMS = {
    "mike": "michael", "mick": "michael", "bob": "robert", "rob": "robert", "bill": "william",
    "will": "william", "rick": "richard", "dick": "richard", "jim": "james", "jimmy": "james",
    "tom": "thomas", "chris": "christopher", "doug": "douglas", "dan": "daniel",
    "dave": "david", "joe": "joseph", "ed": "edward", "ted": "edward", "tim": "timothy",
    "steve": "stephen", "nick": "nicholas", "alex": "alexander", "sasha": "alexander",
    "sandy": "sandra", "jeff": "jeffrey", "greg": "gregory", "matt": "matthew",
    "andy": "andrew", "tony": "anthony", "ken": "kenneth", "ron": "ronald", "don": "donald",
    "sam": "samuel", "kate": "katherine", "cathy": "catherine", "liz": "elizabeth",
    "beth": "elizabeth", "jenny": "jennifer", "suni": "sunita", "pete": "peter",
    "fred": "frederick", "frank": "francis", "jack": "john", "chuck": "charles",
    "charlie": "charles", "scotty": "scott", "wally": "walter", "gene": "eugene",
    "larry": "lawrence", "jerry": "gerald", "terry": "terence", "woody": "woodrow",
}  # fmt: skip


def _given(a: str) -> str:
    f = fold(a)
    f = _HYPOCORISMS.get(f, f)
    # Transliterations of Russian names: Sergey/Sergei, Aleksandr/Alexander.
    for old, new in (("ks", "x"), ("ey", "ei"), ("iy", "y"), ("yu", "iu"), ("kh", "h")):
        f = f.replace(old, new)
    return f.rstrip("r").replace("er", "r")


def same_given(a: str, b: str) -> bool:
    """Two given names that may belong to one person ("Mike"/"Michael", "Sergey"/"Sergei").

    >>> same_given("Mike", "Michael"), same_given("Sergey", "Sergei"), same_given("Scott", "Mark")
    (True, True, False)
    """
    ga, gb = _given(a), _given(b)
    if ga == gb or (len(a) == 1 and fold(b).startswith(fold(a))):
        return True
    return difflib.SequenceMatcher(None, ga, gb).ratio() >= 0.8 and ga[:1] == gb[:1]


def same_person(a: PersonName, b: PersonName) -> bool:
    """Two full names (two words or more) that name one person within an article."""
    if len(a.words) < 2 or len(b.words) < 2:
        return False
    if fold(a.plain) == fold(b.plain):
        return True
    if fold(a.words[-1]) != fold(b.words[-1]):
        return False
    return (
        same_given(a.words[0], b.words[0])
        or (a.nickname is not None and fold(a.nickname) == fold(b.words[0]))
        or (b.nickname is not None and fold(b.nickname) == fold(a.words[0]))
    )
