"""Evidence: quotes of the source notes and their character offsets.

An evidence node (``kg:Evidence``) is a span of a shipped source text. ``oa:exact`` is the quote,
``oa:start`` (inclusive) and ``oa:end`` (exclusive) are Unicode code-point offsets into the text
named by the source document's ``kg:textFile``, so ``text[start:end] == exact``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

__all__ = ["QuoteCheck", "check_quotes", "locate_quotes_in_file", "read_source_texts"]


@dataclass(frozen=True)
class QuoteCheck:
    evidence: URIRef
    ok: bool
    message: str


_EVIDENCE_QUERY = """
PREFIX kg: <https://w3id.org/sahel-kg/ontology/>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?ev ?exact ?start ?end ?src ?file WHERE {
  ?ev a kg:Evidence .
  OPTIONAL { ?ev oa:exact ?exact }
  OPTIONAL { ?ev oa:start ?start }
  OPTIONAL { ?ev oa:end ?end }
  OPTIONAL { ?ev oa:hasSource ?src OPTIONAL { ?src kg:textFile ?file } }
}"""


def _evidence_rows(source: Graph | ox.Store) -> list[tuple]:
    """(evidence, exact, start, end, source document, text file) rows, from an rdflib graph or an Oxigraph store."""
    if isinstance(source, ox.Store):
        from .store import OxigraphEngine
        return OxigraphEngine(source).select(_EVIDENCE_QUERY).rows
    return [tuple(row) for row in source.query(_EVIDENCE_QUERY)]


def read_source_texts(files: dict[URIRef, str], root: Path) -> dict[URIRef, str]:
    """Map each source document to its text (``kg:textFile`` paths are relative to the project root)."""
    return {doc: (root / str(path)).resolve().read_text(encoding="utf-8") for doc, path in files.items()}


def check_quotes(source: Graph | ox.Store, root: Path) -> list[QuoteCheck]:
    """Verify every evidence node: its quote equals the source text at its offsets.

    Runs one SPARQL query, so it works on the rdflib graph of a note and on an Oxigraph store of
    millions of triples alike.
    """
    rows = _evidence_rows(source)
    texts = read_source_texts({r[4]: r[5] for r in rows if r[4] is not None and r[5] is not None}, root)
    by_evidence: dict[URIRef, list[tuple]] = {}
    for r in rows:
        by_evidence.setdefault(r[0], []).append(r)
    results: list[QuoteCheck] = []
    for ev in sorted(by_evidence):
        first = by_evidence[ev][0]
        if len(by_evidence[ev]) > 1:
            results.append(QuoteCheck(ev, False, "evidence has more than one oa:exact, oa:start, oa:end or oa:hasSource"))
            continue
        _, exact, start, end, src, _file = first
        if exact is None or start is None or end is None or src is None:
            results.append(QuoteCheck(ev, False, "evidence lacks oa:exact, oa:start, oa:end or oa:hasSource"))
            continue
        text = texts.get(src)
        if text is None:
            results.append(QuoteCheck(ev, False, f"source {src} has no kg:textFile to check against"))
            continue
        try:
            s, e = int(start), int(end)
        except ValueError:
            results.append(QuoteCheck(ev, False, f"offsets {start}..{end} are not whole numbers"))
            continue
        q = str(exact)
        if not q.strip():
            results.append(QuoteCheck(ev, False, "quote is empty"))
        elif not (0 <= s < e <= len(text)):
            results.append(QuoteCheck(ev, False, f"offsets {s}..{e} outside the text (length {len(text)})"))
        elif text[s:e] != q:
            found = text.find(q)
            hint = f"; the quote occurs at {found}..{found + len(q)}" if found >= 0 else "; the quote is not in the text"
            results.append(QuoteCheck(ev, False, f"text at {s}..{e} is {text[s:e][:60]!r}, not the quote{hint}"))
        else:
            results.append(QuoteCheck(ev, True, "ok"))
    return results


_BLOCK = re.compile(r'oa:exact\s+"((?:[^"\\]|\\.)*)"(?P<lang>@[A-Za-z-]+)?\s*;\s*oa:start\s+-?\d+\s*;\s*oa:end\s+-?\d+')


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)


def locate_quotes_in_file(ttl: Path, text: str) -> list[str]:
    """Rewrite ``oa:start``/``oa:end`` after every ``oa:exact`` in a Turtle file.

    The pattern must be written as ``oa:exact "…" ; oa:start N ; oa:end M`` (N, M may be 0).
    Returns problems (quote absent or ambiguous); the file is rewritten only if there are none.
    """
    src = ttl.read_text(encoding="utf-8")
    problems: list[str] = []

    def repl(m: re.Match[str]) -> str:
        quote = _unescape(m.group(1))
        first = text.find(quote)
        if first < 0:
            problems.append(f"{ttl}: quote not found in the text: {quote[:70]!r}")
            return m.group(0)
        if text.find(quote, first + 1) >= 0:
            problems.append(f"{ttl}: quote occurs more than once, lengthen it: {quote[:70]!r}")
            return m.group(0)
        return f'oa:exact "{m.group(1)}"{m.group("lang") or ""} ; oa:start {first} ; oa:end {first + len(quote)}'

    new = _BLOCK.sub(repl, src)
    if not problems and new != src:
        tmp = ttl.with_suffix(ttl.suffix + ".tmp")
        tmp.write_text(new, encoding="utf-8")
        tmp.replace(ttl)
    return problems
