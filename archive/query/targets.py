"""The embedded store as a place to index bags into (see :class:`archive.query.index.Sink`)."""

from __future__ import annotations

from archive.query.facts import FACTS_QUERY, IndexedBag, facts_graph, parse_indexed
from archive.query.store import GraphData, GraphStore

__all__ = ["StoreSink"]

BULK_BATCH = 1000  # new bags per bulk write: bounds memory to a few tens of MB
BULK_MIN = 50  # fewer new bags than this go in one transaction instead


class StoreSink:
    """Writes bags into a :class:`GraphStore`: new bags in bulk, changes one transaction each."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._graphs = store.named_graphs()
        self._pending: list[tuple[str, GraphData, GraphData]] = []
        self.bulk_writes = 0  # bulk loads leave the files uncompacted: see index_bags

    def indexed(self) -> dict[str, IndexedBag]:
        return parse_indexed(self.store.query(FACTS_QUERY, kind="SELECT", source="store index"))

    def put(self, bag: str, content: GraphData | None, facts: GraphData) -> None:
        facts_name = facts_graph(bag)
        if content is None:
            self._drop(facts_name)
            self.store.add([(facts_name, facts)])
        elif bag in self._graphs or facts_name in self._graphs:
            self._drop(facts_name)
            self._drop(bag)
            self.store.add([(bag, content)])
            self.store.add([(facts_name, facts)])
        else:
            self._pending.append((bag, content, facts))
            if len(self._pending) >= BULK_BATCH:
                self._flush()
        self._graphs.update((bag, facts_name))

    def remove(self, bag: str) -> None:
        self._flush()
        self._drop(bag)
        self._drop(facts_graph(bag))

    def finish(self) -> None:
        self._flush()
        self.store.flush()

    def _drop(self, name: str) -> None:
        if name in self._graphs:
            self.store.remove(name)
            self._graphs.discard(name)

    def _flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        bulk = len(pending) >= BULK_MIN
        self.bulk_writes += bulk
        # Content first, facts after: facts mark a bag as indexed.
        self.store.add([(bag, content) for bag, content, _ in pending], bulk=bulk)
        self.store.add([(facts_graph(bag), facts) for bag, _, facts in pending], bulk=bulk)
