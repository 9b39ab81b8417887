"""The synthetic-corpus generator (kg.synth), SHACL engine agreement, and a smoke run of `kg bench`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[1]
TARGET = 10_000
VIOLATIONS = 12
SHAPE_FIXTURES = sorted((ROOT / "tests" / "fixtures" / "shapes").glob("**/*.ttl"))


def _tree(folder: Path) -> dict[str, bytes]:
    """Every generated file (texts, Turtle, N-Quads, manifest) by relative path; copied inputs left out."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.relative_to(folder).parts[0] in ("data", "corpus.nq", "manifest.json")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, project):
    from kg.synth import write_corpus
    folder = tmp_path_factory.mktemp("synth") / "c10k"
    manifest = write_corpus(folder, TARGET, seed=7, violations=VIOLATIONS, project=project)
    return folder, manifest


@pytest.fixture(scope="module")
def asserted_graph(corpus):
    """The corpus as `kg validate` sees it: asserted data + ontology, one rdflib graph; and the shapes."""
    from kg.loading import Project
    from kg.store import KnowledgeGraph
    from kg.validation import _shapes_graph, load_asserted
    folder, _ = corpus
    p = Project(folder)
    return KnowledgeGraph(load_asserted(p).store).to_rdflib_graph(), _shapes_graph(p)


def _results(engine: str, data, shapes) -> set[tuple]:
    """(focus node, source shape, path, severity) of every result, from pySHACL or pyshacl-turbo."""
    from rdflib.namespace import RDF, SH
    if engine == "pyshacl":
        import pyshacl as mod
    else:
        mod = pytest.importorskip("pyshacl_turbo")
    _, report, _ = mod.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                allow_warnings=True, allow_infos=True)
    return {(report.value(r, SH.focusNode), report.value(r, SH.sourceShape), report.value(r, SH.resultPath),
             report.value(r, SH.resultSeverity))
            for r in report.subjects(RDF.type, SH.ValidationResult)}


@pytest.fixture(scope="module")
def shacl_both(asserted_graph):
    data, shapes = asserted_graph
    return _results("pyshacl", data, shapes), _results("turbo", data, shapes)


# ----------------------------------------------------------------------------- determinism and size

def test_same_seed_gives_identical_bytes(corpus, tmp_path, project):
    from kg.synth import write_corpus
    folder, manifest = corpus
    again = write_corpus(tmp_path / "again", TARGET, seed=7, violations=VIOLATIONS, project=project)
    assert again == manifest
    assert _tree(tmp_path / "again") == _tree(folder)


def test_reused_corpus_keeps_its_data_and_takes_the_current_queries(project, tmp_path):
    """`kg bench` reuses a corpus of the same key, but must always run the project's current queries."""
    import shutil
    from kg.loading import Project
    from kg.synth import write_corpus
    folder = tmp_path / "c"
    first = write_corpus(folder, 3000, seed=3, violations=1, project=project)
    data_before = _tree(folder)
    (folder / "queries" / "figures.rq").write_text("# stale copy\n", encoding="utf-8")
    (folder / "queries" / "gone.rq").write_text("# a query the project no longer has\n", encoding="utf-8")
    again = write_corpus(folder, 3000, seed=3, violations=1, project=project, reuse=True)
    assert again == first and _tree(folder) == data_before
    names = sorted(p.name for p in (folder / "queries").glob("*.rq"))
    assert names == sorted(p.name for p in Project(project.root).queries_dir.glob("*.rq"))
    assert (folder / "queries" / "figures.rq").read_bytes() == (project.queries_dir / "figures.rq").read_bytes()
    shutil.rmtree(folder)


def test_different_seed_gives_a_different_corpus(corpus, tmp_path, project):
    from kg.synth import write_corpus
    folder, manifest = corpus
    other = write_corpus(tmp_path / "other", TARGET, seed=8, violations=VIOLATIONS, project=project)
    assert other["corpus_nq_sha256"] != manifest["corpus_nq_sha256"]
    assert (tmp_path / "other" / "corpus.nq").read_bytes() != (folder / "corpus.nq").read_bytes()


def test_generate_iterator_is_deterministic(project):
    from kg.synth import generate
    a = [(n.name, n.text, n.nquads()) for n in generate(3000, seed=3, violations=2, project=project)]
    b = [(n.name, n.text, n.nquads()) for n in generate(3000, seed=3, violations=2, project=project)]
    assert a == b and len(a) >= 2


