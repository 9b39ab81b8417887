"""Tests of the SHACL shapes (ontology/shapes.ttl) and the integrity checks (queries/checks/).

Self-contained on purpose (no import from the ``kg`` package): it only needs rdflib, pySHACL and
pyoxigraph. Every fixture is its own test case.

Shape fixtures — tests/fixtures/shapes/{valid,invalid}/*.ttl — are merged with ontology/kg.ttl and
ontology/taxonomy.ttl (those that exist) and validated the way ``kg validate`` does: no inference.
Their leading comment block says what they are about:

    # expect: <substring of a sh:Violation message>          (invalid fixtures, one or more)
    # expect-warning: <substring of a sh:Warning message>
    # shape: kgsh:EventShape                                  (the node shapes exercised)

A valid fixture must produce no result at all (neither violation nor warning) and give each shape
it names at least one focus node. An invalid fixture must produce exactly the expected messages:
each ``expect`` line matches a result of that severity, each result matches an ``expect`` line of
its severity, and the results come from exactly the shapes it names.

Check fixtures — tests/fixtures/checks/<check>/{valid,invalid}.ttl for queries/checks/<check>.rq —
are merged with the ontology the same way; the valid one yields no row, the invalid one starts with
``# expect-rows: N``. Each check is run on pyoxigraph and on rdflib, which must agree row for row.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

pyshacl = pytest.importorskip("pyshacl")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY_FILES = [ROOT / "ontology" / "kg.ttl", ROOT / "ontology" / "taxonomy.ttl"]
CHECKS_DIR = ROOT / "queries" / "checks"
SHAPE_FIXTURES = HERE / "fixtures" / "shapes"
CHECK_FIXTURES = HERE / "fixtures" / "checks"

KGSH = "https://w3id.org/sahel-kg/shapes/"
HEADER = re.compile(r"^#\s*(expect|expect-warning|expect-rows|shape):\s*(.*?)\s*$")


# ----------------------------------------------------------------------------- helpers

def header(path: Path) -> dict[str, list[str]]:
    """The ``# key: value`` lines of the fixture's leading comment block."""
    out: dict[str, list[str]] = {"expect": [], "expect-warning": [], "expect-rows": [], "shape": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = HEADER.match(line)
        if m:
            out[m.group(1)].append(m.group(2))
    return out


def ontology_files() -> list[Path]:
    return [p for p in ONTOLOGY_FILES if p.exists()]


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    g = Graph()
    for p in ontology_files():
        g.parse(p, format="turtle")
    return g


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


def merged_graph(fixture: Path) -> Graph:
    g = Graph()
    for triple in ontology_graph():
        g.add(triple)
    g.parse(fixture, format="turtle")
    return g


def expand(curie: str) -> URIRef:
    assert curie.startswith("kgsh:"), f"shape names are written kgsh:Name, not {curie!r}"
    return URIRef(KGSH + curie[len("kgsh:"):])


def node_shapes() -> set[URIRef]:
    """Named node shapes of shapes.ttl that have a target (helper shapes without one are not counted)."""
    sg = shapes_graph()
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    return {s for s in sg.subjects(RDF.type, SH.NodeShape)
            if isinstance(s, URIRef) and any(sg.value(s, t) is not None for t in targets)}


def owning_node_shape(shape: rdflib.term.Node) -> rdflib.term.Node:
    """The named node shape a result's sh:sourceShape belongs to (itself, or via sh:property)."""
    sg = shapes_graph()
    seen = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = next(sg.subjects(SH.property, shape), None)
        if parent is None:
            break
        shape = parent
    return shape


def validate(fixture: Path) -> list[dict]:
    """Top-level validation results (nested sh:detail results are left out)."""
    _, report, _ = pyshacl.validate(merged_graph(fixture), shacl_graph=shapes_graph(), inference="none",
                                    advanced=True, allow_warnings=True)
    results = []
    for r in report.objects(None, SH.result):
        results.append({
            "severity": report.value(r, SH.resultSeverity),
            "messages": [str(m) for m in report.objects(r, SH.resultMessage)],
            "focus": report.value(r, SH.focusNode),
            "shape": owning_node_shape(report.value(r, SH.sourceShape)),
        })
    return results


def describe(results: list[dict]) -> str:
    return "\n".join(f"  {str(r['severity']).rsplit('#', 1)[-1]} {r['focus']} [{r['shape']}]: {r['messages']}"
                     for r in results) or "  (no results)"


def focus_nodes(g: Graph, shape: URIRef) -> set:
    """Focus nodes of a node shape in g, for the target kinds shapes.ttl uses (no inference but subclasses)."""
    sg = shapes_graph()
    nodes = set(sg.objects(shape, SH.targetNode))
    for cls in sg.objects(shape, SH.targetClass):
        for sub in g.transitive_subjects(RDFS.subClassOf, cls):
            nodes.update(g.subjects(RDF.type, sub))
    for p in sg.objects(shape, SH.targetSubjectsOf):
        nodes.update(g.subjects(p, None))
    for p in sg.objects(shape, SH.targetObjectsOf):
        nodes.update(g.objects(None, p))
    return nodes


def fixtures(kind: str) -> list[Path]:
    return sorted((SHAPE_FIXTURES / kind).glob("*.ttl"))


def ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


# ----------------------------------------------------------------------------- shapes

def test_shapes_file_parses_and_has_shapes():
    assert node_shapes(), "ontology/shapes.ttl defines no node shape with a target"


@pytest.mark.parametrize("fixture", fixtures("valid"), ids=ids(fixtures("valid")))
def test_valid_fixture_conforms(fixture: Path):
    meta = header(fixture)
    assert meta["shape"], f"{fixture.name}: add a '# shape: kgsh:…' line naming the shape it exercises"
    assert not meta["expect"] and not meta["expect-warning"], f"{fixture.name}: a valid fixture expects nothing"
    results = validate(fixture)
    violations = [r for r in results if r["severity"] == SH.Violation]
    assert not violations, f"{fixture.name} should conform:\n{describe(violations)}"
    assert not results, f"{fixture.name} should also give no warning:\n{describe(results)}"
    g = merged_graph(fixture)
    for name in meta["shape"]:
        shape = expand(name)
        assert shape in node_shapes(), f"{fixture.name}: {name} is not a node shape of shapes.ttl"
        assert focus_nodes(g, shape), f"{fixture.name}: nothing in it is a target of {name}"


@pytest.mark.parametrize("fixture", fixtures("invalid"), ids=ids(fixtures("invalid")))
def test_invalid_fixture_gives_expected_messages(fixture: Path):
    meta = header(fixture)
    assert meta["expect"] or meta["expect-warning"], \
        f"{fixture.name}: start with '# expect: <message substring>' (or '# expect-warning:')"
    assert meta["shape"], f"{fixture.name}: add a '# shape: kgsh:…' line naming the shape it exercises"
    results = validate(fixture)
    report = describe(results)
    for severity, key in ((SH.Violation, "expect"), (SH.Warning, "expect-warning")):
        of_severity = [r for r in results if r["severity"] == severity]
        for expected in meta[key]:
            assert any(expected in m for r in of_severity for m in r["messages"]), \
                f"{fixture.name}: no {key} result with message containing {expected!r}; got:\n{report}"
        for r in of_severity:
            assert any(e in m for m in r["messages"] for e in meta[key]), \
                f"{fixture.name}: unexpected {severity.rsplit('#', 1)[-1]} (add an '# {key}:' line or fix the fixture):\n" \
                f"  {r['focus']}: {r['messages']}\nall results:\n{report}"
    unexpected = [r for r in results if r["severity"] not in (SH.Violation, SH.Warning)]
    assert not unexpected, f"{fixture.name}: results of another severity:\n{describe(unexpected)}"
    named = {expand(n) for n in meta["shape"]}
    produced = {r["shape"] for r in results}
    assert produced == named, \
        f"{fixture.name}: results come from {sorted(map(str, produced))}, the fixture names {sorted(map(str, named))}"


def test_every_shape_has_valid_and_invalid_fixtures():
    covered = {kind: {expand(n) for f in fixtures(kind) for n in header(f)["shape"]} for kind in ("valid", "invalid")}
    missing = [f"{s} has no {kind} fixture" for s in sorted(node_shapes()) for kind in ("valid", "invalid")
               if s not in covered[kind]]
    assert not missing, "\n".join(missing)
    unknown = (covered["valid"] | covered["invalid"]) - node_shapes()
    assert not unknown, f"fixtures name shapes that shapes.ttl does not define: {sorted(unknown)}"


# ----------------------------------------------------------------------------- integrity checks

def checks() -> list[Path]:
    return sorted(CHECKS_DIR.glob("*-violation.rq"))


def _term(t) -> str | None:
    """A result term as text, blank nodes made anonymous (their labels differ between engines)."""
    if t is None:
        return None
    if isinstance(t, (ox.BlankNode, BNode)):
        return "_:blank"
    if isinstance(t, (ox.NamedNode, ox.Literal)):
        return t.value
    return str(t)


def rows_oxigraph(query: str, files: list[Path]) -> list[tuple]:
    store = ox.Store()
    for f in files:
        store.load(path=str(f), format=ox.RdfFormat.TURTLE)
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions), "a check must be a SELECT query"
    variables = [v.value for v in result.variables]
    assert variables[:2] == ["resource", "message"], f"a check returns ?resource ?message first, not {variables}"
    return sorted((_term(s["resource"]), _term(s["message"])) for s in result)


