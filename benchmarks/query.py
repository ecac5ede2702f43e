"""SPARQL over many bags: the chosen engine against rdflib's in-memory graph, in one run.

Builds a synthetic collection shaped like the bags ``archive package`` writes
(a launch with its spacecraft, rocket, place and date; a crew of three with
role and agency; six captioned images credited to an agency, each with its
file, checksum and bag; now and then a press conference and a carried
object), then measures, for each engine:

* loading the collection (triples per second); for the store also its CPU
  time, ``archive index`` end to end over real bags on disk, and reopening it;
* the median latency of the seven competency queries of ``vocab/queries``
  with realistic parameters, answers checked equal across engines.

Engines: rdflib ``Graph`` in memory (the baseline), rdflib over pyoxigraph
(oxrdflib, when installed) and the store ``archive.query`` uses (pyoxigraph
on disk, a named graph per bag and their union kept as the default graph).

Usage::

    .venv/bin/python benchmarks/query.py            # 10,000 bags, 1.6 M triples (1.3 M distinct)
    .venv/bin/python benchmarks/query.py --quick    # 200 bags, a smoke test
    .venv/bin/python benchmarks/query.py --json     # the figures as JSON as well
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.query import (  # noqa: E402
    GraphStore,
    index_bags,
    load_query,
    open_store,
    run_query,
)
from archive.query.graphs import parse_graph  # noqa: E402
from archive.query.params import bind  # noqa: E402
from archive.query.targets import StoreSink  # noqa: E402

BASE = "https://archive.example/id/"
PREFIXES = (
    "@prefix arch: <https://archive.example/ns#> .\n"
    "@prefix schema: <http://schema.org/> .\n"
    "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
)
AGENCIES = ("NASA", "Roscosmos", "ESA", "JAXA", "CSA", "CNSA")
CREDITS = ("REUTERS", "AFP", "AP", "NASA", "ESA", "Getty Images", "EPA", "Roscosmos")
SITES = (
    ("baikonur", "Baikonur", "kazakhstan", "Kazakhstan"),
    ("kennedy-space-center", "Kennedy Space Center", "united-states", "United States"),
    ("jiuquan", "Jiuquan", "china", "China"),
    ("kourou", "Kourou", "french-guiana", "French Guiana"),
)
ROLES = ("Commander", "Flight Engineer", "Flight Engineer")
POSITIONS = ("L", "C", "R")

# (query, kind, parameters); the parameters pick one bag's things in a full run.
QUERIES = (
    ("crew-of-spacecraft", "selective", {"spacecraft": "Craft {pick}"}),
    ("launch-of-spacecraft", "selective", {"spacecraft": "Craft {pick}"}),
    ("images-of-person", "selective", {"person": "Person {person}"}),
    ("image-file", "selective", {"file": "img-{pick}-3.jpg"}),
    ("images-by-agency", "collection", {"agency": "reuters"}),
    ("people-in-several-events", "collection", {}),
    ("objects-carried", "collection", {}),
)
TARGETS = {
    "selective_ms": 10.0,
    "selective_speedup": 10.0,
    "collection_ms": 500.0,
    "collection_speedup": 5.0,
    "load_triples_per_s": 150_000,
    "reopen_s": 1.0,
}


# ------------------------------------------------------------------ the collection


def synthetic_bag(i: int, people: int) -> tuple[str, str]:
    """The Turtle graph of bag ``i`` and its bag IRI (about 120 triples)."""
    key = hashlib.sha256(str(i).encode()).hexdigest()[:24]
    art, bag = f"<{BASE}article/{key}>", f"<{BASE}bag/{key}>"
    craft, launch = f"<{BASE}spacecraft/craft-{i}>", f"<{BASE}event/launch/craft-{i}>"
    site = SITES[i % len(SITES)]
    place, country = f"<{BASE}place/{site[0]}>", f"<{BASE}country/{site[2]}>"
    rocket = f"<{BASE}launch-vehicle/rocket-{i % 7}>"
    crew = [(i * 3 + k * 7919) % people for k in range(3)]
    persons = [f"<{BASE}person/person-{p}>" for p in crew]
    agencies = [AGENCIES[(p + i) % len(AGENCIES)] for p in crew]
    date = f"{1961 + i % 60}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    out = [
        PREFIXES,
        f'{bag} a arch:Bag, schema:Dataset ; schema:name "bag-{i:05d}" ;'
        f' arch:externalIdentifier "https://news.example/{i}" .',
        f'{art} a schema:NewsArticle, schema:ImageGallery ; schema:headline "Launch of Craft {i}"'
        f" ; arch:bag {bag} ; schema:about {launch} .",
        f'{craft} a arch:Spacecraft, schema:Vehicle ; schema:name "Craft {i}" .',
        f'{rocket} a arch:LaunchVehicle, schema:Vehicle ; schema:name "Rocket {i % 7}" .',
        f'{place} a schema:Place ; schema:name "{site[1]}" ; schema:containedInPlace {country} .',
        f'{country} a schema:Country, schema:Place ; schema:name "{site[3]}" .',
    ]
    out += [
        f'{iri} a schema:Person ; schema:name "Person {p}" .'
        for p, iri in zip(crew, persons, strict=True)
    ]
    out += [
        f'<{BASE}organization/{a.lower()}> a schema:Organization ; schema:name "{a}" .'
        for a in sorted(set(agencies))
    ]
    event = [
        f'{launch} a arch:Launch, schema:Event ; schema:name "Launch of Craft {i}"',
        f'schema:startDate "{date}"^^xsd:date ; schema:location {place}',
        f"arch:spacecraft {craft} ; arch:launchVehicle {rocket} ; schema:subjectOf {art}",
    ]
    if i % 10 == 0:
        thing = f"<{BASE}object/object-{i % 50}>"
        event.append(f"arch:carried {thing}")
        out.append(f'{thing} a arch:CarriedObject ; schema:name "Object {i % 50}" .')
    for p, iri, role, agency in zip(crew, persons, ROLES, agencies, strict=True):
        role_iri = f"<{BASE}event/launch/craft-{i}/crew/person-{p}>"
        org = f"<{BASE}organization/{agency.lower()}>"
        event.append(
            f"arch:crewMember {iri} ; schema:performer {iri} ; arch:crewAssignment {role_iri}"
        )
        out.append(
            f"{role_iri} a arch:CrewAssignment, schema:Role ; arch:crewMember {iri} ;"
            f' schema:performer {iri} ; schema:roleName "{role}" ; arch:agency {org} ;'
            f" schema:memberOf {org} ; arch:event {launch} ; arch:spacecraft {craft} ."
        )
    out.append(" ;\n    ".join(event) + " .")
    if i % 5 == 0:
        press = f"<{BASE}event/press-conference/{site[0]}/{date}-{i}>"
        out.append(
            f'{press} a arch:PressConference, schema:Event ; schema:name "Press conference {i}" ;'
            f" schema:attendee {', '.join(persons)} ; schema:location {place} ."
        )
    for f in range(1, 7):
        out.append(_image(i, f, key, bag, art, persons[f % 3], CREDITS[(i + f) % len(CREDITS)]))
    out += [
        f'<{BASE}organization/{_slug(c)}> a schema:Organization ; schema:name "{c}" .'
        for c in sorted({CREDITS[(i + f) % len(CREDITS)] for f in range(1, 7)})
    ]
    return bag[1:-1], "\n".join(out) + "\n"


def _image(i: int, f: int, key: str, bag: str, art: str, shown: str, credit: str) -> str:
    img = f"<{BASE}article/{key}/image/{f}>"
    sha = hashlib.sha256(f"{i}/{f}".encode()).hexdigest()
    lines = [
        f'{img} a schema:ImageObject ; schema:caption "{shown[-12:-1]} waves before the launch of'
        f' Craft {i}, picture {f}." ; schema:creditText "{credit}"',
        f"schema:copyrightHolder <{BASE}organization/{_slug(credit)}> ; schema:isPartOf {art}",
        f'arch:bag {bag} ; arch:path "data/images/img-{i}-{f}.jpg" ; schema:name "img-{i}-{f}.jpg"',
        f'schema:sha256 "{sha}" ; arch:byteSize {20000 + f} ; arch:depicts {shown}',
    ]
    text = " ;\n    ".join(lines) + " .\n"
    if f == 1:  # the caption says where the person stands
        dep = f"<{BASE}article/{key}/image/{f}/depiction/x>"
        text = text[:-3] + f" ;\n    arch:depiction {dep} .\n"
        position = POSITIONS[i % 3]
        text += (
            f'{dep} a arch:Depiction ; arch:depicted {shown} ; arch:framePosition "{position}" .\n'
        )
    return text


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")


def write_bags(root: Path, graphs: Sequence[tuple[str, str]]) -> None:
    """Minimal BagIt 1.0 bags (declaration, bag-info, graph, manifests), without fsync."""
    for n, (_, turtle) in enumerate(graphs):
        bag = root / f"bag-{n:05d}"
        (bag / "data" / "metadata").mkdir(parents=True)
        data = turtle.encode("utf-8")
        (bag / "data" / "metadata" / "graph.ttl").write_bytes(data)
        tags = {
            "bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
            "bag-info.txt": (
                f"External-Identifier: https://news.example/{n}\nBagging-Date: 2023-11-14\n"
                f"Payload-Oxum: {len(data)}.1\n"
            ).encode(),
            "manifest-sha256.txt": _line(data, "data/metadata/graph.ttl"),
        }
        for name, content in tags.items():
            (bag / name).write_bytes(content)
        tagmanifest = b"".join(_line(c, name) for name, c in sorted(tags.items()))
        (bag / "tagmanifest-sha256.txt").write_bytes(tagmanifest)


def _line(data: bytes, name: str) -> bytes:
    return f"{hashlib.sha256(data).hexdigest()}  {name}\n".encode()


# ------------------------------------------------------------------ engines


@dataclass
class Engine:
    """One engine's figures."""

    name: str
    load_s: float = 0.0
    triples: int = 0
    latency_ms: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.triples / self.load_s if self.load_s else 0.0


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (every thread, every worker)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def median_latency(
    run: Callable[[], list[tuple[str, ...]]], repeat: int
) -> tuple[float, list[Any]]:
    """Median seconds of ``repeat`` runs after one warm-up (fewer when a run is slow)."""
    first, rows = timed(run)
    times = []
    for _ in range(repeat if first < 2 else min(repeat, 3)):
        elapsed, rows = timed(run)
        times.append(elapsed)
    return statistics.median(times), rows


