"""The `kg` command: build, validate, query, export, and every bad input a user can cause."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from conftest import ROOT, run_cli

NOTE_DIR = Path("data/triples/dakartimes-2025-09-15-jnim-kayes")


# ----------------------------------------------------------------------------- build

def test_build_prints_a_summary_and_writes_the_graph(project_copy, capsys):
    code, out, err = run_cli(capsys, "build")
    assert code == 0, err
    assert "Built" in out and "triples" in out
    assert "events:" in out and "sources: 1" in out
    assert (project_copy.root / "build" / "kg.nq").stat().st_size > 0
    assert (project_copy.root / "build" / "summary.json").is_file()


def test_rebuild_is_byte_identical(project_copy, capsys, tmp_path):
    assert run_cli(capsys, "build", "--out", str(tmp_path / "a"))[0] == 0
    assert run_cli(capsys, "build", "--out", str(tmp_path / "b"))[0] == 0
    for name in ("kg.nq", "summary.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_blank_nodes_get_content_labels_and_the_rebuild_stays_identical(project_copy, capsys, tmp_path):
    (project_copy.root / NOTE_DIR / "zz-blank.ttl").write_text(
        '@prefix actor: <https://w3id.org/sahel-kg/id/actor/> .\n'
        '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
        'actor:jnim rdfs:seeAlso [ rdfs:label "an anonymous note" ] .\n', encoding="utf-8")
    assert run_cli(capsys, "build", "--out", str(tmp_path / "a"))[0] == 0
    assert run_cli(capsys, "build", "--out", str(tmp_path / "b"))[0] == 0
    a, b = (tmp_path / "a" / "kg.nq").read_bytes(), (tmp_path / "b" / "kg.nq").read_bytes()
    assert a == b
    blank = [line for line in a.decode("utf-8").splitlines() if "_:" in line]
    assert len(blank) == 2 and all("_:b" in line and "jnim-kayes>" in line for line in blank)


def test_a_triple_restated_by_two_notes_is_one_row_but_both_graphs_keep_it(project_copy, capsys):
    second = project_copy.root / "data" / "triples" / "second-note"
    second.mkdir()
    (second / "actors.ttl").write_text(
        '@prefix actor: <https://w3id.org/sahel-kg/id/actor/> .\n'
        '@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
        'actor:jnim rdfs:label "JNIM (Jama\'at Nusrat al-Islam wal-Muslimin)"@en .\n', encoding="utf-8")
    assert run_cli(capsys, "build")[0] == 0
    for engine in ("oxigraph", "rdflib"):
        code, out, err = run_cli(capsys, "sparql", "--engine", engine, "--format", "tsv",
                                 "SELECT ?label WHERE { actor:jnim rdfs:label ?label FILTER(LANG(?label) = 'en') }")
        assert code == 0, err
        assert out.splitlines()[1:] == ['"JNIM (Jama\'at Nusrat al-Islam wal-Muslimin)"@en'], engine
        code, out, err = run_cli(capsys, "sparql", "--engine", engine, "--format", "tsv",
                                 "SELECT ?g WHERE { GRAPH ?g { actor:jnim rdfs:label ?label FILTER(LANG(?label) = 'en') } } ORDER BY ?g")
        assert out.splitlines()[1:] == ["<https://w3id.org/sahel-kg/graph/dakartimes-2025-09-15-jnim-kayes>",
                                        "<https://w3id.org/sahel-kg/graph/second-note>"], engine
    # the union index is never written out: every line of the build is in a named graph
    nq = (project_copy.root / "build" / "kg.nq").read_text(encoding="utf-8").splitlines()
    assert all(line.rstrip(" .").endswith(">") and line.count(" <https://w3id.org/sahel-kg/graph/") >= 1
               for line in nq)


def test_build_derives_inverses_containment_and_superclasses(built):
    from kg.namespaces import ACTOR, KG, PLACE
    from rdflib import URIRef
    engine = built.engine()
    assert engine.ask(f"ASK {{ <{ACTOR['jnim']}> <{KG.hasFaction}> <{ACTOR['katiba-macina']}> }}")
    assert engine.ask(f"ASK {{ <{ACTOR['katiba-macina']}> a <{KG.ArmedGroup}> }}")
    assert engine.ask(f"ASK {{ <{ACTOR['jnim']}> a <http://www.w3.org/ns/prov#Agent> }}")
    # transitive containment: a town in the Kayes region is in Mali once the region is
    assert engine.ask(f"ASK {{ <{PLACE['diboli']}> <{KG.locatedIn}> <{PLACE['mali']}> }}")
    assert engine.ask(f"ASK {{ <{PLACE['mali']}> <{KG.contains}> <{PLACE['diboli']}> }}")
    # every event date gets sortable bounds
    assert not engine.select(
        f"SELECT ?e WHERE {{ ?e a <{KG.Event}> ; <{KG.time}> ?t FILTER NOT EXISTS {{ ?t <{KG.earliestDate}>|<{KG.latestDate}> ?d }} }}").rows


def test_malformed_turtle_names_file_and_line(project_copy, capsys):
    f = project_copy.root / NOTE_DIR / "actors.ttl"
    lines = f.read_text(encoding="utf-8").splitlines()
    lines.insert(len(lines) // 2, 'actor:broken rdfs:label "unterminated .')
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "build")
    assert code == 2
    assert err.startswith(f"kg: error: {NOTE_DIR}/actors.ttl:")
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (project_copy.root / "build" / "kg.nq").exists()


def test_unknown_prefix_is_reported(project_copy, capsys):
    f = project_copy.root / NOTE_DIR / "places.ttl"
    f.write_text(f.read_text(encoding="utf-8") + "\nnowhere:x a kg:Place .\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", "--no-reasoner")
    assert code == 2
    assert "places.ttl:" in err and "nowhere:" in err and "not been declared" in err


def test_failed_build_keeps_the_previous_output(project_copy, capsys):
    assert run_cli(capsys, "build")[0] == 0
    nq = project_copy.root / "build" / "kg.nq"
    before = nq.read_bytes()
    f = project_copy.root / NOTE_DIR / "events.ttl"
    f.write_text(f.read_text(encoding="utf-8") + "\n@@@\n", encoding="utf-8")
    assert run_cli(capsys, "build")[0] == 2
    assert nq.read_bytes() == before
    assert not [p for p in nq.parent.iterdir() if p.name.endswith(".tmp")]


# ----------------------------------------------------------------------------- validate

def test_validate_passes_on_the_note(capsys):
    code, out, err = run_cli(capsys, "validate")
    assert code == 0, out[-3000:]
    assert "Result: conforms" in out
    assert "consistent, no unsatisfiable class" in out


def test_validate_reports_violations_by_rule_with_file(project_copy, capsys):
    f = project_copy.root / NOTE_DIR / "events.ttl"
    f.write_text(f.read_text(encoding="utf-8") + """
