"""Spacecraft, launch vehicles, expeditions and missions, by pattern and by grammar.

Patterns come from the gazetteer's spacecraft families: a family name plus a
designation ("Soyuz TMA-11M", "Shenzhou-17", "Apollo 11", "Artemis II") or
plus a capsule name ("Crew Dragon Resilience", "space shuttle Atlantis").
Grammar finds what no list holds: a capitalised name before a spacecraft noun
("the Gaganyaan G1 capsule") or a rocket noun ("the Zhuque-2 rocket"), and a
name after one ("the spacecraft Resilience").
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable

from archive.extract.gazetteer import GazEntry, Gazetteer
from archive.extract.refs import Ref
from archive.extract.tokens import PhraseTrie, Token
from archive.model import EntityKind

_SERIAL = r"[A-Z]{1,4}[- ]?\d{1,3}[A-Z]?|\d{1,3}[A-Z]?"
_ROMAN = r"[IVX]{1,5}"
# After a designation: not "2.1a", not "11-22", not more letters.
_DES_END = r"(?![.,]\d|-\w|[^\W_])"
_MISSION = re.compile(
    r"\b(?:(?P<exp>Expedition)\s+(?P<expn>\d{1,3})"
    r"|(?P<sts>STS)-?(?P<stsn>\d{1,3}[A-Z]?)"
    r"|(?P<merc>Mercury[- ](?:Atlas|Redstone))[- ](?P<mercn>\d{1,2})"
    r"|(?P<crew>Crew|Ax|Axiom Mission|Demo)[- ](?P<crewn>\d{1,2})"
    r"|(?P<art>Artemis)[- ](?P<artn>[IVX]{1,4}|\d{1,2}))" + _DES_END
)
SPACECRAFT_HEADS = PhraseTrie(
    dict.fromkeys(
        (
            "spacecraft", "spaceship", "space ship", "capsule", "space capsule", "crew capsule",
            "return capsule", "orbiter", "lander", "crew vehicle", "crew module", "descent module",
            "re-entry module", "reentry module", "command module", "lunar module", "craft",
            "ship", "space plane", "spaceplane", "cargo ship", "cargo spacecraft", "freighter",
            "space freighter", "vessel",
        ),
        "spacecraft",
    )
)  # fmt: skip
VEHICLE_HEADS = PhraseTrie(
    dict.fromkeys(
        (
            "rocket", "rockets", "booster", "rocket booster", "launcher", "carrier rocket",
            "launch vehicle", "heavy-lift rocket", "space rocket", "rocket stack",
        ),
        "vehicle",
    )
)  # fmt: skip


@functools.cache
def _family_patterns(gaz: Gazetteer) -> tuple[re.Pattern[str], re.Pattern[str]]:
    designated: list[str] = []
    named: list[str] = []
    for e in gaz.entries.values():
        if e.kind != "spacecraft-family":
            continue
        labels = sorted((e.name, *e.alternate_names), key=len, reverse=True)
        alt = "|".join(re.escape(label).replace(r"\ ", r"[\s-]") for label in labels)
        if e.designation == "name":
            named.append(alt)
        elif e.designation in {"number", "serial"}:
            designated.append(alt)
    des = re.compile(
        r"\b(?P<fam>" + "|".join(designated) + r")(?:[\s-]+|(?=\d))"
        r"(?P<des>" + _SERIAL + "|" + _ROMAN + ")" + _DES_END
    )
    nam = re.compile(
        r"\b(?P<fam>" + "|".join(named) + r"|[Ss]pace [Ss]huttle|[Ss]huttle)"
        r"(?:\s+(?:spacecraft|capsule|spaceship|orbiter|vehicle|ship))?"
        r"\s+(?P<name>[A-Z][a-z]{2,}(?:\s+\d{1,2}\b)?)(?![\w-])"
    )
    return des, nam


def find_designated(
    text: str, start: int, end: int, gaz: Gazetteer, is_name_word: Callable[[str], bool]
) -> list[tuple[int, int, Ref]]:
    """Spacecraft, expeditions and missions written by pattern in ``text[start:end]``.

    ``is_name_word`` says whether a word may be a capsule name (not a role,
    a month or an event word), so that "Starliner Commander" is no capsule.
    """
    des, nam = _family_patterns(gaz)
    out: list[tuple[int, int, Ref]] = []
    for m in _MISSION.finditer(text, start, end):
        out.append((m.start(), m.end(), _mission(m)))
    for m in des.finditer(text, start, end):
        family = gaz.lookup(m.group("fam"), ("spacecraft-family",))
        if family is not None:
            out.append((m.start(), m.end(), _designated(family, m.group("des"), m.group())))
    for m in nam.finditer(text, start, end):
        if not is_name_word(m.group("name").split()[0]):
            continue
        ref = _named(gaz, m.group("fam"), m.group("name"), m.group())
        if ref is not None:
            out.append((m.start(), m.end(), ref))
    out.extend(_sevens(text, start, end, gaz, is_name_word))
    return out


# Mercury capsules were named by their astronauts, each with a 7 for the
# seven Mercury astronauts: "Freedom 7", "Liberty Bell 7", "Friendship 7".
_SEVEN = re.compile(r"(?<![\w-])(?P<name>[A-Z][a-z]{2,}(?: [A-Z][a-z]{2,})?) 7(?![\w.-])")
_SEVEN_AFTER = ("spacecraft", "capsule", "spaceship", "splash", "lift", "blast", "land",
                "soar", "return", "touch", "was launched", "is launched", "orbit")  # fmt: skip
_SEVEN_BEFORE = ("aboard", "capsule", "spacecraft", "launch of", "flight of", "carrying",
                 "recovery of", "inside", "into")  # fmt: skip


def _sevens(
    text: str, start: int, end: int, gaz: Gazetteer, is_name_word: Callable[[str], bool]
) -> list[tuple[int, int, Ref]]:
    """ "Friendship 7": a Mercury capsule, where the sentence speaks of a spacecraft."""
    mercury = gaz.lookup("Mercury", ("spacecraft-family",))
    out: list[tuple[int, int, Ref]] = []
    for m in _SEVEN.finditer(text, start, end):
        if not all(is_name_word(w) for w in m.group("name").split()):
            continue
        if gaz.lookup(m.group("name")) is not None:
            continue  # "Apollo 7", "Soyuz 7": a family's own designation
        after = text[m.end() : min(end, m.end() + 20)].strip().lower()
        before = text[max(start, m.start() - 15) : m.start()].strip().lower()
        said = "Mercury" in text[start:end] or after.startswith(_SEVEN_AFTER)
        if said or before.endswith(_SEVEN_BEFORE):
            out.append((m.start(), m.end(), Ref(EntityKind.SPACECRAFT, m.group(), family=mercury)))
    return out


def _mission(m: re.Match[str]) -> Ref:
    if m.group("exp"):
        return Ref(EntityKind.EXPEDITION, f"Expedition {int(m.group('expn'))}")
    if m.group("sts"):
        return Ref(EntityKind.EXPEDITION, f"STS-{m.group('stsn')}")
    if m.group("merc"):
        # "Mercury-Atlas 6": the flight's designation, another name of Friendship 7's flight.
        name = f"{m.group('merc').replace(' ', '-')} {int(m.group('mercn'))}"
        return Ref(EntityKind.EXPEDITION, name, _alts(name, m.group()))
    if m.group("art"):
        n = m.group("artn")
        name = f"Artemis {_to_roman(int(n)) if n.isdigit() else n}"
        return Ref(EntityKind.EXPEDITION, name, _alts(name, m.group()))
    word = m.group("crew")
    name = f"{'Ax' if word == 'Axiom Mission' else word}-{int(m.group('crewn'))}"
    return Ref(EntityKind.EXPEDITION, name, _alts(name, m.group()))


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}


def roman(text: str) -> int | None:
    """The value of a Roman numeral up to 39, or None.

    >>> roman("XVII"), roman("IV"), roman("IIII"), roman("17")
    (17, 4, None, None)
    """
    if not text or any(c not in _ROMAN_VALUES for c in text):
        return None
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b in _ROMAN_VALUES and _ROMAN_VALUES[b] > v else v
    return total if _to_roman(total) == text else None


def _to_roman(n: int) -> str:
    out = ""
    for value, numeral in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += numeral
            n -= value
    return out


def _designated(family: GazEntry, designation: str, written: str) -> Ref:
    des = designation.upper() if not designation.isdigit() else str(int(designation))
    if family.designation == "number" and (value := roman(des)) is not None:
        des = str(value)  # "Shenzhou V" is "Shenzhou 5"
    des = des.replace(" ", "-")  # "Soyuz MS 22" is "Soyuz MS-22"
    name = f"{family.name} {des}"
    return Ref(EntityKind.SPACECRAFT, name, _alts(name, written), family=family)


def _named(gaz: Gazetteer, fam_text: str, capsule: str, written: str) -> Ref | None:
    family = gaz.lookup(fam_text, ("spacecraft-family",))
    if family is None and fam_text.lower() in {"space shuttle", "shuttle"}:
        family = gaz.lookup("Space Shuttle", ("spacecraft-family",))
    if family is None or gaz.lookup(capsule, ("spacecraft-family",)) is family:
        return None  # "CST-100 Starliner" is the family twice, not a capsule
    name = f"{family.name} {capsule}"
    known = gaz.lookup(name, ("spacecraft",))
    # "Dragon Endeavour", "SpaceX Dragon Endeavour": other ways to name the same capsule.
    alts = (*_alts(name, written), capsule, *(f"{a} {capsule}" for a in family.alternate_names))
    if known is not None:
        return Ref(EntityKind.SPACECRAFT, known.name, alts, entry=known, family=family)
    return Ref(EntityKind.SPACECRAFT, name, alts, family=family)


def _alts(name: str, *written: str) -> tuple[str, ...]:
    return tuple(sorted({w for w in written if w and w != name}))


def entry_ref(entry: GazEntry) -> Ref:
    """The reference a gazetteer entry makes when the text names it."""
    if entry.kind == "spacecraft-family":
        return family_ref(entry)
    kind = entry.entity_kind or EntityKind.PLACE
    return Ref(
        kind, entry.name, entry.alternate_names, entry=entry, site=entry.kind == "launch-site"
    )


def family_ref(entry: GazEntry) -> Ref:
    """A reference to a whole spacecraft family ("the Soyuz capsule")."""
    return Ref(EntityKind.SPACECRAFT, entry.name, entry=None, family=entry, generic=True)


def designation_text(tokens: list[Token]) -> str:
    """A name made of tokens as written, spaced as in the text."""
    if not tokens:
        return ""
    out = tokens[0].text
    for prev, tok in itertools.pairwise(tokens):
        out += (" " if tok.start > prev.end else "") + tok.text
    return out