def normalise(rows: Any) -> list[tuple[str, ...]]:
    return sorted(tuple("" if v is None else str(v) for v in row) for row in rows)


def queries(pick: int, people: int) -> list[tuple[str, str, str]]:
    """(name, kind, bound SPARQL text) of the competency queries."""
    out = []
    for name, kind, params in QUERIES:
        q = load_query(name)
        values = {k: v.format(pick=pick, person=pick % people) for k, v in params.items()}
        out.append((name, kind, bind(q.text, values, declared=q.param_names)))
    return out


def bench_rdflib(
    graphs: Sequence[tuple[str, str]], qs: Any, repeat: int, store: str
) -> tuple[Engine, dict[str, Any]]:
    from rdflib import Graph

    name = (
        "rdflib Graph, memory" if store == "default" else "oxrdflib (rdflib on pyoxigraph), memory"
    )
    fmt = "turtle" if store == "default" else "ox-turtle"
    engine = Engine(name)
    graph = Graph(store=store)
    engine.load_s, _ = timed(lambda: [graph.parse(data=t, format=fmt) for _, t in graphs])
    engine.triples = len(graph)
    answers = {}
    for qname, _, text in qs:
        seconds, rows = median_latency(lambda text=text: normalise(graph.query(text)), repeat)
        engine.latency_ms[qname] = seconds * 1000
        engine.rows[qname] = len(rows)
        answers[qname] = rows
    return engine, answers


