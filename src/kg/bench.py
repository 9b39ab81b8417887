"""``kg bench``: load, build, SHACL, saved queries and export on synthetic corpora, against baselines.

For each size (``--sizes 10k,100k,1m``: data triples of a corpus from :mod:`kg.synth`) every step
runs ``--runs`` times, each time in a fresh subprocess, so the peak memory reported is the real
peak of that step's process (``ru_maxrss``: imports + load + the step). Medians are reported.

Steps and what each is compared with (the *baseline* is the plain-rdflib way; others are
alternatives measured in the same run):

* load — our loader (:func:`kg.loading.load_store`, Turtle per note into Oxigraph); Oxigraph's own
  ``Store.bulk_load`` of the same Turtle files; ``bulk_load`` of the one N-Quads file; rdflib
  parsing the same Turtle files into a ``Dataset`` (baseline);
* derive — :func:`kg.reasoning.derive` on Oxigraph; the same rules as SPARQL on rdflib (baseline);
  and the whole ``kg build`` (load + derive + summary + sorted ``kg.nq``);
* SHACL, load included — :func:`kg.validation.load_asserted` then :func:`kg.validation.run_shacl`
  as ``kg validate`` runs them: pyshacl-turbo given the Oxigraph store (ours), pySHACL given the same
  data as an rdflib graph (baseline);
* ``kg validate`` as a whole — :func:`kg.validation.validate`: SHACL, every evidence quote against its
  text, the integrity queries ``queries/checks/*-violation.rq`` and HermiT's consistency check (no
  baseline: it is the sum of our own steps, measured so none of them falls off a cliff unseen);
* every saved query ``queries/*.rq`` — Oxigraph (ours) and rdflib's SPARQL engine (baseline), on
  the built graph; IRI parameters are bound to a synthetic resource of the same class as the
  parameter's default;
* export — Turtle and JSON-LD with :func:`kg.export.serialize` (ours) and rdflib's serialisers.

rdflib-based steps stop at ``--budget`` seconds ("skipped (> budget)"); a step that ran out of
budget at a smaller size, or whose time at the smaller size scaled linearly passes the budget, is
not tried at the larger ones. The note's own ``kg build`` and ``kg validate`` are timed cold
(fresh ``kg`` processes). The results go to a Markdown file (``--out``, default
benchmarks/RESULTS.md) with the machine, the table and each target MET or MISSED.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EXIT_OK, KgError

__all__ = ["add_commands", "main", "run_bench", "Row", "TARGETS"]

RESULT_TAG = "@@KG-BENCH-RESULT "
ITEM_TAG = "@@KG-BENCH-ITEM "
DEFAULT_BUDGET = 60.0
DEFAULT_QUERY_LIMIT = 60.0  # our engine: a saved query still running after this is stopped and reported
OUR_TIMEOUT = 3600.0   # our engine's steps are never cut short below this

# ============================================================================= the child side


class _Timeout(BaseException):
    """Raised by the alarm; a BaseException so that engines catching Exception do not swallow it."""


@contextmanager
def _deadline(seconds: float | None):
    """Raise :class:`_Timeout` in this (child) process after ``seconds`` (pure-Python work only)."""
    if not seconds:
        yield
        return

    def fire(_sig, _frame):
        raise _Timeout()

    old = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _peak_mb() -> float:
    """Peak resident memory of this process: VmHWM, else ru_maxrss (KiB on Linux)."""
    return _vmhwm_mb("self") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn, budget: float | None = None):
    t0 = time.perf_counter()
    with _deadline(budget):
        value = fn()
    return value, time.perf_counter() - t0


def _context(root: Path):
    from .export import make_context
    from .loading import Project, load_store
    from .store import KnowledgeGraph
    project = Project(root)
    if project.context_jsonld.is_file():
        return json.loads(project.context_jsonld.read_text(encoding="utf-8"))
    return make_context(KnowledgeGraph(load_store(project, kinds=("ontology",))))


def _built(root: Path):
    from .store import KnowledgeGraph
    nq = root / "build" / "kg.nq"
    if not nq.is_file():
        raise KgError(f"{nq} is missing: the build step failed")
    return KnowledgeGraph.from_nquads(nq)


def _child_load(spec: dict, out: dict) -> None:
    import pyoxigraph as ox
    from .loading import Project, load_store
    project = Project(spec["root"])
    engine = spec["engine"]
    budget = spec.get("budget")
    if engine == "ours":
        store, out["seconds"] = _timed(lambda: load_store(project))
        out["quads"] = len(store)
    elif engine == "oxigraph-bulk":
        def bulk():
            store = ox.Store()
            for f in project.data_files():
                store.bulk_load(path=str(f.path), format=ox.RdfFormat.TURTLE, to_graph=f.graph,
                                base_iri=f.path.resolve().as_uri())
            return store
        store, out["seconds"] = _timed(bulk)
        out["quads"] = len(store)
    elif engine == "oxigraph-bulk-nq":
        def bulk_nq():
            store = ox.Store()
            for f in project.data_files():
                if f.kind == "ontology":
                    store.bulk_load(path=str(f.path), format=ox.RdfFormat.TURTLE, to_graph=f.graph)
            store.bulk_load(path=str(project.root / "corpus.nq"), format=ox.RdfFormat.N_QUADS)
            return store
        store, out["seconds"] = _timed(bulk_nq)
        out["quads"] = len(store)
    elif engine == "rdflib":
        from rdflib import Dataset, URIRef

        def parse():
            ds = Dataset()
            for f in project.data_files():
                ds.graph(URIRef(f.graph.value)).parse(str(f.path), format="turtle")
            return ds
        ds, out["seconds"] = _timed(parse, budget)
        out["quads"] = len(ds)
    else:
        raise KgError(f"unknown load engine {engine}")


def _child_build(spec: dict, out: dict) -> None:
    from .build import summarise, write_build
    from .loading import Project, load_store
    from .reasoning import derive
    from .store import KnowledgeGraph
    project = Project(spec["root"])
    if spec["engine"] == "ours":
        t0 = time.perf_counter()
        store, t_load = _timed(lambda: load_store(project))
        report, t_derive = _timed(lambda: derive(store))
        kg = KnowledgeGraph(store, indexed=True)

        def write():
            summary = summarise(kg)
            summary["derived"] = {"rounds": report.rounds, "by_rule": dict(sorted(report.added.items())),
                                  "total": report.total}
            write_build(kg, summary, project.root / "build")
        _, t_write = _timed(write)
        out["seconds"] = t_derive
        out["phases"] = {"load": t_load, "derive": t_derive, "summary+write": t_write,
                         "total": time.perf_counter() - t0}
        out["derived"] = report.total
        out["quads"] = len(kg)
        return
    # baseline: the same rules, run as SPARQL CONSTRUCT on rdflib
    from rdflib import URIRef
    from .loading import DERIVED_GRAPH
    from .reasoning import PFX, _rules
    store = load_store(project)
    rules = _rules(store)
    ds = KnowledgeGraph(store).to_rdflib_dataset()
    derived = ds.graph(URIRef(DERIVED_GRAPH.value))

    def run():
        added = 0
        for _round in range(20):
            new = 0
            for _name, query in rules:
                for t in ds.query(PFX + query):
                    if t not in ds:  # the union of all graphs
                        derived.add(t)
                        new += 1
            added += new
            if not new:
                break
        return added
    out["derived"], out["seconds"] = _timed(run, spec.get("budget"))


def _child_shacl(spec: dict, out: dict) -> None:
    from .loading import Project
    from .store import KnowledgeGraph
    from .validation import VIOLATION, _shapes_graph, load_asserted, run_shacl
    project = Project(spec["root"])
    engine = spec["engine"]
    budget = spec.get("budget")
    phases: dict[str, float] = {}
    t0 = time.perf_counter()
    with _deadline(budget):
        asserted, phases["load"] = _timed(lambda: load_asserted(project))
        shapes, phases["shapes"] = _timed(lambda: _shapes_graph(project))
        if engine == "pyshacl":  # pySHACL reads an rdflib graph (given a store it is ~45x slower)
            data, phases["to rdflib"] = _timed(lambda: KnowledgeGraph(asserted.store).to_rdflib_graph())
        else:  # turbo reads the Oxigraph store itself, as `kg validate` gives it
            data = asserted.store
        findings, phases["validate"] = _timed(lambda: run_shacl(data, shapes, engine))
        out["violations"] = sum(f.severity == VIOLATION for f in findings)
    out["seconds"] = time.perf_counter() - t0
    out["phases"] = phases


def _child_validate(spec: dict, out: dict) -> None:
    """Everything ``kg validate`` runs (SHACL with the default engine, quotes, integrity queries, HermiT)."""
    from .loading import Project
    from .validation import OWL_RULE, QUOTE_RULE, validate
    marks: list[tuple[str, float]] = []
    jvm_peak = [0.0]
    done = threading.Event()

    def sample_children() -> None:
        # HermiT's JVMs are this process's children: their peak (VmHWM after exec, sampled every 20 ms)
        # is not in this process's own. getrusage(RUSAGE_CHILDREN) would count the forked copy of this
        # process before exec too.
        while not done.wait(0.02):
            for pid in _child_pids():
                jvm_peak[0] = max(jvm_peak[0], _vmhwm_mb(pid))
    sampler = threading.Thread(target=sample_children, daemon=True)
    sampler.start()
    t0 = time.perf_counter()
    try:
        report = validate(Project(spec["root"]), progress=lambda msg: marks.append((msg, time.perf_counter())))
    finally:
        done.set()
        sampler.join()
    end = time.perf_counter()
    out["seconds"] = end - t0
    # each step's time is the time until the next one starts; HermiT runs alongside the others from
    # the start, so its phase is only the wait for it after the last of them
    out["phases"] = {name: (marks[i + 1][1] if i + 1 < len(marks) else end) - at for i, (name, at) in enumerate(marks)}
    by_rule: dict[str, int] = {}
    for f in report.violations:
        kind = "quotes" if f.rule == QUOTE_RULE else "OWL" if f.rule == OWL_RULE else \
            "checks" if f.rule.endswith("-violation") else "SHACL"
        by_rule[kind] = by_rule.get(kind, 0) + 1
    out["violations"] = len(report.violations)
    out["by_kind"] = by_rule
    out["owl"] = report.steps.get("owl", "")
    out["jvm_peak_mb"] = jvm_peak[0]


def _child_pids() -> list[int]:
    pids = []
    for task in Path("/proc/self/task").glob("*/children"):
        try:
            pids += [int(p) for p in task.read_text().split()]
        except OSError:
            pass
    return pids


def _vmhwm_mb(pid: int | str) -> float:
    """Peak resident memory (VmHWM) of a process, in MB; 0 if it cannot be read."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _child_queries(spec: dict, out: dict) -> None:
    from .loading import Project
    from .queries import load_catalogue, run_saved
    root = Path(spec["root"])
    kg, out["setup"] = _timed(lambda: _built(root))
    engine, t_engine = _timed(lambda: kg.engine("rdflib" if spec["engine"] == "rdflib" else "oxigraph"))
    out["setup"] += t_engine
    catalogue = load_catalogue(Project(root).queries_dir)
    sys.stdout.write(ITEM_TAG + json.dumps({"name": None, "setup": out["setup"]}) + "\n")  # loaded: clock starts
    sys.stdout.flush()
    results = {}
    budget = spec.get("budget")
    for name, sq in catalogue.items():
        if name in spec.get("skip", []):
            continue
        params = spec.get("params", {}).get(name, {})
        try:
            table, seconds = _timed(lambda: run_saved(engine, sq, params, check_exists=False), budget)
            results[name] = {"seconds": seconds, "rows": len(table.rows)}
        except _Timeout:
            results[name] = {"timeout": True}
        except KgError as exc:
            results[name] = {"error": exc.message}
        # one line per query, so the parent can enforce a time limit per query
        sys.stdout.write(ITEM_TAG + json.dumps({"name": name, "setup": out["setup"], **results[name]}) + "\n")
        sys.stdout.flush()
    out["queries"] = results


