"""Remote SPARQL stores: querying any SPARQL 1.1 endpoint and ``kg push``.

* :class:`RemoteEngine` runs queries over the SPARQL 1.1 Protocol (SPARQLWrapper, POST,
  ``application/sparql-results+json``) and converts the bindings to the rdflib terms the embedded
  engines give (lexical forms kept, ``xsd:string`` literals plain), so output and tests do not
  depend on which engine answered.
* :func:`push` uploads the built graph, one named graph at a time, through the SPARQL 1.1 Graph
  Store HTTP Protocol. ``--replace`` uploads each graph to a temporary graph first and swaps them
  all in with ONE SPARQL Update request (``MOVE <tmp> TO <graph>; …``), so the replaced graphs are
  never seen half-loaded and a failed push leaves the previous content as it was.

**Default graph.** Locally the query's default graph is the union of all named graphs. A remote
store must be configured to do the same (Oxigraph: ``oxigraph serve --union-default-graph``;
Fuseki: ``tdb2:unionDefaultGraph true``; GraphDB and Virtuoso do it without configuration); ``kg``
never copies triples into the store's default graph. ``kg push`` checks it after uploading and
warns when the store's default graph does not see the pushed triples. See docs/remote.md.

**Credentials** come only from the environment: ``KG_USER`` / ``KG_PASSWORD`` (HTTP basic) or
``KG_TOKEN`` (bearer). They are never accepted on the command line or in a URL, never printed,
and every message names the endpoint with any userinfo stripped.

**Faults** (connection refused, timeout, HTTP 4xx/5xx, a malformed answer) become one-line
:class:`~kg.errors.KgError` messages naming the endpoint and the status or cause. Transient
failures (connection reset, 502/503/504, and a timeout on a read) are retried at most
:data:`RETRIES` times with a short backoff; 4xx answers and failed writes are never retried.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Callable, Sequence

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import KgError
from .namespaces import PREFIXES
from .store import KnowledgeGraph, ResultTable

__all__ = [
    "RemoteEngine", "Connection", "Credentials", "PushedGraph", "push", "add_commands",
    "add_remote_options", "public_url", "service_url", "RETRIES", "BACKOFF", "TMP_GRAPH_PREFIX",
]

ENV_ENDPOINT = "KG_ENDPOINT"
ENV_STORE = "KG_STORE_ENDPOINT"
ENV_UPDATE = "KG_UPDATE_ENDPOINT"
ENV_USER = "KG_USER"
ENV_PASSWORD = "KG_PASSWORD"
ENV_TOKEN = "KG_TOKEN"

#: Retries after a transient failure (so at most ``RETRIES + 1`` attempts), and the pauses between them.
RETRIES = 2
BACKOFF = (0.5, 1.5)
TRANSIENT_STATUS = frozenset({502, 503, 504})

#: Temporary graphs of ``kg push --replace`` are named ``<prefix><run id>/<n>``.
TMP_GRAPH_PREFIX = "urn:x-kg:push-tmp:"

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
SPARQL_JSON = "application/sparql-results+json"
USER_AGENT = "kg (sahel-kg)"


# ----------------------------------------------------------------------------- URLs and credentials

def public_url(url: str) -> str:
    """The URL as it may be shown: without ``user:password@``."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<unparsable URL>"
    if "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _check_url(url: str, what: str) -> str:
    shown = public_url(url)
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        raise KgError(f"{what} {shown}: not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KgError(f"{what} {shown}: not an http(s) URL (write e.g. http://127.0.0.1:7878/query)")
    if "@" in parts.netloc:
        raise KgError(f"{what} {shown}: credentials in the URL are not accepted: "
                      f"set {ENV_USER} and {ENV_PASSWORD} (or {ENV_TOKEN}) in the environment")
    return url


def service_url(endpoint: str, kind: str) -> str | None:
    """The Graph Store (``kind="store"``) or update (``"update"``) URL that goes with a query endpoint.

    Oxigraph ``…/query`` → ``…/store``, ``…/update``; Fuseki ``/ds/sparql`` → ``/ds/data``, ``/ds/update``;
    GraphDB ``/repositories/R`` → ``…/rdf-graphs/service``, ``…/statements``; Virtuoso ``/sparql`` →
    ``/sparql-graph-crud``, ``/sparql``. ``None`` when the endpoint has none of these shapes.
    """
    parts = urllib.parse.urlsplit(endpoint)
    path = parts.path.rstrip("/")
    if path.endswith("/query"):  # Oxigraph
        new = path[: -len("query")] + ("store" if kind == "store" else "update")
    elif re.search(r"/repositories/[^/]+$", path):  # GraphDB, RDF4J
        new = path + ("/rdf-graphs/service" if kind == "store" else "/statements")
    elif path == "/sparql":  # Virtuoso
        new = "/sparql-graph-crud" if kind == "store" else "/sparql"
    elif re.search(r"^/[^/]+(/[^/]+)*/sparql$", path):  # Fuseki /dataset/sparql
        new = path[: -len("sparql")] + ("data" if kind == "store" else "update")
    else:
        return None
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, new, "", ""))


