"""Text normalisation shared by both readers: whitespace, positions, boilerplate, sentences.

Everything here is pure ``str -> data`` and linear in the length of its
input: the readers call it on untrusted text of any size.
"""

from __future__ import annotations

import bisect
import re
import unicodedata

# Whitespace is listed explicitly rather than taken from str.isspace(): that
# also counts the C0 separators U+001C..U+001F and NEL (U+0085), which are
# control characters the readers keep as data for later stages to escape.
_SPACE_CHARS = " \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACE_RUN = re.compile(f"[{_SPACE_CHARS}]+")
_LINE_BREAK = re.compile(r"\r\n?|\n|\u2028|\u2029")

# Navigation and advertising lines that pages and feeds put between
# paragraphs. A line is boilerplate only when it is one of these *whole*
# (case-insensitive, trailing ':' '…' '>' '»' '›' ignored).
_BOILERPLATE = frozenset(
    {
        "advertisement",
        "advertisements",
        "sponsored",
        "sponsored content",
        "end of article",
        "story continues below",
        "story continues below advertisement",
        "article continues below",
        "continue reading",
        "continue reading below",
        "read more",
        "read more here",
        "also read",
        "see also",
        "related",
        "related articles",
        "related stories",
        "related news",
        "share this",
        "share this article",
        "share this story",
        "share",
        "more photos",
        "next",
        "previous",
        "back to top",
    }
)
# Lines that *start* with these are navigation whatever follows them:
# "Click here to see more", "Read more: Some other headline".
_BOILERPLATE_PREFIX = re.compile(
    r"(?:click here\b|(?:read more|also read|see also|related)\s*:)", re.IGNORECASE
)
_BOILERPLATE_TRAIL = " \t:…>»›.-–—|"
_MAX_BOILERPLATE = 200  # longer lines are prose, whatever they start with

# Abbreviations whose final '.' does not end a sentence.
_ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "jr", "sr", "prof", "gen", "col", "lt", "sgt", "capt"}
    | {"maj", "cmdr", "rev", "no", "vs", "etc", "e.g", "i.e", "approx", "inc", "ltd", "co"}
    | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (NBSP included) to one space and strip.

    >>> normalise_space("  a\\u00a0\\u00a0b\\n\\tc ")
    'a b c'
    """
    return _SPACE_RUN.sub(" ", text).strip(" ")


def split_lines(text: str) -> list[str]:
    """Split on every line break form (LF, CRLF, CR, U+2028/U+2029).

    >>> split_lines("a\\r\\nb\\rc\\nd")
    ['a', 'b', 'c', 'd']
    """
    return _LINE_BREAK.split(text)


def is_boilerplate(line: str) -> bool:
    """True for navigation or advertising lines and lines without words.

    >>> is_boilerplate("Advertisement"), is_boilerplate(" ) "), is_boilerplate("Click here to vote")
    (True, True, True)
    >>> is_boilerplate("Related research shows a link.")
    False
    """
    text = normalise_space(line)
    if not text or _only_punctuation(text):
        return True
    if len(text) > _MAX_BOILERPLATE:
        return False
    if text.rstrip(_BOILERPLATE_TRAIL).casefold() in _BOILERPLATE:
        return True
    return _BOILERPLATE_PREFIX.match(text) is not None


def _only_punctuation(text: str) -> bool:
    # The stray ")" lines of pasted galleries; symbols and digits are not
    # punctuation, so "© 2013" or "1969" stay.
    return all(ch.isspace() or unicodedata.category(ch).startswith("P") for ch in text)


def paragraphs(text: str) -> list[str]:
    """The non-boilerplate lines of ``text``, whitespace-normalised, in order.

    >>> paragraphs("One.\\n\\nAdvertisement\\n)\\n  Two  three.")
    ['One.', 'Two three.']
    """
    out = []
    for line in split_lines(text):
        if not is_boilerplate(line):
            out.append(normalise_space(line))
    return out


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (all of it when no sentence ends early).

    >>> first_sentence("Russia sent the torch. Here are images.")
    'Russia sent the torch.'
    >>> first_sentence("Dr. Smith met Gen. Ivanov in the U.S. on Monday. Then he left.")
    'Dr. Smith met Gen. Ivanov in the U.S. on Monday.'
    """
    text = normalise_space(text)
    for match in _SENTENCE_END.finditer(text):
        if not _is_abbreviation(text, match.start()) and _starts_sentence(text, match.end()):
            return text[: match.end()]
    return text


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = text[text.rfind(" ", 0, dot) + 1 : dot]
    # "U.S", "J" (an initial), "Dr": the dot belongs to the word
    last = word.rsplit(".", 1)[-1]
    return len(last) == 1 or word.casefold() in _ABBREVIATIONS


def _starts_sentence(text: str, end: int) -> bool:
    rest = text[end:].lstrip()
    return not rest or not rest[0].islower()


class LineIndex:
    """Maps character offsets of a text to 1-based (line, column) pairs."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        self._starts = [0]
        self._starts.extend(m.end() for m in _LINE_BREAK.finditer(text))

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of the character at ``offset``.

        >>> LineIndex("ab\\ncd").position(4)
        (2, 2)
        """
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of ``text[offset]``; for one-off error messages."""
    return LineIndex(text[:offset]).position(offset)
