"""Proper-name runs and person names: how they are written and when two are one.

A name run is a sequence of capitalised words, with initials ("Edward H.
White"), particles ("Frank De Winne", "Ali al-Qarni", "van"), a nickname in
quotes (``Edwin "Buzz" Aldrin``) and a suffix ("II", "Jr."). Whether a run is
a person is decided by its context (see :mod:`archive.extract.persons`), never
by a list of names. Given names are compared in
:mod:`archive.extract.givennames`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from archive.extract.givennames import given_match
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
    """Token ranges ``[i, j)`` of capitalised name runs among free tokens.

    A run may start with initials ("S. Somanath") when a name word follows them.
    """
    runs: list[tuple[int, int]] = []
    n = len(tokens)
    i = 0
    while i < n:
        starts = free[i] and (is_name_word(tokens[i]) or _initials_then_name(tokens, free, i))
        if not starts:
            i += 1
            continue
        j = i + 1 if is_name_word(tokens[i]) else i
        while j < n:
            step = _extend(tokens, free, j, words=j - i)
            if step == 0:
                break
            j += step
        if j > i:
            runs.append((i, j))
        i = max(j, i + 1)
    return runs


def is_initial(tokens: Sequence[Token], k: int) -> bool:
    """A capital letter and its full stop ("H." in "Edward H. White")."""
    return (
        k + 1 < len(tokens)
        and len(tokens[k].text) == 1
        and tokens[k].text.isupper()
        and tokens[k + 1].text == "."
        and tokens[k + 1].start == tokens[k].end
    )


def _initials_then_name(tokens: Sequence[Token], free: Sequence[bool], k: int) -> bool:
    """Initials ("S.", "J. R.") right before a name word."""
    steps = 0
    while steps < 3 and is_initial(tokens, k) and all(free[k : k + 2]):
        k += 2
        steps += 1
    return steps > 0 and k < len(tokens) and free[k] and is_name_word(tokens[k])


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
    # Initials: "H." or "E.H." before a further name word, another initial or a nickname.
    if is_initial(tokens, j) and ok(j + 1):
        return (
            2
            if word_at(j + 2) or is_initial(tokens, j + 2) or _nickname(tokens, free, j + 2)
            else 0
        )
    if tok.is_upper and "." in tok.text and len(tok.text) <= 4 and word_at(j + 1):
        return 1
    if tok.norm in PARTICLES and word_at(j + 1) and tokens[j + 1].start == tok.end + 1:
        return 1
    if tok.text in _QUOTES_OPEN:
        return _nickname(tokens, free, j)
    if words >= 2:
        return _suffix(tokens, free, j)
    return 0


def _nickname(tokens: Sequence[Token], free: Sequence[bool], j: int) -> int:
    """Tokens of a quoted nickname before a name word (`"Buzz"`, “Jack”), or 0."""
    n = len(tokens)
    if j >= n or not free[j] or tokens[j].text not in _QUOTES_OPEN:
        return 0
    k = j + 1
    while k < n and k - j <= 3 and free[k] and is_name_word(tokens[k]):
        k += 1
    closed = k > j + 1 and k < n and free[k] and tokens[k].text in _QUOTES_CLOSE
    after = k + 1 < n and free[k + 1] and is_name_word(tokens[k + 1])
    return k + 1 - j if closed and after else 0


def _suffix(tokens: Sequence[Token], free: Sequence[bool], j: int) -> int:
    """A generational suffix, with or without a comma before it: "II", ", Jr.", "Sr"."""
    n = len(tokens)
    k = j + 1 if tokens[j].text == "," else j
    if k >= n or not free[k] or tokens[k].norm.rstrip(".") not in SUFFIXES:
        return 0
    if not tokens[k].text[:1].isupper():
        return 0
    end = k + 1
    if tokens[k].norm in {"jr", "sr"} and end < n and free[end] and tokens[end].text == ".":
        end += 1
    return end - j


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name as written, and its parts."""

    written: str  # with initials, nickname and suffix, quotes straightened
    words: tuple[str, ...]  # the given and family names only
    nickname: str | None = None
    suffix: str | None = None  # "Jr.", "II"
    forms: tuple[str, ...] = ()  # the written form without its initials, nickname or suffix

    @property
    def plain(self) -> str:
        """Given and family names only: the form keys are made from."""
        return " ".join(self.words)

    @property
    def variants(self) -> tuple[str, ...]:
        """Other ways of writing it: without initials, nickname or suffix, or by the nickname."""
        out = {self.plain, *self.forms}
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
    >>> n = person_name(tokenize("John L. “Jack” Swigert, Jr."))
    >>> n.written, n.plain
    ('John L. "Jack" Swigert, Jr.', 'John Swigert')
    >>> {"Jack Swigert", "John L. Swigert", "John Swigert, Jr."} <= set(n.variants)
    True
    """
    parts = _parts(tokens)
    words = tuple(t.text for t, part in parts if part == "word")
    nick = " ".join(t.text for t, part in parts if part == "nick" and t.text not in '"')
    suffixes = [t.text for t, part in parts if part == "suffix" and t.text[:1].isalpha()]
    suffix = None
    if suffixes:
        s = suffixes[0]
        suffix = s if s.lower() in {"ii", "iii", "iv"} else s.rstrip(".") + "."
    written = _render(parts, frozenset())
    forms = {
        _render(parts, frozenset(drop))
        for drop in (("initial",), ("nick",), ("suffix",), ("initial", "nick"),
                     ("initial", "suffix"), ("nick", "suffix"), ("initial", "nick", "suffix"))
    }  # fmt: skip
    forms.discard(written)
    return PersonName(written, words, nick or None, suffix, tuple(sorted(forms)))


def _parts(tokens: Sequence[Token]) -> list[tuple[Token, str]]:
    """Each token of a name run with its part: word, initial, nick, suffix or other."""
    out: list[tuple[Token, str]] = []
    in_quote = False
    for tok in tokens:
        text = tok.text
        if text in _QUOTES_OPEN and not in_quote:
            in_quote, part = True, "nick"
        elif text in _QUOTES_CLOSE and in_quote:
            in_quote, part = False, "nick"
        elif in_quote:
            part = "nick"
        elif out and tok.norm.rstrip(".") in SUFFIXES and text[:1].isupper():
            part = "suffix"
            if out[-1][0].text == ",":
                out[-1] = (out[-1][0], "suffix")  # "Swigert, Jr."
        elif text == "." and out and out[-1][1] in {"initial", "suffix"}:
            part = out[-1][1]
        elif (len(text) == 1 and text.isupper()) or (tok.is_upper and "." in text):
            part = "initial"
        elif is_name_word(tok) or tok.norm in PARTICLES:
            part = "word"
        else:
            part = "other"
        out.append((Token('"' if part == "nick" and text in _QUOTES_OPEN | _QUOTES_CLOSE
                          else text, tok.start, tok.end), part))  # fmt: skip
    return out


def _render(parts: list[tuple[Token, str]], drop: frozenset[str]) -> str:
    """The name's tokens but those of the dropped parts, spaced as written."""
    out: list[str] = []
    prev: Token | None = None
    for tok, part in parts:
        if part in drop:
            continue
        if out and not (prev is not None and tok.start == prev.end):
            out.append(" ")
        out.append(tok.text)
        prev = tok
    return "".join(out).strip()


def person_match(a: PersonName, b: PersonName) -> str | None:
    """How two full names (two words or more) may name one person within an article.

    ``"same"``: written alike, or by a nickname, or one given name spelt two
    ways; ``"short"``: one given name is a short form of the other ("Drew
    Morgan", "Andrew Morgan"), which only holds when no one else of that
    family name is named; None: two people.
    """
    if len(a.words) < 2 or len(b.words) < 2:
        return None
    if fold(a.plain) == fold(b.plain):
        return "same"
    if fold(a.words[-1]) != fold(b.words[-1]):
        return None
    if (a.nickname is not None and fold(a.nickname) == fold(b.words[0])) or (
        b.nickname is not None and fold(b.nickname) == fold(a.words[0])
    ):
        return "same"
    return given_match(a.words[0], b.words[0])


def same_person(a: PersonName, b: PersonName) -> bool:
    """Two full names (two words or more) that may name one person within an article."""
    return person_match(a, b) is not None