def rows_rdflib(query: str, files: list[Path]) -> list[tuple]:
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    return sorted((_term(r[0]), _term(r[1])) for r in g.query(query))


def check_cases() -> list[tuple[Path, str]]:
    return [(q, kind) for q in checks() for kind in ("valid", "invalid")]


@pytest.mark.parametrize("check,kind", check_cases(), ids=[f"{q.stem}-{k}" for q, k in check_cases()])
def test_check_fixture(check: Path, kind: str):
    fixture = CHECK_FIXTURES / check.stem / f"{kind}.ttl"
    assert fixture.exists(), f"{check.name} needs the fixture {fixture.relative_to(ROOT)}"
    query = check.read_text(encoding="utf-8")
    files = ontology_files() + [fixture]
    ox_rows = rows_oxigraph(query, files)
    rdflib_rows = rows_rdflib(query, files)
    assert ox_rows == rdflib_rows, f"{check.name} on {kind}: pyoxigraph and rdflib disagree:\n" \
                                   f"  oxigraph: {ox_rows}\n  rdflib:   {rdflib_rows}"
    if kind == "valid":
        assert ox_rows == [], f"{check.name} should find nothing in the valid fixture; found:\n" + \
            "\n".join(f"  {r}" for r in ox_rows)
    else:
        expected = header(fixture)["expect-rows"]
        assert expected, f"{fixture.name}: start it with '# expect-rows: N'"
        assert len(ox_rows) == int(expected[0]), f"{check.name}: expected {expected[0]} rows, got {len(ox_rows)}:\n" + \
            "\n".join(f"  {r}" for r in ox_rows)
        assert all(r[1] for r in ox_rows), f"{check.name}: every row needs a ?message"


def test_checks_are_documented_and_self_contained():
    for check in checks():
        text = check.read_text(encoding="utf-8")
        assert text.startswith("#"), f"{check.name}: open with a '#' comment saying why the rule exists"
        body = re.sub(r"#.*", "", re.sub(r"<[^>\s]*>", "<>", re.sub(r'"[^"\n]*"', '""', text)))
        used = set(re.findall(r"(?<![\w?$])([a-z][\w-]*):(?=\w)", body))
        declared = set(re.findall(r"PREFIX\s+([\w-]*):", text, flags=re.I))
        assert used <= declared, f"{check.name}: declare PREFIX for {sorted(used - declared)}"
