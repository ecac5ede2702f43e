"""Tokens of caption text, with offsets, and the normal forms matching uses.

A token is a word (letters and digits, joined by internal hyphens, dots or
apostrophes: ``TMA-11M``, ``al-Qarni``, ``O'Brien``, ``2.1a``), a dotted
abbreviation (``U.S.``), or one other non-space character. A trailing
possessive ``'s`` is its own token so that ``NASA's`` is ``NASA`` + ``'s``.
Tokenising is one regular-expression scan: linear in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}(?![A-Za-z])"  # U.S., U.K., a.m.
    r"|[^\W_]+(?:[-‐‑–'’.][^\W_]+)*"  # words and designations
    r"|\S",
)
_POSSESSIVE = re.compile(r"^(.+?)(['’][sS])$")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_PART_SPLIT = re.compile(r"[-‐‑–/]+")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its text, character offsets in the unit text, and normal forms."""

    text: str
    start: int
    end: int

    @property
    def norm(self) -> str:
        """Lowercase, straight apostrophes: what lexicon phrases are matched on."""
        return self.text.translate(_APOSTROPHES).lower()

    @property
    def parts(self) -> tuple[str, ...]:
        """Accent-folded lowercase pieces without dots or apostrophes, split at hyphens."""
        return fold_parts(self.text)

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalnum()

    @property
    def is_cap(self) -> bool:
        """Starts with an uppercase letter."""
        return self.text[:1].isupper()

    @property
    def is_upper(self) -> bool:
        """All letters uppercase and at least two of them (``NASA``, ``U.S.``)."""
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, offsets relative to ``text``.

    >>> [t.text for t in tokenize("NASA's Rick Mastracchio (L), U.S.")]
    ['NASA', "'s", 'Rick', 'Mastracchio', '(', 'L', ')', ',', 'U.S.']
    """
    stop = len(text) if end is None else end
    out: list[Token] = []
    for m in _TOKEN.finditer(text, start, stop):
        word = m.group()
        poss = _POSSESSIVE.match(word) if len(word) > 2 else None
        if poss is not None:
            cut = m.start() + len(poss.group(1))
            out.append(Token(poss.group(1), m.start(), cut))
            out.append(Token(poss.group(2), cut, m.end()))
        else:
            out.append(Token(word, m.start(), m.end()))
    return out


def fold(text: str) -> str:
    """Accent-folded lowercase text with straight apostrophes.

    >>> fold("Núñez’s")
    "nunez's"
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold_parts(text: str) -> tuple[str, ...]:
    """The matching pieces of one token.

    >>> fold_parts("March-2F")
    ('march', '2f')
    >>> fold_parts("U.S.")
    ('us',)
    """
    plain = fold(text).replace(".", "").replace("'", "")
    pieces = tuple(p for p in _PART_SPLIT.split(plain) if p)
    return pieces or (plain,)


def phrase_parts(text: str) -> tuple[str, ...]:
    """The matching pieces of a whole phrase (a gazetteer label, say)."""
    out: list[str] = []
    for tok in tokenize(text):
        out.extend(tok.parts)
    return tuple(p for p in out if p)


def phrase_norms(text: str) -> tuple[str, ...]:
    """The token norms of a phrase, as lexicon entries are matched."""
    return tuple(t.norm for t in tokenize(text))


class PhraseTrie:
    """Multi-word phrases matched on token norms, longest first.

    >>> trie = PhraseTrie({"flight engineer": "role", "flight": "word"})
    >>> toks = tokenize("Flight Engineer Koichi Wakata")
    >>> trie.match(toks, 0)
    (2, 'role')
    """

    def __init__(self, phrases: dict[str, object] | None = None) -> None:
        self._root: dict[str, object] = {}
        for phrase, value in (phrases or {}).items():
            self.add(phrase, value)

    def add(self, phrase: str, value: object) -> None:
        node = self._root
        for norm in phrase_norms(phrase):
            child = node.get(norm)
            if not isinstance(child, dict):
                child = {}
                node[norm] = child
            node = child
        node[_END] = value

    def match(
        self, tokens: Sequence[Token], i: int, taken: Sequence[object] = ()
    ) -> tuple[int, object] | None:
        """``(j, value)`` for the longest phrase covering tokens ``[i, j)``, or None.

        ``taken`` (optional) marks tokens a phrase may not cover: any true or
        non-None item (a chunk, or ``True``).
        """
        node = self._root
        best: tuple[int, object] | None = None
        j = i
        while j < len(tokens) and not (j < len(taken) and taken[j]):
            child = node.get(tokens[j].norm)
            if not isinstance(child, dict):
                break
            node = child
            j += 1
            if _END in node:
                best = (j, node[_END])
        return best


_END = "\x00end"


def words(text: str) -> frozenset[str]:
    """A word list written as one string (lexicons read better that way).

    >>> sorted(words("b a  c"))
    ['a', 'b', 'c']
    """
    return frozenset(text.split())
