"""Make the stand-in images of the held-out set, and check the set is self-consistent.

The held-out articles under ``tests/quality/heldout/<slug>/`` refer to images the way real ones
do: ``images/attachment_<id>.jpg`` for WordPress shortcode posts, the relative ``src`` path for
saved HTML pages. The photographs are not ours to copy, so this script draws small synthetic
pictures in their place. Each picture is derived only from its own path (slug + file name), so
two runs produce byte-identical files and adding an article never changes another's images.

Usage::

    python tests/quality/make_heldout_images.py          # write missing or changed images
    python tests/quality/make_heldout_images.py --check  # also check every gold.json

``--check`` is a consistency check of the test data, written independently of the extraction
code: gold parses, keys are the corpus ones, dates are ISO, every referenced image exists and
opens, and every name, place, credit and role the gold states can be found in the article text.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import io
import json
import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

HELDOUT = Path(__file__).resolve().parent / "heldout"
MAX_BYTES = 15_000
JPEG_SIZE = (320, 213)
PNG_SIZE = (320, 240)

CAPTION_OPEN = re.compile(r"\[caption\b([^\]]*)\]")
ATTACHMENT_ID = re.compile(r"attachment_(\d+)")
IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"", re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")

GOLD_KEYS = {"input", "images", "credits", "events", "objects", "not_crew", "distractor_dates"}
EVENT_KEYS = {"kind", "date", "place", "spacecraft", "vehicle", "crew"}
CREW_KEYS = {"name", "aliases", "role", "agency"}
KINDS = {
    "launch",
    "landing",
    "splashdown",
    "spacewalk",
    "docking",
    "undocking",
    "press conference",
    "walkout",
    "ceremony",
    "training",
    "rollout",
}
# Events whose crew flew; the others (press conferences, ceremonies...) list no crew.
FLIGHT_KINDS = {"launch", "landing", "splashdown", "spacewalk", "docking", "undocking"}
# Agencies as the gold spells them, and the shorter forms articles also use.
AGENCY_FORMS = {
    "NASA": ("NASA",),
    "Roscosmos": ("Roscosmos",),
    "European Space Agency": ("European Space Agency", "ESA"),
    "Japan Aerospace Exploration Agency": ("Japan Aerospace Exploration Agency", "JAXA"),
    "Canadian Space Agency": ("Canadian Space Agency", "CSA"),
    "China Manned Space Agency": ("China Manned Space Agency", "CMSA"),
    "Mohammed bin Rashid Space Centre": ("Mohammed bin Rashid Space Centre", "MBRSC"),
}


def image_paths(article_dir: Path) -> list[Path]:
    """Return the image files an article refers to, in caption order (relative to its folder)."""
    txt = article_dir / "article.txt"
    if txt.exists():
        text = txt.read_text(encoding="utf-8")
        found: list[Path] = []
        for match in CAPTION_OPEN.finditer(text):
            ident = ATTACHMENT_ID.search(match.group(1))
            if ident is None:
                raise ValueError(f"{txt}: caption without an attachment id: {match.group(0)!r}")
            found.append(Path("images") / f"attachment_{ident.group(1)}.jpg")
        return found
    page = article_dir / "article.html"
    text = page.read_text(encoding="utf-8")
    srcs = [html.unescape(src) for src in IMG_SRC.findall(text)]
    for src in srcs:
        if "://" in src or src.startswith("/") or ".." in Path(src).parts:
            raise ValueError(f"{page}: image src is not a plain relative path: {src!r}")
    return [Path(src) for src in srcs]


def _rng_for(key: str) -> random.Random:
    # The seed comes from the path alone so images never depend on run order or other files.
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def render(key: str, suffix: str) -> bytes:
    """Draw the stand-in picture for ``key`` (``slug/relative/path``) as JPEG or PNG bytes."""
    rng = _rng_for(key)
    size = PNG_SIZE if suffix == ".png" else JPEG_SIZE
    width, height = size
    sky = tuple(rng.randrange(40, 220) for _ in range(3))
    ground = tuple(max(0, c - rng.randrange(30, 90)) for c in sky)
    picture = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(picture)
    horizon = rng.randrange(height // 2, height - 20)
    draw.rectangle((0, horizon, width, height), fill=ground)
    # A pale upright block stands in for the rocket, the capsule or the people.
    left = rng.randrange(20, width - 60)
    top = rng.randrange(10, horizon - 10)
    block = tuple(min(255, c + 60) for c in sky)
    draw.rectangle((left, top, left + rng.randrange(12, 40), horizon), fill=block)
    out = io.BytesIO()
    if suffix == ".png":
        picture.quantize(colors=16).save(out, format="PNG", optimize=True)
        return out.getvalue()
    noise = Image.frombytes("L", size, rng.randbytes(width * height)).convert("RGB")
    Image.blend(picture, noise, 0.05).save(out, format="JPEG", quality=70)
    return out.getvalue()


def write_images(root: Path) -> list[str]:
    """Write every missing or differing image under ``root``; return the paths written."""
    written: list[str] = []
    for article_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        for rel in image_paths(article_dir):
            target = article_dir / rel
            data = render(f"{article_dir.name}/{rel.as_posix()}", rel.suffix.lower())
            if target.exists() and target.read_bytes() == data:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(f"{article_dir.name}/{rel.as_posix()}")
    return written


def _plain(text: str) -> str:
    """Article text as a reader sees it: tags dropped, entities resolved, quotes straightened."""
    text = html.unescape(TAG.sub(" ", text))
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(curly, straight)
    return re.sub(r"\s+", " ", text).lower()


def _loose(text: str) -> str:
    # Hyphens, slashes and spacing vary between desks ("Long March-2F", "STR / AFP").
    return re.sub(r"[\s\-/]+", " ", text.lower()).strip()


def _names(person: dict[str, Any]) -> list[str]:
    return [str(person["name"]), *(str(a) for a in person.get("aliases", []))]


def check_article(article_dir: Path) -> Iterator[str]:
    """Yield one message per inconsistency found in one held-out article."""
    slug = article_dir.name
    gold: dict[str, Any] = json.loads((article_dir / "gold.json").read_text(encoding="utf-8"))
    if unknown := set(gold) - GOLD_KEYS:
        yield f"{slug}: unknown gold keys {sorted(unknown)}"
    source = article_dir / gold["input"]
    if not source.exists():
        yield f"{slug}: input {gold['input']} missing"
        return
    text = _plain(source.read_text(encoding="utf-8"))
    loose = _loose(text)
    rels = image_paths(article_dir)
    if len(rels) != gold["images"]:
        yield f"{slug}: {len(rels)} images referenced, gold says {gold['images']}"
    for rel in rels:
        yield from _check_image(slug, article_dir / rel)
    for credit in gold["credits"]:
        if _loose(credit) not in loose:
            yield f"{slug}: credit {credit!r} not in text"
    event_dates = set()
    crew_names: set[str] = set()
    for event in gold["events"]:
        event_dates.add(event["date"])
        yield from _check_event(slug, event, text, loose)
        for person in event["crew"]:
            crew_names.update(n.lower() for n in _names(person))
    for obj in gold.get("objects", []):
        if obj.lower() not in text:
            yield f"{slug}: object {obj!r} not in text"
    for name in gold["not_crew"]:
        if name.lower() in crew_names:
            yield f"{slug}: {name!r} is both crew and not_crew"
        if name.replace('"', "").split()[-1].lower() not in text:
            yield f"{slug}: not_crew {name!r} not in text"
    for day in gold.get("distractor_dates", []):
        dt.date.fromisoformat(day)
        if day in event_dates:
            yield f"{slug}: distractor date {day} is also an event date"


def _check_event(slug: str, event: dict[str, Any], text: str, loose: str) -> Iterator[str]:
    where = f"{slug}: {event['kind']} {event['date']}"
    if unknown := set(event) - EVENT_KEYS:
        yield f"{where}: unknown event keys {sorted(unknown)}"
    if event["kind"] not in KINDS:
        yield f"{where}: unknown kind"
    dt.date.fromisoformat(event["date"])
    if event["place"].lower() not in text:
        yield f"{where}: place {event['place']!r} not in text"
    for key in ("spacecraft", "vehicle"):
        value = event.get(key)
        if value is not None and _loose(value) not in loose:
            yield f"{where}: {key} {value!r} not in text"
    if event["kind"] not in FLIGHT_KINDS and event["crew"]:
        yield f"{where}: a non-flight event lists crew"
    for person in event["crew"]:
        if unknown := set(person) - CREW_KEYS:
            yield f"{where}: unknown crew keys {sorted(unknown)}"
        if not any(n.lower() in text for n in _names(person)):
            yield f"{where}: no form of {person['name']!r} in text"
        role = person["role"]
        if role is not None and (role != role.title() or role.lower() not in text):
            yield f"{where}: role {role!r} of {person['name']!r} not stated or not Title Case"
        agency = person["agency"]
        if agency is not None:
            forms = AGENCY_FORMS.get(agency)
            if forms is None:
                yield f"{where}: agency {agency!r} is not a known gold spelling"
            elif not any(f.lower() in text for f in forms):
                yield f"{where}: agency {agency!r} not in text"


def _check_image(slug: str, path: Path) -> Iterator[str]:
    if not path.exists():
        yield f"{slug}: image {path.name} missing"
        return
    if path.stat().st_size > MAX_BYTES:
        yield f"{slug}: image {path.name} is {path.stat().st_size} bytes"
    with Image.open(path) as picture:
        picture.verify()


def main(argv: list[str] | None = None) -> int:
    """Write the images; with ``--check`` also check every article. Returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="check gold.json and images too")
    parser.add_argument("--root", type=Path, default=HELDOUT, help="held-out folder")
    args = parser.parse_args(argv)
    written = write_images(args.root)
    print(f"images written: {len(written)}")
    if not args.check:
        return 0
    problems: list[str] = []
    articles = sorted(p for p in args.root.iterdir() if p.is_dir())
    for article_dir in articles:
        problems.extend(check_article(article_dir))
    for problem in problems:
        print(problem)
    print(f"articles checked: {len(articles)}, problems: {len(problems)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
