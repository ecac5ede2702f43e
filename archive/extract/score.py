"""The extraction quality harness: scores against annotated ``gold.json`` files.

Run ``python -m archive.extract.score [CORPUS_DIR ...] [--json] [--verbose]
[--floors FILE]``. Each argument is an article folder holding ``gold.json``
or a folder of such folders; by default ``../shared/corpus`` next to the
checkout when it exists, else ``samples/``. Articles are read with
:func:`archive.parse.load_article` from the gold's ``input`` file.

Metrics (per article and in total, micro-averaged):

* crew precision / recall / F1: gold events are matched to extracted events of
  the same kind (best by spacecraft, date, place); a crew member matches by
  normalised name or a gold alias. Crew of unmatched gold events are misses.
* event recall; date, place, spacecraft and vehicle accuracy over matched
  gold events that give them. A gold place matches when it is part of the
  event place's name or an alternate name, or those of a place containing it
  (transitively); a gold spacecraft or vehicle when it is the entity's name or
  an alternate name (for a spacecraft, also its mission's). Names compare
  case-insensitively, hyphens and spaces alike.
* role and agency accuracy over matched crew whose gold value is not null
  (roles case-insensitive once qualifiers naming the vehicle, flight or
  expedition are dropped on both sides, so "Soyuz Commander" is "Commander";
  agencies against the agency's names).
* object recall: gold objects named by an object linked to any event.
* not-crew violations: gold ``not_crew`` people linked as crew of an
  extracted event matched to a gold event (they may be crew of another flight
  the article mentions).
* distractor violations: an extracted event dated on a ``distractor_dates``
  date (unless a gold event has that date) that is matched to a gold event
  or could be a double of one (its kind, and for a gold event that names a
  spacecraft, that spacecraft). An extra event of another flight on such a
  date (another capsule's landing, an emergency landing of an earlier crew
  whose spacecraft the captions do not name) is no violation: that flight
  did happen then.

This module prints (its ``main`` is a script, like ``archive.cli``); the
functions above it return data.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive.errors import ArchiveError, InputError
from archive.extract.matching import (
    craft_matches,
    entity_names,
    event_kind,
    gold_names,
    name_matches,
    place_matches,
    role_matches,
)
from archive.model import CrewMember, Entity, Event, EventKind, Extraction

RATIOS = (
    "crew_precision", "crew_recall", "crew_f1", "event_recall", "date_accuracy",
    "place_accuracy", "spacecraft_accuracy", "vehicle_accuracy", "role_accuracy",
    "agency_accuracy", "object_recall",
)  # fmt: skip
COUNTS = ("not_crew_violations", "distractor_violations")


@dataclass(slots=True)
class Tally:
    """``correct`` out of ``total``; a ratio of 1.0 when there is nothing to count."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    @property
    def ratio(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass(slots=True)
class ArticleScore:
    """The scores of one article, and what went wrong (``misses``)."""

    name: str
    crew_tp: int = 0
    crew_fp: int = 0
    crew_fn: int = 0
    tallies: dict[str, Tally] = field(default_factory=dict)
    not_crew_violations: int = 0
    distractor_violations: int = 0
    misses: list[str] = field(default_factory=list)

    def tally(self, name: str) -> Tally:
        return self.tallies.setdefault(name, Tally())

    def metrics(self) -> dict[str, float | int | None]:
        """Every metric; ratios are None when the article gives nothing to count."""
        return _metrics([self])


def score_extraction(name: str, gold: dict[str, Any], x: Extraction) -> ArticleScore:
    """Score one extraction against its gold annotation."""
    sc = ArticleScore(name)
    by_key = {e.key: e for e in x.entities}
    used: set[str] = set()
    for g in gold.get("events") or []:
        kind = event_kind(str(g.get("kind", "")))
        ev = _match_event(g, kind, x.events, by_key, used)
        sc.tally("event_recall").add(ev is not None)
        if ev is None:
            sc.misses.append(f"event {g.get('kind')} {g.get('date')} not found")
            sc.crew_fn += len(g.get("crew") or [])
            for field_name in ("date", "place", "spacecraft", "vehicle"):
                if g.get(field_name):
                    sc.tally(f"{field_name}_accuracy").add(False)
            continue
        used.add(ev.key)
        _score_event(sc, g, ev, by_key)
    _score_objects(sc, gold, x, by_key)
    matched = [e for e in x.events if e.key in used]
    _score_not_crew(sc, gold, matched, by_key)
    _score_distractors(sc, gold, [e for e in x.events if e.key in used or _double(e, gold, by_key)])
    return sc


def _double(e: Event, gold: dict[str, Any], by_key: dict[str, Entity]) -> bool:
    """Whether an event may be a second copy of a gold event (same kind, same spacecraft)."""
    return any(
        event_kind(str(g.get("kind", ""))) == e.kind
        and craft_matches(g.get("spacecraft"), e, by_key)
        for g in gold.get("events") or []
    )


def _match_event(
    g: dict[str, Any],
    kind: EventKind | None,
    events: Sequence[Event],
    by_key: dict[str, Entity],
    used: set[str],
) -> Event | None:
    cands = [e for e in events if e.kind == kind and e.key not in used]
    if not cands:
        return None

    def fit(e: Event) -> tuple[bool, bool, bool, int]:
        return (
            craft_matches(g.get("spacecraft"), e, by_key),
            g.get("date") == e.date,
            place_matches(g.get("place"), e.place, by_key),
            len(e.crew),
        )

    return max(cands, key=fit)


def _score_event(sc: ArticleScore, g: dict[str, Any], ev: Event, by_key: dict[str, Entity]) -> None:
    label = f"{g.get('kind')} ({ev.key})"
    vehicle = by_key.get(ev.vehicle or "")
    checks: dict[str, tuple[bool, str | None]] = {
        "date": (g.get("date") == ev.date, ev.date),
        "place": (place_matches(g.get("place"), ev.place, by_key), ev.place),
        "spacecraft": (craft_matches(g.get("spacecraft"), ev, by_key), ev.spacecraft),
        "vehicle": (name_matches(g.get("vehicle"), vehicle), ev.vehicle),
    }
    for name, (good, got) in checks.items():
        if g.get(name):
            sc.tally(f"{name}_accuracy").add(good)
            if not good:
                sc.misses.append(f"{label}: {name} {g.get(name)!r}, got {got!r}")
    remaining = list(ev.crew)
    for gc in g.get("crew") or []:
        names = gold_names(gc)
        found = next((m for m in remaining if entity_names(by_key.get(m.person)) & names), None)
        if found is None:
            sc.crew_fn += 1
            sc.misses.append(f"{label}: crew {gc.get('name')!r} missing")
            continue
        remaining.remove(found)
        sc.crew_tp += 1
        _score_member(sc, label, gc, found, by_key)
    sc.crew_fp += len(remaining)
    sc.misses.extend(f"{label}: {m.person} is not crew" for m in remaining)


def _score_member(
    sc: ArticleScore, label: str, gc: dict[str, Any], m: CrewMember, by_key: dict[str, Entity]
) -> None:
    if gc.get("role"):
        ok = role_matches(gc["role"], m.role)
        sc.tally("role_accuracy").add(ok)
        if not ok:
            sc.misses.append(f"{label}: role of {gc['name']!r} {gc['role']!r}, got {m.role!r}")
    if gc.get("agency"):
        ok = name_matches(gc["agency"], by_key.get(m.agency or ""))
        sc.tally("agency_accuracy").add(ok)
        if not ok:
            sc.misses.append(
                f"{label}: agency of {gc['name']!r} {gc['agency']!r}, got {m.agency!r}"
            )


def _score_objects(
    sc: ArticleScore, gold: dict[str, Any], x: Extraction, by_key: dict[str, Entity]
) -> None:
    linked = {o for e in x.events for o in e.objects}
    names = [
        n.casefold()
        for k in linked
        if (ent := by_key.get(k))
        for n in (ent.name, *ent.alternate_names)
    ]
    for obj in gold.get("objects") or []:
        ok = any(str(obj).casefold() in n for n in names)
        sc.tally("object_recall").add(ok)
        if not ok:
            sc.misses.append(f"object {obj!r} not linked to an event")


def _score_not_crew(
    sc: ArticleScore, gold: dict[str, Any], matched: Sequence[Event], by_key: dict[str, Entity]
) -> None:
    """Gold ``not_crew`` people linked as crew of an event matched to a gold event."""
    for person in gold.get("not_crew") or []:
        names = gold_names(person)
        bad = [e.key for e in matched for m in e.crew if entity_names(by_key.get(m.person)) & names]
        if bad:
            sc.not_crew_violations += 1
            sc.misses.append(f"{person!r} is linked as crew of {', '.join(bad)}")


def _score_distractors(sc: ArticleScore, gold: dict[str, Any], matched: Sequence[Event]) -> None:
    """Events matched to (or doubles of) a gold event but dated on a distractor date."""
    gold_dates = {g.get("date") for g in gold.get("events") or []}
    for day in gold.get("distractor_dates") or []:
        if day in gold_dates:
            continue
        bad = [e.key for e in matched if e.date == day]
        if bad:
            sc.distractor_violations += 1
            sc.misses.append(f"distractor date {day} used by {', '.join(bad)}")


def _metrics(scores: Iterable[ArticleScore]) -> dict[str, float | int | None]:
    scores = list(scores)
    tp = sum(s.crew_tp for s in scores)
    fp = sum(s.crew_fp for s in scores)
    fn = sum(s.crew_fn for s in scores)
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    out: dict[str, float | int | None] = {
        "crew_precision": p,
        "crew_recall": r,
        "crew_f1": 2 * p * r / (p + r) if p + r else 0.0,
    }
    for name in RATIOS[3:]:
        t = Tally()
        for s in scores:
            if name in s.tallies:
                t.correct += s.tallies[name].correct
                t.total += s.tallies[name].total
        out[name] = t.ratio if t.total else None
    out["not_crew_violations"] = sum(s.not_crew_violations for s in scores)
    out["distractor_violations"] = sum(s.distractor_violations for s in scores)
    return out


def totals(scores: Iterable[ArticleScore]) -> dict[str, float | int | None]:
    """The metrics over every article together (micro-averaged)."""
    return _metrics(scores)


def score_folder(folder: Path) -> ArticleScore:
    """Load an article folder's ``gold.json`` and article, extract, and score.

    Raises:
        InputError: the gold file is missing or is not JSON.
        ArchiveError: the article cannot be read (from the readers).
    """
    from archive.extract import extract
    from archive.parse import load_article

    gold_path = folder / "gold.json"
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read the gold annotation: {exc}", input=gold_path) from exc
    if not isinstance(gold, dict) or not isinstance(gold.get("input"), str):
        raise InputError("gold.json has no 'input' file name", input=gold_path)
    article = load_article(folder / gold["input"])
    return score_extraction(folder.name, gold, extract(article))


def find_folders(paths: Sequence[Path]) -> list[Path]:
    """Article folders (with ``gold.json``) at or directly under the given paths."""
    out: list[Path] = []
    for p in paths:
        if (p / "gold.json").is_file():
            out.append(p)
        elif p.is_dir():
            out.extend(sorted(c for c in p.iterdir() if (c / "gold.json").is_file()))
    return out


def default_paths() -> list[Path]:
    """``../shared/corpus`` beside the checkout when present, else ``samples/``."""
    root = Path(__file__).resolve().parents[2]
    shared = root.parent / "shared" / "corpus"
    return [shared] if shared.is_dir() else [root / "samples"]


def format_table(scores: Sequence[ArticleScore]) -> str:
    """A plain-text table: one row per article, then the totals."""
    short = ["crew P", "crew R", "crew F1", "events", "date", "place", "craft", "vehicle",
             "role", "agency", "objects", "!crew", "!date"]  # fmt: skip
    rows = [(s.name, s.metrics()) for s in scores] + [("TOTAL", totals(scores))]
    width = max([len(n) for n, _ in rows] + [7])
    head = f"{'article':<{width}}  " + "  ".join(f"{h:>7}" for h in short)
    lines = [head, "-" * len(head)]
    for name, m in rows:
        cells = [_cell(m[k]) for k in (*RATIOS, *COUNTS)]
        lines.append(f"{name:<{width}}  " + "  ".join(f"{c:>7}" for c in cells))
    return "\n".join(lines)


def _cell(v: float | int | None) -> str:
    if v is None:
        return "-"
    return str(v) if isinstance(v, int) else f"{v:.3f}"


def check_floors(metrics: dict[str, float | int | None], floors: dict[str, Any]) -> list[str]:
    """Metrics below their floor (``min``) or above their ceiling (``max``)."""
    out: list[str] = []
    for name, floor in (floors.get("min") or {}).items():
        value = metrics.get(name)
        if value is not None and value < floor:
            out.append(f"{name} = {value:.3f} is below its floor {floor}")
    for name, ceiling in (floors.get("max") or {}).items():
        value = metrics.get(name)
        if value is not None and value > ceiling:
            out.append(f"{name} = {value} is above its ceiling {ceiling}")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Score every article folder given (or the default corpus) and print the table."""
    parser = argparse.ArgumentParser(
        prog="python -m archive.extract.score", description=__doc__.split("\n")[0]
    )
    parser.add_argument("paths", nargs="*", type=Path, help="article folders or corpus folders")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--verbose", "-v", action="store_true", help="list what each article missed"
    )
    parser.add_argument(
        "--floors", type=Path, help="exit 1 when a total is below a floor in this file"
    )
    args = parser.parse_args(argv)
    folders = find_folders(args.paths or default_paths())
    if not folders:
        print("no article folder with a gold.json found", file=sys.stderr)
        return 2
    try:
        scores = [score_folder(f) for f in folders]
    except ArchiveError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    total = totals(scores)
    if args.json:
        doc = {
            "articles": {s.name: {**s.metrics(), "misses": s.misses} for s in scores},
            "totals": total,
        }
        print(json.dumps(doc, indent=2, sort_keys=True))
    else:
        print(format_table(scores))
        if args.verbose:
            for s in scores:
                for miss in s.misses:
                    print(f"{s.name}: {miss}")
    if args.floors is not None:
        failed = check_floors(total, json.loads(args.floors.read_text(encoding="utf-8")))
        for line in failed:
            print(f"FLOOR: {line}", file=sys.stderr)
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