def _child_export(spec: dict, out: dict) -> None:
    from .export import select_graphs, serialize
    root = Path(spec["root"])
    kg = _built(root)
    context = _context(root) if spec["format"] == "json-ld" else None
    graphs = select_graphs(kg)
    if spec["engine"] == "ours":
        data, out["seconds"] = _timed(lambda: serialize(kg, spec["format"], context, graphs))
        out["bytes"] = len(data)
        return
    g = kg.to_rdflib_graph(graphs)
    del kg
    if spec["format"] == "json-ld":
        data, out["seconds"] = _timed(lambda: g.serialize(format="json-ld", context=context["@context"], encoding="utf-8"),
                                      spec.get("budget"))
    else:
        data, out["seconds"] = _timed(lambda: g.serialize(format="turtle", encoding="utf-8"), spec.get("budget"))
    out["bytes"] = len(data)


def _child_params(spec: dict, out: dict) -> None:
    """Bind each saved query's IRI parameters to a synthetic resource like the real default."""
    import pyoxigraph as ox
    from .loading import Project, load_store
    from .queries import load_catalogue, parse_param_value
    root = Path(spec["root"])
    kg = _built(root)
    real_types: dict[str, str] = {}
    try:  # the class of each default in the real project
        real = load_store(Project(spec["project"]), kinds=("data", "context"))
    except KgError:
        real = None
    by_ns = {"actor": "Actor", "place": "Place", "event": "Event", "source": "SourceDocument", "claim": "Claim",
             "figure": "Figure", "evidence": "Evidence", "assessment": "Assessment"}
    by_name = {"group": "ArmedGroup", "faction": "Faction", "actor": "Actor", "company": "Company",
               "person": "Person", "state": "State", "place": "Place", "region": "AdministrativeRegion",
               "town": "Town", "country": "Country", "event": "Event", "source": "SourceDocument",
               "note": "SourceDocument", "claim": "Claim", "figure": "Figure"}
    kg_ns = "https://w3id.org/sahel-kg/ontology/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    params: dict[str, dict[str, str]] = {}
    chosen: dict[str, str] = {}
    for name, sq in load_catalogue(Project(root).queries_dir).items():
        values = {}
        for p in sq.params:
            if p.type != "iri":
                continue
            cls = None
            if p.default:
                iri = str(parse_param_value(p, p.default))
                if real is not None:
                    types = sorted(q.object.value for q in real.quads_for_pattern(ox.NamedNode(iri), rdf_type, None)
                                   if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(kg_ns))
                    cls = types[0] if types else None
                if cls is None:
                    ns = next((k for k in by_ns if f"/id/{k}/" in iri), None)
                    cls = kg_ns + by_ns[ns] if ns else None
            if cls is None:
                key = next((k for k in by_name if k in p.name.lower()), None)
                cls = kg_ns + by_name[key] if key else None
            if cls is None:
                continue
            if cls not in chosen:
                rows = kg.engine("oxigraph").select(
                    f"SELECT ?s (COUNT(*) AS ?n) WHERE {{ ?s a <{cls}> . ?x ?p ?s "
                    f"FILTER(STRSTARTS(STR(?s), 'https://w3id.org/sahel-kg/id/')) }} GROUP BY ?s ORDER BY DESC(?n) STR(?s) LIMIT 1").rows
                if rows:
                    chosen[cls] = str(rows[0][0])
            if cls in chosen:
                values[p.name] = f"<{chosen[cls]}>"
        if values:
            params[name] = values
    out["params"] = params
    out["seconds"] = 0.0