def bench_store(
    graphs: Sequence[tuple[str, str]], qs: Any, repeat: int, work: Path
) -> tuple[Engine, dict[str, Any]]:
    engine = Engine("pyoxigraph store (archive.query), disk")
    path = work / "store"

    def load() -> int:
        with GraphStore.open(path) as store:
            sink = StoreSink(store)
            count = 0
            for bag, turtle in graphs:
                data = parse_graph(turtle.encode("utf-8"), source=bag)
                count += data.triples
                sink.put(bag, data, parse_graph(b"", source=bag))
            sink.finish()
        return count

    cpu = cpu_seconds()
    engine.load_s, engine.triples = timed(load)
    engine.extra["load_cpu_s"] = cpu_seconds() - cpu
    engine.extra["reopen_s"], store = timed(lambda: open_store(path))
    answers: dict[str, Any] = {}
    for label in ("", " optimized"):
        for qname, _, text in qs:
            seconds, rows = median_latency(
                lambda store=store, text=text: normalise(run_query(store, text)), repeat
            )
            engine.latency_ms[qname + label] = seconds * 1000
            engine.rows[qname] = len(rows)
            answers[qname] = rows
        if not label:
            store.close()
            with GraphStore.open(path) as writable:
                engine.extra["optimize_s"], _ = timed(writable.optimize)
            store = open_store(path)
    store.close()
    return engine, answers