event:test-broken a kg:Event ;
    rdfs:label "Broken test event"@en , "Événement de test"@fr .
""", encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", "--no-reasoner")
    assert code == 1
    assert "Violation: kgsh:" in out
    assert "event:test-broken" in out
    assert f"[{NOTE_DIR}/events.ttl]" in out
    code, out, _ = run_cli(capsys, "validate", "--no-reasoner", "--format", "json")
    import json
    report = json.loads(out)
    assert code == 1 and report["conforms"] is False
    assert any(f["resource"] == "event:test-broken" and f["file"].endswith("events.ttl") for f in report["findings"])


def test_validate_catches_a_quote_that_does_not_match(project_copy, capsys):
    f = project_copy.root / NOTE_DIR / "events.ttl"
    text = f.read_text(encoding="utf-8")
    import re
    m = re.search(r"oa:start (\d+)", text)
    text = text[: m.start(1)] + str(int(m.group(1)) + 1) + text[m.end(1):]
    f.write_text(text, encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate", "--no-reasoner")
    assert code == 1
    assert "evidence-quote" in out and "not the quote" in out


def test_validate_catches_an_inconsistency_with_hermit(project_copy, capsys):
    f = project_copy.root / NOTE_DIR / "actors.ttl"
    f.write_text(f.read_text(encoding="utf-8") + "\nactor:jnim a kg:Place .\n", encoding="utf-8")
    code, out, _ = run_cli(capsys, "validate")
    assert code == 1
    assert "owl-consistency" in out and "inconsistent" in out


# ----------------------------------------------------------------------------- query / sparql

def test_unknown_query_name_suggests_close_names(capsys):
    code, out, err = run_cli(capsys, "query", "timelin")
    assert code == 2
    assert "unknown query 'timelin'" in err and "did you mean" in err and "timeline" in err


def test_adhoc_sparql_with_bound_parameter(capsys):
    code, out, err = run_cli(capsys, "sparql", "SELECT ?label WHERE { ?_who rdfs:label ?label FILTER(LANG(?label) = 'en') }",
                             "--param", "who=actor:jnim", "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[0] == "label" and len(out.splitlines()) == 2


def test_sparql_syntax_error_is_one_line(capsys):
    code, _, err = run_cli(capsys, "sparql", "SELECT ?x WHERE { ?x ?y }")
    assert code == 2 and err.startswith("kg: error: SPARQL error") and len(err.strip().splitlines()) == 1


def test_bad_param_syntax(capsys):
    code, _, err = run_cli(capsys, "sparql", "SELECT ?x WHERE { ?x ?y ?z }", "--param", "novalue")
    assert code == 2 and "bad --param 'novalue'" in err


# ----------------------------------------------------------------------------- export

FORMATS = ["turtle", "json-ld", "nt", "nquads", "trig", "xml"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trips(fmt, built, tmp_path, capsys, project):
    import json
    from kg.export import RDFLIB_FORMAT, export
    ctx = json.loads(project.context_jsonld.read_text(encoding="utf-8"))
    out = tmp_path / f"graph.{fmt}"
    export(built, fmt, out, ctx)
    if fmt in ("trig", "nquads"):
        got = Dataset()
        got.parse(out, format=RDFLIB_FORMAT[fmt])
        want = built.to_rdflib_dataset()
        got_graphs = {str(g.identifier): g for g in got.graphs() if len(g)}
        want_graphs = {str(g.identifier): g for g in want.graphs() if len(g)}
        assert set(got_graphs) == set(want_graphs)
        for name, g in want_graphs.items():
            assert isomorphic(got_graphs[name], g), name
    else:
        got = Graph().parse(out, format=RDFLIB_FORMAT[fmt])
        assert isomorphic(got, built.to_rdflib_graph()), fmt


def test_jsonld_uses_plain_keys_from_the_shipped_context(built, project):
    import json
    from kg.export import serialize
    ctx = json.loads(project.context_jsonld.read_text(encoding="utf-8"))
    doc = json.loads(serialize(built, "json-ld", ctx))
    km = next(n for n in doc["@graph"] if n["id"] == "actor:katiba-macina")
    assert km["factionOf"] == "actor:jnim"
    assert "kg:Faction" in (km["type"] if isinstance(km["type"], list) else [km["type"]])


def test_shipped_context_matches_the_ontology(project):
    import json
    from kg.export import make_context
    from kg.loading import load_store
    from kg.store import KnowledgeGraph
    generated = make_context(KnowledgeGraph(load_store(project, kinds=("ontology",))))
    shipped = json.loads(project.context_jsonld.read_text(encoding="utf-8"))
    assert shipped == generated, "ontology/context.jsonld is stale: run `kg context`"


def test_export_to_unwritable_path_fails_cleanly(capsys, tmp_path):
    target = tmp_path / "a-directory"
    target.mkdir()
    code, _, err = run_cli(capsys, "export", "--format", "nt", "--out", str(target))
    assert code == 2 and err.startswith(f"kg: error: cannot write {target}")
    assert list(target.iterdir()) == [] and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_into_missing_read_only_place_fails_cleanly(capsys):
    code, _, err = run_cli(capsys, "export", "--format", "nt", "--out", "/proc/kg-no-such/out.nt")
    assert code == 2 and "cannot write /proc/kg-no-such/out.nt" in err


# ----------------------------------------------------------------------------- subprocess

def test_cli_through_a_subprocess(tmp_path):
    env = dict(os.environ, KG_BUILD_DIR=str(tmp_path / "build"))
    proc = subprocess.run([sys.executable, "-m", "kg", "build"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Built" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "kg", "query", "no-such-query"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stderr.startswith("kg: error: unknown query") and "Traceback" not in proc.stderr


# ----------------------------------------------------------------------------- parameters

PARAM_QUERY = """# title: Labels of an actor
# question: What is this actor called?
# param: who (iri): the actor
# param: since (date, optional): unused date, for type checks
# param: n (integer, default 3): unused number, for type checks
# tags: test
# columns: label
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?label WHERE { ?_who rdfs:label ?label } ORDER BY ?label
"""


@pytest.mark.parametrize("args, message", [
    ([], "needs parameter who (iri): add --param who=VALUE"),
    (["--param", "who=actor:jnim", "--param", "since=2025-02-30"], "parameter since: '2025-02-30' is not a date: write YYYY-MM-DD"),
    (["--param", "who=actor:jnim", "--param", "n=three"], "parameter n: 'three' is not an integer"),
    (["--param", "who=not an iri"], "parameter who: 'not an iri' is not an IRI"),
    (["--param", "who=actor:jnimm"], "parameter who: no resource actor:jnimm in the graph; did you mean actor:jnim"),
    (["--param", "who=actor:jnim", "--param", "nope=1"], "has no parameter 'nope'"),
])
def test_missing_and_ill_typed_parameters(project_copy, capsys, args, message):
    (project_copy.queries_dir / "test-labels.rq").write_text(PARAM_QUERY, encoding="utf-8")
    code, out, err = run_cli(capsys, "query", "test-labels", *args)
    assert code == 2 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_parameter_is_bound_as_a_term(project_copy, capsys):
    (project_copy.queries_dir / "test-labels.rq").write_text(PARAM_QUERY, encoding="utf-8")
    code, out, err = run_cli(capsys, "query", "test-labels", "--param", "who=actor:katiba-macina", "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[0] == "label" and "Katiba Macina" in out


def test_queries_lists_titles_and_parameters(project_copy, capsys):
    (project_copy.queries_dir / "test-labels.rq").write_text(PARAM_QUERY, encoding="utf-8")
    code, out, _ = run_cli(capsys, "queries")
    assert code == 0
    assert "test-labels\n    Labels of an actor\n    who (iri, required), since (date, optional), n (integer, default 3)" in out
