"""Things carried, found by the verbs and prepositions that carry them.

"blasted off into space with the Olympic torch", "hold an Olympic torch that
will be flown with them", "carrying the torch of the 2014 Sochi Winter Olympic
Games", "They will have the ... torch with them", "sent the Olympic torch to
space". A carried thing is a noun phrase ending in a common noun that is not a
person, a craft or an abstraction; no list of objects is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    relatives friends children kids thumbs smile smiles goodbye farewell breath"""
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
    head: str  # the head noun, lower case: what mentions are merged on
    short: str  # modifiers right before the head + head ("Olympic torch")
    carried: bool  # by a verb of carrying or a launch ("with"), not just shown


def find_objects(chunks: list[Chunk], launch_at: list[int]) -> list[ObjectMention]:
    """Carried things in a sentence; ``launch_at`` are the chunk indexes of launch words."""
    out: list[ObjectMention] = []
    for k, c in enumerate(chunks):
        norm = c.norm
        carried = norm in _VERBS and norm not in _SHOW_VERBS
        if norm == "with" and not _after_launch(chunks, k, launch_at):
            continue
        if norm not in _VERBS and norm != "with":
            continue
        found = _noun_phrase(chunks, k + 1, carried or norm == "with")
        if found is None:
            continue
        if norm in _HAVE and not _with_them(chunks, found.last + 1):
            continue  # "has a view" is no carrying; "will have the torch with them" is
        out.append(found)
    return out


def _after_launch(chunks: list[Chunk], k: int, launch_at: list[int]) -> bool:
    """ "blasts off (into space) with X" or "have X with them"."""
    for t in launch_at:
        if t < k and not any(chunks[m].norm in {",", ";"} for m in range(t + 1, k)):
            return True
    return False


def _noun_phrase(chunks: list[Chunk], k: int, carried: bool) -> ObjectMention | None:
    n = len(chunks)
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
        elif c.cat not in {"name", "word"}:
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
        first, last, chunks[first].start, chunks[last].end, text, chunks[head].norm, short, carried
    )


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
    """The capitalised run right before the head ("Olympic" in "an Olympic torch")."""
    k = head - 1
    return [chunks[k].text] if k >= first and chunks[k].cat == "name" else []
