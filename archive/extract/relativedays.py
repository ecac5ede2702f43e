"""Days a sentence gives by reference to another: "hours later", "hours after launch".

Captions in sequence say "Seven and a half hours later, a Saturn IB rocket
lifts off" (the day of the caption before) or "docked ... about three hours
after launch" (the launch's day).
"""

from __future__ import annotations

import itertools

from archive.extract.collect import SentenceNotes
from archive.extract.dates import DateContext, DateMention, resolve
from archive.extract.refs import Chunk
from archive.model import EventKind

_SAME_DAY_UNITS = frozenset({"hours", "hour", "minutes", "minute", "moments"})


def same_day(s: SentenceNotes) -> bool:
    """ "Seven and a half hours later, ...", "Later that day", "the same day"."""
    norms = [c.norm for c in s.chunks[:12]]
    for a, b in itertools.pairwise(norms):
        if (a in _SAME_DAY_UNITS and b == "later") or (a in {"that", "same"} and b == "day"):
            return True
    return False


def hours_after_launch(s: SentenceNotes) -> bool:
    """ "docked ... about three hours after launch": the same day as the launch."""
    norms = [c.norm for c in s.chunks]
    for k in range(len(norms) - 2):
        if norms[k] in _SAME_DAY_UNITS and norms[k + 1] == "after":
            nxt = s.chunks[k + 2] if norms[k + 2] not in {"the", "its", "their"} else None
            nxt = nxt or (s.chunks[k + 3] if k + 3 < len(norms) else None)
            if nxt is not None and nxt.event == EventKind.LAUNCH:
                return True
    return False


def sentence_date(s: SentenceNotes, ctx: DateContext) -> str | None:
    """The first date a sentence writes, resolved."""
    for c in s.chunks:
        if c.date is not None and (iso := resolve(c.date, ctx)) is not None:
            return iso
    return None


def dated(iso: str) -> Chunk:
    """A stand-in date chunk for a date carried over from the sentence before."""
    y, m, d = (int(p) for p in iso.split("-"))
    return Chunk("date", 0, 0, 0, 0, iso, date=DateMention(0, 0, iso, y, m, d))
