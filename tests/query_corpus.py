"""The corpus articles the query tests package, and what the competency queries are asked.

The bags are the three samples plus ``sts-118-endeavour`` from the held-out
corpus: Rick Mastracchio flew on STS-118 and on Soyuz TMA-11M, so "people in
more than one event" has an answer that spans two bags.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import ROOT, SAMPLES
from helpers import load_json

HELDOUT = ROOT / "tests" / "quality" / "heldout"
ARTICLES = {
    "soyuz-tma-11m": SAMPLES / "soyuz-tma-11m",
    "soyuz-tma-10m": SAMPLES / "soyuz-tma-10m",
    "apollo-11": SAMPLES / "apollo-11",
    "sts-118-endeavour": HELDOUT / "sts-118-endeavour",
}

# Parameters of the competency queries for the corpus bags.
PARAMS = {
    "crew-of-spacecraft": {"spacecraft": "Soyuz TMA-11M"},
    "launch-of-spacecraft": {"spacecraft": "Soyuz TMA-11M"},
    "images-of-person": {"person": "Koichi Wakata"},
    "images-by-agency": {"agency": "reuters"},
    "people-in-several-events": {},
    "objects-carried": {},
    "image-file": {"file": "attachment_1216379.jpg"},
}


def gold(name: str) -> dict:
    return load_json(ARTICLES[name] / "gold.json")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
