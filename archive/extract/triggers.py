"""The words that name events in captions, and the words that look like them but do not.

"blasts off", "lifts off", "the launch of" name a launch; "launch pad" and
"launch vehicle" do not (they are blockers, with value None). Matching is on
whole token phrases, longest first, so "space walk" is a spacewalk and never a
walk-out.
"""

from __future__ import annotations

from archive.extract.tokens import PhraseTrie
from archive.model import EventKind

_L = EventKind.LAUNCH
_PHRASES: dict[EventKind | None, tuple[str, ...]] = {
    EventKind.LAUNCH: (
        "blast off", "blasts off", "blasted off", "blasting off", "blast-off", "blastoff",
        "blast-offs", "lift off", "lifts off", "lifted off", "lifting off", "lift-off", "liftoff",
        "launch", "launches", "launched", "launching", "take off", "takes off", "took off",
        "taking off", "takeoff", "soar", "soars", "soared", "soaring", "roars into",
        "roared into", "rockets into", "rocketed into", "thunders into", "climbs into",
    ),
    EventKind.PRESS_CONFERENCE: (
        "press conference", "news conference", "press briefing", "news briefing", "briefing",
        "media briefing", "press event", "media event", "meet the press", "meets the press",
        "met the press", "meet the media", "meets the media", "media conference",
        "press call", "pre-launch press conference", "post-landing press conference",
    ),
    EventKind.SPACEWALK: (
        "spacewalk", "spacewalks", "spacewalking", "spacewalked", "space walk", "space walks",
        "space-walk", "space-walks", "extravehicular activity", "extra-vehicular activity",
        "walk in space", "walks in space", "walked in space",
    ),
    EventKind.LANDING: (
        "land", "lands", "landed", "landing", "touch down", "touches down", "touched down",
        "touchdown", "soft landing", "soft-landed", "return to earth", "returns to earth",
        "returned to earth", "returning to earth",
    ),
    EventKind.SPLASHDOWN: (
        "splashdown", "splash down", "splashes down", "splashed down", "splashing down",
        "splash-down", "splashdowns",
    ),
    EventKind.DOCKING: ("dock", "docks", "docked", "docking", "dockings"),
    EventKind.UNDOCKING: ("undock", "undocks", "undocked", "undocking"),
    EventKind.WALKOUT: (
        "walk out", "walks out", "walked out", "walking out", "walkout", "walk-out",
        "walk to", "walks to", "walked to", "walking to", "walk from", "walks from",
        "walked from", "walking from", "walk toward", "walks toward", "walking toward",
        "walk towards", "walks towards", "walking towards", "head to the launch pad",
        "heads to the launch pad", "heading to the launch pad", "leave for the launch pad",
        "leaves for the launch pad",
    ),
    EventKind.TRAINING: ("training", "training session", "simulator session", "exam", "exams"),
    EventKind.CEREMONY: (
        "ceremony", "see-off ceremony", "send-off", "send-off ceremony", "farewell ceremony",
        "welcome ceremony", "sending-off ceremony", "flag-raising ceremony", "see-off",
        "ceremonies", "announcement", "crew announcement", "introduced as", "announced as",
        "unveiled as", "named as", "parade", "ticker-tape parade", "celebration",
    ),
    EventKind.ROLLOUT: (
        "roll out", "rolls out", "rolled out", "rollout", "roll-out", "rolling out",
        "transported to the launch pad", "moved to the launch pad", "erected", "is erected",
        "raised into position", "raised into a vertical position",
    ),
    None: (
        "launch pad", "launchpad", "launch pads", "launch site", "launch complex",
        "launch vehicle", "launch tower", "launch control", "launch center", "launch centre",
        "launch escape", "launch window", "launch team", "launch director", "launch crew",
        "launch preparations", "launch rehearsal", "launch facility", "launch area",
        "launch system", "launch services", "launch operations", "launch schedule",
        "launch date", "launch time", "launch gantry", "launch base", "launch mount",
        "docking port", "docking module", "docking adapter", "docking mechanism",
        "landing gear", "landing legs", "landing module", "land rover", "dock workers",
        "take off their", "take-off weight", "walk-through", "roll-out solar array",
        "roll-out solar arrays", "rollout solar array", "rollout solar arrays",
    ),
}  # fmt: skip

TRIGGERS = PhraseTrie()
for _kind, _words in _PHRASES.items():
    for _w in _words:
        TRIGGERS.add(_w, _kind)

# Events people do as a crew of a spacecraft; the rest have participants.
CREW_EVENTS = frozenset(
    {
        _L,
        EventKind.LANDING,
        EventKind.SPLASHDOWN,
        EventKind.DOCKING,
        EventKind.UNDOCKING,
        EventKind.SPACEWALK,
    }
)
# Events that happen once per spacecraft flight, merged per spacecraft.
FLIGHT_EVENTS = frozenset(
    {_L, EventKind.LANDING, EventKind.SPLASHDOWN, EventKind.DOCKING, EventKind.UNDOCKING}
)
