"""JSON Schema (Draft 2020-12) checks of every JSON document the tool writes.

The schemas live in ``schemas/``; they reference each other by relative
``$ref`` against their ``$id``, resolved through a ``referencing.Registry``
built from the shipped files only, so checking never touches the network.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from archive.errors import MetadataError
from archive.resources import load_json, schemas_dir
from archive.validate.issues import Code, Issue, issue

SCHEMA_NAMES = ("article", "image", "events", "bag-info", "defs")


@functools.cache
def _registry() -> Registry[Any]:
    resources = []
    for name in SCHEMA_NAMES:
        contents = load_json(schemas_dir() / f"{name}.schema.json")
        resources.append((contents["$id"], DRAFT202012.create_resource(contents)))
    registry: Registry[Any] = Registry().with_resources(resources)
    return registry.crawl()


@functools.cache
def validator(name: str) -> Draft202012Validator:
    """The validator for one of the shipped schemas ("article", "image", "events", "bag-info")."""
    schema = load_json(schemas_dir() / f"{name}.schema.json")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, registry=_registry())


def schema_for(bag_path: str) -> str | None:
    """Which schema a JSON document in a bag must meet, by its path; None if none.

    >>> schema_for("data/metadata/images/figure-001.jsonld")
    'image'
    >>> schema_for("data/metadata/article.jsonld")
    'article'
    """
    path = PurePosixPath(bag_path)
    if path.parent == PurePosixPath("data/metadata/images") and path.suffix == ".jsonld":
        return "image"
    if path.parent == PurePosixPath("data/metadata") and path.name in (
        "article.jsonld",
        "events.jsonld",
    ):
        return path.stem
    return None


def iter_issues(doc: Any, schema: str, *, where: str) -> Iterator[Issue]:
    """Every way ``doc`` fails the schema, as S002 findings located by JSON pointer."""
    for error in sorted(validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path)):
        detail = _most_specific(error)
        path = list(detail.absolute_path)
        pointer = "/" + "/".join(str(p) for p in path)
        yield issue(
            Code.S002,
            f"{where}#{pointer}" if path else where,
            f"{detail.message} (schema {schema}: {'/'.join(str(p) for p in detail.schema_path)})",
        )


def _most_specific(error: ValidationError) -> ValidationError:
    """For oneOf/anyOf failures, the error of the branch that fits the value's type.

    jsonschema reports "[...] is not of type 'object'" for a list that failed the
    list branch for a deeper reason; that deeper reason is what a reader needs.
    """
    while error.context:
        fitting = [e for e in error.context if e.validator != "type"] or list(error.context)
        error = max(fitting, key=lambda e: (len(e.absolute_path), -len(e.schema_path)))
    return error


def check_or_raise(doc: Any, schema: str, *, where: str) -> None:
    """Raise one error carrying every finding when ``doc`` fails its schema.

    Raises:
        MetadataError: the document does not meet the schema.
    """
    found = list(iter_issues(doc, schema, where=where))
    if found:
        raise MetadataError(
            f"does not meet the {schema} schema ({len(found)} problem(s)): {found[0].message}",
            input=where,
            issues=found,
        )
