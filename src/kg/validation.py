"""``kg validate``: SHACL shapes, evidence quotes, integrity queries and OWL consistency.

Runs on the *asserted* data (what the files say) merged with the ontology — not on the derived
graph — so shapes are written for the data as authored (see ../shared/TOOLS.md on inference vs SHACL).

Exit codes as pySHACL's: 0 conforms (warnings allowed), 1 violations, 2 error.
"""

from __future__ import annotations

import json
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from .errors import EXIT_OK, EXIT_VIOLATIONS, KgError
from .evidence import check_quotes
from .loading import Project, load_file, parse_file
from .namespaces import PREFIXES
from .reasoning import check_consistency
from .store import KnowledgeGraph, OxigraphEngine

__all__ = ["Finding", "ValidationReport", "validate", "run_shacl", "run_checks", "format_text", "format_json"]

VIOLATION, WARNING, INFO = "Violation", "Warning", "Info"
#: Finding.rule of a quote that differs from the text at its offsets, and of an inconsistent ontology + data
QUOTE_RULE, OWL_RULE = "evidence-quote", "owl-consistency"


@dataclass(frozen=True)
class Finding:
    rule: str          # shape, check or step that found it
    severity: str      # Violation / Warning / Info
    resource: str      # the offending resource, shortened with our prefixes
    message: str
    file: str = ""     # data file(s) where the resource is described


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)
    steps: dict[str, str] = field(default_factory=dict)  # step → short outcome

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == VIOLATION]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != VIOLATION]

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.conforms else EXIT_VIOLATIONS


def shorten(term: object) -> str:
    s = str(term)
    for p, ns in PREFIXES.items():
        if s.startswith(ns) and len(s) > len(ns):
            return f"{p}:{s[len(ns):]}"
    return s if not isinstance(term, URIRef) else f"<{s}>"


# ----------------------------------------------------------------------------- loading

@dataclass
class AssertedData:
    """The asserted graph (ontology and data merged in the store's default graph) and its files."""

    store: ox.Store
    files: list[tuple[str, Path]]  # (name relative to the project, path) of each data and context file
    ontology: list[ox.Quad]

    def files_describing(self, resources: set[str]) -> dict[str, set[str]]:
        """Which files have each of ``resources`` as a subject.

        Computed only for the resources that have findings, after validating, by parsing the files
        again: recording every subject's file while loading cost 12 s of 22 s at 1M triples.
        """
        found: dict[str, set[str]] = defaultdict(set)
        if not resources:
            return found
        for rel, path in self.files:
            for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()):
                if t.subject.value in resources:
                    found[t.subject.value].add(rel)
        return found


def load_asserted(project: Project) -> AssertedData:
    """Ontology and asserted data merged into the store's default graph (what shapes and checks read)."""
    store = ox.Store()
    files: list[tuple[str, Path]] = []
    ontology: list[ox.Quad] = []
    for f in project.data_files():
        rel = project.rel(f.path)
        if f.kind == "ontology":
            quads = parse_file(f.path, ox.DefaultGraph(), rel)
            store.extend(quads)
            ontology += quads
        else:
            load_file(store, f.path, ox.DefaultGraph(), rel)
            files.append((rel, f.path))
    return AssertedData(store, files, ontology)


def _shapes_graph(project: Project) -> Graph:
    g = Graph()
    quads = parse_file(project.shapes_file, None, project.rel(project.shapes_file))
    data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=ox.RdfFormat.N_TRIPLES)
    g.parse(data=data.decode("utf-8"), format="nt")
    return g


# ----------------------------------------------------------------------------- SHACL

def run_shacl(data: Graph | ox.Store, shapes: Graph, engine: str = "turbo") -> list[Finding]:
    """Validate ``data`` (asserted data + ontology merged) against ``shapes``; findings per result.

    ``data`` is an rdflib graph or an Oxigraph store (its default graph). pyshacl-turbo reads an
    Oxigraph store natively, with no copy into rdflib (the copy alone costs more than validating);
    pySHACL gets an rdflib graph (given a store it is ~45x slower, see ../shared/TOOLS.md).
    """
    if engine == "pyshacl":
        import pyshacl
        validate_fn = pyshacl.validate
        if isinstance(data, ox.Store):
            data = KnowledgeGraph(data).to_rdflib_graph()
    elif engine == "turbo":
        try:
            import pyshacl_turbo
        except ImportError:
            raise KgError("SHACL engine 'turbo' needs the pyshacl-turbo package: pip install pyshacl-turbo") from None
        validate_fn = pyshacl_turbo.validate
    else:
        raise KgError(f"unknown SHACL engine {engine!r}: choose pyshacl or turbo")
    _, report, _ = validate_fn(data, shacl_graph=shapes, inference="none", advanced=True,
                               allow_warnings=True, allow_infos=True)
    parent = {ps: ns for ns, ps in shapes.subject_objects(SH.property)}
    findings = []
    # Top-level results only: sh:detail results nested under sh:node are explanations, not extra violations.
    for result in report.objects(None, SH.result):
        focus = report.value(result, SH.focusNode)
        source = report.value(result, SH.sourceShape)
        shape = parent.get(source, source)
        path = report.value(result, SH.resultPath)
        sev = report.value(result, SH.resultSeverity)
        value = report.value(result, SH.value)
        msgs = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        rule = shorten(shape) if isinstance(shape, URIRef) else "shape"
        if path is not None and isinstance(path, URIRef):
            rule += f" ({shorten(path)})"
        severity = {SH.Violation: VIOLATION, SH.Warning: WARNING}.get(sev, INFO)
        message = msgs[0] if msgs else "does not conform"
        if value is not None and value != focus:
            message += f" (value: {shorten(value) if isinstance(value, URIRef) else str(value)[:80]})"
        findings.append(Finding(rule, severity, shorten(focus), message, ""))
    return findings