_CHILDREN = {"load": _child_load, "build": _child_build, "shacl": _child_shacl, "validate": _child_validate,
             "queries": _child_queries, "export": _child_export, "params": _child_params}


def _child_main(argv: list[str]) -> int:
    spec = json.loads(argv[0])
    out: dict = {}
    try:
        _CHILDREN[spec["kind"]](spec, out)
    except _Timeout:
        out = {"timeout": True}
    except KgError as exc:
        out = {"error": exc.message}
    except Exception as exc:  # report, never hang the parent
        out = {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}
    out["peak_mb"] = _peak_mb()
    sys.stdout.write(RESULT_TAG + json.dumps(out) + "\n")
    sys.stdout.flush()
    return 0


# ============================================================================= the parent side

@dataclass
class Row:
    size: str
    group: str            # what is compared (e.g. "load", "query factions-and-affiliations")
    engine: str
    baseline: bool = False
    seconds: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    status: str = "ok"    # ok | skipped (baseline over budget) | stopped (ours over --query-limit) | error
    detail: str = ""
    target_ref: bool = False   # the reference of a target (Oxigraph's bulk load)
    raw: list[dict] = field(default_factory=list, repr=False)

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None


def _run_child(spec: dict, timeout: float) -> dict:
    cmd = [sys.executable, "-c", "import sys; from kg.bench import _child_main; sys.exit(_child_main(sys.argv[1:]))",
           json.dumps(spec)]
    env = dict(os.environ)
    env.pop("KG_ROOT", None)
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    for line in proc.stdout.splitlines():
        if line.startswith(RESULT_TAG):
            return json.loads(line[len(RESULT_TAG):])
    tail = (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}, no output"])[-1]
    return {"error": tail[:200]}


