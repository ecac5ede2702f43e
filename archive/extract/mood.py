"""Whether an event word names something that happened.

Captions name events that have not happened ("is scheduled to launch",
"will dock", "the next spacewalk", "a launch planned for Thursday"), that did
not happen ("the launch was scrubbed on May 27", "a spacewalk set for Friday
was cancelled", "the aborted launch") and events that did. Only the last make
events; the dates of the others ("planned for March 21") are no event's date.

The words looked at are the clause's around the event word: a modal or
planning verb before it, an adjective right before it, and, after it (across
one parenthetical: "the launch, initially planned for March 21, was
aborted"), a verb saying it was called off or is still to come.
"""

from __future__ import annotations

from archive.extract.refs import Chunk
from archive.extract.tokens import words

# Anywhere in the clause before the event word.
_MODAL = words(
    """will would 'll shall due ready set scheduled expected plan plans planned going hope hopes
    aim aims intend intends could may might should must wants want slated targeted targeting
    tentatively"""
)
# Right before it ("the next spacewalk", "a scrubbed launch attempt").
_ADJECTIVES = words("next upcoming future planned scheduled proposed potential possible")
# Said of an event that did not happen (then); a sentence saying one lends no date.
UNDONE = words(
    """scrubbed aborted cancelled canceled postponed delayed scrapped abandoned suspended
    halted"""
)
_PLANNING = words("planned scheduled set slated due targeted expected")
# "The launch, delayed by a day, took place on Thursday" happened; "was delayed" did not (then).
_LATER = words("delayed postponed")
_AUX = words("was were is are be been being")
# "Spectators could see the rocket as it blasted off": a new clause, its own mood.
_BACK_STOPS = frozenset({",", ";", ":", "—", "–", "(", ")", "during", "as", "when", "while"})
_FORWARD_STOPS = words("; . which who whom whose where while when and but as after before because")
_DETERMINERS = words("the a an its their his her this that first second third")


def unreal(chunks: list[Chunk], k: int) -> bool:
    """Whether the event word at chunk ``k`` names an event that has not (yet) happened.

    >>> from archive.extract.chart import annotate
    >>> from archive.extract.gazetteer import load_gazetteer
    >>> def test(s):
    ...     chunks = annotate(s, 0, len(s), load_gazetteer())
    ...     return [unreal(chunks, k) for k, c in enumerate(chunks) if c.cat == "trigger"]
    >>> test("The launch, initially planned for March 21, was aborted.")
    [True]
    >>> test("The Soyuz MS-25 blasts off on March 23, 2024.")
    [False]
    >>> test("The crew is scheduled to launch on Thursday.")
    [True]
    """
    return _before(chunks, k) or _after(chunks, k)


def _before(chunks: list[Chunk], k: int) -> bool:
    if k > 0 and chunks[k - 1].norm == "to" and chunks[k].text[:1].islower():
        prev = chunks[k - 2].norm if k > 1 else ""
        if prev not in {"prior", "due", "close", "next", "lead", "leading", "prelude"}:
            return True  # "to land on the Moon", "to dock with"
    m = k - 1
    while m >= 0 and k - m <= 3 and chunks[m].norm in _DETERMINERS | _ADJECTIVES | UNDONE:
        if chunks[m].norm in _ADJECTIVES | UNDONE:
            return True  # "the next spacewalk", "a scrubbed launch"
        m -= 1
    m = k - 1
    if m >= 1 and chunks[m].norm == "," and chunks[k].norm.endswith("ing"):
        m -= 1  # "They will fly around the Moon next year, launching from ...": one clause
    # "(the torch) that will be flown ..., during a news conference": the
    # occasion of the photo is real whatever the clause before it plans.
    while m >= 0 and k - m <= 15 and chunks[m].norm not in _BACK_STOPS:
        if chunks[m].norm in _MODAL:
            return True
        m -= 1
    return False


def _after(chunks: list[Chunk], k: int) -> bool:
    """ "The launch was scrubbed", "a spacewalk set for Friday", "the launch, planned for ..."."""
    m = k + 1
    commas = 0
    while m < len(chunks) and m - k <= 14:
        c = chunks[m]
        if c.cat == "trigger" or c.norm in _FORWARD_STOPS:
            return False
        nxt = chunks[m + 1].norm if m + 1 < len(chunks) else ""
        if c.norm == ",":
            commas += 1
            if commas > 2:
                return False
        elif (
            (c.norm in UNDONE and (c.norm not in _LATER or chunks[m - 1].norm in _AUX))
            or (c.norm == "called" and nxt == "off")
            or (c.norm in _PLANNING and nxt in {"for", "to"})
        ):
            return True
        elif c.norm in {"will", "'ll", "shall"} and _noun_event(chunks, k):
            return True  # "the launch of the Soyuz rocket will send ..."
        m += 1
    return False


def _noun_event(chunks: list[Chunk], k: int) -> bool:
    """An event word used as a noun ("the launch"), so a later modal is its verb's."""
    return k > 0 and (chunks[k - 1].norm in _DETERMINERS or chunks[k - 1].cat in {"ent", "poss"})


def planned_date(chunks: list[Chunk], k: int) -> bool:
    """A date the sentence plans ("scheduled for March 26", "set for Thursday", "planned on")."""
    back = [c.norm for c in chunks[max(0, k - 3) : k]]
    return any(w in _PLANNING for w in back) and any(w in {"for", "on"} for w in back[-2:])
