"""Saved SPARQL queries: the catalogue, typed parameters bound as RDF terms, and running them.

A saved query is ``queries/<name>.rq`` opening with a header of ``# key: value`` lines::

    # title: Factions and affiliations of an armed group
    # question: Which factions does a group have, and which organisations is it affiliated with?
    # question-fr: Quelles sont les factions d'un groupe et ses affiliations ?
    # param: group (iri, default actor:jnim): the armed group
    # param: from (date, optional): earliest date
    # tags: actors, factions
    # columns: group, faction, evidence

A parameter ``name`` is the variable ``?_name`` in the query (the grlc convention). Values are
parsed into RDF terms and bound through a ``VALUES`` block placed at the start of the query's
``WHERE`` group, serialised from the parsed terms: a value can never change the query's meaning.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import KgError
from .namespaces import PREFIXES
from .store import Engine, ResultTable

__all__ = [
    "Param", "SavedQuery", "load_catalogue", "parse_query_file", "parse_param_value", "bind",
    "sparql_term", "run_saved", "resolve_query", "PARAM_TYPES",
]

PARAM_TYPES = ("iri", "string", "date", "integer", "decimal")
HEADER_KEYS = ("title", "question", "question-fr", "param", "tags", "columns")
REQUIRED_KEYS = ("title", "question", "tags", "columns")

_PARAM_RE = re.compile(r"^(?P<name>[A-Za-z][A-Za-z0-9_]*)\s*\((?P<type>[a-z]+)(?:\s*,\s*(?P<opt>optional|default\s+(?P<default>[^)]+)))?\)\s*:\s*(?P<doc>.+)$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    optional: bool
    description: str

    @property
    def variable(self) -> str:
        return f"?_{self.name}"

    def describe(self) -> str:
        extra = f"default {self.default}" if self.default is not None else ("optional" if self.optional else "required")
        return f"{self.name} ({self.type}, {extra})"


@dataclass
class SavedQuery:
    name: str
    path: Path
    title: str
    question: str
    question_fr: str
    params: list[Param]
    tags: list[str]
    columns: list[str]
    text: str
    header: dict[str, list[str]] = field(default_factory=dict)


def parse_query_file(path: Path) -> SavedQuery:
    """Read a saved query and its header; a malformed header is an error naming the file and line."""
    text = path.read_text(encoding="utf-8")
    header: dict[str, list[str]] = {}
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        m = re.match(r"#\s*([a-z-]+)\s*:\s*(.*)$", line)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key not in HEADER_KEYS:
            raise KgError(f"{path}:{lineno}: unknown header key {key!r} (known: {', '.join(HEADER_KEYS)})")
        header.setdefault(key, []).append(value)
    params = []
    for value in header.get("param", []):
        m = _PARAM_RE.match(value)
        if not m or m.group("type") not in PARAM_TYPES:
            raise KgError(f"{path}: bad param line {value!r}: write 'name (type[, default V|, optional]): text' with type in {', '.join(PARAM_TYPES)}")
        params.append(Param(m.group("name"), m.group("type"), (m.group("default") or "").strip() or None,
                            m.group("opt") == "optional", m.group("doc").strip()))
    def one(key: str) -> str:
        return header.get(key, [""])[0]
    return SavedQuery(
        name=path.stem, path=path, title=one("title"), question=one("question"), question_fr=one("question-fr"),
        params=params, tags=[t.strip() for t in one("tags").split(",") if t.strip()],
        columns=[c.strip() for c in one("columns").split(",") if c.strip()], text=text, header=header,
    )


def load_catalogue(queries_dir: Path) -> dict[str, SavedQuery]:
    return {p.stem: parse_query_file(p) for p in sorted(queries_dir.glob("*.rq"))}


def resolve_query(catalogue: dict[str, SavedQuery], name: str) -> SavedQuery:
    if name in catalogue:
        return catalogue[name]
    close = difflib.get_close_matches(name, list(catalogue), n=3, cutoff=0.4)
    close += [n for n in catalogue if name in n and n not in close][: 3 - len(close)]
    hint = f"; did you mean {', '.join(close)}?" if close else "; run 'kg queries' to list them"
    raise KgError(f"unknown query {name!r}{hint}")


# ----------------------------------------------------------------------------- terms

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _expand_iri(raw: str) -> str | None:
    raw = raw.strip()
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", raw):
        return raw if not _IRI_FORBIDDEN.search(raw) else None
    prefix, sep, local = raw.partition(":")
    if sep and prefix in PREFIXES and re.fullmatch(r"[A-Za-z0-9_.\-]+", local or ""):
        return PREFIXES[prefix] + local
    return None


def parse_param_value(param: Param, raw: str) -> Node:
    """Turn a command-line value into the RDF term it denotes, or say precisely why it cannot."""
    t = param.type
    if t == "iri":
        iri = _expand_iri(raw)
        if iri is None:
            raise KgError(f"parameter {param.name}: {raw!r} is not an IRI: write prefix:name (e.g. actor:jnim) or a full http(s) IRI")
        return URIRef(iri)
    if t == "date":
        try:
            date.fromisoformat(raw)
        except ValueError:
            raise KgError(f"parameter {param.name}: {raw!r} is not a date: write YYYY-MM-DD") from None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            raise KgError(f"parameter {param.name}: {raw!r} is not a date: write YYYY-MM-DD")
        return Literal(raw, datatype=XSD.date)
    if t == "integer":
        if not re.fullmatch(r"[+-]?\d+", raw.strip()):
            raise KgError(f"parameter {param.name}: {raw!r} is not an integer")
        return Literal(int(raw), datatype=XSD.integer)
    if t == "decimal":
        try:
            value = Decimal(raw.strip())
        except InvalidOperation:
            raise KgError(f"parameter {param.name}: {raw!r} is not a number") from None
        return Literal(str(value), datatype=XSD.decimal)
    return Literal(raw)


def sparql_term(term: Node) -> str:
    """Serialise a term for SPARQL text, escaping everything that could end it early."""
    if isinstance(term, URIRef):
        iri = str(term)
        if _IRI_FORBIDDEN.search(iri):
            raise KgError(f"not a valid IRI: {iri!r}")
        return f"<{iri}>"
    if isinstance(term, Literal):
        lex = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            return f'"{lex}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{lex}"^^<{term.datatype}>'
        return f'"{lex}"'
    raise KgError(f"cannot bind {term!r}: only IRIs and literals can be parameters")


# ----------------------------------------------------------------------------- binding

def _where_brace(query: str) -> int:
    """Index of the '{' opening the top-level WHERE group, skipping comments, strings and IRIs."""
    i, n = 0, len(query)
    seen_where = False
    while i < n:
        c = query[i]
        if c == "#":
            j = query.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            q3 = query[i:i + 3]
            if q3 in ('"""', "'''"):
                j = query.find(q3, i + 3)
                i = n if j < 0 else j + 3
                continue
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" else 1
            i = j + 1
            continue
        if c == "<":
            m = re.match(r"<[^<>\"{}|^`\\\s]*>", query[i:])
            if m:
                i += m.end()
                continue
        if not seen_where and query[i:i + 5].upper() == "WHERE" and (i == 0 or not query[i - 1].isalnum()) \
                and (i + 5 >= n or not (query[i + 5].isalnum() or query[i + 5] == "_")):
            seen_where = True
            i += 5
            continue
        if seen_where and c == "{":
            return i
        i += 1
    raise KgError("cannot bind parameters: the query has no 'WHERE {' (write SELECT … WHERE { … })")