def _run_query_children(spec: dict, names: list[str], limit: float, setup_timeout: float) -> dict:
    """Run the saved queries of ``spec`` in children, each query within ``limit`` seconds.

    A child runs the queries in catalogue order and reports each as it ends; when one runs past
    the limit the child is killed, the query is reported ``{"timeout": True}``, and a new child
    goes on with the rest. Returns {"queries": {name: result}, "setup": s, "peak_mb": MB}.
    """
    import select
    todo = [n for n in names if n not in spec.get("skip", [])]
    out: dict = {"queries": {}, "setup": None, "peak_mb": 0.0}
    cmd = [sys.executable, "-c", "import sys; from kg.bench import _child_main; sys.exit(_child_main(sys.argv[1:]))"]
    env = dict(os.environ)
    env.pop("KG_ROOT", None)
    while todo:
        child_spec = dict(spec, skip=[n for n in names if n not in todo])
        proc = subprocess.Popen(cmd + [json.dumps(child_spec)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env)
        deadline = time.monotonic() + setup_timeout + limit
        finished = False
        while True:
            wait = deadline - time.monotonic()
            ready = select.select([proc.stdout], [], [], max(wait, 0))[0] if wait > 0 else []
            if not ready:  # the current query ran out of time
                proc.kill()
                proc.wait()
                out["queries"][todo.pop(0)] = {"timeout": True}
                break
            line = proc.stdout.readline()
            if not line:  # the child ended
                proc.wait()
                finished = True
                break
            if line.startswith(ITEM_TAG):
                item = json.loads(line[len(ITEM_TAG):])
                out["setup"] = item.pop("setup")
                name = item.pop("name")
                deadline = time.monotonic() + limit
                if name is None:  # the graph is loaded: the first query's clock starts now
                    continue
                out["queries"][name] = item
                if name in todo:
                    todo.remove(name)
                deadline = time.monotonic() + limit
            elif line.startswith(RESULT_TAG):
                res = json.loads(line[len(RESULT_TAG):])
                out["peak_mb"] = max(out["peak_mb"], res.get("peak_mb", 0.0))
                if "error" in res:
                    out["error"] = res["error"]
        if finished and todo:  # ended without reporting some queries: an error
            err = proc.stderr.read().strip().splitlines() if proc.stderr else []
            out.setdefault("error", (err or [f"exit {proc.returncode}"])[-1][:200])
            break
    return out


def _fmt_s(x: float | None) -> str:
    if x is None:
        return "—"
    if x < 0.01:
        return f"{x * 1000:.2f} ms"
    if x < 1:
        return f"{x * 1000:.0f} ms"
    return f"{x:.2f} s"


SIZE_ORDER = {"10k": 1, "100k": 2, "1m": 3}


@dataclass
class Bench:
    project: object
    sizes: list[str]
    runs: int
    budget: float
    work: Path
    seed: int
    violations: int
    note_runs: int
    query_limit: float = DEFAULT_QUERY_LIMIT
    log: object = print
    step_limit: float = OUR_TIMEOUT
    baselines_up_to: int | None = None
    rows: list[Row] = field(default_factory=list)
    corpora: dict[str, dict] = field(default_factory=dict)
    history: dict[tuple[str, str], tuple[int, float | None, bool]] = field(default_factory=dict)
    note: list[Row] = field(default_factory=list)

    # -- skipping baselines that cannot finish within the budget
    def _predict_skip(self, key: tuple[str, str], quads: int) -> str | None:
        prev = self.history.get(key)
        if prev is None:
            return None
        p_quads, p_median, p_timeout = prev
        if p_timeout:
            return f"ran out of budget at {p_quads:,} triples"
        if p_median is not None and p_median * quads / p_quads > self.budget:
            return f"{_fmt_s(p_median)} at {p_quads:,} triples scales past the budget"
        return None

    def step(self, size: str, group: str, engine: str, spec: dict, *, baseline: bool = False,
             target_ref: bool = False, detail_fn=None) -> Row:
        row = Row(size, group, engine, baseline, target_ref=target_ref)
        self.rows.append(row)
        key = (group, engine)
        quads = self.corpora[size]["quads"]
        if baseline and self.baselines_up_to is not None and quads > self.baselines_up_to * 1.2:
            row.status, row.detail = "skipped", f"not run (--baselines-up-to {self.baselines_up_to:,})"
            self.log(f"  {group:<40} {engine:<22} not run")
            return row
        if baseline:
            why = self._predict_skip(key, quads)
            if why:
                row.status, row.detail = "skipped", f"skipped (> budget): {why}"
                self.history[key] = (quads, None, True)
                self.log(f"  {group:<40} {engine:<22} skipped (> budget)")
                return row
            spec = dict(spec, budget=self.budget)
        timeout = (3 * self.budget + 120) if baseline else self.step_limit
        results = []
        for _ in range(self.runs):
            res = _run_child(spec, timeout)
            row.peak_mb = max(row.peak_mb, res.get("peak_mb", 0.0))
            if res.get("timeout") and not baseline:
                row.status, row.detail = "stopped", f"stopped after {self.step_limit:g} s (--step-limit)"
                break
            if res.get("timeout"):
                row.status, row.detail = "skipped", f"skipped (> budget of {self.budget:.0f} s)"
                break
            if "error" in res:
                row.status, row.detail = "error", res["error"]
                break
            row.seconds.append(res["seconds"])
            results.append(res)
            if baseline and res["seconds"] > self.budget / 4:
                break  # a slow baseline runs once: its order of magnitude is what matters
        row.raw = results
        if results and detail_fn:
            row.detail = detail_fn(results)
        self.history[key] = (quads, row.median, row.status == "skipped")
        self.log(f"  {group:<40} {engine:<22} {self._cell(row)}  peak {row.peak_mb:.0f} MB  {row.detail}")
        return row

    @staticmethod
    def _cell(row: Row) -> str:
        if row.status == "skipped":
            return "not run" if row.detail.startswith("not run") else "skipped (> budget)"
        if row.status == "error":
            return "error"
        if row.status == "stopped":
            return "stopped (> limit)"
        return _fmt_s(row.median)

    def run_size(self, size: str) -> None:
        from .synth import parse_size, write_corpus
        target = parse_size(size)
        folder = self.work / f"synth-{size}"
        self.log(f"== {size}: corpus in {folder}")
        t0 = time.perf_counter()
        manifest = write_corpus(folder, target, self.seed, self.violations, self.project, reuse=True)
        manifest = dict(manifest, generation_seconds=time.perf_counter() - t0)
        self.corpora[size] = manifest
        planted = len(manifest["violations"])
        self.log(f"  {manifest['notes']} notes, {manifest['quads']:,} data quads, {planted} planted violations")
        root = str(folder)

        def phases(results):
            ph = results[0].get("phases", {})
            keys = list(ph)
            med = {k: statistics.median(r["phases"][k] for r in results) for k in keys}
            return ", ".join(f"{k} {_fmt_s(v)}" for k, v in med.items())

        # --- load
        self.step(size, "load", "ours (load_store)", {"kind": "load", "root": root, "engine": "ours"},
                  detail_fn=lambda r: f"{r[0]['quads']:,} quads")
        self.step(size, "load", "oxigraph bulk_load", {"kind": "load", "root": root, "engine": "oxigraph-bulk"},
                  target_ref=True, detail_fn=lambda r: "same Turtle files, Store.bulk_load per file")
        self.step(size, "load", "oxigraph bulk_load .nq", {"kind": "load", "root": root, "engine": "oxigraph-bulk-nq"},
                  detail_fn=lambda r: "one N-Quads file (corpus.nq) + ontology")
        self.step(size, "load", "rdflib parse", {"kind": "load", "root": root, "engine": "rdflib"}, baseline=True,
                  detail_fn=lambda r: "same Turtle files into an rdflib Dataset")
        # --- build
        build = self.step(size, "derive", "ours (derive on oxigraph)", {"kind": "build", "root": root, "engine": "ours"},
                          detail_fn=lambda r: f"{r[0]['derived']:,} derived triples; " + phases(r))
        if build.status == "ok":
            total = Row(size, "kg build total", "ours (load+derive+write kg.nq)",
                        seconds=[r["phases"]["total"] for r in build.raw], peak_mb=build.peak_mb,
                        detail="same processes as derive")
            self.rows.append(total)
        self.step(size, "derive", "rdflib (same rules)", {"kind": "build", "root": root, "engine": "rdflib"},
                  baseline=True, detail_fn=lambda r: f"{r[0]['derived']:,} derived triples")
        # --- SHACL
        def shacl_detail(r):
            return f"{r[0]['violations']} violations (planted {planted}); " + phases(r)
        self.step(size, "SHACL (load included)", "pyshacl", {"kind": "shacl", "root": root, "engine": "pyshacl"},
                  baseline=True, detail_fn=shacl_detail)
        self.step(size, "SHACL (load included)", "turbo (run_shacl)", {"kind": "shacl", "root": root, "engine": "turbo"},
                  detail_fn=shacl_detail)
        # --- the whole of `kg validate` (SHACL, quotes, integrity queries, HermiT), as analysts run it
        def validate_detail(r):
            kinds = ", ".join(f"{k} {v}" for k, v in sorted(r[0]["by_kind"].items())) or "none"
            jvm = max(x.get("jvm_peak_mb", 0.0) for x in r)
            return (f"{r[0]['violations']} violations ({kinds}); OWL: {r[0]['owl'] or 'not run'}; " + phases(r) +
                    f"; HermiT's JVMs' peak {jvm:,.0f} MB (sampled; not in the peak RSS column)")
        self.step(size, "kg validate (all checks)", "ours (turbo + HermiT)", {"kind": "validate", "root": root},
                  detail_fn=validate_detail)
        # --- queries (on the built graph)
        if build.status != "ok" and (folder / "build" / "kg.nq").is_file():
            build.detail += ("; queries and exports below run on build/kg.nq left by an earlier build of the same "
                             "corpus (same derived triples)")
        if build.status == "ok" or (folder / "build" / "kg.nq").is_file():
            self.queries(size, root)
            for fmt in ("turtle", "json-ld"):
                self.step(size, f"export {fmt}", "ours (kg.export)", {"kind": "export", "root": root, "engine": "ours",
                                                                       "format": fmt},
                          detail_fn=lambda r: f"{r[0]['bytes'] / 1e6:.1f} MB")
                self.step(size, f"export {fmt}", "rdflib serialize", {"kind": "export", "root": root, "engine": "rdflib",
                                                                        "format": fmt},
                          baseline=True, detail_fn=lambda r: f"{r[0]['bytes'] / 1e6:.1f} MB")

    def queries(self, size: str, root: str) -> None:
        params_res = _run_child({"kind": "params", "root": root, "project": str(self.project.root)}, OUR_TIMEOUT)
        params = params_res.get("params", {})
        quads = self.corpora[size]["quads"]
        runs: dict[str, list[dict]] = {"ours": [], "rdflib": []}
        peaks = {"ours": 0.0, "rdflib": 0.0}
        from .queries import load_catalogue
        names = list(load_catalogue(Path(root) / "queries"))
        skip_rdflib = []
        no_baseline = self.baselines_up_to is not None and quads > self.baselines_up_to * 1.2
        for name in names:
            why = self._predict_skip((f"query {name}", "rdflib"), quads)
            if why or no_baseline:
                skip_rdflib.append(name)
        for engine in ("ours", "rdflib"):
            skip = list(skip_rdflib) if engine == "rdflib" else []
            for _ in range(self.runs):
                if len(skip) == len(names):
                    break
                spec = {"kind": "queries", "root": root, "engine": "rdflib" if engine == "rdflib" else "oxigraph",
                        "params": params, "skip": skip}
                if engine == "rdflib":
                    spec["budget"] = self.budget
                limit = self.budget + 30 if engine == "rdflib" else self.query_limit
                res = _run_query_children(spec, names, limit, setup_timeout=1800)
                peaks[engine] = max(peaks[engine], res.get("peak_mb", 0.0))
                runs[engine].append(res)
                # a query out of time is not run again; nor is a slow baseline
                skip += [n for n, r in res.get("queries", {}).items()
                         if r.get("timeout") or (engine == "rdflib" and r.get("seconds", 0) > self.budget / 4)]
        for name in names:
            group = f"query {name}"
            for engine, label in (("ours", "ours (oxigraph)"), ("rdflib", "rdflib")):
                row = Row(size, group, label, baseline=engine == "rdflib", peak_mb=peaks[engine])
                self.rows.append(row)
                got = [r.get("queries", {}).get(name) for r in runs[engine]]
                got = [g for g in got if g is not None]
                errors = [r.get("error") for r in runs[engine] if r.get("error")]
                if engine == "rdflib" and name in skip_rdflib:
                    row.status = "skipped"
                    why = self._predict_skip((group, 'rdflib'), quads)
                    row.detail = (f"skipped (> budget): {why}" if why else
                                  f"not run (--baselines-up-to {self.baselines_up_to:,})")
                elif any(g.get("timeout") for g in got) and engine == "rdflib":
                    row.status, row.detail = "skipped", f"skipped (> budget of {self.budget:.0f} s)"
                elif any(g.get("timeout") for g in got):
                    row.status, row.detail = "stopped", f"stopped after {self.query_limit:g} s (--query-limit)"
                elif any("error" in g for g in got) or errors:
                    row.status = "error"
                    row.detail = next((g["error"] for g in got if "error" in g), errors[0] if errors else "")
                else:
                    row.seconds = [g["seconds"] for g in got]
                    row.detail = f"{got[0]['rows']} rows" + (f"; params {params[name]}" if name in params and engine == "ours" else "")
                    if engine == "ours":
                        setup = statistics.median(r.get("setup") or 0.0 for r in runs[engine])
                        row.detail += f"; graph loaded in {_fmt_s(setup)} (not counted)"
                self.history[(group, label if engine == "ours" else "rdflib")] = (quads, row.median, row.status == "skipped")
                self.log(f"  {group:<40} {label:<22} {self._cell(row)}  {row.detail}")

    def note_step(self) -> None:
        """The real note: ``kg build`` then ``kg validate``, cold (fresh processes), several runs."""
        commands = [("kg build", ["build"]), ("kg validate", ["validate"]),
                    ("kg validate --shacl-engine turbo", ["validate", "--shacl-engine", "turbo"]),
                    ("kg validate --no-reasoner --shacl-engine turbo", ["validate", "--no-reasoner", "--shacl-engine", "turbo"])]
        kg_cmd = [sys.executable, "-c", "import sys; from kg.cli import main; sys.exit(main())"]
        with tempfile.TemporaryDirectory(prefix="kg-bench-note-") as tmp:
            env = dict(os.environ, KG_ROOT=str(self.project.root), KG_BUILD_DIR=tmp)
            for label, args in commands:
                row = Row("note", label, "wall, fresh process")
                self.note.append(row)
                codes = set()
                for _ in range(self.note_runs):
                    with tempfile.TemporaryFile() as err:
                        t0 = time.perf_counter()
                        proc = subprocess.Popen(kg_cmd + args, stdout=subprocess.DEVNULL, stderr=err, env=env)
                        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak RSS
                        row.seconds.append(time.perf_counter() - t0)
                        proc.returncode = os.waitstatus_to_exitcode(status)
                        err.seek(0)
                        stderr = err.read().decode("utf-8", "replace")
                    row.peak_mb = max(row.peak_mb, usage.ru_maxrss / 1024)
                    codes.add(proc.returncode)
                    if proc.returncode not in (0, 1):
                        row.status = "error"
                        row.detail = (stderr.strip().splitlines() or ["?"])[-1][:200]
                        break
                if row.status == "ok":
                    row.detail = "exit " + "/".join(map(str, sorted(codes))) + " (0: success/conforms, 1: violations found)"
                self.log(f"  {label:<48} {self._cell(row)}  {row.detail}")


# ============================================================================= targets and report

TARGETS = (
    ("queries-1m", "every saved query at 1M triples: median ≤ 1 s"),
    ("queries-100k", "every saved query at 100k triples: ≥ 100× faster than rdflib's engine"),
    ("load-1m", "loading 1M triples: ≤ 2× Oxigraph's own bulk load (same run)"),
    ("shacl-1m", "SHACL validation of 1M triples, load included: ≤ 30 s and peak memory ≤ 3 GB"),
    ("note", "the note: `kg build` then `kg validate`, cold: ≤ 3 s wall each"),
    ("memory-1m", "memory at 1M triples for build and query: ≤ 2 GB peak"),
)


def _find(rows, size, group, engine_prefix) -> Row | None:
    return next((r for r in rows if r.size == size and r.group == group and r.engine.startswith(engine_prefix)), None)


def evaluate_targets(bench: Bench) -> list[tuple[str, str, str]]:
    """(target, MET/MISSED/NOT MEASURED, explanation)."""
    rows, out = bench.rows, []
    big = "1m" if "1m" in bench.corpora else None
    why_not = "1m not in --sizes" if "1m" not in bench.sizes else "1m not run (yet)"
    # queries at 1M
    if big:
        qs = [r for r in rows if r.size == big and r.group.startswith("query ") and not r.baseline]
        bad = [r for r in qs if r.status != "ok" or (r.median or 0) > 1.0]
        if not qs:
            out.append((TARGETS[0][1], "NOT MEASURED", "no saved queries"))
        elif not bad:
            worst = max(qs, key=lambda r: r.median)
            out.append((TARGETS[0][1], "MET", f"slowest: {worst.group[6:]} {_fmt_s(worst.median)}"))
        else:
            out.append((TARGETS[0][1], "MISSED", "; ".join(
                f"{r.group[6:]}: {_fmt_s(r.median) if r.status == 'ok' else r.status} "
                f"({'+' + _fmt_s(r.median - 1.0) if r.status == 'ok' else r.detail})" for r in bad)))
    else:
        out.append((TARGETS[0][1], "NOT MEASURED", why_not))
    # queries at 100k vs rdflib
    if "100k" in bench.corpora:
        parts, missed = [], []
        for r in rows:
            if r.size != "100k" or not r.group.startswith("query ") or r.baseline:
                continue
            base = _find(rows, "100k", r.group, "rdflib")
            if r.status != "ok" or base is None:
                missed.append(f"{r.group[6:]}: ours {r.status}")
                continue
            if base.status == "ok":
                ratio = base.median / max(r.median, 1e-9)
                text = f"{r.group[6:]} ×{ratio:,.0f}"
            elif base.status == "skipped":
                ratio = bench.budget / max(r.median, 1e-9)
                text = f"{r.group[6:]} ≥ ×{ratio:,.0f} (rdflib > budget)"
            else:
                missed.append(f"{r.group[6:]}: rdflib {base.detail}")
                continue
            (parts if ratio >= 100 else missed).append(text + ("" if ratio >= 100 else f" (short by ×{100 / ratio:.1f})"))
        status = "MET" if parts and not missed else ("MISSED" if missed else "NOT MEASURED")
        out.append((TARGETS[1][1], status, "; ".join(missed + parts)))
    else:
        out.append((TARGETS[1][1], "NOT MEASURED", "100k not in --sizes"))
    # load at 1M
    if big:
        ours, ref = _find(rows, big, "load", "ours"), _find(rows, big, "load", "oxigraph bulk_load")
        if ours and ref and ours.status == ref.status == "ok":
            ratio = ours.median / ref.median
            out.append((TARGETS[2][1], "MET" if ratio <= 2 else "MISSED",
                        f"ours {_fmt_s(ours.median)} = ×{ratio:.2f} Oxigraph bulk_load ({_fmt_s(ref.median)})"
                        + ("" if ratio <= 2 else f": {ratio - 2:.2f}× over")))
        else:
            out.append((TARGETS[2][1], "NOT MEASURED", "a load step failed"))
        # SHACL
        shacl = [r for r in rows if r.size == big and r.group.startswith("SHACL") and r.status == "ok"]
        ok = [r for r in shacl if r.median <= 30 and r.peak_mb <= 3072]
        detail = "; ".join(f"{r.engine}: {_fmt_s(r.median)}, {r.peak_mb / 1024:.2f} GB ({r.detail})" for r in shacl)
        skipped = [r for r in rows if r.size == big and r.group.startswith("SHACL") and r.status != "ok"]
        detail += "".join(f"; {r.engine}: {r.detail}" for r in skipped)
        default = _find(rows, big, "SHACL (load included)", "turbo (run_shacl)")
        status = "MET" if default in ok else ("MET only with " + ", ".join(r.engine for r in ok) if ok else
                                              ("MISSED" if shacl else "NOT MEASURED"))
        out.append((TARGETS[3][1], status, detail))
    else:
        out.append((TARGETS[2][1], "NOT MEASURED", why_not))
        out.append((TARGETS[3][1], "NOT MEASURED", why_not))
    # note
    if bench.note:
        parts, missed = [], False
        for r in bench.note:
            if r.status != "ok":
                parts.append(f"{r.group}: {r.detail}")
                missed = True
                continue
            parts.append(f"{r.group}: median {_fmt_s(r.median)} (max {_fmt_s(max(r.seconds))})")
            if r.group in ("kg build", "kg validate") and r.median > 3:
                missed = True
        out.append((TARGETS[4][1], "MISSED" if missed else "MET", "; ".join(parts)))
    else:
        out.append((TARGETS[4][1], "NOT MEASURED", "--note-runs 0" if not bench.note_runs else "not run (yet)"))
    # memory
    if big:
        mem = [r for r in rows if r.size == big and r.status == "ok" and not r.baseline
               and (r.group == "derive" or r.group.startswith("query "))]
        if mem:
            worst = max(mem, key=lambda r: r.peak_mb)
            build = _find(rows, big, "derive", "ours")
            query = next((r for r in mem if r.group.startswith("query ")), None)
            out.append((TARGETS[5][1], "MET" if worst.peak_mb <= 2048 else "MISSED",
                        f"build {build.peak_mb / 1024:.2f} GB, query {query.peak_mb / 1024 if query else 0:.2f} GB"
                        + ("" if worst.peak_mb <= 2048 else f": {(worst.peak_mb - 2048) / 1024:.2f} GB over")))
        else:
            out.append((TARGETS[5][1], "NOT MEASURED", "build/query failed"))
    else:
        out.append((TARGETS[5][1], "NOT MEASURED", why_not))
    return out


def _machine() -> dict:
    info = {"nproc": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                info["memory"] = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        cpu = [l for l in Path("/proc/cpuinfo").read_text().splitlines() if l.startswith("model name")]
        if cpu:
            info["cpu"] = cpu[0].split(":", 1)[1].strip()
    except OSError:
        pass
    try:
        info["nproc"] = len(os.sched_getaffinity(0))
    except AttributeError:
        pass
    from importlib.metadata import PackageNotFoundError, version
    libs = {}
    for lib in ("pyoxigraph", "rdflib", "pyshacl", "pyshacl-turbo", "oxrdflib", "owlready2", "sahel-kg"):
        try:
            libs[lib] = version(lib)
        except PackageNotFoundError:
            libs[lib] = "not installed"
    info["libraries"] = libs
    try:
        info["load average"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        pass
    return info


def _ratio_cell(row: Row, rows: list[Row], budget: float) -> str:
    if row.baseline or row.status != "ok":
        return "baseline" if row.baseline else "—"
    base = next((r for r in rows if r.size == row.size and r.group == row.group and r.baseline), None)
    if base is None:
        return "—"
    if base.status == "ok" and base.median:
        ratio = base.median / max(row.median, 1e-9)
        return f"×{ratio:,.1f}" if ratio < 100 else f"×{ratio:,.0f}"
    if base.status == "skipped":
        return f"≥ ×{budget / max(row.median, 1e-9):,.0f}"
    return "—"


def render_table(bench: Bench) -> str:
    lines = []
    for size in bench.sizes:
        m = bench.corpora.get(size)
        if not m:
            continue
        lines.append(f"\n### {size}: {m['quads']:,} data triples in {m['notes']} notes "
                     f"({len(m['violations'])} planted violations; ontology and taxonomy added on load)\n")
        lines.append("| step | engine | median | runs | peak RSS | vs rdflib baseline | notes |")
        lines.append("|---|---|---|---|---|---|---|")
        for r in bench.rows:
            if r.size != size:
                continue
            cell = Bench._cell(r)
            lines.append(f"| {r.group} | {r.engine} | {cell} | {len(r.seconds)} | {r.peak_mb:,.0f} MB | "
                         f"{_ratio_cell(r, bench.rows, bench.budget)} | {r.detail.replace('|', '/')} |")
    if bench.note:
        lines.append("\n### The note (real project, cold `kg` processes)\n")
        lines.append("| command | median | max | runs | peak RSS | notes |")
        lines.append("|---|---|---|---|---|---|")
        for r in bench.note:
            lines.append(f"| `{r.group}` | {Bench._cell(r)} | {_fmt_s(max(r.seconds)) if r.seconds else '—'} | "
                         f"{len(r.seconds)} | {r.peak_mb:,.0f} MB | {r.detail} |")
    return "\n".join(lines) + "\n"


#: A line in the results file after which the text is written by hand (analysis) and kept by every run.
KEEP_MARKER = "<!-- kg bench keeps everything below this line: analysis written by hand -->"


def kept_analysis(path: Path) -> str:
    """The hand-written part of an existing results file (from :data:`KEEP_MARKER` on), or ""."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError:
        return ""
    at = text.find(KEEP_MARKER)
    return text[at:] if at >= 0 else ""


def render_report(bench: Bench, argv: list[str], started: str, elapsed: float, kept: str = "") -> str:
    m = _machine()
    libs = ", ".join(f"{k} {v}" for k, v in m["libraries"].items())
    out = ["# Benchmark results", "",
           f"Generated by `kg bench {' '.join(argv)}` (code: src/kg/bench.py, corpora: src/kg/synth.py) "
           f"on {started}, {elapsed / 60:.1f} min in all.", "",
           "## Machine", "",
           f"- {m.get('nproc')} cores available ({m.get('cpu', '?')}), {m.get('memory', '?')} memory, "
           f"load average at the end {m.get('load average', '?')} (a machine shared with other work)",
           f"- Python {m['python']} on {m['platform']}",
           f"- {libs}", "",
           "## Method", "",
           f"Synthetic corpora from `kg.synth` (seed {bench.seed}, {bench.violations} planted violations each), "
           "written as a project folder (one named graph and one text per note). Every measured step runs "
           f"{bench.runs}× in a fresh subprocess; the table gives the median and the largest peak RSS "
           "(VmHWM of the step's process: Python, imports, loading and the step). rdflib baselines stop at the "
           f"budget of {bench.budget:.0f} s. Query times exclude loading the built graph (given in the notes). "
           "`vs rdflib baseline` is the baseline's median divided by the row's (≥ when the baseline ran out of budget).",
           ]
    out.append(render_table(bench))
    out += ["## Targets", "", "| target | result | measured |", "|---|---|---|"]
    for target, status, detail in evaluate_targets(bench):
        out.append(f"| {target} | **{status}** | {detail.replace('|', '/')} |")
    out.append("")
    if kept:
        out += [kept.rstrip("\n"), ""]
    return "\n".join(out)


def run_bench(project, sizes: list[str], runs: int = 3, budget: float = DEFAULT_BUDGET, work: Path | None = None,
              seed: int = 1, violations: int = 20, note_runs: int = 5, log=print,
              query_limit: float = DEFAULT_QUERY_LIMIT, after_size=None, step_limit: float = OUR_TIMEOUT,
              baselines_up_to: int | None = None) -> Bench:
    work = Path(work) if work else Path(project.build_dir) / "bench"
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(project, sizes, runs, budget, work, seed, violations, note_runs, query_limit, log,
                  step_limit, baselines_up_to)
    for size in sorted(sizes, key=lambda s: SIZE_ORDER.get(s, 99)):
        try:
            bench.run_size(size)
        except KgError as exc:  # report what ran; the size shows the error
            bench.rows.append(Row(size, "corpus", "kg.synth", status="error", detail=exc.message))
            log(f"  error: {exc.message}")
        if after_size:
            after_size(bench)
    if note_runs:
        log("== the note: cold kg build / kg validate")
        bench.note_step()
    return bench


# ============================================================================= the CLI

def _sizes(text: str) -> list[str]:
    from .synth import parse_size
    sizes = [s.strip().lower() for s in text.split(",") if s.strip()]
    for s in sizes:
        parse_size(s)
    return sizes


def cmd_bench(args: argparse.Namespace) -> int:
    from .files import atomic_writer
    from .loading import find_project
    from .synth import parse_size
    project = find_project()
    started = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    t0 = time.perf_counter()
    argv = [f"--sizes {args.sizes}", f"--runs {args.runs}", f"--budget {args.budget:g}",
            f"--query-limit {args.query_limit:g}"]
    if args.step_limit != OUR_TIMEOUT:
        argv.append(f"--step-limit {args.step_limit:g}")
    if args.baselines_up_to:
        argv.append(f"--baselines-up-to {args.baselines_up_to}")
    out = args.out if args.out is not None else project.root / "benchmarks" / "RESULTS.md"

    kept = kept_analysis(Path(out))

    def partial(b: Bench) -> None:  # the results so far, so that an interrupted run still leaves a report
        with atomic_writer(Path(out), "w") as fh:
            fh.write(render_report(b, argv, started, time.perf_counter() - t0, kept))

    bench = run_bench(project, _sizes(args.sizes), args.runs, args.budget, args.work, args.seed, args.violations,
                      args.note_runs, log=lambda s: print(s, flush=True), query_limit=args.query_limit,
                      after_size=partial, step_limit=args.step_limit,
                      baselines_up_to=parse_size(args.baselines_up_to) if args.baselines_up_to else None)
    report = render_report(bench, argv, started, time.perf_counter() - t0, kept)
    print(render_table(bench))
    for target, status, detail in evaluate_targets(bench):
        print(f"{status:>12}  {target}: {detail}")
    with atomic_writer(Path(out), "w") as fh:
        fh.write(report)
    if args.json:
        with atomic_writer(Path(args.json), "w") as fh:
            json.dump({"rows": [{k: v for k, v in r.__dict__.items() if k != "raw"} for r in bench.rows + bench.note],
                       "corpora": {k: {kk: vv for kk, vv in v.items() if kk != "violations"} | {"planted": len(v["violations"])}
                                   for k, v in bench.corpora.items()},
                       "targets": evaluate_targets(bench)}, fh, indent=1, ensure_ascii=False)
    print(f"Wrote {out}", file=sys.stderr)
    return EXIT_OK


def cmd_synth(args: argparse.Namespace) -> int:
    from .loading import find_project
    from .synth import parse_size, write_corpus
    manifest = write_corpus(args.out, parse_size(args.triples), args.seed, args.violations, find_project())
    print(f"Wrote {manifest['quads']:,} quads in {manifest['notes']} notes to {args.out} "
          f"({len(manifest['violations'])} planted violations, listed in {Path(args.out) / 'manifest.json'})")
    return EXIT_OK


def add_commands(sub) -> None:
    p = sub.add_parser("bench", help="benchmark load, build, SHACL, saved queries and export on synthetic corpora")
    p.add_argument("--sizes", default="10k,100k,1m", help="corpus sizes in data triples (default 10k,100k,1m)")
    p.add_argument("--runs", type=int, default=3, help="runs of each step; the median is reported (default 3)")
    p.add_argument("--budget", type=float, default=DEFAULT_BUDGET,
                   help=f"seconds an rdflib baseline may take before it is skipped (default {DEFAULT_BUDGET:g})")
    p.add_argument("--out", type=Path, help="Markdown results file (default benchmarks/RESULTS.md)")
    p.add_argument("--json", type=Path, help="also write the raw results as JSON")
    p.add_argument("--work", type=Path, help="folder for the corpora (default build/bench; kept between runs)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--violations", type=int, default=20, help="planted violations per corpus (default 20)")
    p.add_argument("--query-limit", type=float, default=DEFAULT_QUERY_LIMIT,
                   help=f"seconds after which one of our saved queries is stopped (default {DEFAULT_QUERY_LIMIT:g})")
    p.add_argument("--step-limit", type=float, default=OUR_TIMEOUT,
                   help=f"seconds after which one of our own steps is stopped (default {OUR_TIMEOUT:g})")
    p.add_argument("--baselines-up-to", metavar="SIZE",
                   help="run the rdflib baselines only up to this size (e.g. 100k); beyond it they are not run")
    p.add_argument("--note-runs", type=int, default=5, help="cold runs of kg build / kg validate on the note (0: skip)")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("synth", help="write a synthetic corpus (a project folder) for tests and benchmarks")
    p.add_argument("out", type=Path)
    p.add_argument("--triples", default="10k", help="target number of data triples (10k, 100k, 1m…)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--violations", type=int, default=10, help="resources that each break one shape rule")
    p.set_defaults(func=cmd_synth)


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/run.py [options]``: the same as ``kg bench [options]``."""
    from .cli import main as kg_main
    return kg_main(["bench", *(argv if argv is not None else sys.argv[1:])])
