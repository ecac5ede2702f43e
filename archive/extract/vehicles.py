"""Which rocket launched a flight, when captions name it at several levels of detail.

Captions of one gallery write "the Soyuz rocket" in one place and "the
Soyuz-FG rocket booster" in another, or "Long March-2F" and "Long March-2F
Y14": the rocket is the most specific of the names that extend one another.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from archive.extract.tokens import fold
from archive.model import EntityKind

if TYPE_CHECKING:
    from archive.extract.merge import Things


def _norm(name: str) -> str:
    return " ".join(fold(name).replace("-", " ").replace("‐", " ").split())


def _extends(longer: list[str], base: str) -> bool:
    return any(n.startswith(base + " ") for n in longer)


def _named(things: Things, taken: Collection[str]) -> dict[str, list[str]]:
    """Every vehicle the article names, but those ``taken`` by other launches, names normalised."""
    return {
        k: [_norm(n) for n in (t.ref.name, *t.ref.alternate_names)]
        for k, t in things.by_key.items()
        if t.ref.kind == EntityKind.VEHICLE and t.mentions and k not in taken
    }


def refine(key: str | None, things: Things, taken: Collection[str] = ()) -> str | None:
    """The one vehicle the article names that is a variant of ``key`` ("Soyuz" -> "Soyuz-FG").

    ``key`` itself when the article names no variant of it, or more than one.
    Vehicles ``taken`` (the rockets of the article's other launches) are no
    variant of it.
    """
    if key is None or key not in things.by_key:
        return key
    named = _named(things, taken)
    base = _norm(things.by_key[key].ref.name)
    variants = [k for k, names in named.items() if k != key and _extends(names, base)]
    return variants[0] if len(variants) == 1 else key


def article_vehicle(things: Things, taken: Collection[str] = ()) -> str | None:
    """The vehicle the article names, when all its names are one rocket in more or less detail.

    Vehicles ``taken`` by the article's other launches are left out.
    """
    named = _named(things, taken)
    specific = [
        k
        for k, names in named.items()
        if not any(o != k and _extends(other, _norm(names[0])) for o, other in named.items())
    ]
    if len(specific) != 1:
        return None
    top = named[specific[0]]
    same = all(k == specific[0] or _extends(top, _norm(names[0])) for k, names in named.items())
    return specific[0] if same else None