# ----------------------------------------------------------------------------- integrity queries

def run_checks(project: Project, store: ox.Store) -> list[Finding]:
    """Run every ``queries/checks/*-violation.rq``; each row is a violation."""
    engine = OxigraphEngine(store)
    findings = []
    for path in sorted(project.checks_dir.glob("*-violation.rq")):
        name = path.name[: -len(".rq")]
        table = engine.select(path.read_text(encoding="utf-8"))
        for row in table.as_dicts():
            resource = row.get("resource")
            message = row.get("message")
            findings.append(Finding(name, VIOLATION, shorten(resource) if resource is not None else "",
                                    str(message) if message is not None else f"matches {name}"))
    return findings


# ----------------------------------------------------------------------------- all together

def validate(project: Project, shacl_engine: str = "turbo", reasoner: bool = True, progress=None) -> ValidationReport:
    """Every check ``kg validate`` runs; raises :class:`KgError` only for errors (bad input files)."""
    step = progress or (lambda _msg: None)
    step("loading")
    asserted = load_asserted(project)
    report = ValidationReport()
    with ThreadPoolExecutor(max_workers=1) as pool:
        hermit = pool.submit(check_consistency, list(asserted.store), asserted.ontology) if reasoner else None

        step("SHACL shapes")
        shapes = _shapes_graph(project)
        shacl = run_shacl(asserted.store, shapes, shacl_engine)
        report.findings += shacl
        report.steps["shacl"] = f"{sum(f.severity == VIOLATION for f in shacl)} violations, {sum(f.severity != VIOLATION for f in shacl)} warnings ({shacl_engine})"

        step("evidence quotes")
        quotes = check_quotes(asserted.store, project.root)
        bad = [q for q in quotes if not q.ok]
        report.findings += [Finding(QUOTE_RULE, VIOLATION, shorten(q.evidence), q.message) for q in bad]
        report.steps["quotes"] = f"{len(quotes) - len(bad)}/{len(quotes)} quotes equal the text at their offsets"

        step("integrity queries")
        checks = run_checks(project, asserted.store)
        report.findings += checks
        report.steps["checks"] = f"{len(list(project.checks_dir.glob('*-violation.rq')))} queries, {len(checks)} violations"

        if hermit is not None:
            step("OWL consistency (HermiT)")
            result = hermit.result()
            if not result.consistent:
                report.findings.append(Finding(OWL_RULE, VIOLATION, "ontology", result.message))
            report.steps["owl"] = ("consistent, no unsatisfiable class" if result.consistent else result.message) + \
                f" ({result.triples_checked} triples; {result.triples_left_out} left out: dates, WKT, reification)"
    files_of = asserted.files_describing({_expand(f.resource) for f in report.findings if not f.file})
    report.findings = [Finding(f.rule, f.severity, f.resource, f.message,
                               f.file or ", ".join(sorted(files_of.get(_expand(f.resource), ()))))
                       for f in report.findings]
    report.findings.sort(key=lambda f: (f.severity != VIOLATION, f.rule, f.resource, f.message))
    return report


def _expand(short: str) -> str:
    if short.startswith("<") and short.endswith(">"):
        return short[1:-1]
    prefix, _, local = short.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and local else short


def format_text(report: ValidationReport) -> str:
    lines = []
    by_rule: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in report.findings:
        by_rule[(f.severity, f.rule)].append(f)
    for (sev, rule), items in by_rule.items():
        lines.append(f"{sev}: {rule} — {len(items)}")
        for f in items:
            where = f"  [{f.file}]" if f.file else ""
            lines.append(f"  {f.resource}: {f.message}{where}")
    lines.append("")
    for name, outcome in report.steps.items():
        lines.append(f"{name}: {outcome}")
    verdict = "conforms" if report.conforms else "does NOT conform"
    lines.append(f"Result: {verdict} — {len(report.violations)} violations, {len(report.warnings)} warnings")
    return "\n".join(lines)


def format_json(report: ValidationReport) -> str:
    return json.dumps({
        "conforms": report.conforms,
        "violations": len(report.violations),
        "warnings": len(report.warnings),
        "steps": report.steps,
        "findings": [asdict(f) for f in report.findings],
    }, indent=2, ensure_ascii=False)