def test_size_within_15_percent_of_target(corpus):
    folder, manifest = corpus
    assert abs(manifest["quads"] - TARGET) <= 0.15 * TARGET, manifest["quads"]
    # the manifest's count is the real count: parse every Turtle file and the N-Quads file
    turtle = sum(sum(1 for _ in ox.parse(path=str(p), format=ox.RdfFormat.TURTLE))
                 for p in (*(folder / "data" / "triples").glob("*/*.ttl"), *(folder / "data" / "context").glob("*.ttl")))
    nquads = sum(1 for _ in ox.parse(path=str(folder / "corpus.nq"), format=ox.RdfFormat.N_QUADS))
    assert turtle == nquads == manifest["quads"]
    assert 0 < sum(manifest["context_quads"].values()) < 0.05 * manifest["quads"]


def test_notes_are_named_graphs_with_their_own_text(corpus):
    folder, manifest = corpus
    from kg.loading import Project
    files = Project(folder).data_files()
    graphs = {f.graph.value for f in files if f.kind == "data"}
    assert len(graphs) == manifest["notes"] > 1
    assert all(g.startswith("https://w3id.org/sahel-kg/graph/synth-note-") for g in graphs)
    assert len(list((folder / "data" / "sources").glob("synth-note-*.txt"))) == manifest["notes"]


def test_gazetteer_is_context_with_its_own_provenance(corpus):
    """Coordinates live in graph:gazetteer (data/context/gazetteer.ttl), never in a note's graph, as in
    the real project: a geometry per town derived from the gazetteer source, no quote."""
    from kg.loading import Project
    folder, manifest = corpus
    context = [f for f in Project(folder).data_files() if f.kind == "context"]
    assert [(f.path.name, f.graph.value) for f in context] == [("gazetteer.ttl", "https://w3id.org/sahel-kg/graph/gazetteer")]
    geo, prov = "http://www.opengis.net/ont/geosparql#", "http://www.w3.org/ns/prov#"
    by_graph: dict[str, list] = {}
    for q in ox.parse(path=str(folder / "corpus.nq"), format=ox.RdfFormat.N_QUADS):
        by_graph.setdefault(q.graph_name.value, []).append(q)
    gaz = by_graph.pop("https://w3id.org/sahel-kg/graph/gazetteer")
    assert len(gaz) == manifest["context_quads"]["data/context/gazetteer.ttl"]
    notes = [q for qs in by_graph.values() for q in qs]
    assert not [q for q in notes if q.predicate.value.startswith(geo) or "/id/geometry/" in q.subject.value]
    assert not [q for q in gaz if q.predicate.value.endswith("/evidence")]
    geoms = {q.subject.value for q in gaz if q.predicate.value == geo + "asWKT"}
    derived = {q.subject.value for q in gaz if q.predicate.value == prov + "wasDerivedFrom"
               and q.object.value == "https://w3id.org/sahel-kg/id/source/synth-gazetteer"}
    assert geoms and geoms <= derived
    # every place with coordinates is one the notes describe (typed, labelled in a note's graph)
    described = {q.subject.value for q in notes if q.predicate.value.endswith("#type")}
    placed = {q.subject.value for q in gaz if q.predicate.value == geo + "hasGeometry"}
    assert placed and placed <= described


#: Rows of the four queries the first synthetic corpora left empty, on the 10k corpus (seed 7):
#: towns with gazetteer coordinates × containers (note and gazetteer), religious figures' claims
#: and events, roads with their events and figures; the reporting chain of one cited figure.
QUERY_ROWS = {"places-with-coordinates": 28, "religious-figures": 15, "roads-attacked": 15}


@pytest.fixture(scope="module")
def corpus_engine(corpus):
    from kg.build import build_graph
    from kg.loading import Project
    folder, _ = corpus
    kg, _ = build_graph(Project(folder))
    return kg.engine("oxigraph")


@pytest.mark.parametrize("name", sorted(QUERY_ROWS))
def test_queries_left_empty_before_now_return_rows(corpus, corpus_engine, name):
    from kg.loading import Project
    from kg.queries import load_catalogue, run_saved
    folder, _ = corpus
    table = run_saved(corpus_engine, load_catalogue(Project(folder).queries_dir)[name])
    assert len(table.rows) == QUERY_ROWS[name]


