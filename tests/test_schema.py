from __future__ import annotations

import copy
from typing import Any

import pytest
from helpers import bag_facts, make_package
from jsonschema import Draft202012Validator

from archive.errors import MetadataError
from archive.metadata.jsonld import ARTICLE_DOC, EVENTS_DOC, describe, image_document_path
from archive.resources import load_json, schemas_dir
from archive.validate.issues import Code
from archive.validate.schema import SCHEMA_NAMES, check_or_raise, iter_issues, schema_for

IMAGE = image_document_path(1)


def docs() -> dict[str, Any]:
    return copy.deepcopy(describe(make_package(), bag_facts()))


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    schema = load_json(schemas_dir() / f"{name}.schema.json")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_generated_documents_meet_their_schemas() -> None:
    for path, doc in docs().items():
        kind = schema_for(path)
        assert kind is not None
        assert list(iter_issues(doc, kind, where=path)) == []


def test_missing_image_document_meets_the_schema() -> None:
    doc = describe(make_package(missing=True), bag_facts())[IMAGE]
    assert list(iter_issues(doc, "image", where=IMAGE)) == []


def _messages(doc: Any, kind: str) -> str:
    return "\n".join(i.message for i in iter_issues(doc, kind, where="x"))


def test_missing_caption_is_caught() -> None:
    doc = docs()[IMAGE]
    del doc["caption"]
    assert "'caption' is a required property" in _messages(doc, "image")


def test_empty_caption_is_caught() -> None:
    doc = docs()[IMAGE]
    doc["caption"] = ""
    assert "caption" in _messages(doc, "image") or "short" in _messages(doc, "image")


def test_malformed_checksum_is_caught() -> None:
    doc = docs()[IMAGE]
    doc["sha256"] = "CD" * 32  # uppercase hex is not what we write
    assert "does not match" in _messages(doc, "image")


def test_wrong_types_are_caught() -> None:
    doc = docs()[IMAGE]
    doc["width"] = "940"
    doc["@type"] = "Photograph"
    msgs = _messages(doc, "image")
    assert "'940' is not of type 'integer'" in msgs
    assert "'ImageObject' was expected" in msgs


def test_missing_image_must_not_claim_file_facts() -> None:
    doc = describe(make_package(missing=True), bag_facts())[IMAGE]
    doc["sha256"] = "cd" * 32
    assert list(iter_issues(doc, "image", where=IMAGE))


def test_remote_context_is_rejected_by_the_schema() -> None:
    doc = docs()[ARTICLE_DOC]
    doc["@context"] = "https://schema.org/"
    assert "is not of type 'object'" in _messages(doc, "article")


def test_unknown_property_is_caught() -> None:
    doc = docs()[ARTICLE_DOC]
    doc["headlin"] = "typo"
    assert "Additional properties" in _messages(doc, "article")


def test_bad_date_and_iri_are_caught() -> None:
    doc = docs()[ARTICLE_DOC]
    doc["datePublished"] = {"@value": "7 November 2013", "@type": "xsd:date"}
    doc["url"] = "not an iri"
    assert len(list(iter_issues(doc, "article", where="x"))) >= 2


def test_event_without_project_class_is_caught() -> None:
    doc = docs()[EVENTS_DOC]
    for node in doc["@graph"]:
        if "Event" in node["@type"]:
            node["@type"] = ["Event"]
    assert list(iter_issues(doc, "events", where="x"))


def test_crew_assignment_needs_a_person() -> None:
    doc = docs()[EVENTS_DOC]
    for node in doc["@graph"]:
        if "Event" in node["@type"]:
            for role in node.get("arch:crewAssignment", []):
                del role["arch:crewMember"]
    assert "'arch:crewMember' is a required property" in _messages(doc, "events")


def test_issues_are_located_by_json_pointer() -> None:
    doc = docs()[IMAGE]
    doc["height"] = -1
    found = list(iter_issues(doc, "image", where=IMAGE))
    assert found[0].code is Code.S002
    assert found[0].where == IMAGE + "#/height"


def test_check_or_raise_carries_every_finding() -> None:
    doc = docs()[IMAGE]
    del doc["caption"]
    doc["sha256"] = "x"
    with pytest.raises(MetadataError) as info:
        check_or_raise(doc, "image", where=IMAGE)
    assert len(info.value.issues) == 2


def _bag_info() -> dict[str, list[str]]:
    return {
        "Source-Organization": ["Example Library"],
        "External-Identifier": ["https://news.example.org/a.html"],
        "External-Description": ["A title"],
        "Bagging-Date": ["2023-11-14"],
        "Bag-Software-Agent": ["archive 0.1.0"],
        "Payload-Oxum": ["1234.5"],
        "Bag-Size": ["1.2 KB"],
        "BagIt-Profile-Identifier": ["https://archive.example/profiles/news-gallery-bag/v1.json"],
        "Contact-Name": ["A", "B"],
    }


def test_bag_info_schema() -> None:
    assert list(iter_issues(_bag_info(), "bag-info", where="bag-info.txt")) == []
    bad = _bag_info()
    bad["Payload-Oxum"] = ["12.x"]
    bad["Bagging-Date"] = ["14/11/2023"]
    del bad["External-Identifier"]
    bad["Bad Label:"] = ["x"]
    assert len(list(iter_issues(bad, "bag-info", where="bag-info.txt"))) == 4


def test_schema_for_paths() -> None:
    assert schema_for("data/metadata/events.jsonld") == "events"
    assert schema_for("data/metadata/graph.ttl") is None
    assert schema_for("data/images/figure-001.jsonld") is None