@dataclass(frozen=True)
class Credentials:
    """HTTP credentials from the environment; ``repr`` never shows them."""

    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Credentials":
        env = os.environ if environ is None else environ
        token = env.get(ENV_TOKEN) or None
        user = env.get(ENV_USER) or None
        password = env.get(ENV_PASSWORD)
        if token and user:
            raise KgError(f"set either {ENV_TOKEN} (bearer token) or {ENV_USER}/{ENV_PASSWORD} (basic), not both")
        if password and not user and not token:
            raise KgError(f"{ENV_PASSWORD} is set but {ENV_USER} is not: set both for basic authentication")
        return cls(user, password, token)

    def header(self) -> str | None:
        if self.token:
            return f"Bearer {self.token}"
        if self.user:
            raw = f"{self.user}:{self.password or ''}".encode("utf-8")
            return "Basic " + base64.b64encode(raw).decode("ascii")
        return None

    def secrets(self) -> list[str]:
        values = [self.password, self.token, self.header()]
        if self.user or self.token:
            values.append(base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode("ascii"))
        return sorted({v for v in values if v and len(v) >= 3}, key=len, reverse=True)

    def describe(self) -> str:
        return "bearer token" if self.token else ("basic authentication" if self.user else "no credentials")


# ----------------------------------------------------------------------------- faults

class _Fault(Exception):
    """One failed attempt: a one-line cause and whether trying again may help."""

    def __init__(self, message: str, transient: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient
        self.status = status


def _first_line(body: bytes | str | None, limit: int = 300) -> str:
    if not body:
        return ""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    if text.lstrip().startswith("<"):  # an HTML error page: keep its text
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", text)
        text = re.sub(r"<[^>]+>", "\n", text)
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= limit else line[: limit - 1] + "…"
    return ""


def _status_text(code: int) -> str:
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def _http_fault(code: int, body: bytes | None) -> _Fault:
    detail = _first_line(body)
    hint = ""
    if code == 401:
        hint = f"no or wrong credentials: check {ENV_USER}/{ENV_PASSWORD} or {ENV_TOKEN}"
    elif code == 403:
        hint = "not allowed: check the store's permissions for these credentials"
    elif 300 <= code < 400:
        hint = "redirected (not followed): give the final URL"
    msg = f"answered {_status_text(code)}"
    msg += f": {detail}" if detail else ""
    msg += f" ({hint})" if hint and detail else (f": {hint}" if hint else "")
    return _Fault(msg, transient=code in TRANSIENT_STATUS, status=code)


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, (TimeoutError, socket.timeout)) or "timed out" in str(exc)


