"""Relatives named beside the people who fly are never crew (archive.extract.kin)."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.extract import extract
from archive.extract.chart import annotate
from archive.extract.gazetteer import load_gazetteer
from archive.extract.persons import PersonMention, find_people
from archive.model import Article, ArticleForm, EventKind, Extraction, Figure, ImageRef

LAUNCH = (
    "The Soyuz MS-31 spacecraft carrying Hollis Brandt, Tamsin Reyes and Vasco Lindqvist "
    "lifts off from the Baikonur Cosmodrome on March 3, 2031."
)


def _run(*captions: str) -> Extraction:
    figures = tuple(Figure(i, c, None, c, ImageRef()) for i, c in enumerate(captions, 1))
    art = Article(
        Path("g.txt"), ArticleForm.SHORTCODES, "text/plain", "utf-8", "0" * 64, 0, figures
    )
    return extract(art)


def _crew(x: Extraction) -> set[str]:
    launch = next(e for e in x.events if e.kind == EventKind.LAUNCH)
    return {m.person for m in launch.crew}


def _people(text: str) -> list[PersonMention]:
    chunks = annotate(text, 0, len(text), load_gazetteer())
    return find_people(chunks)


def test_a_possessor_is_the_partner_of_a_relation() -> None:
    people = _people("Hollis Brandt's wife, Marta Brandt, waves goodbye.")
    wife = next(pm for pm in people if pm.name.plain == "Marta Brandt")
    assert wife.traits.kin and wife.kin_partner is not None
    assert wife.kin_partner.name.plain == "Hollis Brandt"


def test_wife_of_names_the_partner() -> None:
    people = _people("Marta Brandt, wife of Flight Engineer Hollis Brandt, waves.")
    wife = next(pm for pm in people if pm.name.plain == "Marta Brandt")
    assert wife.kin_partner is not None and wife.kin_partner.name.plain == "Hollis Brandt"


def test_an_aside_relation_leaves_the_list() -> None:
    people = _people("NASA astronauts Tamsin Reyes, Brandt's husband, and Vasco Lindqvist wave.")
    husband = next(pm for pm in people if pm.name.plain == "Tamsin Reyes")
    assert husband.traits.kin and husband.kin_partner is not None
    assert next(pm for pm in people if pm.name.plain == "Brandt").aside


@pytest.mark.parametrize(
    "caption",
    [
        "His wife, Marta Brandt, watches the launch from the viewing area.",
        "Brandt waves to his wife Marta Brandt and her daughter Ilse Brandt.",
        "Reyes is married to fellow NASA astronaut Marta Voss.",
        "Hollis Brandt's wife, astronaut Marta Voss, waves before the launch.",
    ],
)
def test_relatives_are_never_crew(caption: str) -> None:
    crew = _crew(_run(LAUNCH, caption))
    assert crew == {"person/hollis-brandt", "person/tamsin-reyes", "person/vasco-lindqvist"}


def test_the_one_a_crew_list_names_flies_and_the_other_watched() -> None:
    # "A, B's husband, and C" with B in the crew list: A came to watch B fly.
    x = _run(LAUNCH, "Astronauts Ilse Brandt, Reyes's husband, and Marta Voss watch the launch.")
    assert "person/tamsin-reyes" in _crew(x)
    assert "person/ilse-brandt" not in _crew(x)
