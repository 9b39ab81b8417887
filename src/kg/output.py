"""Rendering results for people (tables that fit the terminal) and machines (CSV, TSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from typing import Iterator

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import KgError
from .namespaces import PREFIXES
from .store import ResultTable

__all__ = ["FORMATS", "render", "render_table", "render_csv", "render_tsv", "render_json", "short", "use_colour", "progress"]

FORMATS = ("table", "csv", "tsv", "json")


def short(term: Node | None) -> str:
    """A term as a person reads it: prefixed IRIs, plain literal values with @lang."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        for p, ns in PREFIXES.items():
            if s.startswith(ns) and len(s) > len(ns):
                return f"{p}:{s[len(ns):]}"
        return s
    if isinstance(term, Literal):
        return str(term) + (f"@{term.language}" if term.language else "")
    return f"_:{term}"


def use_colour(stream=None) -> bool:
    stream = stream or sys.stdout
    return stream.isatty() and os.environ.get("NO_COLOR") is None and os.environ.get("TERM") != "dumb"


def render_table(table: ResultTable, width: int | None = None, colour: bool = False) -> str:
    width = width or shutil.get_terminal_size((120, 24)).columns
    cells = [[short(v).replace("\n", " ") for v in row] for row in table.rows]
    cols = table.columns
    natural = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    widths = natural[:]
    budget = width - 3 * (len(cols) - 1)
    # Shrink the widest columns until the table fits the terminal.
    while sum(widths) > budget and max(widths) > 8:
        i = widths.index(max(widths))
        widths[i] -= 1

    def fit(s: str, w: int) -> str:
        return s if len(s) <= w else s[: max(w - 1, 0)] + "…"

    head = " | ".join(fit(c, w).ljust(w) for c, w in zip(cols, widths))
    if colour:
        head = f"\x1b[1m{head}\x1b[0m"
    lines = [head, "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(fit(v, w).ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def render_csv(table: ResultTable) -> str:
    """SPARQL 1.1 Query Results CSV: plain values (IRIs in full)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(table.columns)
    for row in table.rows:
        w.writerow(["" if v is None else (f"_:{v}" if isinstance(v, BNode) else str(v)) for v in row])
    return buf.getvalue()


def render_tsv(table: ResultTable) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples/Turtle syntax."""
    lines = ["\t".join(f"?{c}" for c in table.columns)]
    for row in table.rows:
        lines.append("\t".join("" if v is None else v.n3() for v in row))
    return "\n".join(lines) + "\n"


def _json_term(v: Node) -> dict:
    if isinstance(v, URIRef):
        return {"type": "uri", "value": str(v)}
    if isinstance(v, BNode):
        return {"type": "bnode", "value": str(v)}
    d = {"type": "literal", "value": str(v)}
    if v.language:
        d["xml:lang"] = v.language
    elif v.datatype is not None:
        d["datatype"] = str(v.datatype)
    return d


def render_json(table: ResultTable) -> str:
    """SPARQL 1.1 Query Results JSON."""
    return json.dumps({
        "head": {"vars": table.columns},
        "results": {"bindings": [
            {c: _json_term(v) for c, v in zip(table.columns, row) if v is not None} for row in table.rows
        ]},
    }, indent=2, ensure_ascii=False) + "\n"


def render(table: ResultTable, fmt: str, colour: bool = False) -> str:
    if fmt == "table":
        return render_table(table, colour=colour) + "\n"
    if fmt == "csv":
        return render_csv(table)
    if fmt == "tsv":
        return render_tsv(table)
    if fmt == "json":
        return render_json(table)
    raise KgError(f"unknown format {fmt!r}: choose {', '.join(FORMATS)}")


@contextmanager
def progress(label: str, stream=None, after: float = 1.0) -> Iterator[callable]:
    """A spinner on stderr for steps that take more than ``after`` seconds, only on a terminal."""
    stream = stream or sys.stderr
    state = {"msg": label, "done": False}
    active = stream.isatty()

    def spin() -> None:
        start = time.monotonic()
        frames = "|/-\\"
        i = 0
        while not state["done"]:
            if time.monotonic() - start >= after:
                stream.write(f"\r{frames[i % 4]} {state['msg']} ({time.monotonic() - start:.0f}s)\x1b[K")
                stream.flush()
                i += 1
            time.sleep(0.2)
        if time.monotonic() - start >= after:
            stream.write("\r\x1b[K")
            stream.flush()

    thread = threading.Thread(target=spin, daemon=True) if active else None
    if thread:
        thread.start()

    def update(msg: str) -> None:
        state["msg"] = f"{label}: {msg}"

    try:
        yield update
    finally:
        state["done"] = True
        if thread:
            thread.join()