def _io_fault(exc: BaseException, timeout: float, read: bool) -> _Fault:
    """A failure below HTTP: refused, reset, timed out, name not found, TLS…"""
    reason = exc.reason if isinstance(exc, urllib.error.URLError) and not isinstance(exc, urllib.error.HTTPError) else exc
    if isinstance(reason, BaseException) and _is_timeout(reason):
        return _Fault(f"no answer within {timeout:g} s (timeout; raise --timeout if the store is just slow)",
                      transient=read)
    if isinstance(reason, ConnectionRefusedError):
        return _Fault("cannot connect: connection refused (is the SPARQL server running?)")
    if isinstance(reason, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError, http.client.RemoteDisconnected)):
        return _Fault("connection reset by the server", transient=True)
    if isinstance(reason, socket.gaierror):
        return _Fault(f"cannot resolve the host name ({reason.strerror or reason})")
    if isinstance(reason, http.client.HTTPException):
        return _Fault(f"malformed HTTP answer ({type(reason).__name__})")
    if isinstance(reason, OSError):
        return _Fault(f"cannot connect: {reason.strerror or reason}")
    return _Fault(f"cannot connect: {_first_line(str(reason)) or type(reason).__name__}")


def _retrying(attempt: Callable[[], object], retry: bool):
    """Run ``attempt``; on a transient :class:`_Fault` try again (bounded) if ``retry``."""
    tries = 0
    while True:
        try:
            return attempt()
        except _Fault as fault:
            if not (retry and fault.transient and tries < RETRIES):
                if tries:
                    fault.message += f" (after {tries + 1} attempts)"
                raise
            time.sleep(BACKOFF[min(tries, len(BACKOFF) - 1)])
            tries += 1


# ----------------------------------------------------------------------------- HTTP

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed: they would drop a POST body or carry credentials elsewhere."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Connection:
    """Where a store is (query, Graph Store and update URLs), how long to wait, which credentials."""

    endpoint: str
    store: str | None = None
    update: str | None = None
    timeout: float = 30.0
    credentials: Credentials = field(default_factory=Credentials)

    def __post_init__(self) -> None:
        _check_url(self.endpoint, "endpoint")
        if self.store:
            _check_url(self.store, "Graph Store URL")
        if self.update:
            _check_url(self.update, "update URL")
        if not self.timeout or self.timeout <= 0:
            raise KgError(f"--timeout must be a positive number of seconds, not {self.timeout!r}")

    @classmethod
    def from_args(cls, args: argparse.Namespace, need_endpoint: bool = True) -> "Connection":
        endpoint = getattr(args, "endpoint", None) or os.environ.get(ENV_ENDPOINT)
        if not endpoint:
            raise KgError(f"no SPARQL endpoint: give --endpoint URL or set {ENV_ENDPOINT}")
        store = getattr(args, "store", None) or os.environ.get(ENV_STORE) or None
        update = getattr(args, "update", None) or os.environ.get(ENV_UPDATE) or None
        timeout = getattr(args, "timeout", None) or 30.0
        return cls(endpoint, store, update, float(timeout), Credentials.from_env())

    # -- URLs

    @property
    def store_url(self) -> str:
        url = self.store or service_url(self.endpoint, "store")
        if not url:
            raise KgError(f"cannot tell the Graph Store URL of {public_url(self.endpoint)}: "
                          f"give --store URL (or set {ENV_STORE})")
        return url

    @property
    def update_url(self) -> str:
        url = self.update or service_url(self.endpoint, "update")
        if not url:
            raise KgError(f"cannot tell the SPARQL Update URL of {public_url(self.endpoint)}: "
                          f"give --update URL (or set {ENV_UPDATE})")
        return url

    def graph_url(self, graph: str) -> str:
        store = self.store_url
        return store + ("&" if "?" in store else "?") + urllib.parse.urlencode({"graph": graph})

    # -- messages

    def redact(self, text: str) -> str:
        for secret in self.credentials.secrets():
            text = text.replace(secret, "***")
        return text

    def error(self, url: str, fault: _Fault | str, suffix: str = "") -> KgError:
        message = fault.message if isinstance(fault, _Fault) else fault
        shown = public_url(url).split("?", 1)[0]
        sep = " " if message.startswith("answered") else ": "
        return KgError(self.redact(f"{shown}{sep}{message}{suffix}").replace("\n", " "))

    # -- raw HTTP for the Graph Store and update calls

    def request(self, method: str, url: str, data: bytes | None = None, content_type: str | None = None,
                accept: str | None = None, retry: bool = False, retry_timeout: bool | None = None) -> tuple[int, bytes, str]:
        """One HTTP exchange; raises :class:`_Fault`.

        Retried (bounded) on a transient failure only if ``retry``; after a timeout only if
        ``retry_timeout`` too (default: as ``retry``) — a read, not an idempotent but heavy write.
        """
        def make() -> urllib.request.Request:
            req = urllib.request.Request(url, data=data, method=method)
            if content_type:
                req.add_header("Content-Type", content_type)
            if accept:
                req.add_header("Accept", accept)
            req.add_header("User-Agent", USER_AGENT)
            return req
        return self.open(make, retry, retry if retry_timeout is None else retry_timeout)

    def open(self, make: Callable[[], urllib.request.Request], retry: bool,
             retry_timeout: bool = True) -> tuple[int, bytes, str]:
        """Send the request ``make()`` builds, with the credentials; (status, body, content type)."""
        def attempt() -> tuple[int, bytes, str]:
            req = make()
            auth = self.credentials.header()
            if auth:
                req.add_unredirected_header("Authorization", auth)
            try:
                with _OPENER.open(req, timeout=self.timeout) as resp:
                    return resp.status, resp.read(), resp.headers.get("Content-Type", "") or ""
            except urllib.error.HTTPError as exc:
                try:
                    body = exc.read()
                except Exception:  # noqa: BLE001 - the status is what matters
                    body = b""
                raise _http_fault(exc.code, body) from None
            except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                raise _io_fault(exc, self.timeout, read=retry and retry_timeout) from None
        return _retrying(attempt, retry)


