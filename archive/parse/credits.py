"""Photo credits at the end of captions: "… on 7 November, 2013. REUTERS".

A credit is recognised by the *shape* of the caption's tail, not by a list
of the corpus's words:

* a keyword line, anywhere after the last sentence: ``Photo: X``,
  ``Photograph: X``, ``Credit: X``, ``Image: X``, ``Picture: X``,
  ``Photo by X``, ``Courtesy of X``, ``© X`` (the keyword is dropped:
  the credit is ``X``);
* after sentence-final punctuation (or a `` - `` / `` | `` separator), a
  short *agency line*: all-caps tokens (``REUTERS``, ``AFP PHOTO``, any
  unknown ``ABC``), or capitalised names joined by ``/`` (``NASA/Bill
  Ingalls``, ``AP Photo/John Raoux``, ``Bill Ingalls/Getty Images``), or a
  well-known agency written in mixed case (``Xinhua``, ``Reuters``);
* the same inside a final parenthesis: ``(Photo by X/Y)`` anywhere,
  ``(NASA)`` only after a sentence ("Agency (JAXA)" is an acronym).

Words that belong to the sentence stay: "... handed over by NASA" has no
sentence break before "NASA", so it has no credit.
"""

from __future__ import annotations

import itertools
import re

# Mixed-case names of photo and space agencies: only consulted for a tail
# that is neither all caps nor slash-joined (all-caps tails need no list).
_KNOWN_AGENCIES = frozenset(
    {"reuters", "xinhua", "getty images", "associated press", "ap photo", "afp photo"}
    | {"tass", "itar-tass", "ria novosti", "sputnik", "kyodo", "yonhap", "anadolu", "dpa"}
    | {"bloomberg", "shutterstock", "alamy", "pa images", "pa wire", "efe", "ansa"}
    | {"nasa", "nasa tv", "esa", "roscosmos", "jaxa", "isro", "spacex", "handout"}
)
# Lowercase words allowed inside names: "Vincent van Gogh", "Photo courtesy of".
_PARTICLES = frozenset(
    {"de", "da", "do", "dos", "das", "van", "von", "der", "den", "del", "della", "di"}
    | {"du", "la", "le", "bin", "al", "el", "y", "e", "of", "the", "and", "for", "via"}
)
_WINDOW = 200  # a credit is a short tail; look no further back than this
_MAX_WORDS = 12

_KEYWORD = re.compile(
    r"(?:(?:(?:photo(?:graph)?s?|pictures?|pics?|images?)(?:\s+credits?)?|credits?)\s*:"
    r"|(?P<by>(?:photo(?:graph)?s?|pictures?|images?)\s+(?:by|courtesy(?:\s+of)?)\s"
    r"|courtesy(?:\s+of)?\s|\(c\)\s|copyright\s(?:\s*©)?)|©)\s*",
    re.IGNORECASE,
)
_COLON_KEYWORD = re.compile(
    r"\s(?=(?:Photo(?:graph)?s?|PHOTOS?|Pictures?|Pics?|Images?|Credits?|CREDITS?)"
    r"(?:\s+[Cc]redits?)?\s*:)"
)
# A sentence end (punctuation + closing quotes) or a dash/pipe separator.
_BREAK = re.compile(r"(?P<end>[.!?…]+[\"'”’)\]]*)\s+|\s+[-–—|]\s+")
_INNER_BREAK = re.compile(r"(?<!\b[^\W\d_])[.!?]\s")  # not after an initial: "J. Smith"
_TRIM = "-–—|,;:"


def split_credit(text: str) -> tuple[str, str | None]:
    """Split a trailing photo credit from a caption.

    Returns the caption without the credit (stripped; a prefix of the
    stripped input) and the credit, or None when the caption has none.

    >>> split_credit("Blasts off at Baikonur on 7 November, 2013. REUTERS")
    ('Blasts off at Baikonur on 7 November, 2013.', 'REUTERS')
    >>> split_credit("The crew waves. Photo: NASA/Bill Ingalls")
    ('The crew waves.', 'NASA/Bill Ingalls')
    >>> split_credit("The torch was handed over by NASA")
    ('The torch was handed over by NASA', None)
    """
    s = text.strip()
    for finder in (_in_parenthesis, _after_break, _after_colon_keyword, _after_copyright_sign):
        found = finder(s)
        if found is not None:
            cut, credit = found
            return s[: _trimmed_end(s, cut)], credit
    return s, None


def _trimmed_end(s: str, end: int) -> int:
    # Drops the space and separators ("-", "|", ",") left before the credit.
    while end > 0 and (s[end - 1].isspace() or s[end - 1] in _TRIM):
        end -= 1
    return end