def bench_index(graphs: Sequence[tuple[str, str]], work: Path) -> dict[str, float]:
    """``archive index`` end to end: bags on disk, BagIt-checked, loaded; then a re-run."""
    bags = work / "bags"
    write_s, _ = timed(lambda: write_bags(bags, graphs))
    with GraphStore.open(work / "indexed") as store:
        cpu = cpu_seconds()
        first_s, outcomes = timed(lambda: list(index_bags(store, [bags])))
        index_cpu_s = cpu_seconds() - cpu
        again_s, again = timed(lambda: list(index_bags(store, [bags])))
    triples = sum(o.triples for o in outcomes)
    assert all(o.action == "added" for o in outcomes), {o.action for o in outcomes}
    assert all(o.action == "unchanged" for o in again), {o.action for o in again}
    return {
        "write_bags_s": write_s,
        "index_s": first_s,
        "index_cpu_s": index_cpu_s,
        "triples": triples,
        "reindex_s": again_s,
    }


# ------------------------------------------------------------------ report


def report(engines: list[Engine], index: dict[str, float], quick: bool) -> tuple[str, bool]:
    base, store = engines[0], engines[-1]
    lines = [
        "| measurement | " + " | ".join(e.name for e in engines) + " | target | met |",
        "|---|" + "---|" * (len(engines) + 2),
    ]
    ok = True

    def row(label: str, values: list[str], target: str, met: bool | None) -> None:
        nonlocal ok
        ok = ok and met is not False
        mark = "" if met is None else ("yes" if met else "NO")
        lines.append(f"| {label} | " + " | ".join(values) + f" | {target} | {mark} |")

    rate_ok = store.rate >= TARGETS["load_triples_per_s"]
    row("load (bulk write), triples/s", [f"{e.rate:,.0f}" for e in engines], "≥ 150,000", rate_ok)
    end_to_end = index["triples"] / index["index_s"]
    row(
        f"archive index end to end ({index['triples']:,.0f} triples in bags), triples/s",
        ["", *([""] * (len(engines) - 2)), f"{end_to_end:,.0f}"],
        "≥ 150,000",
        end_to_end >= TARGETS["load_triples_per_s"],
    )
    reopen = store.extra["reopen_s"]
    row("store reopen, s", ["", *([""] * (len(engines) - 2)), f"{reopen:.3f}"], "< 1", reopen < 1)
    for qname, kind, _ in QUERIES:
        ms = [e.latency_ms[qname] for e in engines]
        best = store.latency_ms[qname + " optimized"]  # archive index compacts after bulk loads
        speedup = base.latency_ms[qname] / best if best else float("inf")
        if kind == "selective":
            target = "< 10 ms, ≥ 10×"
            met = best < TARGETS["selective_ms"] and speedup >= TARGETS["selective_speedup"]
        else:
            target = "< 500 ms, ≥ 5×"
            met = best < TARGETS["collection_ms"] and speedup >= TARGETS["collection_speedup"]
        cells = [f"{m:,.1f}" for m in ms[:-1]]
        cells.append(
            f"{store.latency_ms[qname]:,.1f} / {store.latency_ms[qname + ' optimized']:,.1f} "
            f"({speedup:,.0f}×)"
        )
        row(f"{qname} ({kind}, {store.rows[qname]:,} rows), median ms", cells, target, met)
    lines.append("")
    lines.append(
        "Store query times: right after the bulk load / after compaction, which `archive index` "
        f"runs after loading many new bags (it took {store.extra['optimize_s']:.1f} s here and is "
        "part of the end-to-end figure); targets and speed-ups use the compacted store. "
        f"Writing the collection as bags took {index['write_bags_s']:.1f} s; re-indexing it "
        f"unchanged took {index['reindex_s']:.2f} s. CPU time (all threads and workers): "
        f"{store.extra['load_cpu_s']:.1f} s for the bulk write ({store.load_s:.1f} s), "
        f"{index['index_cpu_s']:.1f} s for `archive index` ({index['index_s']:.1f} s)."
    )
    if quick:
        lines.append("Quick mode: too small for the targets; the figures only show the run works.")
    return "\n".join(lines), ok


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bags", type=int, default=10_000, help="bags in the collection")
    parser.add_argument("--quick", action="store_true", help="200 bags, 3 repeats: a smoke test")
    parser.add_argument("--repeat", type=int, help="timed runs per query (default 7; quick 3)")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--no-oxrdflib", action="store_true", help="skip rdflib over pyoxigraph")
    args = parser.parse_args(argv)
    n = 200 if args.quick else args.bags
    repeat = args.repeat or (3 if args.quick else 7)
    pick = n // 2 + 42 if n > 100 else 1
    people = max(6, n * 3 // 10)  # each person flies about ten times
    graphs = [synthetic_bag(i, people) for i in range(n)]
    qs = queries(pick, people)
    engines: list[Engine] = []
    answers: list[dict[str, Any]] = []
    flavours = ["default"]
    if not args.no_oxrdflib:
        try:
            import oxrdflib  # noqa: F401

            flavours.append("Oxigraph")
        except ImportError:
            print("oxrdflib is not installed: skipped", file=sys.stderr)
    for flavour in flavours:
        engine, answer = bench_rdflib(graphs, qs, repeat, flavour)
        engines.append(engine)
        answers.append(answer)
        gc.collect()  # free that graph now, not during the next engine's timings
    with tempfile.TemporaryDirectory(prefix="archive-bench-") as tmp:
        engine, answer = bench_store(graphs, qs, repeat, Path(tmp))
        engines.append(engine)
        answers.append(answer)
        index = bench_index(graphs, Path(tmp))
    for engine, answer in zip(engines, answers, strict=True):
        for qname in answer:
            if answer[qname] != answers[-1][qname]:
                raise SystemExit(f"{engine.name} answers {qname} differently from the store")
    table, ok = report(engines, index, args.quick)
    print(f"{n:,} bags, {engines[0].triples:,} distinct triples; {os.cpu_count()} CPUs\n")
    print(table)
    if args.json:
        print(json.dumps({"bags": n, "engines": [vars(e) for e in engines], "index": index}))
    return 0 if ok or args.quick else 1


if __name__ == "__main__":
    raise SystemExit(main())