# ----------------------------------------------------------------------------- querying

_TOKEN = re.compile(
    r"#[^\n]*"                                      # a comment
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"               # long strings
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n]|\\.)*'"                          # strings
    r'|"(?:[^"\\\n]|\\.)*"'
    r'|<[^<>"{}|^`\\\s]*>'                           # IRIs
    r"|[A-Za-z_][\w.-]*:[\w.%:-]*|:[\w.%:-]*"        # prefixed names (and 'PREFIX p:')
    r"|[A-Za-z]+"                                    # keywords
    r"|\S", re.S)
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT, DESCRIBE, an update keyword, or None: the first keyword after the prologue.

    Comments, strings and IRIs are skipped (SPARQLWrapper's own guess trips over consecutive
    comment lines, and could then send a query as an update).
    """
    for m in _TOKEN.finditer(text):
        token = m.group(0)
        if token[0] in "#'\"<" or ":" in token:
            continue
        word = token.upper()
        if word in ("PREFIX", "BASE"):
            continue
        return word if word in QUERY_FORMS + UPDATE_FORMS else None
    return None


def _term(binding: dict | None) -> Node | None:
    """A SPARQL JSON binding as the rdflib term the embedded engines give."""
    if binding is None:
        return None
    kind, value = binding.get("type"), binding.get("value")
    if not isinstance(value, str):
        raise ValueError("a binding without a string value")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang")
        datatype = binding.get("datatype")
        if lang:
            return Literal(value, lang=lang)
        if datatype and datatype != XSD_STRING:
            return Literal(value, datatype=URIRef(datatype), normalize=False)
        return Literal(value)
    raise ValueError(f"unsupported term type {kind!r}")


class RemoteEngine:
    """SPARQL 1.1 Protocol client (SPARQLWrapper, POST, JSON results) implementing the Engine protocol."""

    name = "remote"

    def __init__(self, endpoint: str | Connection, timeout: float = 30.0,
                 credentials: Credentials | None = None) -> None:
        if isinstance(endpoint, Connection):
            self.connection = endpoint
        else:
            self.connection = Connection(endpoint, timeout=timeout,
                                         credentials=credentials if credentials is not None else Credentials.from_env())

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "RemoteEngine":
        return cls(Connection.from_args(args))

    @property
    def endpoint(self) -> str:
        return self.connection.endpoint

    def __repr__(self) -> str:
        return f"RemoteEngine({public_url(self.endpoint)!r})"

    def _request(self, query: str) -> Callable[[], urllib.request.Request]:
        """A factory of POST requests for ``query``, built by SPARQLWrapper (form-encoded, JSON results)."""
        import warnings
        from SPARQLWrapper import JSON, POST, URLENCODED, SPARQLWrapper
        form = query_form(query)
        if form in UPDATE_FORMS:
            raise KgError("not a query: SPARQL Update is not run through a query endpoint (use a SELECT query)")
        if form in ("CONSTRUCT", "DESCRIBE"):
            raise KgError("not a SELECT query: use a SELECT query here (CONSTRUCT/ASK are not tables)")
        with warnings.catch_warnings():  # SPARQLWrapper warns when it cannot tell the query type
            warnings.simplefilter("ignore")
            sw = SPARQLWrapper(self.endpoint, agent=USER_AGENT)
            sw.setMethod(POST)
            sw.setRequestMethod(URLENCODED)
            sw.setReturnFormat(JSON)
            sw.setOnlyConneg(True)  # no format=json parameters: content negotiation only
            sw.setQuery(query)
        # Our reading of the query form, not SPARQLWrapper's guess: a query always goes as query=…
        # (never update=…) asking for SPARQL JSON results; a form we cannot tell goes to the store,
        # whose own syntax error the user then sees.
        sw.queryType = form if form in ("SELECT", "ASK") else "SELECT"
        create = getattr(sw, "_createRequest", None)
        if create is None:  # a SPARQLWrapper without it: the same request, built here
            body = urllib.parse.urlencode({"query": query}).encode("utf-8")
            def create() -> urllib.request.Request:
                return urllib.request.Request(self.endpoint, data=body, method="POST", headers={
                    "Content-Type": "application/x-www-form-urlencoded", "User-Agent": USER_AGENT,
                    "Accept": f"{SPARQL_JSON}, application/json;q=0.5"})
        return create

    def _fetch(self, query: str) -> dict:
        """Send the query (transient failures are retried: a query is a read) and parse the JSON results."""
        make = self._request(query)
        try:
            _, body, ctype = self.connection.open(make, retry=True)
        except _Fault as fault:
            raise self.connection.error(self.endpoint, fault) from None
        try:
            data = json.loads(body.decode("utf-8"))
            if not isinstance(data, dict) or not ("boolean" in data or "results" in data):
                raise ValueError("no 'results' or 'boolean' member")
        except ValueError as exc:
            shown = ctype.split(";")[0].strip() or "no content type"
            raise self.connection.error(
                self.endpoint, f"malformed response: not SPARQL JSON results ({shown}; {_first_line(str(exc), 80)})") from None
        return data

    def select(self, query: str) -> ResultTable:
        data = self._fetch(query)
        if "boolean" in data:
            raise KgError("not a SELECT query: use a SELECT query here (CONSTRUCT/ASK are not tables)")
        try:
            columns = [str(v) for v in data["head"]["vars"]]
            rows = [tuple(_term(b.get(c)) for c in columns) for b in data["results"]["bindings"]]
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise self.connection.error(
                self.endpoint, f"malformed response: bad SPARQL JSON results ({_first_line(str(exc), 80) or type(exc).__name__})") from None
        return ResultTable(columns, rows)

    def ask(self, query: str) -> bool:
        data = self._fetch(query)
        value = data.get("boolean")
        if not isinstance(value, bool):
            raise self.connection.error(self.endpoint, "malformed response: an ASK answer without a boolean")
        return value


# ----------------------------------------------------------------------------- pushing

@dataclass
class PushedGraph:
    graph: str
    triples: int
    seconds: float


def _short_graph(iri: str) -> str:
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{p}:{iri[len(ns):]}"
    return f"<{iri}>"


def _turtle(kg: KnowledgeGraph, graph: ox.NamedNode) -> tuple[bytes, int]:
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in kg.quads([graph])]
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES), len(triples)


def _resolve_graphs(kg: KnowledgeGraph, graph: str | None) -> list[ox.NamedNode]:
    graphs = kg.graphs()
    if graph is None:
        return graphs
    from .queries import _expand_iri
    iri = _expand_iri(graph)
    names = {g.value for g in graphs}
    if iri is None or iri not in names:
        import difflib
        shorts = [_short_graph(g.value) for g in graphs]
        close = difflib.get_close_matches(graph, shorts, n=3, cutoff=0.4)
        hint = f"; did you mean {', '.join(close)}?" if close else f" (graphs: {', '.join(shorts)})"
        raise KgError(f"--graph {graph}: no such graph in the built graph{hint}")
    return [ox.NamedNode(iri)]


def _drop_graphs(conn: Connection, iris: Sequence[str]) -> list[str]:
    """Drop graphs through the Graph Store Protocol (DELETE); the IRIs that could not be dropped."""
    left = []
    for iri in iris:
        try:
            conn.request("DELETE", conn.graph_url(iri), retry=False)
        except _Fault as fault:
            if fault.status != 404:  # already gone is fine
                left.append(iri)
    return left


def _stale_tmp_graphs(conn: Connection, engine: RemoteEngine) -> list[str]:
    # "GRAPH ?g { }" would be cheaper, but Virtuoso does not list graphs that way.
    table = engine.select(
        f'SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{TMP_GRAPH_PREFIX}")) }}')
    return [str(r[0]) for r in table.rows if r[0] is not None]


def _check_union(engine: RemoteEngine, kg: KnowledgeGraph, graphs: Sequence[ox.NamedNode],
                 warn: Callable[[str], None]) -> None:
    """Warn when the store's default graph does not see a triple just pushed to a named graph."""
    sample = next((q for g in graphs for q in kg.quads([g])
                   if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)), None)
    if sample is None:
        return
    try:
        seen = engine.ask(f"ASK {{ {sample.subject} {sample.predicate} {sample.object} }}")
    except KgError as exc:
        warn(f"could not check the endpoint's default graph: {exc.message}")
        return
    if not seen:
        warn(f"the default graph of {public_url(engine.endpoint)} is not the union of its named graphs, so "
             "queries will not see the pushed triples: start Oxigraph with --union-default-graph "
             "(other stores: see docs/remote.md)")


