"""Things carried, found by what is done to them.

"blasted off into space with the Olympic torch", "hold an Olympic torch that
will be flown with them", "carrying the torch of the 2014 Sochi Winter
Olympic Games", "They will have the ... torch with them", "sent the Olympic
torch to space", "holds up a plush toy"; and before the verb: "Robonaut 2,
a humanoid robot, is delivered to the station", "an American flag that flew
on the first shuttle mission", "a toy dinosaur served as the zero-gravity
indicator", "the plush toy, the crew's zero-g indicator, ...", "a toy
dinosaur named Tremor floats inside the capsule as a zero-gravity
indicator", "the first humanoid robot in space, Robonaut 2, rode up aboard
Discovery", "Robonaut 2, a humanoid robot, ...". A carried
thing is a noun phrase ending in a common noun that is not a person, a craft
or an abstraction, or a name that no person word goes with; a name written
with it ("named Tremor", ", the Fallen Astronaut,") is another name of it. No
list of objects is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from archive.extract.refs import Chunk
from archive.extract.tokens import words

_VERBS = words(
    """carry carries carrying carried hold holds holding held take takes taking took taken
    send sends sending sent fly flies flying flew flown deliver delivers delivering delivered
    bring brings bringing brought have has had having display displays displaying displayed show
    shows showing showed wave waves waving waved"""
)
_HAVE = frozenset({"have", "has", "had", "having"})
_SHOW_VERBS = words("display displays displaying displayed show shows showing showed")
_PARTICLES = words("up aloft out")
# "is delivered", "was carried", "were flown": the thing is the subject.
_PASSIVE = words(
    """delivered carried flown taken brought sent packed stowed left placed installed launched
    returned"""
)
_AUX = words("is are was were been being be")
# "that flew on the first shuttle mission", "which Scott left on the Moon".
_RELATIVE_VERBS = words("flew flown carried left placed took brought delivered traveled travelled")
_SERVE = words("served serves serve acted acts act")
_NAMING = words("named called dubbed")
_INDICATOR = words("indicator indicators mascot talisman")
_RODE = words("rode rides ride flew traveled travelled")
# What a thing does while the caption shows it ("floats inside the capsule").
_STATE_VERBS = words(
    """floats float floated floating drifts drifted hangs hung hovers hovered sits sat rests
    rested dangles dangled spins spun tumbles is was"""
)
_AGENT = ("er", "ist", "ian", "ee", "eer", "ant")
# Nouns an apposition gives places, groups and people by ("Dzhezkazgan, a mining town,").
_NOT_THINGS = words(
    """town city village suburb region area district province country state island site base
    centre center company firm agency group organisation organization native resident
    veteran man woman boy girl friend colleague program programme project"""
)
_ZERO_G = words("zero-g zero-gravity microgravity weightlessness zero zero-g-indicator")
_DETERMINERS = frozenset({"the", "a", "an", "their", "his", "her", "its", "our", "this", "one"})
_STOP_HEADS = words(
    """crew crews member members astronaut astronauts cosmonaut cosmonauts people them him her
    it mission missions flight flights spacecraft capsule rocket rockets booster station
    journey trip visit hope hopes dream dreams pride place time times way part look logo
    logos pattern patterns colour colours color colors space orbit lead wave waves hand hands
    end start step steps record records role view views look lot number picture pictures
    photo photos image images footage video news conference briefing press launch off
    suits suit spacesuit spacesuits moment moments day days year years hour hours week
    weeks month months minute minutes second seconds chance care question questions
    cargo supplies experiments equipment others team teams family families officials
    relatives friends children kids thumbs smile smiles goodbye farewell breath aboard
    board port hatch module airlock shuttle shuttles orbiter ship vehicle"""
)
_NP_END = words(
    """of to into in on at with from for during as that which who and or but by after
    before while when where than shortly , ; : . ( ) — – is are was were will would"""
)


@dataclass(frozen=True, slots=True)
class ObjectMention:
    """A carried thing named in a sentence: chunks ``[first, last]``."""

    first: int
    last: int
    start: int
    end: int
    text: str  # as written, without the determiner
    head: str  # the head noun (or the name), lower case: what mentions are merged on
    short: str  # the modifier right before the head + head ("Olympic torch", "toy dinosaur")
    carried: bool  # by a verb of carrying or a launch ("with"), not just shown
    alias: str | None = None  # a name written with it ("Tremor", "Fallen Astronaut")


def find_objects(
    chunks: list[Chunk], launch_at: list[int], persons: frozenset[int] = frozenset()
) -> list[ObjectMention]:
    """Carried things in a sentence.

    ``launch_at`` are the chunk indexes of launch words, ``persons`` those of
    names the sentence makes people's.
    """
    out: list[ObjectMention] = []
    for k in range(len(chunks)):
        found = (
            _after_verb(chunks, k, launch_at)
            or _before_verb(chunks, k, persons)
            or _apposed(chunks, k, persons)
        )
        if found is not None and all(o.first != found.first for o in out):
            out.append(found)
    return out


def _after_verb(chunks: list[Chunk], k: int, launch_at: list[int]) -> ObjectMention | None:
    """ "carrying the torch", "holds up a plush toy", "blasted off with the flag"."""
    norm = chunks[k].norm
    if norm == "with" and not _after_launch(chunks, k, launch_at):
        return None
    if norm not in _VERBS and norm != "with":
        return None
    carried = (norm in _VERBS and norm not in _SHOW_VERBS) or norm == "with"
    j = k + 1
    if j + 1 < len(chunks) and chunks[j].norm in _PARTICLES and chunks[j + 1].cat != "punct":
        j += 1  # "holds up the plush toy"
    found = _noun_phrase(chunks, j, carried)
    if found is None:
        return None
    if norm in _HAVE and not _with_them(chunks, found.last + 1):
        return None  # "has a view" is no carrying; "will have the torch with them" is
    return found


def _before_verb(chunks: list[Chunk], k: int, persons: frozenset[int]) -> ObjectMention | None:
    """The subject of "is delivered", "served as the zero-g indicator", "that flew ..."."""
    norm = chunks[k].norm
    m: int | None = None
    if norm in _PASSIVE and k > 0 and chunks[k - 1].norm in _AUX:
        m = k - 1
    elif norm in _SERVE and k + 1 < len(chunks) and chunks[k + 1].norm == "as":
        if any(c.norm in _INDICATOR for c in chunks[k + 2 : k + 8]):
            m = k
    elif norm in _INDICATOR and any(c.norm in _ZERO_G for c in chunks[max(0, k - 3) : k]):
        m = _appositive_start(chunks, k)
        if m is None and any(c.norm == "as" for c in chunks[max(0, k - 5) : k]):
            m = _subject_end(
                chunks
            )  # "A toy dinosaur named Tremor floats ... as a zero-g indicator"
    elif norm in _RODE and k > 0 and chunks[k - 1].norm == ",":
        m = k  # "The first humanoid robot in space, Robonaut 2, rode up aboard Discovery"
    elif norm in _RELATIVE_VERBS:
        m = _relative_start(chunks, k)
    return None if m is None else _noun_phrase_before(chunks, m, persons)


def _subject_end(chunks: list[Chunk]) -> int | None:
    """The verb after a sentence's subject ("floats", "hangs"), a few chunks in at most."""
    for k in range(1, min(len(chunks), 12)):
        if chunks[k].norm in _STATE_VERBS:
            return k
        if chunks[k].cat not in {"word", "name", "demonym", "people"}:
            return None
    return None


