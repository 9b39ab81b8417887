"""Servers for the remote-store tests: a real Oxigraph server, and tiny stub HTTP servers for faults.

Imported by tests/test_remote.py (its fixtures are used there by name):

* :class:`OxigraphServer` runs ``oxigraph serve --location DIR --bind 127.0.0.1:PORT
  --union-default-graph`` (the ``oxigraph`` command of the PyPI package ``oxigraph``), waits until
  ``GET /query?query=ASK{}`` answers, and stops it with SIGTERM (waiting for the exit), or kills it
  to simulate a crash; it can be restarted on the same location and port.
* :class:`StubServer` answers every request with a programmed status, body and delay, and
  records the requests it got (method, path, headers).
* :func:`snapshot_project` copies the project's inputs (ontology, data, queries) once per session,
  so other people editing the tree during the run do not change the graph under a test.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

HOST = "127.0.0.1"
ENV_NAMES = ("KG_ENDPOINT", "KG_STORE_ENDPOINT", "KG_UPDATE_ENDPOINT", "KG_USER", "KG_PASSWORD", "KG_TOKEN")


def free_port() -> int:
    """A TCP port nothing listens on (bound once by us and released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def oxigraph_command() -> str:
    """The ``oxigraph`` command next to this Python, or on PATH; a missing command FAILS the test."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    found = shutil.which("oxigraph")
    if found:
        return found
    pytest.fail("the 'oxigraph' command is missing: install the test extra (pip install -e '.[test]', which "
                "installs the PyPI package 'oxigraph') — the remote-store tests need a real SPARQL server",
                pytrace=False)


# ----------------------------------------------------------------------------- Oxigraph

class OxigraphServer:
    """A real Oxigraph server on 127.0.0.1 with a persistent location (so it can be restarted)."""

    def __init__(self, location: Path, port: int | None = None, union_default_graph: bool = True) -> None:
        self.command = oxigraph_command()
        self.location = Path(location)
        self.port = port or free_port()
        self.union_default_graph = union_default_graph
        self.process: subprocess.Popen | None = None
        self.log = self.location.parent / f"oxigraph-{self.port}.log"

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def endpoint(self) -> str:
        return f"{self.base}/query"

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    @property
    def update(self) -> str:
        return f"{self.base}/update"

    def start(self, timeout: float = 30.0) -> "OxigraphServer":
        self.location.mkdir(parents=True, exist_ok=True)
        argv = [self.command, "serve", "--location", str(self.location), "--bind", f"{HOST}:{self.port}"]
        if self.union_default_graph:
            argv.append("--union-default-graph")
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                pytest.fail(f"oxigraph serve exited with code {self.process.returncode}: "
                            f"{self.log.read_text(errors='replace')[-2000:]}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{self.endpoint}?query=ASK%7B%7D", timeout=2) as resp:
                    if resp.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        self.stop()
        pytest.fail(f"oxigraph serve did not answer on {self.endpoint} within {timeout:g} s", pytrace=False)

    def stop(self, kill: bool = False, timeout: float = 30.0) -> None:
        """SIGTERM (or SIGKILL: a crash) and wait for the process to exit."""
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def restart(self) -> "OxigraphServer":
        self.stop()
        return self.start()

    # -- direct access, independent of the code under test

    def select(self, query: str) -> list[dict]:
        import json
        import urllib.parse
        data = urllib.parse.urlencode({"query": query}).encode()
        req = urllib.request.Request(self.endpoint, data=data, method="POST",
                                     headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read())["results"]["bindings"]

    def ask(self, query: str) -> bool:
        import json
        import urllib.parse
        data = urllib.parse.urlencode({"query": query}).encode()
        req = urllib.request.Request(self.endpoint, data=data, method="POST",
                                     headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read())["boolean"]

    def count(self, graph: str | None = None) -> int:
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        return int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"]["value"])

    def graph_counts(self) -> dict[str, int]:
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}

    def add_turtle(self, graph: str, turtle: str) -> None:
        import urllib.parse
        url = f"{self.store}?{urllib.parse.urlencode({'graph': graph})}"
        req = urllib.request.Request(url, data=turtle.encode(), method="POST", headers={"Content-Type": "text/turtle"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            assert resp.status in (200, 201, 204)


@pytest.fixture()
def oxigraph(tmp_path):
    """A fresh Oxigraph server with --union-default-graph, stopped after the test."""
    server = OxigraphServer(tmp_path / "oxigraph-data").start()
    yield server
    server.stop()


# ----------------------------------------------------------------------------- stubs

@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/sparql-results+json"
    delay: float = 0.0
    echo_authorization: bool = False


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class StubServer:
    """A threaded HTTP server on 127.0.0.1 answering from ``replies`` (the last one repeats)."""

    replies: list[Reply] = field(default_factory=lambda: [Reply()])
    requests: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        stub = self
        self.release = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep the test output clean
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                stub.requests.append(Seen(self.command, self.path, dict(self.headers.items()), body))
                reply = stub.replies[min(len(stub.requests), len(stub.replies)) - 1]
                if reply.delay:
                    stub.release.wait(reply.delay)
                payload = reply.body
                if reply.echo_authorization:
                    payload += b" you sent: " + (self.headers.get("Authorization") or "").encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = do_DELETE = _answer

        self.server = ThreadingHTTPServer((HOST, 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.server.server_address[1]}"

    @property
    def endpoint(self) -> str:
        return f"{self.base}/query"

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def stub():
    """Make stub servers: ``stub(Reply(...), ...)``; all are closed after the test."""
    made: list[StubServer] = []

    def make(*replies: Reply) -> StubServer:
        server = StubServer(list(replies) or [Reply()])
        made.append(server)
        return server
    yield make
    for server in made:
        server.close()


# ----------------------------------------------------------------------------- the project

def snapshot_project(dest: Path, attempts: int = 3, wait: float = 60.0):
    """Copy the project's inputs to ``dest`` and build them; retried while another writer is mid-edit.

    Returns ``(project, kg)``: the copy (a :class:`kg.loading.Project`) and its built graph.
    """
    from kg.build import build_graph
    from kg.errors import KgError
    from kg.loading import Project, find_project
    from kg.queries import load_catalogue

    source = find_project()
    last: Exception | None = None
    for attempt in range(attempts):
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        try:
            for name in ("ontology", "data", "queries"):
                if (source.root / name).is_dir():
                    shutil.copytree(source.root / name, dest / name)
            project = Project(dest)
            kg, _ = build_graph(project)
            load_catalogue(project.queries_dir)
            return project, kg
        except (KgError, OSError, shutil.Error) as exc:  # someone's file is mid-edit: wait and retry
            last = exc
            if attempt + 1 < attempts:
                time.sleep(wait)
    pytest.fail(f"the project does not load (after {attempts} attempts): {last}", pytrace=False)


@pytest.fixture(scope="session")
def snapshot(tmp_path_factory):
    """(project, built KnowledgeGraph) of a session-long copy of the project's inputs."""
    return snapshot_project(tmp_path_factory.mktemp("kg-project") / "project")


@pytest.fixture()
def kg_env(snapshot, tmp_path, monkeypatch):
    """Point ``kg`` at the snapshot (KG_ROOT, a private KG_BUILD_DIR) with no remote settings inherited."""
    project, _ = snapshot
    monkeypatch.setenv("KG_ROOT", str(project.root))
    monkeypatch.setenv("KG_BUILD_DIR", str(tmp_path / "build"))
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    return snapshot


# ----------------------------------------------------------------------------- Virtuoso (optional)

VIRTUOSO_BINARY = "/usr/bin/virtuoso-t"
VIRTUOSO_INI = "/etc/virtuoso-opensource-7/virtuoso.ini"


class VirtuosoServer:
    """Debian's Virtuoso 7 (``apt-get install virtuoso-opensource``) in a private folder on free ports.

    Anonymous SPARQL may update (``GRANT SPARQL_UPDATE TO "SPARQL"``): a test-only setting.
    Without a ``FROM`` clause Virtuoso's default graph is the union of all graphs.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.http_port, self.isql_port = free_port(), free_port()
        self.process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://{HOST}:{self.http_port}/sparql"

    def start(self, timeout: float = 120.0) -> "VirtuosoServer":
        self.folder.mkdir(parents=True, exist_ok=True)
        ini = Path(VIRTUOSO_INI).read_text()
        ini = ini.replace("/var/lib/virtuoso-opensource-7/db/", f"{self.folder}/")
        ini = re.sub(r"(?m)^(\[Parameters\][^\[]*?^ServerPort\s*=\s*)\d+", rf"\g<1>{HOST}:{self.isql_port}", ini)
        ini = re.sub(r"(?m)^(\[HTTPServer\][^\[]*?^ServerPort\s*=\s*)\d+", rf"\g<1>{HOST}:{self.http_port}", ini)
        (self.folder / "virtuoso.ini").write_text(ini)
        with open(self.folder / "out.log", "ab") as log:
            self.process = subprocess.Popen([VIRTUOSO_BINARY, "+foreground", "+configfile", str(self.folder / "virtuoso.ini")],
                                            cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"virtuoso-t exited: {(self.folder / 'out.log').read_text(errors='replace')[-2000:]}",
                            pytrace=False)
            try:
                with urllib.request.urlopen(f"{self.endpoint}?query=ASK%7B%7D", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        else:
            self.stop()
            pytest.fail(f"Virtuoso did not answer on {self.endpoint} within {timeout:g} s", pytrace=False)
        isql = shutil.which("isql-vt") or "isql-vt"
        done = subprocess.run([isql, f"{HOST}:{self.isql_port}", "dba", "dba",
                               'exec=GRANT SPARQL_UPDATE TO "SPARQL"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET (\'nobody\', 7);'],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            self.stop()
            pytest.fail(f"isql-vt could not grant SPARQL_UPDATE: {done.stdout}{done.stderr}", pytrace=False)
        return self

    def stop(self, timeout: float = 60.0) -> None:
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A Virtuoso server for the session, if Debian's virtuoso-opensource is installed (else a visible skip)."""
    if not (os.access(VIRTUOSO_BINARY, os.X_OK) and shutil.which("isql-vt")):
        pytest.skip("Virtuoso is not installed (apt-get install -y virtuoso-opensource): second-store tests skipped")
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso")).start()
    yield server
    server.stop()