def push(kg: KnowledgeGraph, conn: Connection, graph: str | None = None, replace: bool = False,
         say: Callable[[str], None] = print, warn: Callable[[str], None] | None = None) -> list[PushedGraph]:
    """Upload the named graphs of ``kg`` (or only ``graph``) to the store; see the module docstring."""
    warn = warn or (lambda m: print(f"kg: warning: {m}", file=sys.stderr))
    graphs = _resolve_graphs(kg, graph)
    if not graphs:
        raise KgError("the built graph has no named graphs: nothing to push")
    store, engine = conn.store_url, RemoteEngine(conn)
    if replace:
        update = conn.update_url
    pushed: list[PushedGraph] = []
    started = time.monotonic()

    if not replace:
        for g in graphs:
            t0 = time.monotonic()
            body, n = _turtle(kg, g)
            url = conn.graph_url(g.value)
            try:  # POST adds; never retried (a blank node would be added twice)
                conn.request("POST", url, body, "text/turtle", retry=False)
            except _Fault as fault:
                done = f"; {len(pushed)} of {len(graphs)} graphs were pushed before" if pushed else ""
                raise conn.error(store, fault, done) from None
            pushed.append(PushedGraph(g.value, n, time.monotonic() - t0))
            say(f"{_short_graph(g.value)}: {n} triples added in {pushed[-1].seconds:.2f} s")
    else:
        stale = _stale_tmp_graphs(conn, engine)
        if stale:
            left = _drop_graphs(conn, stale)
            say(f"dropped {len(stale) - len(left)} temporary graphs left by an interrupted push")
        run = uuid.uuid4().hex[:12]
        tmp = {g.value: f"{TMP_GRAPH_PREFIX}{run}/{i}" for i, g in enumerate(graphs)}
        uploaded: list[str] = []

        def give_up(url: str, fault: _Fault, swapping: bool = False) -> KgError:
            if swapping and fault.status is None:
                # No answer to the swap (timeout, reset): the store may still apply it, all or nothing.
                # Dropping the temporary graphs now could race with it, so they are left for the next push.
                tail = ("; the swap may or may not have been applied (all of it or none): check the store, and run "
                        "'kg push --replace' again if needed (it drops any temporary graph left)")
                return conn.error(url, fault, tail)
            left = _drop_graphs(conn, uploaded)
            tail = ("; nothing was replaced: the previous content is intact"
                    + (f" ({len(left)} temporary graphs could not be dropped: the next 'kg push --replace' "
                       "drops them)" if left else ""))
            return conn.error(url, fault, tail)

        for g in graphs:
            t0 = time.monotonic()
            body, n = _turtle(kg, g)
            uploaded.append(tmp[g.value])
            try:  # PUT into a fresh temporary graph is idempotent: retried on 502/503/504 and resets
                conn.request("PUT", conn.graph_url(tmp[g.value]), body, "text/turtle", retry=True, retry_timeout=False)
            except _Fault as fault:
                raise give_up(store, fault) from None
            except KeyboardInterrupt:
                _drop_graphs(conn, uploaded)
                raise
            pushed.append(PushedGraph(g.value, n, time.monotonic() - t0))
            say(f"{_short_graph(g.value)}: {n} triples uploaded in {pushed[-1].seconds:.2f} s")
        swap = " ;\n".join(f"MOVE <{tmp[g.value]}> TO <{g.value}>" for g in graphs)
        t0 = time.monotonic()
        try:  # one request: the store applies every MOVE in one transaction, or none
            body = urllib.parse.urlencode({"update": swap}).encode("utf-8")
            conn.request("POST", update, body, "application/x-www-form-urlencoded", retry=False)
        except _Fault as fault:
            raise give_up(update, fault, swapping=True) from None
        say(f"replaced {len(graphs)} graph{'s' if len(graphs) != 1 else ''} in one update in "
            f"{time.monotonic() - t0:.2f} s")

    total = sum(p.triples for p in pushed)
    say(f"Pushed {total} triples in {len(pushed)} graph{'s' if len(pushed) != 1 else ''} to "
        f"{public_url(store)} in {time.monotonic() - started:.2f} s")
    _check_union(engine, kg, graphs, warn)
    return pushed


