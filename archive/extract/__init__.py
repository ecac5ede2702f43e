"""Extraction: the event graph a news photo gallery's captions describe.

:func:`extract` reads an :class:`~archive.model.Article`'s captions (and lede)
sentence by sentence and returns an :class:`~archive.model.Extraction`: the
people, spacecraft, vehicles, places, organisations, expeditions and objects
named, the events (launch, press conference, spacewalk, landing...) with
their date, place, spacecraft and crew, and who or what each image shows.

It works on the grammar of captions ("NASA astronaut X", "Flight Engineers
X and Y, of Roscosmos", "the Soyuz TMA-12M spacecraft carrying X, Y and Z
blasts off from ... on 26 March, 2014") with a small gazetteer of agencies,
sites, vehicles and spacecraft families (``vocab/gazetteer.ttl``); people and
spacecraft it does not list are found all the same.

Pipeline (one module each): :mod:`~archive.extract.sentences` ->
:mod:`~archive.extract.chart` (tokens to chunks, claimed in
:mod:`~archive.extract.claims`: :mod:`~archive.extract.dates`,
:mod:`~archive.extract.craft`, :mod:`~archive.extract.craftheads`,
:mod:`~archive.extract.places`, :mod:`~archive.extract.placenames`,
:mod:`~archive.extract.roles`, :mod:`~archive.extract.triggers`,
:mod:`~archive.extract.names`) -> :mod:`~archive.extract.persons` (with
:mod:`~archive.extract.prefixes`) and :mod:`~archive.extract.lists`,
:mod:`~archive.extract.elsewhere` (people of
other flights), :mod:`~archive.extract.events` and :mod:`~archive.extract.mood`
(events that did not happen), :mod:`~archive.extract.objects` (one sentence)
-> :mod:`~archive.extract.merge`, :mod:`~archive.extract.eventgraph`,
:mod:`~archive.extract.relativedays`, :mod:`~archive.extract.fallbacks` and
:mod:`~archive.extract.flights` (the article) -> :mod:`~archive.extract.build`
(the model). The article is read twice when the first reading learned
spacecraft names ("Sigma 7") that other sentences write bare. Every step is
linear in the text; hostile text gives fewer findings, never an exception or a
hang. :mod:`~archive.extract.score` (with :mod:`~archive.extract.matching`) is
the quality harness.
"""

from __future__ import annotations

from archive.extract.build import (
    add_objects,
    build_depictions,
    build_entities,
    build_events,
    crew_group_mentions,
)
from archive.extract.collect import LEDE_SEPARATOR, collect, title_craft
from archive.extract.dates import DateContext
from archive.extract.eventgraph import article_craft, draft_events
from archive.extract.gazetteer import load_gazetteer
from archive.extract.merge import Things, cluster_people
from archive.metadata.ids import article_key
from archive.model import Article, Extraction

__all__ = ["LEDE_SEPARATOR", "extract"]


def extract(article: Article) -> Extraction:
    """The entities, events and depictions an article's captions describe.

    Deterministic: the same article gives the same extraction, sorted
    (entities and events by key, depictions by figure and entity).

    Raises:
        ArchiveError: only when the installation's gazetteer cannot be read.
    """
    gaz = load_gazetteer()
    notes = collect(article, gaz)
    people = cluster_people(notes)
    things = Things(notes, gaz, people)
    objects, carried = add_objects(notes, things)
    dates = [c.date for s in notes.sentences for c in s.chunks if c.date is not None]
    ctx = DateContext.of(article.published, dates)
    titled = title_craft(article, gaz)
    drafts = draft_events(notes.sentences, things, ctx, titled)
    main = article_craft(notes.sentences, things, titled)
    akey = article_key(url=article.url, sha256=article.sha256)
    group = crew_group_mentions(notes)
    events = build_events(drafts, people, things, gaz, objects, carried, akey, ctx, group, main)
    agencies = {m.person: m.agency for e in events for m in e.crew if m.agency is not None}
    entities = build_entities(people, things, agencies)
    depictions = build_depictions(notes, people, things, objects)
    return Extraction(tuple(entities), tuple(events), tuple(depictions))
