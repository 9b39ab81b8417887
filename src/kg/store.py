"""The store abstraction every command goes through.

:class:`KnowledgeGraph` holds the graph (an in-memory Oxigraph store with one named graph per
source, the ontology and the derived triples). Queries run through an :class:`Engine`:

* :class:`OxigraphEngine` — the default embedded engine (Rust, fast at scale);
* :class:`RdflibEngine` — rdflib's own SPARQL engine, the baseline and a second opinion;
* :class:`kg.remote.RemoteEngine` — any SPARQL 1.1 endpoint.

All engines return a :class:`ResultTable` of rdflib terms, so output and tests never depend on
which engine answered. The query's default graph is the union of all named graphs.

On Oxigraph that union is *materialised*: :func:`index_union` copies every distinct triple of the
named graphs into the store's default graph once, and queries run on that default graph. Oxigraph's
own ``use_default_graph_as_union`` gives one solution per named graph holding a triple (a multiset),
so every join through a resource restated by many notes multiplied the work (a query that took over
60 s at 100k triples takes 0.1 s on the materialised union, same rows; benchmarks/RESULTS.md). The
default graph of a :class:`KnowledgeGraph` is therefore an index, never data: iteration, counts and
every output skip it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Protocol, Sequence

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import KgError
from .namespaces import PREFIXES

__all__ = [
    "ResultTable", "Engine", "OxigraphEngine", "RdflibEngine", "KnowledgeGraph",
    "to_rdflib", "to_oxigraph", "prefix_block", "index_union",
]

#: Copies every distinct triple of the named graphs into the default graph (a set: duplicates vanish).
INDEX_UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def index_union(store: ox.Store) -> None:
    """Make ``store``'s default graph hold the union of its named graphs, each distinct triple once."""
    store.update(INDEX_UNION)


def to_rdflib(term: object) -> Node | None:
    """Convert a pyoxigraph term to the equal rdflib term (lexical forms kept as they are)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt), normalize=False)
    raise TypeError(f"unsupported term {term!r}")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported term {term!r}")


def prefix_block(prefixes: dict[str, str] = PREFIXES, newline: str = "\n") -> str:
    """PREFIX declarations; with ``newline=" "`` they fit on one line, so error line numbers stay right."""
    return "".join(f"PREFIX {p}: <{ns}>{newline}" for p, ns in prefixes.items())


@dataclass
class ResultTable:
    """Rows of a SELECT query: ``columns`` are variable names, ``rows`` tuples of rdflib terms or None."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]]

    def as_dicts(self) -> list[dict[str, Node | None]]:
        return [dict(zip(self.columns, r)) for r in self.rows]


class Engine(Protocol):
    name: str

    def select(self, query: str) -> ResultTable: ...

    def ask(self, query: str) -> bool: ...


def _syntax(engine: str, exc: Exception) -> KgError:
    msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if len(msg) > 160:
        msg = msg[:157] + "…"
    return KgError(f"SPARQL error ({engine}): {msg}")


class OxigraphEngine:
    """SPARQL on the embedded Oxigraph store's default graph.

    For a :class:`KnowledgeGraph` that default graph is the materialised union of its named graphs
    (see :func:`index_union`); for a store of merged asserted data (``kg validate``) it is that data.
    """

    name = "oxigraph"

    def __init__(self, store: ox.Store) -> None:
        self.store = store

    def _run(self, query: str):
        try:
            return self.store.query(query)
        except SyntaxError as exc:
            raise _syntax(self.name, exc) from None

    def select(self, query: str) -> ResultTable:
        result = self._run(query)
        if not isinstance(result, ox.QuerySolutions):
            raise KgError("not a SELECT query: use a SELECT query here (CONSTRUCT/ASK are not tables)")
        columns = [v.value for v in result.variables]
        # Result rows repeat the same terms (classes, labels, units, the parameter): each distinct term
        # is converted once (a third to a half of the time of a 500-row answer at 100k triples).
        converted: dict[object, Node | None] = {}

        def convert(term: object) -> Node | None:
            if term is None:
                return None
            node = converted.get(term)
            if node is None:
                node = converted[term] = to_rdflib(term)
            return node

        try:
            # A solution iterates over its values in the order of ``result.variables`` (None when
            # unbound), which is quicker than looking each variable up by name.
            rows = [tuple(map(convert, sol)) for sol in result]
        except OSError as exc:
            raise _syntax(self.name, exc) from None
        return ResultTable(columns, rows)

    def ask(self, query: str) -> bool:
        result = self._run(query)
        return bool(result)