def test_religious_figures_and_roads_have_every_aspect(corpus, corpus_engine):
    from kg.loading import Project
    from kg.queries import load_catalogue, run_saved
    folder, _ = corpus
    catalogue = load_catalogue(Project(folder).queries_dir)
    rf = run_saved(corpus_engine, catalogue["religious-figures"]).as_dicts()
    assert {str(r["aspect"]) for r in rf} == {"claim", "threat claim", "threat event", "related event"}
    assert all(r["base"] is not None and r["figureLabel"] is not None for r in rf)
    roads = run_saved(corpus_engine, catalogue["roads-attacked"]).as_dicts()
    assert {str(r["kind"]) for r in roads} == {"event", "figure"}
    places = run_saved(corpus_engine, catalogue["places-with-coordinates"]).as_dicts()
    assert {str(r["containerSource"]) for r in places} == {"note", "gazetteer"}
    assert all(str(r["wkt"]).startswith("POINT(") and r["geometrySource"] is not None for r in places)


def test_reporting_chain_of_a_cited_figure(corpus, corpus_engine):
    """Figures the note gives twice (two cited sources, kg:conflictsWith) are referenced, so `kg bench`
    binds the query's fact to one; its chain runs from the figure to the publisher's publisher."""
    from kg.loading import Project
    from kg.queries import load_catalogue, run_saved
    folder, _ = corpus
    kg = "https://w3id.org/sahel-kg/ontology/"
    pairs = corpus_engine.select(f"SELECT DISTINCT ?f WHERE {{ ?f a <{kg}Figure> ; <{kg}conflictsWith> ?g }} "
                                 f"ORDER BY STR(?f)").rows
    assert len(pairs) == 8
    sq = load_catalogue(Project(folder).queries_dir)["reporting-chain"]
    for (fact,) in pairs:
        table = run_saved(corpus_engine, sq, {"fact": f"<{fact}>"})
        assert len(table.rows) == 1
        assert all(v is not None for v in table.rows[0]), table.as_dicts()


def test_concepts_come_from_the_taxonomy(corpus, project):
    """Every kgt: term used exists in the taxonomy; every event type of the taxonomy is used."""
    from kg.synth import Vocabulary
    folder, _ = corpus
    vocab = Vocabulary.from_project(project)
    known = {c for cs in vocab.concepts.values() for c in cs}
    used = {t.value for q in ox.parse(path=str(folder / "corpus.nq"), format=ox.RdfFormat.N_QUADS)
            for t in (q.object,) if isinstance(t, ox.NamedNode) and t.value.startswith("https://w3id.org/sahel-kg/taxonomy/")}
    assert used and used <= known, sorted(used - known)
    assert set(vocab.scheme("event-types")) <= used


def test_dates_of_every_precision(corpus):
    folder, _ = corpus
    text = (folder / "corpus.nq").read_text(encoding="utf-8")
    for precision in ("precision-day", "precision-month", "precision-year", "precision-interval"):
        assert f"taxonomy/{precision}>" in text
    assert "/id/time/until-" in text  # open intervals too


# ----------------------------------------------------------------------------- evidence

def test_every_quote_equals_the_text_at_its_offsets(corpus, asserted_graph):
    from kg.evidence import check_quotes
    folder, manifest = corpus
    data, _ = asserted_graph
    planted = {v["resource"] for v in manifest["violations"]}
    checks = check_quotes(data, folder)
    assert len(checks) > 300
    bad = [c for c in checks if not c.ok and str(c.evidence) not in planted]
    assert not bad, bad[:5]
    # and the quotes planted as violations are the only ones that fail
    failing = {str(c.evidence) for c in checks if not c.ok}
    assert failing == {v["resource"] for v in manifest["violations"] if v["kind"].startswith("evidence-")}


def test_quotes_keep_typographic_characters(corpus):
    folder, _ = corpus
    text = "".join(p.read_text(encoding="utf-8") for p in (folder / "data" / "sources").glob("*.txt"))
    assert "’" in text and "\u00a0" in text and "«" in text


# ----------------------------------------------------------------------------- planted violations

def test_validation_finds_exactly_the_planted_violations(corpus, shacl_both):
    from rdflib.namespace import SH
    _, manifest = corpus
    assert len(manifest["violations"]) == VIOLATIONS
    planted = {v["resource"] for v in manifest["violations"]}
    assert len(planted) == VIOLATIONS  # distinct resources
    for results in shacl_both:
        violations = [r for r in results if r[3] == SH.Violation]
        assert len(violations) == VIOLATIONS
        assert {str(r[0]) for r in violations} == planted
        assert not [r for r in results if r[3] != SH.Violation]  # and no warnings


def test_run_shacl_counts_the_planted_violations(corpus, asserted_graph):
    """The project's own entry point (what `kg validate` runs), with the default-candidate engine."""
    pytest.importorskip("pyshacl_turbo")
    from kg.validation import VIOLATION, run_shacl
    data, shapes = asserted_graph
    findings = run_shacl(data, shapes, "turbo")
    assert sum(f.severity == VIOLATION for f in findings) == VIOLATIONS


