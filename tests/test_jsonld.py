from __future__ import annotations

import json
from dataclasses import replace

from helpers import bag_facts, make_package

from archive.metadata.jsonld import ARTICLE_DOC, EVENTS_DOC, describe, image_document_path
from archive.metadata.vocab import context

BASE = "https://id.example.org/"


def test_documents_are_named_by_role() -> None:
    docs = describe(make_package(), bag_facts())
    assert set(docs) == {ARTICLE_DOC, EVENTS_DOC, image_document_path(1)}
    assert image_document_path(1) == "data/metadata/images/figure-001.jsonld"


def test_every_document_inlines_the_context() -> None:
    for doc in describe(make_package(), bag_facts()).values():
        assert doc["@context"] == context()
        assert isinstance(doc["@context"], dict)


def test_article_has_schema_org_and_dublin_core_terms() -> None:
    art = describe(make_package(), bag_facts())[ARTICLE_DOC]
    assert set(art["@type"]) == {"NewsArticle", "ImageGallery"}
    assert art["headline"] == art["dcterms:title"] == "Soyuz launch"
    assert art["url"] == art["dcterms:source"] == "https://news.example.org/soyuz.html"
    assert art["datePublished"] == {"@value": "2013-11-07T10:00:00+04:00", "@type": "xsd:dateTime"}
    assert art["publisher"]["name"] == "Example News"
    assert art["dcterms:publisher"] == art["publisher"]["@id"]
    assert art["encoding"]["sha256"] == "ab" * 32
    assert art["encoding"]["arch:path"] == "data/source/article.html"
    assert art["hasPart"] == [
        {"@id": BASE + "article/" + art["@id"].rsplit("/", 1)[1] + "/image/1"}
    ]


def test_image_describes_caption_credit_file_and_depiction() -> None:
    img = describe(make_package(), bag_facts())[image_document_path(1)]
    assert img["@type"] == "ImageObject"
    assert img["caption"] == img["dcterms:description"]
    assert img["creditText"] == "REUTERS/Shamil Zhumatov"
    assert img["copyrightHolder"]["name"] == "REUTERS"
    assert img["creator"] == {
        "@id": BASE + "person/shamil-zhumatov",
        "@type": "Person",
        "name": "Shamil Zhumatov",
    }
    assert (img["width"], img["height"], img["sha256"]) == (940, 627, "cd" * 32)
    assert img["dcterms:format"] == img["encodingFormat"] == "image/jpeg"
    assert img["dcterms:extent"] == "5000 bytes"
    depicted = {r["@id"] for r in img["arch:depicts"]}
    assert depicted == {BASE + "person/koichi-wakata", BASE + "event/launch/soyuz-tma-11m"}
    # materialised super-property: plain schema.org "about" finds the same things
    assert {r["@id"] for r in img["about"]} == depicted
    assert img["arch:depiction"][0]["arch:framePosition"] == "L"


def test_missing_image_records_the_gap_and_no_file_facts() -> None:
    img = describe(make_package(missing=True), bag_facts())[image_document_path(1)]
    assert img["arch:missing"].startswith("not found")
    for key in ("sha256", "arch:path", "width", "name"):
        assert key not in img


def test_events_carry_crew_roles_and_super_types() -> None:
    graph = describe(make_package(), bag_facts())[EVENTS_DOC]["@graph"]
    by_id = {n["@id"]: n for n in graph}
    launch = by_id[BASE + "event/launch/soyuz-tma-11m"]
    assert set(launch["@type"]) == {"Event", "arch:Launch"}
    assert launch["startDate"] == "2013-11-07"
    assert launch["name"] == "Launch of Soyuz TMA-11M"
    assert launch["performer"] == launch["arch:crewMember"]
    role = launch["arch:crewAssignment"][0]
    assert role["roleName"] == "Flight Engineer"
    assert role["arch:agency"] == {"@id": BASE + "organization/jaxa"}
    person = by_id[BASE + "person/koichi-wakata"]
    assert person["nationality"] == {"@id": BASE + "country/japan"}


def test_iris_follow_the_base_and_are_stable() -> None:
    a = describe(make_package(), bag_facts("https://a.example/"))
    b = describe(make_package(), bag_facts("https://a.example/"))
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    text = json.dumps(a)
    assert "https://a.example/person/koichi-wakata" in text
    assert "https://id.example.org/" not in text


def test_spacecraft_refers_to_the_crew_assignments_of_its_flights() -> None:
    graph = describe(make_package(), bag_facts())[EVENTS_DOC]["@graph"]
    craft = next(n for n in graph if n["@id"] == BASE + "spacecraft/soyuz-tma-11m")
    assert craft["arch:crewAssignment"] == [
        {"@id": BASE + "event/launch/soyuz-tma-11m/crew/koichi-wakata"}
    ]
    assert "performer" not in craft


def test_credit_agency_gets_its_canonical_name_and_photographer() -> None:
    package = make_package()
    figure = replace(package.article.figures[0], credit="AFP PHOTO / KIRILL KUDRYAVTSEV")
    package = replace(package, article=replace(package.article, figures=(figure,)))
    names = {"AFP": "Agence France-Presse"}
    img = describe(package, bag_facts(), organization=lambda n: names.get(n, n))[
        image_document_path(1)
    ]
    assert img["copyrightHolder"] == {
        "@id": BASE + "organization/agence-france-presse",
        "@type": "Organization",
        "name": "Agence France-Presse",
    }
    assert img["creator"]["name"] == "KIRILL KUDRYAVTSEV"
    assert img["creditText"] == "AFP PHOTO / KIRILL KUDRYAVTSEV"
