"""Reasoning: derived triples for analysts, and the OWL consistency check.

Two different jobs, two different tools:

* :func:`derive` materialises what analysts should not have to spell out, with rules read from
  the ontology and run as SPARQL over Oxigraph (scales to millions of triples):
  super-classes (``rdfs:subClassOf``), super-properties (``rdfs:subPropertyOf``), inverses
  (``owl:inverseOf``), symmetric and transitive properties, SKOS ``broaderTransitive``, and the
  ``kg:earliestDate`` / ``kg:latestDate`` bounds of every OWL-Time node. This is the part of
  OWL 2 RL analysts' queries rely on; it is not a full OWL reasoner.
* :func:`check_consistency` runs HermiT (the build owlready2 ships) on the ontology plus the data's class and
  property assertions: it proves the ontology is consistent and has no unsatisfiable class, and
  catches data that breaks its axioms (a resource both an actor and a place, say). HermiT does not
  know ``xsd:date``, ``xsd:gYear(Month)`` or GeoSPARQL WKT, so literals of those types and range
  axioms naming them are left out of its input (see ../shared/TOOLS.md); nothing else is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError
from .loading import DERIVED_GRAPH, ONTOLOGY_GRAPH
from .namespaces import KG, PREFIXES
from .store import index_union, prefix_block

__all__ = ["derive", "DerivationReport", "check_consistency", "ConsistencyReport", "HERMIT_UNKNOWN_DATATYPES"]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PFX = prefix_block()


@dataclass
class DerivationReport:
    rounds: int = 0
    added: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.added.values())


def _pairs(store: ox.Store, query: str) -> list[tuple[ox.NamedNode, ...]]:
    rows = store.query(PFX + query, default_graph=ONTOLOGY_GRAPH)
    out = []
    for sol in rows:
        terms = tuple(sol[i] for i in range(len(rows.variables)))
        if all(isinstance(t, ox.NamedNode) for t in terms):
            out.append(terms)
    return out


def _values(pairs: list[tuple[ox.NamedNode, ...]], names: str) -> str:
    body = " ".join("(" + " ".join(str(t) for t in pair) + ")" for pair in pairs)
    return f"VALUES ({names}) {{ {body} }}"


def _rules(store: ox.Store) -> list[tuple[str, str]]:
    """(name, CONSTRUCT query) pairs, read from the ontology graph."""
    sub_class = _pairs(store, "SELECT DISTINCT ?c ?d WHERE { ?c rdfs:subClassOf+ ?d FILTER(?c != ?d) }")
    sub_prop = _pairs(store, "SELECT DISTINCT ?p ?q WHERE { ?p rdfs:subPropertyOf+ ?q FILTER(?p != ?q) }")
    inverse = _pairs(store, "SELECT DISTINCT ?p ?q WHERE { { ?p owl:inverseOf ?q } UNION { ?q owl:inverseOf ?p } }")
    symmetric = _pairs(store, "SELECT DISTINCT ?p WHERE { ?p a owl:SymmetricProperty }")
    transitive = _pairs(store, "SELECT DISTINCT ?p WHERE { ?p a owl:TransitiveProperty }")
    rules: list[tuple[str, str]] = []
    if sub_class:
        rules.append(("super-classes", f"CONSTRUCT {{ ?x a ?d }} WHERE {{ {_values(sub_class, '?c ?d')} ?x a ?c }}"))
    if sub_prop:
        rules.append(("super-properties", f"CONSTRUCT {{ ?s ?q ?o }} WHERE {{ {_values(sub_prop, '?p ?q')} ?s ?p ?o }}"))
    if inverse:
        rules.append(("inverses", f"CONSTRUCT {{ ?o ?q ?s }} WHERE {{ {_values(inverse, '?p ?q')} ?s ?p ?o }}"))
    if symmetric:
        rules.append(("symmetric", f"CONSTRUCT {{ ?o ?p ?s }} WHERE {{ {_values(symmetric, '?p')} ?s ?p ?o }}"))
    for (p,) in transitive:  # p+ walks the closure once (a join `?a p ?b . ?b p+ ?c` was 18x slower at 100k)
        rules.append(("transitive", f"CONSTRUCT {{ ?a {p} ?c }} WHERE {{ ?a {p}+ ?c }}"))
    rules.append(("skos-broader-transitive",
                  "CONSTRUCT { ?a skos:broaderTransitive ?c } WHERE { ?a skos:broader+ ?c }"))
    rules.append(("time-bounds", """