def _after_break(s: str) -> tuple[int, str] | None:
    # Shortest tail first: the last sentence break whose tail is a credit.
    breaks = list(_BREAK.finditer(s, max(0, len(s) - _WINDOW)))
    for m in reversed(breaks):
        if m.group("end") and _ends_abbreviation(s, m.start()):
            continue
        credit = _keyword_credit(s[m.end() :]) or _agency_credit(s[m.end() :])
        if credit:
            return (m.end("end") if m.group("end") else m.start()), credit
    if len(s) <= _WINDOW and (credit := _keyword_credit(s)):
        return 0, credit  # the whole caption is a credit line: "Photo: NASA"
    return None


def _in_parenthesis(s: str) -> tuple[int, str] | None:
    close = len(s) - 2 if s.endswith(").") else len(s) - 1
    if close < 0 or s[close] != ")":
        return None
    opening = _matching_open(s, close)
    if opening is None:
        return None
    inner = s[opening + 1 : close].strip()
    credit = _keyword_credit(inner)
    if not credit and (_follows_sentence(s, opening) or _is_slashed_names(inner)):
        credit = _agency_credit(inner)
    return (opening, credit) if credit else None


def _after_colon_keyword(s: str) -> tuple[int, str] | None:
    # "… waves Photo: NASA": a capitalised "Photo:"/"Credit:" needs no break.
    hits = list(_COLON_KEYWORD.finditer(s, max(0, len(s) - _WINDOW)))
    if hits and (credit := _keyword_credit(s[hits[-1].end() :])):
        return hits[-1].end(), credit
    return None


def _after_copyright_sign(s: str) -> tuple[int, str] | None:
    # "©" is unambiguous, so it needs no sentence break before it.
    sign = s.rfind("©", max(0, len(s) - _WINDOW))
    if sign < 0:
        return None
    value = s[sign + 1 :].strip().rstrip(".")
    return (sign, value) if value and _is_short_phrase(value) else None


def _keyword_credit(tail: str) -> str | None:
    m = _KEYWORD.match(tail)
    if m is None:
        return None
    value = tail[m.end() :].strip().rstrip(".").strip()
    if not value or not _is_short_phrase(value):
        return None
    if m.group("by") and not all(_is_name(part) for part in value.split("/")):
        return None  # "Photos by the crew show..." is a sentence
    return value


def _agency_credit(tail: str) -> str | None:
    value = tail.strip()
    value = value[:-1] if value.endswith(".") else value
    if not value or len(value) > 100 or not _is_short_phrase(value):
        return None
    if value.casefold() in _KNOWN_AGENCIES or _is_caps_line(value) or _is_slashed_names(value):
        return value
    return None


def _is_caps_line(value: str) -> bool:
    # "REUTERS", "AFP PHOTO", "EPA-EFE", "AP Photo": caps tokens (the first
    # with two capitals in a row, so "(L-R)" or "A" are not credits).
    words = value.split()
    if not _is_caps(words[0]) or not _has_two_capitals_in_a_row(words[0]):
        return False
    return all(_is_caps(w) or w.casefold() in {"photo", "photos", "pool", "tv"} for w in words)


def _has_two_capitals_in_a_row(word: str) -> bool:
    return any(a.isupper() and b.isupper() for a, b in itertools.pairwise(word))


def _is_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_slashed_names(value: str) -> bool:
    parts = value.split("/")
    return len(parts) > 1 and all(_is_name(p) for p in parts)


def _is_name(part: str) -> bool:
    words = part.split()
    if not words or len(words) > 6:
        return False
    capitalised = 0
    for word in words:
        core = word.strip(".,'’()&-")
        if not core:
            continue
        if core[0].isupper() or core[0].isdigit():
            capitalised += 1
        elif core.casefold() not in _PARTICLES:
            return False
    return capitalised > 0


def _is_short_phrase(value: str) -> bool:
    return len(value.split()) <= _MAX_WORDS and _INNER_BREAK.search(value) is None


def _follows_sentence(s: str, pos: int) -> bool:
    before = s[:pos].rstrip()
    return bool(before) and before.rstrip("\"'”’)]")[-1:] in {".", "!", "?", "…"}


def _ends_abbreviation(s: str, dot: int) -> bool:
    # "J. Smith", "U.S. Navy", "3 a.m. Moscow": the dot ends an initial.
    word = s[s.rfind(" ", 0, dot) + 1 : dot]
    return len(word.rsplit(".", 1)[-1]) == 1 and not word[-1:].isdigit()


def _matching_open(s: str, close: int) -> int | None:
    depth = 0
    for i in range(close, max(-1, close - _WINDOW), -1):
        if s[i] == ")":
            depth += 1
        elif s[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return None
