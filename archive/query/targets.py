"""The embedded store as a place to index bags into (see :class:`archive.query.index.Sink`)."""

from __future__ import annotations

from archive.query.facts import FACTS_QUERY, IndexedBag, facts_graph, parse_indexed
from archive.query.graphs import GraphData
from archive.query.store import WRITERS, GraphStore

__all__ = ["StoreSink"]

# New bags per bulk load. A load costs about 600 bytes of memory per quad
# (some 200 MB for 1,000 bags of the benchmark, two loads at a time), and a
# fixed share of CPU: 500-bag loads took 15 % more CPU than 1,000-bag ones.
BULK_BATCH = 1000
BULK_MIN = 50  # fewer new bags than this go in one transaction instead


class StoreSink:
    """Writes bags into a :class:`GraphStore`: new bags in bulk, changes one transaction each.

    A bag's content and facts are always written in the same atomic step
    (the facts mark a bag as indexed), and bulk loads go on in the
    background while the indexer reads the next bags.
    """

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
            self.store.add([(bag, content), (facts_name, facts)])
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
        self._flush(last=True)
        self.store.flush()

    def _drop(self, name: str) -> None:
        if name in self._graphs:
            self.store.remove(name)
            self._graphs.discard(name)

    def _flush(self, *, last: bool = False) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        if len(pending) < BULK_MIN:
            self.store.add(_graphs(pending))
            return
        # The last bags of a run are shared among the writers, so that a
        # small run keeps every writer busy too.
        parts = min(WRITERS, len(pending) // BULK_MIN) if last else 1
        size = -(-len(pending) // parts)
        for start in range(0, len(pending), size):
            self.bulk_writes += 1
            self.store.add(_graphs(pending[start : start + size]), bulk=True, wait=False)


def _graphs(pending: list[tuple[str, GraphData, GraphData]]) -> list[tuple[str, GraphData]]:
    """The bags' content and facts graphs, to be written in one step (facts mark a bag indexed)."""
    graphs = [(bag, content) for bag, content, _ in pending]
    return graphs + [(facts_graph(bag), facts) for bag, _, facts in pending]