CONSTRUCT { ?t kg:earliestDate ?from . ?t kg:latestDate ?to } WHERE {
  { ?t time:inXSDDate ?d BIND(?d AS ?from) BIND(?d AS ?to) }
  UNION { ?t time:inXSDgYearMonth ?ym
          BIND(STRDT(CONCAT(STR(?ym), "-01"), xsd:date) AS ?from)
          BIND(SUBSTR(STR(?ym), 6, 2) AS ?m)
          BIND(xsd:integer(SUBSTR(STR(?ym), 1, 4)) AS ?y)
          BIND((?y - 4 * FLOOR(?y / 4) = 0 && ?y - 100 * FLOOR(?y / 100) != 0) || ?y - 400 * FLOOR(?y / 400) = 0 AS ?leap)
          BIND(IF(?m IN ("01","03","05","07","08","10","12"), "31", IF(?m = "02", IF(?leap, "29", "28"), "30")) AS ?last)
          BIND(STRDT(CONCAT(STR(?ym), "-", ?last), xsd:date) AS ?to) }
  UNION { ?t time:inXSDgYear ?year
          BIND(STRDT(CONCAT(STR(?year), "-01-01"), xsd:date) AS ?from)
          BIND(STRDT(CONCAT(STR(?year), "-12-31"), xsd:date) AS ?to) }
  UNION { ?t time:hasBeginning ?b . ?b kg:earliestDate ?from }
  UNION { ?t time:hasEnd ?e . ?e kg:latestDate ?to }
}"""))
    return rules


def derive(store: ox.Store, max_rounds: int = 20) -> DerivationReport:
    """Add the derived triples to ``graph:derived`` until nothing new comes (a fixpoint).

    The rules read the union of the named graphs, materialised once in the default graph
    (:func:`kg.store.index_union`); each new triple goes to ``graph:derived`` and to that union,
    which the store keeps as its query index afterwards (``KnowledgeGraph(store, indexed=True)``).
    """
    report = DerivationReport()
    rules = _rules(store)
    index_union(store)
    for round_no in range(1, max_rounds + 1):
        new_total = 0
        for name, query in rules:
            try:
                triples = set(store.query(PFX + query))
            except SyntaxError as exc:  # a rule built from a broken ontology term
                raise KgError(f"derivation rule {name} failed: {exc}") from None
            fresh = [t for t in triples if not _present(store, t)]
            if fresh:
                store.extend([ox.Quad(t.subject, t.predicate, t.object, g)
                              for t in fresh for g in (DERIVED_GRAPH, ox.DefaultGraph())])
                report.added[name] = report.added.get(name, 0) + len(fresh)
                new_total += len(fresh)
        report.rounds = round_no
        if new_total == 0:
            break
    return report


def _present(store: ox.Store, t: ox.Triple) -> bool:
    return next(iter(store.quads_for_pattern(t.subject, t.predicate, t.object, ox.DefaultGraph())), None) is not None


# --------------------------------------------------------------------------- HermiT

XSD = "http://www.w3.org/2001/XMLSchema#"
#: Datatypes outside the OWL 2 datatype map, which HermiT rejects.
HERMIT_UNKNOWN_DATATYPES = {
    XSD + "date", XSD + "gYear", XSD + "gYearMonth", XSD + "gMonth", XSD + "gDay", XSD + "duration",
    "http://www.opengis.net/ont/geosparql#wktLiteral",
}
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#: Reification vocabulary: statements are annotations of facts, not OWL axioms.
_SKIP_PREDICATES = {_RDF + "subject", _RDF + "predicate", _RDF + "object"}
_RDFS_RANGE = "http://www.w3.org/2000/01/rdf-schema#range"


@dataclass
class ConsistencyReport:
    consistent: bool
    unsatisfiable: list[str]
    triples_checked: int
    triples_left_out: int
    message: str = ""


def _hermit_input(quads) -> tuple[list[ox.Triple], int]:
    kept, dropped = [], 0
    for q in quads:
        o = q.object
        if q.predicate.value in _SKIP_PREDICATES:
            dropped += 1
            continue
        if isinstance(o, ox.Literal) and o.datatype.value in HERMIT_UNKNOWN_DATATYPES:
            dropped += 1
            continue
        if q.predicate.value == _RDFS_RANGE and isinstance(o, ox.NamedNode) and o.value in HERMIT_UNKNOWN_DATATYPES:
            dropped += 1
            continue
        if q.predicate.value == RDF_TYPE and o.value == _RDF + "Statement":
            dropped += 1
            continue
        kept.append(ox.Triple(q.subject, q.predicate, q.object))
    return kept, dropped


def _hermit_command() -> list[str]:
    """HermiT as owlready2 ships it, run on the JVM directly with the flags we need."""
    import owlready2
    jar_dir = Path(owlready2.__file__).parent / "hermit"
    java = os.environ.get("KG_JAVA") or shutil.which("java")
    if not java:
        raise KgError("HermiT needs Java (java not found on PATH): install a JRE, e.g. apt-get install default-jre-headless")
    # C1-only JIT and the serial GC: HermiT runs are short, so JVM warm-up dominates.
    return [java, "-Xmx2000M", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", f"{jar_dir}{os.pathsep}{jar_dir / 'HermiT.jar'}",
            "org.semanticweb.HermiT.cli.CommandLine"]


def check_consistency(quads, ontology_quads=None, timeout: float = 300.0) -> ConsistencyReport:
    """Run HermiT on the given quads (ontology + asserted data). Needs Java on the PATH.

    ``ontology_quads`` are the ontology's own (for the unsatisfiable-class check); by default the
    quads of ``graph:ontology``.

    Two HermiT runs in parallel, on the JVM directly (owlready2's ``sync_reasoner_hermit`` also
    realises every individual, which costs ~5 s on the note for nothing we use):
    ``-k`` checks the consistency of ontology + data; ``-U`` lists the unsatisfiable classes of the
    ontology part (an ABox without nominals cannot make a class unsatisfiable).
    """
    quads = list(quads)
    kept, dropped = _hermit_input(quads)
    if ontology_quads is None:  # the ontology is the graph:ontology part of the quads
        ontology_quads = [q for q in quads if q.graph_name == ONTOLOGY_GRAPH]
    tbox, _ = _hermit_input(ontology_quads)
    command = _hermit_command()
    with tempfile.TemporaryDirectory(prefix="kg-hermit-") as tmp:
        everything, ontology = Path(tmp) / "all.nt", Path(tmp) / "ontology.nt"
        everything.write_bytes(ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES) or b"")
        ontology.write_bytes(ox.serialize(tbox, format=ox.RdfFormat.N_TRIPLES) or b"")
        runs = [subprocess.Popen(command + [flag, path.as_uri()], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for flag, path in (("-k", everything), ("-U", ontology))]
        try:
            (k_out, k_err), (u_out, u_err) = (r.communicate(timeout=timeout) for r in runs)
        except subprocess.TimeoutExpired:
            for r in runs:
                r.kill()
            raise KgError(f"HermiT did not finish within {timeout:.0f} s") from None
    if "Inconsistent ontology" in k_err or "is not satisfiable" in k_out:
        return ConsistencyReport(False, [], len(kept), dropped, "HermiT: the ontology and data are inconsistent")
    if "is satisfiable" not in k_out or "owl:Nothing" not in u_out:
        detail = ((k_err or u_err).strip().splitlines() or ["no output"])[0]
        raise KgError(f"HermiT could not run: {detail}")
    unsat = sorted(line.strip().strip("<>") for line in u_out.splitlines()
                   if line.startswith("\t") and line.strip() != "owl:Nothing")
    return ConsistencyReport(not unsat, unsat, len(kept), dropped,
                             "" if not unsat else "unsatisfiable classes: " + ", ".join(unsat))