def _apposed(chunks: list[Chunk], k: int, persons: frozenset[int]) -> ObjectMention | None:
    """ "Robonaut 2, a humanoid robot,": a name that an apposition says is a thing."""
    c = chunks[k]
    if c.cat != "name" or k in persons or (k > 0 and chunks[k - 1].cat in {"people", "poss"}):
        return None
    last = k + 1 if k + 1 < len(chunks) and chunks[k + 1].text.isdigit() else k
    comma = last + 1
    if (
        comma + 2 >= len(chunks)
        or chunks[comma].norm != ","
        or chunks[comma + 1].norm
        not in {
            "a",
            "an",
        }
    ):
        return None
    end = comma + 2
    while end < len(chunks) and end - comma <= 5 and chunks[end].norm != ",":
        w = chunks[end]
        if w.cat != "word" or not (w.text.isalpha() and w.text.islower()):
            return None
        end += 1
    if end >= len(chunks) or chunks[end].norm != "," or end == comma + 2:
        return None
    head = chunks[end - 1].norm
    if head in _STOP_HEADS or head in _NOT_THINGS or len(head) < 3 or head.endswith(_AGENT):
        return None  # "Krikalev, a record holder,": a person
    text = " ".join(x.text for x in chunks[k : last + 1])
    short = " ".join(x.text for x in chunks[max(comma + 2, end - 2) : end])
    return ObjectMention(k, last, c.start, chunks[last].end, text, head, short, True, text)


