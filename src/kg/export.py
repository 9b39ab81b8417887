"""``kg export``: the built graph in Turtle, JSON-LD, N-Triples, N-Quads, TriG or RDF/XML.

Triple formats (Turtle, N-Triples, RDF/XML, JSON-LD) merge the graphs; TriG and N-Quads keep each
source's facts in its own named graph. JSON-LD is compacted with the context we ship
(``ontology/context.jsonld``, generated from the ontology by :func:`make_context`), so a web
developer reads plain keys (``"factionOf": "actor:jnim"``).
Serialisation runs on Oxigraph (fast at scale); output is sorted, so the same graph gives the same file.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Sequence

import pyoxigraph as ox

from .errors import KgError
from .files import atomic_writer
from .loading import DERIVED_GRAPH, ONTOLOGY_GRAPH
from .namespaces import KG, PREFIXES
from .store import KnowledgeGraph

__all__ = ["EXPORT_FORMATS", "export", "serialize", "make_context", "RDFLIB_FORMAT"]

EXPORT_FORMATS = ("turtle", "json-ld", "nt", "nquads", "trig", "xml")
#: The rdflib parser name of each export format (for round-trips and for users).
RDFLIB_FORMAT = {"turtle": "turtle", "json-ld": "json-ld", "nt": "nt", "nquads": "nquads", "trig": "trig", "xml": "xml"}
_OX = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
       "trig": ox.RdfFormat.TRIG, "xml": ox.RdfFormat.RDF_XML}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
OWL = "http://www.w3.org/2002/07/owl#"


def _sorted_quads(kg: KnowledgeGraph, graphs: Sequence[ox.NamedNode] | None) -> list[ox.Quad]:
    return sorted(kg.quads(graphs), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))


def _triples(quads: list[ox.Quad]) -> list[ox.Triple]:
    seen, out = set(), []
    for q in sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object))):
        t = ox.Triple(q.subject, q.predicate, q.object)
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def select_graphs(kg: KnowledgeGraph, include_ontology: bool = True, include_derived: bool = True) -> list[ox.NamedNode]:
    return [g for g in kg.graphs()
            if (include_ontology or g != ONTOLOGY_GRAPH) and (include_derived or g != DERIVED_GRAPH)]


def serialize(kg: KnowledgeGraph, fmt: str, context: dict | None = None,
              graphs: Sequence[ox.NamedNode] | None = None) -> bytes:
    if fmt not in EXPORT_FORMATS:
        raise KgError(f"unknown export format {fmt!r}: choose {', '.join(EXPORT_FORMATS)}")
    if fmt == "json-ld":  # _jsonld sorts subjects, keys and values itself: only duplicates matter here
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in kg.quads(graphs)}
        return _jsonld(triples, context or {"@context": {}}).encode("utf-8")
    quads = _sorted_quads(kg, graphs)
    if fmt in ("trig", "nquads"):
        data = ox.serialize(quads, format=_OX[fmt], prefixes=PREFIXES if fmt == "trig" else None)
    elif fmt == "turtle":
        data = ox.serialize(_triples(quads), format=_OX[fmt], prefixes=PREFIXES)
    else:
        data = ox.serialize(_triples(quads), format=_OX[fmt])
    return data or b""


def export(kg: KnowledgeGraph, fmt: str, out: Path | None, context: dict | None = None,
           graphs: Sequence[ox.NamedNode] | None = None) -> bytes:
    """Serialise and (if ``out``) write atomically; returns the bytes."""
    data = serialize(kg, fmt, context, graphs)
    if out is not None:
        with atomic_writer(Path(out), "wb") as fh:
            fh.write(data)
    return data


# ----------------------------------------------------------------------------- JSON-LD

def make_context(ontology: KnowledgeGraph) -> dict:
    """The JSON-LD context: our prefixes, and a plain key for every property of the ontology.

    Object properties are coerced to ``@id`` so their values read as ``"actor:jnim"``; a key is the
    property's local name (``kg:factionOf`` → ``factionOf``); external properties keep prefixed keys.
    """
    ctx: dict[str, object] = {p: ns for p, ns in PREFIXES.items()}
    ctx["id"] = "@id"
    ctx["type"] = "@type"
    rows = ontology.store.query(
        "SELECT ?p ?t WHERE { VALUES ?t { <%sObjectProperty> <%sDatatypeProperty> <%sAnnotationProperty> } ?p a ?t }"
        % (OWL, OWL, OWL), default_graph=ONTOLOGY_GRAPH)
    kinds: dict[str, str] = {}
    for sol in rows:
        kinds[sol["p"].value] = sol["t"].value
    kg_ns = str(KG)
    for iri in sorted(kinds):
        if not iri.startswith(kg_ns):
            continue
        local = iri[len(kg_ns):]
        if local in ctx or local in PREFIXES:  # a key that would shadow a prefix keeps its prefixed form
            continue
        entry: dict[str, str] = {"@id": f"kg:{local}"}
        if kinds[iri] == OWL + "ObjectProperty":
            entry["@type"] = "@id"
        ctx[local] = entry
    ctx["label"] = {"@id": "rdfs:label"}
    return {"@context": ctx}


def _compact_iri(iri: str) -> str:
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{p}:{iri[len(ns):]}"
    return iri


def _jsonld(triples: Iterable[ox.Triple], context: dict) -> str:
    """Compacted JSON-LD: one node object per subject, subjects, keys and values sorted.

    Written one node per line: the C JSON encoder does a line at a time, where ``indent`` would fall
    back to the pure-Python one (twice the time of everything else at 100k triples).
    """
    ctx = context.get("@context", {})
    # key → (iri, coerced-to-id?)
    terms: dict[str, tuple[str, bool]] = {}
    for key, value in ctx.items():
        if isinstance(value, dict) and "@id" in value:
            iri = value["@id"]
            prefix, _, local = iri.partition(":")
            full = ctx[prefix] + local if isinstance(ctx.get(prefix), str) else iri
            terms[full] = (key, value.get("@type") == "@id")
    compacted: dict[str, str] = {}  # the same IRIs recur (classes, properties, shared resources)

    def compact(iri: str) -> str:
        short = compacted.get(iri)
        if short is None:
            short = compacted[iri] = _compact_iri(iri)
        return short

    def node_ref(t: object) -> str:
        return ("_:" + t.value) if isinstance(t, ox.BlankNode) else compact(t.value)

    def value_obj(o: object) -> object:
        if isinstance(o, (ox.NamedNode, ox.BlankNode)):
            return {"@id": node_ref(o)}
        if o.language:
            return {"@value": o.value, "@language": o.language}
        if o.datatype.value == XSD_STRING:
            return o.value
        return {"@value": o.value, "@type": compact(o.datatype.value)}

    def value_key(v: object) -> str:
        return json.dumps(v, sort_keys=True, ensure_ascii=False)

    by_subject: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        by_subject[node_ref(t.subject)][t.predicate.value].append(t.object)
    lines = []
    for s in sorted(by_subject):
        node: dict[str, object] = {"id": s}
        props = by_subject[s]
        if RDF_TYPE in props and all(isinstance(o, ox.NamedNode) for o in props[RDF_TYPE]):
            types = sorted(compact(o.value) for o in props.pop(RDF_TYPE))
            node["type"] = types[0] if len(types) == 1 else types
        for p in sorted(props):
            values = props[p]
            key, as_id = terms.get(p, (None, False))
            if key and as_id and all(isinstance(o, (ox.NamedNode, ox.BlankNode)) for o in values):
                vals = sorted(node_ref(o) for o in values)
            else:
                key = key if key and not as_id else compact(p)
                vals = [value_obj(o) for o in values]
                if len(vals) > 1:
                    vals.sort(key=value_key)
            node[key] = vals[0] if len(vals) == 1 else vals
        lines.append(json.dumps(node, ensure_ascii=False))
    head = json.dumps({"@context": ctx}, indent=1, ensure_ascii=False)[:-2]  # without the closing "\n}"
    return head + ',\n "@graph": [\n' + ",\n".join(lines) + "\n ]\n}\n"