def bind(query: str, values: dict[str, Node | None]) -> str:
    """Insert ``VALUES (?_a ?_b) { (<term> UNDEF) }`` at the start of the WHERE group."""
    if not values:
        return query
    names = list(values)
    row = " ".join("UNDEF" if values[n] is None else sparql_term(values[n]) for n in names)
    block = f"\n  VALUES ({' '.join('?_' + n for n in names)}) {{ ({row}) }}\n"
    at = _where_brace(query) + 1
    return query[:at] + block + query[at:]


def resolve_params(sq: SavedQuery, raw: dict[str, str]) -> dict[str, Node | None]:
    known = {p.name: p for p in sq.params}
    for name in raw:
        if name not in known:
            listed = ", ".join(p.describe() for p in sq.params) or "none"
            raise KgError(f"query {sq.name} has no parameter {name!r} (parameters: {listed})")
    values: dict[str, Node | None] = {}
    for p in sq.params:
        if p.name in raw:
            values[p.name] = parse_param_value(p, raw[p.name])
        elif p.default is not None:
            values[p.name] = parse_param_value(p, p.default)
        elif p.optional:
            values[p.name] = None
        else:
            raise KgError(f"query {sq.name} needs parameter {p.name} ({p.type}): add --param {p.name}=VALUE")
    return values


def check_resources_exist(engine: Engine, sq: SavedQuery, values: dict[str, Node | None]) -> None:
    """An IRI parameter naming nothing in the graph is an error, with close names suggested."""
    for p in sq.params:
        term = values.get(p.name)
        if p.type != "iri" or term is None:
            continue
        ref = sparql_term(term)
        if engine.ask(f"ASK {{ {{ {ref} ?p ?o }} UNION {{ ?s ?p {ref} }} }}"):
            continue
        short = _shorten(str(term))
        ns = short.split(":", 1)[0] + ":" if ":" in short and not short.startswith("<") else None
        hint = ""
        if ns and ns[:-1] in PREFIXES:
            table = engine.select(f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), {sparql_term(Literal(PREFIXES[ns[:-1]]))})) }}")
            names = [_shorten(str(r[0])) for r in table.rows]
            close = difflib.get_close_matches(short, names, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise KgError(f"parameter {p.name}: no resource {short} in the graph{hint}")


def _shorten(iri: str) -> str:
    for p, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{p}:{iri[len(ns):]}"
    return f"<{iri}>"


def run_saved(engine: Engine, sq: SavedQuery, raw_params: dict[str, str] | None = None,
              check_exists: bool = True) -> ResultTable:
    values = resolve_params(sq, raw_params or {})
    if check_exists:
        check_resources_exist(engine, sq, values)
    return engine.select(bind(sq.text, values))
