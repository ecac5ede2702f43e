"""The vocabularies the project writes, as closed rdflib namespaces.

Closed namespaces make a misspelt term fail at import time instead of
producing a silent new IRI. schema.org is always ``http://schema.org/``: the
base the schema.org JSON-LD context uses, and the one tests pin.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from rdflib import Namespace
from rdflib.namespace import DCTERMS, XSD, ClosedNamespace

from archive.resources import vocab_file

SCHEMA_BASE = "http://schema.org/"
ARCH_BASE = "https://archive.example/ns#"

SDO = Namespace(SCHEMA_BASE)

ARCH = ClosedNamespace(
    ARCH_BASE,
    [
        "Launch", "PressConference", "Spacewalk", "Landing", "Splashdown", "Docking",
        "Undocking", "Walkout", "Training", "Ceremony", "Rollout", "Expedition",
        "Spacecraft", "LaunchVehicle", "SpaceStation", "CarriedObject", "CrewAssignment",
        "Depiction", "Bag",
        "spacecraft", "launchVehicle", "crewMember", "crewAssignment", "event", "agency",
        "carried", "expedition", "destination", "depicts", "depiction", "depicted",
        "framePosition", "bag", "path", "originalName", "byteSize", "missing",
        "titleDerived", "externalIdentifier",
        # written by the index into a bag's facts graph
        "localPath", "tagmanifestDigest", "lastFixityCheck", "lastFixityOutcome", "lastVerified",
    ],
)  # fmt: skip

__all__ = ["ARCH", "ARCH_BASE", "DCTERMS", "SCHEMA_BASE", "SDO", "XSD", "context"]


@functools.cache
def _context_document() -> str:
    return vocab_file("context.jsonld").read_text(encoding="utf-8")


def context() -> dict[str, Any]:
    """A fresh copy of the project's JSON-LD ``@context`` (vocab/context.jsonld).

    Every JSON-LD document the tool writes inlines it, so no processor ever
    needs to fetch a context.
    """
    ctx: dict[str, Any] = json.loads(_context_document())["@context"]
    return ctx
