"""How the quality harness compares gold names with extracted entities.

Names compare case-insensitively with hyphens and spaces alike: a gold
person, spacecraft or vehicle must be one of the entity's names (its name or
an alternate name); a gold place must be part of a name of the event's place
or of any place containing it, transitively.
"""

from __future__ import annotations

from typing import Any

from archive.extract.roles import role_key
from archive.metadata.ids import slug
from archive.model import Entity, Event, EventKind

_KINDS = {
    "press conference": EventKind.PRESS_CONFERENCE,
    "news conference": EventKind.PRESS_CONFERENCE,
    "walk out": EventKind.WALKOUT,
    "space walk": EventKind.SPACEWALK,
    "eva": EventKind.SPACEWALK,
    "roll out": EventKind.ROLLOUT,
    "splash down": EventKind.SPLASHDOWN,
}
_VALUES = {k.value for k in EventKind}


def event_kind(text: str) -> EventKind | None:
    """The event kind a gold file names ("press conference", "launch").

    >>> event_kind("press conference")
    <EventKind.PRESS_CONFERENCE: 'press-conference'>
    """
    norm = text.strip().lower().replace("_", " ").replace("-", " ")
    if norm in _KINDS:
        return _KINDS[norm]
    try:
        return EventKind(norm.replace(" ", "-"))
    except ValueError:
        return EventKind(norm.replace(" ", "")) if norm.replace(" ", "") in _VALUES else None


def name_matches(gold: object, entity: Entity | None) -> bool:
    """A gold vehicle or agency is one of the entity's names."""
    return slug(str(gold)) in entity_names(entity)


def role_matches(gold: object, role: str | None) -> bool:
    """Roles compare case-insensitively once what names the flight is dropped on both sides.

    >>> role_matches("Soyuz Commander", "Commander"), role_matches("Commander", "Pilot")
    (True, False)
    """
    return role_key(role or "") == role_key(str(gold))


def entity_names(entity: Entity | None) -> set[str]:
    """An entity's name and alternate names as slugs (case, hyphens and spaces alike)."""
    if entity is None:
        return set()
    return {slug(n) for n in (entity.name, *entity.alternate_names)} - {""}


def gold_names(person: dict[str, Any] | str) -> set[str]:
    """A gold person's name and aliases as slugs."""
    if isinstance(person, str):
        return {slug(person)}
    return {slug(str(n)) for n in (person.get("name", ""), *(person.get("aliases") or []))} - {""}


def craft_matches(gold: object, ev: Event, by_key: dict[str, Entity]) -> bool:
    """A gold spacecraft is a name of the event's spacecraft or of its mission."""
    if not gold:
        return True
    want = slug(str(gold))
    craft, mission = by_key.get(ev.spacecraft or ""), by_key.get(ev.expedition or "")
    return want in entity_names(craft) | entity_names(mission)


def fold_name(text: str) -> str:
    """Case-folded, hyphens as spaces, spaces collapsed: "Long March-2F" is "long march 2f"."""
    return " ".join(text.casefold().replace("-", " ").replace("‐", " ").split())


def place_matches(gold: object, place: str | None, by_key: dict[str, Entity]) -> bool:
    """A gold place is part of a name of the event's place or of a place containing it."""
    if not gold:
        return True
    want = fold_name(str(gold))
    seen: set[str] = set()
    cur = place
    while cur and cur not in seen and cur in by_key:
        seen.add(cur)
        ent = by_key[cur]
        if any(want in fold_name(n) for n in (ent.name, *ent.alternate_names)):
            return True
        cur = ent.located_in
    return False
