"""Namespaces of the project and of the vocabularies it reuses (see docs/modelling.md)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SDO, SH, SKOS, TIME, XSD, FOAF

BASE = "https://w3id.org/sahel-kg/"

KG = Namespace(BASE + "ontology/")
KGT = Namespace(BASE + "taxonomy/")
ACLED = Namespace(BASE + "ref/acled/")
PLOVER = Namespace(BASE + "ref/plover/")
KGSH = Namespace(BASE + "shapes/")
KGQ = Namespace(BASE + "query/")
GRAPH = Namespace(BASE + "graph/")
SOURCE = Namespace(BASE + "id/source/")
ACTOR = Namespace(BASE + "id/actor/")
PLACE = Namespace(BASE + "id/place/")
EVENT = Namespace(BASE + "id/event/")
DATE = Namespace(BASE + "id/time/")
CLAIM = Namespace(BASE + "id/claim/")
FIGURE = Namespace(BASE + "id/figure/")
STMT = Namespace(BASE + "id/statement/")
EVIDENCE = Namespace(BASE + "id/evidence/")
ASSESSMENT = Namespace(BASE + "id/assessment/")
GEOM = Namespace(BASE + "id/geometry/")

OA = Namespace("http://www.w3.org/ns/oa#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")

#: Prefixes declared in every serialisation and in every query (order is the order of output).
PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgt": str(KGT),
    "acled": str(ACLED),
    "plover": str(PLOVER),
    "kgsh": str(KGSH),
    "kgq": str(KGQ),
    "graph": str(GRAPH),
    "source": str(SOURCE),
    "actor": str(ACTOR),
    "place": str(PLACE),
    "event": str(EVENT),
    "date": str(DATE),
    "claim": str(CLAIM),
    "figure": str(FIGURE),
    "stmt": str(STMT),
    "evidence": str(EVIDENCE),
    "assessment": str(ASSESSMENT),
    "geom": str(GEOM),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "oa": str(OA),
    "time": str(TIME),
    "geo": str(GEO),
    "dcterms": str(DCTERMS),
    "schema": str(SDO),
    "foaf": str(FOAF),
    "sh": str(SH),
}

__all__ = [
    "BASE", "KG", "KGT", "ACLED", "PLOVER", "KGSH", "KGQ", "GRAPH", "SOURCE", "ACTOR", "PLACE",
    "EVENT", "DATE", "CLAIM", "FIGURE", "STMT", "EVIDENCE", "ASSESSMENT", "GEOM", "OA", "GEO",
    "PREFIXES",
]