# ----------------------------------------------------------------------------- command line

def add_remote_options(p: argparse.ArgumentParser, timeout: float = 60.0) -> None:
    """--endpoint/--store/--update/--timeout, shared by commands that talk to a store."""
    p.add_argument("--endpoint", metavar="URL", help=f"SPARQL query endpoint (or set {ENV_ENDPOINT})")
    p.add_argument("--store", metavar="URL",
                   help=f"Graph Store Protocol URL (or set {ENV_STORE}; default for Oxigraph: …/query → …/store)")
    p.add_argument("--update", metavar="URL",
                   help=f"SPARQL Update URL (or set {ENV_UPDATE}; default for Oxigraph: …/query → …/update)")
    p.add_argument("--timeout", type=float, default=timeout, metavar="S",
                   help=f"seconds to wait for each request (default {timeout:g})")


def cmd_push(args: argparse.Namespace) -> int:
    from .build import load_built
    from .loading import find_project
    conn = Connection.from_args(args)
    _ = conn.store_url, (conn.update_url if args.replace else None)  # URL problems before loading anything
    kg = load_built(find_project())
    push(kg, conn, graph=args.graph, replace=args.replace)
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser(
        "push", help="upload the built graph to a SPARQL store (Graph Store Protocol)",
        description="Upload each named graph of the built graph to a SPARQL store through the Graph Store "
                    f"HTTP Protocol. Credentials come only from the environment: {ENV_USER}/{ENV_PASSWORD} "
                    f"(basic) or {ENV_TOKEN} (bearer). See docs/remote.md.")
    add_remote_options(p)
    p.add_argument("--graph", metavar="IRI", help="push only this graph (e.g. graph:ontology or a full IRI)")
    p.add_argument("--replace", action="store_true",
                   help="replace the graphs' content instead of adding to it (atomic: temporary graphs, then "
                        "one MOVE update)")
    p.set_defaults(func=cmd_push)
