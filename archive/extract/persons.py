"""People in one sentence: a name run and the words around it.

Before the name: a role, person noun or title, with modifiers
("Expedition 38 Flight Engineer", "Japan Aerospace Exploration Agency
astronaut", "Russia's Roscosmos space agency chief"). After it: an image
position, ", of Roscosmos,", "of NASA", an appositive (", pilot of the Gemini
4 spacecraft,"). Lists share what a plural head says ("Flight Engineers X and
Y"; "Russian cosmonauts A and B and NASA astronaut C") and what their opener
says ("the crew of A, B and C", "carrying A, B and C").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archive.extract.flightdates import FlightDate
from archive.extract.kin import mark_kin
from archive.extract.lists import person_lists, share
from archive.extract.names import PersonName, person_name
from archive.extract.prefixes import job_start, job_word, noun_modifier, relation, skip_order
from archive.extract.refs import Chunk, Ref
from archive.extract.roles import PEOPLE_WORDS, Word
from archive.extract.tokens import tokenize, words
from archive.model import EntityKind

_PERSON_VERBS = words(
    """waves wave waved waving smiles smile smiled smiling poses pose posed posing gestures
    gesture gestured gesturing speaks speak spoke speaking attends attend attended attending
    walks walk walked walking sits sit sat sitting looks look looked looking talks talk talked
    talking reacts react reacted reacting salutes salute saluted saluting hugs hug hugged
    hugging embraces embrace embraced greets greet greeted greeting boards board boarded
    boarding prepares prepare prepared preparing arrives arrive arrived arriving is are was
    were has have had holds hold held holding stands stand stood rests rest rested receives
    receive received signs sign signed leaves leave left listens listen listened answers
    answer answered floats float floated works work worked checks check checked takes
    take took says say said kisses kiss kissed shakes shake shook watches watch watched
    undergoes undergo underwent climbs climb climbed exits exit exited emerges emerge
    emerged is helped"""
)
_MILITARY = words("force forces army navy command guard fleet troops military air-force")
# ", the mission commander who paid for the flight,": an appositive may end in a relative.
_APPOSITIVE_END = frozenset({"and", "who", "whose", "which"})
_CREW_NOUNS = frozenset({"crew member", "crewmember", "crew-member", "crewmate"})


@dataclass(slots=True)
class Traits:
    """What words around a name say about the person."""

    role: str | None = None
    role_qual: str = ""  # "craft" (Soyuz Commander), "expedition" or ""
    noun: str | None = None
    agency: Ref | None = None
    affiliation: Ref | None = None  # the organisation of someone who is not crew
    nationality: Ref | None = None
    craft: Ref | None = None
    expedition: Ref | None = None
    crew: bool = False  # says the person is crew (astronaut, Flight Engineer)
    noncrew: bool = False  # says the person is not (chief, backup, wife)
    profession: bool = False  # a job title (actress, teacher): crew only if a list says so
    kin: bool = False  # "noncrew" says a relation ("wife"), which the article settles
    sure: bool = False  # crew said outright: a crew role, a crew list, "carrying", "X launched"

    def absorb(self, other: Traits) -> None:
        """Fill what is unknown here from ``other``."""
        for name in ("role", "noun", "agency", "affiliation", "nationality", "craft", "expedition"):
            if getattr(self, name) is None:
                setattr(self, name, getattr(other, name))
        self.role_qual = self.role_qual or other.role_qual
        self.crew = self.crew or other.crew
        self.noncrew = self.noncrew or other.noncrew
        self.profession = self.profession or other.profession
        self.kin = self.kin or other.kin
        self.sure = self.sure or other.sure


@dataclass(slots=True)
class PersonMention:
    """One name in a sentence, with everything its context says."""

    chunk: Chunk
    name: PersonName
    index: int  # position of the name chunk in the sentence's chunks
    traits: Traits = field(default_factory=Traits)
    prefix: Traits | None = None  # what the words before the name say (shared by a list)
    plural: bool = False  # the prefix is plural ("Flight Engineers") and distributes
    position: str | None = None
    is_person: bool = False
    shown: bool = True
    first: int = 0  # first chunk of the mention (prefix start)
    last: int = 0  # last chunk of the mention (postfix end)
    listed: bool = False
    postfix_agency: bool = False  # "of NASA" after the name gave the agency
    postfix_of: bool = False  # an "of ..." followed the name
    paren_plural: bool = False  # "A and B (flight engineers)": a plural role in brackets
    # Where the sentence puts the person, when not on the flight it is about:
    # "spectator", "host", "stayer", "other" (another flight) or "future".
    elsewhere: str | None = None
    tie: Ref | None = None  # a spacecraft a relative clause ties the person to
    kin_partner: PersonMention | None = None  # the other of a kinship ("X's wife, Y": X for Y)
    aside: bool = False  # "B" of "A, B's husband, and C": said of A, not one of the list
    flight: FlightDate | None = None  # the date of the flight the mention's clause speaks of


def find_people(chunks: list[Chunk]) -> list[PersonMention]:
    """Every name run of a sentence with what its context says of it."""
    found: list[PersonMention] = []
    for k, c in enumerate(chunks):
        if c.cat != "name":
            continue
        pm = PersonMention(c, person_name(tokenize(c.text)), k, first=k, last=k)
        _prefix(chunks, pm)
        _postfix(chunks, pm)
        several = len(pm.name.words) >= 2
        said = pm.position or pm.traits.agency or pm.traits.nationality
        if several and (said or _verb_follows(chunks, pm) or _who_follows(chunks, pm)):
            pm.is_person = True
        found.append(pm)
    mark_kin(chunks, found)
    for group in person_lists(chunks, found):
        share(chunks, group)
    return found


def _prefix(chunks: list[Chunk], pm: PersonMention) -> None:
    k = pm.index - 1
    while k >= 0 and chunks[k].cat == "people" and _cat(chunks[k]) == "honorific":
        pm.is_person = True
        k -= 1
    if k >= 1 and chunks[k].cat == "poss" and _possessor(chunks[k - 1]) and k == pm.index - 1:
        pm.prefix = Traits()  # "NASA's Chris Cassidy", "Japan's Koichi Wakata"
        _read_ref(chunks[k - 1].ref, pm.prefix)  # type: ignore[arg-type]
        pm.traits.absorb(pm.prefix)
        pm.first = k - 1
        pm.is_person = len(pm.name.words) >= 2
        return
    k = skip_order(chunks, k)
    if job_word(chunks, k) and k == pm.index - 1:
        # "geoscientist Sian Proctor", "data engineer Chris Sembroski" in a list: a job.
        pm.prefix = Traits(profession=True)
        pm.traits.absorb(pm.prefix)
        pm.first, pm.is_person = job_start(chunks, k), len(pm.name.words) >= 2
        return
    if k >= 1 and chunks[k].norm == "," and relation(chunks, k - 1) and k == pm.index - 1:
        k -= 1  # "Lovell's wife, Marilyn Lovell, watches": the relation is hers
    if k < 0 or chunks[k].cat != "people" or _cat(chunks[k]) not in {"role", "noun", "title"}:
        return
    pm.is_person = True
    start = k
    while k >= 0:
        c = chunks[k]
        if c.cat in {"people", "ent", "demonym", "poss", "paren"}:
            start = k
            k -= 1
        elif c.norm == "and" and k > 0 and _cat(chunks[k - 1]) in {"role", "noun", "mod"}:
            k -= 1
        elif c.norm == "," and relation(chunks, k - 1) and start == k + 1:
            k -= 1  # "Scott Kelly's wife, astronaut Amiko Kauderer": the relation counts
        elif noun_modifier(chunks, k, start):
            start = k  # ", data engineer Chris Sembroski": the word is the job's
            break
        else:
            break
    pm.first = start
    pm.prefix = Traits()
    pm.plural = _read_words(chunks[start : pm.index], pm.prefix)
    pm.traits.absorb(pm.prefix)


def _possessor(c: Chunk) -> bool:
    return (
        c.cat == "ent"
        and c.ref is not None
        and c.ref.kind
        in {
            EntityKind.ORGANIZATION,
            EntityKind.COUNTRY,
        }
    )


def _cat(c: Chunk) -> str:
    return c.word.cat if c.word is not None else ""


def _read_words(span: list[Chunk], t: Traits) -> bool:
    """Read a run of people words and entities into ``t``; True when its head is plural."""
    plural = False
    military = False
    mixed = any(c.norm in {"prime", "main"} for c in span)  # "prime and backup crews"
    for c in span:
        if c.cat == "ent" and c.ref is not None and c.ref.kind == EntityKind.ORGANIZATION:
            military = military or c.ref.name.split()[-1].lower() in _MILITARY
        elif c.cat == "people" and c.word is not None and c.word.value in _MILITARY:
            military = True
        if c.cat == "people" and c.word is not None:
            w = c.word
            if w.cat == "role":
                t.role, plural, t.crew, t.sure = w.value, w.plural, True, True
            elif w.cat == "noun":
                t.noun, plural = w.value, w.plural
                t.crew = t.crew or w.crew
                t.sure = t.sure or w.value in _CREW_NOUNS
            elif w.cat == "title" and w.profession:
                t.profession, plural = True, w.plural
            elif w.cat == "title":
                t.noncrew, plural = True, w.plural
                t.kin = t.kin or w.kin
            elif w.cat == "mod":
                t.noncrew = t.noncrew or (w.noncrew and not mixed)
        elif c.cat in {"ent", "paren"} and c.ref is not None:
            _read_ref(c.ref, t)
        elif c.cat == "demonym" and c.ref is not None:
            t.nationality = c.ref
    if mixed and any(c.word is not None and c.word.noncrew for c in span):
        t.crew = False  # the prime and the backup crew together: neither is said
    if military and t.role in {"Commander", "Pilot"}:
        t.role, t.crew, t.noncrew = None, False, True  # "Space Forces commander", "Air Force pilot"
    if ((t.noncrew and not t.kin) or (t.profession and not t.crew)) and t.agency is not None:
        t.affiliation, t.agency = t.agency, None
    return plural


def _read_ref(ref: Ref, t: Traits) -> None:
    if ref.kind == EntityKind.ORGANIZATION:
        t.agency = t.agency or ref
    elif ref.kind == EntityKind.COUNTRY:
        t.nationality = t.nationality or ref
    elif ref.kind in {EntityKind.SPACECRAFT, EntityKind.VEHICLE}:
        t.craft = t.craft or ref
        t.role_qual = "craft"
    elif ref.kind == EntityKind.EXPEDITION:
        t.expedition = t.expedition or ref
        if not ref.name.startswith("Expedition"):
            t.role_qual = "craft"  # a flight's mission ("Crew-5 commander") is its spacecraft's
        elif t.role_qual != "craft":
            t.role_qual = "expedition"


def _postfix(chunks: list[Chunk], pm: PersonMention) -> None:
    """Position, parenthesised agency and "of ORG" after a name, in any order."""
    k = pm.index + 1
    for _ in range(3):
        nxt = _position(chunks, pm, k) or _paren_agency(chunks, pm, k) or _of_org(chunks, pm, k)
        if nxt is None:
            break
        k = nxt
    if k < len(chunks) and chunks[k].norm == ",":
        _appositive(chunks, pm, k + 1)


def _position(chunks: list[Chunk], pm: PersonMention, k: int) -> int | None:
    if pm.position is not None:
        return None
    if k < len(chunks) and chunks[k].cat == "pos":
        pm.position, pm.last = chunks[k].pos, k
        return k + 1
    found = _comma_position(chunks, k)
    if found is None:
        return None
    pm.position, pm.last = found
    return pm.last + 1


def _paren_agency(chunks: list[Chunk], pm: PersonMention, k: int) -> int | None:
    """ "(NASA)", "(commander)", "(flight engineers)" right after a name."""
    if k >= len(chunks) or chunks[k].cat != "paren":
        return None
    if (ref := chunks[k].ref) is not None:
        _read_ref(ref, pm.traits)
    else:
        inner = tokenize(chunks[k].extra.get("inner", ""))
        hit = PEOPLE_WORDS.match(inner, 0)
        word = hit[1] if hit is not None and hit[0] == len(inner) else None
        if not isinstance(word, Word) or word.cat not in {"role", "noun"}:
            return None
        _read_words([Chunk("people", 0, 0, 0, 0, "", word=word)], pm.traits)
        pm.paren_plural = word.plural
    pm.is_person = pm.is_person or len(pm.name.words) >= 2
    pm.last = k
    return k + 1


def _of_org(chunks: list[Chunk], pm: PersonMention, k: int) -> int | None:
    """ ", of Roscosmos," or "of NASA" or "from Japan"."""
    n = len(chunks)
    j = k + 1 if k < n and chunks[k].norm == "," else k
    if j >= n or chunks[j].norm not in {"of", "from"}:
        return None
    m = j + 1
    while m < n and chunks[m].norm in {"the", "a"}:
        m += 1
    ref = chunks[m].ref if m < n and chunks[m].cat == "ent" else None
    if ref is None or ref.kind not in {EntityKind.ORGANIZATION, EntityKind.COUNTRY}:
        return None
    t = pm.traits
    had = t.agency
    _read_ref(ref, t)
    pm.postfix_of = True
    pm.postfix_agency = pm.postfix_agency or (had is None and t.agency is not None)
    if t.noncrew and t.agency is not None:
        t.affiliation, t.agency = t.agency, None
    if m + 1 < n and chunks[m + 1].cat == "paren":
        m += 1  # "of the United Arab Emirates (UAE)"
    pm.last = m
    return m + 1


_COMMA_POSITIONS = frozenset(
    {"left", "right", "center", "centre", "top", "bottom", "front", "back", "far left",
     "far right", "second left", "second right", "second from left", "second from right",
     "third from left", "third from right", "top left", "top right", "bottom left",
     "bottom right", "front left", "front right", "back left", "back right", "foreground",
     "background", "rear"}
)  # fmt: skip


def _comma_position(chunks: list[Chunk], k: int) -> tuple[str, int] | None:
    """AP style ", left," after a name: the words and the index of the last one."""
    if k >= len(chunks) or chunks[k].norm != ",":
        return None
    words: list[str] = []
    m = k + 1
    while m < len(chunks) and chunks[m].cat in {"word", "people"} and len(words) < 3:
        words.append(chunks[m].norm)
        m += 1
    phrase = " ".join(words)
    if phrase in _COMMA_POSITIONS and (m >= len(chunks) or chunks[m].norm in {",", "and", "."}):
        return phrase, m - 1
    return None


def _appositive(chunks: list[Chunk], pm: PersonMention, k: int) -> None:
    """ ", the Soyuz commander,": a role or noun phrase between commas."""
    n = len(chunks)
    m = k
    heads = 0
    while m < n and chunks[m].cat in {"people", "ent", "demonym", "poss", "paren"}:
        if _cat(chunks[m]) in {"role", "noun", "title"}:
            heads += 1
        m += 1
    if heads == 0:
        return
    if m < n and chunks[m].norm == "of" and any(relation(chunks, q) for q in range(k, m)):
        # ", the wife of cosmonaut Valery Ryumin,": whatever follows, the relation is said.
        _read_words(chunks[k:m], pm.traits)
        pm.is_person = True
        return
    end = m
    if m < n and chunks[m].norm in {"of", "with", "from", "for"}:
        # "commander of the Soyuz MS-24 spacecraft", "of NASA's SpaceX Crew-5 mission"
        q = m + 1
        while q < n and q - m < 8 and chunks[q].cat in {"ent", "poss", "paren", "people"}:
            if _cat(chunks[q]) in {"role", "noun", "title"}:
                break
            q += 1
        if any(c.cat == "ent" for c in chunks[m + 1 : q]):
            end = q
    if (
        end < n
        and chunks[end].cat not in {"punct", "date"}
        and chunks[end].norm not in _APPOSITIVE_END
    ):
        return
    _read_words(chunks[k:end], pm.traits)
    pm.is_person = True
    pm.last = end - 1


def _who_follows(chunks: list[Chunk], pm: PersonMention) -> bool:
    """ "Thomas K. Mattingly II, who was replaced ...": "who" speaks of a person."""
    k = pm.last + 1
    return k + 1 < len(chunks) and chunks[k].norm == "," and chunks[k + 1].norm == "who"


def _verb_follows(chunks: list[Chunk], pm: PersonMention) -> bool:
    k = pm.last + 1
    return k < len(chunks) and chunks[k].norm in _PERSON_VERBS