class RdflibEngine:
    """rdflib's own SPARQL engine over the same quads (baseline; slow beyond ~10k triples)."""

    name = "rdflib"

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def _run(self, query: str):
        try:
            return self.dataset.query(query)
        except Exception as exc:  # rdflib raises pyparsing errors and others for bad queries
            raise _syntax(self.name, exc) from None

    def select(self, query: str) -> ResultTable:
        result = self._run(query)
        if result.type != "SELECT":
            raise KgError("not a SELECT query: use a SELECT query here (CONSTRUCT/ASK are not tables)")
        columns = [str(v) for v in result.vars]
        rows = [tuple(row[i] if i < len(row) else None for i in range(len(columns))) for row in result]
        return ResultTable(columns, rows)

    def ask(self, query: str) -> bool:
        return bool(self._run(query).askAnswer)


class KnowledgeGraph:
    """The graph: Oxigraph quads with named graphs, convertible to rdflib where a library needs it.

    ``indexed`` says the store's default graph already holds the union of the named graphs (as
    :func:`kg.reasoning.derive` leaves it); otherwise the first Oxigraph query builds it. Either way
    the default graph is then an index: :meth:`quads`, ``len`` and every output leave it out.
    """

    def __init__(self, store: ox.Store, indexed: bool = False) -> None:
        self.store = store
        self.indexed = indexed

    @classmethod
    def from_nquads(cls, path: Path) -> "KnowledgeGraph":
        store = ox.Store()
        try:
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, OSError) as exc:
            raise KgError(f"{path}: cannot load: {str(exc).splitlines()[0]}") from None
        return cls(store)

    def __len__(self) -> int:
        if not self.indexed:
            return len(self.store)
        index = next(iter(self.store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"]
        return len(self.store) - int(index.value)

    def graphs(self) -> list[ox.NamedNode]:
        return sorted((g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)), key=lambda g: g.value)

    def quads(self, graphs: Sequence[ox.NamedNode] | None = None) -> Iterable[ox.Quad]:
        if graphs is None:
            if self.indexed:
                yield from (q for q in self.store if not isinstance(q.graph_name, ox.DefaultGraph))
            else:
                yield from self.store
        else:
            for g in graphs:
                yield from self.store.quads_for_pattern(None, None, None, g)

    def engine(self, name: str = "oxigraph") -> Engine:
        if name == "oxigraph":
            if not self.indexed:
                index_union(self.store)
                self.indexed = True
            return OxigraphEngine(self.store)
        if name == "rdflib":
            return RdflibEngine(self.to_rdflib_dataset())
        raise KgError(f"unknown engine {name!r}: choose oxigraph or rdflib (or --endpoint URL)")

    def to_rdflib_graph(self, graphs: Sequence[ox.NamedNode] | None = None) -> Graph:
        """All (or some) graphs merged into one rdflib Graph, parsed from N-Triples (fast path)."""
        g = Graph()
        for p, ns in PREFIXES.items():
            g.bind(p, ns, override=True, replace=True)
        data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in self.quads(graphs)),
                            format=ox.RdfFormat.N_TRIPLES)
        if data:
            g.parse(data=data.decode("utf-8"), format="nt")
        return g

    def to_rdflib_dataset(self) -> Dataset:
        ds = Dataset(default_union=True)
        for p, ns in PREFIXES.items():
            ds.bind(p, ns, override=True, replace=True)
        data = ox.serialize(self.quads(), format=ox.RdfFormat.N_QUADS)
        if data:
            ds.parse(data=data.decode("utf-8"), format="nquads")
        return ds