def _appositive_start(chunks: list[Chunk], k: int) -> int | None:
    """The comma opening ", the crew's zero-g indicator," before chunk ``k``."""
    m = k - 1
    while m >= 0 and k - m <= 6:
        if chunks[m].norm == ",":
            return m
        m -= 1
    return None


def _relative_start(chunks: list[Chunk], k: int) -> int | None:
    """ "that flew", "which Scott left": the chunk of "that" / "which" before the verb."""
    m = k - 1
    while m >= 0 and k - m <= 3:
        if chunks[m].norm in {"that", "which"}:
            return m
        if chunks[m].cat not in {"name", "word", "people"} or chunks[m].norm in {",", "and"}:
            return None
        m -= 1
    return None


def _noun_phrase_before(
    chunks: list[Chunk], m: int, persons: frozenset[int]
) -> ObjectMention | None:
    """The noun phrase ending right before chunk ``m`` (over "is", "which", an appositive)."""
    m -= 1
    while m >= 0 and chunks[m].norm in _AUX | {"that", "which", "has", "have", "had"}:
        m -= 1
    alias = None
    if m >= 0 and chunks[m].norm == ",":
        p = m - 1
        while p >= 0 and m - p <= 8 and chunks[p].norm != ",":
            p -= 1
        if p < 0 or chunks[p].norm != ",":
            return None
        alias = _name_in(chunks[p + 1 : m]) or _plain(chunks[p + 1 : m])
        m = p - 1
        if m >= 1 and chunks[m].norm in {"space", "orbit"} and chunks[m - 1].norm == "in":
            m -= 2  # "the first humanoid robot in space, Robonaut 2,"
    if m >= 1 and chunks[m].cat == "name" and chunks[m - 1].norm in _NAMING:
        alias = chunks[m].text  # "a toy dinosaur named Tremor"
        m -= 2
    if m < 0 or m in persons:
        return None
    first = m
    while first > 0 and m - first < 6 and _np_part(chunks[first - 1]):
        first -= 1
    found = _noun_phrase(chunks, first, True, stop=m + 1)
    if found is not None and found.last >= m - 1:
        return replace(found, alias=found.alias or alias)
    return _named(chunks, first, m, alias)


def _np_part(c: Chunk) -> bool:
    if c.norm in _DETERMINERS or c.norm in _NP_END:
        return False
    return c.cat in {"name", "word", "demonym"} and c.text[:1].isalnum()


def _named(chunks: list[Chunk], first: int, m: int, alias: str | None) -> ObjectMention | None:
    """ "Robonaut 2", "the Fallen Astronaut": a thing known by its name."""
    while first <= m and chunks[first].norm in _DETERMINERS:
        first += 1
    span = chunks[first : m + 1]
    if not span or not span[0].text[:1].isupper():
        return None
    if any(c.cat not in {"name", "word"} for c in span):
        return None  # a person word, a spacecraft, a place: not a thing carried
    text = " ".join(c.text for c in span)
    return ObjectMention(first, m, span[0].start, span[-1].end, text, text.lower(), text, True,
                         alias)  # fmt: skip


def _name_in(span: list[Chunk]) -> str | None:
    """The capitalised run of an appositive (", the Fallen Astronaut,", ", Robonaut 2,")."""
    caps = [
        c.text
        for n, c in enumerate(span)
        if (c.text[:1].isupper() and c.norm not in _DETERMINERS)
        or (c.text.isdigit() and n > 0 and span[n - 1].text[:1].isupper())
    ]
    return " ".join(caps) if caps else None


