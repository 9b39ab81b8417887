"""The saved-query catalogue as RDF, in the form SIB's sparql-examples use.

Each query becomes ``kgq:<name>`` typed ``sh:SPARQLExecutable`` and ``sh:SPARQLSelectExecutable``,
with ``rdfs:label`` (title), ``rdfs:comment`` (the question, @en and @fr), ``schema:keywords``
(tags), ``sh:select`` (the query text) and ``sh:prefixes`` declarations.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SDO, SH, XSD

from .namespaces import BASE, KG, KGQ, PREFIXES
from .queries import SavedQuery

__all__ = ["catalogue_graph"]


def catalogue_graph(catalogue: dict[str, SavedQuery]) -> Graph:
    g = Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns, override=True, replace=True)
    decl = URIRef(BASE + "query/prefixes")
    for p, ns in PREFIXES.items():
        node = URIRef(f"{BASE}query/prefixes/{p}")
        g.add((decl, SH.declare, node))
        g.add((node, SH.prefix, Literal(p)))
        g.add((node, SH.namespace, Literal(ns, datatype=XSD.anyURI)))
    for sq in catalogue.values():
        q = KGQ[sq.name]
        g.add((q, RDF.type, SH.SPARQLExecutable))
        g.add((q, RDF.type, SH.SPARQLSelectExecutable))
        g.add((q, RDFS.label, Literal(sq.title, lang="en")))
        g.add((q, RDFS.comment, Literal(sq.question, lang="en")))
        if sq.question_fr:
            g.add((q, RDFS.comment, Literal(sq.question_fr, lang="fr")))
        for tag in sq.tags:
            g.add((q, SDO.keywords, Literal(tag)))
        g.add((q, SH.select, Literal(sq.text)))
        g.add((q, SH.prefixes, decl))
        for p in sq.params:
            node = URIRef(f"{q}/param/{p.name}")
            g.add((q, KG.queryParameter, node))
            g.add((node, RDFS.label, Literal(p.name)))
            g.add((node, SDO.description, Literal(p.description, lang="en")))
            g.add((node, KG.parameterType, Literal(p.type)))
            if p.default is not None:
                g.add((node, SDO.defaultValue, Literal(p.default)))
    return g