def test_every_kind_of_violation_is_planted(project, tmp_path):
    from kg.synth import VIOLATION_KINDS, write_corpus
    manifest = write_corpus(tmp_path / "kinds", 4000, seed=1, violations=len(VIOLATION_KINDS), project=project)
    assert sorted(v["kind"] for v in manifest["violations"]) == sorted(VIOLATION_KINDS)


# ----------------------------------------------------------------------------- pySHACL vs pyshacl-turbo

def test_turbo_agrees_with_pyshacl_on_the_corpus(shacl_both):
    pyshacl_results, turbo_results = shacl_both
    assert pyshacl_results == turbo_results


@pytest.mark.skipif(not SHAPE_FIXTURES, reason="no shape fixtures under tests/fixtures/shapes/")
@pytest.mark.parametrize("fixture", SHAPE_FIXTURES, ids=lambda p: str(p.relative_to(ROOT / "tests" / "fixtures" / "shapes")))
def test_turbo_agrees_with_pyshacl_on_shape_fixtures(fixture, project):
    from rdflib import Graph
    from kg.validation import _shapes_graph
    data = Graph()
    for path in project.ontology_files:
        data.parse(path, format="turtle")
    data.parse(fixture, format="turtle")
    shapes = _shapes_graph(project)
    assert _results("pyshacl", data, shapes) == _results("turbo", data, shapes)


# ----------------------------------------------------------------------------- kg bench, end to end

@pytest.mark.slow
def test_bench_smoke_run_writes_every_step(tmp_path):
    from kg.bench import KEEP_MARKER
    out = tmp_path / "RESULTS.md"
    # a previous results file: its generated part is replaced, its hand-written analysis kept
    out.write_text(f"# old generated tables\n\n{KEEP_MARKER}\n\n## Analysis\n\nWritten by hand.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "10k", "--runs", "1", "--budget", "3",
         "--note-runs", "1", "--violations", "5", "--work", str(tmp_path / "work"), "--out", str(out),
         "--json", str(tmp_path / "raw.json")],
        capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = out.read_text(encoding="utf-8")
    for heading in ("## Machine", "## Targets", "### 10k", "### The note"):
        assert heading in report
    assert "# old generated tables" not in report
    assert report.index("## Targets") < report.index(KEEP_MARKER) and report.endswith("## Analysis\n\nWritten by hand.\n")
    table = [line for line in report.splitlines() if line.startswith("| ")]
    steps = {tuple(cell.strip() for cell in line.split("|")[1:3]) for line in table}
    expected = [("load", "ours (load_store)"), ("load", "oxigraph bulk_load"), ("load", "oxigraph bulk_load .nq"),
                ("load", "rdflib parse"), ("derive", "ours (derive on oxigraph)"), ("derive", "rdflib (same rules)"),
                ("kg build total", "ours (load+derive+write kg.nq)"),
                ("SHACL (load included)", "pyshacl"), ("SHACL (load included)", "turbo (run_shacl)"),
                ("kg validate (all checks)", "ours (turbo + HermiT)"),
                ("export turtle", "ours (kg.export)"), ("export turtle", "rdflib serialize"),
                ("export json-ld", "ours (kg.export)"), ("export json-ld", "rdflib serialize")]
    from kg.queries import load_catalogue
    for name in load_catalogue(ROOT / "queries"):
        expected += [(f"query {name}", "ours (oxigraph)"), (f"query {name}", "rdflib")]
    missing = [s for s in expected if s not in steps]
    assert not missing, missing
    for command in ("`kg build`", "`kg validate`"):
        assert any(line.startswith(f"| {command} |") for line in table)
    # our engine's steps all ran; the SHACL count matches the planted violations
    raw = json.loads((tmp_path / "raw.json").read_text())
    ours = [r for r in raw["rows"] if not r["baseline"] and r["size"] == "10k"]
    assert all(r["status"] == "ok" for r in ours), [r for r in ours if r["status"] != "ok"]
    turbo = next(r for r in ours if r["engine"] == "turbo (run_shacl)")
    assert turbo["detail"].startswith("5 violations (planted 5)")
    # the whole of `kg validate` finds the planted violations too (some also fail a quote or a check)
    whole = next(r for r in ours if r["group"] == "kg validate (all checks)")
    assert "SHACL 5" in whole["detail"] and "OWL: consistent" in whole["detail"]
    for target in ("every saved query at 1M", "loading 1M triples", "the note"):
        assert target in report
