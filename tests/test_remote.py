"""Remote SPARQL stores: `kg push`, queries on a real Oxigraph server, and every fault a store can cause.

The server tests start a real ``oxigraph serve --union-default-graph`` (tests/remote_server.py); the
fault tests use tiny stub HTTP servers on 127.0.0.1. The CLI runs in-process (``kg.cli.main``) and,
in a few tests, as a subprocess (``python -m kg``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

import kg.remote
from kg.cli import main
from kg.errors import KgError
from kg.namespaces import GRAPH
from kg.queries import load_catalogue, run_saved
from kg.remote import Connection, Credentials, RemoteEngine, public_url, service_url
from kg.store import prefix_block

from remote_server import (  # noqa: F401 - fixtures are used by name
    OxigraphServer, Reply, free_port, kg_env, oxigraph, snapshot, stub, virtuoso,
)

pytestmark = pytest.mark.server

ONTOLOGY = str(GRAPH.ontology)
GAZETTEER = str(GRAPH.gazetteer)
SECRET = "secret-value"
SELECT_ONE = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"

#: Fixed ad-hoc queries, so the parity test is never vacuous: every triple of the union default graph
#: (all term kinds: IRIs, typed and language-tagged literals), counts per named graph, and an
#: OPTIONAL leaving variables unbound.
AD_HOC = {
    "all-triples": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
    "per-graph": "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "labels": ("SELECT ?s ?label (LANG(?label) AS ?lang) ?comment WHERE { ?s rdfs:label ?label "
               "OPTIONAL { ?s rdfs:comment ?comment } } ORDER BY ?s ?label ?comment"),
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got: {err!r}"
    assert lines[0].startswith("kg: error: "), lines[0]
    return lines[0]


def key(row) -> tuple[str, ...]:
    """A row as N3 strings: lexical forms, datatypes and language tags all count."""
    return tuple("" if t is None else t.n3() for t in row)


def ordered(text: str) -> bool:
    return re.search(r"\bORDER\s+BY\b", text, re.IGNORECASE) is not None


def assert_same_rows(local, remote, in_order: bool, what: str) -> None:
    assert remote.columns == local.columns, what
    lrows, rrows = [key(r) for r in local.rows], [key(r) for r in remote.rows]
    if in_order:
        assert rrows == lrows, f"{what}: rows differ (in order)"
    else:
        assert sorted(rrows) == sorted(lrows), f"{what}: rows differ"


def graph_counts(graph) -> dict[str, int]:
    return {g.value: sum(1 for _ in graph.quads([g])) for g in graph.graphs()}


def sample_value(param) -> str:
    return {"date": "2025-01-01", "integer": "1", "decimal": "1.5", "string": "x"}.get(param.type, "actor:jnim")


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(kg.remote, "BACKOFF", (0.05, 0.1))


# ----------------------------------------------------------------------------- pure functions

def test_service_urls_for_each_store():
    assert service_url("http://h:7878/query", "store") == "http://h:7878/store"
    assert service_url("http://h:7878/query", "update") == "http://h:7878/update"
    assert service_url("http://h:3030/ds/sparql", "store") == "http://h:3030/ds/data"
    assert service_url("http://h:3030/ds/sparql", "update") == "http://h:3030/ds/update"
    assert service_url("http://h:7200/repositories/kg", "store") == "http://h:7200/repositories/kg/rdf-graphs/service"
    assert service_url("http://h:7200/repositories/kg", "update") == "http://h:7200/repositories/kg/statements"
    assert service_url("http://h:8890/sparql", "store") == "http://h:8890/sparql-graph-crud"
    assert service_url("http://h:8890/sparql", "update") == "http://h:8890/sparql"
    assert service_url("http://h/somewhere", "store") is None


def test_userinfo_is_stripped_and_refused():
    assert public_url("http://alice:pw@h:1/query") == "http://h:1/query"
    with pytest.raises(KgError) as exc:
        Connection("http://alice:pw@h:1/query")
    assert "pw" not in exc.value.message and "KG_USER" in exc.value.message


def test_credentials_come_from_the_environment_only():
    assert Credentials.from_env({}).header() is None
    basic = Credentials.from_env({"KG_USER": "alice", "KG_PASSWORD": SECRET})
    assert basic.header().startswith("Basic ") and SECRET not in repr(basic)
    assert Credentials.from_env({"KG_TOKEN": "t0ken"}).header() == "Bearer t0ken"
    with pytest.raises(KgError):
        Credentials.from_env({"KG_TOKEN": "t", "KG_USER": "u"})


# ----------------------------------------------------------------------------- parity with the embedded engine

def test_push_then_every_saved_query_matches_the_embedded_engine(kg_env, oxigraph, capsys):
    project, built = kg_env
    code, out, err = run(capsys, "push", "--endpoint", oxigraph.endpoint)
    assert code == 0, err
    assert "warning" not in err
    local_counts = graph_counts(built)
    for g, n in local_counts.items():  # one summary line per graph: triples and seconds
        short = "graph:" + g.rsplit("/", 1)[1]
        assert re.search(rf"^{re.escape(short)}: {n} triples added in \d+\.\d\d s$", out, re.M), out
    assert oxigraph.graph_counts() == local_counts
    assert oxigraph.count() == len(built)  # the union default graph sees every graph

    local, remote = built.engine("oxigraph"), RemoteEngine(oxigraph.endpoint)
    compared = 0
    for name, text in AD_HOC.items():
        query = prefix_block() + text
        a, b = local.select(query), remote.select(query)
        assert a.rows, f"{name}: the ad-hoc query returns nothing: the comparison would be vacuous"
        assert_same_rows(a, b, ordered(text), name)
        compared += 1
    assert local.ask("ASK { ?s ?p ?o }") is remote.ask("ASK { ?s ?p ?o }") is True
    assert remote.ask("ASK { <urn:x-none> ?p ?o }") is False

    for sq in load_catalogue(project.queries_dir).values():
        raw = {p.name: sample_value(p) for p in sq.params if p.default is None and not p.optional}
        a = run_saved(local, sq, raw, check_exists=not raw)
        b = run_saved(remote, sq, raw, check_exists=not raw)
        assert_same_rows(a, b, ordered(sq.text), sq.name)
        compared += 1
        # and the CLI prints the same thing whichever engine answered
        code, out_local, err = run(capsys, "query", sq.name, "--format", "json", *sum((["--param", f"{k}={v}"] for k, v in raw.items()), []))
        assert code == 0, err
        code, out_remote, err = run(capsys, "query", sq.name, "--format", "json", "--endpoint", oxigraph.endpoint,
                                    *sum((["--param", f"{k}={v}"] for k, v in raw.items()), []))
        assert code == 0, err
        if ordered(sq.text):
            assert out_remote == out_local, sq.name
        else:
            assert sorted(out_remote.splitlines()) == sorted(out_local.splitlines()), sq.name
    for path in sorted(project.checks_dir.glob("*.rq")):  # the integrity checks are SELECT queries too
        text = path.read_text(encoding="utf-8")
        try:
            a = local.select(text)
        except KgError:
            continue  # not a SELECT (checks may be ASK); the saved queries and ad-hoc ones cover this
        assert_same_rows(a, remote.select(text), ordered(text), path.name)
        compared += 1
    assert compared >= len(AD_HOC)


def test_query_endpoint_from_the_environment(kg_env, oxigraph, capsys, monkeypatch):
    assert run(capsys, "push", "--endpoint", oxigraph.endpoint)[0] == 0
    monkeypatch.setenv("KG_ENDPOINT", oxigraph.endpoint)
    code, out, err = run(capsys, "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv")
    assert code == 0, err
    assert out.splitlines()[1] == str(len(kg_env[1]))


def test_warns_when_the_default_graph_is_not_the_union(kg_env, tmp_path, capsys):
    server = OxigraphServer(tmp_path / "plain", union_default_graph=False).start()
    try:
        code, out, err = run(capsys, "push", "--endpoint", server.endpoint, "--graph", "graph:ontology")
    finally:
        server.stop()
    assert code == 0
    assert "kg: warning:" in err and "--union-default-graph" in err


# ----------------------------------------------------------------------------- --replace

MARKER = "<urn:x-test:stale> <urn:x-test:p> \"old content\" ."


def test_replace_replaces_content(kg_env, oxigraph, capsys):
    local = graph_counts(kg_env[1])
    oxigraph.add_turtle(ONTOLOGY, MARKER)
    oxigraph.add_turtle(GAZETTEER, MARKER)
    assert run(capsys, "push", "--endpoint", oxigraph.endpoint)[0] == 0
    before = oxigraph.graph_counts()
    assert before[ONTOLOGY] == local[ONTOLOGY] + 1 and before[GAZETTEER] == local[GAZETTEER] + 1

    # --graph limits the replacement to one graph
    code, out, err = run(capsys, "push", "--endpoint", oxigraph.endpoint, "--replace", "--graph", "graph:gazetteer")
    assert code == 0, err
    assert re.search(r"^graph:gazetteer: \d+ triples uploaded in \d+\.\d\d s$", out, re.M), out
    assert "replaced 1 graph in one update" in out
    after = oxigraph.graph_counts()
    assert after[GAZETTEER] == local[GAZETTEER] and after[ONTOLOGY] == local[ONTOLOGY] + 1
    assert not oxigraph.ask(f"ASK {{ GRAPH <{GAZETTEER}> {{ <urn:x-test:stale> ?p ?o }} }}")

    # all graphs: stale content gone, counts exactly the local ones, no temporary graph left
    code, out, err = run(capsys, "push", "--endpoint", oxigraph.endpoint, "--replace")
    assert code == 0, err
    assert oxigraph.graph_counts() == local
    assert not oxigraph.ask("ASK { <urn:x-test:stale> ?p ?o }")


def _state(server: OxigraphServer) -> dict[str, int]:
    return server.graph_counts()


def test_failed_swap_leaves_previous_content_intact(kg_env, oxigraph, stub, capsys):
    oxigraph.add_turtle(ONTOLOGY, MARKER)
    assert run(capsys, "push", "--endpoint", oxigraph.endpoint)[0] == 0
    before = _state(oxigraph)
    broken = stub(Reply(500, b"Transaction aborted: disk full", "text/plain"))
    code, out, err = run(capsys, "push", "--endpoint", oxigraph.endpoint, "--replace", "--update", broken.endpoint)
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"kg: error: {broken.endpoint} answered 500 Internal Server Error: Transaction aborted: disk full")
    assert "previous content is intact" in line
    assert len(broken.requests) == 1  # a failed update is never retried
    assert "MOVE" in broken.requests[0].body.decode()
    assert _state(oxigraph) == before  # temporary graphs dropped, targets untouched
    assert oxigraph.ask(f"ASK {{ GRAPH <{ONTOLOGY}> {{ <urn:x-test:stale> ?p ?o }} }}")
    oxigraph.restart()  # and it is what the store persisted
    assert _state(oxigraph) == before
    assert oxigraph.ask(f"ASK {{ GRAPH <{ONTOLOGY}> {{ <urn:x-test:stale> ?p ?o }} }}")


def test_server_killed_mid_replace_leaves_previous_content_intact(kg_env, oxigraph, capsys, monkeypatch):
    oxigraph.add_turtle(ONTOLOGY, MARKER)
    assert run(capsys, "push", "--endpoint", oxigraph.endpoint)[0] == 0
    before = _state(oxigraph)
    real_turtle, calls = kg.remote._turtle, []

    def turtle_then_crash(graph_, graph):
        calls.append(graph)
        if len(calls) == 2:  # the first temporary graph is uploaded: the server dies
            oxigraph.stop(kill=True)
        return real_turtle(graph_, graph)
    monkeypatch.setattr(kg.remote, "_turtle", turtle_then_crash)
    code, out, err = run(capsys, "push", "--endpoint", oxigraph.endpoint, "--replace")
    assert code == 2
    line = one_error_line(err)
    assert f"{oxigraph.store}: cannot connect: connection refused" in line
    assert "nothing was replaced" in line and "could not be dropped" in line
    monkeypatch.setattr(kg.remote, "_turtle", real_turtle)

    oxigraph.start()  # same --location, same port
    after = _state(oxigraph)
    leftovers = {g for g in after if g.startswith(kg.remote.TMP_GRAPH_PREFIX)}
    assert {g: n for g, n in after.items() if g not in leftovers} == before
    assert oxigraph.ask(f"ASK {{ GRAPH <{ONTOLOGY}> {{ <urn:x-test:stale> ?p ?o }} }}")
    # the next replace drops what the interrupted one left
    code, out, err = run(capsys, "push", "--endpoint", oxigraph.endpoint, "--replace")
    assert code == 0, err
    if leftovers:
        assert f"dropped {len(leftovers)} temporary graphs left by an interrupted push" in out
    assert not any(g.startswith(kg.remote.TMP_GRAPH_PREFIX) for g in _state(oxigraph))
    assert not oxigraph.ask("ASK { <urn:x-test:stale> ?p ?o }")


# ----------------------------------------------------------------------------- faults

def test_connection_refused(kg_env, capsys):
    url = f"http://127.0.0.1:{free_port()}/query"
    code, out, err = run(capsys, "sparql", SELECT_ONE, "--endpoint", url)
    assert code == 2
    assert one_error_line(err) == f"kg: error: {url}: cannot connect: connection refused (is the SPARQL server running?)"


def test_timeout_is_retried_a_bounded_number_of_times(kg_env, stub, capsys):
    slow = stub(Reply(200, b"{}", delay=5))
    code, out, err = run(capsys, "sparql", SELECT_ONE, "--endpoint", slow.endpoint, "--timeout", "0.3")
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"kg: error: {slow.endpoint}: no answer within 0.3 s (timeout")
    assert "after 3 attempts" in line
    assert len(slow.requests) == 1 + kg.remote.RETRIES


@pytest.mark.parametrize("status, body, expected", [
    (401, b"Authentication required", "answered 401 Unauthorized: Authentication required"),
    (403, b"Forbidden: read-only user", "answered 403 Forbidden: Forbidden: read-only user"),
    (500, b"Internal error: out of memory\nat line 2", "answered 500 Internal Server Error: Internal error: out of memory"),
])
def test_http_errors_are_one_line_and_not_retried(kg_env, stub, capsys, status, body, expected):
    server = stub(Reply(status, body, "text/plain"))
    code, out, err = run(capsys, "sparql", SELECT_ONE, "--endpoint", server.endpoint)
    assert code == 2
    assert one_error_line(err).startswith(f"kg: error: {server.endpoint} {expected}")
    assert len(server.requests) == 1


def test_503_is_retried_then_succeeds(kg_env, stub, capsys):
    ok = b'{"head":{"vars":["s"]},"results":{"bindings":[{"s":{"type":"uri","value":"urn:x:1"}}]}}'
    server = stub(Reply(503, b"busy", "text/plain"), Reply(502, b"", "text/plain"), Reply(200, ok))
    code, out, err = run(capsys, "sparql", SELECT_ONE, "--endpoint", server.endpoint, "--format", "csv")
    assert code == 0, err
    assert out.splitlines() == ["s", "urn:x:1"]
    assert len(server.requests) == 3


def test_503_gives_up_after_the_retries(kg_env, stub, capsys):
    server = stub(Reply(503, b"Service Unavailable: overloaded", "text/plain"))
    code, out, err = run(capsys, "sparql", SELECT_ONE, "--endpoint", server.endpoint)
    assert code == 2
    assert "answered 503 Service Unavailable: Service Unavailable: overloaded (after 3 attempts)" in one_error_line(err)
    assert len(server.requests) == 1 + kg.remote.RETRIES


@pytest.mark.parametrize("body, ctype", [(b"<html><body>Proxy error</body></html>", "text/html"),
                                         (b'{"head": {"vars": ["s"]}', "application/sparql-results+json")])
def test_malformed_response(kg_env, stub, capsys, body, ctype):
    server = stub(Reply(200, body, ctype))
    code, out, err = run(capsys, "sparql", SELECT_ONE, "--endpoint", server.endpoint)
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"kg: error: {server.endpoint}: malformed response: not SPARQL JSON results ({ctype};")
    assert len(server.requests) == 1


def test_bad_query_gives_the_stores_own_message(kg_env, oxigraph, capsys):
    import urllib.error
    import urllib.parse
    import urllib.request
    bad = "PREFIX ex: <http://example.org/>\nSELECT ?s WHERE { ?s ex:p }"  # has PREFIX: sent as it is
    try:  # what Oxigraph itself says about this query
        urllib.request.urlopen(urllib.request.Request(
            oxigraph.endpoint, data=urllib.parse.urlencode({"query": bad}).encode(), method="POST"))
        pytest.fail("Oxigraph accepted a bad query")
    except urllib.error.HTTPError as exc:
        assert exc.code == 400
        own = exc.read().decode().splitlines()[0]
    assert own.startswith("error at 2:")
    code, out, err = run(capsys, "sparql", bad, "--endpoint", oxigraph.endpoint)
    assert code == 2
    assert one_error_line(err) == f"kg: error: {oxigraph.endpoint} answered 400 Bad Request: {own}"


def test_push_errors_name_the_store(kg_env, stub, capsys):
    store = stub(Reply(403, b"writes are disabled", "text/plain"))
    code, out, err = run(capsys, "push", "--endpoint", "http://127.0.0.1:1/query", "--store", store.endpoint)
    assert code == 2
    assert one_error_line(err) == f"kg: error: {store.endpoint} answered 403 Forbidden: writes are disabled " \
                                  "(not allowed: check the store's permissions for these credentials)"
    assert len(store.requests) == 1 and store.requests[0].method == "POST"
    assert store.requests[0].path.startswith("/query?graph=")


def test_push_adds_are_not_retried_but_replace_uploads_are(kg_env, oxigraph, stub, capsys):
    busy = stub(Reply(503, b"busy", "text/plain"))
    code, out, err = run(capsys, "push", "--endpoint", oxigraph.endpoint, "--store", busy.endpoint)
    assert code == 2
    assert "answered 503 Service Unavailable: busy" in one_error_line(err)
    assert [r.method for r in busy.requests] == ["POST"]  # an add is a write: never retried

    busy.requests.clear()
    code, out, err = run(capsys, "push", "--endpoint", oxigraph.endpoint, "--store", busy.endpoint, "--replace")
    assert code == 2
    line = one_error_line(err)
    assert "answered 503 Service Unavailable: busy (after 3 attempts); nothing was replaced" in line
    # PUT into a temporary graph is idempotent: retried (bounded); then the temporary graph is dropped
    assert [r.method for r in busy.requests] == ["PUT"] * (1 + kg.remote.RETRIES) + ["DELETE"]
    assert oxigraph.graph_counts() == {}


def test_swap_without_an_answer_is_reported_as_unknown(kg_env, oxigraph, stub, capsys):
    slow = stub(Reply(204, b"", "text/plain", delay=5))
    code, out, err = run(capsys, "push", "--endpoint", oxigraph.endpoint, "--update", slow.endpoint,
                         "--replace", "--graph", "graph:gazetteer", "--timeout", "0.5")
    assert code == 2
    line = one_error_line(err)
    assert line.startswith(f"kg: error: {slow.endpoint}: no answer within 0.5 s")
    assert "may or may not have been applied" in line
    assert len(slow.requests) == 1  # an update is never retried, even after a timeout


def test_push_without_a_store_url(kg_env, capsys):
    code, out, err = run(capsys, "push", "--endpoint", "http://127.0.0.1:1/sparql-endpoint")
    assert code == 2
    assert "give --store URL (or set KG_STORE_ENDPOINT)" in one_error_line(err)


@pytest.mark.parametrize("env, header", [({"KG_USER": "alice", "KG_PASSWORD": SECRET}, "Basic "),
                                         ({"KG_TOKEN": SECRET}, f"Bearer {SECRET}")])
def test_credentials_are_sent_but_never_shown(kg_env, stub, capsys, monkeypatch, env, header):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    # a hostile store echoing the Authorization header back in its error message
    server = stub(Reply(401, b"denied", "text/plain", echo_authorization=True))
    code, out, err = run(capsys, "sparql", SELECT_ONE, "--endpoint", server.endpoint)
    assert code == 2
    assert server.requests[0].headers["Authorization"].startswith(header)
    sent = server.requests[0].headers["Authorization"].split(" ", 1)[1]
    assert "answered 401 Unauthorized: denied you sent: ***" in one_error_line(err)
    for text in (out, err):
        assert SECRET not in text and sent not in text
    code, out, err = run(capsys, "push", "--endpoint", server.endpoint, "--store", server.endpoint)
    assert code == 2 and SECRET not in out + err and sent not in out + err


def test_credentials_on_the_command_line_are_refused(kg_env, capsys):
    code, out, err = run(capsys, "sparql", SELECT_ONE, "--endpoint", f"http://alice:{SECRET}@127.0.0.1:1/query")
    assert code == 2
    line = one_error_line(err)
    assert SECRET not in line and "http://127.0.0.1:1/query" in line and "KG_USER" in line


# ----------------------------------------------------------------------------- as a subprocess

def _subprocess_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_") or k in ("KG_ROOT", "KG_BUILD_DIR")}
    env.update(extra)
    return env


def test_subprocess_push_query_and_error(kg_env, oxigraph):
    built = kg_env[1]
    env = _subprocess_env({"KG_PASSWORD": SECRET, "KG_USER": "alice"})  # Oxigraph ignores credentials
    done = subprocess.run([sys.executable, "-m", "kg", "push", "--endpoint", oxigraph.endpoint, "--replace"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"Pushed {len(built)} triples" in done.stdout
    done = subprocess.run([sys.executable, "-m", "kg", "sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                           "--format", "csv"], capture_output=True, text=True,
                          env={**env, "KG_ENDPOINT": oxigraph.endpoint}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["n", str(len(built))]
    url = f"http://127.0.0.1:{free_port()}/query"
    done = subprocess.run([sys.executable, "-m", "kg", "sparql", SELECT_ONE, "--endpoint", url],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"kg: error: {url}: cannot connect: connection refused (is the SPARQL server running?)"]
    assert SECRET not in done.stdout + done.stderr


# ----------------------------------------------------------------------------- a second store: Virtuoso

def test_virtuoso_push_replace_and_queries(kg_env, virtuoso, capsys):
    """Debian's Virtuoso 7: default URLs derived from /sparql, union default graph, MOVE swap."""
    project, built = kg_env
    local_counts = graph_counts(built)
    remote = RemoteEngine(virtuoso.endpoint)
    per_graph = ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                 f'FILTER(STRSTARTS(STR(?g), "{GRAPH}")) }} GROUP BY ?g')

    def remote_counts() -> dict[str, int]:
        return {str(g): int(n) for g, n in remote.select(per_graph).rows}

    code, out, err = run(capsys, "push", "--endpoint", virtuoso.endpoint, "--replace")
    assert code == 0, err
    assert "warning" not in err  # Virtuoso's default graph is the union of its graphs
    assert remote_counts() == local_counts
    code, out, err = run(capsys, "push", "--endpoint", virtuoso.endpoint, "--graph", "graph:gazetteer")
    assert code == 0, err  # an add of the same triples changes nothing (set semantics)
    code, out, err = run(capsys, "push", "--endpoint", virtuoso.endpoint, "--replace")
    assert code == 0, err
    assert remote_counts() == local_counts
    assert not any(g.startswith(kg.remote.TMP_GRAPH_PREFIX) for g in remote_counts())

    local = built.engine("oxigraph")
    # Virtuoso's union default graph also holds its own system graphs: compare our graphs only.
    ours = f'GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{GRAPH}"))'
    query = prefix_block() + f"SELECT ?g ?s ?p ?o WHERE {{ {ours} FILTER(isIRI(?o)) }}"
    assert_same_rows(local.select(query), remote.select(query), False, "IRI triples on Virtuoso")
    # Literals: Virtuoso keeps values, not lexical forms ("true" comes back as "1"), and turns
    # geo:wktLiteral into its own virtrdf:Geometry (rounded): compare values, WKT by count only.
    query = prefix_block() + f"SELECT ?g ?s ?p ?o WHERE {{ {ours} FILTER(isLiteral(?o)) }}"
    a, b = local.select(query), remote.select(query)
    assert len(a.rows) == len(b.rows)

    def values(table):
        return sorted((str(g), str(s_), str(p), repr(o.toPython()), o.language or "")
                      for g, s_, p, o in table.rows if not str(p).endswith("#asWKT"))
    assert values(a) == values(b)

    code, out, err = run(capsys, "sparql", "SELEC ?s", "--endpoint", virtuoso.endpoint)
    assert code == 2
    assert one_error_line(err).startswith(f"kg: error: {virtuoso.endpoint} answered 400 Bad Request: Virtuoso 37000 Error")