def _plain(span: list[Chunk]) -> str | None:
    """An appositive as a common noun phrase (", a humanoid robot,")."""
    words_ = [c.text for c in span if c.norm not in _DETERMINERS and c.text[:1].isalpha()]
    return " ".join(words_) if 0 < len(words_) <= 4 else None


def _after_launch(chunks: list[Chunk], k: int, launch_at: list[int]) -> bool:
    """ "blasts off (into space) with X" or "have X with them"."""
    for t in launch_at:
        if t < k and not any(chunks[m].norm in {",", ";"} for m in range(t + 1, k)):
            return True
    return False


def _noun_phrase(
    chunks: list[Chunk], k: int, carried: bool, stop: int | None = None
) -> ObjectMention | None:
    """The noun phrase from chunk ``k`` (before ``stop``), when it names a thing."""
    n = len(chunks) if stop is None else min(stop, len(chunks))
    while k < n and chunks[k].norm in _DETERMINERS:
        k += 1
    if k >= n or chunks[k].cat in {"people", "trigger", "date", "pos"}:
        return None
    if chunks[k].cat == "ent":
        return None  # a spacecraft, a station, an agency: not a carried thing
    first = k
    head = -1
    while k < n and k - first < 7:
        c = chunks[k]
        if c.norm in _NP_END or c.cat in {"people", "trigger", "date", "pos", "ent", "paren"}:
            break
        if c.cat == "word" and c.text.isalpha() and c.text.islower():
            head = k
        elif c.cat not in {"name", "word", "demonym"}:
            break
        k += 1
    if head < 0 or chunks[head].norm in _STOP_HEADS or len(chunks[head].text) < 3:
        return None
    last = head
    if head + 2 < n and chunks[head + 1].norm == "of":
        last = _of_phrase(chunks, head + 2) or head
    mods = _modifiers(chunks, first, head)
    short = " ".join([*mods, chunks[head].text])
    text = " ".join(c.text for c in chunks[first : last + 1])
    return ObjectMention(
        first, last, chunks[first].start, chunks[last].end, text, chunks[head].norm, short,
        carried, _alias_after(chunks, last + 1) if stop is None else None,
    )  # fmt: skip


def _alias_after(chunks: list[Chunk], k: int) -> str | None:
    """ "the toy dinosaur Tremor", "named Tremor", "a figurine, the Fallen Astronaut,"."""
    n = len(chunks)
    if k < n and chunks[k].cat == "name":
        return chunks[k].text
    if k + 1 < n and chunks[k].norm in _NAMING:
        return chunks[k + 1].text if chunks[k + 1].text[:1].isupper() else None
    if k + 1 < n and chunks[k].norm == ",":
        m = k + 1
        while m < n and m - k <= 6 and chunks[m].norm not in {",", ".", ";"}:
            m += 1
        if m < n and chunks[m].norm == "," and chunks[k + 1].norm in {"the", "a", "an"}:
            return _name_in(chunks[k + 2 : m])
    return None


def _with_them(chunks: list[Chunk], k: int) -> bool:
    return (
        k + 1 < len(chunks)
        and chunks[k].norm == "with"
        and chunks[k + 1].norm in {"them", "him", "her", "us", "it"}
    )


def _of_phrase(chunks: list[Chunk], k: int) -> int | None:
    """ "of the 2014 Sochi Winter Olympic Games": a capitalised complement."""
    n = len(chunks)
    while k < n and chunks[k].norm in _DETERMINERS:
        k += 1
    last = None
    while k < n and (chunks[k].cat == "name" or chunks[k].text.isdigit()):
        last = k
        k += 1
    return last


def _modifiers(chunks: list[Chunk], first: int, head: int) -> list[str]:
    """The word right before the head: a name ("Olympic torch"), else a noun ("toy dinosaur")."""
    k = head - 1
    if k < first:
        return []
    c = chunks[k]
    if c.cat in {"name", "demonym"}:
        return [c.text]
    return [c.text] if c.cat == "word" and c.text.isalpha() and c.text.islower() else []
