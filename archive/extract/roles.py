"""The words around a person's name that say who the person is.

Crew roles ("Flight Engineer", "command module pilot"), person nouns
("astronaut", "crew members"), titles of people who are not crew ("chief",
"administrator", "wife"), honorifics and ranks (skipped), and modifiers that
may stand between them ("veteran", "backup"). All matched case-insensitively
as whole phrases; plurals are listed so that a plural head distributes over a
list ("Flight Engineers X and Y").
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.extract.tokens import PhraseTrie


@dataclass(frozen=True, slots=True)
class Word:
    """A lexicon phrase: what it is and what it says."""

    cat: str  # "role", "noun", "title", "honorific", "mod"
    value: str  # canonical role, noun or title
    plural: bool = False
    crew: bool = False  # nouns: says the person is crew (astronaut, crew member)
    noncrew: bool = False  # mods: says the person is not crew (backup, former)
    profession: bool = False  # titles: a job, not an office; crew lists may still hold them
    kin: bool = False  # titles: a relation to another person ("wife"), settled per article


_ROLES = {
    "commander": "Commander",
    "mission commander": "Commander",
    "crew commander": "Commander",
    "spacecraft commander": "Spacecraft Commander",
    "joint operations commander": "Joint Operations Commander",
    "station commander": "Commander",
    "pilot": "Pilot",
    "flight engineer": "Flight Engineer",
    "mission specialist": "Mission Specialist",
    "payload specialist": "Payload Specialist",
    "payload commander": "Payload Commander",
    "command module pilot": "Command Module Pilot",
    "lunar module pilot": "Lunar Module Pilot",
    "command pilot": "Command Pilot",
    "spaceflight participant": "Spaceflight Participant",
    "space flight participant": "Spaceflight Participant",
    "science officer": "Science Officer",
    "research cosmonaut": "Research Cosmonaut",
}
_NOUNS = {
    "astronaut": True,
    "cosmonaut": True,
    "taikonaut": True,
    "spationaut": True,
    "yuhangyuan": True,
    "vyomanaut": True,
    "crew member": True,
    "crewmember": True,
    "crew-member": True,
    "crewmate": True,
    "space tourist": True,
    "space traveller": True,
    "space traveler": True,
    "spacewalker": True,
    "test pilot": False,
    "billionaire": False,
    "millionaire": False,
    "businessman": False,
    "businesswoman": False,
    "entrepreneur": False,
    "tourist": False,
    "filmmaker": False,
    "producer": False,
    "assistant": False,
    "passenger": False,
}
# Offices and relations: whoever holds one at a launch is not its crew.
_TITLES = (
    "chief", "head", "director general", "general director", "administrator",
    "deputy administrator", "associate administrator", "official", "governor", "president",
    "vice president", "vice-president", "minister", "prime minister", "premier", "chairman",
    "chairwoman", "chair", "spokesman", "spokeswoman", "spokesperson", "manager",
    "program manager", "launch director", "flight director", "mayor", "ambassador", "king",
    "queen", "leader", "friend", "instructor", "trainer",
    "spectator", "well-wisher", "commentator", "guest", "visitor", "cosmonaut instructor",
)  # fmt: skip
# Relations: whoever is named as one came to see the other fly, but which of the
# two flew is for the whole article to say (see archive.extract.kin).
_KIN = (
    "wife", "husband", "spouse", "son", "daughter", "mother", "father", "parent", "brother",
    "sister", "twin brother", "twin sister", "relative", "family member", "grandson",
    "granddaughter", "grandmother", "grandfather", "fiancee", "fiancée", "fiance", "fiancé",
    "girlfriend", "boyfriend", "child", "widow", "widower", "uncle", "aunt", "cousin",
    "niece", "nephew", "stepson", "stepdaughter", "in-law",
)  # fmt: skip
# Professions: not crew unless the captions put the person in the crew ("the Soyuz
# MS-19 carrying cosmonaut Anton Shkaplerov, actress Yulia Peresild and film director
# Klim Shipenko"; "teacher Christa McAuliffe"; "Senator John Glenn").
_PROFESSIONS = (
    "director", "film director", "engineer", "technician", "worker", "scientist", "designer",
    "chief designer", "ceo", "chief executive", "founder", "senator", "congressman",
    "congresswoman", "prince", "princess", "doctor", "physician", "nurse", "priest",
    "journalist", "photographer", "reporter", "actor", "actress", "singer", "musician",
    "artist", "student", "teacher", "athlete", "skater", "skier", "champion", "researcher",
    "professor", "historian", "author", "officer", "employee", "staff member",
)  # fmt: skip
_IRREGULAR_PLURALS = {
    "child": "children",
    "wife": "wives",
    "staff member": "staff members",
    "widow": "widows",
    "in-law": "in-laws",
}
_HONORIFICS = (
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof.", "sir", "dame",
    "sheikh", "col", "col.", "colonel", "lt", "lt.", "lieutenant", "lt. col.", "lt col",
    "lieutenant colonel", "capt", "capt.", "captain", "cmdr", "cmdr.", "maj", "maj.", "major",
    "gen", "gen.", "general", "brig.", "brigadier general", "major general", "maj. gen.",
    "lt. gen.", "lieutenant general", "sgt", "sgt.", "adm.", "admiral", "rear admiral",
    "navy captain", "air force colonel", "hero of russia", "hero of the soviet union",
    # Military ranks that end in a crew role's word: "Wing Commander Shubhanshu Shukla".
    "wing commander", "group captain", "squadron leader", "flight lieutenant",
    "lieutenant commander", "lt. cmdr.", "air commodore", "navy commander",
)  # fmt: skip
_MODS = (
    "first", "veteran", "rookie", "first-time", "female", "woman", "male", "fellow", "prime",
    "space", "agency", "space agency", "the", "a", "an", "station", "mission", "private",
    "commercial", "experienced", "new", "expedition", "flight", "crew", "soyuz", "spacecraft",
    "aerospace", "professional", "national", "state", "chief", "deputy", "general", "senior",
    "two-man", "three-man", "four-man", "three-member", "four-member", "three-person",
    "two-person", "four-person", "all-female", "all-civilian", "civilian", "tourist",
    "test", "military", "air force", "navy", "army", "u.s.-born", "american-born",
)  # fmt: skip
_NONCREW_MODS = (
    "former", "retired", "late", "backup", "back-up", "reserve", "substitute", "understudy",
    "stand-in", "honorary", "deceased", "ex-", "one-time",
)  # fmt: skip


def _plural(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    last = word.rsplit(" ", 1)[-1]
    if last.endswith(("s", "sh", "ch")):
        return word + "es"
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if last.endswith("man") and not last.endswith("human"):
        return word[:-3] + "men"
    return word + "s"


def _build() -> PhraseTrie:
    trie = PhraseTrie()
    for word in _MODS:
        trie.add(word, Word("mod", word))
    for word in _NONCREW_MODS:
        trie.add(word, Word("mod", word, noncrew=True))
    for word in _HONORIFICS:
        trie.add(word, Word("honorific", word))
    for word in _TITLES:
        trie.add(word, Word("title", word))
        trie.add(_plural(word), Word("title", word, plural=True))
    for word in _KIN:
        trie.add(word, Word("title", word, kin=True))
        trie.add(_plural(word), Word("title", word, plural=True, kin=True))
    for word in _PROFESSIONS:
        trie.add(word, Word("title", word, profession=True))
        trie.add(_plural(word), Word("title", word, plural=True, profession=True))
    for word, crew in _NOUNS.items():
        trie.add(word, Word("noun", word, crew=crew))
        trie.add(_plural(word), Word("noun", word, plural=True, crew=crew))
    for word, role in _ROLES.items():
        trie.add(word, Word("role", role))
        trie.add(_plural(word), Word("role", role, plural=True))
    return trie


PEOPLE_WORDS = _build()
"""Every people word, as a trie over token norms."""

ROLE_NAMES = frozenset(_ROLES.values())
PROFESSIONALS = frozenset(w for w, crew in _NOUNS.items() if crew and "tourist" not in w)
"""Person nouns of people who fly for an agency (not "space tourist", "billionaire")."""


_ROLE_KEYS = frozenset(r.casefold() for r in ROLE_NAMES)


def role_key(text: str) -> str:
    """A role as compared: case-folded, without what names the vehicle, flight or expedition.

    The longest ending that is a crew role title is kept, so qualifiers fall
    away while real titles of several words stay whole.

    >>> role_key("Soyuz Commander"), role_key("Expedition 61 Flight Engineer")
    ('commander', 'flight engineer')
    >>> role_key("Spacecraft Commander"), role_key("Shenzhou-12 commander")
    ('spacecraft commander', 'commander')
    """
    words = text.casefold().replace("-", " ").split()
    for i in range(len(words)):
        tail = " ".join(words[i:])
        if tail in _ROLE_KEYS:
            return tail
    return " ".join(words)


def canonical_role(text: str) -> str | None:
    """The canonical crew role a phrase names, or None.

    >>> canonical_role("Flight Engineers")
    'Flight Engineer'
    >>> canonical_role("command module pilot")
    'Command Module Pilot'
    """
    from archive.extract.tokens import tokenize

    toks = tokenize(text)
    hit = PEOPLE_WORDS.match(toks, 0)
    if hit is None or hit[0] != len(toks):
        return None
    word = hit[1]
    return word.value if isinstance(word, Word) and word.cat == "role" else None
